"""Corrections to the status of figures already transcribed, applied when the figures are loaded.

``data/raw`` is append-only: a figure found, on a second reading, to be less
certain than its row says is not rewritten.  Instead ``data/raw/status_corrections.csv``
holds one row per correction: the ``file`` and data ``row`` (row 1 = first row
after the header) of the figure, its ``measure``, ``category`` and ``value``
(checked against the figure, so a correction can never land on the wrong
number), the new ``status``, the ``reason`` and the ``source_id`` of the
document whose wording gives the reason.  :func:`apply_status_corrections` sets
the status and adds the reason to the figure's note, so the reader sees why.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.paths import raw_dir
from analysis.data.rawfiles import check_choice, check_text, read_table
from analysis.data.registers import DATASETS
from analysis.data.sources import source_ids
from analysis.data.vocabulary import STATUSES

__all__ = ["CORRECTIONS_FILE", "CORRECTION_COLUMNS", "StatusCorrection", "apply_status_corrections",
           "load_status_corrections"]

CORRECTIONS_FILE = "status_corrections.csv"
CORRECTION_COLUMNS = ("file", "row", "measure", "category", "value", "status", "reason", "source_id")


@dataclass(frozen=True)
class StatusCorrection:
    """One row of ``status_corrections.csv`` (``number``: its data row there)."""

    number: int
    file: str
    row: int
    measure: str
    category: str
    value: float
    status: str
    reason: str
    source_id: str


def load_status_corrections(raw: Path | None = None, known_sources: set[str] | None = None) -> list[StatusCorrection]:
    """The corrections in ``status_corrections.csv``, each checked on its own (file, row, value, status, source)."""
    path = (raw or raw_dir()) / CORRECTIONS_FILE
    known_sources = source_ids() if known_sources is None else known_sources
    files = sorted(d.file for d in DATASETS)
    found: list[StatusCorrection] = []
    for row in read_table(path, CORRECTION_COLUMNS):
        file = check_choice(path, row, "file", files)
        number = check_text(path, row, "row")
        if not number.isdigit() or int(number) < 1:
            raise DataError(path, f"expected a data row number (1 = first row after the header), found {number!r}",
                            row=row.number, column="row")
        try:
            value = float(check_text(path, row, "value").replace(",", ""))
        except ValueError:
            raise DataError(path, f"expected the figure's value as a number, found {row['value']!r}",
                            row=row.number, column="value") from None
        status = check_choice(path, row, "status", STATUSES)
        reason = check_text(path, row, "reason")
        if row["source_id"] not in known_sources:
            raise DataError(path, f"source id {row['source_id']!r} is not in data/raw/sources.csv", row=row.number,
                            column="source_id")
        found.append(StatusCorrection(row.number, file, int(number), check_text(path, row, "measure"),
                                      check_text(path, row, "category"), value, status, reason, row["source_id"]))
    return found


def apply_status_corrections(frame: pd.DataFrame, raw: Path | None = None,
                             known_sources: set[str] | None = None) -> pd.DataFrame:
    """``frame`` (the observations) with every correction applied: status set, reason added to the note.

    Raises :class:`DataError` naming the corrections file, row and column when a correction points at no
    figure, at a figure with another value, repeats an earlier correction, or would not change the status.
    """
    path = (raw or raw_dir()) / CORRECTIONS_FILE
    out = frame.copy()
    done: dict[tuple, int] = {}
    for c in load_status_corrections(raw, known_sources):
        key = (c.file, c.row, c.measure, c.category)
        if key in done:
            raise DataError(path, f"this figure is already corrected on row {done[key]}", row=c.number, column="row")
        done[key] = c.number
        at_row = (out.raw_file == c.file) & (out.raw_row == c.row)
        if not at_row.any():
            raise DataError(path, f"{c.file} has no figure on data row {c.row}", row=c.number, column="row")
        hit = at_row & (out.measure == c.measure) & (out.category == c.category)
        if not hit.any():
            held = "; ".join(sorted(f"{m} [{k}]" for m, k in zip(out.measure[at_row], out.category[at_row])))
            raise DataError(path, f"{c.file} row {c.row} holds no {c.measure} [{c.category}]; it holds: {held}",
                            row=c.number, column="measure")
        values = out.loc[hit, "value"]
        if not (values == c.value).all():
            raise DataError(path, f"{c.file} row {c.row} {c.measure} [{c.category}] is {values.iloc[0]:g}, not "
                            f"{c.value:g}: the correction does not match the figure", row=c.number, column="value")
        if (out.loc[hit, "status"] == c.status).all():
            raise DataError(path, f"{c.file} row {c.row} {c.measure} [{c.category}] is already {c.status!r}",
                            row=c.number, column="status")
        was = out.loc[hit, "status"].iloc[0]
        said = f"status {c.status} (was {was}; {CORRECTIONS_FILE} row {c.number}): {c.reason}"
        out.loc[hit, "note"] = [f"{n}; {said}" if n else said for n in out.loc[hit, "note"]]
        out.loc[hit, "status"] = c.status
    return out
