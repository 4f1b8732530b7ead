"""The register of raw data files: what each holds and how to read it.

The register is data, not code: ``data/registers/datasets.csv`` lists every
file in ``data/raw/`` once (a figure dataset, or a reference table of text),
``data/registers/dataset_columns.csv`` declares the value columns of the wide
files with the measure, unit and category each holds, and
``data/registers/vocabulary.csv`` lists, per dataset, every measure, unit and
category a raw file may use.  They are read with the same strict reader as
``data/raw`` (:func:`analysis.data.rawfiles.read_table`), so a bad register row
stops the build naming file, row and column.

*Long* files have one row per figure (``measure``, ``category``, ``value``,
``unit`` columns).  *Wide* files reproduce a published table with one row per
force (or per category); the build melts them into the same long shape.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError
from analysis.data.paths import DATA
from analysis.data.rawfiles import UNITS, check_choice, check_text, read_table

__all__ = [
    "DATASETS",
    "Dataset",
    "FORMS",
    "GEOGRAPHIES",
    "LONG_COLUMNS",
    "REFERENCE_FILES",
    "REGISTER_DIR",
    "ValueColumn",
    "WORKER_TYPES",
    "allowed_vocabulary",
    "closest",
    "dataset",
    "load_why_missing",
    "missing_reason",
    "read_register",
    "read_topics",
]

#: Folder of the hand-kept tables that describe the data (datasets, vocabulary, topics, ...).
REGISTER_DIR: Path = DATA / "registers"
LONG_COLUMNS = ("source_id", "period", "force", "measure", "category", "value", "unit", "status", "note")
#: ``long`` and ``wide`` figure files; ``reference`` tables hold text and have their own readers.
FORMS = ("long", "wide", "reference")
#: ``force``: names resolved through the force register; ``region``: Home Office regions, kept as published.
GEOGRAPHIES = ("force", "region")
_YES_NO = ("yes", "no")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_ID_COLUMNS = {"source_id", "period", "force", "geo_code", "category", "status", "note"}

#: Column prefix in the workforce tables -> category label in the observations.
WORKER_TYPES = {
    "officers": "Police officers",
    "staff": "Police staff",
    "designated_officers": "Designated officers",
    "pcsos": "PCSOs",
    "total_workforce": "Total workforce",
    "special_constables": "Special constables",
}


@dataclass(frozen=True)
class ValueColumn:
    """A numeric column of a wide table: the measure, its unit and category."""

    measure: str
    unit: str
    category: str = "all"


@dataclass(frozen=True)
class Dataset:
    """One raw figure file, as registered in ``data/registers/datasets.csv``.

    ``geography`` is ``force`` (names resolved through the force register) or
    ``region`` (Home Office regions, kept as published with no code);
    ``label`` is the short name used in tables and charts.
    """

    name: str
    file: str
    title: str
    producer: str
    form: str = "long"
    columns: dict[str, ValueColumn] = field(default_factory=dict)
    has_category: bool = False
    has_geo_code: bool = False
    geography: str = "force"
    label: str = ""

    def required_columns(self) -> tuple[str, ...]:
        if self.form == "long":
            return LONG_COLUMNS
        ids = ["source_id", "period", "force"]
        if self.has_geo_code:
            ids.append("geo_code")
        if self.has_category:
            ids.append("category")
        return (*ids, *self.columns, "status", "note")


def _snake(path: Path, row, column: str) -> str:
    text = check_text(path, row, column)
    if not _NAME.match(text):
        raise DataError(path, f"expected a snake_case name (a-z, 0-9, _), found {text!r}", row=row.number,
                        column=column)
    return text


def _read_columns(path: Path, wide: set[str]) -> dict[str, dict[str, ValueColumn]]:
    columns: dict[str, dict[str, ValueColumn]] = {}
    for row in read_table(path, ("dataset", "column", "measure", "unit", "category")):
        name = check_text(path, row, "dataset")
        if name not in wide:
            raise DataError(path, f"{name!r} is not a wide dataset in datasets.csv (only wide files declare value "
                            f"columns){_hint(name, wide)}", row=row.number, column="dataset")
        column = _snake(path, row, "column")
        if column in _ID_COLUMNS:
            raise DataError(path, f"{column!r} is an identifying column, not a value column", row=row.number,
                            column="column")
        if column in columns.setdefault(name, {}):
            raise DataError(path, f"column {column!r} of {name} is declared twice", row=row.number, column="column")
        columns[name][column] = ValueColumn(_snake(path, row, "measure"), check_choice(path, row, "unit", UNITS),
                                            check_text(path, row, "category"))
    return columns


@lru_cache(maxsize=4)
def read_register(directory: Path = REGISTER_DIR) -> tuple[tuple[Dataset, ...], tuple[str, ...]]:
    """The figure datasets and the reference files, from ``datasets.csv`` and ``dataset_columns.csv``."""
    path = Path(directory) / "datasets.csv"
    rows = read_table(path, ("dataset", "file", "title", "label", "producer", "form", "has_category",
                             "has_geo_code", "geography"))
    seen: dict[str, int] = {}
    for row in rows:
        for column in ("dataset", "file"):
            key = f"{column}:{row[column]}"
            if key in seen:
                raise DataError(path, f"{column} {row[column]!r} is already registered on row {seen[key]}",
                                row=row.number, column=column)
            seen[key] = row.number
        _snake(path, row, "dataset")
        if not check_text(path, row, "file").endswith(".csv") or "/" in row["file"]:
            raise DataError(path, f"expected a CSV file name in data/raw/, found {row['file']!r}", row=row.number,
                            column="file")
        for column in ("title", "label", "producer"):
            check_text(path, row, column)
        for column in ("has_category", "has_geo_code"):
            check_choice(path, row, column, _YES_NO)
        check_choice(path, row, "form", FORMS)
        check_choice(path, row, "geography", GEOGRAPHIES)
    wide = {r["dataset"] for r in rows if r["form"] == "wide"}
    columns = _read_columns(Path(directory) / "dataset_columns.csv", wide)
    for row in rows:
        if row["form"] == "wide" and not columns.get(row["dataset"]):
            raise DataError(path, f"wide dataset {row['dataset']!r} has no value columns in dataset_columns.csv",
                            row=row.number, column="form")
    datasets = tuple(
        Dataset(r["dataset"], r["file"], r["title"], r["producer"], r["form"], columns.get(r["dataset"], {}),
                r["has_category"] == "yes", r["has_geo_code"] == "yes", r["geography"], r["label"])
        for r in rows if r["form"] != "reference")
    return datasets, tuple(r["file"] for r in rows if r["form"] == "reference")


#: The figure datasets, in register order.
DATASETS: tuple[Dataset, ...] = read_register()[0]
#: Files in ``data/raw/`` that hold text, not figures (form ``reference``), each validated by its own reader.
REFERENCE_FILES: tuple[str, ...] = read_register()[1]


def closest(name: str, choices, n: int = 3) -> list[str]:
    """Up to ``n`` of ``choices`` closest in spelling to ``name`` (difflib)."""
    return difflib.get_close_matches(str(name), [str(c) for c in choices], n=n, cutoff=0.5)


def _hint(name: str, choices) -> str:
    found = closest(name, choices)
    return f"; did you mean {' or '.join(repr(f) for f in found)}?" if found else ""


def dataset(name: str) -> Dataset:
    """The registered dataset called ``name``; an unknown name raises ``KeyError`` suggesting the closest."""
    for ds in DATASETS:
        if ds.name == name:
            return ds
    names = [d.name for d in DATASETS]
    raise KeyError(f"no dataset {name!r}{_hint(name, names)} Datasets are registered in "
                   f"data/registers/datasets.csv; known: {', '.join(names)}")


@lru_cache(maxsize=4)
def _vocabulary(directory: Path) -> pd.DataFrame:
    path = Path(directory) / "vocabulary.csv"
    by_name = {d.name: d for d in DATASETS}
    seen: dict[tuple[str, ...], int] = {}
    for row in (rows := read_table(path, ("dataset", "measure", "unit", "category"))):
        name = check_text(path, row, "dataset")
        if name not in by_name:
            raise DataError(path, f"{name!r} is not a dataset in datasets.csv{_hint(name, by_name)}",
                            row=row.number, column="dataset")
        _snake(path, row, "measure")
        check_choice(path, row, "unit", UNITS)
        check_text(path, row, "category")
        key = (name, row["measure"], row["unit"], row["category"])
        if key in seen:
            raise DataError(path, f"{key} is already listed on row {seen[key]}", row=row.number, column="category")
        seen[key] = row.number
    frame = pd.DataFrame([r.cells for r in rows], columns=["dataset", "measure", "unit", "category"])
    for ds in DATASETS:
        mine = frame[frame.dataset == ds.name]
        if mine.empty:
            raise DataError(path, f"dataset {ds.name!r} has no vocabulary: add its measures, units and categories",
                            column="dataset")
        triples = set(zip(mine.measure, mine.unit, mine.category))
        for column, spec in ds.columns.items():
            pairs = {(m, u) for m, u, c in triples if ds.has_category or c in (spec.category, "*")}
            if (spec.measure, spec.unit) not in pairs:
                raise DataError(path, f"value column {column!r} of {ds.name} holds {spec.measure} ({spec.unit}) "
                                f"[{spec.category}], which is not in this file for {ds.name}", column="measure")
    return frame


def allowed_vocabulary(directory: Path = REGISTER_DIR) -> pd.DataFrame:
    """Every measure, unit and category each dataset may use (``data/registers/vocabulary.csv``).

    Columns: ``dataset, measure, unit, category``; a category ``*`` allows any
    category for that measure and unit.  Validated against the dataset
    register (every dataset has a vocabulary; every wide value column is in
    it).
    """
    return _vocabulary(Path(directory)).copy()


@lru_cache(maxsize=4)
def _why_missing(directory: Path) -> pd.DataFrame:
    path = Path(directory) / "why_missing.csv"
    names = [d.name for d in DATASETS]
    seen: dict[tuple[str, str], int] = {}
    rows = read_table(path, ("dataset", "force", "reason"))
    for row in rows:
        if check_text(path, row, "dataset") not in names:
            raise DataError(path, f"{row['dataset']!r} is not a dataset in datasets.csv{_hint(row['dataset'], names)}",
                            row=row.number, column="dataset")
        check_text(path, row, "force")
        check_text(path, row, "reason")
        key = (row["dataset"], row["force"])
        if key in seen:
            raise DataError(path, f"a reason for {key} is already given on row {seen[key]}", row=row.number,
                            column="force")
        seen[key] = row.number
    return pd.DataFrame([r.cells for r in rows], columns=["dataset", "force", "reason"])


def load_why_missing(directory: Path = REGISTER_DIR) -> pd.DataFrame:
    """Why a per-force dataset may have no figure for a force (``data/registers/why_missing.csv``).

    Columns: ``dataset``, ``force`` (a canonical force name, or ``*`` for any
    force) and ``reason``, which may contain ``{covered}`` (e.g. "27 of 43
    forces") to be filled in with ``str.format``.
    """
    return _why_missing(Path(directory)).copy()


def missing_reason(dataset_name: str, force: str, directory: Path = REGISTER_DIR) -> str | None:
    """The reason for ``force`` (its own row first, then ``*``), unformatted; ``None`` when none is registered."""
    reasons = _why_missing_lookup(Path(directory))
    for who in (force, "*"):
        if (dataset_name, who) in reasons:
            return reasons[dataset_name, who]
    return None


@lru_cache(maxsize=4)
def _why_missing_lookup(directory: Path) -> dict[tuple[str, str], str]:
    """``(dataset, force) -> reason``, the first row of each pair (pairs are unique: the reader checks)."""
    table = _why_missing(directory)
    return {(d, f): str(r) for d, f, r in zip(table.dataset, table.force, table.reason)}


@lru_cache(maxsize=4)
def _topics(directory: Path) -> tuple[dict, ...]:
    path = Path(directory) / "topics.csv"
    vocab = _vocabulary(Path(directory))
    names = [d.name for d in DATASETS]
    topics, seen = [], set()
    columns = ("topic", "label", "group", "short", "datasets", "measure", "categories", "require_all", "unit",
               "period", "source")
    for row in read_table(path, columns):
        key = _snake(path, row, "topic")
        if key in seen:
            raise DataError(path, f"topic {key!r} appears twice", row=row.number, column="topic")
        seen.add(key)
        source = check_choice(path, row, "source", ("observations", "peel"))
        datasets = tuple(d for d in row["datasets"].split(";") if d)
        for d in datasets:
            if d not in names:
                raise DataError(path, f"{d!r} is not a dataset in datasets.csv{_hint(d, names)}", row=row.number,
                                column="datasets")
        if source == "observations" and not datasets:
            raise DataError(path, "a topic read from the observations needs at least one dataset", row=row.number,
                            column="datasets")
        mine = vocab[vocab.dataset.isin(datasets)]
        measure, unit = check_text(path, row, "measure"), check_text(path, row, "unit")
        if measure != "*" and measure not in set(mine.measure):
            raise DataError(path, f"measure {measure!r} is not in the vocabulary of {list(datasets)}"
                            f"{_hint(measure, set(mine.measure))}", row=row.number, column="measure")
        categories = None if row["categories"] == "*" else tuple(row["categories"].split(";"))
        allowed = set(mine.category if measure == "*" else mine[mine.measure == measure].category)
        for c in categories or ():
            if c not in allowed and "*" not in allowed:
                raise DataError(path, f"category {c!r} is not in the vocabulary{_hint(c, allowed)}",
                                row=row.number, column="categories")
        topics.append({"key": key, "label": check_text(path, row, "label"), "group": check_text(path, row, "group"),
                       "short": check_text(path, row, "short"), "datasets": datasets,
                       "measure": None if measure == "*" else measure, "categories": categories,
                       "require_all": check_choice(path, row, "require_all", _YES_NO) == "yes",
                       "unit": None if unit == "*" else check_choice(path, row, "unit", (*UNITS, "*")),
                       "period": None if row["period"] == "*" else check_text(path, row, "period"),
                       "source": source})
    return tuple(topics)


def read_topics(directory: Path = REGISTER_DIR) -> list[dict]:
    """The key figures whose availability the coverage tables check per force (``data/registers/topics.csv``).

    One dict per topic with the fields of :class:`analysis.tables.coverage.Topic`
    (``*`` in the CSV becomes ``None``: any measure, category, unit or period).
    """
    return [dict(t) for t in _topics(Path(directory))]
