"""The numbers that go into copy, in one place: one function per notebook.

Each notebook ends with a *key figures* cell that prints
``keyfigures.show("01")``; nbval checks that output, so a change in a
headline number fails the tests.  The build writes all of them to
``data/processed/key_figures.csv``.

A key figure is a dict with ``key`` (short snake_case name), ``value``
(a number, already rounded for print), ``unit`` and ``source_ids``
(semicolon-separated ids of the sources behind it).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd

from analysis.data.case_study import case_study
from analysis.data.forces import ENGLAND_AND_WALES, territorial_forces
from analysis.data.formatting import change_verb, fmt_int, join_ids, join_source_ids
from analysis.data.observations import figure, load_observations
from analysis.data.reconciliation import reconcile
from analysis.data.sources import load_sources
from analysis.tables import comparisons as cmp
from analysis.tables import complaints as cpl
from analysis.tables import coverage as cov
from analysis.tables import factcheck as fc
from analysis.tables import factcheck_context as fc_context
from analysis.tables import funnel_methods, latest
from analysis.tables.facts import facts_table, newest_period
from analysis.tables.measures import PERIOD, basis_rates

__all__ = ["COLUMNS", "PROVIDERS", "comparisons_key_figures", "data_key_figures", "factcheck_key_figures",
           "findings_markdown", "for_notebook", "headline_findings", "key_figures", "national_rate_key_figures",
           "outcomes_key_figures", "rates_key_figures", "show"]

COLUMNS = ["notebook", "key", "value", "unit", "source_ids"]


#: The seed year (data/registers/case_study.csv) and its tag in key names; the Home Office year of the case study.
SEED_TAG = PERIOD.replace("/", "_")
HO_PERIOD = case_study()["home_office_period"]
#: The seed case study's force (the register, not a typed name); key names keep its slug for stable keys.
SEED_FORCE = case_study()["force"]


def _tag(period: str) -> str:
    return period.replace("/", "_")


def data_key_figures() -> list[dict]:
    """Key figures of notebook ``00-the-data`` (see :mod:`analysis.keyfigures`)."""
    obs = cov.observations_or_load()
    all_ids = join_ids(obs.source_id)
    statuses = cov.status_summary(obs).set_index("status")
    kinds = load_sources().set_index("source_id")["kind"]
    press = obs[obs.source_id.map(kinds).isin(cov.PRESS_KINDS)]
    iopc_forces = obs[(obs.dataset == "iopc_2020_21_forces") & obs.force.isin(territorial_forces())]
    cases = cov.topic_rows(cov.topic("iopc_2020_21_cases"), obs)
    rate = cov.topic_rows(cov.topic("iopc_2020_21_rate"), obs)
    ho = cov.topic_rows(cov.topic("ho_misconduct_2020_21"), obs)
    recon = reconcile(obs)
    kept = recon[recon.result != "ok"]
    iopc_staffs = obs[(obs.force == SEED_FORCE) & (obs.dataset == "iopc_2020_21_forces")
                      & (obs.measure == "complaint_cases_logged")]
    ho_staffs = obs[(obs.force == SEED_FORCE) & (obs.dataset == "home_office_misconduct_2020_21")
                    & (obs.measure == "complaint_cases")]
    return [
        {"key": "figures", "value": len(obs), "unit": "figures", "source_ids": all_ids},
        {"key": "sources_registered", "value": len(load_sources()), "unit": "sources",
         "source_ids": join_ids(load_sources().source_id)},
        {"key": "sources_with_figures", "value": obs.source_id.nunique(), "unit": "sources", "source_ids": all_ids},
        {"key": "datasets", "value": obs.dataset.nunique(), "unit": "datasets", "source_ids": all_ids},
        {"key": "share_published", "value": round(float(statuses.at["published", "share"]), 1),
         "unit": "percent", "source_ids": all_ids},
        {"key": "share_derived", "value": round(float(statuses.at["derived", "share"]), 1),
         "unit": "percent", "source_ids": all_ids},
        {"key": "share_uncertain", "value": round(float(statuses.at["uncertain", "share"]), 1),
         "unit": "percent", "source_ids": all_ids},
        {"key": "share_from_press_reports", "value": round(len(press) / len(obs) * 100, 1), "unit": "percent",
         "source_ids": join_ids(press.source_id)},
        {"key": f"forces_with_iopc_{SEED_TAG}_figures", "value": iopc_forces.force.nunique(), "unit": "forces",
         "source_ids": join_ids(iopc_forces.source_id)},
        {"key": f"forces_with_iopc_{SEED_TAG}_cases", "value": cases.force.nunique(), "unit": "forces",
         "source_ids": join_ids(cases.source_id)},
        {"key": f"forces_with_published_rate_{SEED_TAG}", "value": rate.force.nunique(), "unit": "forces",
         "source_ids": join_ids(rate.source_id)},
        {"key": f"forces_with_ho_misconduct_{SEED_TAG}", "value": ho.force.nunique(), "unit": "forces",
         "source_ids": join_ids(ho.source_id)},
        {"key": f"staffordshire_iopc_complaint_cases_{SEED_TAG}",
         "value": figure(SEED_FORCE, PERIOD, "complaint_cases_logged", dataset="iopc_2020_21_forces"),
         "unit": "complaint cases", "source_ids": join_ids(iopc_staffs.source_id)},
        {"key": f"staffordshire_ho_complaint_cases_{SEED_TAG}",
         "value": figure(SEED_FORCE, HO_PERIOD, "complaint_cases", dataset="home_office_misconduct_2020_21"),
         "unit": "complaint cases", "source_ids": join_ids(ho_staffs.source_id)},
        {"key": "reconciliation_checks", "value": len(recon), "unit": "checks", "source_ids": join_ids(recon.source_id)},
        {"key": "published_inconsistencies_kept", "value": len(kept), "unit": "checks",
         "source_ids": join_ids(kept.source_id)},
    ]

def national_rate_key_figures() -> list[dict]:
    """The latest complete year's national rates: cases finalised per 1,000 officers and per 100,000 people."""
    period = latest.latest_complete_period()
    tag = period.replace("/", "_")
    items = []
    for basis, short in (("officers", "per_1000_officers"), ("population", "per_100k_population")):
        table = basis_rates("complaint_cases_finalised", period, basis)
        national = table[table.is_national].iloc[0]
        src = join_ids(national.source_id.split(";"), national.denominator_source_ids.split(";"))
        items.append({"key": f"england_wales_finalised_{short}_{tag}", "value": round(float(national.rate), 1),
                      "unit": national.rate_unit, "source_ids": src})
    overview = latest.funnel_overview(period).set_index("key")
    for key in ("finalised-per-officer", "finalised-per-population"):
        row = overview.loc[key]
        stem = key.replace("-", "_")
        items += [{"key": f"forces_higher_{stem}_{tag}", "value": int(row.higher), "unit": "forces", "source_ids": ""},
                  {"key": f"forces_lower_{stem}_{tag}", "value": int(row.lower), "unit": "forces", "source_ids": ""}]
    items.append({"key": f"forces_with_finalised_rate_{tag}", "value": int(overview.at["finalised-per-officer",
                                                                                       "forces"]),
                  "unit": "forces", "source_ids": ""})
    return items


