"""Complaint rates and outcome proportions per force: the analysis the notebooks share.

All tables come from :func:`analysis.load_observations`; nothing is typed in.
Where several sources give a figure for the same force, :func:`pick` keeps the
most reliable one (published before derived before uncertain, then the first
transcribed) and says which it used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis import stats
from analysis.data.case_study import case_study
from analysis.data.forces import ENGLAND_AND_WALES, Force, load_forces, resolve
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.vocabulary import DEFAULT_FORCE, HANDLING, IOPC_CATEGORIES, least_reliable
from analysis.tables.measures import (
    BASES,
    PERIOD,
    NotAvailableError,
    available_bases,
    available_periods,
    basis_rates,
    check_available,
    counts,
    denominator,
    pick,
)

__all__ = [
    "BASES",
    "PERIOD",
    "POPULATION_DATE",
    "SHORT_HANDLING",
    "WORKFORCE_DATE",
    "category_counts",
    "complaint_rates",
    "denominators",
    "finalised_by_handling",
    "home_office_outcomes",
    "informal_vs_national",
    "pa_foi_outcomes",
    "NotAvailableError",
    "pick",
    "proportions_summary",
    "published_rate_check",
    "rates",
    "recorded_formally_share",
]

#: The seed rates' denominator dates, from the case study's register (data/registers/case_study.csv).
WORKFORCE_DATE = case_study()["workforce_date"]
POPULATION_DATE = case_study()["population_date"]



def _financial_years() -> list[str]:
    """Financial years (``YYYY/YY``) the observations hold."""
    obs = load_observations(with_sources=False)
    return sorted({p for p in obs.period if len(p) == 7 and p[:4].isdigit() and p[4] == "/" and p[5:].isdigit()})

@memoise
def denominators(period: str = PERIOD) -> pd.DataFrame:
    """Per force and England and Wales: the denominators for rates in ``period``.

    For the seed year 2020/21 the columns are ``force, geo_code``; ``employees``
    (total workforce headcount at 31 March 2021: officers, staff, designated
    officers and PCSOs; the default "employees" denominator),
    ``employees_fte``, ``officers`` (headcount), ``officers_fte``,
    ``population`` (ONS mid-2020).  For another period, one column per basis
    available (:func:`analysis.tables.measures.denominator`, nearest in time);
    raises :class:`NotAvailableError` when there is none.
    """
    if period != PERIOD:
        bases = available_bases(period)
        if not bases:
            raise NotAvailableError("denominators for period", period, [p for p in _financial_years()
                                                                       if available_bases(p)],
                                    why="No workforce or population figures for every force lie near enough in "
                                        "time.")
        wide = None
        for basis in bases:
            d = denominator(basis, period)[["force", "denominator"]].rename(columns={"denominator": basis})
            wide = d if wide is None else wide.merge(d, on="force", how="outer")
        codes = load_forces().set_index("force")["geo_code"]
        wide.insert(1, "geo_code", wide.force.map(codes))
        return wide.sort_values("force", ignore_index=True)
    obs = load_observations(with_sources=False)
    wf = obs[(obs.dataset == "workforce_2021") & (obs.period == WORKFORCE_DATE)]

    def series(category: str, unit: str) -> pd.Series:
        s = wf[(wf.category == category) & (wf.unit == unit)]
        return s.set_index("force")["value"]

    pop = obs[(obs.dataset == "population_mid2020")].set_index("force")["value"]
    table = pd.DataFrame({
        "employees": series("Total workforce", "people"),
        "employees_fte": series("Total workforce", "fte"),
        "officers": series("Police officers", "people"),
        "officers_fte": series("Police officers", "fte"),
        "population": pop,
    })
    codes = load_forces().set_index("force")["geo_code"]
    table.insert(0, "geo_code", codes.reindex(table.index))
    return table.rename_axis("force").reset_index()


def rates(figures: pd.DataFrame, level: float = 0.95, period: str = PERIOD) -> pd.DataFrame:
    """Add rates with exact Poisson intervals on every basis available for ``period`` to a ``pick()`` table.

    For each basis in :data:`BASES` held for the period adds ``<basis>``,
    ``rate_<basis>``, ``low_<basis>``, ``high_<basis>``; ``small_count`` flags
    counts below :data:`analysis.stats.SMALL_COUNT`.
    """
    den = denominators(period)
    table = figures.merge(den.drop(columns="geo_code"), on="force", how="left", validate="one_to_one")
    for basis, (per, _label) in BASES.items():
        if basis not in den.columns:
            continue
        interval = stats.poisson_rate_interval(table["value"], table[basis], per=per, level=level)
        table[f"rate_{basis}"] = interval.rate
        table[f"low_{basis}"] = interval.low
        table[f"high_{basis}"] = interval.high
    table["small_count"] = table["value"] < stats.SMALL_COUNT
    return table


@memoise
def complaint_rates(measure: str = "complaint_cases_logged", period: str = PERIOD,
                    basis: str | None = None) -> pd.DataFrame:
    """IOPC complaint cases (or allegations) per 1,000 employees, per 1,000 officers, per 100,000 people.

    Without ``basis``: one row per force with a figure, plus England and Wales
    (``is_national``), with ``rate_<basis>, low_<basis>, high_<basis>`` for
    every basis held for the period.  With ``basis``: the long table of
    :func:`analysis.tables.measures.basis_rates` (``basis, denominator,
    denominator_period, denominator_source_ids, rate, rate_low, rate_high``).
    A period, measure or basis the data do not hold raises
    :class:`NotAvailableError` listing what they do hold.
    """
    if basis is not None:
        return basis_rates(measure, period, basis)
    if period != PERIOD:
        return _wide_rates(measure, period)
    table = rates(counts(measure, period), period=period)
    table["is_national"] = table.force == ENGLAND_AND_WALES
    return table.sort_values(["is_national", "force"], ascending=[False, True], ignore_index=True)


def _wide_rates(measure: str, period: str) -> pd.DataFrame:
    """:func:`complaint_rates` without a basis for a period other than the seed year: every basis held, side by
    side, from :func:`basis_rates` (so each says which denominator it used, in ``denominator_note_<basis>``)."""
    counts(measure, period)  # an unknown measure or period is reported before any basis
    table, errors = None, []
    for basis in available_bases(period):
        try:
            long = basis_rates(measure, period, basis)
        except NotAvailableError as error:
            errors.append(error)
            continue
        wide = long.rename(columns={"denominator": basis, "rate": f"rate_{basis}", "rate_low": f"low_{basis}",
                                    "rate_high": f"high_{basis}", "denominator_note": f"denominator_note_{basis}"})
        keep = [basis, f"rate_{basis}", f"low_{basis}", f"high_{basis}", f"denominator_note_{basis}"]
        if table is None:
            table = wide[["force", "geo_code", "value", "status", "source_id", "note", *keep]]
        else:
            table = table.merge(wide[["force", *keep]], on="force", how="inner", validate="one_to_one")
    if table is None:
        if errors:
            raise errors[0]
        check_available("basis for a rate in", period, [p for p in _financial_years() if available_bases(p)],
                        why="No denominator lies near enough in time.")
        raise NotAvailableError("denominator for", period, [], "", "No workforce or population figures for every "
                                "force lie near enough in time.")
    table["small_count"] = table["value"] < stats.SMALL_COUNT
    table["is_national"] = table.force == ENGLAND_AND_WALES
    return table.sort_values(["is_national", "force"], ascending=[False, True], ignore_index=True)


@memoise
def published_rate_check(period: str = PERIOD) -> pd.DataFrame:
    """Our per-1,000-employee case rates beside every IOPC-published rate.

    Columns: ``force, published`` (the IOPC rate as printed), ``cases``,
    ``computed_headcount`` and ``computed_fte`` (cases per 1,000 employees on
    the headcount and FTE bases), the differences, and ``closest_basis``.
    """
    published = pick("complaint_cases_per_1000_employees", period=period, unit="per_1000_employees")
    cases = pick("complaint_cases_logged", period=period)[["force", "value", "status"]]
    table = published.merge(cases, on="force", how="inner", suffixes=("_published", "_cases"))
    den = denominators().set_index("force")
    table["employees"] = table.force.map(den["employees"])
    table["employees_fte"] = table.force.map(den["employees_fte"])
    table["computed_headcount"] = table.value_cases / table.employees * 1000
    table["computed_fte"] = table.value_cases / table.employees_fte * 1000
    table["diff_headcount"] = table.computed_headcount - table.value_published
    table["diff_fte"] = table.computed_fte - table.value_published
    table["closest_basis"] = np.where(table.diff_headcount.abs() <= table.diff_fte.abs(), "headcount", "FTE")
    table["rounds_to_published_headcount"] = table.computed_headcount.round() == table.value_published
    table["rounds_to_published_fte"] = table.computed_fte.round() == table.value_published
    return table.rename(columns={"value_published": "published", "value_cases": "cases",
                                 "status_published": "status_rate", "status_cases": "status_count"})


@memoise
def finalised_by_handling(period: str = PERIOD, level: float = 0.95) -> pd.DataFrame:
    """Allegations finalised by handling route, with Wilson intervals.

    One row per force (and England and Wales) per route, for areas where all
    three routes are published.  Columns: ``force, handling, k, n, proportion,
    ci_low, ci_high, small_n, status`` (worst status among the figures used).
    """
    frames = []
    parts = {h: pick("allegations_finalised", h, period) for h in HANDLING}
    common = set.intersection(*(set(p.force) for p in parts.values()))
    for force in sorted(common):
        k = [float(parts[h].set_index("force").at[force, "value"]) for h in HANDLING]
        statuses = [parts[h].set_index("force").at[force, "status"] for h in HANDLING]
        n = sum(k)
        table = stats.proportion_table(k, [n] * len(k), labels=list(HANDLING), level=level)
        table.insert(0, "force", force)
        table["status"] = least_reliable(statuses)
        frames.append(table.rename(columns={"label": "handling"}))
    return pd.concat(frames, ignore_index=True)


def category_counts(force: str | Force, period: str = PERIOD) -> pd.Series:
    """Allegations logged by IOPC category for one area (any alias; only categories published).

    Raises :class:`NotAvailableError` listing the areas with a category count when the force has none in
    ``period``.
    """
    obs = load_observations(with_sources=False)
    force = ENGLAND_AND_WALES if force == ENGLAND_AND_WALES else resolve(force).name
    held = obs[(obs.period == period) & (obs.measure == "allegations_logged") & obs.category.isin(IOPC_CATEGORIES)
               & (obs.unit == "count")]
    check_available("allegations logged by category for", force, set(held.force), f"in {period}",
                    listing="Areas with the figure")
    sel = obs[(obs.force == force) & (obs.period == period) & (obs.measure == "allegations_logged")
              & (obs.category.isin(IOPC_CATEGORIES)) & (obs.unit == "count")]
    sel = sel.sort_values(["raw_file", "raw_row"]).drop_duplicates("category")
    return sel.set_index("category")["value"].reindex([c for c in IOPC_CATEGORIES if c in set(sel.category)])


SHORT_HANDLING = {"Outside Schedule 3": "informally", "Schedule 3 not investigated": "Sch. 3, not investigated",
                  "Schedule 3 investigated": "Sch. 3, investigated"}


@memoise
def recorded_formally_share(period: str = PERIOD) -> pd.DataFrame:
    """Share of complaint cases logged that were recorded formally (Schedule 3), with Wilson intervals.

    Columns: ``force, k`` (recorded under Schedule 3), ``n`` (cases logged),
    ``proportion, ci_low, ci_high, small_n, status, source_ids``.
    """
    formal = pick("complaint_cases_recorded_sch3", period=period)
    cases = pick("complaint_cases_logged", period=period)
    both = formal.merge(cases, on="force", suffixes=("_k", "_n"))
    table = stats.proportion_table(both.value_k.to_numpy(), both.value_n.to_numpy(), labels=list(both.force))
    table = table.rename(columns={"label": "force"})
    table["status"] = [least_reliable((a, b)) for a, b in zip(both.status_k, both.status_n)]
    table["source_ids"] = [";".join(sorted({a, b})) for a, b in zip(both.source_id_k, both.source_id_n)]
    return table


def home_office_outcomes(force: str | Force = DEFAULT_FORCE, period: str = PERIOD) -> pd.DataFrame:
    """Home Office misconduct: outcomes of complaint allegations, as shares of allegations with a known outcome.

    Columns: ``outcome, k, n, proportion, ci_low, ci_high, small_n``.  The
    base excludes "Outcome not known", as the published 96% does.  ``force``: any alias.  Raises
    :class:`NotAvailableError` listing the forces with outcomes when the force has none in ``period``.
    """
    table = _home_office_outcomes(resolve(force).name, period)
    if table.empty:
        obs = load_observations(with_sources=False)
        held = obs[(obs.period == period) & (obs.measure == "allegations_by_outcome")
                   & (obs.dataset == "home_office_misconduct_2020_21")]
        raise NotAvailableError("Home Office outcomes of complaint allegations for", resolve(force).name,
                                set(held.force) - {ENGLAND_AND_WALES}, f"in {period}",
                                listing="Forces with the figure")
    return table


def _home_office_outcomes(force: str, period: str) -> pd.DataFrame:
    obs = load_observations(with_sources=False)
    sel = obs[(obs.force == force) & (obs.period == period) & (obs.measure == "allegations_by_outcome")
              & (obs.dataset == "home_office_misconduct_2020_21")]
    known = sel[sel.category != "Outcome not known"]
    if known.empty:
        return pd.DataFrame(columns=["outcome", "k", "n", "proportion", "ci_low", "ci_high", "small_n"])
    n = known.value.sum()
    totals = pick("complaint_allegations", period=period).set_index("force")["value"]
    unknown = sel.loc[sel.category == "Outcome not known", "value"]
    if force in totals.index and len(unknown):
        # The publication's base: all allegations less those with no known outcome.
        n = max(n, totals[force] - unknown.iloc[0])
    table = stats.proportion_table(known.value.to_numpy(), [n] * len(known), labels=list(known.category))
    return table.rename(columns={"label": "outcome"})


def pa_foi_outcomes(force: str | Force = DEFAULT_FORCE) -> pd.DataFrame:
    """PA FOI 2016-2020: outcomes of sexual assault allegations against serving officers, with Wilson intervals.

    ``force``: any alias.  Raises :class:`NotAvailableError` listing the forces with outcomes when it has none.
    """
    table = _pa_foi_outcomes(resolve(force).name)
    if table.empty:
        obs = load_observations(with_sources=False)
        held = obs[obs.measure == "sexual_assault_allegations_by_outcome"]
        raise NotAvailableError("PA FOI outcomes of sexual assault allegations for", resolve(force).name,
                                set(held.force), "", listing="Forces with the figure")
    return table


def _pa_foi_outcomes(force: str) -> pd.DataFrame:
    obs = load_observations(with_sources=False)
    sel = obs[(obs.force == force) & (obs.measure == "sexual_assault_allegations_by_outcome")]
    if sel.empty:
        return pd.DataFrame(columns=["outcome", "k", "n", "proportion", "ci_low", "ci_high", "small_n"])
    n = pick("sexual_assault_allegations", period=case_study()["pa_foi_period"]).set_index("force").at[force, "value"]
    table = stats.proportion_table(sel.value.to_numpy(), [n] * len(sel), labels=list(sel.category))
    return table.rename(columns={"label": "outcome"})


def proportions_summary(force: str | Force = DEFAULT_FORCE, period: str | None = None) -> pd.DataFrame:
    """Every proportion about one force that the data support, each with a Wilson interval.

    ``force``: any name or alias (``"the Met"``, ``"BTP"``, ``"Staffs"``) or a :class:`Force`; ``period``: one
    period only (default: every period held).  Columns: ``finding, publisher, period, k, n, proportion, ci_low,
    ci_high, small_n, status``.  Used by notebook 02 and the force profile.  Raises
    :class:`~analysis.data.errors.UnknownForceError` for an unknown force and :class:`NotAvailableError`
    (listing the periods the force has) when it has no proportion in ``period``.
    """
    this = resolve(force)
    table = _proportions_summary(this.name)
    if period is None:
        if table.empty:
            raise NotAvailableError("proportions for", this.name, [], "", "The data hold no count with its "
                                    "denominator for this force.")
        return table
    check_available("period", period, set(table.period), f"with proportions for {this.name}")
    return table[table.period == period].reset_index(drop=True)


def _periods(measure: str) -> list[str]:
    try:
        return available_periods(measure)
    except NotAvailableError:
        return []


def _seed_first(periods: list[str]) -> list[str]:
    """The seed year first (its rows keep their place in the table), then the others in order."""
    return sorted(periods, key=lambda p: (p != PERIOD, p))


def _iopc_rows(force: str) -> list[dict]:
    """The IOPC's shares for one force in every period held: handling, recording, finalising, reviews."""
    rows = []
    for period in _seed_first(_periods("allegations_finalised")):
        try:
            hand = finalised_by_handling(period)
        except NotAvailableError:
            continue
        for handling in HANDLING:
            for r in hand[(hand.force == force) & (hand.handling == handling)].itertuples():
                rows.append({"finding": f"Allegations finalised: {SHORT_HANDLING[handling]}", "publisher": "IOPC",
                             "period": period, "k": r.k, "n": r.n, "status": r.status})
    for period in _seed_first(_periods("complaint_cases_recorded_sch3")):
        try:
            formal = recorded_formally_share(period)
        except NotAvailableError:
            continue
        for r in formal[formal.force == force].itertuples():
            rows.append({"finding": "Cases recorded formally (Sch. 3)", "publisher": "IOPC", "period": period,
                         "k": r.k, "n": r.n, "status": r.status})
    for period in _seed_first(_periods("complaint_cases_finalised")):
        try:
            sch3 = pick("complaint_cases_finalised", "Schedule 3", period).set_index("force")
            total = counts("complaint_cases_finalised", period).set_index("force")
        except NotAvailableError:
            continue
        if force in sch3.index and force in total.index and total.at[force, "value"] > 0:
            rows.append({"finding": "Cases finalised under Schedule 3", "publisher": "IOPC", "period": period,
                         "k": sch3.at[force, "value"], "n": total.at[force, "value"],
                         "status": least_reliable([sch3.at[force, "status"], total.at[force, "status"]])})
    for period in _seed_first(_periods("reviews_completed_valid")):
        for route in sorted(set(_obs_categories("reviews_completed_valid", period))):
            try:
                bad = pick("reviews_outcome_not_reasonable", route, period).set_index("force")
                valid = pick("reviews_completed_valid", route, period).set_index("force")
            except NotAvailableError:
                continue
            if force in bad.index and force in valid.index and valid.at[force, "value"] > 0:
                what = "" if route == "all" else f" ({route.lower()})"
                rows.append({"finding": f"IOPC reviews{what}: outcome not reasonable", "publisher": "IOPC",
                             "period": period, "k": bad.at[force, "value"], "n": valid.at[force, "value"],
                             "status": least_reliable([bad.at[force, "status"], valid.at[force, "status"]])})
    return rows


