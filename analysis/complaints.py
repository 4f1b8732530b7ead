"""Complaint rates and outcome proportions per force: the analysis the notebooks share.

All tables come from :func:`analysis.load_observations`; nothing is typed in.
Where several sources give a figure for the same force, :func:`pick` keeps the
most reliable one (published before derived before uncertain, then the first
transcribed) and says which it used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import stats
from .checks import HANDLING, IOPC_CATEGORIES
from .forces import ENGLAND_AND_WALES, load_forces
from .observations import load_observations

PERIOD = "2020/21"
WORKFORCE_DATE = "2021-03-31"
POPULATION_DATE = "2020-06-30"
_STATUS_ORDER = {"published": 0, "derived": 1, "uncertain": 2}

#: Denominators: column -> (per, label used in tables and charts).
BASES = {
    "employees": (1000, "per 1,000 employees"),
    "officers": (1000, "per 1,000 officers"),
    "population": (100_000, "per 100,000 people"),
}


def pick(measure: str, category: str = "all", period: str = PERIOD, unit: str = "count",
         datasets: tuple[str, ...] | None = None, allow_uncertain: bool = True) -> pd.DataFrame:
    """One value per force for a measure: the most reliable figure available.

    Columns: ``force, geo_code, value, status, source_id, note, alternatives``
    (how many other figures for the same force were not used).
    """
    obs = load_observations(with_sources=False)
    sel = obs[(obs.measure == measure) & (obs.category == category) & (obs.period == period)
              & (obs.unit == unit)]
    if datasets:
        sel = sel[sel.dataset.isin(datasets)]
    if not allow_uncertain:
        sel = sel[sel.status != "uncertain"]
    sel = sel.assign(_rank=sel.status.map(_STATUS_ORDER)).sort_values(
        ["force", "_rank", "raw_file", "raw_row"], kind="stable")
    counts = sel.groupby("force").size()
    best = sel.drop_duplicates("force").set_index("force")
    best["alternatives"] = counts.reindex(best.index) - 1
    return best[["geo_code", "value", "status", "source_id", "note", "alternatives"]].reset_index()


def denominators() -> pd.DataFrame:
    """Per force and England and Wales: the denominators for rates.

    Columns: ``force, geo_code``; ``employees`` (total workforce headcount at
    31 March 2021: officers, staff, designated officers and PCSOs; the
    default "employees" denominator), ``employees_fte``, ``officers``
    (headcount), ``officers_fte``, ``population`` (ONS mid-2020).
    """
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


def rates(counts: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Add rates with exact Poisson intervals on every basis to a ``pick()`` table.

    For each basis in :data:`BASES` adds ``<basis>``, ``rate_<basis>``,
    ``low_<basis>``, ``high_<basis>``; ``small_count`` flags counts below
    :data:`analysis.stats.SMALL_COUNT`.
    """
    table = counts.merge(denominators().drop(columns="geo_code"), on="force", how="left", validate="one_to_one")
    for basis, (per, _label) in BASES.items():
        interval = stats.poisson_rate_interval(table["value"], table[basis], per=per, level=level)
        table[f"rate_{basis}"] = interval.rate
        table[f"low_{basis}"] = interval.low
        table[f"high_{basis}"] = interval.high
    table["small_count"] = table["value"] < stats.SMALL_COUNT
    return table


def complaint_rates(measure: str = "complaint_cases_logged", period: str = PERIOD) -> pd.DataFrame:
    """IOPC complaint cases (or allegations) per 1,000 employees, per 1,000 officers, per 100,000 people.

    One row per force with a figure, plus England and Wales (``is_national``).
    """
    table = rates(pick(measure, period=period, datasets=("iopc_2020_21_forces", "iopc_2020_21_national")))
    table["is_national"] = table.force == ENGLAND_AND_WALES
    return table.sort_values(["is_national", "force"], ascending=[False, True], ignore_index=True)


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
        table["status"] = max(statuses, key=_STATUS_ORDER.get)
        frames.append(table.rename(columns={"label": "handling"}))
    return pd.concat(frames, ignore_index=True)


def category_counts(force: str, period: str = PERIOD) -> pd.Series:
    """Allegations logged by IOPC category for one area (only categories published)."""
    obs = load_observations(with_sources=False)
    sel = obs[(obs.force == force) & (obs.period == period) & (obs.measure == "allegations_logged")
              & (obs.category.isin(IOPC_CATEGORIES)) & (obs.unit == "count")]
    sel = sel.sort_values(["raw_file", "raw_row"]).drop_duplicates("category")
    return sel.set_index("category")["value"].reindex([c for c in IOPC_CATEGORIES if c in set(sel.category)])
