"""A worksheet per force (questions and an answer key computed from the data) and the teachers' overview.

The questions are the exercises marked ``worksheet=yes`` in
``data/registers/exercises.csv``; every answer comes from the ``answer_*``
function the register names (:mod:`analysis.report.teaching.answers`), and the
key gives it as a number and as the sentence a reporter would write.  Every
sheet prints its edition (package version, newest period, data date:
:mod:`analysis.report.teaching.edition`).  Markdown and printable HTML are
rendered here; :mod:`analysis.pipeline.worksheet` writes them.  All data text
is HTML-escaped.
"""

from __future__ import annotations

import html

import pandas as pd

from analysis.data.forces import Force, resolve, territorial_forces
from analysis.data.observations import load_observations
from analysis.report.teaching.answers import ANSWERS
from analysis.report.teaching.checks import fill, load_exercises
from analysis.report.teaching.edition import edition_line
from analysis.report.teaching.facts import NoAnswer
from analysis.tables.coverage import force_coverage, topic

__all__ = [
    "format_answer",
    "teachers_overview",
    "teachers_overview_markdown",
    "worksheet_html",
    "worksheet_items",
    "worksheet_markdown",
]


#: The coverage topic of lesson 2's chart (per-force complaint cases of the first year of the current rules).
_CHART_TOPIC = "iopc_2020_21_cases"


def format_answer(value: float | str, tolerance: float, unit: str) -> str:
    """An answer as printed in a key: whole numbers with separators, one decimal for a 0.1 tolerance."""
    if isinstance(value, str):
        return value
    text = f"{value:,.1f}" if 0 < tolerance < 0.5 else f"{round(value):,.0f}"
    if unit == "%":
        return text + "%"
    return f"{text} {unit}" if unit else text


def worksheet_items(force: str | Force) -> pd.DataFrame:
    """The worksheet for a force: ``number, id, lesson, question, value, answer`` (formatted), ``sentence``, ``hint``.

    Exercises the force has no figure for are left out (:class:`~analysis.report.teaching.NoAnswer`).
    """
    force = resolve(force)  # once, at the door: the answers below take the Force
    rows = []
    for ex in load_exercises().itertuples(index=False):
        if not ex.worksheet:
            continue
        try:
            value = ANSWERS[ex.answer](force)
        except NoAnswer:
            continue
        answer = format_answer(value, ex.tolerance, ex.unit)
        rows.append({"id": ex.id, "lesson": ex.lesson, "question": fill(ex.question, force), "value": value,
                     "answer": answer, "sentence": fill(ex.sentence, force, answer=answer),
                     "hint": fill(ex.nudge, force)})
    table = pd.DataFrame(rows, columns=["id", "lesson", "question", "value", "answer", "sentence", "hint"])
    table.insert(0, "number", range(1, len(table) + 1))
    return table


def _title(name: str, key: bool) -> str:
    return f"{name}: {'answer key' if key else 'worksheet'} on police complaints data"


_INTRO = ("Answer from the data in this package (the lessons in teaching/lessons show how). Give numbers as the "
          "question asks; say in one sentence what each number counts.")
_KEY_NOTE = ("Every answer was computed from the data in this package when the worksheet was made; the exercise "
             "id lets a student check their own answer with analysis.report.teaching.check(id, answer, force=...).")


