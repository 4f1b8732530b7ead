"""Force profiles: the same analysis for any force, in one command.

``python -m analysis profile "West Yorkshire"`` (or ``make profile FORCE=...``)
executes ``notebooks/force-profile.ipynb`` with ``force`` set to that force
and writes, into ``reports/<slug>/`` (``slug`` as in ``west-yorkshire``):

- ``<slug>-profile.ipynb``: the executed notebook, code and outputs;
- ``index.html``: a standalone page for readers (images embedded, code cells
  hidden: the notebook next to it has the code);
- ``figures/``: the force's charts through the project's one export path
  (PNG, SVG, CSV, alt text, ``index.csv`` manifest, ``README.md``);
- ``key-figures.csv``: the numbers printed at the end of the profile.

``python -m analysis profiles`` (``make profiles``) does it for all 43
territorial forces in parallel.  Every byte is deterministic.

Speed.  Starting a kernel and importing the library costs more than one
profile's analysis, so each worker process starts **one** kernel and runs its
forces in it one after another, resetting the kernel's namespace
(``InteractiveShell.reset(new_session=True)``: variables, output history and
execution counter) before each force.  Imported modules stay loaded, which is
the point; the caches that survive (the library's validated raw data, and the
national tables memoised by :func:`analysis.data.memo.memoise`) are the same for every force.
The outputs are the same as a fresh kernel's (a test runs Staffordshire after
two other forces and compares it with the committed notebook).  The kernel
imports the library while it waits for its first force, and the charts the
notebook drew are exported from the same kernel, so they are not built twice.
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
    "add_alt_text",
    "default_jobs",
    "export_outputs",
    "run_all",
    "run_many",
    "run_profile",
]

PROFILE_NOTEBOOK: Path = NOTEBOOKS / "force-profile.ipynb"
FIGURES_DIR = "figures"
KEY_FIGURES_FILE = "key-figures.csv"
HTML_FILE = "index.html"


class ProfileError(RuntimeError):
    """One or more profiles failed to run (the message names them)."""

#: Image formats of a profile's charts: PNG and SVG (the PDF would double the export time of 43 profiles).
PROFILE_FORMATS = ("png", "svg")


def export_outputs(force: str, out_dir: Path | str, drawn: dict | None = None) -> None:
    """Write ``figures/`` (through :meth:`analysis.charts.Chart.export`) and ``key-figures.csv``.

    ``drawn`` are the charts the notebook displayed (built again if None).
    The figures folder is emptied first so no chart from an earlier run stays.
    """
    from analysis.report.force import force_charts, key_figures_table  # in the kernel only

    out_dir = Path(out_dir)
    figures_dir = out_dir / FIGURES_DIR
    if figures_dir.exists():
        shutil.rmtree(figures_dir)
    for chart in (drawn if drawn is not None else force_charts(force)).values():
        chart.export(out_dir=figures_dir, formats=PROFILE_FORMATS)
    write_csv(key_figures_table(force), out_dir / KEY_FIGURES_FILE)


# --------------------------------------------------------------------------
# Running the notebook
# --------------------------------------------------------------------------
_WARM_UP = "import analysis.pipeline.profiles"


def _kernel_code_reset() -> str:
    return "get_ipython().reset(new_session=True)"


def _kernel_code_export(force: str, out_dir: Path) -> str:
    return ("from analysis.pipeline.profiles import export_outputs as _export_outputs\n"
            f"_export_outputs({force!r}, {str(out_dir)!r}, globals().get('profile_charts'))")


class KernelSession:
    """One kernel that runs profile after profile (see the module doc).

    Use as a context manager; :meth:`run` executes the notebook for one force
    and writes its folder.  A kernel that dies is replaced for the next force.
    """

    def __init__(self, notebook: Path | str | None = None) -> None:
        self.notebook = Path(notebook) if notebook is not None else PROFILE_NOTEBOOK
        self.client = None
        self.language_info: dict | None = None
        self._exporter = None

    def __enter__(self) -> KernelSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> None:
        import nbformat
        from nbclient import NotebookClient

        from analysis.pipeline.notebooks import KERNEL, TIMEOUT

        cwd = str(self.notebook.parent)
        client = NotebookClient(nbformat.v4.new_notebook(), timeout=TIMEOUT, kernel_name=KERNEL,
                                record_timing=False, resources={"metadata": {"path": cwd}})
        client.km = client.create_kernel_manager()
        client.start_new_kernel(cwd=cwd)
        client.start_new_kernel_client()
        reply = client.wait_for_reply(client.kc.kernel_info())
        self.language_info = reply["content"]["language_info"]
        self.client = client
        # Let the kernel import the library while this process loads nbconvert; the reply and
        # messages of this silent request are ignored (nbclient matches replies to its own requests).
        client.kc.execute(_WARM_UP, silent=True, store_history=False)
        self._html_exporter()

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

    def execute(self, nb, after: str = "") -> None:
        """Execute ``nb`` in place in a freshly reset namespace, then run ``after`` (not recorded)."""
        from jupyter_core.utils import run_sync

        if self.client is None or not run_sync(self.client.km.is_alive)():
            self.close()
            self._start()
        client = self.client
        client.nb = nb
        client.reset_execution_trackers()
        self._silent(_kernel_code_reset())
        nb.metadata["language_info"] = dict(self.language_info)
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        client.set_widgets_metadata()
        if after:
            self._silent(after)

    def run(self, force: str, out_root: Path = REPORTS) -> Path:
        """Profile one force into ``out_root/<slug>/``; returns the path of ``index.html``."""
        import nbformat

        from analysis.pipeline.notebooks import inject_parameters, scrub

        name = profile_force(force).name
        out_dir = Path(out_root) / slug(name)
        out_dir.mkdir(parents=True, exist_ok=True)
        nb = nbformat.read(self.notebook, as_version=4)
        inject_parameters(nb, {"force": name})
        for cell in nb.cells:  # a stable id, so the notebook validates and its bytes do not change
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell["id"] = "injected-parameters"
        self.execute(nb, after=_kernel_code_export(name, out_dir.resolve()))
        scrub(nb)
        nbformat.write(nb, out_dir / f"{slug(name)}-profile.ipynb")
        html = out_dir / HTML_FILE
        html.write_text(self.html(nb, name), encoding="utf-8")
        return html

    def _html_exporter(self):
        if self._exporter is None:
            import logging

            from nbconvert import HTMLExporter

            self._exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                                          exclude_output_prompt=True)
            # nbconvert warns about, and fills in, images without alt text; add_alt_text puts the charts' own.
            self._exporter.log = logging.getLogger("analysis.profiles.html")
            self._exporter.log.setLevel(logging.ERROR)
        return self._exporter

    def html(self, nb, name: str) -> str:
        """The standalone page: prose and outputs only (no code), images embedded with their alt text."""
        body, _ = self._html_exporter().from_notebook_node(
            nb, resources={"metadata": {"name": f"{name}: police complaints and misconduct profile"}})
        return add_alt_text(body, nb)


_NO_ALT = 'alt="No description has been provided for this image"'


def add_alt_text(body: str, nb) -> str:
    """Put each chart's alt text (output metadata, see :func:`show`) on its ``<img>`` in the HTML page."""
    import html

    alts = [o.get("metadata", {}).get("image/png", {}).get("alt", "") for cell in nb.cells
            for o in cell.get("outputs", []) if "image/png" in o.get("data", {})]
    if body.count(_NO_ALT) != len(alts):
        raise ValueError(f"expected {len(alts)} images without alt text in the HTML page, found "
                         f"{body.count(_NO_ALT)}")
    texts = iter(alts)
    return re.sub(re.escape(_NO_ALT), lambda _: f'alt="{html.escape(next(texts), quote=True)}"', body)


