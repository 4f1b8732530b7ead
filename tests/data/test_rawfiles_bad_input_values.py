"""Cells that read as text but are wrong: numbers, periods, vocabulary and column totals.

Each corrupts a copy of data/raw and expects one DataError naming file, row,
column and the value; the vocabulary check is also tested on its own with a
small declared vocabulary.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from analysis.data.errors import DataError
from analysis.data.validation import (
    check_periods_published,
    check_vocabulary,
    nearest_allowed,
    period_start,
    publication_end,
)
from tests.conftest import read_rows, set_cell, write_rows
from tests.data.test_rawfiles_bad_input import LONG, STAFFS_CASES, WIDE, expect_error

POPULATION = "population_mid2020.csv"
CASES_2024 = "iopc_2024_25_cases_finalised_by_force.csv"


# --- numbers ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text,pattern", [
    ("1" + "0" * 11, "implausibly large"),
    ("9" * 400, "implausibly large"),
    ("\u0661\u0663\u0662\u0662", "expected a number"),  # Arabic-Indic digits: float() would accept them
    ("\uff11\uff13\uff12\uff12", "expected a number"),  # full-width digits
    ("1e3", "expected a number"),
    ("+5", "expected a number"),
    ("1 322", "expected a number"),
    ("0x10", "expected a number"),
    ("inf", "expected a number"),
    ("1322.", "expected a number"),
    ("£1322", "expected a number"),
    ("13%", "expected a number"),
])
def test_values_that_are_not_plain_numbers(raw_copy, tmp_path, text, pattern):
    row = set_cell(raw_copy / LONG, "value", text, STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "value", pattern)


def test_wide_cell_implausibly_large(raw_copy, tmp_path):
    row = set_cell(raw_copy / POPULATION, "population", "60000000000", {"force": "Staffordshire"})
    expect_error(raw_copy, tmp_path, POPULATION, row, "population", "implausibly large")


# --- periods: format and range --------------------------------------------------------------------------------


@pytest.mark.parametrize("period,pattern", [
    ("2031/32", "starts 2031-04-01, after the publication date: its source .* was published 2021-11-30"),
    ("2031", "starts 2031-01-01, after"),
    ("2016-2031", "names the year 2031, but its source"),
    ("2020/21-2031/32", "names the year 2031"),
    ("2022/23", "starts 2022-04-01"),  # the Stoke Sentinel article is from November 2021
    ("2021/22 Q4", "starts 2022-01-01"),
    ("2021-12-01/2022-01-31", "starts 2021-12-01"),
])
def test_period_after_the_publication_of_its_source(raw_copy, tmp_path, period, pattern):
    row = set_cell(raw_copy / LONG, "period", period, STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "period", pattern)


def test_snapshot_date_after_publication(raw_copy, tmp_path):
    """Workforce at 31 March 2021 comes from data published 2022-07-28: a date after that is impossible."""
    path = raw_copy / WIDE
    header, rows = read_rows(path)
    for row in rows:
        row[header.index("period")] = "2022-09-30"
    write_rows(path, header, rows)
    expect_error(raw_copy, tmp_path, WIDE, 1, "period", "starts 2022-09-30, after the publication date")


@pytest.mark.parametrize("period", ["2021-02-30", "2021-13-01", "2020/22", "2020-2019", "2020/21/22", "FY2020",
                                    "2020/21-2019/20", "20/21", "2020 /21", "0000", "1066", "2020/21 Q5"])
def test_impossible_or_malformed_periods(raw_copy, tmp_path, period):
    row = set_cell(raw_copy / LONG, "period", period, STAFFS_CASES)
    message = expect_error(raw_copy, tmp_path, LONG, row, "period", "expected a period|before 1900")
    assert repr(period) in message


@pytest.mark.parametrize("published,pattern", [
    ("2021-02-30", "no day 30"), ("2021-13", "no month 13"), ("2021-00-10", "no month 0"),
])
def test_impossible_publication_date_of_a_source(raw_copy, tmp_path, published, pattern):
    path = raw_copy / "sources.csv"
    row = set_cell(path, "published", published, {"source_id": "iopc-seed000-stoke-sentinel"})
    expect_error(raw_copy, tmp_path, "sources.csv", None, "published", pattern)
    assert row > 0


def test_period_start():
    assert period_start("2020/21") == date(2020, 4, 1)
    assert period_start("2022/23 Q3") == date(2022, 10, 1)
    assert period_start("2022/23 Q4") == date(2023, 1, 1)
    assert period_start("2023/24 to Q2") == date(2023, 4, 1)
    assert period_start("2016-2020") == date(2016, 1, 1)
    assert period_start("2023-03-01/2024-02-29") == date(2023, 3, 1)


def test_publication_end_is_the_last_day_allowed():
    assert publication_end("2021-11") == date(2021, 11, 30)
    assert publication_end("2024-02") == date(2024, 2, 29)
    assert publication_end("2021") == date(2021, 12, 31)
    assert publication_end("2021-03-31") == date(2021, 3, 31)
    assert publication_end("") is None


def test_a_source_without_publication_date_is_checked_against_today(tmp_path):
    sources = pd.DataFrame({"source_id": ["s"], "published": [""]})
    records = [{"source_id": "s", "period": "2030/31", "raw_row": 7}]
    with pytest.raises(DataError, match=r"row 7 .*starts 2030-04-01, after the publication date: today is 2026-01-01"):
        check_periods_published(tmp_path / "f.csv", records, sources, tmp_path / "sources.csv",
                                today=date(2026, 1, 1))
    check_periods_published(tmp_path / "f.csv", records, sources, tmp_path / "sources.csv", today=date(2031, 4, 1))


# --- vocabulary (against a declared vocabulary given as data) --------------------------------------------------

DECLARED = {
    "measure": ["complaint_cases_logged", "complaint_cases_recorded_sch3", "allegations_logged"],
    "category": ["all", "Outside Schedule 3", "Schedule 3 investigated"],
    "unit": ["count", "percent"],
}


def _record(**cells) -> dict:
    return {"measure": "complaint_cases_logged", "category": "all", "unit": "count", "raw_row": 12, **cells}


@pytest.mark.parametrize("column,value,suggestion", [
    ("measure", "complaint_cases_loged", "complaint_cases_logged"),
    ("measure", "Complaint_Cases_Logged", "complaint_cases_logged"),
    ("measure", "allegation_logged", "allegations_logged"),
    ("category", "All", "all"),
    ("category", "Outside schedule 3", "Outside Schedule 3"),
    ("category", "Schedule 3 invesitgated", "Schedule 3 investigated"),
    ("unit", "Count", "count"),
    ("unit", "percentage", "percent"),
])
def test_undeclared_value_names_the_closest_allowed(tmp_path, column, value, suggestion):
    with pytest.raises(DataError) as info:
        check_vocabulary(tmp_path / "f.csv", [_record(), _record(**{column: value})], DECLARED)
    message = str(info.value)
    assert "row 12" in message and f"column {column!r}" in message and repr(value) in message
    assert f"did you mean {suggestion}" in message


def test_undeclared_value_with_nothing_close_lists_the_allowed(tmp_path):
    with pytest.raises(DataError, match="allowed: count, percent"):
        check_vocabulary(tmp_path / "f.csv", [_record(unit="zzz")], DECLARED)


def test_vocabulary_as_a_frame(tmp_path):
    frame = pd.DataFrame([(c, v) for c, values in DECLARED.items() for v in values], columns=["column", "value"])
    check_vocabulary(tmp_path / "f.csv", [_record(), _record(category="Outside Schedule 3")], frame)
    with pytest.raises(DataError, match="did you mean all"):
        check_vocabulary(tmp_path / "f.csv", [_record(category="ALL")], frame)


def test_closest_prefers_a_case_insensitive_match():
    assert nearest_allowed("All", ["all", "All forces", "ball"])[0] == "all"
    assert nearest_allowed("qqqq", ["all"]) == []


# --- column totals: every force, whatever source the total cites --------------------------------------------------


def test_national_total_citing_another_source_is_still_reconciled(raw_copy, tmp_path):
    """The mid-2020 England and Wales row cites a different source from the force rows: it is checked anyway."""
    row = set_cell(raw_copy / POPULATION, "population", "59719725", {"force": "England and Wales"})
    expect_error(raw_copy, tmp_path, POPULATION, row, "value", "sum of 43 forces = England and Wales: population")


@pytest.mark.slow
@pytest.mark.parametrize("name,force", [(POPULATION, "Staffordshire"), (WIDE, "Kent"), (CASES_2024, "Dorset")])
def test_missing_force_row_is_an_error(raw_copy, tmp_path, name, force):
    path = raw_copy / name
    header, rows = read_rows(path)
    write_rows(path, header, [r for r in rows if r[header.index("force")] != force])
    message = expect_error(raw_copy, tmp_path, name, None, "force", "missing force row")
    assert force in message


def test_extra_force_row_is_an_error(raw_copy, tmp_path):
    path = raw_copy / POPULATION
    header, rows = read_rows(path)
    extra = list(rows[0])
    extra[header.index("force")], extra[header.index("geo_code")] = "British Transport Police", ""
    write_rows(path, header, rows + [extra])
    expect_error(raw_copy, tmp_path, POPULATION, None, "force", "unexpected force row.*British Transport Police")


@pytest.mark.slow
def test_force_value_changed_breaks_the_column_total(raw_copy, tmp_path):
    row = set_cell(raw_copy / CASES_2024, "finalised_under_sch3", "1105", {"force": "Avon & Somerset"})
    expect_error(raw_copy, tmp_path, CASES_2024, None, "value", "sum of 44 forces = England and Wales")
    assert row > 0


def test_wrong_geography_for_a_column_total(raw_copy, tmp_path):
    row = set_cell(raw_copy / POPULATION, "force", "London", {"force": "Staffordshire"})
    expect_error(raw_copy, tmp_path, POPULATION, row, "force", "unknown police force")


# --- stray registrations ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["notes.csv", "iopc_complaints_2020_21_forces (1).csv"])
def test_unregistered_copies_are_not_ignored(raw_copy, tmp_path, name):
    (raw_copy / name).write_bytes((raw_copy / LONG).read_bytes())
    expect_error(raw_copy, tmp_path, name, None, None, "not registered")


def test_status_case_matters(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "status", "Published", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "status", "expected one of")


def test_source_id_with_trailing_garbage(raw_copy, tmp_path):
    row = set_cell(raw_copy / LONG, "source_id", "iopc-seed000-stoke-sentinel.", STAFFS_CASES)
    expect_error(raw_copy, tmp_path, LONG, row, "source_id", "not in data/raw/sources.csv")



@pytest.mark.slow
def test_a_figure_the_analysis_quotes_deleted_is_one_data_error(raw_copy, tmp_path):
    """Valid files, but the Staffordshire case count the key figures quote is gone: a DataError, not a traceback."""
    header, rows = read_rows(raw_copy / LONG)
    where = [header.index(k) for k in STAFFS_CASES]
    kept = [r for r in rows if [r[i] for i in where] != list(STAFFS_CASES.values())]
    assert len(kept) == len(rows) - 1
    write_rows(raw_copy / LONG, header, kept)
    with pytest.raises(DataError) as info:
        from tests.data.test_rawfiles_bad_input import run_build

        run_build(raw_copy, tmp_path)
    assert "complaint_cases_logged" in str(info.value) or LONG in str(info.value)
