"""National comparisons for the latest complete year: every force, every measure the year's tables hold.

:func:`latest_complete_period` finds the newest financial year in which a
count covers all 43 territorial forces (2024/25 in the data so far).
:data:`NATIONAL_FUNNELS` lists the year's funnel plots;
:func:`national_funnel` builds one by key and :func:`funnel_overview` sums them
up (forces, England and Wales value, over-dispersion, how many forces sit
outside the limits).  Complaint cases *finalised* are not cases *logged*:
the IOPC's per-force tables count cases closed in the year, whenever they
were logged.  :func:`published_employee_rates` sets the IOPC's own "per 1,000
employees" rates beside ours, which use officers because per-force staff
numbers for 31 March 2025 are not in the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.data.forces import ENGLAND_AND_WALES, territorial_forces
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.tables import comparisons as cmp
from analysis.tables.measures import NotAvailableError, basis_rates, check_available, counts, pick

__all__ = [
    "NationalFunnel",
    "NATIONAL_FUNNELS",
    "funnel_overview",
    "funnel_period",
    "latest_complete_period",
    "national_funnel",
    "published_employee_rates",
]


@dataclass(frozen=True)
class NationalFunnel:
    """One national funnel: its key, what it shows, and how it is built."""

    key: str
    label: str
    measure: str
    basis: str  # a rate basis, or the denominator of a share
    kind: str  # rate or proportion


NATIONAL_FUNNELS: tuple[NationalFunnel, ...] = (
    NationalFunnel("finalised-per-officer", "Complaint cases finalised per 1,000 officers", "complaint_cases_finalised",
               "officers", "rate"),
    NationalFunnel("finalised-per-population", "Complaint cases finalised per 100,000 people",
               "complaint_cases_finalised", "population", "rate"),
    NationalFunnel("allegations-per-population", "Allegations logged per 100,000 people", "allegations_logged",
               "population", "rate"),
    NationalFunnel("sch3-share", "Share of complaint cases finalised under Schedule 3", "complaint_cases_finalised",
               "cases finalised", "proportion"),
    NationalFunnel("reviews-not-investigated", "IOPC reviews finding the outcome not reasonable (not investigated)",
               "reviews_outcome_not_reasonable", "valid reviews", "proportion"),
    NationalFunnel("reviews-investigation", "IOPC reviews finding the outcome not reasonable (investigation)",
               "reviews_outcome_not_reasonable", "valid reviews", "proportion"),
)


def latest_complete_period(measure: str = "complaint_cases_finalised") -> str:
    """The newest financial year in which ``measure`` is held for every territorial force."""
    forces = set(territorial_forces())
    obs = load_observations(with_sources=False)
    sel = obs[(obs.measure == measure) & obs.force.isin(forces)]
    covered = sel.groupby("period").force.nunique()
    complete = sorted(p for p, n in covered.items() if n == len(forces) and len(p) == 7 and p[4] == "/")
    if not complete:
        raise NotAvailableError("complete year for", measure, sorted(covered.index),
                                why="No year has a figure for all 43 territorial forces.")
    return complete[-1]


def _spec(key: str) -> NationalFunnel:
    specs = {s.key: s for s in NATIONAL_FUNNELS}
    check_available("national funnel", key, specs)
    return specs[key]


@memoise
def funnel_period(key: str) -> str:
    """The newest year for which national funnel ``key`` can be drawn, read from the data.

    Each funnel has its own: when a release's tables arrive one at a time, the cases-finalised funnels may show a
    newer year than the reviews funnels.  A rate funnel needs :data:`analysis.tables.comparisons.MIN_FUNNEL_FORCES`
    forces with a count and a denominator near enough in time.
    """
    spec = _spec(key)
    if spec.kind != "rate":
        return cmp.per_force_periods(cmp.DS_FINALISED if key == "sch3-share" else cmp.DS_REVIEWS)[-1]
    obs = load_observations(with_sources=False)
    held = obs[obs.measure == spec.measure]
    periods = sorted({p for p in held.period if len(p) == 7 and p[4] == "/"}, reverse=True)
    for period in periods:
        try:
            cmp.rate_funnel(spec.measure, spec.basis, period)
        except NotAvailableError:
            continue
        return period
    raise NotAvailableError("year with a funnel for", key, periods, why="Too few forces have a rate in any year.")


@memoise
def national_funnel(key: str, period: str | None = None) -> cmp.Funnel:
    """The funnel of :data:`NATIONAL_FUNNELS` ``key`` for ``period`` (default: its own newest, :func:`funnel_period`)."""
    spec = _spec(key)
    period = period or funnel_period(key)
    if spec.kind == "rate":
        return cmp.rate_funnel(spec.measure, spec.basis, period)
    if key == "sch3-share":
        return cmp.sch3_share_funnel(period)
    return cmp.reviews_funnel("Not investigated" if key.endswith("not-investigated") else "Investigation", period)


@memoise
def funnel_overview(period: str | None = None) -> pd.DataFrame:
    """One row per national funnel: ``key, label, period, forces, england_and_wales, unit, overdispersed,
    dispersion_ratio, dispersion_p, higher, lower, within`` (forces by the verdict the chart draws).

    Without ``period`` each funnel shows its own newest year (:func:`funnel_period`); with one, the funnels that
    can be drawn for it.
    """
    rows = []
    for spec in NATIONAL_FUNNELS:
        try:
            used = period or funnel_period(spec.key)
            f = national_funnel(spec.key, used)
        except NotAvailableError:
            continue
        verdicts = f.points.verdict
        higher = verdicts.str.contains("higher").sum()
        lower = verdicts.str.contains("lower").sum()
        rows.append({"key": spec.key, "label": spec.label, "period": used, "forces": len(f.points),
                     "england_and_wales": f.target * (1 if f.kind == "rate" else 100),
                     "unit": spec.label.split(" per ")[-1] if f.kind == "rate" else "percent",
                     "overdispersed": f.overdispersed, "dispersion_ratio": f.dispersion.statistic / f.dispersion.dof,
                     "dispersion_p": f.dispersion.p_value, "higher": int(higher), "lower": int(lower),
                     "within": int(len(f.points) - higher - lower)})
    return pd.DataFrame(rows)


def _published_rate_period() -> str:
    """The newest complete year in which the IOPC's published per-1,000-employee rates are held (each measure has
    its own newest year: a new release's cases-finalised table may arrive before its published rates)."""
    newest = latest_complete_period()
    obs = load_observations(with_sources=False)
    held = set(obs.loc[obs.measure == "complaint_cases_per_1000_employees", "period"])
    return max((p for p in held if p <= newest and len(p) == 7 and p[4] == "/"), default=newest)


