"""The static site: every force's page and ``reports/index.html`` (``make site``, ``python -m analysis site``).

The site works offline: no CDN, no web font, no request to another host; the
search names are embedded in the index page.  Serve ``reports/`` with any
static web server, or open ``reports/index.html`` from disk.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from analysis.data.paths import REPORTS, relative

__all__ = ["INDEX_FILE", "build_site", "write_index"]

INDEX_FILE = "index.html"


def write_index(out_root: Path = REPORTS) -> Path:
    """Write ``out_root/index.html`` (atomically: a temporary file renamed into place)."""
    from analysis.report.page_index import render_index_page

    out_root = Path(out_root)
    out_root.mkdir(parents=True, exist_ok=True)
    path = out_root / INDEX_FILE
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(render_index_page(), encoding="utf-8")
    os.replace(tmp, path)
    return path


def build_site(jobs: int | None = None, out_root: Path = REPORTS) -> Path:
    """Every territorial force's page (in parallel) and the index; returns the index's path."""
    from analysis.pipeline.profiles import run_all

    run_all(jobs=jobs, out_root=out_root)
    path = write_index(out_root)
    print(f"site: {relative(path)}", file=sys.stderr)
    return path
