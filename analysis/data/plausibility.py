"""Plausibility: no figure outside its possible range, no contradiction inside a table row, no implausible jump.

The rules are data, ``data/registers/plausibility.csv``, one rule a row (``kind``):

- ``range``: every value of ``measure`` (``*``: any) in ``unit`` and ``category`` (``*``: any) lies between
  ``minimum`` and ``maximum`` (shares 0-100, days 0 to a stated maximum, rates within a stated band);
- ``not_above``: ``measure [category]`` is at most ``base_measure [base_category]`` of the same source, period
  and force (days excluding suspensions <= including them; parts <= totals; findings <= investigations);
  ``base_category`` ``=`` means the row's own category;
- ``share``: a percentage ``measure [category]`` equals ``100 * part_measure [part_category] / base_measure
  [base_category]`` of the same source, period and force within ``tolerance`` percentage points (rounding);
- ``change``: a value of ``measure [category]`` is at most ``factor`` times, and at least ``1 / factor`` of,
  the force's figure for the previous comparable period (the latest earlier financial year, calendar year or
  snapshot date of the same day and month), when both are at least ``min_value``; two forces' populations
  swapped, or a national total typed ten times too large, stop here;
- ``ratio``: ``measure [category]`` divided by the same force's ``base_measure [base_category]`` (in
  ``base_unit``; the figure whose period ends nearest, within about a year, from any source) lies between
  ``minimum`` and ``maximum`` (residents per officer: two forces' populations swapped in every year at once).

A real figure that breaks a rule is not hidden by loosening the rule: it is listed, with the source that
confirms it, in ``data/registers/plausibility_exceptions.csv`` (``rule, force, period, measure, category,
source_id, reason``).  Every exception must match a figure that breaks its rule (a stale one is an error).
A violation stops the build with a :class:`~analysis.data.errors.DataError` naming the raw file, row and
column (for a wide file, the value column that holds the figure).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.paths import raw_dir
from analysis.data.rawfiles import UNITS, Row, check_choice, check_text, read_table
from analysis.data.registers import DATASETS, REGISTER_DIR
from analysis.data.validation import period_end

__all__ = [
    "EXCEPTIONS_FILE",
    "KINDS",
    "RULES_FILE",
    "PlausibilityRule",
    "check_plausible",
    "comparable_period",
    "load_exceptions",
    "load_rules",
    "value_column",
]

RULES_FILE: Path = REGISTER_DIR / "plausibility.csv"
EXCEPTIONS_FILE: Path = REGISTER_DIR / "plausibility_exceptions.csv"
KINDS = ("range", "not_above", "share", "change", "ratio")
_RULE_COLUMNS = ("rule", "kind", "measure", "unit", "category", "part_measure", "part_category", "base_measure",
                 "base_category", "base_unit", "minimum", "maximum", "tolerance", "factor", "min_value", "note")
_EXCEPTION_COLUMNS = ("rule", "force", "period", "measure", "category", "source_id", "reason")
_NUMBER = re.compile(r"^\d+(\.\d+)?$", re.ASCII)
_FY = re.compile(r"^(\d{4})/\d{2}$", re.ASCII)
_YEAR = re.compile(r"^(\d{4})$", re.ASCII)
_DATE = re.compile(r"^(\d{4})-(\d{2}-\d{2})$", re.ASCII)


@dataclass(frozen=True)
class PlausibilityRule:
    """One row of ``plausibility.csv`` (numbers as floats; ``None`` where the kind does not use them)."""

    name: str
    kind: str
    measure: str
    unit: str
    category: str
    part_measure: str = ""
    part_category: str = ""
    base_measure: str = ""
    base_category: str = ""
    base_unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    tolerance: float | None = None
    factor: float | None = None
    min_value: float | None = None
    row: int = 0

    def matches(self, measure: str, unit: str, category: str) -> bool:
        return (self.measure in ("*", measure) and self.unit in ("*", unit)
                and self.category in ("*", category))


def _number(path: Path, row: Row, column: str, required: bool) -> float | None:
    text = row[column]
    if not text:
        if required:
            raise DataError(path, f"a {row['kind']} rule needs a {column}", row=row.number, column=column)
        return None
    if not _NUMBER.match(text):
        raise DataError(path, f"expected a non-negative number, found {text!r}", row=row.number, column=column)
    return float(text)


_NEEDS = {"range": ("minimum", "maximum"), "not_above": (), "share": ("tolerance",), "change": ("factor",),
          "ratio": ("minimum", "maximum")}


@lru_cache(maxsize=4)
def _rules(path: Path) -> tuple[PlausibilityRule, ...]:
    rules, seen = [], {}
    for row in read_table(path, _RULE_COLUMNS):
        name = check_text(path, row, "rule")
        if name in seen:
            raise DataError(path, f"rule {name!r} is already defined on row {seen[name]}", row=row.number,
                            column="rule")
        seen[name] = row.number
        kind = check_choice(path, row, "kind", KINDS)
        check_text(path, row, "measure")
        check_choice(path, row, "unit", (*UNITS, "*"))
        check_text(path, row, "category")
        check_text(path, row, "note")
        if kind in ("not_above", "share", "ratio"):
            check_text(path, row, "base_measure")
            check_text(path, row, "base_category")
        if row["base_unit"]:
            check_choice(path, row, "base_unit", UNITS)
        if kind == "share":
            check_text(path, row, "part_measure")
            check_text(path, row, "part_category")
        numbers = {c: _number(path, row, c, c in _NEEDS[kind])
                   for c in ("minimum", "maximum", "tolerance", "factor", "min_value")}
        if kind in ("range", "ratio") and numbers["minimum"] > numbers["maximum"]:
            raise DataError(path, "minimum is above maximum", row=row.number, column="maximum")
        if kind == "change" and numbers["factor"] <= 1:
            raise DataError(path, f"a change factor must be above 1, found {row['factor']}", row=row.number,
                            column="factor")
        rules.append(PlausibilityRule(name, kind, row["measure"], row["unit"], row["category"],
                                      row["part_measure"], row["part_category"], row["base_measure"],
                                      row["base_category"], row["base_unit"], **numbers, row=row.number))
    return tuple(rules)


def load_rules(path: Path = RULES_FILE) -> list[PlausibilityRule]:
    """The plausibility rules (``data/registers/plausibility.csv``), validated."""
    return list(_rules(Path(path)))


def load_exceptions(path: Path = EXCEPTIONS_FILE, rules: Iterable[PlausibilityRule] | None = None,
                    sources: Iterable[str] | None = None) -> pd.DataFrame:
    """The confirmed exceptions (``data/registers/plausibility_exceptions.csv``), each naming a known rule and
    a source in ``sources.csv``; columns as in the file plus ``row``."""
    path = Path(path)
    names = {r.name for r in (rules if rules is not None else load_rules())}
    if sources is None:
        from analysis.data.sources import source_ids

        sources = source_ids()
    sources = set(sources)
    records, seen = [], {}
    try:
        rows = read_table(path, _EXCEPTION_COLUMNS)
    except DataError as exc:
        if exc.detail != "no data rows after the header":
            raise
        rows = []  # no exception registered: every rule holds for every figure
    for row in rows:
        if check_text(path, row, "rule") not in names:
            raise DataError(path, f"no rule {row['rule']!r} in plausibility.csv", row=row.number, column="rule")
        for column in ("force", "period", "measure", "category", "reason"):
            check_text(path, row, column)
        if check_text(path, row, "source_id") not in sources:
            raise DataError(path, f"source id {row['source_id']!r} is not in data/raw/sources.csv: an exception "
                            "must cite the document that confirms the figure", row=row.number, column="source_id")
        key = tuple(row[c] for c in _EXCEPTION_COLUMNS[:5])
        if key in seen:
            raise DataError(path, f"this exception is already listed on row {seen[key]}", row=row.number,
                            column="rule")
        seen[key] = row.number
        records.append({**row.cells, "row": row.number})
    return pd.DataFrame(records, columns=[*_EXCEPTION_COLUMNS, "row"])


def value_column(rec: dict) -> str:
    """The raw column that holds a figure: ``value`` in a long file, the declared value column in a wide one."""
    by_file = {d.file: d for d in DATASETS}
    ds = by_file.get(rec["raw_file"])
    if ds is None or ds.form == "long":
        return "value"
    for column, spec in ds.columns.items():
        if spec.measure == rec["measure"] and spec.unit == rec["unit"] and \
                (ds.has_category or spec.category == rec["category"]):
            return column
    return "value"


def comparable_period(period: str) -> tuple[str, int] | None:
    """The kind of a period and its year, for comparing with the previous one: ``2020/21`` -> ("financial
    year", 2020), ``2021`` -> ("calendar year", 2021), ``2021-03-31`` -> ("snapshot 03-31", 2021); None for
    quarters, ranges and intervals (they have no single previous period)."""
    if m := _FY.match(period):
        return "financial year", int(m[1])
    if m := _YEAR.match(period):
        return "calendar year", int(m[1])
    if m := _DATE.match(period):
        return f"snapshot {m[2]}", int(m[1])
    return None


class _Checker:
    def __init__(self, obs: pd.DataFrame, exceptions: pd.DataFrame, raw: Path) -> None:
        self.obs = obs
        self.raw = raw
        self.excepted = {tuple(r[c] for c in _EXCEPTION_COLUMNS[:5]): r["row"]
                         for r in exceptions.to_dict("records")}
        self.used: set[tuple] = set()
        self.by_key: dict[tuple, list[dict]] = {}
        self.records = obs.to_dict("records")
        for rec in self.records:
            key = (rec["source_id"], rec["period"], rec["force"], rec["measure"], rec["category"])
            self.by_key.setdefault(key, []).append(rec)

    def fail(self, rule: PlausibilityRule, rec: dict, message: str) -> None:
        key = (rule.name, rec["force"], rec["period"], rec["measure"], rec["category"])
        if key in self.excepted:
            self.used.add(key)
            return
        raise DataError(self.raw / rec["raw_file"], f"{message} (rule {rule.name!r}, data/registers/"
                        "plausibility.csv; a confirmed figure is listed with its source in "
                        "plausibility_exceptions.csv)", row=int(rec["raw_row"]), column=value_column(rec))


def _select(chk: _Checker, rule: PlausibilityRule) -> list[dict]:
    return [rec for rec in chk.records if rule.matches(rec["measure"], rec["unit"], rec["category"])]


def _describe(rec: dict) -> str:
    return f"{rec['force']} {rec['period']} {rec['measure']} [{rec['category']}] = {rec['value']:g}"


def _check_range(chk: _Checker, rule: PlausibilityRule) -> None:
    for rec in _select(chk, rule):
        if not rule.minimum <= rec["value"] <= rule.maximum:
            chk.fail(rule, rec, f"{_describe(rec)} is outside the possible range {rule.minimum:g} to "
                     f"{rule.maximum:g} {rec['unit']}")


def _partners(chk: _Checker, rec: dict, measure: str, category: str) -> list[dict]:
    category = rec["category"] if category == "=" else category
    return chk.by_key.get((rec["source_id"], rec["period"], rec["force"], measure, category), [])


def _check_not_above(chk: _Checker, rule: PlausibilityRule) -> None:
    for rec in _select(chk, rule):
        for base in _partners(chk, rec, rule.base_measure, rule.base_category):
            if rec["value"] > base["value"]:
                chk.fail(rule, rec, f"{_describe(rec)} is above {base['measure']} [{base['category']}] = "
                         f"{base['value']:g} of the same source, period and force "
                         f"({base['raw_file']} row {base['raw_row']})")


def _check_share(chk: _Checker, rule: PlausibilityRule) -> None:
    for rec in _select(chk, rule):
        for part in _partners(chk, rec, rule.part_measure, rule.part_category):
            for base in _partners(chk, rec, rule.base_measure, rule.base_category):
                if base["value"] == 0:
                    if part["value"] > 0:
                        chk.fail(rule, rec, f"{_describe(rec)}: its base {base['measure']} is 0 but the part "
                                 f"{part['measure']} is {part['value']:g}")
                    continue
                exact = 100 * part["value"] / base["value"]
                if abs(rec["value"] - exact) > rule.tolerance:
                    chk.fail(rule, rec, f"{_describe(rec)} %, but {part['value']:g} of {base['value']:g} "
                             f"({part['measure']} over {base['measure']}) is {exact:.1f}%: more than "
                             f"{rule.tolerance:g} points apart")


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _centre(values: list[float]) -> float:
    """The middle of positive values on a log scale (two values: their geometric mean, so neither is further)."""
    logs = sorted(math.log(v) for v in values if v > 0)
    if not logs:
        return 0.0
    mid = len(logs) // 2
    return math.exp(logs[mid] if len(logs) % 2 else (logs[mid - 1] + logs[mid]) / 2)


def _distance(value: float, centre: float) -> float:
    return abs(math.log(value / centre)) if value > 0 and centre > 0 else math.inf


def _check_change(chk: _Checker, rule: PlausibilityRule) -> None:
    """Each period against the previous comparable one.  The figure named is the one further from the force's
    usual level (the median over its periods): a total typed ten times too large in the first year is named
    there, not in the correct year after it."""
    floor = rule.min_value or 0.0
    groups: dict[tuple, dict[str, dict[int, list[dict]]]] = {}
    for rec in _select(chk, rule):
        if (kp := comparable_period(rec["period"])) is not None:
            group = groups.setdefault((rec["force"], rec["measure"], rec["category"], rec["unit"]), {})
            group.setdefault(kp[0], {}).setdefault(kp[1], []).append(rec)
    for key in sorted(groups):
        for years in groups[key].values():
            ordered = sorted(years)
            centre = _centre([_median([r["value"] for r in years[y]]) for y in ordered])
            for before, after in zip(ordered, ordered[1:]):
                reference = _median([r["value"] for r in years[before]])
                for rec in years[after]:
                    if min(reference, rec["value"]) < floor or reference == 0 or rec["value"] == 0:
                        continue
                    ratio = rec["value"] / reference
                    if max(ratio, 1 / ratio) <= rule.factor:
                        continue
                    old = max(years[before], key=lambda r: _distance(r["value"], centre))
                    if _distance(old["value"], centre) > _distance(rec["value"], centre) + 1e-9:
                        chk.fail(rule, old, f"{_describe(old)} is {1 / ratio:.3g} times the next comparable "
                                 f"figure {rec['value']:g} ({rec['period']}, {rec['raw_file']} row "
                                 f"{rec['raw_row']}) and far from the force's other years; the limit is a factor "
                                 f"of {rule.factor:g}: a typing error, a unit slip or two forces' rows swapped?")
                    else:
                        chk.fail(rule, rec, f"{_describe(rec)} is {ratio:.3g} times the previous comparable "
                                 f"figure {reference:g} ({old['period']}, {old['raw_file']} row "
                                 f"{old['raw_row']}); the limit is a factor of {rule.factor:g}: a typing error, "
                                 "a unit slip or two forces' rows swapped?")


def _check_ratio(chk: _Checker, rule: PlausibilityRule) -> None:
    bases: dict[str, list[tuple[date, dict]]] = {}
    for rec in chk.records:
        if rec["measure"] == rule.base_measure and rule.base_unit in ("", rec["unit"]) \
                and (rule.base_category == "=" or rec["category"] == rule.base_category) \
                and (end := period_end(rec["period"])) is not None:
            bases.setdefault(rec["force"], []).append((end, rec))
    for rec in _select(chk, rule):
        end = period_end(rec["period"])
        near = [(abs((b_end - end).days), b) for b_end, b in bases.get(rec["force"], [])
                if end is not None and (rule.base_category != "=" or b["category"] == rec["category"])]
        near = [(days, b) for days, b in near if days <= _NEAR_DAYS and b["value"] > 0]
        if not near:
            continue
        base = min(near, key=lambda pair: (pair[0], pair[1]["raw_file"], pair[1]["raw_row"]))[1]
        ratio = rec["value"] / base["value"]
        if not rule.minimum <= ratio <= rule.maximum:
            chk.fail(rule, rec, f"{_describe(rec)} is {ratio:.4g} times {base['measure']} [{base['category']}] = "
                     f"{base['value']:g} ({base['period']}, {base['raw_file']} row {base['raw_row']}); it should "
                     f"be between {rule.minimum:g} and {rule.maximum:g}: two forces' rows swapped, a typing "
                     "error or a unit slip?")


#: How far apart (days) the periods of a ratio's two figures may end (a mid-year population and the officers of
#: the next 31 March are nine months apart).
_NEAR_DAYS = 400
_CHECKS = {"range": _check_range, "not_above": _check_not_above, "share": _check_share, "change": _check_change,
           "ratio": _check_ratio}


def check_plausible(obs: pd.DataFrame, rules: Iterable[PlausibilityRule] | None = None,
                    exceptions: pd.DataFrame | None = None, raw: Path | None = None,
                    exceptions_path: Path = EXCEPTIONS_FILE) -> None:
    """Apply every rule to the observations (the columns of :func:`analysis.data.observations.load_observations`).

    Raises :class:`DataError` on the first violation not listed as a confirmed exception, and on an exception
    that no longer matches a violation (so the register cannot hide a figure that was since corrected).
    """
    rules = list(rules) if rules is not None else load_rules()
    exceptions = exceptions if exceptions is not None else load_exceptions(exceptions_path, rules)
    chk = _Checker(obs, exceptions, Path(raw) if raw is not None else raw_dir())
    for rule in rules:
        _CHECKS[rule.kind](chk, rule)
    for key, row in chk.excepted.items():
        if key not in chk.used:
            raise DataError(exceptions_path, f"exception {key} matches no figure that breaks its rule: delete it "
                            "(the figure was corrected or the rule changed)", row=row, column="rule")
