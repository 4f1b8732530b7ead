"""Marked assignments per force: the brief with its rubric, a model answer and the teacher's marking sheet.

The assignments (``data/registers/assignments.csv``) and their rubrics
(``data/registers/rubrics.csv``: criteria, marks and what a first-class answer
does) are data.  For a force, :func:`assignment_brief` gives the student's
brief (for the fact-check, the claims to check), :func:`model_answer` the model
answer computed from the data (:mod:`analysis.report.teaching.model_answers`)
and :func:`marking_sheet` a sheet with a row per criterion and the figures to
mark against.  :func:`assignments_guide` is ``docs/assignments.md``.  Every
sheet prints its edition.  All text is Markdown.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.forces import resolve
from analysis.data.paths import DATA
from analysis.data.rawfiles import check_text, parse_value, read_table
from analysis.report.teaching.checks import fill
from analysis.report.teaching.edition import edition_line
from analysis.report.teaching.model_answers import fact_check, news_story

__all__ = [
    "ASSIGNMENTS",
    "ASSIGNMENT_COLUMNS",
    "RUBRICS",
    "RUBRIC_COLUMNS",
    "assignment_brief",
    "assignments_guide",
    "load_assignments",
    "load_rubrics",
    "marking_sheet",
    "model_answer",
    "rubric_markdown",
]

ASSIGNMENTS: Path = DATA / "registers" / "assignments.csv"
RUBRICS: Path = DATA / "registers" / "rubrics.csv"
ASSIGNMENT_COLUMNS = ("id", "title", "words", "brief")
RUBRIC_COLUMNS = ("assignment", "criterion", "marks", "first_class", "common_faults")


def load_assignments(path: Path | None = None) -> pd.DataFrame:
    """The assignments register, validated (errors name file, row and column)."""
    path = Path(path) if path is not None else ASSIGNMENTS
    records = []
    for row in read_table(path, ASSIGNMENT_COLUMNS):
        for column in ("id", "title", "brief"):
            check_text(path, row, column)
        records.append({**row.cells, "words": int(parse_value(path, row, "words"))})
    return pd.DataFrame.from_records(records, columns=list(ASSIGNMENT_COLUMNS))


def load_rubrics(path: Path | None = None, assignments: set[str] | None = None) -> pd.DataFrame:
    """The rubrics, validated: known assignments, positive marks, a first-class description for each criterion."""
    path = Path(path) if path is not None else RUBRICS
    known = set(load_assignments().id) if assignments is None else assignments
    records = []
    for row in read_table(path, RUBRIC_COLUMNS):
        for column in RUBRIC_COLUMNS:
            check_text(path, row, column)
        if row["assignment"] not in known:
            raise DataError(path, f"no assignment {row['assignment']!r} in assignments.csv", row=row.number,
                            column="assignment")
        marks = parse_value(path, row, "marks")
        if marks <= 0 or marks != int(marks):
            raise DataError(path, f"marks must be a positive whole number, found {row['marks']!r}", row=row.number,
                            column="marks")
        records.append({**row.cells, "marks": int(marks)})
    return pd.DataFrame.from_records(records, columns=list(RUBRIC_COLUMNS))


def _assignment(assignment_id: str) -> dict:
    table = load_assignments().set_index("id")
    if assignment_id not in table.index:
        raise KeyError(f"no assignment {assignment_id!r}; known: {', '.join(table.index)}")
    return {"id": assignment_id, **table.loc[assignment_id].to_dict()}


def rubric_markdown(assignment_id: str) -> list[str]:
    """The rubric as Markdown lines: criterion, marks, what a first-class answer does, common faults."""
    rubric = load_rubrics()
    rubric = rubric[rubric.assignment == assignment_id]
    lines = [f"**Rubric** ({rubric.marks.sum()} marks)", "", "| criterion | marks | a first-class answer | common faults |",
             "|---|---:|---|---|"]
    lines += [f"| {r.criterion} | {r.marks} | {r.first_class} | {r.common_faults} |" for r in rubric.itertuples()]
    return lines


def _claims_markdown(force: str, with_verdicts: bool) -> list[str]:
    lines = []
    for number, claim in enumerate(fact_check(force), start=1):
        label = "published" if claim["published"] else "written for this exercise"
        lines.append(f"{number}. *\"{claim['claim']}\"* ({label})")
        if with_verdicts:
            lines += [f"   - **Verdict:** {claim['verdict']}", f"   - **Working:** {claim['working']}"]
    return lines


def _header(force: str, title: str) -> list[str]:
    return [f"# {resolve(force).name}: {title}", "", f"*{edition_line()}*", ""]


def assignment_brief(assignment_id: str, force: str) -> str:
    """The student's brief for a force: the task, (for the fact-check) the claims, and the rubric."""
    ex = _assignment(assignment_id)
    name = resolve(force).name
    lines = _header(name, ex["title"]) + [fill(ex["brief"], name, words=str(ex["words"])), ""]
    if assignment_id == "fact-check":
        lines += ["## The claims", ""] + _claims_markdown(name, with_verdicts=False) + [""]
    lines += rubric_markdown(assignment_id)
    return "\n".join(lines) + "\n"


