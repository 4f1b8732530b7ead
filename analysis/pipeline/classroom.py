"""The teaching route's build and the class workspace.

``python -m analysis teaching`` (``make teaching``): execute the lesson
solutions in ``teaching/solutions/`` in place, derive the student lessons in
``teaching/lessons/`` (solution cells replaced by an empty answer, no outputs),
and write ``docs/glossary.md`` and ``docs/teachers-overview.md``.  Everything it
writes is deterministic.

``python -m analysis class`` (``make class``): copy the student lessons and the
glossary into the git-ignored ``classroom/`` folder, which tests never read, so a
class can edit freely.  Files a student already has are never overwritten.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat

from analysis.data.atomic import write_atomic
from analysis.data.paths import ROOT, relative
from analysis.pipeline.notebooks import execute, scrub
from analysis.report.teaching.assignments import assignments_guide
from analysis.report.teaching.glossary import glossary_html, glossary_markdown
from analysis.report.teaching.worksheet import teachers_overview_markdown

__all__ = [
    "CLASSROOM",
    "DOCS",
    "LESSONS",
    "SOLUTIONS",
    "make_classroom",
    "run_teaching",
    "student_lesson",
    "write_lessons",
    "write_teaching_file",
]

TEACHING: Path = ROOT / "teaching"
SOLUTIONS: Path = TEACHING / "solutions"
LESSONS: Path = TEACHING / "lessons"
CLASSROOM: Path = ROOT / "classroom"
DOCS: Path = ROOT / "docs"
_STUDENT_CELL = 'answer = None  # replace None with your answer, then run this cell\ncheck("{id}", answer, force=force)'


def write_teaching_file(path: Path, text: str | bytes) -> Path:
    """Write ``path`` atomically (the project's :func:`~analysis.data.atomic.write_atomic`); return it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text)
    return path


def student_lesson(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student version of a solution notebook: solution cells emptied, every output cleared."""
    nb = nbformat.from_dict(solution)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = []
        cell.execution_count = None
        if "solution" in cell.metadata.get("tags", []):
            exercise_id = cell.metadata.get("exercise")
            if not exercise_id:
                raise ValueError(f"solution cell {cell.get('id')!r} has no 'exercise' in its metadata")
            cell.source = _STUDENT_CELL.format(id=exercise_id)
            cell.metadata = {"tags": ["exercise"], "exercise": exercise_id}
    return scrub(nb)


def write_lessons() -> list[Path]:
    """``teaching/lessons/NN-*.ipynb`` from ``teaching/solutions/`` (stale lessons removed)."""
    written = []
    for path in sorted(SOLUTIONS.glob("[0-9][0-9]-*.ipynb")):
        lesson = student_lesson(nbformat.read(path, as_version=4))
        written.append(write_teaching_file(LESSONS / path.name, nbformat.writes(lesson) + "\n"))
    for stale in set(LESSONS.glob("*.ipynb")) - set(written):
        stale.unlink()
    return written


def run_teaching(execute_solutions: bool = True) -> None:
    """The teaching room's build: solutions executed, lessons derived, glossary and overview written."""
    if execute_solutions:
        for path in sorted(SOLUTIONS.glob("[0-9][0-9]-*.ipynb")):
            execute(path)
            print(f"executed {relative(path)}", file=sys.stderr)
    for path in write_lessons():
        print(f"wrote {relative(path)}", file=sys.stderr)
    write_teaching_file(DOCS / "glossary.md", glossary_markdown())
    write_teaching_file(DOCS / "teachers-overview.md", teachers_overview_markdown())
    write_teaching_file(DOCS / "assignments.md", assignments_guide())
    print("wrote docs/glossary.md, docs/teachers-overview.md and docs/assignments.md", file=sys.stderr)


def make_classroom(dest: Path = CLASSROOM) -> list[Path]:
    """Copy the student lessons and the glossary into ``dest`` (default ``classroom/``); return what was copied.

    A file already in ``dest`` is kept (a student's work is never overwritten); delete it to get a fresh copy.
    """
    dest = Path(dest)
    copied = []
    lessons = sorted(LESSONS.glob("[0-9][0-9]-*.ipynb"))
    if not lessons:
        raise FileNotFoundError(f"no lessons in {relative(LESSONS)}: run `make teaching` first")
    for path in lessons:
        target = dest / path.name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            copied.append(target)
    glossary = dest / "glossary.html"
    if not glossary.exists():
        copied.append(write_teaching_file(glossary, glossary_html()))
    return copied