def rates_key_figures() -> list[dict]:
    """Key figures of notebook 01 (complaint rates): the latest year for every force, then the 2020/21 case study."""
    table = cpl.complaint_rates().set_index("force")
    s, e = table.loc[SEED_FORCE], table.loc[ENGLAND_AND_WALES]
    check = cpl.published_rate_check()
    obs = load_observations(with_sources=False)
    workforce_sources = obs[obs.dataset.isin(["workforce_2021", "population_mid2020"])]
    src = join_source_ids(table.loc[[SEED_FORCE, ENGLAND_AND_WALES]].reset_index(), workforce_sources)
    return national_rate_key_figures() + [
        {"key": f"forces_with_{SEED_TAG}_case_count", "value": int((~table.is_national).sum()), "unit": "forces",
         "source_ids": ""},
        {"key": "staffordshire_cases_logged", "value": int(s.value), "unit": "complaint cases",
         "source_ids": s.source_id},
        {"key": "staffordshire_cases_per_1000_employees", "value": round(s.rate_employees, 1),
         "unit": "per 1,000 employees", "source_ids": src},
        {"key": "staffordshire_cases_per_1000_employees_low", "value": round(s.low_employees, 1),
         "unit": "per 1,000 employees", "source_ids": src},
        {"key": "staffordshire_cases_per_1000_employees_high", "value": round(s.high_employees, 1),
         "unit": "per 1,000 employees", "source_ids": src},
        {"key": "staffordshire_cases_per_1000_officers", "value": round(s.rate_officers, 1),
         "unit": "per 1,000 officers", "source_ids": src},
        {"key": "staffordshire_cases_per_100k_population", "value": round(s.rate_population, 1),
         "unit": "per 100,000 people", "source_ids": src},
        {"key": "england_wales_cases_per_1000_employees", "value": round(e.rate_employees, 1),
         "unit": "per 1,000 employees", "source_ids": e.source_id},
        {"key": "published_rates_checked", "value": len(check), "unit": "rates", "source_ids": ""},
        {"key": "published_rates_matched_headcount", "value": int(check.rounds_to_published_headcount.sum()),
         "unit": "rates", "source_ids": ""},
        {"key": "published_rates_matched_fte", "value": int(check.rounds_to_published_fte.sum()), "unit": "rates",
         "source_ids": ""},
    ]

