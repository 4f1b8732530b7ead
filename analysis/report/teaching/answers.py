"""The expected answer of every exercise, computed for a force from the data (``answer_*``), never typed.

``data/registers/exercises.csv`` names, for each exercise, the function here
(without its ``answer_`` prefix) that computes the answer.  Figures of the
newest period come through the teaching accessor
(:func:`analysis.report.teaching.facts.teaching_fact`); a force without the
figure raises :class:`~analysis.report.teaching.facts.NoAnswer`.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.data.forces import resolve, territorial_forces
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.reference import load_counting_units
from analysis.data.vocabulary import DEFAULT_FORCE
from analysis.report.teaching.facts import (
    REVIEWS,
    NoAnswer,
    finalised_cases,
    format_day,
    reviews_period,
    teaching_fact,
    teaching_period,
)
from analysis.tables import comparisons as cmp
from analysis.tables import coverage as cov
from analysis.tables import factcheck as fc

__all__ = [
    "ANSWERS",
    "answer_cases_finalised",
    "answer_cases_per_1000_officers",
    "answer_cases_per_100k_people",
    "answer_claims_cannot_check",
    "answer_claims_in_register",
    "answer_conflicting_figures",
    "answer_days_sch3",
    "answer_factcheck_referred_percent",
    "answer_finalised_status",
    "answer_forces_beyond_998_plain",
    "answer_forces_over_1000_cases",
    "answer_forces_outside_95_adjusted",
    "answer_officer_allegations_example",
    "answer_officers",
    "answer_reviews_not_investigated",
    "answer_sch3_band_adjusted",
    "answer_sch3_cases",
    "answer_sch3_percent",
    "answer_sch3_wilson_high",
    "answer_sch3_wilson_low",
    "answer_territorial_forces",
    "answer_uncertain_figures",
    "placeholders",
    "referred_parts",
]

CASES = "complaint_cases_finalised"
SCH3 = "complaint_cases_finalised_sch3"


def _name(force: str) -> str:
    return resolve(force).name


# --------------------------------------------------------------------------
# Lesson 0: first steps with pandas
# --------------------------------------------------------------------------
def answer_territorial_forces(force: str = DEFAULT_FORCE) -> float:
    """Rows of the newest period's table of cases finalised that are territorial forces (the same for every force)."""
    table = finalised_cases()
    return float(table.force.isin(territorial_forces()).sum())


def answer_forces_over_1000_cases(force: str = DEFAULT_FORCE) -> float:
    """Territorial forces that finalised more than 1,000 complaint cases in the newest period."""
    table = finalised_cases()
    table = table[table.force.isin(territorial_forces())]
    return float((table.total > 1000).sum())


# --------------------------------------------------------------------------
# Lesson 1: reading a release
# --------------------------------------------------------------------------
def answer_officer_allegations_example(force: str = DEFAULT_FORCE) -> float:
    """Officer allegations in the Met's worked example (from ``counting_units.csv``; the same for every force)."""
    units = load_counting_units().set_index("unit")
    match = re.search(r"(\d+) officer allegations", units.loc["officer allegation", "definition"])
    if match is None:  # pragma: no cover - the register's wording is tested
        raise NoAnswer("the counting-units register no longer gives the Met's worked example")
    return float(match[1])


def answer_cases_finalised(force: str = DEFAULT_FORCE) -> float:
    """Complaint cases the force finalised in the newest period (outside Schedule 3 plus under Schedule 3)."""
    return teaching_fact(force, CASES).value


def answer_sch3_cases(force: str = DEFAULT_FORCE) -> float:
    """Complaint cases the force finalised under Schedule 3 in the newest period."""
    return teaching_fact(force, SCH3).value


def answer_finalised_status(force: str = DEFAULT_FORCE) -> str:
    """The status (published, derived, uncertain) of the force's newest finalised figures."""
    return teaching_fact(force, CASES).status


# --------------------------------------------------------------------------
# Lesson 2: counts, rates and denominators (the newest denominators)
# --------------------------------------------------------------------------
def answer_officers(force: str = DEFAULT_FORCE) -> float:
    """Police officers (full-time equivalent) at the date nearest the newest period: the rate's denominator."""
    return teaching_fact(force, CASES, basis="officers").denominator


def answer_cases_per_1000_officers(force: str = DEFAULT_FORCE) -> float:
    """Cases finalised in the newest period per 1,000 officers (FTE at the nearest date)."""
    return teaching_fact(force, CASES, basis="officers").rate


def answer_cases_per_100k_people(force: str = DEFAULT_FORCE) -> float:
    """Cases finalised in the newest period per 100,000 residents (ONS mid-year estimate nearest in time)."""
    return teaching_fact(force, CASES, basis="population").rate


# --------------------------------------------------------------------------
# Lesson 3: proportions and their uncertainty (Wilson intervals)
# --------------------------------------------------------------------------
def answer_sch3_percent(force: str = DEFAULT_FORCE) -> float:
    """Share of the newest period's finalised cases handled under Schedule 3, in per cent."""
    return teaching_fact(force, SCH3).rate


def answer_sch3_wilson_low(force: str = DEFAULT_FORCE) -> float:
    """Lower end of the 95% Wilson interval for the Schedule 3 share, in per cent."""
    return teaching_fact(force, SCH3).rate_low


def answer_sch3_wilson_high(force: str = DEFAULT_FORCE) -> float:
    """Upper end of the 95% Wilson interval for the Schedule 3 share, in per cent."""
    return teaching_fact(force, SCH3).rate_high


# --------------------------------------------------------------------------
# Lesson 4: comparing forces without a league table
# --------------------------------------------------------------------------
def _sch3_point(force: str) -> pd.Series:
    points = cmp.sch3_share_funnel().points.set_index("force")
    name = _name(force)
    if name not in points.index:
        raise NoAnswer(f"{name} is not on the Schedule 3 funnel plot")
    return points.loc[name]


