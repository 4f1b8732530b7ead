"""Around the fact-check: the figures the stories imply but do not print, the notebook's discussion and the
chart's headline.

The seed documents are about one force, :data:`CASE_STUDY_FORCE`;
:func:`context_figures` sets its figures against England and Wales.  These
are not claims (the stories do not print them), so they get no verdict.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis.data.case_study import case_study
from analysis.data.claims import Key
from analysis.data.forces import ENGLAND_AND_WALES
from analysis.data.formatting import fmt
from analysis.data.vocabulary import HANDLING
from analysis.tables.factcheck import DOCUMENTS, VERDICTS, claims_table
from analysis.tables.factcheck_lookup import FactcheckData, Fig

__all__ = ["CASE_STUDY_FORCE", "HO_YEAR", "IOPC_YEAR", "NEW_COMPLAINTS_SYSTEM", "PA_YEARS", "PEEL_YEAR",
           "POPULATION_DATE", "WORKFORCE_DATE", "context_figures", "discussion", "headline"]

#: The force the seed documents are about: the fact-check's case study (not the notebooks' default force).
#: The case study's years and dates live in its register, data/registers/case_study.csv.
_CASE = case_study()
CASE_STUDY_FORCE = _CASE["force"]
IOPC_YEAR = _CASE["period"]                    # IOPC complaints statistics (Stoke Sentinel, document 000)
HO_YEAR = _CASE["home_office_period"]          # Home Office misconduct statistics (Burton Mail, 002)
PA_YEARS = _CASE["pa_foi_period"]              # PA FOI survey, calendar years (Express & Star, 001)
PEEL_YEAR = _CASE["peel_period"]               # HMICFRS PEEL inspection (004)
NEW_COMPLAINTS_SYSTEM = _CASE["new_complaints_system"]  # Policing and Crime Act 2017 complaints rules in force
POPULATION_DATE = _CASE["population_date"]
WORKFORCE_DATE = _CASE["workforce_date"]

_FORCE = CASE_STUDY_FORCE
_EW = ENGLAND_AND_WALES
_COLUMN = CASE_STUDY_FORCE.lower()
_WIRED = "iopc-2021-release-wiredgov"
_HO_EW = "ho-urdupoint-2022-06-01"



def _long_date(iso: str) -> str:
    """An ISO date in words (day, month name, year)."""
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"

def _iopc(force: str, measure: str, category: str = "all") -> Key:
    return Key(force, IOPC_YEAR, measure, category)


def _ho(measure: str, category: str = "all") -> Key:
    return Key(_FORCE, HO_YEAR, measure, category)


def _peel(measure: str) -> Key:
    return Key(_FORCE, PEEL_YEAR, measure)


class _Rows:
    """The context rows being built, read from one :class:`FactcheckData`."""

    def __init__(self) -> None:
        self.d = FactcheckData()
        self.rows: list[dict] = []

    def add(self, key: str, label: str, force: float, ew: float, unit: str, how: str, figs: list[Fig]) -> None:
        status = "uncertain" if any(f.status == "uncertain" for f in figs) else "derived"
        self.rows.append({"key": key, "label": label, _COLUMN: force, "england_and_wales": ew, "unit": unit,
                          "computed_how": how, "source_ids": ";".join(dict.fromkeys(f.source_id for f in figs)),
                          "status": status})

    def share_of_ew(self, key: str, what: str, fk: Key, ek: Key, f_sid: str, e_sid: str) -> None:
        a, b = self.d.get(fk, f_sid), self.d.get(ek, e_sid)
        self.add(key, f"{_FORCE}'s share of {what}", 100 * a.value / b.value, np.nan, "percent of England and Wales",
                 f"100 x {fmt(a.value)} / {fmt(b.value)}", [a, b])

    def both(self, key: str, label: str, unit: str, pairs: tuple[tuple[Fig, Fig], tuple[Fig, Fig]],
             scale: float = 100) -> None:
        """A ratio for the force and for England and Wales: ``pairs`` = ((num, den) force, (num, den) E&W)."""
        (a, b), (c, e) = pairs
        self.add(key, label, scale * a.value / b.value, scale * c.value / e.value, unit,
                 f"{'100 x ' if scale == 100 else ''}{fmt(a.value)} / {fmt(b.value)}; "
                 f"{'100 x ' if scale == 100 else ''}{fmt(c.value)} / {fmt(e.value)}", [a, b, c, e])


def context_figures() -> pd.DataFrame:
    """Derived figures that put the stories in context (not claims: the stories do not print them).

    Columns: ``key, label, staffordshire, england_and_wales, unit, computed_how,
    source_ids, status`` (the third column is named after
    :data:`CASE_STUDY_FORCE`).  Shares are percentages.  ``status`` is
    ``derived`` (or ``uncertain`` if an input is).
    """
    r = _Rows()
    g = r.d.get
    s0, s1, s2, s4 = (DOCUMENTS[n].source_id for n in ("000", "001", "002", "004"))
    r.share_of_ew("share_of_ew_population", f"the England and Wales population (mid-{POPULATION_DATE[:4]})",
                  Key(_FORCE, POPULATION_DATE, "population", unit="people"),
                  Key(_EW, POPULATION_DATE, "population", unit="people"),
                  "ons-mye-mid2020-lad-lesscrime", "ons-mye-mid2020-ew-total")
    r.share_of_ew("share_of_ew_workforce", f"the police workforce (headcount, {_long_date(WORKFORCE_DATE)})",
                  Key(_FORCE, WORKFORCE_DATE, "workforce", "Total workforce", "people"),
                  Key(_EW, WORKFORCE_DATE, "workforce", "Total workforce", "people"),
                  "howf-open-data-2022-lesscrime", "howf-open-data-2022-lesscrime")
    for key, what, measure, e_sid in (
            ("share_of_ew_complaint_cases", "complaint cases logged (IOPC)", "complaint_cases_logged", _WIRED),
            ("share_of_ew_cases_recorded_sch3", "cases recorded formally (IOPC)", "complaint_cases_recorded_sch3",
             _WIRED),
            ("share_of_ew_allegations", "allegations logged (IOPC)", "allegations_logged", _WIRED),
            ("share_of_ew_allegations_finalised", "allegations finalised (IOPC)", "allegations_finalised", s0)):
        r.share_of_ew(key, what, _iopc(_FORCE, measure), _iopc(_EW, measure), s0, e_sid)
    for key, what, measure in (("share_of_ew_ho_complaints", "public complaints (Home Office)", "complaint_cases"),
                               ("share_of_ew_ho_allegations", "complaint allegations (Home Office)",
                                "complaint_allegations")):
        r.share_of_ew(key, what, _ho(measure), Key(_EW, HO_YEAR, measure), s2, _HO_EW)

    # Ratios and mixes, the force against England and Wales.
    sc, ss, sa = (g(_iopc(_FORCE, m), s0) for m in ("complaint_cases_logged", "complaint_cases_recorded_sch3",
                                                    "allegations_logged"))
    ec, es, ea = (g(_iopc(_EW, m), _WIRED) for m in ("complaint_cases_logged", "complaint_cases_recorded_sch3",
                                                     "allegations_logged"))
    r.both("cases_recorded_sch3_pct", "Complaint cases recorded formally, % of cases logged", "percent",
           ((ss, sc), (es, ec)))
    r.both("allegations_per_case", "Allegations per complaint case logged", "allegations per case",
           ((sa, sc), (ea, ec)), scale=1)
    s_all, e_all = g(_iopc(_FORCE, "allegations_finalised"), s0), g(_iopc(_EW, "allegations_finalised"), s0)
    for h in HANDLING:
        a, b = g(_iopc(_FORCE, "allegations_finalised", h), s0), g(_iopc(_EW, "allegations_finalised", h), s0)
        r.both(f"finalised_{h.lower().replace(' ', '_')}_pct", f"Allegations finalised: {h}, % of all finalised",
               "percent", ((a, s_all), (b, e_all)))
    deliv = g(_iopc(_FORCE, "allegations_logged", "Delivery of duties and service"), s0)
    r.add("delivery_of_duties_pct", f"Delivery of duties and service, % of {_FORCE} allegations",
          100 * deliv.value / sa.value, np.nan, "percent", f"100 x {fmt(deliv.value)} / {fmt(sa.value)}", [deliv, sa])
    na, al = g(_ho("allegations_by_outcome", "No action"), s2), g(_ho("complaint_allegations"), s2)
    ew_na = g(Key(_EW, HO_YEAR, "allegations_no_action_share", unit="percent"), _HO_EW)
    r.add("ho_no_action_pct_of_all_allegations", "No action, % of all complaint allegations (Home Office)",
          100 * na.value / al.value, ew_na.value, "percent",
          f"100 x {fmt(na.value)} / {fmt(al.value)}; England and Wales as published ({fmt(ew_na.value)}%, base: "
          "allegations in public complaints)", [na, al, ew_na])
    pa11 = g(Key(_FORCE, PA_YEARS, "sexual_assault_allegations"), s1)
    pa700 = g(Key(_EW, PA_YEARS, "sexual_assault_allegations_lower_bound"), s1)
    r.add(f"pa_{_COLUMN}_share_upper_bound_pct",
          f"{_FORCE}'s share of the PA survey's sexual assault allegations (upper bound: the total is a lower bound)",
          100 * pa11.value / pa700.value, np.nan, "percent (at most)", f"100 x {fmt(pa11.value)} / {fmt(pa700.value)}",
          [pa11, pa700])
    nc, rv = (g(_peel(m), s4) for m in ("corruption_intelligence_items_not_categorised_nationally",
                                        "corruption_intelligence_items_reviewed"))
    r.add("peel_items_not_categorised_pct", "Intelligence items not categorised nationally, % of items reviewed",
          100 * nc.value / rv.value, np.nan, "percent", f"100 x {fmt(nc.value)} / {fmt(rv.value)}", [nc, rv])
    return pd.DataFrame(r.rows)


def discussion(verdict: str, table: pd.DataFrame | None = None) -> str:
    """Markdown bullets explaining every claim with ``verdict`` (for the notebook).

    ``cannot check`` claims are grouped by their reason, so the list stays readable.
    """
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}")
    table = claims_table() if table is None else table
    rows = table[table.verdict == verdict]
    if rows.empty:
        return "_None._"
    if verdict == "cannot check":
        groups = rows.groupby("why", sort=False)
        return "\n".join(
            f"- {why} **{', '.join(f'{r.claim_id} ({r.quoted})' for r in g.itertuples())}**"
            for why, g in groups)
    return "\n".join(
        f"- **{r.claim_id}** ({r.document}): {r.claim}. Printed: *{r.quoted}*; recomputed: "
        f"**{fmt(r.computed_value, 2)}** ({r.computed_how}). {r.why}" for r in rows.itertuples())


def headline(table: pd.DataFrame | None = None) -> str:
    """The chart title: how many quoted figures could be tested, and how many failed."""
    table = claims_table() if table is None else table
    total = len(table)
    tested = int((table.verdict != "cannot check").sum())
    differs = int((table.verdict == "differs").sum())
    tail = "all passed" if differs == 0 else f"{differs} failed"
    return f"Only {tested} of {total} figures in the source documents could be tested; {tail}"