def outcomes_key_figures() -> list[dict]:
    """Key figures of notebook 02 (outcome proportions)."""
    hand = cpl.finalised_by_handling()
    s = hand[hand.force == SEED_FORCE].set_index("handling")
    e = hand[hand.force == ENGLAND_AND_WALES].set_index("handling")
    test = cpl.informal_vs_national(SEED_FORCE)
    ho = cpl.home_office_outcomes(SEED_FORCE).set_index("outcome")
    summary = cpl.proportions_summary(SEED_FORCE).set_index("finding")
    ss = summary.loc["Stop-search records with reasonable grounds"]
    obs = load_observations(with_sources=False)
    peel_source = join_source_ids(obs[obs.dataset == "peel_2018_19_staffordshire"])
    iopc_source = join_source_ids(s.assign(source_id=cpl.pick("allegations_finalised", "Outside Schedule 3").set_index(
        "force").at[SEED_FORCE, "source_id"]))
    ho_source = cpl.pick("complaint_allegations").set_index("force").at[SEED_FORCE, "source_id"]
    sch3 = cmp.sch3_share_funnel()
    reviews = cmp.reviews_funnel("Not investigated")
    period = cmp.finalised().period.iloc[0]
    new = _tag(period)
    src_2024 = join_ids(obs[(obs.dataset == cmp.DS_FINALISED) & (obs.period == period)].source_id)
    review_period = cmp.reviews().period.iloc[0]
    src_reviews = join_ids(obs[(obs.dataset == cmp.DS_REVIEWS) & (obs.period == review_period)].source_id)
    return [
        {"key": f"sch3_share_{new}_england_wales_pct", "value": round(100 * sch3.target, 1), "unit": "percent",
         "source_ids": src_2024},
        {"key": f"sch3_share_{new}_lowest_pct", "value": round(100 * float(sch3.points.value.min()), 1),
         "unit": "percent", "source_ids": src_2024},
        {"key": f"sch3_share_{new}_highest_pct", "value": round(100 * float(sch3.points.value.max()), 1),
         "unit": "percent", "source_ids": src_2024},
        {"key": f"reviews_not_reasonable_{new}_england_wales_pct", "value": round(100 * reviews.target, 1),
         "unit": "percent", "source_ids": src_reviews},
        {"key": f"reviews_forces_flagged_{new}", "value": int((reviews.points.verdict != "within the range expected"
                                                                ).sum()), "unit": "forces", "source_ids": ""},
        {"key": "staffordshire_informal_share_pct", "value": round(100 * s.at["Outside Schedule 3", "proportion"], 1),
         "unit": "percent", "source_ids": iopc_source},
        {"key": "england_wales_informal_share_pct", "value": round(100 * e.at["Outside Schedule 3", "proportion"], 1),
         "unit": "percent", "source_ids": iopc_source},
        {"key": "informal_share_difference_pct_points", "value": round(100 * test.difference, 1),
         "unit": "percentage points", "source_ids": iopc_source},
        {"key": "staffordshire_investigated_share_pct",
         "value": round(100 * s.at["Schedule 3 investigated", "proportion"], 1), "unit": "percent",
         "source_ids": iopc_source},
        {"key": "staffordshire_ho_no_action_share_pct", "value": round(100 * ho.at["No action", "proportion"], 1),
         "unit": "percent", "source_ids": ho_source},
        {"key": "staffordshire_ho_no_action_low_pct", "value": round(100 * ho.at["No action", "ci_low"], 1),
         "unit": "percent", "source_ids": ho_source},
        {"key": "staffordshire_ho_no_action_high_pct", "value": round(100 * ho.at["No action", "ci_high"], 1),
         "unit": "percent", "source_ids": ho_source},
        {"key": "peel_stop_search_reasonable_low_pct", "value": round(100 * ss.ci_low, 1), "unit": "percent",
         "source_ids": peel_source},
        {"key": "peel_stop_search_reasonable_high_pct", "value": round(100 * ss.ci_high, 1), "unit": "percent",
         "source_ids": peel_source},
    ]