def _fact_box_markdown(box: pd.DataFrame) -> list[str]:
    lines = ["| figure | value | period | status | source |", "|---|---|---|---|---|"]
    return lines + [f"| {r.figure} | {r.value} | {r.period} | {r.status} | {r.source} |" for r in box.itertuples()]


def model_answer(assignment_id: str, force: str) -> str:
    """The model answer for a force, generated from the data (for the teacher)."""
    ex = _assignment(assignment_id)
    name = resolve(force).name
    lines = _header(name, f"model answer, {ex['title'].lower()}")
    if assignment_id == "news-story":
        story = news_story(name)
        lines += [f"## {story['headline']}", ""]
        for para in story["paragraphs"]:
            lines += [para, ""]
        lines += [f"*{story['words']} words.*", "", "### Fact box", ""] + _fact_box_markdown(story["fact_box"])
    elif assignment_id == "fact-check":
        lines += _claims_markdown(name, with_verdicts=True)
    else:  # pragma: no cover - a new assignment needs its model answer here
        raise KeyError(f"no model answer is written for assignment {assignment_id!r}")
    return "\n".join(lines) + "\n"


def marking_sheet(assignment_id: str, force: str) -> str:
    """The teacher's marking sheet: a row per criterion (marks available, mark, comment) and the figures to check."""
    ex = _assignment(assignment_id)
    name = resolve(force).name
    rubric = load_rubrics()
    rubric = rubric[rubric.assignment == assignment_id]
    lines = _header(name, f"marking sheet, {ex['title'].lower()}") + [
        "Student: ______________________    Marked by: ______________________    Date: __________", "",
        "| criterion | available | mark | comment |", "|---|---:|---:|---|"]
    lines += [f"| {r.criterion} | {r.marks} |  |  |" for r in rubric.itertuples()]
    lines += [f"| **Total** | **{rubric.marks.sum()}** |  |  |", "", "## Mark against these figures", ""]
    if assignment_id == "news-story":
        lines += _fact_box_markdown(news_story(name)["fact_box"])
    else:
        lines += _claims_markdown(name, with_verdicts=True)
    lines += ["", "## What a first-class answer does", ""]
    lines += [f"- **{r.criterion}:** {r.first_class}" for r in rubric.itertuples()]
    return "\n".join(lines) + "\n"


def assignments_guide() -> str:
    """``docs/assignments.md``: the assignments, their rubrics and how to generate them for a force."""
    lines = ["# Marked assignments", "", "<!-- generated by `make teaching` from data/registers/assignments.csv and "
             "rubrics.csv: do not edit -->", "",
             "Two marked assignments per student, each on the student's own force. For a force, "
             '`make assignment FORCE="Gwent"` writes into `assignments/gwent/` (git-ignored), for each assignment, '
             "the student's brief with its rubric (`<id>-brief.md`), the model answer computed from the data "
             "(`<id>-model-answer.md`) and the teacher's marking sheet (`<id>-marking-sheet.md`). Every sheet prints "
             "its edition (package version, newest period, data date); after new data, the same command re-issues "
             "them.", ""]
    for ex in load_assignments().itertuples():
        lines += [f"## {ex.title} (`{ex.id}`, about {ex.words} words)", "",
                  ex.brief.replace("{force}", "the force").replace("{period}", "the newest year")
                  .replace("{words}", str(ex.words)), ""]
        lines += rubric_markdown(ex.id) + [""]
    return "\n".join(lines).rstrip("\n") + "\n"
