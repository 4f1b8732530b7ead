"""The teaching room: self-checks, hints, worksheets, assignments and the glossary for the lessons.

Lessons import from here: ``from analysis.report.teaching import ask, check, hint, say``.
Every figure the teaching code shows comes through one accessor,
:func:`analysis.report.teaching.facts.teaching_fact` (the newest period, no typed year).
"""

from analysis.report.teaching.answers import ANSWERS, placeholders
from analysis.report.teaching.checks import (
    EXERCISE_COLUMNS,
    EXERCISE_PLACEHOLDERS,
    EXERCISES,
    TEMPLATE_COLUMNS,
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
from analysis.report.teaching.facts import NoAnswer, all_facts, teaching_fact, teaching_period, teaching_table

__all__ = [
    "ANSWERS",
    "EXERCISES",
    "EXERCISE_COLUMNS",
    "EXERCISE_PLACEHOLDERS",
    "CheckResult",
    "NoAnswer",
    "all_facts",
    "ask",
    "check",
    "exercise",
    "expected",
    "fill",
    "hint",
    "load_exercises",
    "teaching_period",
    "placeholders",
    "question",
    "say",
    "TEMPLATE_COLUMNS",
    "teaching_fact",
    "teaching_table",
]