def comparisons_key_figures() -> list[dict]:
    """Key figures of notebook 03."""
    rf = cmp.rate_funnel()
    staffs = rf.points.set_index("force").loc[SEED_FORCE]
    sch3 = cmp.sch3_share_funnel()
    s3 = sch3.points.set_index("force").loc[SEED_FORCE]
    fin = cmp.finalised().set_index("force")
    period = fin.period.iloc[0]
    new = _tag(period)
    trend_table = cmp.national_trend()
    trend = trend_table.set_index(["measure", "period"])["value"]
    cases = trend_table[trend_table.measure == "complaint_cases_logged"]
    first, last = cases.period.min(), cases.period.max()
    first_tag = _tag(first)
    obs = load_observations(with_sources=False)
    target_sources = ";".join(sorted({cpl.pick("complaint_cases_logged").set_index("force").at[ENGLAND_AND_WALES,
                                                                                             "source_id"]}
                                     | set(obs[obs.dataset == "workforce_2021"].source_id)))
    src_2024 = ";".join(sorted(set(obs[(obs.dataset == cmp.DS_FINALISED) & (obs.period == period)].source_id)))
    overview = latest.funnel_overview().set_index("key")
    national = [{"key": f"forces_outside_range_{k.replace('-', '_')}_{_tag(r.period)}",
                 "value": int(r.higher + r.lower), "unit": "forces", "source_ids": ""} for k, r in overview.iterrows()]
    return national + [
        {"key": "funnel_rate_target_per_1000_employees", "value": round(rf.target, 1), "unit": "per 1,000 employees",
         "source_ids": target_sources},
        {"key": "funnel_rate_forces", "value": len(rf.points), "unit": "forces", "source_ids": ""},
        {"key": "funnel_rate_dispersion_phi", "value": round(rf.dispersion.phi, 1), "unit": "ratio",
         "source_ids": ""},
        {"key": "funnel_rate_forces_beyond_998_adjusted",
         "value": int((rf.points.get("band_adjusted", rf.points.band) == "beyond 99.8%").sum()), "unit": "forces",
         "source_ids": ""},
        {"key": "staffordshire_rate_z_adjusted", "value": round(float(staffs.get("z_adjusted", staffs.z)), 2),
         "unit": "z-score", "source_ids": ""},
        {"key": f"sch3_share_{new}_england_wales_pct", "value": round(100 * sch3.target, 1), "unit": "percent",
         "source_ids": src_2024},
        {"key": f"sch3_share_{new}_staffordshire_pct", "value": round(100 * float(s3.value), 1),
         "unit": "percent", "source_ids": src_2024},
        {"key": f"days_sch3_{new}_staffordshire", "value": float(fin.at[SEED_FORCE, "days_sch3_inc"]),
         "unit": "days", "source_ids": src_2024},
        {"key": f"days_sch3_{new}_england_wales", "value": float(fin.at[ENGLAND_AND_WALES, "days_sch3_inc"]),
         "unit": "days", "source_ids": src_2024},
        {"key": f"cases_logged_growth_{first_tag}_to_{new}_pct",
         "value": round(100 * (trend[("complaint_cases_logged", last)]
                               / trend[("complaint_cases_logged", first)] - 1), 1),
         "unit": "percent", "source_ids": ";".join(sorted(set(cases.source_id)))},
    ]

