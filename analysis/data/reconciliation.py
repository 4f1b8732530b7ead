"""Reconciliation: where parts and their total are both published, they must agree.

A rule names a total ``(measure, category)`` and its parts.  For every group of
figures from one source, one period and one force that holds the total and
parts, the parts must add up to the total within the rule's tolerance
(``complete`` rules), or at least not exceed it (partial breakdowns).

A publication that is itself inconsistent is not "fixed": its discrepancy is
registered in :data:`KNOWN_INCONSISTENCIES` with an explanation, kept, and
reported in ``data/processed/reconciliation.csv``.  An unregistered
discrepancy stops the build, naming the raw file and rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.forces import territorial_forces
from analysis.data.paths import raw_dir
from analysis.data.vocabulary import HANDLING, HO_OUTCOMES, IOPC_CATEGORIES, PA_OUTCOMES

__all__ = [
    "COLUMN_TOTALS",
    "CROSS_TOTALS",
    "KNOWN_INCONSISTENCIES",
    "RULES",
    "Rule",
    "check_column_totals",
    "check_cross_totals",
    "check_rule",
    "reconcile",
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

#: Totals printed by another publication: the force rows of ``dataset`` add up (within the absolute tolerance) to the
#: England and Wales figure of the same measure, category, unit and period in ``total_dataset``.
CROSS_TOTALS: tuple[tuple[str, str, float], ...] = (
    ("officers_fte_2025", "workforce_headlines_2025", 0.5),
)

#: (rule name, dataset, source_id, period, force) -> why the publication does not add up.
KNOWN_INCONSISTENCIES: dict[tuple[str, str, str, str, str], str] = {
    ("allegations finalised = informal + Sch.3 not investigated + Sch.3 investigated", "iopc_2020_21_forces",
     "iopc-2021-guardian-series-met", "2020/21", "Metropolitan Police"):
        "The Newsquest article prints 4,657 allegations finalised, but its own parts (6,688 looked into by a "
        "supervisor and 2,183 handed to the standards department) exceed that; its percentages imply about "
        "10,400 finalised. All figures kept, marked uncertain; the Met is left out of outcome comparisons.",
    ("Home Office: allegations by outcome = complaint allegations", "home_office_misconduct_2020_21",
     "ho-burton-mail-staffs-2022", "2020/21", "Staffordshire"):
        "The Burton Mail's outcomes (0 + 4 + 10 + 46 + 439 = 499) fall 2 short of the 501 allegations. The gap "
        "may be the 2 officers who retired or resigned (the article counts those as officers, not allegations). "
        "Kept as published; shares use the 455 allegations with a known outcome, as the article does.",
}


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


def check_column_totals(obs: pd.DataFrame) -> list[dict]:
    """Force rows add up to the England and Wales row, for every measure of the datasets listed."""
    results = []
    for dataset, tolerance in COLUMN_TOTALS.items():
        sel = obs[obs.dataset == dataset]
        for (source_id, period, measure, category, unit), group in sel.groupby(
                ["source_id", "period", "measure", "category", "unit"], sort=True):
            national = group[group.force == "England and Wales"]
            forces = group[group.force != "England and Wales"]
            if national.empty or unit in ("percent", "days") or len(forces) < len(territorial_forces()):
                continue
            total, parts_sum = float(national.value.iloc[0]), float(forces.value.sum())
            results.append({
                "rule": f"sum of {len(forces)} forces = England and Wales: {measure} [{category}] ({unit})",
                "dataset": dataset, "source_id": source_id, "period": period, "force": "England and Wales",
                "test": "parts = total", "total": total, "parts_sum": parts_sum, "difference": parts_sum - total,
                "parts_present": len(forces), "parts_expected": len(forces),
                "ok": abs(parts_sum - total) <= tolerance + 1e-9, "raw_file": national.raw_file.iloc[0],
                "raw_rows": str(int(national.raw_row.iloc[0])), "_key_rule": "column total",
            })
    return results


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
            if national.empty or len(group) < n_forces:
                continue
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
    ``published inconsistency (kept)`` and the registered explanation.
    """
    known = KNOWN_INCONSISTENCIES if known is None else known
    records = [r for rule in rules for r in check_rule(obs, rule)] + check_column_totals(obs) + check_cross_totals(obs)
    used = set()
    for rec in records:
        key = (rec.pop("_key_rule"), rec["dataset"], rec["source_id"], rec["period"], rec["force"])
        if rec["ok"]:
            rec["result"], rec["explanation"] = "ok", ""
            if key in known:
                raise DataError(raw_dir() / rec["raw_file"], f"registered inconsistency {key} no longer occurs: "
                                "remove it from analysis/checks.py")
            continue
        if key not in known:
            first_row = int(rec["raw_rows"].split(",")[0])
            raise DataError(
                raw_dir() / rec["raw_file"],
                f"{rec['force']} {rec['period']} ({rec['source_id']}): {rec['rule']} fails: parts sum to "
                f"{rec['parts_sum']:g} but the total is {rec['total']:g} (rows {rec['raw_rows']}). If the "
                "publication itself is inconsistent, register it in analysis/checks.py KNOWN_INCONSISTENCIES",
                row=first_row, column="value")
        used.add(key)
        rec["result"], rec["explanation"] = "published inconsistency (kept)", known[key]
    columns = ["rule", "dataset", "source_id", "period", "force", "test", "total", "parts_sum", "difference",
               "parts_present", "parts_expected", "result", "explanation", "raw_file", "raw_rows"]
    return pd.DataFrame.from_records(records, columns=columns + ["ok"])[columns]
