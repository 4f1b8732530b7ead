"""What the data hold for one force: per dataset, its figures and their statuses, or why there are none.

Why a dataset has no figure for a force comes from ``data/registers/why_missing.csv``
(:func:`analysis.data.registers.missing_reason`).  The force-level view of :mod:`analysis.tables.coverage` (which describes the
data for all forces): it shares that module's count of figures per dataset
and force (:func:`analysis.tables.coverage.figures_per_force`) rather than
counting again.  Also the force's figures that are not simply published
(:func:`flagged_figures`).
"""

from __future__ import annotations

import pandas as pd

from analysis.data.case_study import case_study
from analysis.data.forces import ENGLAND_AND_WALES, Force, territorial_forces
from analysis.data.memo import memoise
from analysis.data.observations import load_observations
from analysis.data.reference import load_peel_grades
from analysis.data.registers import DATASETS, missing_reason
from analysis.data.vocabulary import STATUS_RANK
from analysis.tables.coverage import figures_per_force
from analysis.tables.force import NOTE_WIDTH, profile_force, short
from analysis.tables.force_findings import PEEL_ROW, peel_grade

__all__ = [
    "coverage_table",
    "flagged_figures",
    "force_data_coverage",
    "national_only_datasets",
    "other_force_documents",
]


# --------------------------------------------------------------------------
# What is missing for this force and why
# --------------------------------------------------------------------------
def _covered(n: int) -> str:
    return f"{n} of {len(territorial_forces())} forces" if n != 1 else "one force"


def _status_text(counts: dict[str, int]) -> str:
    parts = [f"{counts[s]:,} {s}" for s in STATUS_RANK if counts.get(s)]
    return ", ".join(parts)


def force_data_coverage(force: str | Force) -> pd.DataFrame:
    """Per dataset: does the force have figures, with what statuses, and if not, why.

    One row per per-force dataset, plus the PEEL grade table.  Left out:
    datasets holding only national or regional totals (see
    :func:`national_only_datasets`) and documents about one other force only
    (see :func:`other_force_documents`).  Columns: ``dataset, title, producer, periods, forces_covered``
    (territorial forces with a figure), ``figures`` (this force's figures),
    ``published, derived, uncertain, has_figures, statuses`` (text) and ``why``
    (empty when the force has figures).
    """
    return _data_coverage(profile_force(force).name)


@memoise
def _data_coverage(name: str) -> pd.DataFrame:
    obs = load_observations(with_sources=False)
    per_force = figures_per_force(obs)
    areas = _areas(obs)
    covered_by = per_force[per_force.n_figures > 0].groupby("dataset").size()
    rows = []
    for ds in DATASETS:
        sel = obs[obs.dataset == ds.name]
        scope = _scope(ds.name, areas)
        if scope == "national" or (scope == "one force" and name not in set(sel.force)):
            continue
        mine = sel[sel.force == name]
        counts = mine.status.value_counts().to_dict()
        covered = int(covered_by.get(ds.name, 0))
        reason = missing_reason(ds.name, name) or "No figure for this force in this dataset."
        why = "" if len(mine) else reason.format(covered=_covered(covered))
        rows.append({"dataset": ds.name, "title": ds.title, "producer": ds.producer,
                     "periods": "; ".join(sorted(mine.period.unique() if len(mine) else sel.period.unique())),
                     "forces_covered": covered, "figures": len(mine),
                     **{s: int(counts.get(s, 0)) for s in STATUS_RANK},
                     "has_figures": bool(len(mine)), "statuses": _status_text(counts), "why": why})
    grade = peel_grade(name)
    grades = load_peel_grades()
    n_graded = int(((grades.question == "Legitimacy") & (grades.grade != "Not found")).sum())
    has = grade is not None and grade["grade"] != "Not found"
    if grade is None:
        why = "HMICFRS inspects British Transport Police separately; no PEEL grade is held here."
    elif not has:
        why = f"The grade could not be read from the published report ({grade['note']})."
    else:
        why = ""
    rows.append({"dataset": "peel_2018_19_grades", "title": PEEL_ROW, "producer": "HMICFRS",
                 "periods": case_study()["peel_period"], "forces_covered": n_graded, "figures": int(has),
                 **{s: int(has and grade["status"] == s) for s in STATUS_RANK},
                 "has_figures": has, "statuses": _status_text({grade["status"]: 1}) if has else "", "why": why})
    return pd.DataFrame(rows)


