"""The rows of the facts table: one per force, period, measure, category and basis (see :mod:`analysis.tables.facts`).

For every count the package turns into a rate (complaint cases logged and
finalised, allegations logged), every financial year the data hold and every
basis with a denominator near enough in time, a row gives the count, the
denominator and where it came from, the rate with its exact (Garwood) 95%
interval, the comparator's rate and the verdict from the funnel plot (worded by
:mod:`analysis.tables.bands`) with the method that gave it.  For every year of
the IOPC's per-force tables, the shares (cases finalised under Schedule 3, IOPC
reviews finding the outcome not reasonable) carry Wilson intervals; average days
to finalise carry none, as only averages are published; rates the IOPC
published "per 1,000 employees" appear as printed.  British Transport Police
appears with its counts but without rates, as it polices no area and its
workforce is not held.  The comparator row of a rate is England and Wales only
when it is the published total or the sum of every territorial force; a sum of
fewer forces is labelled as such (``scope``), never as England and Wales.
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

__all__ = ["RATE_MEASURES", "SUMMARY_COLUMNS", "SUMMARY_KEY", "financial_years", "force_summary", "funnel_method"]

#: Counts turned into rates on every basis available.
RATE_MEASURES: tuple[str, ...] = ("complaint_cases_logged", "complaint_cases_finalised", "allegations_logged")
SUMMARY_COLUMNS = [
    "force", "geo_code", "scope", "period", "measure", "category", "value", "unit", "n", "status", "basis",
    "denominator", "denominator_kind", "denominator_period", "denominator_source_ids", "rate", "rate_low",
    "rate_high", "rate_unit",
    "england_and_wales_value", "england_and_wales_rate", "verdict", "verdict_method", "source_ids", "note",
]
SUMMARY_KEY = ["force", "period", "measure", "category", "basis"]
NATIONAL = "national"


def financial_years(measure: str | None = None, unit: str | None = None) -> list[str]:
    """Financial years (``YYYY/YY``) held in the observations (for ``measure`` and ``unit`` when given)."""
    obs = load_observations(with_sources=False)
    if measure is not None:
        obs = obs[obs.measure == measure]
    if unit is not None:
        obs = obs[obs.unit == unit]
    return sorted({p for p in obs.period if len(p) == 7 and p[:4].isdigit() and p[4] == "/" and p[5:].isdigit()})


def funnel_method(f: cmp.Funnel) -> str:
    """How a funnel's verdicts were reached, in words (the ``verdict_method`` column)."""
    if f.overdispersed:
        return ("funnel plot: additive random-effects limits (DerSimonian-Laird tau2 from z-scores Winsorised at "
                "10%), a force flagged only when its exact tail agrees")
    return "funnel plot: exact limits at 95% and 99.8% around the comparator (no over-dispersion found)"


def _verdicts(measure: str, period: str, basis: str) -> tuple[dict[str, str], str, str]:
    """force -> verdict from the funnel, the verdict for forces outside it, and the method."""
    try:
        f = cmp.rate_funnel(measure, basis, period)
    except NotAvailableError:
        return {}, "no funnel: too few forces to compare", ""
    return dict(zip(f.points.force, f.points.verdict)), "not in the funnel", funnel_method(f)


