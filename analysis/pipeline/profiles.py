"""Force profiles: the same analysis for any force, in one command.

``python -m analysis profile "West Yorkshire"`` (or ``make profile FORCE=...``)
writes ``reports/<slug>/`` (``slug`` as in ``west-yorkshire``):

- ``index.html``: the reader's page (:mod:`analysis.report.site.page`), rendered
  straight from the force's tables through the project's template: no kernel;
- ``figures/``: the force's charts through the project's one export path
  (PNG, SVG with text kept as text, PDF with embedded TrueType fonts, CSV, alt
  text, ``index.csv`` manifest, ``README.md``), only the charts in which the
  force has a value;
- ``key-figures.csv``: the headline numbers with period, status, sample size,
  interval and source URL.

``--notebook`` also executes ``notebooks/force-profile.ipynb`` for the force
into ``<slug>-profile.ipynb`` (the committed Staffordshire profile does; the
notebook is the same analysis with its code).  ``python -m analysis profiles``
(``make profiles``) writes the pages of all 43 forces in parallel worker
processes.  Every byte is deterministic, and a force's folder is replaced
only once its new contents are complete (written to a staging folder first).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import sys
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from analysis.data.atomic import folder_lock, remove_debris, swap_folder, write_atomic
from analysis.data.forces import territorial_forces
from analysis.data.paths import NOTEBOOKS, REPORTS, relative
from analysis.pipeline.build import write_csv
from analysis.tables.force import profile_force, slug

__all__ = [
    "FIGURES_DIR",
    "HTML_FILE",
    "KEY_FIGURES_FILE",
    "KernelSession",
    "PROFILE_FORMATS",
    "PROFILE_NOTEBOOK",
    "ProfileError",
    "SITE_FORMATS",
    "default_jobs",
    "run_all",
    "run_many",
    "run_profile",
    "write_profile",
]

PROFILE_NOTEBOOK: Path = NOTEBOOKS / "force-profile.ipynb"
FIGURES_DIR = "figures"
KEY_FIGURES_FILE = "key-figures.csv"
HTML_FILE = "index.html"
#: Image formats of a profile's charts (the CSV and the manifest are always written).  ``make profile`` writes
#: PDFs too; ``make profiles`` / ``make site`` (43 forces) use :data:`SITE_FORMATS`: embedding the TrueType
#: fonts in a PDF costs more than the PNG and the SVG together.
PROFILE_FORMATS = ("png", "svg", "pdf")
SITE_FORMATS = ("png", "svg")


class ProfileError(RuntimeError):
    """One or more profiles failed to run (the message names them)."""


def _replace_folder(staging: Path, target: Path) -> None:
    """Put the complete ``staging`` folder in place of ``target`` in one step (an atomic exchange of the two
    names, :func:`analysis.data.atomic.swap_folder`): the force's folder is never missing or half-replaced."""
    swap_folder(staging, target)


