"""Checks on a raw file's figures that need more than one cell: periods against their source, declared vocabulary.

- A period may not start, nor end, after the publication date of the source it
  cites (``sources.csv`` ``published``, its last possible day when only the
  month or year is known; today when there is none), nor name a year more than
  one year after it: a figure cannot describe a period its document had not
  reached (a 2025/26 figure in a November 2025 release is a part of the year,
  written ``2025/26 to Q2``).  No publication date may be in the future (today's
  date at run time).
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
    "check_declared_vocabulary",
    "check_vocabulary",
    "nearest_allowed",
    "period_end",
    "period_start",
    "publication_end",
    "publication_start",
    "vocabulary_of",
]

#: Columns of a long raw file whose values must be declared.
VOCABULARY_COLUMNS = ("measure", "category", "unit")
_PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
_ISO_START = re.compile(r"^\d{4}-\d{2}-\d{2}", re.ASCII)
_FY_START = re.compile(r"^(\d{4})/\d{2}(?: Q([1-4]))?", re.ASCII)


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


def publication_start(published: str) -> date | None:
    """The first day a ``published`` value allows (``2021-11`` -> 2021-11-01, ``2026`` -> 2026-01-01)."""
    end = publication_end(published)
    if end is None:
        return None
    parts = published.strip().split("-")
    return date(end.year, int(parts[1]) if len(parts) > 1 else 1, end.day if len(parts) > 2 else 1)


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
        first = publication_start(published)
        if first is not None and first > today:
            raise DataError(sources_path, f"publication date {published} is in the future (today is "
                            f"{today.isoformat()}): a typing error?", row=number, column="published")
    for rec in records:
        period, sid = rec["period"], rec["source_id"]
        limit = ends.get(sid) or today
        said = f"its source {sid} was published {limit.isoformat()}" if ends.get(sid) else \
            f"today is {today.isoformat()}"
        begins = period_start(period)
        if begins is not None and begins > limit:
            raise DataError(path, f"period {period!r} starts {begins.isoformat()}, after the publication date: "
                            f"{said}", row=rec["raw_row"], column="period")
        late = [y for y in years_in_period(period) if y > limit.year + 1]
        if late:
            raise DataError(path, f"period {period!r} names the year {late[0]}, but {said}",
                            row=rec["raw_row"], column="period")
        finishes = period_end(period)
        if finishes is not None and finishes > limit:
            raise DataError(path, f"period {period!r} ends {finishes.isoformat()}, after the publication date: "
                            f"{said}; a figure for part of a period is written as such (a year to date as 'YYYY/YY to Qn')",
                            row=rec["raw_row"], column="period")


def period_start(period: str) -> date | None:
    """The first day of a period: ``2020/21`` -> 2020-04-01, ``2022/23 Q3`` -> 2022-10-01, ``2016-2020`` ->
    2016-01-01, ``2021-03-31`` -> itself, ``2023-03-01/2024-02-29`` -> 2023-03-01 (None if no year is named)."""
    if m := _ISO_START.match(period):
        return date.fromisoformat(m[0])
    if m := _FY_START.match(period):
        year, quarter = int(m[1]), m[2]
        if quarter:
            month = 3 * int(quarter) + 1  # Q1 April, Q2 July, Q3 October, Q4 January of the next year
            return date(year + 1, 1, 1) if month == 13 else date(year, month, 1)
        return date(year, 4, 1)
    years = years_in_period(period)
    return date(min(years), 1, 1) if years else None


_FY_END = re.compile(r"(\d{4})/(\d{2})(?: (Q[1-4]|to Q[23]))?$", re.ASCII)
_ISO_END = re.compile(r"(\d{4}-\d{2}-\d{2})$", re.ASCII)
_YEAR_END = re.compile(r"(?<![/\d])(\d{4})$", re.ASCII)


def period_end(period: str) -> date | None:
    """The last day of a period: ``2020/21`` -> 2021-03-31, ``2022/23 Q3`` -> 2022-12-31, ``2023/24 to Q2`` ->
    2023-09-30, ``2016-2020`` -> 2020-12-31, ``2013/14-2021/22`` -> 2022-03-31, ``2021-03-31`` -> itself,
    ``2023-03-01/2024-02-29`` -> 2024-02-29 (None when no end can be read)."""
    if m := _ISO_END.search(period):
        return date.fromisoformat(m[1])
    if m := _FY_END.search(period):
        start = int(m[1])
        quarter = m[3]
        if quarter is None or quarter == "Q4":
            return date(start + 1, 3, 31)
        n = int(quarter[-1])
        month = 3 + 3 * n  # Q1 ends June, Q2 September, Q3 December
        return date(start, month, calendar.monthrange(start, month)[1])
    if m := _YEAR_END.search(period):
        return date(int(m[1]), 12, 31)
    return None


def nearest_allowed(value: str, allowed: Collection[str], n: int = 3) -> list[str]:
    """The allowed values nearest to ``value``: a case-insensitive match first, then the closest by difflib."""
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
            near = nearest_allowed(value, allowed)
            hint = f"did you mean {' or '.join(near)}?" if near else \
                f"allowed: {', '.join(sorted(allowed)[:12])}{' ...' if len(allowed) > 12 else ''}"
            raise DataError(path, f"{value!r} is not a {column} declared for this file in {where}; {hint} "
                            f"(a new {column} must be declared there first)",
                            row=rec.get("raw_row"), column=column)


def check_declared_vocabulary(path: Path, records: list[dict], declared: pd.DataFrame,
                              columns: tuple[str, ...] = VOCABULARY_COLUMNS,
                              where: str = "data/registers/vocabulary.csv") -> None:
    """Every record's (measure, unit, category) is declared for its dataset.

    ``declared`` has the columns ``measure, unit, category`` (one dataset's
    rows of the vocabulary register; category ``*`` allows any).  The measure
    is checked first, then the unit allowed for it, then the category allowed
    for both, so the message names the first cell that is wrong and the
    closest values allowed *there*.  Only ``columns`` come from the file's
    cells (a wide file's measures and units come from the register itself).
    """
    allowed: dict[str, dict[str, set[str]]] = {}
    for m, u, c in zip(declared["measure"], declared["unit"], declared["category"]):
        allowed.setdefault(m, {}).setdefault(u, set()).add(c)
    for rec in records:
        units = allowed.get(rec["measure"])
        if units is None:
            _undeclared(path, rec, "measure" if "measure" in columns else "value", rec["measure"], allowed, where)
        categories = units.get(rec["unit"])
        if categories is None:
            _undeclared(path, rec, "unit" if "unit" in columns else "value", rec["unit"], units, where,
                        f" for {rec['measure']}")
        if "*" not in categories and rec["category"] not in categories:
            _undeclared(path, rec, "category" if "category" in columns else "value", rec["category"], categories,
                        where, f" for {rec['measure']} ({rec['unit']})")


def _undeclared(path: Path, rec: dict, column: str, value: str, allowed: Collection[str], where: str,
                context: str = "") -> None:
    near = nearest_allowed(value, allowed)
    hint = f"did you mean {' or '.join(near)}?" if near else \
        f"allowed: {', '.join(sorted(allowed)[:12])}{' ...' if len(allowed) > 12 else ''}"
    what = f"a {column}" if column != "value" else "a value"
    raise DataError(path, f"{value!r} is not {what} declared{context} for this dataset in {where}; {hint} "
                    "(a new one must be declared there first)", row=rec.get("raw_row"), column=column)