def factcheck_key_figures() -> list[dict]:
    """Key figures of notebook 04: claims by verdict and the figures the checks turn on."""
    s = fc.claims_table(with_status=True)
    table = s[fc.COLUMNS]
    s = s.set_index("claim_id")
    by = table.verdict.value_counts()
    ids = ";".join(d.source_id for d in fc.DOCUMENTS.values())
    own = table.apply(lambda r: r.data_source_ids != "" and r.source_id not in r.data_source_ids.split(";"), axis=1)
    ctx = fc_context.context_figures().set_index("key")
    items = [
        {"key": "documents_checked", "value": len(fc.DOCUMENTS), "unit": "documents", "source_ids": ids},
        {"key": "claims_total", "value": len(table), "unit": "claims", "source_ids": ids},
    ]
    for verdict in fc.VERDICTS:
        items.append({"key": f"claims_{verdict.replace(' ', '_')}", "value": int(by.get(verdict, 0)),
                      "unit": "claims", "source_ids": ids})
    items += [
        {"key": "claims_confirmed_by_another_source", "value": int(own.sum()), "unit": "claims",
         "source_ids": ";".join(sorted({i for v in table[own].data_source_ids for i in v.split(";")}))},
        {"key": "burton_mail_no_action_share_pct", "value": round(float(s.at["s002-11", "computed_value"]), 1),
         "unit": "percent", "source_ids": fc.DOCUMENTS["002"].source_id},
        {"key": "burton_mail_outcomes_shortfall",
         "value": fmt_int(s.at["s002-04", "quoted_value"] - s.at["s002-04", "computed_value"]),
         "unit": "allegations", "source_ids": fc.DOCUMENTS["002"].source_id},
        {"key": "staffordshire_share_of_ew_complaint_cases_pct",
         "value": round(float(ctx.at["share_of_ew_complaint_cases", "staffordshire"]), 1), "unit": "percent",
         "source_ids": ctx.at["share_of_ew_complaint_cases", "source_ids"]},
        {"key": "staffordshire_share_of_ew_population_pct",
         "value": round(float(ctx.at["share_of_ew_population", "staffordshire"]), 1), "unit": "percent",
         "source_ids": ctx.at["share_of_ew_population", "source_ids"]},
    ]
    return items


#: notebook -> the function giving its key figures.
PROVIDERS: dict[str, Callable[[], list[dict]]] = {
    "00-the-data": data_key_figures,
    "01-complaint-rates": rates_key_figures,
    "02-outcome-proportions": outcomes_key_figures,
    "03-national-comparisons": comparisons_key_figures,
    "04-fact-check": factcheck_key_figures,
}


def key_figures(prefix: str = "") -> pd.DataFrame:
    """Every notebook's key figures: ``notebook, key, value, unit, source_ids``."""
    rows = []
    for notebook in PROVIDERS:
        if not notebook.startswith(prefix):
            continue
        for item in PROVIDERS[notebook]():
            rows.append({"notebook": notebook, **item})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.duplicated(["notebook", "key"]).any():
        raise ValueError("duplicate key figure names")
    return frame


def for_notebook(prefix: str) -> pd.DataFrame:
    """The key figures of the notebook whose name starts with ``prefix`` (e.g. ``"01"``)."""
    frame = key_figures(prefix)
    return frame.drop(columns="notebook").reset_index(drop=True)


def show(prefix: str) -> None:
    """Print a notebook's key figures as plain text (stable for nbval)."""
    frame = for_notebook(prefix)
    frame["value"] = [f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}" for v in frame["value"]]
    print(frame[["key", "value", "unit"]].to_string(index=False))


def _national(table: pd.DataFrame, measure: str, period: str, basis: str, category: str = "all") -> pd.Series:
    """The one national-scope row of the facts table (England and Wales figures come only from these)."""
    rows = table[(table.measure == measure) & (table.period == period) & (table.basis == basis)
                 & (table.category == category) & (table.scope == "national")]
    if len(rows) != 1:
        raise ValueError(f"facts: no single England and Wales row for {measure} {category} {period} per {basis}")
    return rows.iloc[0]


def _forces(table: pd.DataFrame, measure: str, period: str, basis: str, category: str = "all") -> pd.DataFrame:
    return table[(table.measure == measure) & (table.period == period) & (table.basis == basis)
                 & (table.category == category) & (table.scope == "force")]


def _named(row: pd.Series) -> str:
    """A force's name, with what its figures include when the data say so (e.g. Action Fraud)."""
    found = re.search(r"its figures include ([^;]+)", row.notes)
    return f"{row.force}, whose figures include {found.group(1)}" if found else row.force


