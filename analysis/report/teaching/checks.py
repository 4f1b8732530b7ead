"""Self-checks for the teaching route: ``check("rates.2", answer, force=force)`` says right, or names the mistake.

Exercises are data (``data/registers/exercises.csv``): an id, the lesson, the
question (``{force}``, ``{period}``, ``{officers_date}`` ... are filled in from
the data), the name of the function computing the expected answer
(:mod:`analysis.report.teaching.answers`), the kind (``number`` or ``text``),
the tolerance (half a unit of the last place the question asks for), the unit,
two hints (a nudge, then the method; never the answer), the sentence a key
gives with the number, and whether it goes on the per-force worksheet.

Answers are read as people write them (:mod:`~analysis.report.teaching.parsing`);
a wrong answer a register of common mistakes recognises
(:mod:`~analysis.report.teaching.mistakes`) gets that mistake's feedback.
A blank answer says "not answered yet"; a force without the figure is told so,
never marked wrong.  Nothing here raises for a student's answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.forces import Force, resolve
from analysis.data.memo import memoise
from analysis.data.paths import DATA
from analysis.data.rawfiles import check_choice, check_text, parse_value, read_table
from analysis.data.vocabulary import DEFAULT_FORCE
from analysis.report.teaching.answers import ANSWERS, placeholders
from analysis.report.teaching.facts import NoAnswer
from analysis.report.teaching.mistakes import load_mistakes, wrong_values
from analysis.report.teaching.parsing import AnswerFormatError, read_number, read_text

__all__ = [
    "EXERCISES",
    "EXERCISE_COLUMNS",
    "EXERCISE_PLACEHOLDERS",
    "CheckResult",
    "ask",
    "check",
    "exercise",
    "expected",
    "fill",
    "hint",
    "load_exercises",
    "question",
    "say",
    "TEMPLATE_COLUMNS",
]

EXERCISES: Path = DATA / "registers" / "exercises.csv"
EXERCISE_COLUMNS = ("id", "lesson", "question", "answer", "kind", "tolerance", "unit", "nudge", "method",
                    "sentence", "worksheet")
_ID = re.compile(r"^[a-z]+\.\d+$")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: Every placeholder an exercise's question, nudge, method or sentence may use: exactly what :func:`fill` fills
#: (:func:`analysis.report.teaching.answers.placeholders`, plus ``{answer}`` in a key's sentence).  The build checks
#: the register against it (:func:`analysis.pipeline.build.check_registers`).
EXERCISE_PLACEHOLDERS = ("force", "period", "reviews_period", "officers_date", "population_date", "case_study_force",
                         "case_study_period", "answer")
#: The register's columns that hold text with placeholders.
TEMPLATE_COLUMNS = ("question", "nudge", "method", "sentence")
_KNOWN = set(EXERCISE_PLACEHOLDERS)


def load_exercises(path: Path | None = None) -> pd.DataFrame:
    """The exercise register, validated (errors name file, row and column); the default file is read once."""
    if path is None:
        return _default_exercises()
    return _read_exercises(Path(path))


@memoise
def _default_exercises() -> pd.DataFrame:
    return _read_exercises(EXERCISES)


def _read_exercises(path: Path) -> pd.DataFrame:
    rows = read_table(path, EXERCISE_COLUMNS)
    records, seen = [], set()
    for row in rows:
        for column in ("id", "lesson", "question", "nudge", "method", "sentence"):
            check_text(path, row, column)
        if not _ID.match(row["id"]):
            raise DataError(path, f"an exercise id looks like 'rates.2', found {row['id']!r}", row=row.number,
                            column="id")
        if row["id"] in seen:
            raise DataError(path, f"exercise id {row['id']!r} appears twice", row=row.number, column="id")
        seen.add(row["id"])
        for column in TEMPLATE_COLUMNS:
            unknown = set(_PLACEHOLDER.findall(row[column])) - _KNOWN
            if unknown:
                raise DataError(path, f"unknown placeholder {{{sorted(unknown)[0]}}}", row=row.number,
                                column=column)
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


def fill(text: str, force: str | Force, **extra: str) -> str:
    """``text`` with ``{force}``, ``{period}``, ``{officers_date}`` ... filled in from the data for ``force``."""
    words = {**placeholders(force), **extra}
    return _PLACEHOLDER.sub(lambda m: words.get(m[1], m[0]), text)


@dataclass(frozen=True)
class CheckResult:
    """What :func:`check` found: ``correct`` is ``None`` when the force has no figure for the exercise.

    ``mistake`` names the common mistake recognised (empty when none).
    """

    exercise_id: str
    force: str
    correct: bool | None
    message: str
    mistake: str = ""

    def __bool__(self) -> bool:
        return bool(self.correct)

    def __repr__(self) -> str:
        return self.message


def _stuck(exercise_id: str) -> str:
    return f'Stuck? hint("{exercise_id}", force=force) gives a nudge, hint("{exercise_id}", 2, force=force) the method.'


def check(exercise_id: str, answer: object, force: str = DEFAULT_FORCE) -> CheckResult:
    """Say whether ``answer`` is right for ``force``; a recognised mistake is named; never gives the answer."""
    ex = exercise(exercise_id)
    name = resolve(force).name
    blank = answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip())
    try:
        value = ANSWERS[ex["answer"]](name)
    except NoAnswer as exc:
        return CheckResult(exercise_id, name, None, f"{exercise_id}: no figure for {name} ({exc}). Nothing to "
                           "check here: try the exercise with another force, or say in your notes what is missing.")
    if blank:
        return CheckResult(exercise_id, name, False, f"{exercise_id}: not answered yet. {_stuck(exercise_id)}")
    if ex["kind"] == "number":
        try:
            given = read_number(answer)
        except AnswerFormatError as exc:
            return CheckResult(exercise_id, name, False, f"{exercise_id}: {exc}.", "format")
        tolerance = float(ex["tolerance"])
        right = abs(given - value) <= tolerance + 1e-9
    else:
        given = read_text(answer)
        right = given == read_text(value)
    if right:
        return CheckResult(exercise_id, name, True, f"{exercise_id}: right for {name}.")
    if ex["kind"] == "number":
        mistakes = load_mistakes()
        for row in mistakes[mistakes.exercise == exercise_id].itertuples(index=False):
            if any(abs(given - w) <= tolerance + 1e-9 for w in wrong_values(row.mistake, name, value, tolerance)):
                return CheckResult(exercise_id, name, False,
                                   f"{exercise_id}: not quite. {fill(row.feedback, name)}", row.mistake)
    nudge = fill(ex["nudge"], name)
    return CheckResult(exercise_id, name, False, f"{exercise_id}: not quite. {nudge} {_stuck(exercise_id)}")


def hint(exercise_id: str, step: int = 1, force: str = DEFAULT_FORCE) -> str:
    """The exercise's hint: step 1 a nudge, step 2 the method (never the answer); works for every force."""
    ex = exercise(exercise_id)
    name = resolve(force).name
    try:
        ANSWERS[ex["answer"]](name)
    except NoAnswer as exc:
        return f"{exercise_id}: there is no figure for {name} ({exc}), so nothing to compute; try another force."
    if step not in (1, 2):
        return f"{exercise_id}: hints come in two steps: hint(id) is a nudge, hint(id, 2) the method."
    text = fill(ex["nudge"] if step == 1 else ex["method"], name)
    return f"{exercise_id} ({'nudge' if step == 1 else 'method'}): {text}"


def question(exercise_id: str, force: str = DEFAULT_FORCE) -> str:
    """The exercise's question for a force (placeholders filled in from the data)."""
    return fill(exercise(exercise_id)["question"], force)


def say(text: str) -> None:
    """Show ``text`` as Markdown in a notebook (sentences whose numbers come from code)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


def ask(exercise_id: str, force: str = DEFAULT_FORCE) -> None:
    """Show an exercise's question for the student's force, in bold, with its id."""
    say(f"**Exercise {exercise_id}.** {question(exercise_id, force)}")
