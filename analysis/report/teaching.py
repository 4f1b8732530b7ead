"""Self-checks for the teaching route: ``check("rates.2", answer, force=force)`` says right or wrong, with a hint.

Exercises are data (``data/registers/exercises.csv``): an id, the lesson, the
question (``{force}`` is replaced by the student's force), the name of the
function here that computes the expected answer from the data (``answer_*``),
the kind of answer (``number`` or ``text``), the tolerance, the unit, a hint
and whether the exercise goes on the per-force worksheet.  No expected answer
is typed anywhere: each ``answer_*`` function computes it for the force.

When a force has no figure for an exercise, the function raises
:class:`NoAnswer` and :func:`check` says so instead of marking the student wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import stats
from analysis.data.case_study import case_study
from analysis.data.errors import DataError
from analysis.data.forces import Force, resolve
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.paths import DATA
from analysis.data.rawfiles import check_choice, check_text, parse_value, read_table
from analysis.data.reference import load_counting_units
from analysis.data.vocabulary import DEFAULT_FORCE
from analysis.tables import comparisons as cmp
from analysis.tables import complaints as cpl
from analysis.tables import coverage as cov
from analysis.tables import factcheck as fc

__all__ = [
    "ANSWERS",
    "EXERCISES",
    "EXERCISE_COLUMNS",
    "CheckResult",
    "NoAnswer",
    "answer_cases_finalised",
    "answer_cases_per_1000_officers",
    "answer_cases_per_100k_people",
    "answer_claims_cannot_check",
    "answer_claims_in_register",
    "answer_conflicting_figures",
    "answer_days_sch3",
    "answer_dyfed_powys_referred_percent",
    "answer_employees",
    "answer_finalised_status",
    "answer_forces_beyond_998_plain",
    "answer_forces_outside_95_adjusted",
    "answer_officer_allegations_example",
    "answer_reviews_not_investigated",
    "answer_sch3_band_adjusted",
    "answer_sch3_cases",
    "answer_sch3_percent",
    "answer_sch3_wilson_high",
    "answer_sch3_wilson_low",
    "answer_uncertain_figures",
    "ask",
    "check",
    "exercise",
    "fill_question",
    "expected",
    "load_exercises",
    "question",
    "say",
]

EXERCISES: Path = DATA / "registers" / "exercises.csv"
EXERCISE_COLUMNS = ("id", "lesson", "question", "answer", "kind", "tolerance", "unit", "hint", "worksheet")
_ID = re.compile(r"^[a-z]+\.\d+$")


class NoAnswer(LookupError):
    """The force has no figure for this exercise (the message says which and why)."""


# --------------------------------------------------------------------------
# Helpers: one force's rows
# --------------------------------------------------------------------------
def _name(force: str | Force) -> str:
    return resolve(force).name


def _finalised_row(force: str) -> pd.Series:
    table = cmp.finalised().set_index("force")
    name = _name(force)
    if name not in table.index:
        raise NoAnswer(f"the IOPC {table.period.iloc[0]} table of complaint cases finalised has no row for {name}")
    return table.loc[name]


def _denominator(force: str, column: str) -> float:
    table = cpl.denominators().set_index("force")
    name = _name(force)
    if name not in table.index or pd.isna(table.loc[name, column]):
        raise NoAnswer(f"there is no {column} figure for {name} in the package")
    return float(table.loc[name, column])


def _sch3_point(force: str) -> pd.Series:
    points = cmp.sch3_share_funnel().points.set_index("force")
    name = _name(force)
    if name not in points.index:
        raise NoAnswer(f"{name} is not on the {cmp.per_force_periods()[-1]} Schedule 3 funnel plot")
    return points.loc[name]


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
    """Complaint cases the force finalised in 2024/25 (outside Schedule 3 plus under Schedule 3)."""
    return float(_finalised_row(force)["total"])


def answer_sch3_cases(force: str = DEFAULT_FORCE) -> float:
    """Complaint cases the force finalised under Schedule 3 in 2024/25."""
    return float(_finalised_row(force)["sch3"])


def answer_finalised_status(force: str = DEFAULT_FORCE) -> str:
    """The status (published, derived, uncertain) of the force's 2024/25 finalised figures."""
    return str(_finalised_row(force)["status"])


# --------------------------------------------------------------------------
# Lesson 2: counts, rates and denominators
# --------------------------------------------------------------------------
def answer_employees(force: str = DEFAULT_FORCE) -> float:
    """Total workforce headcount at 31 March 2021."""
    return _denominator(force, "employees")


