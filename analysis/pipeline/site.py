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

__all__ = ["GLOSSARY_FILE", "INDEX_FILE", "build_site", "write_glossary", "write_how_to_read", "write_index"]

INDEX_FILE = "index.html"
#: The glossary the force pages link their jargon to (``../glossary.html#<slug>``).
GLOSSARY_FILE = "glossary.html"


def _write_atomic(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path


def write_glossary(out_root: Path = REPORTS) -> Path:
    """Write ``out_root/glossary.html`` (every term with ``id="<slug>"``), atomically."""
    from analysis.report.teaching_glossary import glossary_html

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


def build_site(jobs: int | None = None, out_root: Path = REPORTS) -> Path:
    """Every territorial force's page (in parallel) and the index; returns the index's path."""
    from analysis.pipeline.profiles import run_all

    run_all(jobs=jobs, out_root=out_root)
    path = write_index(out_root)
    print(f"site: {relative(path)}", file=sys.stderr)
    return path
