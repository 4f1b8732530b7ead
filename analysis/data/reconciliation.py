"""Reconciliation: where parts and their total are both published, they must agree.

A rule names a total ``(measure, category)`` and its parts.  For every group of
figures from one source, one period and one force that holds the total and
parts, the parts must add up to the total within the rule's tolerance
(``complete`` rules), or at least not exceed it (partial breakdowns).

A publication that is itself inconsistent is not "fixed": its discrepancy is
registered in ``data/registers/known_inconsistencies.csv`` with an explanation,
kept, and reported in ``data/processed/reconciliation.csv``.  The same register
holds the other inconsistencies the transcription notes flag (conflicting
values, unclear periods or units, checks that cannot be made); each must match
figures in the data (:func:`check_noted`).  An unregistered
discrepancy stops the build, naming the raw file and rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError, UnknownForceError
from analysis.data.forces import ENGLAND_AND_WALES, resolve, territorial_forces
from analysis.data.paths import raw_dir
from analysis.data.rawfiles import check_choice, check_period, check_text, read_table
from analysis.data.registers import DATASETS, REGISTER_DIR
from analysis.data.vocabulary import HANDLING, HO_OUTCOMES, IOPC_CATEGORIES, PA_OUTCOMES

__all__ = [
    "ADDITIVE_UNITS",
    "COLUMN_TOTALS",
    "COLUMN_TOTALS_WITH_BTP",
    "CROSS_TOTALS",
    "INCONSISTENCY_KINDS",
    "KNOWN_INCONSISTENCIES",
    "RULES",
    "Rule",
    "check_column_totals",
    "check_cross_totals",
    "check_noted",
    "load_known_inconsistencies",
    "check_rule",
    "checks_not_run",
    "reconcile",
    "reconciliation_table",
]


@dataclass(frozen=True)
class Rule:
    """Parts that should add up to a total.

    ``total`` and ``parts`` are ``(measure, category)`` pairs.  With
    ``per_category`` the category is taken from each row instead (pairs give
    ``"*"``), so e.g. every sub-category row of Table 18 is checked.  With
    ``fixed_total`` (e.g. 100 for percentage shares) no total figure is needed.
    """

    name: str
    total: tuple[str, str] | None
    parts: tuple[tuple[str, str], ...]
    complete: bool = True
    tolerance: float = 0.0
    per_category: bool = False
    fixed_total: float | None = None


def _same_measure(measure: str, categories, total: str = "all") -> tuple[tuple[str, str], tuple[tuple[str, str], ...]]:
    return (measure, total), tuple((measure, c) for c in categories)


RULES: tuple[Rule, ...] = (
    Rule("allegations finalised = informal + Sch.3 not investigated + Sch.3 investigated",
         *_same_measure("allegations_finalised", HANDLING)),
    Rule("allegations logged = sum of the 11 IOPC categories",
         *_same_measure("allegations_logged", IOPC_CATEGORIES)),
    Rule("complaint cases logged = recorded under Sch.3 + handled outside Sch.3",
         ("complaint_cases_logged", "all"),
         (("complaint_cases_recorded_sch3", "all"), ("complaint_cases_outside_sch3", "all"))),
    Rule("shares of allegations finalised by handling sum to 100%", None,
         tuple(("allegations_finalised_share", c) for c in HANDLING), tolerance=1.5, fixed_total=100),
    Rule("Home Office: allegations by outcome = complaint allegations",
         ("complaint_allegations", "all"), tuple(("allegations_by_outcome", c) for c in HO_OUTCOMES)),
    Rule("PA FOI: sexual assault allegations by outcome = allegations",
         *_same_measure("sexual_assault_allegations_by_outcome", PA_OUTCOMES)),
    Rule("Table 18: not investigated + investigated = total",
         ("sch3_allegations_finalised", "*"),
         (("sch3_allegations_finalised_not_investigated", "*"), ("sch3_allegations_finalised_investigated", "*")),
         per_category=True),
    Rule("Table 18: not investigated % + investigated % = 100", None,
         (("sch3_allegations_finalised_not_investigated_share", "*"),
          ("sch3_allegations_finalised_investigated_share", "*")),
         per_category=True, fixed_total=100, tolerance=1.0),
)

#: Column totals: for these datasets, the force rows of each measure must add up
#: to the England and Wales row (absolute tolerance for rounded FTE sums).
COLUMN_TOTALS: dict[str, float] = {
    "iopc_2024_25_cases_finalised": 0.0,
    "iopc_2024_25_reviews": 0.0,
    "workforce_2021": 0.05,
    "officers_fte_other_dates": 0.05,
    "population_mid2020": 0.0,
    "population_mid2019": 0.0,
    "officers_fte_2025": 0.05,
    "population_mid2024": 0.0,
}

#: Column-total datasets whose England and Wales row also counts British Transport Police.
COLUMN_TOTALS_WITH_BTP: frozenset[str] = frozenset({"iopc_2024_25_cases_finalised", "iopc_2024_25_reviews"})
#: Units whose force values add up to the national value (not averages or shares).
ADDITIVE_UNITS: frozenset[str] = frozenset({"count", "people", "fte"})

#: Totals printed by another publication: the force rows of ``dataset`` add up (within the absolute tolerance) to the
#: England and Wales figure of the same measure, category, unit and period in ``total_dataset``.
CROSS_TOTALS: tuple[tuple[str, str, float], ...] = (
    ("officers_fte_2025", "workforce_headlines_2025", 0.5),
)

#: Kinds of registered inconsistency: parts that do not add up to their published total (``reconciliation``,
#: checked by :func:`reconcile`), publications that disagree on a figure (``conflict``: all values kept, the less
#: reliable ``uncertain``), a figure whose period, unit or wording is unclear (``unclear``), and a check that the
#: published data cannot support (``unverifiable``).
INCONSISTENCY_KINDS = ("reconciliation", "conflict", "unclear", "unverifiable")
_REGISTER = REGISTER_DIR / "known_inconsistencies.csv"
_COLUMNS = ("kind", "rule", "dataset", "source_id", "period", "force", "measure", "category", "explanation")


@lru_cache(maxsize=4)
def _known(path: Path) -> pd.DataFrame:
    names = {d.name for d in DATASETS}
    rules = {r.name for r in RULES} | {"column total", "cross-file total"}
    rows = read_table(path, _COLUMNS)
    seen: dict[tuple, int] = {}
    for row in rows:
        kind = check_choice(path, row, "kind", INCONSISTENCY_KINDS)
        if check_text(path, row, "dataset") not in names:
            raise DataError(path, f"{row['dataset']!r} is not a dataset in data/registers/datasets.csv",
                            row=row.number, column="dataset")
        check_period(path, row)
        check_text(path, row, "explanation")
        if row["force"] != "*":
            try:
                resolve(check_text(path, row, "force"))
            except UnknownForceError as exc:
                raise DataError(path, str(exc), row=row.number, column="force") from None
        needed = ("rule", "source_id") if kind == "reconciliation" else ("measure", "category")
        for column in needed:
            check_text(path, row, column)
        if kind == "reconciliation" and row["rule"] not in rules:
            raise DataError(path, f"no reconciliation rule {row['rule']!r}; rules: {sorted(rules)}",
                            row=row.number, column="rule")
        key = tuple(row[c] for c in _COLUMNS[:-1])
        if key in seen:
            raise DataError(path, f"already registered on row {seen[key]}", row=row.number, column="kind")
        seen[key] = row.number
    frame = pd.DataFrame([r.cells for r in rows], columns=list(_COLUMNS))
    frame.insert(0, "register_row", [r.number for r in rows])
    return frame


def load_known_inconsistencies(path: Path = _REGISTER) -> pd.DataFrame:
    """The registered published inconsistencies (``data/registers/known_inconsistencies.csv``).

    Columns: ``register_row`` (data row in the CSV), ``kind`` (see
    :data:`INCONSISTENCY_KINDS`), ``rule`` and ``source_id`` (reconciliation
    rows), ``dataset, period, force`` (``*``: every force), ``measure,
    category`` (other kinds; ``*``: any category) and ``explanation``.
    """
    return _known(Path(path)).copy()


def _as_dict(frame: pd.DataFrame) -> dict[tuple[str, str, str, str, str], str]:
    rec = frame[frame.kind == "reconciliation"]
    return {(r.rule, r.dataset, r.source_id, r.period, r.force): r.explanation for r in rec.itertuples()}


#: (rule name, dataset, source_id, period, force) -> why the publication does not add up
#: (the ``reconciliation`` rows of ``data/registers/known_inconsistencies.csv``).
KNOWN_INCONSISTENCIES: dict[tuple[str, str, str, str, str], str] = _as_dict(load_known_inconsistencies())


def check_noted(obs: pd.DataFrame, path: Path = _REGISTER) -> pd.DataFrame:
    """The registered inconsistencies other than reconciliation, each matched to the figures it is about.

    Raises :class:`DataError` naming the register row when no figure matches
    (the register would otherwise describe data that is not there).  Returns
    the rows with ``n_figures`` and ``values`` (the distinct values, ``; ``-joined).
    """
    table = _known(Path(path))
    noted = table[table.kind != "reconciliation"].copy()
    counts, values = [], []
    for row in noted.itertuples():
        sel = obs[(obs.dataset == row.dataset) & (obs.period == row.period) & (obs.measure == row.measure)]
        if row.force != "*":
            sel = sel[sel.force == resolve(row.force).name]
        if row.category != "*":
            sel = sel[sel.category == row.category]
        if sel.empty:
            raise DataError(path, f"no figure in {row.dataset} matches {row.force} {row.period} {row.measure} "
                            f"[{row.category}]: correct the row or remove it", row=int(row.register_row),
                            column="measure")
        counts.append(len(sel))
        distinct = sorted(sel.value.unique())
        values.append("; ".join(f"{v:g}" for v in distinct) if len(distinct) <= 6
                      else f"{len(distinct)} values, {distinct[0]:g} to {distinct[-1]:g}")
    return noted.assign(n_figures=counts, values=values).reset_index(drop=True)


def _selection(obs: pd.DataFrame, rule: Rule) -> pd.DataFrame:
    pairs = [p for p in ((rule.total,) if rule.total else ()) + rule.parts]
    if rule.per_category:
        return obs[obs.measure.isin({m for m, _ in pairs})]
    wanted = set(pairs)
    mask = [(m, c) in wanted for m, c in zip(obs.measure, obs.category)]
    return obs[mask]


def check_rule(obs: pd.DataFrame, rule: Rule) -> list[dict]:
    """Apply one rule; return one result record per group that can be checked."""
    results = []
    keys = ["dataset", "source_id", "period", "force"] + (["category"] if rule.per_category else [])
    for key, group in _selection(obs, rule).groupby(keys, sort=True):
        dataset, source_id, period, force = key[:4]
        measure_of = (lambda m, c: (m, "*")) if rule.per_category else (lambda m, c: (m, c))
        keyed = {measure_of(m, c): v for m, c, v in zip(group.measure, group.category, group.value)}
        if rule.fixed_total is not None:
            total = rule.fixed_total
        elif rule.total in keyed:
            total = keyed[rule.total]
        else:
            continue
        present = [p for p in rule.parts if p in keyed]
        if not present or (rule.fixed_total is not None and len(present) < len(rule.parts)):
            continue
        parts_sum = sum(keyed[p] for p in present)
        if len(present) == len(rule.parts) and rule.complete:
            ok, test = abs(parts_sum - total) <= rule.tolerance, "parts = total"
        else:
            ok, test = parts_sum <= total + rule.tolerance, "parts <= total (breakdown incomplete)"
        label = f" [{key[4]}]" if rule.per_category else ""
        results.append({
            "rule": rule.name + label, "dataset": dataset, "source_id": source_id, "period": period,
            "force": force, "test": test, "total": total, "parts_sum": parts_sum, "difference": parts_sum - total,
            "parts_present": len(present), "parts_expected": len(rule.parts), "ok": ok,
            "raw_file": group.raw_file.iloc[0], "raw_rows": ",".join(str(r) for r in sorted(group.raw_row)),
            "_key_rule": rule.name,
        })
    return results


def _expected_forces(dataset: str) -> set[str]:
    forces = set(territorial_forces())
    return forces | {"British Transport Police"} if dataset in COLUMN_TOTALS_WITH_BTP else forces


def _column_total_groups(obs: pd.DataFrame):
    """(dataset, tolerance, (period, measure, category, unit), group) for every column total to check.

    A group spans every source of the dataset: the England and Wales row may
    cite a different source from the force rows (the mid-2020 population does).
    """
    for dataset, tolerance in COLUMN_TOTALS.items():
        sel = obs[obs.dataset == dataset]
        for key, group in sel.groupby(["period", "measure", "category", "unit"], sort=True):
            yield dataset, tolerance, key, group


def _check_force_rows(dataset: str, key: tuple, group: pd.DataFrame, all_rows: pd.DataFrame) -> list[str]:
    """Raise on a missing or extra force row; return forces whose row is in the file but whose cell is ``-``."""
    national = group[group.force == ENGLAND_AND_WALES]
    anchor = national if not national.empty else group
    path, row = raw_dir() / anchor.raw_file.iloc[0], int(anchor.raw_row.iloc[0])
    expected = _expected_forces(dataset)
    present = set(group.force) - {ENGLAND_AND_WALES}
    extra = sorted(present - expected)
    if extra:
        raise DataError(path, f"{key[1]} [{key[2]}] {key[0]}: unexpected force row(s) {extra}: the England and "
                        f"Wales total of this table covers exactly {len(expected)} forces", row=row, column="force")
    in_file = set(all_rows[all_rows.period == key[0]].force)
    missing_rows = sorted(expected - in_file)
    if missing_rows:
        raise DataError(path, f"{key[1]} [{key[2]}] {key[0]}: missing force row(s) {missing_rows}: the England "
                        f"and Wales total needs all {len(expected)} forces", row=row, column="force")
    return sorted(expected - present)


def check_column_totals(obs: pd.DataFrame) -> list[dict]:
    """Force rows add up to the England and Wales row, for every measure of the datasets listed.

    A missing or extra force row is an error; a force whose row is there but
    whose cell is published as ``-`` counts as 0 (the test column says so).
    Groups that cannot be checked (averages, percentages, no national row) are
    listed by :func:`checks_not_run`.
    """
    results = []
    for dataset, tolerance, key, group in _column_total_groups(obs):
        period, measure, category, unit = key
        national = group[group.force == ENGLAND_AND_WALES]
        forces = group[group.force != ENGLAND_AND_WALES]
        if unit not in ADDITIVE_UNITS or national.empty:
            continue
        dashes = _check_force_rows(dataset, key, group, obs[obs.dataset == dataset])
        test = f"parts = total ('-' counted as 0 for {', '.join(dashes)})" if dashes else "parts = total"
        parts_sum = float(forces.value.sum())
        for nat in national.itertuples():
            total = float(nat.value)
            results.append({
                "rule": f"sum of {len(forces)} forces = England and Wales: {measure} [{category}] ({unit})",
                "dataset": dataset, "source_id": nat.source_id, "period": period, "force": ENGLAND_AND_WALES,
                "test": test, "total": total, "parts_sum": parts_sum, "difference": parts_sum - total,
                "parts_present": len(forces), "parts_expected": len(forces) + len(dashes),
                "ok": abs(parts_sum - total) <= tolerance + 1e-9, "raw_file": nat.raw_file,
                "raw_rows": str(int(nat.raw_row)), "_key_rule": "column total",
            })
    return results


def _not_run(rule: str, dataset: str, source_id: str, period: str, force: str, why: str, group: pd.DataFrame,
             parts_present: int = 0, parts_expected: int = 0) -> dict:
    return {"rule": rule, "dataset": dataset, "source_id": source_id, "period": period, "force": force,
            "test": "not run", "total": float("nan"), "parts_sum": float("nan"), "difference": float("nan"),
            "parts_present": parts_present, "parts_expected": parts_expected, "result": "not run",
            "explanation": why, "raw_file": group.raw_file.iloc[0],
            "raw_rows": ",".join(str(r) for r in sorted(group.raw_row))}


def checks_not_run(obs: pd.DataFrame, rules: tuple[Rule, ...] = RULES) -> list[dict]:
    """Every check that applies to some figures but cannot run, with the reason (for reconciliation.csv)."""
    records = []
    for rule in rules:
        keys = ["dataset", "source_id", "period", "force"] + (["category"] if rule.per_category else [])
        for key, group in _selection(obs, rule).groupby(keys, sort=True):
            measure_of = (lambda m, c: (m, "*")) if rule.per_category else (lambda m, c: (m, c))
            keyed = {measure_of(m, c) for m, c in zip(group.measure, group.category)}
            present = [p for p in rule.parts if p in keyed]
            label = f" [{key[4]}]" if rule.per_category else ""
            if not present:  # a total with no breakdown: nothing to reconcile
                continue
            if rule.fixed_total is None and rule.total not in keyed:
                why = "the total is not published by this source"
            elif rule.fixed_total is not None and len(present) < len(rule.parts):
                why = f"only {len(present)} of the {len(rule.parts)} shares are published"
            else:
                continue
            records.append(_not_run(rule.name + label, *key[:4], why, group, len(present), len(rule.parts)))
    for dataset, _, (period, measure, category, unit), group in _column_total_groups(obs):
        rule = f"sum of forces = England and Wales: {measure} [{category}] ({unit})"
        sid = ",".join(sorted(group.source_id.unique()))
        if unit not in ADDITIVE_UNITS:
            why = f"{unit} is an average or a share: force values do not add up to the national one"
        elif group[group.force == ENGLAND_AND_WALES].empty:
            why = "no England and Wales row to check the force rows against"
        else:
            _check_force_rows(dataset, (period, measure, category, unit), group, obs[obs.dataset == dataset])
            continue
        records.append(_not_run(rule, dataset, sid, period, ENGLAND_AND_WALES, why, group))
    return records


def reconciliation_table(obs: pd.DataFrame) -> pd.DataFrame:
    """Every check made (:func:`reconcile`) and every check that could not run, with why (``result`` = not run)."""
    made = reconcile(obs)
    skipped = pd.DataFrame.from_records(checks_not_run(obs), columns=list(made.columns))
    return pd.concat([made, skipped], ignore_index=True) if len(skipped) else made


def check_cross_totals(obs: pd.DataFrame) -> list[dict]:
    """Force rows of one dataset add up to the England and Wales total that another publication prints."""
    results = []
    n_forces = len(territorial_forces())
    for dataset, total_dataset, tolerance in CROSS_TOTALS:
        parts = obs[(obs.dataset == dataset) & (obs.force != "England and Wales")]
        totals = obs[(obs.dataset == total_dataset) & (obs.force == "England and Wales")]
        for (period, measure, category, unit), group in parts.groupby(["period", "measure", "category", "unit"],
                                                                      sort=True):
            national = totals[(totals.period == period) & (totals.measure == measure)
                              & (totals.category == category) & (totals.unit == unit)]
            if national.empty:
                continue
            missing = sorted(set(territorial_forces()) - set(group.force))
            if missing:  # a missing force row is an error, never a reason to skip the check
                raise DataError(raw_dir() / group.raw_file.iloc[0], f"{measure} [{category}] {period}: missing "
                                f"force row(s) {missing}: the England and Wales total in {total_dataset} needs all "
                                f"{n_forces} forces", column="force")
            total, parts_sum = float(national.value.iloc[0]), float(group.value.sum())
            results.append({
                "rule": f"sum of {len(group)} forces ({dataset}) = England and Wales ({total_dataset}): "
                        f"{measure} [{category}] ({unit})",
                "dataset": total_dataset, "source_id": national.source_id.iloc[0], "period": period,
                "force": "England and Wales", "test": f"parts = total within {tolerance:g}", "total": total,
                "parts_sum": parts_sum, "difference": parts_sum - total, "parts_present": len(group),
                "parts_expected": len(group), "ok": abs(parts_sum - total) <= tolerance + 1e-9,
                "raw_file": national.raw_file.iloc[0], "raw_rows": str(int(national.raw_row.iloc[0])),
                "_key_rule": "cross-file total",
            })
    return results


def reconcile(obs: pd.DataFrame, rules: tuple[Rule, ...] = RULES,
              known: dict | None = None) -> pd.DataFrame:
    """Check every rule; raise DataError on an unregistered discrepancy.

    Returns a table of every check made, with ``result`` = ``ok`` or
    ``published inconsistency (kept)`` and the registered explanation.  With
    the default register, its other rows are checked too (:func:`check_noted`).
    """
    if known is None:
        known = KNOWN_INCONSISTENCIES
        check_noted(obs)  # every other registered inconsistency still describes figures in the data
    records = [r for rule in rules for r in check_rule(obs, rule)] + check_column_totals(obs) + check_cross_totals(obs)
    used = set()
    for rec in records:
        key = (rec.pop("_key_rule"), rec["dataset"], rec["source_id"], rec["period"], rec["force"])
        if rec["ok"]:
            rec["result"], rec["explanation"] = "ok", ""
            if key in known:
                raise DataError(_REGISTER, f"registered inconsistency {key} no longer occurs: remove its row "
                                f"(rule {key[0]!r}, {key[4]} {key[3]})", column="rule")
            continue
        if key not in known:
            first_row = int(rec["raw_rows"].split(",")[0])
            raise DataError(
                raw_dir() / rec["raw_file"],
                f"{rec['force']} {rec['period']} ({rec['source_id']}): {rec['rule']} fails: parts sum to "
                f"{rec['parts_sum']:g} but the total is {rec['total']:g} (rows {rec['raw_rows']}). If the "
                "publication itself is inconsistent, register it in data/registers/known_inconsistencies.csv (kind "
                "reconciliation, with the rule, dataset, source_id, period and force)",
                row=first_row, column="value")
        used.add(key)
        rec["result"], rec["explanation"] = "published inconsistency (kept)", known[key]
    columns = ["rule", "dataset", "source_id", "period", "force", "test", "total", "parts_sum", "difference",
               "parts_present", "parts_expected", "result", "explanation", "raw_file", "raw_rows"]
    return pd.DataFrame.from_records(records, columns=columns + ["ok"])[columns]