def _obs_categories(measure: str, period: str) -> list[str]:
    obs = load_observations(with_sources=False)
    return list(obs.loc[(obs.measure == measure) & (obs.period == period) & (obs.unit == "count"), "category"])


@memoise
def _proportions_summary(force: str) -> pd.DataFrame:
    rows = _iopc_rows(force)
    ho = _home_office_outcomes(force, PERIOD)
    for r in ho.itertuples():
        rows.append({"finding": f"Outcome: {r.outcome.lower()}",
                     "publisher": "Home Office (known outcomes)", "period": PERIOD, "k": r.k, "n": r.n, "status": "published"})
    pa = _pa_foi_outcomes(force)
    for r in pa.itertuples():
        rows.append({"finding": f"Sexual assault: {r.outcome.lower()}",
                     "publisher": "PA FOI", "period": case_study()["pa_foi_period"], "k": r.k, "n": r.n,
                     "status": "published"})
    obs = load_observations(with_sources=False)
    peel = obs[(obs.dataset == "peel_2018_19_staffordshire") & (obs.force == force)].set_index("measure")["value"]
    if {"stop_search_records_reviewed", "stop_search_records_with_reasonable_grounds"} <= set(peel.index):
        rows.append({"finding": "Stop-search records with reasonable grounds", "publisher": "HMICFRS",
                     "period": case_study()["peel_period"], "k": peel["stop_search_records_with_reasonable_grounds"],
                     "n": peel["stop_search_records_reviewed"], "status": "uncertain"})
    if {"corruption_intelligence_items_reviewed", "corruption_intelligence_items_not_categorised_nationally"} \
            <= set(peel.index):
        rows.append({"finding": "Corruption intelligence not categorised", "publisher": "HMICFRS",
                     "period": case_study()["peel_period"],
                     "k": peel["corruption_intelligence_items_not_categorised_nationally"],
                     "n": peel["corruption_intelligence_items_reviewed"], "status": "published"})
    frame = pd.DataFrame(rows, columns=["finding", "publisher", "period", "k", "n", "status"])
    if frame.empty:
        return frame.assign(proportion=[], ci_low=[], ci_high=[], small_n=[])
    ci = stats.proportion_table(frame.k.to_numpy(), frame.n.to_numpy())
    frame["proportion"], frame["ci_low"], frame["ci_high"], frame["small_n"] = (
        ci.proportion.to_numpy(), ci.ci_low.to_numpy(), ci.ci_high.to_numpy(), ci.small_n.to_numpy())
    return frame


