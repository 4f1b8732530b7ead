"""Strict reading of the hand-transcribed CSV files in ``data/raw/``.

Nothing here guesses.  A cell that is not what its column promises stops the
build with a :class:`~analysis.errors.DataError` naming file, row and column.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from analysis.data.errors import DataError
from analysis.data.vocabulary import STATUSES

__all__ = [
    "Row",
    "UNITS",
    "check_choice",
    "check_period",
    "check_status_note",
    "check_text",
    "check_value_for_unit",
    "parse_value",
    "read_table",
]

UNITS = (
    "count",
    "percent",
    "days",
    "working_days",
    "per_1000_employees",
    "per_1000_officers",
    "people",
    "fte",
    "rank",
)
#: Text that a spreadsheet may leave in a numeric cell and that must never
#: become a silent NaN.
_MISSING_MARKERS = {"", "na", "n/a", "nan", "none", "null", "..", "x", "?"}
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})(?: Q[1-4]| to Q[23])?$")
_YEAR_RANGE = re.compile(r"^(\d{4})-(\d{4})$")
_FY_RANGE = re.compile(r"^(\d{4})/(\d{2})-(\d{4})/(\d{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_INTERVAL = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$")
_YEAR = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Row:
    """One data row: its number (1 = first row after the header) and cells."""

    number: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]


def read_table(path: Path, required: Sequence[str], optional: Iterable[str] = ()) -> list[Row]:
    """Read ``path`` as UTF-8 CSV and check its header.

    ``required`` columns must all be present; any column that is neither
    required nor ``optional`` is an error (a misspelt header would otherwise be
    silently ignored).  Returns the rows with surrounding whitespace stripped.
    """
    if not path.exists():
        raise DataError(path, "file not found (raw files are registered in data/registers/datasets.csv)")
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError(path, "file is empty: expected a header row and at least one data row")
    text = _decode(path, raw)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    _check_header(path, header, required, optional)
    rows = []
    for number, fields in enumerate(reader, start=1):
        if not fields or all(not f.strip() for f in fields):
            raise DataError(path, "blank row: delete it", row=number)
        if len(fields) != len(header):
            raise DataError(
                path,
                f"expected {len(header)} fields as in the header, found {len(fields)}"
                " (an unquoted comma inside a value, e.g. a thousands separator?)",
                row=number,
            )
        rows.append(Row(number, {h: f.strip() for h, f in zip(header, fields)}))
    if not rows:
        raise DataError(path, "no data rows after the header")
    return rows


def _decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            path,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} on line {line}); "
            "save the file with UTF-8 encoding",
            row=max(line - 1, 0) or None,
        ) from None


def _check_header(path: Path, header: list[str], required: Sequence[str], optional: Iterable[str]) -> None:
    seen = set()
    for name in header:
        if name in seen:
            raise DataError(path, "column appears twice in the header", column=name)
        seen.add(name)
    missing = [c for c in required if c not in seen]
    if missing:
        raise DataError(path, f"missing column(s) {missing}; the header must have {list(required)}",
                        column=missing[0])
    allowed = set(required) | set(optional)
    extra = [c for c in header if c not in allowed]
    if extra:
        raise DataError(path, f"unexpected column(s) {extra}; allowed: {sorted(allowed)}", column=extra[0])


def parse_value(path: Path, row: Row, column: str, *, allow_dash: bool = False) -> float | None:
    """A non-negative number from a cell; ``None`` for a published ``-`` if allowed."""
    text = row[column]
    if allow_dash and text == "-":
        return None
    if text.lower() in _MISSING_MARKERS:
        raise DataError(path, f"expected a number, found {text!r} (empty or missing-value marker)",
                        row=row.number, column=column)
    if text.startswith("-") and _NUMBER.match(text[1:]):
        raise DataError(path, f"expected a non-negative number, found {text}", row=row.number, column=column)
    if not _NUMBER.match(text):
        hint = " (write numbers without thousands separators)" if "," in text else ""
        raise DataError(path, f"expected a number, found {text!r}{hint}", row=row.number, column=column)
    value = float(text)
    if not math.isfinite(value):  # pragma: no cover - the regex already excludes inf
        raise DataError(path, f"expected a finite number, found {text!r}", row=row.number, column=column)
    return value


def check_value_for_unit(path: Path, row: Row, column: str, value: float, unit: str) -> None:
    """Unit-specific sanity: counts are whole numbers, percentages at most 100."""
    if unit in ("count", "people", "rank") and value != int(value):
        raise DataError(path, f"a {unit} must be a whole number, found {value:g}", row=row.number, column=column)
    if unit == "percent" and value > 100:
        raise DataError(path, f"a percentage must be at most 100, found {value:g}", row=row.number, column=column)


def check_choice(path: Path, row: Row, column: str, choices: Sequence[str]) -> str:
    text = row[column]
    if text not in choices:
        raise DataError(path, f"expected one of {list(choices)}, found {text!r}", row=row.number, column=column)
    return text


def check_period(path: Path, row: Row, column: str = "period") -> str:
    """Financial year ``2020/21`` (or a quarter ``2020/21 Q1``, year to date ``2020/21 to Q2``), ``2016-2020``,
    ``2013/14-2021/22``, ``2021``, ISO date or ISO interval ``2023-03-01/2024-02-29``."""
    text = row[column]
    ok = False
    if m := _FINANCIAL_YEAR.match(text):
        ok = (int(m[1]) + 1) % 100 == int(m[2])
    elif m := _YEAR_RANGE.match(text):
        ok = int(m[1]) < int(m[2])
    elif m := _FY_RANGE.match(text):
        ok = (int(m[1]) + 1) % 100 == int(m[2]) and (int(m[3]) + 1) % 100 == int(m[4]) and m[1] < m[3]
    elif _ISO_DATE.match(text):
        try:
            date.fromisoformat(text)
            ok = True
        except ValueError:
            ok = False
    elif m := _ISO_INTERVAL.match(text):
        try:
            ok = date.fromisoformat(m[1]) < date.fromisoformat(m[2])
        except ValueError:
            ok = False
    elif _YEAR.match(text):
        ok = True
    if not ok:
        raise DataError(
            path,
            f"expected a period such as 2020/21, 2020/21 Q1, 2020/21 to Q2, 2016-2020, 2021, an ISO date "
            f"2021-03-31 or an ISO interval 2023-03-01/2024-02-29, found {text!r}",
            row=row.number,
            column=column,
        )
    return text


def check_status_note(path: Path, row: Row) -> str:
    status = check_choice(path, row, "status", STATUSES)
    if status != "published" and not row["note"]:
        raise DataError(path, f"status {status!r} needs a note saying how it was derived or why it is uncertain",
                        row=row.number, column="note")
    return status


def check_text(path: Path, row: Row, column: str) -> str:
    text = row[column]
    if not text:
        raise DataError(path, "must not be empty", row=row.number, column=column)
    return text
