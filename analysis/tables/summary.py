"""``force_summary``: one table for researchers and news desks, one row per force, period, measure and basis.

For every count the package turns into a rate (complaint cases logged and
finalised, allegations logged), every period and every basis with a
denominator near enough in time, a row gives the count, the denominator and
where it came from, the rate with its exact (Garwood) 95% interval, the England
and Wales rate and the verdict from the funnel plot (worded by
:mod:`analysis.tables.bands`).  The latest year's shares (cases finalised under
Schedule 3, IOPC reviews finding the outcome not reasonable) carry Wilson
intervals; average days to finalise carry none, as only averages are
published; rates the IOPC published "per 1,000 employees" appear as printed.
England and Wales has its own rows.  British Transport Police appears with its
counts but without rates, as it polices no area and its workforce is not held.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.forces import ENGLAND_AND_WALES, load_forces
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.vocabulary import STATUS_RANK
from analysis.tables import comparisons as cmp
from analysis.tables.measures import BASES, NotAvailableError, basis_rates, counts

__all__ = ["RATE_MEASURES", "SUMMARY_COLUMNS", "SUMMARY_KEY", "force_summary"]

#: Counts turned into rates on every basis available.
RATE_MEASURES: tuple[str, ...] = ("complaint_cases_logged", "complaint_cases_finalised", "allegations_logged")
SUMMARY_COLUMNS = [
    "force", "geo_code", "period", "measure", "category", "value", "unit", "status", "basis", "denominator",
    "denominator_period", "denominator_source_ids", "rate", "rate_low", "rate_high", "rate_unit",
    "england_and_wales_rate", "verdict", "source_ids", "note",
]
SUMMARY_KEY = ["force", "period", "measure", "category", "basis"]
_PERIODS = ("2020/21", "2021/22", "2022/23", "2023/24", "2024/25")


def _verdicts(measure: str, period: str, basis: str) -> tuple[dict[str, str], str]:
    """force -> verdict from the funnel, and the verdict for forces outside it."""
    try:
        f = cmp.rate_funnel(measure, basis, period)
    except NotAvailableError:
        return {}, "no funnel: too few forces to compare"
    return dict(zip(f.points.force, f.points.verdict)), "not in the funnel"


def _rate_rows(measure: str, period: str) -> list[pd.DataFrame]:
    try:
        figures = counts(measure, period)
    except NotAvailableError:
        return []
    frames, with_rate = [], set()
    for basis in BASES:
        try:
            table = basis_rates(measure, period, basis)
        except NotAvailableError:
            continue
        verdicts, other = _verdicts(measure, period, basis)
        national = float(table.loc[table.is_national, "rate"].iloc[0])
        table["verdict"] = [("" if national_row else verdicts.get(force, other))
                            for force, national_row in zip(table.force, table.is_national)]
        table["england_and_wales_rate"] = national
        table["note"] = [f"{n}; England and Wales rate over {s}".strip("; ") if s else n
                         for n, s in zip(table.note, table.national_scope)]
        table["note"] = [f"{n}; denominator: {d}".strip("; ") if "nearest" in d else n  # not at the year's date
                         for n, d in zip(table.note, table.denominator_note)]
        frames.append(table)
        with_rate |= set(table.force)
    rest = figures[~figures.force.isin(with_rate)].assign(basis="", verdict="", rate_unit="")
    rest["note"] = [f"{n}; no denominator for a rate".strip("; ") for n in rest.note]
    frames.append(rest)
    out = []
    for frame in frames:
        frame = frame.assign(measure=measure, period=period, category="all", unit="count")
        out.append(frame.rename(columns={"source_id": "source_ids"}))
    return out


def _share_rows() -> list[pd.DataFrame]:
    fin = cmp.finalised_2024_25()
    sch3 = cmp.sch3_share_funnel()
    points = sch3.points.set_index("force")
    obs = load_observations(with_sources=False)
    src = ";".join(sorted(set(obs.loc[obs.dataset == cmp.DS_2024_FINALISED, "source_id"])))
    rows = pd.DataFrame({
        "force": fin.force, "geo_code": fin.geo_code, "period": cmp.PERIOD_2024,
        "measure": "complaint_cases_finalised_sch3", "category": "all", "value": fin.sch3, "unit": "count",
        "status": fin.status, "basis": "complaint cases finalised", "denominator": fin.total,
        "rate": fin.sch3_share * 100, "rate_unit": "percent", "england_and_wales_rate": sch3.target * 100,
        "source_ids": src, "note": "share of complaint cases finalised that were handled under Schedule 3"})
    rows["rate_low"] = rows.force.map(points["ci_low"] * 100)
    rows["rate_high"] = rows.force.map(points["ci_high"] * 100)
    rows["verdict"] = rows.force.map(points["verdict"]).fillna("")
    days = pd.DataFrame({
        "force": fin.force, "geo_code": fin.geo_code, "period": cmp.PERIOD_2024, "measure": "days_to_finalise",
        "category": "Schedule 3 (including suspension)", "value": fin.days_sch3_inc, "unit": "days",
        "status": fin.status, "basis": "", "rate_unit": "", "verdict": "", "source_ids": src,
        "england_and_wales_rate": float(fin.set_index("force").at[ENGLAND_AND_WALES, "days_sch3_inc"]),
        "note": "average days; only averages are published, so no interval or verdict"})
    frames = [rows, days]
    reviews = cmp.reviews_2024_25()
    review_src = ";".join(sorted(set(obs.loc[obs.dataset == cmp.DS_2024_REVIEWS, "source_id"])))
    for route, sub in reviews.groupby("route"):
        f = cmp.reviews_funnel(route)
        points = f.points.set_index("force")
        frames.append(pd.DataFrame({
            "force": sub.force, "period": cmp.PERIOD_2024, "measure": "reviews_outcome_not_reasonable",
            "category": route, "value": sub.not_reasonable, "unit": "count", "status": sub.status,
            "basis": "valid IOPC reviews", "denominator": sub.valid, "rate": sub.proportion * 100,
            "rate_low": sub.ci_low * 100, "rate_high": sub.ci_high * 100, "rate_unit": "percent",
            "england_and_wales_rate": f.target * 100,
            "verdict": sub.force.map(points["verdict"]).fillna("").to_numpy(), "source_ids": review_src,
            "note": "share of valid IOPC reviews finding the outcome not reasonable and proportionate"}))
    return frames


def _published_rate_rows() -> pd.DataFrame:
    obs = load_observations(with_sources=False)
    sel = obs[(obs.measure == "complaint_cases_per_1000_employees") & obs.period.isin(_PERIODS)
              & (obs.category == "all")]  # the force's own rate, not a comparator printed beside it
    sel = sel.assign(_rank=sel.status.map(STATUS_RANK)).sort_values(["force", "period", "_rank", "raw_file",
                                                                       "raw_row"])
    return pd.DataFrame({
        "force": sel.force, "geo_code": sel.geo_code, "period": sel.period, "measure": sel.measure,
        "category": sel.category, "value": sel.value, "unit": sel.unit, "status": sel.status,
        "basis": "employees (IOPC, as published)", "rate": sel.value, "rate_unit": "per 1,000 employees",
        "verdict": "", "source_ids": sel.source_id, "note": sel.note}).drop_duplicates(SUMMARY_KEY)


@memoise
def force_summary() -> pd.DataFrame:
    """The summary table (columns :data:`SUMMARY_COLUMNS`, unique on :data:`SUMMARY_KEY`), sorted by key."""
    frames = []
    for measure in RATE_MEASURES:
        for period in _PERIODS:
            frames.extend(_rate_rows(measure, period))
    frames.extend(_share_rows())
    frames.append(_published_rate_rows())
    table = pd.concat([f.reindex(columns=SUMMARY_COLUMNS) for f in frames], ignore_index=True)
    codes = load_forces().set_index("force")["geo_code"]
    table["geo_code"] = table.force.map(codes).fillna("")
    table["basis"] = table["basis"].fillna("").replace({"": "none"})
    for column in ("rate_unit", "verdict", "note", "denominator_period", "denominator_source_ids"):
        table[column] = table[column].fillna("")
    table["value"] = table["value"].astype(float)
    if table.duplicated(SUMMARY_KEY).any():
        dupes = table[table.duplicated(SUMMARY_KEY, keep=False)][SUMMARY_KEY]
        raise ValueError(f"force_summary has duplicate keys:\n{dupes.to_string()}")
    table["_national"] = table.force != ENGLAND_AND_WALES
    table = table.sort_values(["period", "measure", "category", "basis", "_national", "force"], ignore_index=True)
    return table.drop(columns="_national")[SUMMARY_COLUMNS].replace({np.inf: np.nan})