def headline_findings() -> list[str]:
    """Three to five sentences on the national picture, every number read from the facts table (README Results).

    Each measure speaks for its own newest year in the table.
    """
    table = facts_table()
    period = newest_period("complaint_cases_finalised", table=table)
    nat_o = _national(table, "complaint_cases_finalised", period, "officers")
    nat_p = _national(table, "complaint_cases_finalised", period, "population")
    per_officer = _forces(table, "complaint_cases_finalised", period, "officers")
    territorial = per_officer[per_officer.force.isin(territorial_forces())]
    higher = int(territorial.verdict.str.contains("higher").sum())
    lower = int(territorial.verdict.str.contains("lower").sum())
    overdispersed = bool(territorial.verdict_method.str.contains("random-effects").any())
    inferred = bool(territorial.notes.str.contains("period inferred").any())
    caveat = ("; the per-force table's period is inferred, so these figures are marked uncertain" if inferred
              and nat_o.status == "uncertain" else "")
    share_period = newest_period("complaint_cases_finalised_sch3", table=table)
    sch3 = _forces(table, "complaint_cases_finalised_sch3", share_period, "complaint cases finalised")
    sch3_ew = _national(table, "complaint_cases_finalised_sch3", share_period, "complaint cases finalised")
    low, high = sch3.loc[sch3.rate.idxmin()], sch3.loc[sch3.rate.idxmax()]
    review_period = newest_period("reviews_outcome_not_reasonable", table=table)
    reviews = _national(table, "reviews_outcome_not_reasonable", review_period, "valid IOPC reviews",
                        "Not investigated")
    logged = table[(table.measure == "complaint_cases_logged") & (table.scope == "national")
                   & table.period.str.fullmatch(r"\d{4}/\d{2}")].groupby("period").value.first()
    first, last = logged.index.min(), logged.index.max()
    share_when = "" if share_period == period else f" in {share_period}"
    review_when = "" if review_period == period else f" in {review_period}"
    return [
        f"In {period} the {int(territorial.ranked_of.max())} territorial forces of England and Wales finalised "
        f"{nat_o.value:,.0f} complaint cases: {nat_o.rate:,.0f} per 1,000 officers and {nat_p.rate:,.0f} per 100,000 "
        f"people (cases finalised, not cases logged{caveat}).",
        ("Forces differ far more than chance allows; even allowing for that, " if overdispersed
         else "Forces differ no more than chance allows; ")
        + f"{higher} forces finalised more cases per 1,000 officers than expected and {lower} fewer"
          + _method_clause(period) + ".",
        f"The share of cases finalised formally, under Schedule 3, ranged{share_when} from {low.rate / 100:.0%} "
        f"({_named(low)}) to {high.rate / 100:.0%} ({_named(high)}), against {sch3_ew.rate / 100:.0%} across England "
        "and Wales.",
        f"When complainants asked the IOPC to review a complaint that was not investigated, it found the outcome "
        f"not reasonable and proportionate in {reviews.rate / 100:.0%} of {reviews.n:,.0f} valid reviews"
        f"{review_when}.",
        f"Complaint cases logged in England and Wales {change_verb(logged[first], logged[last])} from "
        f"{logged[first]:,.0f} in {first} to {logged[last]:,.0f} in {last} ({logged[last] / logged[first] - 1:+.0%}).",
    ]


def _method_clause(period: str) -> str:
    """`` (limits: <method used>; the other methods allowing for it give ...: notebook 03)``."""
    spread = funnel_methods.method_spread(
        funnel_methods.funnel_methods(latest.national_funnel("finalised-per-officer", period)))
    if spread.used.method == "exact" or spread.higher is None:
        return f" (limits: {spread.used.description})"

    def span(least_most: tuple[int, int]) -> str:
        return f"{least_most[0]}" if least_most[0] == least_most[1] else f"{least_most[0]} to {least_most[1]}"

    return (f" (limits: {spread.used.description}; the other common methods that allow for it give "
            f"{span(spread.higher)} higher and {span(spread.lower)} lower: notebook 03)")


def findings_markdown() -> str:
    """:func:`headline_findings` as a Markdown list (the block README.md carries)."""
    return "\n".join(f"- {sentence}" for sentence in headline_findings()) + "\n"
