"""Write a force's worksheet and answer key (``make worksheet FORCE=...``) into ``worksheets/<slug>/``.

Four files, each replaced atomically: ``worksheet.md``, ``worksheet.html``,
``answers.md``, ``answers.html``.  The folder is git-ignored.  The force comes
from the command line or, for ``make``, from the ``FORCE`` environment
variable (never pasted into a shell command).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from analysis.data.atomic import replace_outputs
from analysis.data.forces import resolve
from analysis.data.paths import ROOT
from analysis.pipeline.classroom import write_teaching_file
from analysis.report.teaching_worksheet import worksheet_html, worksheet_markdown

__all__ = ["WORKSHEETS", "force_from_environment", "worksheet_dir", "write_worksheet"]

WORKSHEETS: Path = ROOT / "worksheets"


def force_from_environment(default: str | None = None) -> str:
    """The force named by the ``FORCE`` environment variable (or ``default``); ``ValueError`` when neither."""
    force = os.environ.get("FORCE", "").strip() or (default or "")
    if not force:
        raise ValueError("no force given: pass one (python -m analysis worksheet \"Dyfed-Powys\") or set FORCE")
    return force


def worksheet_dir(force: str, out_root: Path = WORKSHEETS) -> Path:
    """``worksheets/<slug>/`` for a force (any alias)."""
    name = resolve(force).name
    return Path(out_root) / re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def write_worksheet(force: str, out_root: Path = WORKSHEETS) -> Path:
    """Write the worksheet and answer key for ``force`` (any alias); return the folder.

    The four files are written into a staging folder and moved in together
    (:func:`analysis.data.atomic.replace_outputs`): a full disk leaves the previous four.
    """
    force = resolve(force)  # once, at the door: everything below takes the Force
    folder = worksheet_dir(force, out_root)
    with replace_outputs(folder) as stage:
        for stem, key in (("worksheet", False), ("answers", True)):
            write_teaching_file(stage / f"{stem}.md", worksheet_markdown(force, key=key))
            write_teaching_file(stage / f"{stem}.html", worksheet_html(force, key=key))
    return folder