@memoise
def published_employee_rates(period: str | None = None) -> pd.DataFrame:
    """The IOPC's published "complaint cases per 1,000 employees" beside our per-1,000-officer rates.

    Columns: ``force, published_per_1000_employees, status, source_id, cases_finalised,
    finalised_per_1000_officers, officers, implied_employees`` (the employees the published rate would need if
    it counted cases logged; unknown here because per-force cases logged are not held), ``cases_logged``
    (where held), ``period`` (default: the newest complete year with published rates).  Our rate counts cases
    *finalised* per *officer*: neither the count nor the denominator is the IOPC's, which counts cases *logged*
    per *employee* (officers, staff, PCSOs and designated officers), and per-force staff numbers for 31 March
    2025 are not in the data.
    """
    period = period or _published_rate_period()
    published = pick("complaint_cases_per_1000_employees", period=period, unit="per_1000_employees")
    ours = basis_rates("complaint_cases_finalised", period, "officers").set_index("force")
    table = published[["force", "value", "status", "source_id"]].rename(
        columns={"value": "published_per_1000_employees"})
    table["cases_finalised"] = table.force.map(ours["value"])
    table["officers"] = table.force.map(ours["denominator"])
    table["finalised_per_1000_officers"] = table.force.map(ours["rate"])
    try:
        logged = counts("complaint_cases_logged", period).set_index("force")["value"]
    except NotAvailableError:
        logged = pd.Series(dtype=float)
    table["cases_logged"] = table.force.map(logged)
    table["implied_employees"] = table.cases_logged / table.published_per_1000_employees * 1000
    table["period"] = period
    return table[table.force != ENGLAND_AND_WALES].sort_values("force", ignore_index=True)
