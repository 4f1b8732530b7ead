"""The static site: every force's page and ``reports/index.html`` (``make site``, ``python -m analysis site``).

The site works offline: no CDN, no web font, no request to another host; the
search names are embedded in the index page.  Serve ``reports/`` with any
static web server, or open ``reports/index.html`` from disk.

The whole site is replaced in one step.  A run builds the complete new site in
``.reports.staging-<pid>/`` beside ``reports/`` (seeded with a copy of the
current one, so the committed ``README.md`` and the executed Staffordshire
notebook are carried over), then exchanges the two folders with one atomic
rename (:func:`analysis.data.atomic.swap_folder`).  A kill at any moment leaves
the old site or the new one, never a mix of forces from two runs and never a
missing force while the index links to it.  A lock (``.reports.lock``) stops two
runs writing at once, and each run first removes what killed runs left
(``.reports.staging-*``, ``.reports.old-*``, temporary files inside ``reports/``).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis.data.atomic import folder_lock, remove_debris, staging_dir, swap_folder, write_atomic
from analysis.data.errors import OutputError
from analysis.data.paths import REPORTS, relative

__all__ = ["GLOSSARY_FILE", "INDEX_FILE", "build_site", "seed_staging", "write_glossary", "write_how_to_read",
           "write_index", "write_index_only"]

INDEX_FILE = "index.html"
#: The glossary the force pages link their jargon to (``../glossary.html#<slug>``).
GLOSSARY_FILE = "glossary.html"


def _write_atomic(path: Path, text: str) -> Path:
    write_atomic(path, text)
    return path


def write_glossary(out_root: Path = REPORTS) -> Path:
    """Write ``out_root/glossary.html`` (every term with ``id="<slug>"``), atomically."""
    from analysis.report.teaching.glossary import glossary_html

    return _write_atomic(Path(out_root) / GLOSSARY_FILE, glossary_html())


def write_how_to_read(out_root: Path = REPORTS) -> Path:
    """Write ``out_root/how-to-read.html`` (the site-wide caveats every page links to), atomically."""
    from analysis.report.site.page import HOW_TO_READ_FILE, render_how_to_read_page

    return _write_atomic(Path(out_root) / HOW_TO_READ_FILE, render_how_to_read_page())


def write_index(out_root: Path = REPORTS) -> Path:
    """Write ``out_root/index.html``, the glossary and the "How to read these pages" page its pages link to
    (atomically: temporary files renamed)."""
    from analysis.report.site.index import render_index_page

    write_glossary(out_root)
    write_how_to_read(out_root)
    return _write_atomic(Path(out_root) / INDEX_FILE, render_index_page())


def write_index_only(out_root: Path = REPORTS) -> Path:
    """``site --index-only``: the index and glossary, under the site's lock; a full disk keeps the old ones."""
    from analysis.pipeline.build import check_registers

    check_registers()  # a bad register stops here, naming file, row and column, not halfway through the pages
    out_root = Path(out_root)
    with folder_lock(out_root):
        remove_debris(out_root)
        return write_index(out_root)


def seed_staging(site: Path, staging: Path) -> None:
    """Fill ``staging`` with a copy of the current site, so files a run does not rebuild (the README, executed
    notebooks, forces outside the run) are carried over.  Copies, not hard links: a file written in place in
    the staging folder must never change the published site."""
    if staging.exists():
        shutil.rmtree(staging)
    if not site.is_dir():
        staging.mkdir(parents=True)
        return
    shutil.copytree(site, staging, symlinks=True, ignore=lambda folder, names: [n for n in names
                                                                               if n.startswith(".")])


def build_site(jobs: int | None = None, out_root: Path = REPORTS, forces: Sequence[str] | None = None,
               index: bool = True) -> Path:
    """Every territorial force's page (in parallel) and the index, swapped in as one; returns the index's path.

    ``forces`` limits the run (tests); the other forces' pages are carried over from the current site.
    Without ``index`` (``python -m analysis profiles``) the index and glossary are carried over unchanged.
    A full disk or a failed force leaves the current site as it was.
    """
    from analysis.pipeline.build import check_registers
    from analysis.pipeline.profiles import run_all

    check_registers()  # a bad register stops here, naming file, row and column, not halfway through the pages
    out_root = Path(out_root)
    with folder_lock(out_root):
        remove_debris(out_root)
        staging = staging_dir(out_root)
        try:
            seed_staging(out_root, staging)
            run_all(jobs=jobs, out_root=staging, forces=forces)
            if index:
                write_index(staging)
            swap_folder(staging, out_root)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise OutputError(out_root, f"could not build the site ({reason}); the previous site in "
                              f"{relative(out_root)}/ is unchanged", reason=reason) from None
        except OutputError as exc:
            raise OutputError(out_root, f"could not build the site ({exc.reason or exc}); the previous site in "
                              f"{relative(out_root)}/ is unchanged", reason=exc.reason) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    path = out_root / INDEX_FILE
    print(f"site: {relative(path)}", file=sys.stderr)
    return path