def write_profile(force: str, out_root: Path = REPORTS, keep: Sequence[str] = (),
                  formats: Sequence[str] = PROFILE_FORMATS) -> Path:
    """The reader's page, charts and key figures of one force into ``out_root/<slug>/``; returns ``index.html``.

    Written into a staging folder and moved into place when complete.  Files named in ``keep`` (e.g. the
    executed notebook) are carried over from the previous folder.
    """
    from analysis.charts.export import read_manifest, smallest_text_px, write_manifest
    from analysis.report.force import PHONE_SUFFIX, force_charts, key_figures_table, phone_charts
    from analysis.report.site.page import render_force_page

    this = profile_force(force)  # resolved once: everything below takes the Force
    target = Path(out_root) / slug(this)
    staging = target.with_name(f".{target.name}.staging-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    (staging / FIGURES_DIR).mkdir(parents=True)
    try:
        charts = force_charts(this)
        rows = [chart.export(out_dir=staging / FIGURES_DIR, formats=tuple(formats), manifest=False)
                for chart in charts.values()]
        write_manifest(staging / FIGURES_DIR, rows)
        text_px = {c: {"desktop": smallest_text_px(chart.fig)} for c, chart in charts.items()}
        for c, (png, px) in phone_charts(this).items():  # drawn for a 390 px screen: <picture> picks it
            write_atomic(staging / FIGURES_DIR / f"{c}{PHONE_SUFFIX}", png)
            text_px[c]["phone"] = px
        write_csv(key_figures_table(this), staging / KEY_FIGURES_FILE)
        manifest = read_manifest(staging / FIGURES_DIR)
        (staging / HTML_FILE).write_text(render_force_page(this, manifest, text_px), encoding="utf-8")
        for file in keep:
            if (target / file).exists():
                shutil.copy2(target / file, staging / file)
        _replace_folder(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return target / HTML_FILE


# --------------------------------------------------------------------------
# Running the notebook (the committed default profile, or --notebook)
# --------------------------------------------------------------------------
class KernelSession:
    """One kernel (over IPC) that executes the profile notebook for force after force.

    Use as a context manager; :meth:`run` executes the notebook for one force and writes
    ``<slug>-profile.ipynb`` into its folder.  The namespace is reset before each force.
    """

    def __init__(self, notebook: Path | str | None = None) -> None:
        self.notebook = Path(notebook) if notebook is not None else PROFILE_NOTEBOOK
        self.client = None
        self.language_info: dict | None = None

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        import nbformat
        from nbclient import NotebookClient

        from analysis.pipeline.notebooks import KERNEL, TIMEOUT, ipc_kernel_manager

        cwd = str(self.notebook.parent)
        client = NotebookClient(nbformat.v4.new_notebook(), timeout=TIMEOUT, kernel_name=KERNEL,
                                record_timing=False, resources={"metadata": {"path": cwd}})
        client.km = ipc_kernel_manager(client)
        client.start_new_kernel(cwd=cwd)
        client.start_new_kernel_client()
        reply = client.wait_for_reply(client.kc.kernel_info())
        self.language_info = reply["content"]["language_info"]
        self.client = client

    def close(self) -> None:
        """Shut the kernel down."""
        if self.client is not None and self.client.km is not None:
            self.client._cleanup_kernel()
        self.client = None

    def _silent(self, code: str) -> None:
        import nbformat

        cell = nbformat.v4.new_code_cell(code)
        saved, self.client.nb = self.client.nb, nbformat.v4.new_notebook(cells=[cell])
        try:
            self.client.execute_cell(cell, 0, store_history=False)
        finally:
            self.client.nb = saved

    def execute(self, nb) -> None:
        """Execute ``nb`` in place in a freshly reset namespace."""
        from jupyter_core.utils import run_sync

        if self.client is None or not run_sync(self.client.km.is_alive)():
            self.close()
            self._start()
        client = self.client
        client.nb = nb
        client.reset_execution_trackers()
        self._silent("get_ipython().reset(new_session=True)")
        nb.metadata["language_info"] = dict(self.language_info)
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        client.set_widgets_metadata()

    def run(self, force: str, out_root: Path = REPORTS) -> Path:
        """Execute the profile notebook for one force into ``out_root/<slug>/<slug>-profile.ipynb``."""
        import nbformat

        from analysis.pipeline.notebooks import inject_parameters, scrub

        name = profile_force(force).name
        out_dir = Path(out_root) / slug(name)
        out_dir.mkdir(parents=True, exist_ok=True)
        nb = nbformat.read(self.notebook, as_version=4)
        inject_parameters(nb, {"force": name})
        self.execute(nb)
        scrub(nb)
        path = out_dir / f"{slug(name)}-profile.ipynb"
        text = nbformat.writes(nb)
        write_atomic(path, text if text.endswith("\n") else text + "\n")  # a full disk keeps the old one
        return path


def run_many(forces: Sequence[str], out_root: Path = REPORTS, notebook: Path | None = None,
             with_notebook: bool = False) -> list[Path]:
    """Profile several forces one after another (tests use this); returns the ``index.html`` paths.

    With ``with_notebook``, one kernel also executes the profile notebook for each force.
    """
    pages = []
    session = KernelSession(notebook) if with_notebook else None
    try:
        for force in forces:
            # without --notebook, an executed notebook already there (the committed example) is kept
            keep = tuple(p.name for p in (Path(out_root) / slug(profile_force(force).name)).glob("*-profile.ipynb"))
            if session is not None:
                keep = (session.run(force, out_root).name,)
            pages.append(write_profile(force, out_root, keep=keep))
    finally:
        if session is not None:
            session.close()
    return pages


def run_profile(force: str, out_root: Path = REPORTS, with_notebook: bool = False) -> Path:
    """Profile one force (any alias) into ``out_root/<slug>/``; returns the path of its ``index.html``.

    Raises :class:`~analysis.data.errors.UnknownForceError` with suggestions for an unknown name, before
    anything is written.  Without ``with_notebook`` the force's executed notebook, if any, is kept (the
    committed ``reports/staffordshire/staffordshire-profile.ipynb`` is rebuilt only with ``--notebook``).
    """
    force = profile_force(force)  # an unknown name stops here, before anything is written
    with folder_lock(out_root):  # the site's lock: a profile and a site run never write reports/ at once
        remove_debris(out_root)
        return run_many([force], out_root, with_notebook=with_notebook)[0]


# --- parallel run ----------------------------------------------------------
def _worker_init() -> None:
    import matplotlib

    matplotlib.use("Agg")


def _worker_run(force: str, out_root: str) -> tuple[str, str, float, str]:
    start = time.perf_counter()
    try:
        keep = [p.name for p in (Path(out_root) / slug(force)).glob("*-profile.ipynb")]
        path = write_profile(force, Path(out_root), keep=keep, formats=SITE_FORMATS)
        return force, str(path), time.perf_counter() - start, ""
    except Exception as exc:  # reported by the parent, which fails the run
        return force, "", time.perf_counter() - start, _describe(exc)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or "".join(traceback.format_exception_only(type(exc), exc)).strip()
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines[-12:])


def default_jobs() -> int:
    """Cores available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_all(jobs: int | None = None, out_root: Path = REPORTS, forces: Sequence[str] | None = None) -> list[Path]:
    """Profile every territorial force (or ``forces``) in parallel; returns the ``index.html`` paths.

    ``jobs`` worker processes (default: the cores available).  One line per finished force goes to stderr.
    Raises :class:`ProfileError` naming every force that failed (after running the rest).
    """
    names = [profile_force(f).name for f in (forces if forces is not None else territorial_forces())]
    jobs = max(1, min(jobs or default_jobs(), len(names)))
    start = time.perf_counter()
    results: dict[str, str] = {}
    failures: dict[str, str] = {}
    print(f"profiling {len(names)} forces with {jobs} worker{'s' if jobs > 1 else ''} into "
          f"{relative(Path(out_root))}/", file=sys.stderr, flush=True)
    width = max(len(n) for n in names)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init) as pool:
        futures = [pool.submit(_worker_run, name, str(out_root)) for name in names]
        for done, future in enumerate(as_completed(futures), start=1):
            force, path, seconds, error = future.result()
            mark = "ok  " if not error else "FAIL"
            print(f"[{done:>{len(str(len(names)))}}/{len(names)}] {mark} {force:<{width}} {seconds:5.1f} s"
                  f"   elapsed {time.perf_counter() - start:6.1f} s", file=sys.stderr, flush=True)
            if error:
                failures[force] = error
            else:
                results[force] = path
    if failures:
        for force, error in failures.items():
            print(f"\n--- {force} failed:\n{error}", file=sys.stderr)
        raise ProfileError(f"{len(failures)} of {len(names)} profiles failed: {', '.join(sorted(failures))}")
    print(f"done: {len(names)} profiles in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    return [Path(results[n]) for n in names]
