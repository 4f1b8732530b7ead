"""The dataset register and the other hand-kept tables are CSV files, read and validated like data/raw."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.data import registers
from analysis.data.errors import DataError
from analysis.data.paths import RAW
from analysis.data.reconciliation import KNOWN_INCONSISTENCIES, load_known_inconsistencies
from analysis.tables import coverage
from tests.conftest import read_rows, set_cell, write_rows


@pytest.fixture()
def register_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "registers"
    shutil.copytree(registers.REGISTER_DIR, dest)
    return dest


def test_every_raw_file_is_registered_once_and_every_registered_file_exists():
    files = [d.file for d in registers.DATASETS] + list(registers.REFERENCE_FILES)
    assert len(files) == len(set(files))
    assert sorted(files) == sorted(p.name for p in RAW.glob("*.csv"))


def test_new_issue_9_files_are_registered():
    names = {d.name: d for d in registers.DATASETS}
    for name in ("officers_fte_2025", "population_mid2024", "workforce_headlines_2025", "iopc_2024_25_forces_extra"):
        assert name in names
    assert names["population_mid2024"].columns["population"] == registers.ValueColumn("population", "people")
    assert names["officers_fte_2025"].columns["officers_fte"].category == "Police officers"
    assert "places.csv" in registers.REFERENCE_FILES


def test_labels_and_topics_come_from_the_register_csvs():
    table = pd.read_csv(registers.REGISTER_DIR / "datasets.csv", dtype=str, keep_default_na=False)
    figures = table[table.form != "reference"]
    assert coverage.DATASET_LABELS == dict(zip(figures.dataset, figures.label))
    topics = pd.read_csv(registers.REGISTER_DIR / "topics.csv", dtype=str, keep_default_na=False)
    assert [t.key for t in coverage.TOPICS] == list(topics.topic)
    handling = coverage.topic("iopc_2020_21_handling")
    assert handling.require_all and handling.categories == (
        "Outside Schedule 3", "Schedule 3 not investigated", "Schedule 3 investigated")
    assert coverage.topic("peel_legitimacy").measure is None


@pytest.mark.parametrize(("column", "value", "expected"), [
    ("form", "tall", "expected one of"),
    ("has_geo_code", "maybe", "expected one of"),
    ("dataset", "Workforce 2021", "snake_case"),
    ("file", "workforce.xlsx", "expected a CSV file name"),
    ("title", "", "must not be empty"),
])
def test_a_bad_dataset_row_names_file_row_and_column(register_copy, column, value, expected):
    row = set_cell(register_copy / "datasets.csv", column, value, {"dataset": "workforce_2021"})
    with pytest.raises(DataError, match=expected) as info:
        registers.read_register(register_copy)
    assert info.value.path.name == "datasets.csv" and info.value.row == row and info.value.column == column


def test_a_duplicated_dataset_name_is_an_error(register_copy):
    path = register_copy / "datasets.csv"
    header, rows = read_rows(path)
    write_rows(path, header, rows + [rows[0]])
    with pytest.raises(DataError, match="already registered on row 1") as info:
        registers.read_register(register_copy)
    assert info.value.row == len(rows) + 1


def test_a_value_column_with_an_unknown_unit_or_dataset_is_an_error(register_copy):
    set_cell(register_copy / "dataset_columns.csv", "unit", "persons", {"dataset": "population_mid2024"})
    with pytest.raises(DataError, match="expected one of") as info:
        registers.read_register(register_copy)
    assert info.value.path.name == "dataset_columns.csv" and info.value.column == "unit"
    shutil.copy(registers.REGISTER_DIR / "dataset_columns.csv", register_copy / "dataset_columns.csv")
    set_cell(register_copy / "dataset_columns.csv", "dataset", "population_mid2042", {"dataset": "population_mid2024"})
    with pytest.raises(DataError, match="did you mean 'population_mid2024'"):
        registers.read_register(register_copy)


def test_unknown_dataset_suggests_the_closest_and_names_the_csv():
    with pytest.raises(KeyError, match="did you mean 'workforce_2021'.*data/registers/datasets.csv"):
        registers.dataset("workforce_2012")


def test_vocabulary_covers_every_figure_and_every_dataset():
    vocab = registers.allowed_vocabulary()
    obs = analysis.load_observations(with_sources=False)
    allowed = set(zip(vocab.dataset, vocab.measure, vocab.unit, vocab.category))
    used = set(zip(obs.dataset, obs.measure, obs.unit, obs.category))
    assert used <= allowed
    assert set(vocab.dataset) == {d.name for d in registers.DATASETS}
    # a typo in a measure or an upper-case "All" would not be allowed
    assert ("iopc_2020_21_forces", "complaint_cases_loged", "count", "all") not in allowed
    assert ("iopc_2020_21_forces", "complaint_cases_logged", "count", "All") not in allowed


def test_vocabulary_rows_are_validated(register_copy):
    row = set_cell(register_copy / "vocabulary.csv", "unit", "peoples", {"dataset": "population_mid2020"})
    with pytest.raises(DataError) as info:
        registers.allowed_vocabulary(register_copy)
    assert (info.value.path.name, info.value.row, info.value.column) == ("vocabulary.csv", row, "unit")


def test_vocabulary_must_cover_the_value_columns_of_wide_files(register_copy):
    path = register_copy / "vocabulary.csv"
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r[0] != "population_mid2024"] + [
        ["population_mid2024", "populaton", "people", "all"]])
    with pytest.raises(DataError, match="value column 'population' of population_mid2024"):
        registers.allowed_vocabulary(register_copy)


def test_why_missing_is_data_with_a_loader():
    table = registers.load_why_missing()
    assert list(table.columns) == ["dataset", "force", "reason"]
    btp = registers.missing_reason("iopc_2020_21_forces", "British Transport Police")
    anyone = registers.missing_reason("iopc_2020_21_forces", "Surrey")
    assert btp != anyone and "British Transport Police" in btp and "{covered}" in anyone
    assert registers.missing_reason("population_mid2024", "British Transport Police").startswith("British")
    assert registers.missing_reason("met_casey_review", "Surrey") is None


def test_why_missing_rejects_an_unknown_dataset(register_copy):
    row = set_cell(register_copy / "why_missing.csv", "dataset", "workforce_2012", {"dataset": "workforce_2021"})
    with pytest.raises(DataError, match="did you mean 'workforce_2021'") as info:
        registers.load_why_missing(register_copy)
    assert info.value.row == row and info.value.column == "dataset"


def test_topics_must_use_the_vocabulary(register_copy):
    row = set_cell(register_copy / "topics.csv", "categories", "Outside Schedule 3;Schedule 3 investgated",
                   {"topic": "iopc_2020_21_handling"})
    with pytest.raises(DataError, match="did you mean 'Schedule 3 investigated'") as info:
        registers.read_topics(register_copy)
    assert (info.value.row, info.value.column) == (row, "categories")


def test_known_inconsistencies_are_read_from_the_csv():
    table = load_known_inconsistencies()
    rec = table[table.kind == "reconciliation"]
    assert len(KNOWN_INCONSISTENCIES) == len(rec) >= 2
    assert set(table.kind) <= {"reconciliation", "conflict", "unclear", "unverifiable"}
    assert (table.explanation.str.len() > 20).all()


def test_no_python_literal_names_a_file_to_edit_instead_of_a_csv():
    root = registers.REGISTER_DIR.parents[1] / "analysis"
    text = "\n".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py")
                     if p.parent.name in ("data", "pipeline"))
    assert "analysis/datasets.py" not in text and "analysis/checks.py" not in text
