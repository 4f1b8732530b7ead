"""Checks the build runs on everything it reads and writes, beyond each file's own reader.

- :func:`check_raw_folder`: ``data/raw/`` holds the registered files and nothing else (a ``.CSV``, a subfolder,
  a stray copy would otherwise be ignored without a word).
- :func:`check_places`: ``places.csv`` agrees with itself and with the data held.  No LAD-to-police-force-area
  lookup is in ``data/raw/``, so the check is derived from what is held: the ONS code's prefix must fit the
  place type (E06/W06 unitary authority, E07 district, E08 metropolitan district, E09 London borough, E10
  county, E11 metropolitan county; a former district keeps its E07 code; a town, city or airport is given the
  code of the district it lies in, which must be a district of ``places.csv`` policed by the same force); a
  Welsh code (W...) must map to a Welsh force and an English one to an
  English force; London boroughs to the Metropolitan Police (the City, E09000001, to the City of London); one
  code, one force (a Welsh name or short form agrees with the ONS name); and each force's number of local
  authority districts must equal the number the population table summed for it (``population_mid2024.csv``,
  "summed to PFA with the LAD21-PFA21 lookup (N LADs)"), so one district moved to a neighbouring force (Cardiff
  to Dyfed-Powys) stops the build naming the row.
- :func:`check_unique_keys`: a reference table's declared primary key is unique (``force_aliases.csv``,
  ``counting_units.csv``).
- :func:`check_templates`: a register's ``{placeholder}`` names only what the code fills in.
- :func:`check_datapackage`: every processed table in a folder matches ``datapackage.json`` (columns, primary
  key unique and present, required cells, integer/number/boolean/date types) before it replaces the old one.
"""

from __future__ import annotations

import json
import math
import re
import string
from collections.abc import Collection, Iterable, Sequence
from datetime import date
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.rawfiles import read_table

__all__ = [
    "ALLOWED_DOCS",
    "CODE_PREFIXES",
    "FORMER_PREFIXES",
    "WITHIN_DISTRICT",
    "check_datapackage",
    "check_places",
    "check_raw_folder",
    "check_templates",
    "check_unique_keys",
    "lad_counts",
]

#: Files in data/raw that are documentation, not data.
ALLOWED_DOCS = ("FORMAT.md", "README.md")
#: ONS code prefix -> the place types it may have.
CODE_PREFIXES = {
    "E06": ("Unitary Authority",), "W06": ("Unitary Authority",), "E07": ("Non-metropolitan District",),
    "E08": ("Metropolitan District",), "E09": ("London Borough",), "E10": ("County",),
    "E11": ("Metropolitan County",),
}
_LAD_TYPES = ("Unitary Authority", "Non-metropolitan District", "Metropolitan District", "London Borough")
#: Places that are not districts, named with the ONS code of the district they lie in (ONS Index of Place Names).
WITHIN_DISTRICT = ("Town or city", "Airport")
#: Districts abolished in a reorganisation, with the prefix of the code they had.
FORMER_PREFIXES = {"Former district": ("E07",)}
_LAD_PREFIXES = tuple(p for p, kinds in CODE_PREFIXES.items() if set(kinds) & set(_LAD_TYPES))
_CODE = re.compile(r"^[EW]\d{8}$", re.ASCII)
_LADS = re.compile(r"\((\d+) LADs?\b")
_CITY_CODE = "E09000001"


def check_raw_folder(raw: Path, registered: Collection[str], docs: Iterable[str] = ALLOWED_DOCS) -> None:
    """Every entry of ``raw`` is a registered file or a documentation file; anything else is an error."""
    raw = Path(raw)
    allowed = set(registered) | set(docs)
    lower = {name.casefold(): name for name in allowed}
    for path in sorted(raw.iterdir()):
        name = path.name
        if name in allowed:
            continue
        if path.is_dir():
            raise DataError(path, "a folder inside data/raw/ is never read (figure files sit directly in "
                            "data/raw/); move it out")
        if name.casefold() in lower:
            raise DataError(path, f"the registered file is {lower[name.casefold()]!r}: file names are "
                            "case-sensitive; rename it")
        what = "a CSV file" if name.casefold().endswith(".csv") else "a file"
        raise DataError(path, f"{what} not registered in data/registers/datasets.csv, so the build would "
                        "ignore it; register it or move it out of data/raw/")


