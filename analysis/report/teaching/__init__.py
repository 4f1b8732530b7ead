"""The teaching room: self-checks, hints, worksheets, assignments and the glossary for the lessons.

Lessons import from here: ``from analysis.report.teaching import ask, check, hint, say``.
Every figure the teaching code shows comes through one accessor,
:func:`analysis.report.teaching.facts.teaching_fact` (the newest period, no typed year).
"""

from analysis.report.teaching.answers import ANSWERS, placeholders
from analysis.report.teaching.checks import (
    EXERCISE_COLUMNS,
    EXERCISES,
    CheckResult,
    ask,
    check,
    exercise,
    expected,
    fill,
    hint,
    load_exercises,
    question,
    say,
)
from analysis.report.teaching.facts import NoAnswer, newest_period, teaching_fact, teaching_table

__all__ = [
    "ANSWERS",
    "EXERCISES",
    "EXERCISE_COLUMNS",
    "CheckResult",
    "NoAnswer",
    "ask",
    "check",
    "exercise",
    "expected",
    "fill",
    "hint",
    "load_exercises",
    "newest_period",
    "placeholders",
    "question",
    "say",
    "teaching_fact",
    "teaching_table",
]