def coverage_table(force: str | Force) -> pd.DataFrame:
    """:func:`force_data_coverage` for reading: ``Data, Producer, Period, Figures for this force`` (the reasons for
    missing data are in the ``why`` column of :func:`force_data_coverage`, printed in full by the notebook)."""
    table = force_data_coverage(force)
    shown = [f"{r.figures:,} ({r.statuses})" if r.has_figures else "none" for r in table.itertuples()]
    return pd.DataFrame({"Data": table.title, "Producer": table.producer, "Period": table.periods,
                         "Figures for this force": shown})


def _scope(dataset: str, areas: dict[str, set[str]]) -> str:
    """``national`` (England and Wales or regional totals only), ``one force`` (a document about a single
    force, with no national figure) or ``per force``."""
    from analysis.data.registers import dataset as lookup

    areas = areas.get(dataset, set())
    forces_in = areas - {ENGLAND_AND_WALES}
    if not forces_in or lookup(dataset).geography != "force":
        return "national"
    if len(forces_in) == 1 and ENGLAND_AND_WALES not in areas:
        return "one force"
    return "per force"


def _areas(obs: pd.DataFrame) -> dict[str, set[str]]:
    """Areas (forces, England and Wales, regions) with a figure, per dataset."""
    return {name: set(group) for name, group in obs.groupby("dataset", sort=False).force}


def national_only_datasets() -> list[str]:
    """Titles of the datasets that hold only England and Wales or regional totals."""
    obs = load_observations(with_sources=False)
    areas = _areas(obs)
    return [ds.title for ds in DATASETS if _scope(ds.name, areas) == "national"]


def other_force_documents(force: str | Force) -> list[str]:
    """Datasets about one other force only, as ``"title (force)"``."""
    name = profile_force(force).name
    areas = _areas(load_observations(with_sources=False))
    out = []
    for ds in DATASETS:
        forces_in = areas.get(ds.name, set())
        if _scope(ds.name, areas) == "one force" and name not in forces_in:
            out.append(f"{ds.title} ({', '.join(sorted(forces_in))})")
    return out


def flagged_figures(force: str | Force, note_width: int | None = NOTE_WIDTH) -> pd.DataFrame:
    """The force's figures that are not simply published: ``status`` derived or uncertain, with the reason.

    Grouped: one row per dataset, status and note.  Columns: ``Data, Period,
    Status, Figures, Note`` (cut to ``note_width`` characters; None: in full).
    """
    force = profile_force(force)
    obs = load_observations(with_sources=False)
    sel = obs[(obs.force == force.name) & (obs.status != "published")]
    titles = {d.name: d.title for d in DATASETS}
    grouped = (sel.groupby(["dataset", "status", "note"], sort=False)
               .agg(periods=("period", lambda s: "; ".join(sorted(set(s)))), figures=("value", "size"))
               .reset_index())
    order = {d.name: i for i, d in enumerate(DATASETS)}
    grouped = grouped.assign(_o=grouped.dataset.map(order), _s=grouped.status.map(STATUS_RANK)).sort_values(
        ["_o", "_s", "note"], kind="stable")
    table = pd.DataFrame({"Data": grouped.dataset.map(titles), "Period": grouped.periods,
                          "Status": grouped.status, "Figures": grouped.figures.astype(int), "Note": grouped.note})
    grade = peel_grade(force)
    if grade is not None and grade["status"] != "published":
        table = pd.concat([table, pd.DataFrame([{"Data": PEEL_ROW, "Period": case_study()["peel_period"], "Status": grade["status"],
                                                 "Figures": 1, "Note": grade["note"]}])], ignore_index=True)
    if note_width is not None:
        table["Note"] = [short(n, note_width) for n in table.Note]
    return table.reset_index(drop=True)