def check_unique_keys(path: Path, columns: Sequence[str], key: Sequence[str]) -> None:
    """No two rows of ``path`` share the ``key`` columns (the primary key declared in datapackage.json)."""
    seen: dict[tuple, int] = {}
    for row in read_table(path, columns):
        value = tuple(row[k] for k in key)
        if value in seen:
            raise DataError(path, f"{', '.join(key)} {value if len(value) > 1 else value[0]!r} is already on row "
                            f"{seen[value]} (the primary key must be unique)", row=row.number, column=key[-1])
        seen[value] = row.number


def lad_counts(population_path: Path) -> dict[str, tuple[int, int]]:
    """Force as written -> (number of LADs summed, row) from the notes of a population table."""
    counts = {}
    for row in read_table(population_path, ("source_id", "period", "force", "geo_code", "population", "status",
                                            "note")):
        if m := _LADS.search(row["note"]):
            counts[row["force"]] = (int(m[1]), row.number)
    return counts


def check_places(path: Path, places: pd.DataFrame, forces: pd.DataFrame,
                 counts: dict[str, tuple[int, int]] | None = None, counts_path: Path | None = None) -> None:
    """The derived checks on ``places.csv`` (see the module doc).

    ``places`` is :func:`analysis.data.forces.load_places` (file order; row 1 = first data row), ``forces`` is
    ``load_forces()`` (``force``, ``country``), ``counts`` the LAD count per force from :func:`lad_counts`.
    """
    country = dict(zip(forces["force"], forces["country"]))
    by_code: dict[str, tuple[str, int]] = {}
    records = places.to_dict("records")
    for number, rec in enumerate(records, start=1):
        code, kind, force = rec["place_code"], rec["place_type"], rec["force"]
        if not _CODE.match(code):
            raise DataError(path, f"expected an ONS code such as E06000047, found {code!r}", row=number,
                            column="place_code")
        fits = CODE_PREFIXES.get(code[:3])
        if kind in WITHIN_DISTRICT:
            fits = (kind,) if code[:3] in _LAD_PREFIXES else ("a district's code (" + ", ".join(_LAD_PREFIXES) + ")",)
        elif kind in FORMER_PREFIXES:
            fits = (kind,) if code[:3] in FORMER_PREFIXES[kind] else (f"an {'/'.join(FORMER_PREFIXES[kind])} code",)
        if fits is None or kind not in fits:
            raise DataError(path, f"code {code} (prefix {code[:3]}) is not a {kind}: "
                            f"{'expected one of ' + ', '.join(sorted(CODE_PREFIXES)) if fits is None else fits[0]}",
                            row=number, column="place_type")
        wales = code.startswith("W")
        if (country.get(force) == "Wales") != wales:
            raise DataError(path, f"{rec['place']} ({code}) is in {'Wales' if wales else 'England'}, but "
                            f"{force} polices {country.get(force, 'no area')}", row=number, column="force")
        if code.startswith("E09"):
            expected = "City of London" if code == _CITY_CODE else "Metropolitan Police"
            if force != expected:
                raise DataError(path, f"{rec['place']} ({code}) is a London borough policed by {expected}, not "
                                f"{force}", row=number, column="force")
    districts = {rec["place_code"]: rec["force"] for rec in records if rec["place_type"] in _LAD_TYPES}
    for number, rec in enumerate(records, start=1):
        if rec["place_type"] in WITHIN_DISTRICT:
            code = rec["place_code"]
            if code not in districts:
                raise DataError(path, f"{rec['place']} is given the district code {code}, which is not a district "
                                "in this file", row=number, column="place_code")
            if districts[code] != rec["force"]:
                raise DataError(path, f"{rec['place']} lies in the district {code}, policed by {districts[code]}, "
                                f"not {rec['force']}", row=number, column="force")
    if counts is not None:
        _check_counts(path, records, forces, counts, counts_path)
    for number, rec in enumerate(records, start=1):  # after the counts, which find the district that moved
        code, force = rec["place_code"], rec["force"]
        if code in by_code and by_code[code][0] != force:
            raise DataError(path, f"{rec['place']} has the code {code}, which row {by_code[code][1]} gives to "
                            f"{by_code[code][0]}: one place, one force", row=number, column="force")
        by_code.setdefault(code, (force, number))


