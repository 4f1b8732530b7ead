"""The register of sources: every figure cites one of these ids."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.paths import raw_dir
from analysis.data.rawfiles import check_choice, check_text, read_table

__all__ = ["KINDS", "OFFICIAL_KINDS", "SOURCE_COLUMNS", "load_sources", "source_ids"]

SOURCE_COLUMNS = ("source_id", "title", "publisher", "producer", "published", "url", "licence", "kind", "note")
KINDS = (
    "official statistics",
    "official statistics in development",
    "FOI reply",
    "inspection",
    "press report of official figures",
    "force or PCC statement",
    "reference data",
    "research note",
    "independent review",
    # what the glossary cites: the law, guidance, and the statistical methods
    "legislation",
    "statutory guidance",
    "guidance",
    "methodology",
)
#: Kinds that are the producer's own statistical release (preferred when two sources give a figure).
OFFICIAL_KINDS = ("official statistics", "official statistics in development")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def load_sources() -> pd.DataFrame:
    """The source register (``data/raw/sources.csv``), validated.

    Columns: ``source_id`` (the id every figure cites), ``title``,
    ``publisher`` (who published the document), ``producer`` (whose figures
    they are), ``published`` (ISO date, or year-month / year), ``url``,
    ``licence``, ``kind`` (official statistics, FOI reply, inspection, press
    report of official figures, ...), ``note``.
    """
    return _load_sources(raw_dir()).copy()


@lru_cache(maxsize=4)
def _load_sources(raw: Path) -> pd.DataFrame:
    path = raw / "sources.csv"
    rows = read_table(path, SOURCE_COLUMNS)
    seen: dict[str, int] = {}
    for row in rows:
        sid = check_text(path, row, "source_id")
        if not _ID.match(sid):
            raise DataError(path, f"source ids are lower-case kebab-case, found {sid!r}", row=row.number,
                            column="source_id")
        if sid in seen:
            raise DataError(path, f"source id {sid!r} already used on row {seen[sid]}", row=row.number,
                            column="source_id")
        seen[sid] = row.number
        for column in ("title", "publisher", "producer", "licence"):
            check_text(path, row, column)
        if not row["url"].startswith(("https://", "http://")):
            raise DataError(path, f"expected an http(s) URL, found {row['url']!r}", row=row.number, column="url")
        if row["published"] and not _DATE.match(row["published"]):
            raise DataError(path, f"expected YYYY-MM-DD, YYYY-MM or YYYY, found {row['published']!r}",
                            row=row.number, column="published")
        check_choice(path, row, "kind", KINDS)
    return pd.DataFrame([r.cells for r in rows], columns=list(SOURCE_COLUMNS))


def source_ids() -> set[str]:
    return set(load_sources()["source_id"])
