"""Strict reading of the hand-transcribed CSV files in ``data/raw/``.

Nothing here guesses.  A cell that is not what its column promises stops the
build with a :class:`~analysis.data.errors.DataError` naming file, row and column.
"""

from __future__ import annotations

import csv
import io
import math
import re
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from analysis.data.errors import DataError
from analysis.data.vocabulary import STATUSES

__all__ = [
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_VALUE",
    "MIN_YEAR",
    "Row",
    "UNITS",
    "check_choice",
    "check_period",
    "check_status_note",
    "check_text",
    "check_value_for_unit",
    "parse_value",
    "years_in_period",
    "read_table",
]

#: Largest raw file read (bytes); the biggest hand-kept table is about 1% of it.
MAX_FILE_BYTES = 5_000_000
#: Longest cell (characters); the longest note is about 500.
MAX_CELL_CHARS = 10_000
#: Largest value in a numeric cell (the population of England and Wales is about 6e7).
MAX_VALUE = 1e10
#: Earliest year a period may name.
MIN_YEAR = 1900
#: Characters no hand-kept table needs: control characters (not tab or line ends), stray byte-order marks,
#: Unicode line separators.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u2028\u2029\ufeff\ufffe\uffff]")

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
_NUMBER = re.compile(r"^\d+(\.\d+)?$", re.ASCII)
_FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})(?: Q[1-4]| to Q[23])?$", re.ASCII)
_YEAR_RANGE = re.compile(r"^(\d{4})-(\d{4})$", re.ASCII)
_FY_RANGE = re.compile(r"^(\d{4})/(\d{2})-(\d{4})/(\d{2})$", re.ASCII)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_ISO_INTERVAL = re.compile(r"^(\d{4}-\d{2}-\d{2})/(\d{4}-\d{2}-\d{2})$", re.ASCII)
_YEAR = re.compile(r"^\d{4}$", re.ASCII)
_YEARS_IN_PERIOD = re.compile(r"(?<!\d)(\d{4})(?:/(\d{2})(?!\d))?", re.ASCII)


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
    Anything that is not a plain, small, UTF-8 text file (a directory, a
    device, a FIFO, a file over :data:`MAX_FILE_BYTES`, binary content, a cell
    over :data:`MAX_CELL_CHARS`) stops with a :class:`DataError` naming it.
    """
    path = Path(path)
    text = _decode(path, _read_bytes(path))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
        _check_header(path, header, required, optional)
        rows = [_row(path, header, number, fields) for number, fields in enumerate(reader, start=1)]
    except csv.Error as exc:
        line = reader.line_num
        if "field larger than field limit" in str(exc):
            raise DataError(path, f"a cell near line {line} is over the limit of {MAX_CELL_CHARS:,} characters",
                            row=max(line - 1, 0) or None) from None
        raise DataError(path, f"not a well-formed CSV file near line {line} ({exc}); check the quotes",
                        row=max(line - 1, 0) or None) from None
    if not rows:
        raise DataError(path, "no data rows after the header")
    return rows


def _row(path: Path, header: list[str], number: int, fields: list[str]) -> Row:
    if not fields or all(not f.strip() for f in fields):
        raise DataError(path, "blank row: delete it", row=number)
    if len(fields) != len(header):
        raise DataError(
            path,
            f"expected {len(header)} fields as in the header, found {len(fields)}"
            " (an unquoted comma inside a value, e.g. a thousands separator?)",
            row=number,
        )
    for name, field_ in zip(header, fields):
        if len(field_) > MAX_CELL_CHARS:
            raise DataError(path, f"cell of {len(field_):,} characters; the limit is {MAX_CELL_CHARS:,}",
                            row=number, column=name)
        if "\n" in field_ or "\r" in field_:
            raise DataError(path, "line break inside a cell: keep each row on one line", row=number, column=name)
    return Row(number, {h: f.strip() for h, f in zip(header, fields)})


def _read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES, or a DataError saying what is wrong."""
    try:
        info = path.stat()
    except FileNotFoundError:
        hint = " (a symbolic link to a file that does not exist)" if path.is_symlink() else ""
        raise DataError(path, f"file not found{hint} (raw files are registered in data/registers/datasets.csv)") from None
    except OSError as exc:
        raise DataError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DataError(path, "is a directory, expected a CSV file")
    if not stat.S_ISREG(info.st_mode):
        raise DataError(path, "is not a regular file (a device, FIFO or socket, or a link to one); "
                        "expected a CSV file")
    if info.st_size > MAX_FILE_BYTES:
        raise DataError(path, f"file of {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,} "
                        "(a hand-kept table is far smaller: is this the right file?)")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise DataError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise DataError(path, f"file larger than the limit of {MAX_FILE_BYTES:,} bytes")
    if not raw.strip():
        raise DataError(path, "file is empty: expected a header row and at least one data row")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(path, "the file is UTF-16; save it as UTF-8")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise DataError(path, f"NUL byte on line {line}: binary content, not a CSV text file",
                        row=max(line - 1, 0) or None)
    return raw


def _decode(path: Path, raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            path,
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} on line {line}); "
            "save the file with UTF-8 encoding",
            row=max(line - 1, 0) or None,
        ) from None
    if bad := _BAD_CHARS.search(text):
        char, line = bad.group(), text.count("\n", 0, bad.start()) + 1
        what = "a byte-order mark (U+FEFF) inside the file" if char == "\ufeff" else \
            f"control character U+{ord(char):04X}"
        raise DataError(path, f"{what} on line {line}; delete it", row=max(line - 1, 0) or None)
    return text


def _check_header(path: Path, header: list[str], required: Sequence[str], optional: Iterable[str]) -> None:
    seen = set()
    if "" in header:
        raise DataError(path, f"column {header.index('') + 1} of the header is empty (a stray comma?)",
                        column="")
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
    if not math.isfinite(value) or value > MAX_VALUE:
        raise DataError(path, f"implausibly large number {text[:20]!r}{'...' if len(text) > 20 else ''}: the "
                        f"limit is {MAX_VALUE:g}", row=row.number, column=column)
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
            f"expected a period written YYYY/YY (a financial year), YYYY/YY Qn, YYYY/YY to Qn, YYYY-YYYY, YYYY, "
            f"an ISO date YYYY-MM-DD or an ISO interval YYYY-MM-DD/YYYY-MM-DD, found {text!r}",
            row=row.number,
            column=column,
        )
    _check_years(path, row, column, text)
    return text


def years_in_period(period: str) -> list[int]:
    """Every calendar year a period names: ``2020/21`` -> [2020, 2021], ``2023-03-01/2024-02-29`` -> [2023, 2024]."""
    years = []
    for m in _YEARS_IN_PERIOD.finditer(period):
        start = int(m[1])
        years.append(start)
        if m[2] is not None:
            years.append(start - start % 100 + int(m[2]) + (100 if int(m[2]) < start % 100 else 0))
    return years


def _check_years(path: Path, row: Row, column: str, text: str) -> None:
    years = years_in_period(text)
    if years and min(years) < MIN_YEAR:
        raise DataError(path, f"period {text!r} names the year {min(years)}, before {MIN_YEAR}: a typing error?",
                        row=row.number, column=column)


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