def answer_cases_per_1000_officers(force: str = DEFAULT_FORCE) -> float:
    """2024/25 cases finalised per 1,000 officers (headcount at 31 March 2021, the latest in the package)."""
    return answer_cases_finalised(force) / _denominator(force, "officers") * 1000


def answer_cases_per_100k_people(force: str = DEFAULT_FORCE) -> float:
    """2024/25 cases finalised per 100,000 residents (ONS mid-2020, the latest in the package)."""
    return answer_cases_finalised(force) / _denominator(force, "population") * 100_000


# --------------------------------------------------------------------------
# Lesson 3: proportions and their uncertainty
# --------------------------------------------------------------------------
def answer_sch3_percent(force: str = DEFAULT_FORCE) -> float:
    """Share of 2024/25 finalised cases handled under Schedule 3, in per cent."""
    row = _finalised_row(force)
    return float(row["sch3"] / row["total"] * 100)


def _wilson(force: str) -> tuple[float, float]:
    row = _finalised_row(force)
    interval = stats.wilson_interval(row["sch3"], row["total"])
    return float(interval[0]) * 100, float(interval[1]) * 100


def answer_sch3_wilson_low(force: str = DEFAULT_FORCE) -> float:
    """Lower end of the 95% Wilson interval for the Schedule 3 share, in per cent."""
    return _wilson(force)[0]


def answer_sch3_wilson_high(force: str = DEFAULT_FORCE) -> float:
    """Upper end of the 95% Wilson interval for the Schedule 3 share, in per cent."""
    return _wilson(force)[1]


# --------------------------------------------------------------------------
# Lesson 4: comparing forces without a league table
# --------------------------------------------------------------------------
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


def answer_dyfed_powys_referred_percent(force: str = DEFAULT_FORCE) -> float:
    """Dyfed-Powys 2020/21: formal complaints referred to proceedings as a share of 417 formal complaints, per cent."""
    obs = load_observations(with_sources=False)
    sel = obs[(obs.force == "Dyfed-Powys") & (obs.period == case_study()["home_office_period"])
              & (obs.dataset == "home_office_misconduct_2020_21")]
    referred = sel[(sel.measure == "formal_complaints_by_outcome") & (sel.category == "Referred to proceedings")]
    base = sel[(sel.measure == "formal_complaints") & (sel.note.str.contains("PA template"))]
    if len(referred) != 1 or len(base) != 1:
        raise NoAnswer(f"the Dyfed-Powys {case_study()['home_office_period']} referred and formal-complaint figures "
                       "are not both in the data")
    return float(referred.value.iloc[0] / base.value.iloc[0] * 100)


# --------------------------------------------------------------------------
# Lesson 6: when sources disagree
# --------------------------------------------------------------------------
def _force_figures(force: str) -> pd.DataFrame:
    obs = load_observations(with_sources=False)
    return obs[obs.force == _name(force)]


def answer_uncertain_figures(force: str = DEFAULT_FORCE) -> float:
    """How many of the force's figures in the package carry the status ``uncertain``."""
    return float((_force_figures(force)["status"] == "uncertain").sum())


def answer_conflicting_figures(force: str = DEFAULT_FORCE) -> float:
    """How many figures about the force disagree with another figure for the same measure, period and unit."""
    table = cov.alternatives(conflicts_only=True)
    return float((table["force"] == _name(force)).sum())


# --------------------------------------------------------------------------
# Lesson 7: writing it up
# --------------------------------------------------------------------------
def answer_days_sch3(force: str = DEFAULT_FORCE) -> float:
    """Average working days to finalise a Schedule 3 case in 2024/25, excluding suspensions."""
    value = _finalised_row(force)["days_sch3_exc"]
    if pd.isna(value):
        raise NoAnswer(f"the IOPC table prints no Schedule 3 time for {_name(force)}")
    return float(value)


def answer_reviews_not_investigated(force: str = DEFAULT_FORCE) -> float:
    """Valid completed IOPC reviews of complaints not investigated, 2024/25."""
    table = cmp.reviews_2024_25()
    sel = table[(table.force == _name(force)) & (table.route == "Not investigated")]
    if sel.empty:
        raise NoAnswer(f"the IOPC printed no completed reviews of non-investigated complaints for {_name(force)}")
    return float(sel["valid"].iloc[0])


ANSWERS = {name[len("answer_"):]: globals()[name] for name in __all__ if name.startswith("answer_")}