def informal_vs_national(force: str | Force = DEFAULT_FORCE, period: str = PERIOD) -> stats.TwoProportionResult:
    """Two-proportion test: the force's informal share of finalised allegations against the rest of England and Wales.

    ``force``: any name or alias, or a :class:`Force`.  Raises :class:`NotAvailableError` listing the forces
    with the figure when the force has no allegations finalised by handling route in ``period``, or listing the
    periods held when ``period`` has none.
    """
    this = resolve(force)
    check_available("period", period, [p for p in _periods("allegations_finalised") if _has_handling(p)],
                    "with allegations finalised by handling route")
    hand = finalised_by_handling(period)
    informal = hand[hand.handling == "Outside Schedule 3"].set_index("force")
    if ENGLAND_AND_WALES not in informal.index:
        raise NotAvailableError("England and Wales figure for", period, [], "",
                                "No national total of allegations finalised by handling route to compare with.")
    check_available("allegations finalised by handling route for", this.name,
                    sorted(set(informal.index) - {ENGLAND_AND_WALES}), f"in {period}",
                    listing="Forces with the figure")
    f, e = informal.loc[this.name], informal.loc[ENGLAND_AND_WALES]
    return stats.two_proportion_test(int(f.k), int(f.n), int(e.k - f.k), int(e.n - f.n))


def _has_handling(period: str) -> bool:
    try:
        finalised_by_handling(period)
    except NotAvailableError:
        return False
    return True
