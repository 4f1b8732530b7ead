"""Common wrong answers, recognised so a self-check can name the mistake instead of saying "not quite".

The register ``data/registers/exercise_mistakes.csv`` lists, per exercise, the
mistakes students make (a rule named here, without its ``mistake_`` prefix)
and the feedback to give.  Each rule computes, for a force, the value a
student who made that mistake would get (a list: none when the mistake cannot
be made for that force).  Feedback names the mistake; it never gives the answer.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.memo import memoise
from analysis.data.paths import DATA
from analysis.data.rawfiles import check_choice, check_text, read_table
from analysis.report.teaching.answers import CASES, SCH3, placeholders
from analysis.report.teaching.facts import (
    REVIEWS,
    NoAnswer,
    all_facts,
    finalised_cases,
    previous_denominator,
    reviews_period,
    teaching_fact,
    teaching_period,
)

__all__ = [
    "MISTAKES",
    "MISTAKE_COLUMNS",
    "RULES",
    "load_mistakes",
    "mistake_as_fraction",
    "mistake_days_excluding_suspension",
    "mistake_earlier_year",
    "mistake_early_rounding_high",
    "mistake_early_rounding_low",
    "mistake_employees_old",
    "mistake_not_reasonable_count",
    "mistake_officers_basis",
    "mistake_officers_headcount_old",
    "mistake_old_officers",
    "mistake_old_population",
    "mistake_outside_only",
    "mistake_outside_share",
    "mistake_per_100_not_1000",
    "mistake_per_1000_not_100000",
    "mistake_per_officer",
    "mistake_population_basis",
    "mistake_printed_share",
    "mistake_rounded_down",
    "mistake_rounded_officers_early",
    "mistake_rounded_up",
    "mistake_total_cases",
    "mistake_wald_high",
    "mistake_wald_low",
    "wrong_values",
]

MISTAKES: Path = DATA / "registers" / "exercise_mistakes.csv"
MISTAKE_COLUMNS = ("exercise", "mistake", "feedback")
_Z = 1.959963984540054


def _decimals(tolerance: float) -> int:
    return 1 if 0 < tolerance < 0.5 else 0


# -- scale ---------------------------------------------------------------------------------------------
def mistake_as_fraction(force: str, value: float, tolerance: float) -> list[float]:
    """A percentage given as a proportion (0.198 for 19.8%)."""
    return [value / 100]


def mistake_per_100_not_1000(force: str, value: float, tolerance: float) -> list[float]:
    """A rate per 1,000 computed with x100."""
    return [value / 10]


def mistake_per_officer(force: str, value: float, tolerance: float) -> list[float]:
    """A rate per 1,000 left per one (the x1,000 forgotten)."""
    return [value / 1000]


def mistake_per_1000_not_100000(force: str, value: float, tolerance: float) -> list[float]:
    """A rate per 100,000 computed with x1,000."""
    return [value / 100]


# -- rounding -------------------------------------------------------------------------------------------
def mistake_rounded_up(force: str, value: float, tolerance: float) -> list[float]:
    """Rounded up instead of to the nearest (19.9 for 19.84)."""
    step = 10 ** -_decimals(tolerance)
    return [math.ceil(round(value / step, 9)) * step]


def mistake_rounded_down(force: str, value: float, tolerance: float) -> list[float]:
    """Cut off instead of rounded (19.8 for 19.86)."""
    step = 10 ** -_decimals(tolerance)
    return [math.floor(round(value / step, 9)) * step]


def _wilson(p: float, n: float) -> tuple[float, float]:
    centre = (p + _Z * _Z / (2 * n)) / (1 + _Z * _Z / n)
    half = _Z * math.sqrt(p * (1 - p) / n + _Z * _Z / (4 * n * n)) / (1 + _Z * _Z / n)
    return (centre - half) * 100, (centre + half) * 100


def _share(force: str) -> tuple[float, float]:
    fact = teaching_fact(force, SCH3)
    return fact.value / fact.denominator, fact.denominator


def mistake_early_rounding_low(force: str, value: float, tolerance: float) -> list[float]:
    """Wilson's lower end computed from the share already rounded to a whole per cent."""
    p, n = _share(force)
    return [_wilson(round(p, 2), n)[0]]


def mistake_early_rounding_high(force: str, value: float, tolerance: float) -> list[float]:
    """Wilson's upper end computed from the share already rounded to a whole per cent."""
    p, n = _share(force)
    return [_wilson(round(p, 2), n)[1]]


def mistake_rounded_officers_early(force: str, value: float, tolerance: float) -> list[float]:
    """The rate computed with the officers rounded to the nearest hundred first."""
    fact = teaching_fact(force, CASES, basis="officers")
    rounded = round(fact.denominator, -2)
    return [fact.value / rounded * 1000] if rounded else []


# -- the wrong formula -------------------------------------------------------------------------------
def _wald(force: str) -> tuple[float, float]:
    p, n = _share(force)
    half = _Z * math.sqrt(p * (1 - p) / n)
    return (p - half) * 100, (p + half) * 100


def mistake_wald_low(force: str, value: float, tolerance: float) -> list[float]:
    """The lower end of the simple (Wald) interval, p - 1.96 x standard error."""
    return [_wald(force)[0]]


def mistake_wald_high(force: str, value: float, tolerance: float) -> list[float]:
    """The upper end of the simple (Wald) interval, p + 1.96 x standard error."""
    return [_wald(force)[1]]