def _scope(national_scope: str, n_forces: int) -> str:
    if national_scope.startswith("the ") and "forces with a figure" in national_scope:
        return f"sum of {n_forces} forces"
    return NATIONAL


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
        verdicts, other, method = _verdicts(measure, period, basis)
        comparator = table[table.is_national].iloc[0]
        forces = int((~table.is_national).sum())
        scope = _scope(str(comparator.national_scope), forces)
        table["scope"] = np.where(table.is_national, scope, "force")
        if scope != NATIONAL:  # a partial sum is never England and Wales
            table.loc[table.is_national, ["force", "geo_code"]] = [f"Sum of {forces} forces with a figure", ""]
        table["verdict"] = [("" if national_row else verdicts.get(force, other))
                            for force, national_row in zip(table.force, table.is_national)]
        table["verdict_method"] = np.where(table.is_national, "", method)
        table["england_and_wales_value"] = float(comparator.value) if scope == NATIONAL else np.nan
        table["england_and_wales_rate"] = float(comparator.rate) if scope == NATIONAL else np.nan
        table["note"] = [
            "; ".join(x for x in (n, f"comparator: {s}" if s else
                                  ("" if scope == NATIONAL else f"compared with the {scope} with a figure (no "
                                   "England and Wales total in the data), not with England and Wales")) if x)
            for n, s in zip(table.note, table.national_scope)]
        table["note"] = [f"{n}; denominator: {d}".strip("; ") if isinstance(d, str) and "nearest" in d else n
                         for n, d in zip(table.note, table.denominator_note)]  # not at the year's own date
        table["n"] = table["value"]
        frames.append(table)
        with_rate |= set(table.force)
    rest = figures[~figures.force.isin(with_rate)].assign(basis="", verdict="", rate_unit="")
    rest["scope"] = np.where(rest.force == ENGLAND_AND_WALES, NATIONAL, "force")
    rest["note"] = [f"{n}; no denominator for a rate".strip("; ") for n in rest.note]
    national = rest.loc[rest.force == ENGLAND_AND_WALES, "value"]
    rest["england_and_wales_value"] = float(national.iloc[0]) if len(national) else np.nan
    frames.append(rest)
    out = []
    for frame in frames:
        frame = frame.assign(measure=measure, period=period, category="all", unit="count")
        out.append(frame.rename(columns={"source_id": "source_ids"}))
    return out


def _ids(dataset: str, period: str) -> str:
    obs = load_observations(with_sources=False)
    return ";".join(sorted(set(obs.loc[(obs.dataset == dataset) & (obs.period == period), "source_id"])))


def _finalised_rows(period: str) -> list[pd.DataFrame]:
    fin = cmp.finalised(period)
    sch3 = cmp.sch3_share_funnel(period)
    points = sch3.points.set_index("force")
    src = _ids(cmp.DS_FINALISED, period)
    scope = np.where(fin.force == ENGLAND_AND_WALES, NATIONAL, "force")
    rows = pd.DataFrame({
        "force": fin.force, "geo_code": fin.geo_code, "scope": scope, "period": period,
        "measure": "complaint_cases_finalised_sch3", "category": "all", "value": fin.sch3, "unit": "count",
        "n": fin.total, "status": fin.status, "basis": "complaint cases finalised", "denominator": fin.total,
        "denominator_kind": "cases",
        "rate": fin.sch3_share * 100, "rate_unit": "percent",
        "england_and_wales_value": float(sch3.target * fin.set_index("force").at[ENGLAND_AND_WALES, "total"]),
        "england_and_wales_rate": sch3.target * 100, "verdict_method": funnel_method(sch3), "source_ids": src,
        "note": "share of complaint cases finalised that were handled under Schedule 3"})
    rows["rate_low"] = rows.force.map(points["ci_low"] * 100)
    rows["rate_high"] = rows.force.map(points["ci_high"] * 100)
    rows["verdict"] = rows.force.map(points["verdict"]).fillna("")
    rows.loc[~rows.force.isin(points.index), "verdict_method"] = ""
    frames = [rows]
    national = fin.set_index("force").loc[ENGLAND_AND_WALES]
    for category, column in (("Outside Schedule 3", "days_outside"), ("Schedule 3 (including suspension)",
                                                                       "days_sch3_inc"),
                             ("Schedule 3 (excluding suspension)", "days_sch3_exc")):
        frames.append(pd.DataFrame({
            "force": fin.force, "geo_code": fin.geo_code, "scope": scope, "period": period,
            "measure": "days_to_finalise", "category": category, "value": fin[column], "unit": "days",
            "status": fin.status, "basis": "", "rate_unit": "", "verdict": "", "source_ids": src,
            "england_and_wales_value": float(national[column]),
            "note": "average days; only averages are published, so no interval or verdict"}))
    return frames


