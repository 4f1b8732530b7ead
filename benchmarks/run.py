"""Time the slow things against a floor: an empty notebook on the same kernel.

Usage (from the repository folder)::

    .venv/bin/python benchmarks/run.py                 # everything, profiles with 2 jobs
    .venv/bin/python benchmarks/run.py --only floor profile
    .venv/bin/python benchmarks/run.py --jobs 4 --write  # also write benchmarks/results.md

Tasks (each timed as wall-clock seconds, run one after another):

- ``floor``: execute an empty notebook with the ``python3`` kernel through
  nbclient (kernel start, kernel info, shutdown), the least any notebook costs;
  median of ``--repeat`` runs.  ``floor-import`` adds one cell importing the
  library and its charts, the least any notebook of this project costs.
- ``notebooks``: ``python -m analysis notebooks`` (executes every numbered
  notebook in place; deterministic, so an up-to-date repository is unchanged).
- ``test-fast``: ``make test-fast`` (lint and every test that starts no kernel and is not marked slow).
- ``test``: ``make test`` (lint, unit tests, nbval and the browser test, ``-n 2``).
- ``profile``: one force profile (``run_profile``) into a temporary folder.
- ``profiles``: all 43 force profiles (``run_all(jobs=...)``) into a temporary folder.

The ratio column divides each time by its floor budget: the floor times the
number of notebook executions it involves, divided by the processes running
in parallel.  A ratio of 3 means three times what starting the kernels alone
would cost.  This is a script, not a test: it takes minutes.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results.md"
TASKS = ("floor", "floor-import", "notebooks", "test-fast", "test", "profile", "profiles")
PROFILE_FORCE = "West Yorkshire"


@dataclass
class Row:
    task: str
    command: str
    seconds: float
    units: int  # notebook executions involved
    parallel: int  # processes running them at once
    floor: float | None = None

    @property
    def budget(self) -> float | None:
        return None if self.floor is None else self.floor * self.units / self.parallel

    @property
    def ratio(self) -> float | None:
        return None if not self.budget else self.seconds / self.budget


def floor_seconds(repeat: int, with_import: bool) -> float:
    """Median wall time of executing an (almost) empty notebook with the project's kernel."""
    import nbformat
    from nbclient import NotebookClient

    from analysis.pipeline.notebooks import KERNEL, ipc_kernel_manager

    times = []
    for _ in range(repeat):
        cells = [nbformat.v4.new_code_cell("import analysis.pipeline.profiles, analysis.charts.registry")] if with_import else []
        nb = nbformat.v4.new_notebook(cells=cells)
        start = time.perf_counter()
        client = NotebookClient(nb, kernel_name=KERNEL, timeout=600, record_timing=False,
                                resources={"metadata": {"path": str(ROOT / "notebooks")}})
        client.km = ipc_kernel_manager(client)  # as the project runs its kernels: over IPC
        client.execute()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def timed(command: list[str]) -> float:
    """Wall time of a command run from the repository folder; stops the benchmark if it fails."""
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stdout[-4000:], file=sys.stderr)
        sys.exit(f"benchmark command failed ({done.returncode}): {' '.join(command)}")
    return seconds


#: Megabytes per force folder, measured after the ``profiles`` task.
SIZES: dict[str, float] = {}
SIZE_LIMIT_MB = 1.5
SECONDS_LIMIT = 60
#: The same target without the machine: the 43 profiles' wall time over one empty notebook's (issue 10).
FLOOR_TIMES_LIMIT = 67
#: The test loop's targets, in times the floor of the same run (issue 16): the inner loop and every test.
TEST_TIMES_LIMITS = {"test-fast": 14, "test": 80}


def folder_sizes(root: Path) -> dict[str, float]:
    """Megabytes (10^6 bytes) of every force folder under ``root``."""
    return {d.name: sum(f.stat().st_size for f in d.rglob("*") if f.is_file()) / 1e6
            for d in sorted(root.iterdir()) if d.is_dir()}


def n_notebooks() -> int:
    """Notebooks `python -m analysis notebooks` executes: the numbered ones and the default profile."""
    from analysis.pipeline.notebooks import PROFILE, numbered_notebooks

    return len(numbered_notebooks()) + int(PROFILE.exists())


def n_nbval_notebooks() -> int:
    return len(list((ROOT / "notebooks").glob("*.ipynb")))


