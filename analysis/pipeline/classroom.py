"""The teaching route's build and the class workspace.

``python -m analysis teaching`` (``make teaching``): execute the lesson
solutions in ``teaching/solutions/`` in place, derive the student lessons in
``teaching/lessons/`` (solution cells replaced by an empty answer, no outputs),
and write ``docs/glossary.md`` and ``docs/teachers-overview.md``.  Everything it
writes is deterministic.

``python -m analysis class`` (``make class``): copy the student lessons and the
glossary into the git-ignored ``classroom/`` folder, which tests never read, so a
class can edit freely.  Files a student already has are never overwritten, except a
copy that cannot be anyone's work: an empty file, or a notebook that is not valid
JSON (left by a full disk or a kill before copies were atomic); it is replaced and
the command says so.  Every copy is written atomically (a temporary file renamed),
so a full disk or a kill leaves no half-written lesson.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat

from analysis.data.atomic import folder_lock, remove_debris, write_atomic
from analysis.data.paths import ROOT, relative
from analysis.pipeline.notebooks import execute, scrub
from analysis.report.teaching_glossary import glossary_html, glossary_markdown
from analysis.report.teaching_worksheet import teachers_overview_markdown

__all__ = [
    "CLASSROOM",
    "ClassroomCopies",
    "DOCS",
    "damaged",
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
    print("wrote docs/glossary.md and docs/teachers-overview.md", file=sys.stderr)


class ClassroomCopies(list):
    """The paths written by :func:`make_classroom` (a list), with ``replaced``: (path, why) of damaged copies
    replaced, and ``kept``: how many existing files were left alone."""

    def __init__(self) -> None:
        super().__init__()
        self.replaced: list[tuple[Path, str]] = []
        self.kept = 0

    def messages(self) -> list[str]:
        return [f"replaced {relative(path)}: {why}" for path, why in self.replaced]

    def summary(self) -> str:
        fresh = len(self) - len(self.replaced)
        return (f"classroom/: {fresh} new file(s), {len(self.replaced)} damaged copy(ies) replaced, {self.kept} "
                "existing file(s) kept")


def damaged(path: Path) -> str | None:
    """Why an existing copy cannot be a student's work (empty; a notebook that is not valid JSON; a glossary
    cut short), or None when it must be kept."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    if not data.strip():
        return "it was empty (a copy cut short by a full disk or a kill)"
    if path.suffix == ".ipynb":
        try:
            json.loads(data)
        except ValueError:
            return "it was not valid JSON (a copy cut short by a full disk or a kill)"
    elif path.suffix == ".html" and not data.rstrip().endswith(b"</html>"):
        return "it was cut short (no closing </html>)"
    return None


def make_classroom(dest: Path = CLASSROOM) -> ClassroomCopies:
    """Copy the student lessons and the glossary into ``dest`` (default ``classroom/``); return what was written.

    A file already in ``dest`` is kept (a student's work is never overwritten) unless :func:`damaged` says it
    cannot be anyone's work; delete a file to get a fresh copy.  Each copy is written atomically.
    """
    dest = Path(dest)
    written = ClassroomCopies()
    lessons = sorted(LESSONS.glob("[0-9][0-9]-*.ipynb"))
    if not lessons:
        raise FileNotFoundError(f"no lessons in {relative(LESSONS)}: run `make teaching` first")
    sources = [(dest / path.name, path.read_bytes) for path in lessons]
    sources.append((dest / "glossary.html", glossary_html))
    with folder_lock(dest):  # one class run at a time; temporary files of killed runs are removed first
        remove_debris(dest)
        _copy(sources, written)
    return written


def _copy(sources: list, written: ClassroomCopies) -> None:
    for target, content in sources:
        why = damaged(target) if target.exists() else None
        if target.exists() and why is None:
            written.kept += 1
            continue
        write_teaching_file(target, content())
        written.append(target)
        if why is not None:
            written.replaced.append((target, why))
