"""Checks on a raw file's figures that need more than one cell: periods against their source, declared vocabulary.

- A period may not name a year after the publication date of the source it
  cites (``sources.csv`` ``published``): a figure cannot describe a year its
  document had not reached.  A snapshot date may not be after that date.
- The measures, categories and units a raw file may use are declared per
  dataset; anything else stops the build naming file, row, column, the value
  and the closest allowed values (``complaint_cases_loged`` -> did you mean
  ``complaint_cases_logged``?; ``All`` -> ``all``).

Each check takes what it checks against as plain data (a mapping or a
DataFrame), so it can be tested without the registers.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.rawfiles import years_in_period

__all__ = [
    "VOCABULARY_COLUMNS",
    "check_periods_published",
    "check_vocabulary",
    "closest",
    "publication_end",
    "vocabulary_of",
]

#: Columns of a long raw file whose values must be declared.
VOCABULARY_COLUMNS = ("measure", "category", "unit")
_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def publication_end(published: str) -> date | None:
    """The last day a ``published`` value allows (``2021-11`` -> 2021-11-30); None when empty.

    Raises ``ValueError`` for an impossible date such as ``2021-02-30``.
    """
    m = _PUBLISHED.match(published.strip())
    if not published.strip():
        return None
    if not m:
        raise ValueError(f"expected YYYY-MM-DD, YYYY-MM or YYYY, found {published!r}")
    year, month, day = int(m[1]), int(m[2] or 12), m[3]
    if not 1 <= month <= 12:
        raise ValueError(f"no month {month} in {published!r}")
    last = calendar.monthrange(year, month)[1]
    if day is not None and not 1 <= int(day) <= last:
        raise ValueError(f"no day {day} in {year}-{month:02d} ({published!r})")
    return date(year, month, int(day) if day is not None else last)


def check_periods_published(path: Path, records: Iterable[dict], sources: pd.DataFrame,
                            sources_path: Path, today: date | None = None) -> None:
    """No period after the publication date of its source (nor after ``today``).

    ``records`` are observation records (``source_id``, ``period``,
    ``raw_row``); ``sources`` is the source register in file order (row 1 =
    first data row of ``sources_path``).
    """
    today = today or date.today()
    ends: dict[str, date | None] = {}
    for number, (sid, published) in enumerate(zip(sources["source_id"], sources["published"]), start=1):
        try:
            ends[sid] = publication_end(published)
        except ValueError as exc:
            raise DataError(sources_path, f"impossible publication date: {exc}", row=number,
                            column="published") from None
    for rec in records:
        period, sid = rec["period"], rec["source_id"]
        limit = ends.get(sid) or today
        said = f"its source {sid} was published {limit.isoformat()}" if ends.get(sid) else \
            f"today is {today.isoformat()}"
        late = [y for y in years_in_period(period) if y > limit.year]
        if late:
            raise DataError(path, f"period {period!r} names the year {late[0]}, but {said}",
                            row=rec["raw_row"], column="period")
        for found in _ISO_DATE.findall(period):
            if date.fromisoformat(found) > limit:
                raise DataError(path, f"period {period!r} ends {found}, after the publication date: {said}",
                                row=rec["raw_row"], column="period")


def closest(value: str, allowed: Collection[str], n: int = 3) -> list[str]:
    """The allowed values nearest to ``value``: a case-insensitive match first, then difflib's closest."""
    same_case = [a for a in sorted(allowed) if a.casefold() == value.casefold()]
    near = difflib.get_close_matches(value, sorted(allowed), n=n, cutoff=0.6)
    return list(dict.fromkeys(same_case + near))[:n]


def vocabulary_of(declared: Mapping[str, Iterable[str]] | pd.DataFrame) -> dict[str, frozenset[str]]:
    """Normalise a declared vocabulary: a mapping column -> values, or a frame with ``column`` and ``value``."""
    if isinstance(declared, pd.DataFrame):
        missing = {"column", "value"} - set(declared.columns)
        if missing:
            raise ValueError(f"a vocabulary frame needs the columns 'column' and 'value'; missing {sorted(missing)}")
        return {str(c): frozenset(map(str, g["value"])) for c, g in declared.groupby("column", sort=True)}
    return {str(c): frozenset(map(str, values)) for c, values in declared.items()}


def check_vocabulary(path: Path, records: Iterable[dict],
                     declared: Mapping[str, Iterable[str]] | pd.DataFrame,
                     where: str = "the dataset register") -> None:
    """Every record's ``measure``/``category``/``unit`` is one the dataset declares.

    Only the columns ``declared`` lists are checked.  The error names file, row,
    column, the value and the closest allowed values.
    """
    vocabulary = vocabulary_of(declared)
    for rec in records:
        for column, allowed in vocabulary.items():
            if column not in rec:
                continue
            value = str(rec[column])
            if value in allowed:
                continue
            near = closest(value, allowed)
            hint = f"did you mean {' or '.join(near)}?" if near else \
                f"allowed: {', '.join(sorted(allowed)[:12])}{' ...' if len(allowed) > 12 else ''}"
            raise DataError(path, f"{value!r} is not a {column} declared for this file in {where}; {hint} "
                            f"(a new {column} must be declared there first)",
                            row=rec.get("raw_row"), column=column)
