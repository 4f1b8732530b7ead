"""``python -m analysis build``: validate ``data/raw/`` and write ``data/processed/``.

Outputs are sorted and formatted deterministically, so rebuilding leaves
``git status`` clean.  Nothing is ever written to ``data/raw/``.  Every table is
computed first and written into a staging folder; only when all of them are
written are they moved over ``data/processed/`` (see :mod:`analysis.data.atomic`),
so a failed or killed build leaves the previous outputs (or, if killed while
moving, the next run completes the new set).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.atomic import replace_outputs, write_atomic
from analysis.data.errors import DataError
from analysis.data.forces import load_force_aliases, load_forces, load_places, resolve
from analysis.data.formatting import format_csv_number
from analysis.data.integrity import (
    check_datapackage,
    check_places,
    check_raw_folder,
    check_templates,
    check_unique_keys,
    lad_counts,
)
from analysis.data.observations import FigureNotFoundError, load_observations
from analysis.data.paths import PROCESSED, raw_dir, relative, using_raw_dir
from analysis.data.reconciliation import reconciliation_table
from analysis.data.reference import load_counting_units, load_met_foi_request, load_peel_grades
from analysis.data.registers import DATASETS, REFERENCE_FILES, REGISTER_DIR, load_why_missing
from analysis.data.sources import load_sources
from analysis.report.datapackage import write_datapackage
from analysis.report.keyfigures import key_figures
from analysis.tables.coverage import dataset_register, figures_per_force
from analysis.tables.factcheck import claims_table
from analysis.tables.facts import facts_table

__all__ = ["EXERCISE_PLACEHOLDERS", "PLACEHOLDERS", "build", "check_no_stray_files", "check_reference_tables", "check_registers",
           "run_build", "write_csv", "write_outputs"]

#: The placeholders the code fills in a ``why_missing.csv`` reason (analysis.tables.force_coverage).
PLACEHOLDERS = ("covered",)
#: The placeholders filled in an exercise's question or hint (analysis.report.teaching.fill_question).
EXERCISE_PLACEHOLDERS = ("force", "newest", "newest_reviews", "seed")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as UTF-8 CSV with ``\\n`` line endings and stable number formatting."""
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = [format_csv_number(v) if pd.notna(v) else "" for v in out[column]]
    write_atomic(path, out.to_csv(index=False, lineterminator="\n"))


def check_no_stray_files(raw: Path) -> None:
    """Everything in data/raw must be a registered file (or FORMAT.md), so nothing is silently ignored:
    an unregistered CSV, a ``.CSV``, a subfolder, a stray copy all stop the build."""
    check_raw_folder(raw, {d.file for d in DATASETS} | set(REFERENCE_FILES))


def check_reference_tables(raw: Path) -> None:
    """Places (derived checks, see :mod:`analysis.data.integrity`), aliases and counting units (primary keys)."""
    check_unique_keys(raw / "force_aliases.csv", ("alias", "force", "used_by"), ("alias",))
    check_unique_keys(raw / "counting_units.csv", ("unit", "definition", "used_by", "source_id"), ("unit",))
    population = raw / "population_mid2024.csv"
    counts = {resolve(name, places=False).name: n for name, n in lad_counts(population).items()}
    check_places(raw / "places.csv", load_places(), load_forces(), counts, population)


def check_registers(registers: Path = REGISTER_DIR) -> None:
    """The registers the site, the worksheets and the teaching read, checked now rather than when they are used:
    why_missing.csv placeholders, the glossary and the exercises (claims are read by the fact-check below)."""
    from analysis.data.glossary import load_glossary
    from analysis.report.teaching import load_exercises

    why = load_why_missing(registers)
    check_templates(registers / "why_missing.csv", enumerate(why["reason"], start=1), "reason", PLACEHOLDERS)
    load_glossary(registers / "glossary.csv")
    exercises = load_exercises(registers / "exercises.csv")
    for column in ("question", "hint"):  # "{force}" is the one placeholder filled in for the student's force
        check_templates(registers / "exercises.csv", enumerate(exercises[column], start=1), column,
                        EXERCISE_PLACEHOLDERS)


def build(out_dir: Path = PROCESSED, raw: Path | None = None) -> dict[str, int]:
    """Validate every raw file and write the processed tables; returns row counts per file.

    Nothing in ``out_dir`` changes unless every table was computed and written.
    """
    with using_raw_dir(raw or raw_dir()):
        outputs = _compute()
    return write_outputs(outputs, out_dir)


def write_outputs(outputs: dict[str, pd.DataFrame], out_dir: Path) -> dict[str, int]:
    """Write every table into a staging folder, then move them all over ``out_dir``; returns row counts."""
    counts = {}
    with replace_outputs(out_dir) as stage:
        for name, frame in outputs.items():
            write_csv(frame, stage / name)
            counts[name] = len(frame)
        write_datapackage(stage)  # describes every table written above
        check_datapackage(stage)  # nothing replaces the old tables unless it matches its declared schema
    return counts


def _compute() -> dict[str, pd.DataFrame]:
    check_no_stray_files(raw_dir())
    check_reference_tables(raw_dir())
    check_registers()
    obs = load_observations(with_sources=False)
    recon = reconciliation_table(obs)
    sources = load_sources()
    used = obs.groupby("source_id").size().rename("n_figures")
    sources = sources.merge(used, left_on="source_id", right_index=True, how="left")
    sources["n_figures"] = sources["n_figures"].fillna(0).astype("int64")
    outputs = {
        "observations.csv": obs,
        "sources.csv": sources,
        "forces.csv": load_forces(),
        "force_aliases.csv": load_force_aliases(),
        "peel_grades.csv": load_peel_grades(inspection=None),
        "met_foi_request.csv": load_met_foi_request(),
        "counting_units.csv": load_counting_units(),
        "coverage.csv": figures_per_force(obs),
        "datasets.csv": dataset_register(obs),
        "reconciliation.csv": recon,
    }
    try:
        outputs["key_figures.csv"] = key_figures()
        outputs["claims.csv"] = claims_table()
        outputs["facts.csv"] = facts_table()
    except FigureNotFoundError as exc:  # valid files, but a figure the analysis quotes is gone
        raise DataError(raw_dir(), f"a figure the notebooks and the fact-check need is missing or ambiguous: "
                        f"{exc}") from None
    return outputs


def run_build(out_dir: Path | None = None) -> None:
    """``python -m analysis build [--out-dir DIR]``: build and say what was written."""
    out = Path(out_dir) if out_dir is not None else PROCESSED
    counts = build(out)
    for name, n in counts.items():
        print(f"wrote {relative(out / name)} ({n} rows)")
