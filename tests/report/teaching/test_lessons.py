"""Every lesson works for other forces, run in-process (no kernel): the solutions, and the student copies blank."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib
import nbformat
import pytest

from analysis.data.paths import ROOT
from analysis.pipeline.classroom import student_lesson
from analysis.report import teaching as T

SOLUTIONS = sorted((ROOT / "teaching" / "solutions").glob("[0-9][0-9]-*.ipynb"))
FORCES = ["Dyfed-Powys", "Gwent", "Cumbria"]  # rich, without reviews, with every figure


def _run(nb, path: Path, force: str, monkeypatch) -> list:
    matplotlib.use("Agg")
    monkeypatch.chdir(path.parent)
    results = []
    real_check = T.check

    def recording_check(*args, **kwargs):
        results.append(real_check(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(T, "check", recording_check)
    monkeypatch.setattr(T, "say", lambda text: None)
    scope: dict = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "parameters" in cell.metadata.get("tags", []):
            source = f"force = {force!r}"
        exec(compile(source, f"{path.name}:{cell.get('id')}", "exec"), scope)  # noqa: S102
    return results


@pytest.mark.slow
@pytest.mark.parametrize("force", FORCES)
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_solution_runs_and_every_check_is_right_or_has_no_figure(path: Path, force: str, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    results = _run(nb, path, force, monkeypatch)
    solved = [c.metadata["exercise"] for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert [r.exercise_id for r in results] == solved
    for result in results:
        assert result.correct is not False, result.message
        assert result.force == force
    if force in ("Dyfed-Powys", "Cumbria"):  # have every figure the exercises use
        assert all(r.correct for r in results)


@pytest.mark.parametrize("force", ["Gwent", "Cumbria", "Avon and Somerset"])
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_student_copy_runs_blank_and_says_not_answered(path: Path, force: str, monkeypatch):
    nb = student_lesson(nbformat.read(path, as_version=4))
    results = _run(nb, path, force, monkeypatch)
    assert results, "a lesson without exercises"
    for result in results:
        assert result.correct in (False, None), result.message
        assert "not answered yet" in result.message or result.correct is None, result.message


def test_no_year_is_typed_in_a_lesson():
    for path in SOLUTIONS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            assert not re.search(r"\b20\d\d/\d\d\b|\b20\d\d_\d\d\b", cell.source), (path.name, cell.get("id"))
