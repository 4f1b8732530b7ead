"""The glossary (``data/registers/glossary.csv``): one row per term, validated like the raw files.

Columns: ``term`` (as shown), ``slug`` (lower-case kebab-case, the anchor pages
link to: ``glossary.html#<slug>``), ``definition``, ``plain_example``,
``see_also`` (slugs separated by ``;``) and ``source_id``: every term cites
where its meaning comes from, either a document in ``data/raw/sources.csv``
(legislation, guidance, a statistical paper, a release) or, for the project's
own words, the register that defines them (a path such as
``data/raw/FORMAT.md``).  Any fault stops with a :class:`~analysis.data.errors.DataError` naming
file, row and column.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.memo import memoise
from analysis.data.paths import DATA, ROOT
from analysis.data.rawfiles import check_text, read_table
from analysis.data.sources import source_ids

__all__ = ["GLOSSARY", "GLOSSARY_COLUMNS", "glossary_slugs", "load_glossary"]

#: Where the glossary lives.
GLOSSARY: Path = DATA / "registers" / "glossary.csv"
GLOSSARY_COLUMNS: tuple[str, ...] = ("term", "slug", "definition", "plain_example", "see_also", "source_id")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_MAX_DEFINITION = 400


def load_glossary(path: Path | None = None, known_sources: set[str] | None = None) -> pd.DataFrame:
    """The glossary as a DataFrame (columns :data:`GLOSSARY_COLUMNS`, ``see_also`` as text), in file order.

    Checks: every column present and no other; term, slug and definition not
    empty; slugs unique and kebab-case; every ``see_also`` slug exists and is
    not the row's own; every ``source_id`` is in the source register or is the path of a register under
    ``data/``;
    definitions at most 400 characters.
    """
    if path is None and known_sources is None:
        return _default_glossary()  # read and checked once per process (pages link terms many times)
    return _read_glossary(Path(path) if path is not None else GLOSSARY,
                          source_ids() if known_sources is None else known_sources)


@memoise
def _default_glossary() -> pd.DataFrame:
    return _read_glossary(GLOSSARY, source_ids())


def _read_glossary(path: Path, known: set[str]) -> pd.DataFrame:
    rows = read_table(path, GLOSSARY_COLUMNS)
    seen: dict[str, int] = {}
    for row in rows:
        for column in ("term", "slug", "definition", "source_id"):
            check_text(path, row, column)
        slug = row["slug"]
        if not _SLUG.match(slug):
            raise DataError(path, f"a slug is lower-case words joined by '-', found {slug!r}",
                            row=row.number, column="slug")
        if slug in seen:
            raise DataError(path, f"slug {slug!r} already used in row {seen[slug]}", row=row.number, column="slug")
        seen[slug] = row.number
        if len(row["definition"]) > _MAX_DEFINITION:
            raise DataError(path, f"definition is {len(row['definition'])} characters; keep it to {_MAX_DEFINITION}",
                            row=row.number, column="definition")
        source = row["source_id"]
        if source.startswith("data/"):
            if ".." in source or not (ROOT / source).is_file():
                raise DataError(path, f"source_id {source!r} is not a register in the repository",
                                row=row.number, column="source_id")
        elif source not in known:
            raise DataError(path, f"source_id {source!r} is not in data/raw/sources.csv",
                            row=row.number, column="source_id")
    for row in rows:
        for target in _split(row["see_also"]):
            if target == row["slug"]:
                raise DataError(path, "see_also points to the row's own slug", row=row.number, column="see_also")
            if target not in seen:
                raise DataError(path, f"see_also slug {target!r} is not a term in the glossary",
                                row=row.number, column="see_also")
    return pd.DataFrame([row.cells for row in rows], columns=list(GLOSSARY_COLUMNS))


def glossary_slugs() -> list[str]:
    """Every slug, in file order (for pages that link jargon to the glossary)."""
    return list(load_glossary()["slug"])


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]
