"""How the site names forces and cites documents: two hand-kept registers in ``data/registers/``.

- ``force_display_names.csv``: each force as it writes its own name ("Cumbria Constabulary", "Metropolitan
  Police Service"); :func:`display_name` and :func:`possessive` ("West Midlands Police's"), from
  :mod:`analysis.data.display_names`.
- ``force_notes.csv``: a note said wherever a force's figures appear (City of London's include Action Fraud),
  with its source; :func:`force_notes`.
- ``citations.csv``: for a source whose URL is not a document a reporter can cite (an IOPC content listing
  page) or is a copy (a GitHub transcription of an official table), the link label and, where known, the
  citable document's URL; ``copy = yes`` says the link goes to a copy and the label names the official table.
  :func:`citation` gives the label, URL and title a page links to, for any source id.

Both are read with the strict reader of ``data/raw`` (a bad row stops with file, row and column).
"""

from __future__ import annotations

from functools import lru_cache

from analysis.data.display_names import DISPLAY_NAMES_FILE, FORCE_NOTES_FILE, display_name, force_notes, possessive
from analysis.data.errors import DataError
from analysis.data.paths import DATA
from analysis.data.rawfiles import check_choice, check_text, read_table
from analysis.data.sources import load_sources

__all__ = [
    "CITATIONS_FILE", "DISPLAY_NAMES_FILE", "FORCE_NOTES_FILE", "citation", "display_name", "force_notes",
    "load_citations", "possessive",
]

CITATIONS_FILE = DATA / "registers" / "citations.csv"


@lru_cache(maxsize=1)
def load_citations() -> dict[str, dict]:
    """source id -> ``{label, url, copy, note}`` from ``citations.csv`` (ids checked against the sources)."""
    path = CITATIONS_FILE
    known = set(load_sources().source_id)
    out: dict[str, dict] = {}
    for row in read_table(path, ("source_id", "label", "url", "copy", "note")):
        sid = check_text(path, row, "source_id")
        if sid not in known:
            raise DataError(path, f"source id {sid!r} is not in data/raw/sources.csv", row=row.number,
                            column="source_id")
        if row["url"] and not row["url"].startswith("https://"):
            raise DataError(path, f"expected an https URL, found {row['url']!r}", row=row.number, column="url")
        check_choice(path, row, "copy", ("yes", "no"))
        out[sid] = {"label": check_text(path, row, "label"), "url": row["url"], "copy": row["copy"] == "yes",
                    "note": row["note"]}
    return out


def citation(source_id: str) -> dict:
    """``{id, label, title, url}`` for a link to the source: the citable document where the register names
    one, else the source's own URL; ``label`` says when the link goes to a copy."""
    row = load_sources().set_index("source_id").loc[source_id]
    cite = load_citations().get(source_id)
    if cite is None:
        return {"id": source_id, "label": row["publisher"], "title": row["title"], "url": row["url"]}
    return {"id": source_id, "label": cite["label"], "title": cite["note"] or row["title"],
            "url": cite["url"] or row["url"]}