# -- the wrong denominator, or its wrong date --------------------------------------------------------------
def mistake_officers_headcount_old(force: str, value: float, tolerance: float) -> list[float]:
    """The officer headcount of an earlier date (the package's oldest workforce figures)."""
    return [previous_denominator(force, "officers")[0]]


def mistake_employees_old(force: str, value: float, tolerance: float) -> list[float]:
    """All employees (officers, staff, PCSOs) of an earlier date, not officers."""
    return [previous_denominator(force, "employees")[0]]


def mistake_old_officers(force: str, value: float, tolerance: float) -> list[float]:
    """The rate on the officer headcount of an earlier date."""
    return [teaching_fact(force, CASES).value / previous_denominator(force, "officers")[0] * 1000]


def mistake_old_population(force: str, value: float, tolerance: float) -> list[float]:
    """The rate on the population of an earlier year."""
    return [teaching_fact(force, CASES).value / previous_denominator(force, "population")[0] * 100_000]


def mistake_population_basis(force: str, value: float, tolerance: float) -> list[float]:
    """The rate per 100,000 residents given where the rate per 1,000 officers was asked."""
    return [teaching_fact(force, CASES, basis="population").rate]


def mistake_officers_basis(force: str, value: float, tolerance: float) -> list[float]:
    """The rate per 1,000 officers given where the rate per 100,000 residents was asked."""
    return [teaching_fact(force, CASES, basis="officers").rate]


# -- the wrong figure, or the wrong year ---------------------------------------------------------------------
def mistake_outside_only(force: str, value: float, tolerance: float) -> list[float]:
    """Only the cases handled outside Schedule 3."""
    return [teaching_fact(force, CASES).value - teaching_fact(force, SCH3).value]


def mistake_total_cases(force: str, value: float, tolerance: float) -> list[float]:
    """All cases finalised, where only the Schedule 3 ones were asked."""
    return [teaching_fact(force, CASES).value]


def mistake_outside_share(force: str, value: float, tolerance: float) -> list[float]:
    """The share handled outside Schedule 3 (100 minus the answer)."""
    return [100 - value]


def mistake_earlier_year(force: str, value: float, tolerance: float) -> list[float]:
    """The force's complaint cases (logged or finalised) of another year than the newest."""
    table = all_facts()
    sel = table[(table.force == placeholders(force)["force"]) & (table.period != teaching_period())
                & table.measure.isin([CASES, "complaint_cases_logged"])]
    return sorted(set(sel.value.astype(float)))


def mistake_printed_share(force: str, value: float, tolerance: float) -> list[float]:
    """The printed figure being checked, repeated instead of recomputed."""
    from analysis.report.teaching.answers import referred_parts

    return [float(referred_parts()["printed"])]


def mistake_days_excluding_suspension(force: str, value: float, tolerance: float) -> list[float]:
    """Average days excluding time suspended, where the question asks for time suspended included."""
    table = finalised_cases().set_index("force")
    name = placeholders(force)["force"]
    if name not in table.index or pd.isna(table.loc[name, "days_sch3_exc"]):
        return []
    return [float(table.loc[name, "days_sch3_exc"])]


def mistake_not_reasonable_count(force: str, value: float, tolerance: float) -> list[float]:
    """The reviews that found the outcome not reasonable, not all valid reviews."""
    return [teaching_fact(force, REVIEWS, category="Not investigated", period=reviews_period()).value]


RULES = {name[len("mistake_"):]: globals()[name] for name in __all__ if name.startswith("mistake_")}


def load_mistakes(path: Path | None = None, known_exercises: set[str] | None = None) -> pd.DataFrame:
    """The register of common mistakes, validated (errors name file, row and column); the default read once."""
    if path is None and known_exercises is None:
        return _default_mistakes()
    return _read_mistakes(Path(path) if path is not None else MISTAKES, known_exercises)


@memoise
def _default_mistakes() -> pd.DataFrame:
    return _read_mistakes(MISTAKES, None)


def _read_mistakes(path: Path, known_exercises: set[str] | None) -> pd.DataFrame:
    records, seen = [], set()
    for row in read_table(path, MISTAKE_COLUMNS):
        for column in MISTAKE_COLUMNS:
            check_text(path, row, column)
        if known_exercises is not None and row["exercise"] not in known_exercises:
            raise DataError(path, f"no exercise {row['exercise']!r} in exercises.csv", row=row.number,
                            column="exercise")
        check_choice(path, row, "mistake", sorted(RULES))
        key = (row["exercise"], row["mistake"])
        if key in seen:
            raise DataError(path, f"mistake {row['mistake']!r} is listed twice for {row['exercise']!r}",
                            row=row.number, column="mistake")
        seen.add(key)
        records.append(dict(row.cells))
    return pd.DataFrame.from_records(records, columns=list(MISTAKE_COLUMNS))


def wrong_values(mistake: str, force: str, value: float, tolerance: float) -> list[float]:
    """What a student making ``mistake`` would answer for ``force`` (empty when it cannot be made there).

    Values that would pass as right (within the tolerance of ``value``) are left out.
    """
    try:
        found = RULES[mistake](force, value, tolerance)
    except NoAnswer:
        return []
    return [w for w in found if math.isfinite(w) and abs(w - value) > tolerance + 1e-9]