# --------------------------------------------------------------------------
# The register and the checker
# --------------------------------------------------------------------------
def load_exercises(path: Path | None = None) -> pd.DataFrame:
    """The exercise register, validated (errors name file, row and column)."""
    path = Path(path) if path is not None else EXERCISES
    rows = read_table(path, EXERCISE_COLUMNS)
    records, seen = [], set()
    for row in rows:
        for column in ("id", "lesson", "question", "hint"):
            check_text(path, row, column)
        if not _ID.match(row["id"]):
            raise DataError(path, f"an exercise id looks like 'rates.2', found {row['id']!r}", row=row.number,
                            column="id")
        if row["id"] in seen:
            raise DataError(path, f"exercise id {row['id']!r} appears twice", row=row.number, column="id")
        seen.add(row["id"])
        check_choice(path, row, "answer", sorted(ANSWERS))
        kind = check_choice(path, row, "kind", ("number", "text"))
        tolerance = parse_value(path, row, "tolerance") if kind == "number" else 0.0
        check_choice(path, row, "worksheet", ("yes", "no"))
        records.append({**row.cells, "tolerance": tolerance, "worksheet": row["worksheet"] == "yes"})
    return pd.DataFrame.from_records(records, columns=list(EXERCISE_COLUMNS))


def exercise(exercise_id: str) -> dict:
    """One exercise from the register, as a dict (``KeyError`` naming the known ids if absent)."""
    table = load_exercises().set_index("id")
    if exercise_id not in table.index:
        raise KeyError(f"no exercise {exercise_id!r}; known: {', '.join(table.index)}")
    return {"id": exercise_id, **table.loc[exercise_id].to_dict()}


def expected(exercise_id: str, force: str = DEFAULT_FORCE) -> float | str:
    """The expected answer for a force, computed from the data (raises :class:`NoAnswer`)."""
    return ANSWERS[exercise(exercise_id)["answer"]](force)


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check` found: ``correct`` is ``None`` when the force has no figure for the exercise."""

    exercise_id: str
    force: str
    correct: bool | None
    message: str

    def __bool__(self) -> bool:
        return bool(self.correct)

    def __repr__(self) -> str:
        return self.message


def _number(answer: object) -> float | None:
    if isinstance(answer, bool):
        return None
    if isinstance(answer, str):
        answer = answer.replace(",", "").replace("%", "").strip()
    try:
        return float(answer)
    except (TypeError, ValueError):
        return None


def check(exercise_id: str, answer: object, force: str = DEFAULT_FORCE) -> CheckResult:
    """Say whether ``answer`` is right for ``force``; a wrong answer gets the exercise's hint, never the answer."""
    ex = exercise(exercise_id)
    name = _name(force)
    try:
        value = ANSWERS[ex["answer"]](name)
    except NoAnswer as exc:
        return CheckResult(exercise_id, name, None, f"{exercise_id}: no figure for {name} ({exc}). "
                                                    "Try the exercise with another force.")
    if answer is None or answer is Ellipsis:
        return CheckResult(exercise_id, name, False, f"{exercise_id}: not answered yet. Hint: {ex['hint']}")
    if ex["kind"] == "number":
        given = _number(answer)
        if given is None:
            return CheckResult(exercise_id, name, False, f"{exercise_id}: expected a number, got {answer!r}.")
        right = abs(given - value) <= ex["tolerance"]
    else:
        right = str(answer).strip().lower() == str(value).strip().lower()
    if right:
        return CheckResult(exercise_id, name, True, f"{exercise_id}: right for {name}.")
    return CheckResult(exercise_id, name, False, f"{exercise_id}: not quite. Hint: {ex['hint']}")


def fill_question(text: str, force: str | Force) -> str:
    """An exercise's text with ``{force}`` and the years filled in from the data: ``{newest}`` (the newest year of
    the per-force cases-finalised table), ``{newest_reviews}`` (of the reviews table) and ``{seed}`` (the case
    study's year)."""
    years = {"{newest}": cmp.per_force_periods(cmp.DS_FINALISED)[-1],
             "{newest_reviews}": cmp.per_force_periods(cmp.DS_REVIEWS)[-1], "{seed}": case_study()["period"]}
    for key, value in years.items():
        text = text.replace(key, value)
    return text.replace("{force}", _name(force))


def question(exercise_id: str, force: str = DEFAULT_FORCE) -> str:
    """The exercise's question for a force (``{force}`` and the years filled in: :func:`fill_question`)."""
    return fill_question(exercise(exercise_id)["question"], force)


def say(text: str) -> None:
    """Show ``text`` as Markdown in a notebook (sentences whose numbers come from code)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def ask(exercise_id: str, force: str = DEFAULT_FORCE) -> None:
    """Show an exercise's question for the student's force, in bold, with its id."""
    say(f"**Exercise {exercise_id}.** {question(exercise_id, force)}")
