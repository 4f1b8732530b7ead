"""Outputs are replaced atomically: a kill or a full disk leaves the previous outputs or the complete new ones.

The kill tests fork a process that runs the real write path (the build's
``write_outputs``, the command line ``build`` and the figure export) and kill it
with SIGKILL at many moments; after each kill every output file must be the
old or the new version (compared by hash), and once :func:`recover` has run
(as the next build does first) the whole set must be old or new, never a mix.
Outputs go to temporary folders, never to data/processed or figures/.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import time
from pathlib import Path

import pytest

from analysis.data import atomic
from analysis.data.atomic import COMPLETE, recover, replace_outputs, staging_dirs, write_atomic
from analysis.data.errors import OutputError
from tests.pipeline.killing import fork_and_kill

#: Each test here takes seconds (whole builds, kills, subprocesses, charts): `make test` runs them.
pytestmark = pytest.mark.slow


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _old_outputs(folder: Path, names: list[str]) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_bytes(f"previous version of {name}\n".encode())
    return _hashes(folder)



def _kill_many(target, out: Path, old: dict[str, str], new: dict[str, str],
               delays: list[float | None]) -> dict[str, int]:
    outcomes = {"old": 0, "new": 0}
    for delay in delays:
        fork_and_kill(target, delay)
        when = "(no kill)" if delay is None else f"at {delay:.3f}s"
        now = _hashes(out)
        assert set(now) == set(old), f"files appeared or vanished after a kill {when}"
        for name, sha in now.items():
            assert sha in (old[name], new[name]), f"{name} is neither old nor new after a kill {when}"
        recover(out)
        assert not staging_dirs(out), "a staging folder was left behind"
        after = _hashes(out)
        assert after in (old, new), f"a mix of old and new files after a kill {when}"
        outcomes["old" if after == old else "new"] += 1
        for name in old:  # back to the previous outputs for the next kill
            (out / name).write_bytes(f"previous version of {name}\n".encode())
    return outcomes


def _delays(seconds: float, n: int, seed: int) -> list[float | None]:
    """``n`` runs: two killed at once, ``n - 4`` killed at moments spread over the write (``seconds`` as timed in
    this process; a busy machine stretches the child's), and two left to finish (``None``), so both outcomes
    occur whatever the load and the test cannot pass without checking the old and the new state."""
    rng = random.Random(seed)
    return [0.0, 0.0] + sorted(rng.uniform(0, 1.1 * seconds) for _ in range(n - 4)) + [None, None]


# --- the helper on its own ------------------------------------------------------------------------------------


def test_write_atomic_replaces_the_whole_file(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("old\n")
    write_atomic(path, "new\n")
    assert path.read_text() == "new\n" and [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_an_exception_inside_the_block_changes_nothing(tmp_path):
    out = tmp_path / "out"
    old = _old_outputs(out, ["a.csv", "b.csv"])
    with pytest.raises(RuntimeError):
        with replace_outputs(out) as stage:
            write_atomic(stage / "a.csv", "new a\n")
            raise RuntimeError("stop")
    assert _hashes(out) == old and not staging_dirs(out)


def test_an_interrupted_move_is_finished_by_the_next_run(tmp_path):
    out = tmp_path / "out"
    _old_outputs(out, ["a.csv", "b.csv"])
    stage = tmp_path / ".out.tmp-999999999"  # a process that no longer exists
    stage.mkdir()
    (stage / "b.csv").write_text("new b\n")
    (stage / COMPLETE).write_text("a.csv\nb.csv\n")
    (out / "a.csv").write_text("new a\n")  # a.csv was moved before the kill
    recover(out)
    assert (out / "a.csv").read_text() == "new a\n" and (out / "b.csv").read_text() == "new b\n"
    assert not staging_dirs(out)


def test_an_unfinished_staging_folder_of_a_dead_run_is_deleted(tmp_path):
    out = tmp_path / "out"
    old = _old_outputs(out, ["a.csv"])
    stage = tmp_path / ".out.tmp-999999999"
    stage.mkdir()
    (stage / "a.csv").write_text("half")
    recover(out)
    assert _hashes(out) == old and not stage.exists()


# --- a full disk ------------------------------------------------------------------------------------------------


def _disk_full_after(monkeypatch, n_writes: int) -> None:
    real = atomic._write_file
    calls = {"n": 0}

    def write(path, data):
        calls["n"] += 1
        if calls["n"] > n_writes:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    monkeypatch.setattr(atomic, "_write_file", write)


def test_full_disk_during_the_build_leaves_the_previous_outputs(tmp_path, monkeypatch, capsys):
    from analysis.data.paths import PROCESSED
    from analysis.pipeline.cli import cli

    out = tmp_path / "processed"
    old = _old_outputs(out, sorted(p.name for p in PROCESSED.glob("*.csv")))
    _disk_full_after(monkeypatch, 4)
    assert cli(["build", "--out-dir", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err
    assert "No space left on device" in err and "previous outputs" in err and "unchanged" in err
    assert "Traceback" not in err
    assert _hashes(out) == old and not staging_dirs(out)


def test_full_disk_during_the_figure_export_leaves_the_previous_figures(tmp_path, monkeypatch):
    from analysis.charts.registry import CHARTS
    from analysis.pipeline.figures import export_charts

    chart = CHARTS["data-coverage"]()
    out = tmp_path / "figures"
    old = _old_outputs(out, ["data-coverage.png", "data-coverage.svg", "index.csv", "README.md"])
    _disk_full_after(monkeypatch, 2)
    with pytest.raises(OutputError, match="No space left on device.*previous outputs .* unchanged"):
        export_charts([chart], out)
    assert _hashes(out) == old and not staging_dirs(out)


# --- kills --------------------------------------------------------------------------------------------------------


def test_killing_the_build_leaves_old_or_new_outputs(tmp_path):
    from analysis.pipeline.build import _compute, write_outputs
    from analysis.pipeline.cli import cli

    start = time.perf_counter()
    outputs = _compute()  # computed once; children inherit the tables and the caches
    compute_seconds = time.perf_counter() - start
    reference = tmp_path / "reference"
    start = time.perf_counter()
    write_outputs(outputs, reference)
    write_seconds = time.perf_counter() - start
    new = _hashes(reference)
    out = tmp_path / "processed"
    old = _old_outputs(out, sorted(new))

    # 30 kills while the tables are written ...
    outcomes = _kill_many(lambda: write_outputs(outputs, out), out, old, new, _delays(write_seconds, 30, seed=1))
    assert outcomes["old"] >= 2 and outcomes["new"] >= 2, outcomes
    # ... and one while the whole command runs (`python -m analysis build --out-dir ...`, warm caches)
    _kill_many(lambda: cli(["build", "--out-dir", str(out)]), out, old, new, [compute_seconds / 2])


def test_killing_the_figure_export_leaves_old_or_new_figures(tmp_path):
    from analysis.charts.registry import CHARTS
    from analysis.pipeline.figures import export_charts

    charts = [CHARTS["data-coverage"]()]
    reference = tmp_path / "reference"
    start = time.perf_counter()
    export_charts(charts, reference)
    seconds = time.perf_counter() - start
    new = _hashes(reference)
    out = tmp_path / "figures"
    old = _old_outputs(out, sorted(new))
    outcomes = _kill_many(lambda: export_charts(charts, out), out, old, new, _delays(seconds, 7, seed=3))
    assert outcomes["old"] >= 1 and outcomes["new"] >= 1, outcomes