def _review_rows(period: str) -> list[pd.DataFrame]:
    reviews = cmp.reviews(period)
    src = _ids(cmp.DS_REVIEWS, period)
    frames = []
    for route, sub in reviews.groupby("route"):
        f = cmp.reviews_funnel(route, period)
        points = f.points.set_index("force")
        national = sub.set_index("force").loc[ENGLAND_AND_WALES]
        frames.append(pd.DataFrame({
            "force": sub.force, "scope": np.where(sub.force == ENGLAND_AND_WALES, NATIONAL, "force"),
            "period": period, "measure": "reviews_outcome_not_reasonable", "category": route,
            "value": sub.not_reasonable, "unit": "count", "n": sub.valid, "status": sub.status,
            "basis": "valid IOPC reviews", "denominator": sub.valid, "denominator_kind": "reviews",
            "rate": sub.proportion * 100,
            "rate_low": sub.ci_low * 100, "rate_high": sub.ci_high * 100, "rate_unit": "percent",
            "england_and_wales_value": float(national.not_reasonable), "england_and_wales_rate": f.target * 100,
            "verdict": sub.force.map(points["verdict"]).fillna("").to_numpy(),
            "verdict_method": np.where(sub.force.isin(points.index), funnel_method(f), ""), "source_ids": src,
            "note": "share of valid IOPC reviews finding the outcome not reasonable and proportionate"}))
    return frames


def _published_rate_rows() -> pd.DataFrame:
    obs = load_observations(with_sources=False)
    sel = obs[(obs.measure == "complaint_cases_per_1000_employees")
              & obs.period.isin(financial_years("complaint_cases_per_1000_employees"))
              & (obs.category == "all")]  # the force's own rate, not a comparator printed beside it
    sel = sel.assign(_rank=sel.status.map(STATUS_RANK)).sort_values(["force", "period", "_rank", "raw_file",
                                                                       "raw_row"])
    return pd.DataFrame({
        "force": sel.force, "geo_code": sel.geo_code, "period": sel.period, "measure": sel.measure,
        "scope": np.where(sel.force == ENGLAND_AND_WALES, NATIONAL, "force"),
        "category": sel.category, "value": sel.value, "unit": sel.unit, "status": sel.status,
        "basis": "employees (IOPC, as published)", "rate": sel.value, "rate_unit": "per 1,000 employees",
        "verdict": "", "source_ids": sel.source_id, "note": sel.note}).drop_duplicates(SUMMARY_KEY)


@memoise
def force_summary() -> pd.DataFrame:
    """The rows of the facts table (columns :data:`SUMMARY_COLUMNS`, unique on :data:`SUMMARY_KEY`), sorted by key."""
    frames = []
    for measure in RATE_MEASURES:
        for period in financial_years(measure, "count"):
            frames.extend(_rate_rows(measure, period))
    for period in cmp.per_force_periods(cmp.DS_FINALISED):
        frames.extend(_finalised_rows(period))
    for period in cmp.per_force_periods(cmp.DS_REVIEWS):
        frames.extend(_review_rows(period))
    frames.append(_published_rate_rows())
    table = pd.concat([f.reindex(columns=SUMMARY_COLUMNS) for f in frames], ignore_index=True)
    codes = load_forces().set_index("force")["geo_code"]
    table["geo_code"] = table.force.map(codes).fillna("")
    table["basis"] = table["basis"].fillna("").replace({"": "none"})
    for column in ("rate_unit", "verdict", "verdict_method", "note", "denominator_kind", "denominator_period",
                   "denominator_source_ids"):
        table[column] = table[column].fillna("")
    table["value"] = table["value"].astype(float)
    table["n"] = table["n"].astype(float)
    if table.duplicated(SUMMARY_KEY).any():
        dupes = table[table.duplicated(SUMMARY_KEY, keep=False)][SUMMARY_KEY]
        raise ValueError(f"the facts table has duplicate keys:\n{dupes.to_string()}")
    table["_national"] = table.scope == "force"
    table = table.sort_values(["period", "measure", "category", "basis", "_national", "force"], ignore_index=True)
    return table.drop(columns="_national")[SUMMARY_COLUMNS].replace({np.inf: np.nan})