def _check_counts(path: Path, records: list[dict], forces: pd.DataFrame, counts: dict[str, tuple[int, int]],
                  counts_path: Path | None) -> None:
    held: dict[str, list[int]] = {}
    codes_seen = set()
    for number, rec in enumerate(records, start=1):
        if rec["place_type"] in _LAD_TYPES and rec["place_code"] not in codes_seen:
            codes_seen.add(rec["place_code"])
            held.setdefault(rec["force"], []).append(number)
    territorial = set(forces.loc[forces["kind"] == "territorial", "force"])
    surplus = {f: len(held.get(f, [])) - n for f, (n, _) in counts.items()
               if f in territorial and len(held.get(f, [])) != n}
    if not surplus:
        return
    over = [f for f, d in surplus.items() if d > 0]
    under = [f for f, d in surplus.items() if d < 0]
    force = over[0] if over else under[0]
    rows = held.get(force, [])
    row = _odd_one_out(records, rows, under) if over else (rows[0] if rows else None)
    said = "; ".join(f"{f} has {len(held.get(f, []))}, {counts_path.name if counts_path else 'the population table'}"
                     f" row {counts[f][1]} sums {counts[f][0]}" for f in sorted(surplus))
    raise DataError(path, f"local authority districts per force disagree with the population table ({said}): "
                    f"{'is ' + records[row - 1]['place'] + ' in the wrong force?' if row else 'a district is missing'}",
                    row=row, column="force")


def _odd_one_out(records: list[dict], rows: list[int], under: list[str]) -> int | None:
    """Among ``rows`` (1-based), the district whose neighbours in file order (ONS order) belong to a force that
    is short of districts; else the first."""
    for number in rows:
        around = [records[i - 1]["force"] for i in (number - 1, number + 1) if 1 <= i <= len(records)]
        if around and all(f in under for f in around):
            return number
    return rows[0] if rows else None


def check_templates(path: Path, rows: Iterable[tuple[int, str]], column: str, allowed: Collection[str]) -> None:
    """Each text's ``{placeholders}`` are among ``allowed`` and its braces are well formed."""
    for number, text in rows:
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
        except ValueError as exc:
            raise DataError(path, f"malformed placeholder ({exc}); write {{{{ and }}}} for a literal brace",
                            row=number, column=column) from None
        for name in fields:
            if name not in allowed:
                near = ", ".join("{" + a + "}" for a in sorted(allowed)) or "none"
                raise DataError(path, f"unknown placeholder {{{name}}}; the placeholders filled in are {near}",
                                row=number, column=column)


def _is_integer(text: str) -> bool:
    return re.fullmatch(r"-?\d+", text, re.ASCII) is not None


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text)) and re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", text) is not None
    except ValueError:
        return False


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
        return True
    except ValueError:
        return False


_TYPES = {"integer": _is_integer, "number": _is_number, "boolean": lambda t: t in ("true", "false"),
          "date": _is_date, "string": lambda t: True}


def check_datapackage(folder: Path) -> None:
    """Every resource of ``folder/datapackage.json`` matches its table in ``folder`` (see the module doc)."""
    folder = Path(folder)
    package_path = folder / "datapackage.json"
    try:
        package = json.loads(package_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(package_path, f"cannot read the data package: {exc}") from None
    for resource in package.get("resources", []):
        path = folder / resource["path"]
        schema = resource["schema"]
        fields = schema["fields"]
        missing = set(schema.get("missingValues", [""]))
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        names = [f["name"] for f in fields]
        if list(table.columns) != names:
            raise DataError(path, f"columns {list(table.columns)} differ from datapackage.json's {names}",
                            column=next((c for c, n in zip(table.columns, names) if c != n), None))
        key = schema.get("primaryKey") or []
        key = [key] if isinstance(key, str) else key
        for field in fields:
            column, kind = field["name"], field.get("type", "string")
            required = field.get("constraints", {}).get("required", False) or column in key
            check = _TYPES.get(kind, _TYPES["string"])
            for number, text in enumerate(table[column], start=1):
                if text in missing:
                    if required:
                        raise DataError(path, "empty, but datapackage.json requires a value", row=number,
                                        column=column)
                    continue
                if not check(text):
                    raise DataError(path, f"{text!r} is not a valid {kind} (datapackage.json)", row=number,
                                    column=column)
        if key:
            dup = table.duplicated(subset=key, keep="first")
            if dup.any():
                number = int(dup.to_numpy().nonzero()[0][0]) + 1
                first = table[key].apply(tuple, axis=1)
                value = first.iloc[number - 1]
                before = int((first == value).to_numpy().nonzero()[0][0]) + 1
                raise DataError(path, f"primary key {key} {value} repeats row {before} (datapackage.json declares "
                                "it unique)", row=number, column=key[-1])
