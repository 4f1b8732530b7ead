"""Every lesson's solution works for other forces: its code run in-process (no kernel) for a data-thin force."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import nbformat
import pytest

from analysis.data.paths import ROOT
from analysis.report import teaching as T

SOLUTIONS = sorted((ROOT / "teaching" / "solutions").glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("force", ["Dyfed-Powys", "Gwent"])
@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_solution_runs_and_every_check_is_right_or_has_no_figure(path: Path, force: str, monkeypatch):
    matplotlib.use("Agg")
    monkeypatch.chdir(path.parent)
    results = []
    real_check = T.check

    def recording_check(*args, **kwargs):
        results.append(real_check(*args, **kwargs))
        return results[-1]

    monkeypatch.setattr(T, "check", recording_check)
    monkeypatch.setattr(T, "say", lambda text: None)
    nb = nbformat.read(path, as_version=4)
    scope: dict = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "parameters" in cell.metadata.get("tags", []):
            source = f"force = {force!r}"
        exec(compile(source, f"{path.name}:{cell.get('id')}", "exec"), scope)  # noqa: S102
    solved = [c.metadata["exercise"] for c in nb.cells if "solution" in c.metadata.get("tags", [])]
    assert [r.exercise_id for r in results] == solved
    for result in results:
        assert result.correct is not False, result.message
        assert result.force == force
    if force == "Dyfed-Powys":  # has every figure the exercises use
        assert all(r.correct for r in results)
