"""Malformed or inconsistent raw files stop the build with a message naming file, row and column.

Every test corrupts a *copy* of data/raw in a temporary folder, runs the real
build on it and checks the error message.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis.data.errors import DataError
from analysis.pipeline.build import build
from tests.conftest import read_rows, set_cell, write_rows

LONG = "iopc_complaints_2020_21_forces.csv"
WIDE = "workforce_2021_03_31.csv"
STAFFS_CASES = {"force": "Staffordshire", "measure": "complaint_cases_logged", "category": "all"}


def run_build(raw: Path, tmp_path: Path) -> None:
    build(out_dir=tmp_path / "out", raw=raw)


def expect_error(raw: Path, tmp_path: Path, file: str, row: int | None, column: str | None,
                 pattern: str) -> str:
    with pytest.raises(DataError) as info:
        run_build(raw, tmp_path)
    message = str(info.value)
    assert file in message, message
    if row is not None:
        assert f"row {row} " in message, message
        assert info.value.row == row
    if column is not None:
        assert f"column {column!r}" in message, message
    assert re.search(pattern, message, re.IGNORECASE), message
    return message


@pytest.mark.slow
def test_the_real_data_builds(raw_copy: Path, tmp_path: Path) -> None:
    run_build(raw_copy, tmp_path)
    assert (tmp_path / "out" / "observations.csv").stat().st_size > 10_000


def test_empty_file(raw_copy, tmp_path):
    (raw_copy / LONG).write_text("", encoding="utf-8")
    expect_error(raw_copy, tmp_path, LONG, None, None, "empty")


def test_header_only(raw_copy, tmp_path):
    header, _ = read_rows(raw_copy / LONG)
    write_rows(raw_copy / LONG, header, [])
    expect_error(raw_copy, tmp_path, LONG, None, None, "no data rows")


def test_missing_column(raw_copy, tmp_path):
    header, rows = read_rows(raw_copy / LONG)
    i = header.index("unit")
    write_rows(raw_copy / LONG, header[:i] + header[i + 1:], [r[:i] + r[i + 1:] for r in rows])
    expect_error(raw_copy, tmp_path, LONG, None, "unit", "missing column")


def test_extra_column(raw_copy, tmp_path):
    header, rows = read_rows(raw_copy / LONG)
    write_rows(raw_copy / LONG, header + ["comment"], [r + ["x"] for r in rows])
    expect_error(raw_copy, tmp_path, LONG, None, "comment", "unexpected column")


def test_ragged_row_from_unquoted_thousands_separator(raw_copy, tmp_path):
    path = raw_copy / LONG
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if ",1322," in line)
    lines[number] = lines[number].replace(",1322,", ",1,322,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expect_error(raw_copy, tmp_path, LONG, number, None, "expected 9 fields")


def test_non_numeric_value(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "value", "about 1300", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "value", "expected a number")


def test_quoted_thousands_separator(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "value", "1,322", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "value", "thousands separators")


def test_negative_count(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "value", "-5", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "value", "non-negative")


@pytest.mark.parametrize("marker", ["", "NaN", "n/a"])
def test_missing_value_is_never_a_silent_nan(raw_copy, tmp_path, marker):
    row = set_cell(raw_copy / LONG, "value", marker, STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "value", "missing-value marker")


def test_fractional_count(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "value", "1322.5", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "value", "whole number")


def test_percentage_over_100(raw_copy, tmp_path):
    path = raw_copy / "iopc_complaints_2020_21_national.csv"
    row = set_cell(path, "value", "167", {"unit": "percent"})
    expect_error(raw_copy, tmp_path, path.name, row, "value", "at most 100")


def test_unknown_unit(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "unit", "percentage", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "unit", "expected one of")


def test_unknown_status(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "status", "confirmed", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "status", "expected one of")


def test_derived_without_note(raw_copy, tmp_path):
    path = raw_copy / LONG
    row = set_cell(path, "status", "derived", STAFFS_CASES)
    set_cell(path, "note", "", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "note", "needs a note")


def test_unknown_source_id(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "source_id", "iopc-no-such-source", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "source_id", "not in data/raw/sources.csv")


def test_unknown_force_suggests_the_closest(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "force", "Stafordshire", STAFFS_CASES)
    message = expect_error(raw_copy, tmp_path, LONG, row, "force", "unknown police force")
    assert "Did you mean: Staffordshire" in message


def test_bad_period(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "period", "2020-21", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "period", "expected a period")


def test_duplicate_key(raw_copy, tmp_path):
    header, rows = read_rows(raw_copy / LONG)
    write_rows(raw_copy / LONG, header, rows + [rows[0]])
    expect_error(raw_copy, tmp_path, LONG, len(rows) + 1, "measure", "duplicate figure")


def test_wrong_encoding(raw_copy, tmp_path):
    path = raw_copy / LONG
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.replace("all,", "all,", 1).encode("utf-8") + "extra,é\n".encode("latin-1"))
    expect_error(raw_copy, tmp_path, LONG, None, None, "not valid UTF-8")


def test_parts_do_not_reconcile_with_total(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "value", "1047",
                   {"force": "Staffordshire", "measure": "allegations_finalised", "category": "Outside Schedule 3"})
    message = expect_error(raw_copy, tmp_path, LONG, None, "value", "fails: parts sum to 1763 but the total is 1762")
    assert str(row) in message


def test_wide_file_code_disagrees_with_force_register(raw_copy, tmp_path):
    row = set_cell(raw_copy / WIDE, "geo_code", "E23000016", {"force": "Staffordshire"})
    expect_error(raw_copy, tmp_path, WIDE, row, "geo_code", "disagrees with forces.csv")


def test_wide_file_non_numeric_cell(raw_copy, tmp_path):
    row = set_cell(raw_copy / WIDE, "officers_headcount", "1769 approx", {"force": "Staffordshire"})
    expect_error(raw_copy, tmp_path, WIDE, row, "officers_headcount", "expected a number")


def test_unregistered_file_is_not_silently_ignored(raw_copy, tmp_path):
    (raw_copy / "new_table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    expect_error(raw_copy, tmp_path, "new_table.csv", None, None, "not registered")


def test_duplicate_source_id(raw_copy, tmp_path):
    header, rows = read_rows(raw_copy / "sources.csv")
    write_rows(raw_copy / "sources.csv", header, rows + [rows[0]])
    expect_error(raw_copy, tmp_path, "sources.csv", len(rows) + 1, "source_id", "already used")


def test_bad_force_code_in_register(raw_copy, tmp_path):
    row = set_cell(raw_copy / "forces.csv", "geo_code", "E2300015", {"force": "Staffordshire"})
    expect_error(raw_copy, tmp_path, "forces.csv", row, "geo_code", "police force area code")


def test_alias_pointing_nowhere(raw_copy, tmp_path):
    header, rows = read_rows(raw_copy / "force_aliases.csv")
    write_rows(raw_copy / "force_aliases.csv", header, rows + [["Staffs Constabulary", "Staffordshire Police Force", "press"]])
    expect_error(raw_copy, tmp_path, "force_aliases.csv", len(rows) + 1, "force", "not a force")


@pytest.mark.slow
def test_invalid_peel_grade(raw_copy, tmp_path):
    row = set_cell(raw_copy / "peel_2018_19_grades.csv", "grade", "Very good", {"force": "Kent"})
    expect_error(raw_copy, tmp_path, "peel_2018_19_grades.csv", row, "grade", "expected one of")