def run(tasks: list[str], jobs: int, repeat: int) -> list[Row]:
    python = sys.executable
    rows: list[Row] = []
    floor = None
    for task in tasks:
        print(f"timing {task} ...", file=sys.stderr, flush=True)
        if task == "floor":
            floor = floor_seconds(repeat, with_import=False)
            rows.append(Row("floor", "empty notebook, python3 kernel (nbclient)", floor, 1, 1, floor))
        elif task == "floor-import":
            rows.append(Row("floor-import", "one cell: import analysis.pipeline.profiles, analysis.charts.registry",
                            floor_seconds(repeat, with_import=True), 1, 1, floor))
        elif task == "notebooks":
            rows.append(Row("notebooks", "python -m analysis notebooks",
                            timed([python, "-m", "analysis", "notebooks"]), n_notebooks(), 1, floor))
        elif task == "test-fast":
            rows.append(Row("test-fast", "make test-fast", timed(["make", "test-fast"]), 0, 2, floor))
        elif task == "test":
            rows.append(Row("test", "make test", timed(["make", "test"]), n_nbval_notebooks(), 2, floor))
        elif task == "profile":
            with tempfile.TemporaryDirectory() as tmp:
                code = (f"from pathlib import Path; from analysis.pipeline.profiles import run_profile; "
                        f"run_profile({PROFILE_FORCE!r}, out_root=Path({tmp!r}))")
                rows.append(Row("profile", f"one profile ({PROFILE_FORCE}), python -m analysis profile",
                                timed([python, "-c", code]), 1, 1, floor))
        elif task == "profiles":
            with tempfile.TemporaryDirectory() as tmp:
                code = (f"from pathlib import Path; from analysis.pipeline.profiles import run_all; "
                        f"run_all(jobs={jobs}, out_root=Path({tmp!r}))")
                rows.append(Row("profiles", f"all 43 profiles, python -m analysis profiles --jobs {jobs}",
                                timed([python, "-c", code]), 43, jobs, floor))
                SIZES.update(folder_sizes(Path(tmp)))
    return rows


def table(rows: list[Row]) -> str:
    """A Markdown table of the timings."""
    lines = ["| task | what | wall time (s) | notebook runs | in parallel | floor budget (s) | ratio to floor |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        budget = f"{r.budget:.1f}" if r.budget is not None else ""
        ratio = f"{r.ratio:.1f}" if r.ratio is not None else ""
        lines.append(f"| {r.task} | {r.command} | {r.seconds:.1f} | {r.units} | {r.parallel} | {budget} | {ratio} |")
    per_profile = [r for r in rows if r.task == "profiles"]
    if per_profile:
        r = per_profile[0]
        times = r.seconds / r.floor if r.floor else float("nan")
        lines += ["", f"All 43 profiles: {r.seconds:.1f} s with {r.parallel} workers ({r.seconds / 43 * r.parallel:.1f} s "
                      f"of one worker's time per force), {times:.0f} times the empty-notebook floor of this run. "
                      f"Targets: at most {SECONDS_LIMIT} s, "
                      f"{'met' if r.seconds <= SECONDS_LIMIT else 'NOT met'}; at most {FLOOR_TIMES_LIMIT} times the "
                      f"floor, {'met' if times <= FLOOR_TIMES_LIMIT else 'NOT met'}."]
    for r in rows:
        if r.task in TEST_TIMES_LIMITS and r.floor:
            times, limit = r.seconds / r.floor, TEST_TIMES_LIMITS[r.task]
            lines += ["", f"`make {r.task}`: {r.seconds:.1f} s, {times:.1f} times the empty-notebook floor of this run "
                          f"(target at most {limit} times: {'met' if times <= limit else 'NOT met'})."]
    if SIZES:
        biggest = max(SIZES, key=SIZES.get)
        lines += ["", f"Size per force folder: median {statistics.median(SIZES.values()):.2f} MB, largest "
                      f"{SIZES[biggest]:.2f} MB ({biggest}); {sum(SIZES.values()):.1f} MB for "
                      f"{len(SIZES)} forces; target at most {SIZE_LIMIT_MB} MB per force: "
                      f"{'met' if SIZES[biggest] <= SIZE_LIMIT_MB else 'NOT met'}."]
    return "\n".join(lines)


def _load() -> str:
    try:
        return ", ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:  # not available on this platform
        return "unknown"


def machine() -> str:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return f"{cores} cores available; Python {platform.python_version()}; {platform.system()} {platform.machine()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=TASKS, help="time only these tasks (default: all)")
    parser.add_argument("--jobs", type=int, default=2, help="workers for the 43 profiles (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the floor, median kept (default 3)")
    parser.add_argument("--write", action="store_true", help=f"also write {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    tasks = [t for t in TASKS if not args.only or t in args.only]
    if "floor" not in tasks:
        tasks.insert(0, "floor")  # every ratio needs it
    started, load_before = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), _load()
    rows = run(tasks, args.jobs, args.repeat)
    conditions = (f"Run: {started} to {time.strftime('%H:%M UTC', time.gmtime())}, as `benchmarks/run.py "
                  f"{' '.join(argv if argv is not None else sys.argv[1:])}`. Load average (1, 5, 15 min) at the start "
                  f"{load_before}, at the end {_load()}: on a busy machine every row, the floor included, is slower, "
                  "and the times over the floor are the fairer comparison.")
    text = table(rows)
    print(f"Machine: {machine()}\n\n{conditions}\n\n{text}")
    if args.write:
        RESULTS.write_text("# Benchmark results\n\nWritten by `benchmarks/run.py --write`; see `benchmarks/README.md` "
                           f"for what each row measures.\n\nMachine: {machine()}.\n\n{conditions}\n\n{text}\n",
                           encoding="utf-8")
        print(f"wrote {RESULTS.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
