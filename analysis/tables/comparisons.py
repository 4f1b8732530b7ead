"""National comparisons: funnel plots, category mix, the per-force tables of each year, trend, PEEL.

Each function returns tables; the charts in :mod:`analysis.chart_defs` draw them
and notebooks 03 and the force profile show them.  Funnel plots follow
Spiegelhalter (2005): exact limits around the England and Wales value at 95%
and 99.8%, a test for over-dispersion, and, where present, additive
random-effects limits (DerSimonian-Laird ``tau2``) as well.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import stats
from analysis.data.forces import ENGLAND_AND_WALES, Force, load_forces, resolve, territorial_forces
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.reference import load_peel_grades
from analysis.data.vocabulary import IOPC_CATEGORIES
from analysis.tables.bands import points_with_verdicts
from analysis.tables.complaints import BASES, denominators, pick, rates
from analysis.tables.measures import PERIOD, NotAvailableError, basis_rates, check_available, counts

__all__ = [
    "DS_FINALISED",
    "DS_REVIEWS",
    "Funnel",
    "MIN_FUNNEL_FORCES",
    "category_mix",
    "category_table",
    "complete_category_forces",
    "finalised",
    "funnel",
    "informal_share_funnel",
    "national_trend",
    "peel_and_rates",
    "per_force_periods",
    "rate_denominators",
    "rate_funnel",
    "reviews",
    "reviews_funnel",
    "sch3_share_funnel",
]

#: A funnel plot of fewer forces than this says nothing about the spread between forces.
MIN_FUNNEL_FORCES = 10
#: The registered datasets of the IOPC's per-force tables (names of files, not years: each row carries its period,
#: and a later release's rows may be appended to them, or registered as datasets of the same kind).
DS_FINALISED = "iopc_2024_25_cases_finalised"
DS_REVIEWS = "iopc_2024_25_reviews"
DS_2024_FINALISED, DS_2024_REVIEWS = DS_FINALISED, DS_REVIEWS  # older names, kept for callers


@dataclass
class Funnel:
    """Everything a funnel plot needs.

    ``points``: one row per force (``force, observed, size, value, status,
    z, band, direction, ci_low, ci_high`` (95% Wilson or exact Poisson
    interval), and with over-dispersion ``band_adjusted, direction_adjusted,
    z_adjusted``); ``target``:
    the England and Wales value; ``limits`` / ``limits_adjusted``: tidy
    ``size, level, lower, upper`` tables (exact, and random-effects adjusted);
    ``dispersion``: the over-dispersion test; ``kind``: proportion or rate;
    ``per``: rate multiplier.
    """

    points: pd.DataFrame
    target: float
    limits: pd.DataFrame
    limits_adjusted: pd.DataFrame | None
    dispersion: stats.OverdispersionResult
    kind: str
    per: float
    overdispersed: bool


def _grid(sizes: pd.Series) -> np.ndarray:
    low, high = max(float(sizes.min()) * 0.5, 1.0), float(sizes.max()) * 1.3
    return np.unique(np.round(np.geomspace(low, high, 200)))


def funnel(observed: pd.Series, size: pd.Series, target: float, kind: str, per: float = 1000,
           status: pd.Series | None = None, exclude_uncertain: bool = False) -> Funnel:
    """Funnel-plot data for forces (index = force name) against ``target``.

    For proportions ``observed`` are counts out of ``size``; for rates,
    counts with ``size`` the exposure (e.g. employees) and ``target`` per ``per``.
    Over-dispersion is tested on the z-scores: the chi-square test uses the raw
    z-scores, while ``phi`` and ``tau2`` use z-scores Winsorised at 10% (so one
    extreme force does not set the width).  For proportions the test, ``phi``,
    ``tau2`` and the widened limits are on the logit scale, so the limits stay
    between 0% and 100%.  With ``exclude_uncertain``, forces
    whose figure is ``uncertain`` are plotted but left out of this estimate
    (used where the value itself is in doubt, not just its year).  When the test is
    significant at 5%, additive random-effects limits are given and each
    force's band is also reported against them.
    """
    observed, size = observed.astype(float), size.astype(float)
    certain = np.ones(len(observed), bool)
    if exclude_uncertain and status is not None:
        certain = (status.reindex(observed.index) != "uncertain").to_numpy()
        if certain.sum() < MIN_FUNNEL_FORCES:  # uncertain for a shared reason (e.g. an inferred period): keep all
            certain = np.ones(len(observed), bool)
    scale = "logit" if kind == "proportion" else "identity"
    disp = stats.overdispersion(observed.to_numpy()[certain], size.to_numpy()[certain], kind=kind, target=target,
                                winsor_fraction=stats.WINSOR_FRACTION, per=per, scale=scale)
    grid = _grid(size)
    if kind == "proportion":
        limits = stats.funnel_limits_proportion(target, grid)
    else:
        limits = stats.funnel_limits_rate(target, grid, per=per)
    limits = limits.rename(columns={"n": "size", "exposure": "size"})
    overdispersed = bool(disp.p_value < 0.05 and disp.tau2 > 0)
    position = stats.funnel_position(observed.to_numpy(), size.to_numpy(), target, kind=kind, per=per,
                                     labels=list(observed.index))
    points = position.rename(columns={"label": "force", "n": "size", "exposure": "size"})
    adjusted = None
    if overdispersed:
        adjusted = stats.funnel_limits_additive(target, grid, disp.tau2, kind=kind, per=per, scale=scale)
        adjusted = adjusted.rename(columns={"n": "size", "exposure": "size"})
        pos_adj = stats.funnel_position(observed.to_numpy(), size.to_numpy(), target, kind=kind, per=per,
                                        tau2=disp.tau2, labels=list(observed.index), scale=scale)
        points["band_adjusted"] = pos_adj["band"].to_numpy()
        points["direction_adjusted"] = pos_adj["direction"].to_numpy()
        points["z_adjusted"] = pos_adj["z"].to_numpy()
    points["status"] = status.reindex(observed.index).to_numpy() if status is not None else "published"
    if kind == "proportion":
        low, high = stats.wilson_interval(observed.to_numpy(), size.to_numpy())
    else:
        interval = stats.poisson_rate_interval(observed.to_numpy(), size.to_numpy(), per=per)
        low, high = interval.low, interval.high
    points["ci_low"], points["ci_high"] = np.asarray(low, float), np.asarray(high, float)
    points = points_with_verdicts(points, overdispersed)
    return Funnel(points, target, limits, adjusted, disp, kind, per, overdispersed)


@memoise
def rate_funnel(measure: str = "complaint_cases_logged", basis: str = "employees",
                period: str = PERIOD) -> Funnel:
    """Funnel of a count per 1,000 employees (or officers, or 100,000 people) in ``period``.

    The target is the England and Wales rate of
    :func:`analysis.tables.measures.basis_rates` (the published total, or the
    sum of the territorial forces when all are present).  Raises
    :class:`NotAvailableError` for a period, measure or basis the data do not
    hold, or when fewer than :data:`MIN_FUNNEL_FORCES` forces have a rate.
    """
    table = basis_rates(measure, period, basis)
    national = table[table.is_national]
    forces = table[~table.is_national].set_index("force")
    if national.empty or len(forces) < MIN_FUNNEL_FORCES:
        raise NotAvailableError(
            "funnel for", f"{measure} {period} per {basis}", [], "",
            f"Only {len(forces)} forces have a rate ({', '.join(forces.index)}), fewer than the "
            f"{MIN_FUNNEL_FORCES} a funnel needs{'' if len(national) else ', and there is no England and Wales figure'}"
            ". Use complaint_rates() for their intervals.")
    per = BASES[basis][0]
    return funnel(forces["value"], forces["denominator"], float(national.rate.iloc[0]), "rate", per=per,
                  status=forces["status"], exclude_uncertain=True)


@memoise
def informal_share_funnel(period: str = PERIOD) -> Funnel:
    """Share of finalised allegations handled informally (outside Schedule 3), in the seed year by default."""
    from analysis.tables.complaints import finalised_by_handling

    table = finalised_by_handling(period)
    informal = table[table.handling == "Outside Schedule 3"].set_index("force")
    national = informal.loc[ENGLAND_AND_WALES]
    forces = informal.drop(index=ENGLAND_AND_WALES)
    return funnel(forces["k"], forces["n"], national["k"] / national["n"], "proportion", status=forces["status"],
                  exclude_uncertain=True)


def per_force_periods(dataset: str = DS_FINALISED) -> list[str]:
    """Financial years for which ``dataset`` (a per-force table) holds figures for territorial forces, oldest first."""
    obs = load_observations(with_sources=False)
    sel = obs[(obs.dataset == dataset) & obs.force.isin(territorial_forces())]
    return sorted({p for p in sel.period if len(p) == 7 and p[4] == "/"})


def _period(dataset: str, period: str | None, what: str) -> str:
    """``period``, or the newest held by ``dataset``; a period it does not hold raises, listing those it does."""
    held = per_force_periods(dataset)
    if period is None:
        if not held:
            raise NotAvailableError(f"period for {what}", period, held, why=f"The dataset {dataset} holds no year.")
        return held[-1]
    check_available(f"period for {what}", period, held)
    return period


def finalised(period: str | None = None) -> pd.DataFrame:
    """Complete cases finalised per force (44 rows incl. BTP) and England and Wales in ``period``.

    ``period`` defaults to the newest year the IOPC's per-force cases-finalised table holds.  Columns:
    ``force, geo_code, outside, sch3, total, sch3_share, days_outside, days_sch3_inc, days_sch3_exc, status,
    period``.  ``total`` is :func:`analysis.tables.measures.counts` of ``complaint_cases_finalised`` (its one
    home: the sum of the cases finalised outside and under Schedule 3).
    """
    return _finalised(_period(DS_FINALISED, period, "the per-force cases-finalised table"))


@memoise
def _finalised(period: str) -> pd.DataFrame:
    obs = load_observations(with_sources=False)
    sel = obs[(obs.dataset == DS_FINALISED) & (obs.period == period)]
    wide = sel.pivot_table(index="force", columns=["measure", "category"], values="value", aggfunc="first")
    table = pd.DataFrame({
        "outside": wide[("complaint_cases_finalised", "Outside Schedule 3")],
        "sch3": wide[("complaint_cases_finalised", "Schedule 3")],
        "days_outside": wide[("days_to_finalise", "Outside Schedule 3")],
        "days_sch3_inc": wide[("days_to_finalise", "Schedule 3 (including suspension)")],
        "days_sch3_exc": wide[("days_to_finalise", "Schedule 3 (excluding suspension)")],
    })
    total = counts("complaint_cases_finalised", period).set_index("force")["value"]
    table["total"] = total.reindex(table.index)
    table["sch3_share"] = table.sch3 / table.total
    status = sel.groupby("force")["status"].first()
    codes = load_forces().set_index("force")["geo_code"]
    table.insert(0, "geo_code", codes.reindex(table.index))
    table["status"] = status
    table["period"] = period
    return table.rename_axis("force").reset_index()


#: Older name of :func:`finalised` (the lessons call it with no argument: the newest year).
finalised_2024_25 = finalised


def sch3_share_funnel(period: str | None = None) -> Funnel:
    """Share of complaint cases finalised under Schedule 3 (formally) in ``period`` (default: newest), every force."""
    return _sch3_share_funnel(_period(DS_FINALISED, period, "the per-force cases-finalised table"))


@memoise
def _sch3_share_funnel(period: str) -> Funnel:
    table = _finalised(period).set_index("force")
    national = table.loc[ENGLAND_AND_WALES]
    forces = table.drop(index=ENGLAND_AND_WALES)
    return funnel(forces["sch3"], forces["total"], national["sch3"] / national["total"], "proportion",
                  status=forces["status"])


def reviews(period: str | None = None) -> pd.DataFrame:
    """IOPC reviews completed in ``period`` (default: the newest year held; Table 27) per force, Wilson intervals.

    Columns: ``force, route`` (Not investigated / Investigation), ``valid``
    (valid completed reviews), ``not_reasonable`` (outcome found not reasonable
    and proportionate), ``proportion, ci_low, ci_high, small_n, status, period``.
    Forces printed as ``-`` (no reviews) are absent for that route.
    """
    return _reviews(_period(DS_REVIEWS, period, "the per-force reviews table"))


@memoise
def _reviews(period: str) -> pd.DataFrame:
    obs = load_observations(with_sources=False)
    sel = obs[(obs.dataset == DS_REVIEWS) & (obs.unit == "count") & (obs.period == period)]
    wide = sel.pivot_table(index=["force", "category"], columns="measure", values="value", aggfunc="first")
    wide = wide.dropna().reset_index()
    wide = wide[wide.reviews_completed_valid > 0]
    table = stats.proportion_table(wide.reviews_outcome_not_reasonable.to_numpy(),
                                   wide.reviews_completed_valid.to_numpy(), labels=list(wide.force))
    table.insert(1, "route", wide.category.to_numpy())
    table = table.rename(columns={"label": "force", "k": "not_reasonable", "n": "valid"})
    table["status"] = "derived"
    table["period"] = period
    return table


#: Older name of :func:`reviews` (the lessons call it with no argument: the newest year).
reviews_2024_25 = reviews


def reviews_funnel(route: str = "Not investigated", period: str | None = None) -> Funnel:
    """Share of IOPC reviews finding the outcome not reasonable and proportionate in ``period`` (default: newest).

    ``route`` is a review kind in the table (``"Not investigated"`` or ``"Investigation"``; any case); another
    raises :class:`NotAvailableError` listing the kinds held.
    """
    period = _period(DS_REVIEWS, period, "the per-force reviews table")
    routes = {r.casefold(): r for r in _reviews(period).route}
    if str(route).strip().casefold() not in routes:
        raise NotAvailableError("review kind", route, set(routes.values()), "", listing="Review kinds held")
    return _reviews_funnel(routes[str(route).strip().casefold()], period)


@memoise
def _reviews_funnel(route: str, period: str) -> Funnel:
    table = _reviews(period)
    table = table[table.route == route].set_index("force")
    national = table.loc[ENGLAND_AND_WALES]
    forces = table.drop(index=ENGLAND_AND_WALES)
    return funnel(forces["not_reasonable"], forces["valid"], national["not_reasonable"] / national["valid"],
                  "proportion", status=forces["status"])


@memoise
def national_trend() -> pd.DataFrame:
    """England and Wales headline counts by financial year, every year the data hold from the seed year on.

    Columns: ``period, measure, value, status, source_id`` for complaint cases
    logged, recorded under Schedule 3 and allegations logged.
    """
    obs = load_observations(with_sources=False)
    frames = []
    for measure in ("complaint_cases_logged", "complaint_cases_recorded_sch3", "allegations_logged"):
        held = obs[(obs.measure == measure) & (obs.force == ENGLAND_AND_WALES) & (obs.unit == "count")
                   & (obs.category == "all")].period
        for period in sorted({p for p in held if len(p) == 7 and p[4] == "/" and p >= PERIOD}):
            got = pick(measure, period=period)
            got = got[got.force == ENGLAND_AND_WALES]
            if len(got):
                frames.append(got.assign(period=period, measure=measure))
    table = pd.concat(frames, ignore_index=True)
    return table[["period", "measure", "value", "status", "source_id"]]


@memoise
def peel_and_rates() -> pd.DataFrame:
    """PEEL 2018/19 legitimacy grade beside the 2020/21 complaint rate per 1,000 employees."""
    rates_table = rates(pick("complaint_cases_logged", datasets=("iopc_2020_21_forces",)))
    grades = load_peel_grades()
    grades = grades[grades.question == "Legitimacy"][["force", "grade", "status"]]
    table = rates_table.merge(grades, on="force", how="left", suffixes=("", "_grade"))
    return table[["force", "value", "employees", "rate_employees", "low_employees", "high_employees", "status",
                  "grade", "status_grade"]]


def _category_period(period: str | None) -> str:
    """``period``, or the newest financial year with allegations logged by category for some force."""
    if period is not None:
        return period
    obs = load_observations(with_sources=False)
    sel = obs[(obs.measure == "allegations_logged") & (obs.category != "all") & (obs.force != ENGLAND_AND_WALES)]
    held = sorted({p for p in sel.period if len(p) == 7 and p[4] == "/"})
    if not held:
        raise NotAvailableError("period with allegation categories", period, [])
    return held[-1]


def category_table(period: str | None = None) -> pd.DataFrame:
    """Allegations logged by category per force (only forces and cells published or uniquely known).

    ``period`` defaults to the newest year with categories.
    """
    return _category_table(_category_period(period))


@memoise
def _category_table(period: str) -> pd.DataFrame:
    obs = load_observations(with_sources=False)
    sel = obs[(obs.measure == "allegations_logged") & (obs.period == period) & (obs.unit == "count")
              & (obs.force != ENGLAND_AND_WALES)]
    sel = sel.sort_values(["raw_file", "raw_row"]).drop_duplicates(["force", "category"])
    return sel.pivot(index="force", columns="category", values="value")


def complete_category_forces(period: str | None = None) -> list[str]:
    """Forces whose 11 categories are all known for the period (default: the newest with categories)."""
    table = category_table(period)
    cats = [c for c in IOPC_CATEGORIES if c in table.columns]
    if len(cats) < len(IOPC_CATEGORIES):
        return []
    return sorted(table.index[table[list(IOPC_CATEGORIES)].notna().all(axis=1)])


def category_mix(force: str | Force, period: str | None = None) -> dict:
    """Compare a force's allegation mix with the pool of other forces whose mix is fully known.

    England and Wales category totals are not in the data for these years, so
    the reference is the pooled forces with complete rows (named in the
    result).  With the force's 11 categories known: a chi-square test with
    adjusted residuals.  With only some categories known (e.g. Staffordshire
    2024/25, where only "Delivery of duties and service" is uniquely
    determined): a two-proportion test per known category.  ``period`` defaults to the newest year with
    categories.
    """
    return _category_mix(resolve(force).name, _category_period(period))  # any alias


@memoise
def _category_mix(force: str, period: str) -> dict:
    table = category_table(period)
    complete = complete_category_forces(period)
    pool = [f for f in complete if f != force]
    reference = table.loc[pool, list(IOPC_CATEGORIES)].sum()
    result: dict = {"force": force, "period": period, "reference_forces": pool}
    if force in complete:
        mix = stats.category_mix_test(table.loc[force, list(IOPC_CATEGORIES)], reference)
        result.update(kind="chi-square", test=mix)
        return result
    if force not in table.index or "all" not in table.columns or pd.isna(table.at[force, "all"]):
        result.update(kind="none")
        return result
    total_ref = float(table.loc[pool, "all"].sum())
    rows = []
    for category in IOPC_CATEGORIES:
        if category in table.columns and pd.notna(table.at[force, category]):
            k, n = int(table.at[force, category]), int(table.at[force, "all"])
            test = stats.two_proportion_test(k, n, int(reference[category]), int(total_ref))
            rows.append({"category": category, "k": k, "n": n, "share": k / n,
                         "reference_share": reference[category] / total_ref, "difference": test.difference,
                         "ci_low": test.ci_low, "ci_high": test.ci_high, "p_value": test.p_value, "test": test.test})
    result.update(kind="two-proportion", table=pd.DataFrame(rows))
    return result


def rate_denominators() -> pd.DataFrame:
    """Re-export for notebooks: the denominators table."""
    return denominators()