def answer_sch3_band_adjusted(force: str = DEFAULT_FORCE) -> str:
    """Where the force sits on the Schedule 3 funnel, limits widened for over-dispersion."""
    return str(_sch3_point(force)["band_adjusted"])


def answer_forces_beyond_998_plain(force: str = DEFAULT_FORCE) -> float:
    """Forces beyond the plain (chance-only) 99.8% limits on the Schedule 3 funnel (the same for every force)."""
    return float((cmp.sch3_share_funnel().points["band"] == "beyond 99.8%").sum())


def answer_forces_outside_95_adjusted(force: str = DEFAULT_FORCE) -> float:
    """Forces outside the over-dispersion-adjusted 95% limits on the Schedule 3 funnel (the same for every force)."""
    return float((cmp.sch3_share_funnel().points["band_adjusted"] != "within 95%").sum())


# --------------------------------------------------------------------------
# Lesson 5: checking a story's numbers
# --------------------------------------------------------------------------
@memoise
def _claims() -> pd.DataFrame:
    return fc.claims_table()


def answer_claims_in_register(force: str = DEFAULT_FORCE) -> float:
    """Claims in the fact-check register (the same for every force)."""
    return float(len(_claims()))


def answer_claims_cannot_check(force: str = DEFAULT_FORCE) -> float:
    """Claims the fact-check could not check against an independent figure."""
    return float((_claims()["verdict"] == "cannot check").sum())


@memoise
def referred_parts() -> dict[str, float | str]:
    """The lesson 5 case study: a printed share of formal complaints referred, and its two parts.

    Of the printed shares whose parts are both in the data, the first (by force) whose recomputation does not
    round to the printed figure: a misprint to find.  Keys ``force``, ``period``, ``printed`` (per cent),
    ``referred`` and ``base``.
    """
    obs = load_observations(with_sources=False)
    printed = obs[obs.measure == "formal_complaints_referred_share"].sort_values("force")
    for row in printed.itertuples(index=False):
        sel = obs[(obs.force == row.force) & (obs.period == row.period) & (obs.dataset == row.dataset)]
        referred = sel[(sel.measure == "formal_complaints_by_outcome")
                       & (sel.category == "Referred to proceedings")]
        base = sel[(sel.measure == "formal_complaints") & (sel.note.str.contains("PA template"))]
        if len(referred) != 1 or len(base) != 1:
            continue
        parts = {"force": row.force, "period": row.period, "printed": float(row.value),
                 "referred": float(referred.value.iloc[0]), "base": float(base.value.iloc[0])}
        if round(parts["referred"] / parts["base"] * 100, 1) != parts["printed"]:
            return parts
    raise NoAnswer("the data hold no printed share of formal complaints referred that its parts contradict")


def answer_factcheck_referred_percent(force: str = DEFAULT_FORCE) -> float:
    """The lesson 5 case study: formal complaints referred to proceedings as a share of all formal ones, per cent."""
    parts = referred_parts()
    return parts["referred"] / parts["base"] * 100


# --------------------------------------------------------------------------
# Lesson 6: when sources disagree
# --------------------------------------------------------------------------
def answer_uncertain_figures(force: str = DEFAULT_FORCE) -> float:
    """How many of the force's figures in the package carry the status ``uncertain``."""
    obs = load_observations(with_sources=False)
    return float(((obs.force == _name(force)) & (obs.status == "uncertain")).sum())


def answer_conflicting_figures(force: str = DEFAULT_FORCE) -> float:
    """How many figures about the force disagree with another figure for the same measure, period and unit."""
    table = cov.alternatives(conflicts_only=True)
    return float((table["force"] == _name(force)).sum())


# --------------------------------------------------------------------------
# Lesson 7: writing it up
# --------------------------------------------------------------------------
def answer_days_sch3(force: str = DEFAULT_FORCE) -> float:
    """Average working days to finalise a Schedule 3 case in the newest period (time suspended included)."""
    return teaching_fact(force, "days_to_finalise", category="Schedule 3 (including suspension)").value


def answer_reviews_not_investigated(force: str = DEFAULT_FORCE) -> float:
    """Valid completed IOPC reviews of complaints not investigated, in the reviews table's newest year."""
    try:
        fact = teaching_fact(force, REVIEWS, category="Not investigated", period=reviews_period())
    except NoAnswer as exc:
        raise NoAnswer(f"the IOPC printed no completed reviews of non-investigated complaints for "
                       f"{_name(force)} ({exc})") from None
    return fact.denominator


ANSWERS = {name[len("answer_"):]: globals()[name] for name in __all__ if name.startswith("answer_")}


def placeholders(force: str) -> dict[str, str]:
    """Words a question, hint or sentence may use: ``{force}``, ``{period}``, ``{reviews_period}``, ``{officers_date}``,
    ...

    Every value comes from the data (the newest period, the reviews table's newest year, the denominators' dates).
    """
    force = resolve(force)  # once: the figures below take the Force
    name = force.name
    out = {"force": name, "period": teaching_period(), "reviews_period": reviews_period(), "officers_date": "",
           "population_date": "",
           "case_study_force": "", "case_study_period": ""}
    for key, basis in (("officers_date", "officers"), ("population_date", "population")):
        try:
            out[key] = format_day(teaching_fact(force, CASES, basis=basis).denominator_period)
        except NoAnswer:
            out[key] = "(no date: no figure for this force)"
    try:
        parts = referred_parts()
        out["case_study_force"], out["case_study_period"] = str(parts["force"]), str(parts["period"])
    except NoAnswer:
        pass
    return out