def run_many(forces: Sequence[str], out_root: Path = REPORTS, notebook: Path | None = None) -> list[Path]:
    """Profile several forces one after another in one kernel (tests use this)."""
    with KernelSession(notebook) as session:
        return [session.run(f, out_root) for f in forces]


def run_profile(force: str, out_root: Path = REPORTS) -> Path:
    """Profile one force (any alias) into ``out_root/<slug>/``; returns the path of its ``index.html``.

    Raises :class:`~analysis.errors.UnknownForceError` with suggestions for an
    unknown name, before any kernel starts.
    """
    profile_force(force)
    return run_many([force], out_root)[0]


# --- parallel run ----------------------------------------------------------
_SESSION: KernelSession | None = None


def _worker_init(notebook: str) -> None:
    global _SESSION
    from multiprocessing import util

    _SESSION = KernelSession(notebook)
    util.Finalize(_SESSION, _SESSION.close, exitpriority=10)


def _worker_run(force: str, out_root: str) -> tuple[str, str, float, str]:
    start = time.perf_counter()
    try:
        path = _SESSION.run(force, Path(out_root))
        return force, str(path), time.perf_counter() - start, ""
    except Exception as exc:  # reported by the parent, which fails the run
        return force, "", time.perf_counter() - start, _describe(exc)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or "".join(traceback.format_exception_only(type(exc), exc)).strip()
    text = re.sub(r"\x1b\[[0-9;]*m", "", text)  # the kernel's traceback is coloured
    lines = [line for line in text.splitlines() if line.strip()]
    return "\n".join(lines[-12:])


def default_jobs() -> int:
    """Cores available to this process."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_all(jobs: int | None = None, out_root: Path = REPORTS, forces: Sequence[str] | None = None,
            notebook: Path | None = None) -> list[Path]:
    """Profile every territorial force (or ``forces``) in parallel; returns the ``index.html`` paths.

    ``jobs`` worker processes (default: the cores available), each with its own
    kernel running its forces one after another.  One line per finished force
    goes to stderr.  Raises :class:`ProfileError` naming every force that
    failed (after running the rest), so the command exits non-zero.
    ``notebook`` replaces the profile notebook (tests use a broken one).
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
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init,
                             initargs=(str(notebook or PROFILE_NOTEBOOK),)) as pool:
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
    elapsed = time.perf_counter() - start
    if failures:
        for force, error in failures.items():
            print(f"\n--- {force} failed:\n{error}", file=sys.stderr)
        raise ProfileError(f"{len(failures)} of {len(names)} profiles failed: {', '.join(sorted(failures))}")
    print(f"done: {len(names)} profiles in {elapsed:.1f} s", file=sys.stderr, flush=True)
    return [Path(results[n]) for n in names]
