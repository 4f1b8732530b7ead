"""Read every raw figure file into one long, tidy, validated table.

The result has one row per published (or derived, or uncertain) figure:

========================  ==============================================================
column                    meaning
========================  ==============================================================
``source_id``             id of the source in the register (``load_sources()``)
``dataset``               name of the raw file's dataset (see ``analysis.datasets``)
``period``                ``2020/21`` (financial year), ``2016-2020`` (range), ``2021``
                          (calendar year) or an ISO snapshot date ``2021-03-31``
``geo_code``              ONS code: E23…/W15… for a force area, ``K04000001`` for
                          England and Wales, empty for British Transport Police / regions
``force``                 canonical force name, or ``England and Wales``
``force_as_published``    the name as the publication printed it
``measure``               what is counted (snake_case, e.g. ``complaint_cases_logged``)
``category``              breakdown of the measure; ``all`` when there is none
``value``                 the number
``unit``                  ``count``, ``percent``, ``days``, ``people``, ``fte``, ...
``status``                ``published``, ``derived`` or ``uncertain`` (after the corrections of
                          ``data/raw/status_corrections.csv``, whose reason joins the note)
``note``                  how a derived figure was made, or why a figure is uncertain
``raw_file``, ``raw_row`` where the figure was transcribed (row 1 = first data row)
========================  ==============================================================
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.corrections import apply_status_corrections
from analysis.data.errors import DataError, UnknownForceError
from analysis.data.forces import ENGLAND_AND_WALES, resolve
from analysis.data.paths import raw_dir
from analysis.data.rawfiles import (
    UNITS,
    Row,
    check_choice,
    check_period,
    check_status_note,
    check_text,
    check_value_for_unit,
    parse_value,
    read_table,
)
from analysis.data.registers import DATASETS, Dataset, allowed_vocabulary, closest
from analysis.data.sources import load_sources, source_ids
from analysis.data.validation import check_declared_vocabulary, check_periods_published

__all__ = [
    "FigureNotFoundError",
    "KEY",
    "OBSERVATION_COLUMNS",
    "REGIONS",
    "dataset_names",
    "figure",
    "load_dataset",
    "load_observations",
    "read_all",
    "read_dataset",
]

OBSERVATION_COLUMNS = [
    "source_id", "dataset", "period", "geo_code", "force", "force_as_published", "measure", "category",
    "value", "unit", "status", "note", "raw_file", "raw_row",
]
KEY = ["dataset", "source_id", "period", "force", "measure", "category", "unit"]
REGIONS = ("London", "South East", "South West", "East of England", "East Midlands", "West Midlands",
           "North East", "North West", "Yorkshire and the Humber", "Wales")


def read_dataset(ds: Dataset, raw: Path | None = None, known_sources: set[str] | None = None) -> list[dict]:
    """Validate one raw file and return its figures as observation records."""
    path = (raw or raw_dir()) / ds.file
    known_sources = source_ids() if known_sources is None else known_sources
    rows = read_table(path, ds.required_columns())
    records: list[dict] = []
    for row in rows:
        common = _common_fields(ds, path, row, known_sources)
        if ds.form == "long":
            unit = check_choice(path, row, "unit", UNITS)
            value = parse_value(path, row, "value")
            check_value_for_unit(path, row, "value", value, unit)
            records.append({**common, "measure": _snake(path, row, "measure"),
                            "category": check_text(path, row, "category"), "value": value, "unit": unit})
            continue
        category_of_row = check_text(path, row, "category") if ds.has_category else None
        for column, spec in ds.columns.items():
            value = parse_value(path, row, column, allow_dash=True)
            if value is None:
                continue
            check_value_for_unit(path, row, column, value, spec.unit)
            category = category_of_row if category_of_row is not None else spec.category
            records.append({**common, "measure": spec.measure, "category": category, "value": value,
                            "unit": spec.unit})
    _check_unique(path, records)
    check_periods_published(path, [r for r in records if not _period_registered_unclear(r)], load_sources(),
                            (raw or raw_dir()) / "sources.csv")
    vocabulary = allowed_vocabulary()
    check_declared_vocabulary(path, records, vocabulary[vocabulary.dataset == ds.name],
                              ("measure", "unit", "category") if ds.form == "long" else
                              ("category",) if ds.has_category else ())
    return records


def _period_registered_unclear(rec: dict) -> bool:
    """An uncertain figure whose period is registered as unclear or conflicting (known_inconsistencies.csv)."""
    from analysis.data.reconciliation import load_known_inconsistencies

    if rec["status"] != "uncertain":
        return False
    known = load_known_inconsistencies()
    known = known[known.kind.isin(("unclear", "conflict"))]
    return (rec["dataset"], rec["period"]) in set(zip(known.dataset, known.period))


def _common_fields(ds: Dataset, path: Path, row: Row, known_sources: set[str]) -> dict:
    sid = check_text(path, row, "source_id")
    if sid not in known_sources:
        raise DataError(path, f"source id {sid!r} is not in data/raw/sources.csv", row=row.number,
                        column="source_id")
    period = check_period(path, row)
    status = check_status_note(path, row)
    published_name = check_text(path, row, "force")
    if ds.geography == "region":
        if published_name not in REGIONS:
            raise DataError(path, f"expected a region, one of {list(REGIONS)}, found {published_name!r}",
                            row=row.number, column="force")
        force, code = published_name, ""
    else:
        try:
            found = resolve(published_name, places=False)
        except UnknownForceError as exc:
            raise DataError(path, str(exc), row=row.number, column="force") from None
        force, code = found.name, found.geo_code
        if ds.has_geo_code and row["geo_code"] != code:
            raise DataError(path, f"code {row['geo_code']!r} disagrees with forces.csv ({force}: {code!r})",
                            row=row.number, column="geo_code")
    return {"source_id": sid, "dataset": ds.name, "period": period, "geo_code": code, "force": force,
            "force_as_published": published_name, "status": status, "note": row["note"],
            "raw_file": ds.file, "raw_row": row.number}


def _snake(path: Path, row: Row, column: str) -> str:
    text = check_text(path, row, column)
    if not text.replace("_", "").isalnum() or text != text.lower() or not text[0].isalpha():
        raise DataError(path, f"measure names are snake_case, found {text!r}", row=row.number, column=column)
    return text


def _check_unique(path: Path, records: list[dict]) -> None:
    seen: dict[tuple, int] = {}
    for rec in records:
        key = tuple(rec[k] for k in KEY)
        if key in seen:
            raise DataError(
                path,
                f"duplicate figure: {rec['force']} {rec['period']} {rec['measure']} [{rec['category']}] "
                f"from {rec['source_id']} is already on row {seen[key]}",
                row=rec["raw_row"],
                column="measure",
            )
        seen[key] = rec["raw_row"]


def read_all() -> pd.DataFrame:
    """Every registered figure file, validated, as one long DataFrame."""
    known = source_ids()
    records: list[dict] = []
    for ds in DATASETS:
        records.extend(read_dataset(ds, None, known))
    frame = pd.DataFrame.from_records(records, columns=OBSERVATION_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    frame["raw_row"] = frame["raw_row"].astype("int64")
    return frame


@lru_cache(maxsize=4)
def _cached(raw: Path) -> pd.DataFrame:
    from analysis.data.plausibility import check_plausible
    from analysis.data.reconciliation import reconcile

    frame = apply_status_corrections(read_all())  # data/raw/status_corrections.csv: statuses revised later
    reconcile(frame)  # raises on an unexplained inconsistency
    check_plausible(frame)  # raises on an implausible value, a contradiction in a row or a jump (plausibility.csv)
    return frame


def load_observations(with_sources: bool = True) -> pd.DataFrame:
    """Every figure in the project, one row each, validated (see module doc).

    With ``with_sources`` the source's ``publisher``, ``producer``, ``title``,
    ``url`` and ``kind`` are joined on, so each value carries its provenance.
    """
    frame = _cached(raw_dir()).copy()
    if with_sources:
        from analysis.data.sources import load_sources

        cols = ["source_id", "publisher", "producer", "title", "url", "kind"]
        frame = frame.merge(load_sources()[cols], on="source_id", how="left", validate="many_to_one")
    return frame


class FigureNotFoundError(LookupError):
    """:func:`figure` found no value (or several) for the key asked: the message lists what exists."""


_PLURAL = {"period": "periods", "measure": "measures", "category": "categories", "unit": "units",
           "source_id": "sources", "dataset": "datasets"}


def _narrow(sel: pd.DataFrame, column: str, wanted: str, where: str) -> pd.DataFrame:
    """Rows of ``sel`` whose ``column`` equals ``wanted``; if none, raise listing what ``sel`` holds."""
    hit = sel[sel[column] == wanted]
    if hit.empty:
        there = sorted(sel[column].unique(), key=str)
        near = closest(wanted, there)
        hint = f" Did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        shown = ", ".join(there[:40]) + (f", ... ({len(there)} in all)" if len(there) > 40 else "")
        raise FigureNotFoundError(f"no figure for {where} with {column} {wanted!r}.{hint} "
                                  f"The {_PLURAL[column]} there: {shown}")
    return hit


def figure(force: str, period: str, measure: str, category: str = "all", *, unit: str = "count",
           source_id: str | None = None, dataset: str | None = None) -> float:
    """One figure, looked up by its key; raises if it is missing or ambiguous.

    Use this in notebooks instead of typing a number: if the data changes, the
    narrative follows.  A period, measure, category, unit, source or dataset
    that is not there raises :class:`FigureNotFoundError` listing what exists
    for that force (and the key so far) and suggesting the closest spelling.
    """
    obs = _cached(raw_dir())
    name = ENGLAND_AND_WALES if force == ENGLAND_AND_WALES else resolve(force).name
    sel = obs[obs.force == name]
    if sel.empty:
        raise FigureNotFoundError(f"no figures at all for {name}")
    if dataset is not None:
        sel = _narrow(sel, "dataset", dataset, name)
    sel = _narrow(sel, "measure", measure, f"{name} (any period)")
    sel = _narrow(sel, "period", period, f"{name} {measure}")
    sel = _narrow(sel, "category", category, f"{name} {period} {measure}")
    sel = _narrow(sel, "unit", unit, f"{name} {period} {measure} [{category}]")
    if source_id is not None:
        sel = _narrow(sel, "source_id", source_id, f"{name} {period} {measure} [{category}] ({unit})")
    values = sel["value"].unique()
    if len(values) != 1:
        listed = "; ".join(f"{v:g} ({s}, {st})" for v, s, st in zip(sel.value, sel.source_id, sel.status))
        raise FigureNotFoundError(
            f"expected one value for {name} {period} {measure} [{category}] ({unit}), found {len(values)}: "
            f"{listed}. Pass source_id= or dataset= to choose one")
    return float(values[0])


def dataset_names() -> list[str]:
    """Names accepted by :func:`load_dataset`, in register order."""
    return [d.name for d in DATASETS]


def load_dataset(name: str, with_sources: bool = True) -> pd.DataFrame:
    """One dataset's figures as a tidy DataFrame, like ``seaborn.load_dataset``.

    ``name`` is one of :func:`dataset_names` (e.g. ``"iopc_2020_21_forces"``,
    ``"workforce_2021"``, ``"pa_foi_sexual_assault"``); the columns are those
    of :func:`load_observations`.  An unknown name raises ``KeyError`` listing
    the closest and the known ones.
    """
    if name not in dataset_names():
        near = closest(name, dataset_names())
        hint = f" Did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
        raise KeyError(f"no dataset {name!r}.{hint} All known: {', '.join(dataset_names())}")
    frame = load_observations(with_sources=with_sources)
    return frame[frame.dataset == name].reset_index(drop=True)