def worksheet_markdown(force: str | Force, key: bool = False) -> str:
    """The worksheet (or, with ``key=True``, the answer key) as Markdown."""
    force = resolve(force)
    name, items = force.name, worksheet_items(force)
    lines = [f"# {_title(name, key)}", "", f"*{edition_line()}*", "", _KEY_NOTE if key else _INTRO, ""]
    for item in items.itertuples(index=False):
        lines.append(f"{item.number}. {item.question} *(exercise `{item.id}`)*")
        if key:
            lines += [f"   **Answer:** {item.answer}", f"   **In a sentence:** {item.sentence}"]
        else:
            lines += ["   Answer: ______________________", "   In a sentence: ______________________"]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def worksheet_html(force: str | Force, key: bool = False) -> str:
    """The worksheet (or answer key) as a standalone, printable HTML page."""
    force = resolve(force)
    name, items = force.name, worksheet_items(force)
    esc = html.escape
    title = _title(name, key)
    parts = ["<!DOCTYPE html>", '<html lang="en-GB">', "<head>", '<meta charset="utf-8">',
             f"<title>{esc(title)}</title>",
             "<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;"
             "line-height:1.5}li{margin-bottom:1.4rem}.id{color:#555;font-size:0.85rem}.blank{border-bottom:1px "
             "solid #000;display:inline-block;width:14rem;height:1.2rem}@media print{body{margin:0}}</style>",
             "</head>", "<body>", f"<h1>{esc(title)}</h1>", f'<p class="id">{esc(edition_line())}</p>',
             f"<p>{esc(_KEY_NOTE if key else _INTRO)}</p>", "<ol>"]
    for item in items.itertuples(index=False):
        answer = (f"<strong>Answer:</strong> {esc(item.answer)}</p><p><strong>In a sentence:</strong> "
                  f"{esc(item.sentence)}" if key
                  else 'Answer: <span class="blank"></span></p><p>In a sentence: <span class="blank"></span>')
        parts.append(f'<li><p>{esc(item.question)} <span class="id">({esc(item.id)})</span></p><p>{answer}</p></li>')
    parts += ["</ol>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def teachers_overview() -> pd.DataFrame:
    """The 43 territorial forces ranked by how much data they have: topics first, then figures, then name.

    Columns: ``rank, force, topics`` (coverage topics with a figure), ``figures`` (figures in the package),
    ``in_lesson_2_chart`` (whether the force has the per-force IOPC complaint cases of the first year, which
    lesson 2's chart shows: the year comes from the topics register),
    ``worksheet_questions`` (questions the force's worksheet gets), ``exercises`` (self-checks with an answer).
    """
    obs = load_observations(with_sources=False)
    coverage = force_coverage(obs)
    exercises = load_exercises()
    rows = []
    for name in territorial_forces():
        answered = []
        for ex in exercises.itertuples(index=False):
            try:
                ANSWERS[ex.answer](name)
            except NoAnswer:
                continue
            answered.append(ex.worksheet)
        mine = coverage[coverage.force == name]
        rows.append({"force": name, "topics": int(mine.available.sum()), "figures": int((obs.force == name).sum()),
                     "in_lesson_2_chart": bool(mine[mine.topic_key == _CHART_TOPIC].available.any()),
                     "worksheet_questions": int(sum(answered)), "exercises": len(answered)})
    table = pd.DataFrame(rows).sort_values(["topics", "figures", "force"], ascending=[False, False, True],
                                           kind="stable", ignore_index=True)
    table.insert(0, "rank", range(1, len(table) + 1))
    return table


def teachers_overview_markdown() -> str:
    """``docs/teachers-overview.md``: the ranking as a Markdown table, with how to use it."""
    table = teachers_overview()
    cut = [round(len(table) * i / 3) for i in range(4)]
    thirds = [table.iloc[cut[i]:cut[i + 1]] for i in range(3)]
    low, high = table.worksheet_questions.min(), table.worksheet_questions.max()
    first = topic(_CHART_TOPIC).period  # the year of lesson 2's chart, from the topics register
    questions = f"{low}" if low == high else f"between {low} and {high}"
    thin = table[~table.in_lesson_2_chart]
    lines = ["# Teachers' overview: how much data each force has", "",
             "<!-- generated by `make teaching` from the package's data: do not edit -->", "",
             f"The {len(table)} territorial forces of England and Wales, ranked by how many data topics the "
             "package has a figure for (then by number of figures). Forces near each other in the ranking give "
             f"comparable tasks. Every force gets the same lessons and {questions} worksheet questions; "
             f"{len(thin)} forces have no IOPC {first} per-force figures, so lesson 2's {first} chart does not "
             "highlight them. Self-checks without a figure for a force say so instead of marking the student wrong.",
             "", f"| rank | force | topics with a figure | figures | IOPC {first} figures | worksheet questions "
             "| self-checks with an answer |", "|---:|---|---:|---:|:---:|---:|---:|"]
    for row in table.itertuples(index=False):
        lines.append(f"| {row.rank} | {row.force} | {row.topics} | {row.figures} | "
                     f"{'yes' if row.in_lesson_2_chart else 'no'} | {row.worksheet_questions} | {row.exercises} |")
    lines += ["", "Bands of comparable forces (a thirds split of the ranking): give one class, or one group, "
              "forces from the same band.", ""]
    for label, band in zip(("Most data", "Middle", "Least data"), thirds):
        lines.append(f"- **{label}** (ranks {band['rank'].min()}-{band['rank'].max()}): " + ", ".join(band.force))
    return "\n".join(lines) + "\n"
