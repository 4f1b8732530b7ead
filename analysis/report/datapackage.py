"""``data/processed/datapackage.json``: a Frictionless description of every processed table.

Generated from two hand-kept CSVs beside this module: ``processed_tables.csv``
(title, description, primary key of each table) and ``processed_fields.csv``
(type and description of each field; ``*`` rows describe fields shared by
several tables).  A field missing from it gets its type from the data and a
description saying so.  Constraints: primary-key fields are required, and
every ``status`` field is limited to the project's statuses.  Validated with
the ``frictionless`` library in the tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis.data.paths import PROCESSED
from analysis.data.rawfiles import read_table
from analysis.data.vocabulary import STATUSES

__all__ = ["UNDESCRIBED", "datapackage", "write_datapackage"]

_HERE = Path(__file__).parent
UNDESCRIBED = "(not yet described in analysis/report/processed_fields.csv)"


def _schema_rows() -> tuple[list[dict], dict[tuple[str, str], dict]]:
    tables = [dict(r.cells) for r in read_table(_HERE / "processed_tables.csv", ("table", "title", "primary_key",
                                                                            "description"))]
    fields = {(r["table"], r["field"]): dict(r.cells) for r in read_table(_HERE / "processed_fields.csv",
                                                                     ("table", "field", "type", "description"))}
    return tables, fields


def _infer_type(series: pd.Series) -> str:
    values = series[series != ""]
    if values.empty:
        return "string"
    if values.isin(["True", "False"]).all():
        return "boolean"
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.notna().all():
        return "integer" if (numbers == numbers.round()).all() and not values.str.contains(r"\.").any() else "number"
    return "string"


def datapackage(out_dir: Path = PROCESSED) -> dict:
    """The data package descriptor for the tables in ``out_dir`` (raises if a listed table is missing)."""
    tables, fields = _schema_rows()
    resources = []
    for spec in tables:
        path = out_dir / f"{spec['table']}.csv"
        if not path.exists():
            raise FileNotFoundError(f"{path}: listed in analysis/report/processed_tables.csv but not built")
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        key = spec["primary_key"].split(";")
        schema_fields = []
        for column in frame.columns:
            row = fields.get((spec["table"], column)) or fields.get(("*", column))
            field = {"name": column, "type": row["type"] if row else _infer_type(frame[column]),
                     "description": row["description"] if row else UNDESCRIBED}
            if field["type"] != _infer_type(frame[column]) and _infer_type(frame[column]) == "string" \
                    and field["type"] != "string":
                field["type"] = "string"  # a mixed column (e.g. values with text): say so rather than fail
            constraints = {}
            if column in key:
                constraints["required"] = True
            if column == "status":
                constraints["enum"] = list(STATUSES)
            if constraints:
                field["constraints"] = constraints
            schema_fields.append(field)
        missing_key = [k for k in key if k not in frame.columns]
        if missing_key:
            raise ValueError(f"{path}: primary key fields {missing_key} are not columns")
        resources.append({
            "name": spec["table"].replace("_", "-"), "path": path.name, "title": spec["title"],
            "description": spec["description"], "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "schema": {"fields": schema_fields, "primaryKey": key, "missingValues": [""]},
        })
    return {"name": "police-complaints-england-wales", "title": "Police complaints in England and Wales: processed tables",
            "licenses": [{"name": "OGL-UK-3.0", "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
                          "title": "Open Government Licence v3.0"}],
            "resources": resources}


def write_datapackage(out_dir: Path = PROCESSED) -> Path:
    """Write ``datapackage.json`` into ``out_dir`` (atomically) and return its path."""
    path = out_dir / "datapackage.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(datapackage(out_dir), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
