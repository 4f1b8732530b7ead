"""Plausibility rules (data/registers/plausibility.csv): implausible values, contradictions in a row, jumps.

Most cases corrupt one figure of a copy of the real observations (read once for the module) and run
:func:`check_plausible` on it: the error must name the raw file, the row and the column that hold the figure
(the wide files' value column).  Two run the whole build on a corrupted copy of data/raw.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.errors import DataError
from analysis.data.observations import load_observations
from analysis.data.paths import RAW
from analysis.data.plausibility import (
    EXCEPTIONS_FILE,
    check_plausible,
    comparable_period,
    load_exceptions,
    load_rules,
    value_column,
)
from tests.conftest import set_cell

STAFFS = "Staffordshire"
FINALISED = "iopc_2024_25_cases_finalised_by_force.csv"
REVIEWS = "iopc_2024_25_reviews_by_force.csv"
POPULATION = "population_mid2024.csv"
EXTRA = "iopc_2024_25_forces_extra.csv"


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return load_observations(with_sources=False)


def _index(obs: pd.DataFrame, **where) -> int:
    mask = pd.Series(True, index=obs.index)
    for column, value in where.items():
        mask &= obs[column] == value
    hits = obs.index[mask]
    assert len(hits) >= 1, f"no observation {where}"
    return hits[-1]


def _set(obs: pd.DataFrame, value: float, **where) -> tuple[pd.DataFrame, dict]:
    out = obs.copy()
    i = _index(out, **where)
    out.loc[i, "value"] = value
    return out, out.loc[i].to_dict()


def _expect(frame: pd.DataFrame, file: str, row: int, column: str, pattern: str) -> str:
    with pytest.raises(DataError) as info:
        check_plausible(frame)
    message = str(info.value)
    assert file in message and f"row {row} " in message and f"column {column!r}" in message, message
    assert info.value.row == row and info.value.column == column
    assert re.search(pattern, message, re.IGNORECASE), message
    return message


def test_the_real_observations_are_plausible(obs):
    assert check_plausible(obs) is None
    assert len(load_rules()) >= 20
    assert {r.kind for r in load_rules()} == {"range", "not_above", "share", "change", "ratio"}


# --- ranges --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("category,column", [
    ("Outside Schedule 3", "avg_days_outside_sch3"),
    ("Schedule 3 (including suspension)", "avg_days_under_sch3_inc_suspension"),
])
def test_99999_days_to_finalise(obs, category, column):
    frame, rec = _set(obs, 99999, force=STAFFS, measure="days_to_finalise", category=category, period="2024/25")
    _expect(frame, FINALISED, rec["raw_row"], column, r"99999 is outside the possible range 0 to 1000 days")


@pytest.mark.parametrize("measure,unit,value,pattern", [
    ("working_days_to_log", "working_days", 300, "0 to 250"),
    ("working_days_to_contact", "working_days", 251, "0 to 250"),
    ("complaint_cases_per_1000_employees", "per_1000_employees", 5000, "10 to 1500"),
    ("complaint_cases_per_1000_employees", "per_1000_employees", 2, "10 to 1500"),
    ("allegations_per_1000_employees", "per_1000_employees", 9000, "10 to 4000"),
    ("reviews_outcome_not_reasonable_share", "percent", 101, "0 to 100"),
])
def test_values_outside_their_band(obs, measure, unit, value, pattern):
    frame, rec = _set(obs, value, measure=measure, unit=unit)
    _expect(frame, rec["raw_file"], rec["raw_row"], value_column(rec), pattern)


def test_population_of_a_force_typed_a_thousand_times_too_small(obs):
    frame, rec = _set(obs, 1139.884, force="Cheshire", measure="population", period="2024-06-30")
    _expect(frame, POPULATION, rec["raw_row"], "population", "outside the possible range 5000")


# --- within a row ---------------------------------------------------------------------------------------------


def test_days_excluding_suspensions_above_including(obs):
    inc = obs.loc[_index(obs, force=STAFFS, measure="days_to_finalise", category="Schedule 3 (including suspension)",
                         period="2024/25"), "value"]
    frame, rec = _set(obs, inc + 5, force=STAFFS, measure="days_to_finalise",
                      category="Schedule 3 (excluding suspension)", period="2024/25")
    _expect(frame, FINALISED, rec["raw_row"], "avg_days_under_sch3_exc_suspension",
            r"is above days_to_finalise \[Schedule 3 \(including suspension\)\]")


def test_equal_days_with_and_without_suspensions_pass(obs):
    inc = obs.loc[_index(obs, force=STAFFS, measure="days_to_finalise", category="Schedule 3 (including suspension)",
                         period="2024/25"), "value"]
    frame, _ = _set(obs, inc, force=STAFFS, measure="days_to_finalise", category="Schedule 3 (excluding suspension)",
                    period="2024/25")
    assert check_plausible(frame) is None


def test_one_of_eight_shown_as_90_percent(obs):
    """Staffordshire's IOPC reviews: 1 of 8 not reasonable is published as 13%; 90% must stop the build."""
    frame, rec = _set(obs, 90, force=STAFFS, measure="reviews_outcome_not_reasonable_share",
                      category="Not investigated")
    _expect(frame, REVIEWS, rec["raw_row"], "reviews_not_investigated_not_reasonable_pct",
            r"1 of 8 .* is 12\.5%")


@pytest.mark.parametrize("shown", [11, 14, 50])
def test_shares_more_than_rounding_away(obs, shown):
    frame, rec = _set(obs, shown, force=STAFFS, measure="reviews_outcome_not_reasonable_share",
                      category="Not investigated")
    _expect(frame, REVIEWS, rec["raw_row"], "reviews_not_investigated_not_reasonable_pct", "points apart")


def test_a_share_within_rounding_passes(obs):
    """13% for 1 of 8 (12.5%) is rounding, not a contradiction."""
    rec = obs.loc[_index(obs, force=STAFFS, measure="reviews_outcome_not_reasonable_share",
                         category="Not investigated")]
    assert rec["value"] == 13 and check_plausible(obs) is None


def test_reviews_found_not_reasonable_above_reviews_completed(obs):
    frame, rec = _set(obs, 9, force=STAFFS, measure="reviews_outcome_not_reasonable", category="Not investigated")
    _expect(frame, REVIEWS, rec["raw_row"], "reviews_not_investigated_not_reasonable",
            r"above reviews_completed_valid \[Not investigated\] = 8")


def test_50_findings_out_of_20_investigations(obs):
    frame, rec = _set(obs, 50, force="Hertfordshire", measure="iopc_investigations_findings_made",
                      period="2024/25")
    _expect(frame, EXTRA, rec["raw_row"], "value", r"= 50 is above iopc_investigations \[all\] = 20")


def test_findings_share_that_disagrees_with_its_count(obs):
    frame, rec = _set(obs, 75, force="Hertfordshire", measure="iopc_investigations_findings_made_share",
                      period="2024/25")
    _expect(frame, EXTRA, rec["raw_row"], "value", r"5 of 20 .* is 25\.0%")


def test_a_part_above_its_total(obs):
    frame, rec = _set(obs, 2000, force=STAFFS, measure="allegations_finalised", category="Outside Schedule 3",
                      period="2020/21")
    _expect(frame, rec["raw_file"], rec["raw_row"], "value", r"above allegations_finalised \[all\] = 1762")


def test_cases_recorded_under_schedule_3_above_cases_logged(obs):
    frame, rec = _set(obs, 1400, force=STAFFS, measure="complaint_cases_recorded_sch3", period="2020/21",
                      source_id="iopc-seed000-stoke-sentinel")
    _expect(frame, rec["raw_file"], rec["raw_row"], "value", r"above complaint_cases_logged \[all\] = 1322")


# --- change from the previous comparable period ---------------------------------------------------------------


def test_national_cases_typed_ten_times_too_large(obs):
    frame, rec = _set(obs, 949400, force="England and Wales", measure="complaint_cases_logged", category="all",
                      period="2024/25", raw_file="iopc_2024_25_national_totals.csv")
    _expect(frame, "iopc_2024_25_national_totals.csv", rec["raw_row"], "value",
            r"11\.1 times the previous comparable figure 85458 \(2023/24")


def test_national_cases_typed_ten_times_too_small(obs):
    frame, rec = _set(obs, 9494, force="England and Wales", measure="complaint_cases_logged", category="all",
                      period="2024/25", raw_file="iopc_2024_25_national_totals.csv")
    _expect(frame, "iopc_2024_25_national_totals.csv", rec["raw_row"], "value", r"0\.111 times")


def test_the_first_years_national_cases_typed_ten_times_too_large(obs):
    """The typing error is in the earliest year: the error names that row, not the correct year after it."""
    frame, rec = _set(obs, 677320, force="England and Wales", measure="complaint_cases_logged", category="all",
                      period="2020/21", source_id="iopc-2021-release-wiredgov")
    _expect(frame, "iopc_complaints_2020_21_national.csv", rec["raw_row"], "value",
            r"677320 is 9\.03 times the next comparable figure 75020 \(2021/22.*far from the force's other years")


@pytest.mark.parametrize("period", ["2019-06-30", "2020-06-30", "2024-06-30"])
def test_a_population_typed_ten_times_too_large_is_named_in_its_own_year(obs, period):
    value = obs.loc[_index(obs, force=STAFFS, measure="population", period=period), "value"]
    frame, rec = _set(obs, value * 10, force=STAFFS, measure="population", period=period)
    _expect(frame, rec["raw_file"], rec["raw_row"], "population", "comparable figure")


def test_two_forces_populations_swapped(obs):
    frame = obs.copy()
    a = _index(frame, force=STAFFS, measure="population", period="2024-06-30")
    b = _index(frame, force="Cumbria", measure="population", period="2024-06-30")
    frame.loc[a, "value"], frame.loc[b, "value"] = obs.loc[b, "value"], obs.loc[a, "value"]
    first = min(a, b, key=lambda i: (frame.loc[i, "force"]))  # groups are checked in force order: Cumbria first
    _expect(frame, POPULATION, int(frame.loc[first, "raw_row"]), "population", "rows swapped")


def test_two_forces_populations_swapped_in_every_year(obs):
    """Swapped consistently in all three population tables, no change stands out: residents per officer does."""
    frame = obs.copy()
    for period in ("2019-06-30", "2020-06-30", "2024-06-30"):
        a = _index(frame, force=STAFFS, measure="population", period=period)
        b = _index(frame, force="Cumbria", measure="population", period=period)
        frame.loc[a, "value"], frame.loc[b, "value"] = obs.loc[b, "value"], obs.loc[a, "value"]
    message = _expect(frame, "population_mid2020.csv", int(frame.loc[_index(frame, force="Cumbria", measure="population",
                      period="2019-06-30"), "raw_row"]), "population", "it should be between 150 and 800")
    assert "residents-per-officer-band" in message


def test_population_with_a_digit_missing_is_far_from_its_officers(obs):
    frame, rec = _set(obs, 113988, force="Cheshire", measure="population", period="2024-06-30")
    _expect(frame, POPULATION, rec["raw_row"], "population", "comparable figure|between 150 and 800")


def test_two_forces_officers_swapped(obs):
    frame = obs.copy()
    where = {"measure": "workforce", "category": "Police officers", "unit": "fte", "period": "2025-03-31"}
    a = _index(frame, force="Metropolitan Police", **where)
    b = _index(frame, force="Cumbria", **where)
    frame.loc[a, "value"], frame.loc[b, "value"] = obs.loc[b, "value"], obs.loc[a, "value"]
    _expect(frame, "officers_fte_2025_03_31.csv", int(frame.loc[b, "raw_row"]), "officers_fte",
            "previous comparable figure")


def test_a_real_change_within_the_factor_passes(obs):
    frame, _ = _set(obs, obs.loc[_index(obs, force=STAFFS, measure="population", period="2024-06-30"),
                                 "value"] * 1.1, force=STAFFS, measure="population", period="2024-06-30")
    assert check_plausible(frame) is None


def _two_years(before: float, after: float) -> pd.DataFrame:
    common = {"source_id": "s", "force": "Testshire", "measure": "complaint_cases_logged", "category": "all",
              "unit": "count", "raw_file": "x.csv"}
    return pd.DataFrame([{**common, "period": "2022/23", "value": before, "raw_row": 1},
                         {**common, "period": "2023/24", "value": after, "raw_row": 2}])


@pytest.mark.parametrize("before,after,stops", [
    (3, 30, False),  # below min_value (100 cases): small numbers vary
    (99, 900, False),
    (100, 501, True),
    (1000, 199, True),
    (1000, 4999, False),
    (0, 5000, False),  # no ratio to a zero
])
def test_change_factor_and_small_numbers(before, after, stops):
    frame = _two_years(before, after)
    if stops:
        with pytest.raises(DataError) as info:
            check_plausible(frame, raw=Path("raw"), exceptions=load_exceptions().iloc[0:0])
        assert info.value.row == 2 and info.value.column == "value" and "cases-logged-change" in str(info.value)
    else:
        assert check_plausible(frame, raw=Path("raw"), exceptions=load_exceptions().iloc[0:0]) is None


@pytest.mark.parametrize("period,expected", [
    ("2020/21", ("financial year", 2020)),
    ("2021", ("calendar year", 2021)),
    ("2021-03-31", ("snapshot 03-31", 2021)),
    ("2024-06-30", ("snapshot 06-30", 2024)),
    ("2023/24 Q1", None),
    ("2016-2020", None),
    ("2023-03-01/2024-02-29", None),
])
def test_comparable_periods(period, expected):
    assert comparable_period(period) == expected


# --- the register of confirmed exceptions ---------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_an_exception_lets_a_confirmed_figure_through(obs, tmp_path):
    frame, rec = _set(obs, 1200, force=STAFFS, measure="days_to_finalise", category="Outside Schedule 3",
                      period="2024/25")
    with pytest.raises(DataError, match="outside the possible range 0 to 1000"):
        check_plausible(frame)
    path = _write(tmp_path / "exceptions.csv", EXCEPTIONS_FILE.read_text(encoding="utf-8")
                  + f"days-to-finalise-max,{STAFFS},2024/25,days_to_finalise,Outside Schedule 3,"
                  f"{rec['source_id']},confirmed with the force\n")
    assert check_plausible(frame, exceptions_path=path, exceptions=load_exceptions(path)) is None


def test_a_stale_exception_stops_the_build(obs, tmp_path):
    path = _write(tmp_path / "exceptions.csv", EXCEPTIONS_FILE.read_text(encoding="utf-8")
                  + f"days-to-finalise-max,{STAFFS},2024/25,days_to_finalise,Outside Schedule 3,"
                  "iopc25-listing-page3,was confirmed once\n")
    with pytest.raises(DataError) as info:
        check_plausible(obs, exceptions_path=path, exceptions=load_exceptions(path))
    rows = len(EXCEPTIONS_FILE.read_text(encoding="utf-8").splitlines())  # header + rows: the new one is last
    assert "matches no figure that breaks its rule" in str(info.value) and info.value.row == rows


@pytest.mark.parametrize("row,column,pattern", [
    ("no-such-rule,Staffordshire,2024/25,m,all,iopc25-listing-page3,r", "rule", "no rule 'no-such-rule'"),
    ("population-change,Staffordshire,2024/25,m,all,a-made-up-source,r", "source_id", "must cite the document"),
    ("population-change,Staffordshire,2024/25,m,all,,r", "source_id", "must not be empty"),
    ("population-change,Staffordshire,2024/25,m,all,iopc25-listing-page3,", "reason", "must not be empty"),
])
def test_bad_exception_rows(tmp_path, row, column, pattern):
    path = _write(tmp_path / "exceptions.csv", "rule,force,period,measure,category,source_id,reason\n" + row + "\n")
    with pytest.raises(DataError) as info:
        load_exceptions(path)
    assert info.value.row == 1 and info.value.column == column and re.search(pattern, str(info.value))


def test_a_duplicated_exception(tmp_path):
    line = "population-change,Staffordshire,2024/25,m,all,iopc25-listing-page3,r\n"
    path = _write(tmp_path / "exceptions.csv", "rule,force,period,measure,category,source_id,reason\n" + line * 2)
    with pytest.raises(DataError, match="already listed on row 1"):
        load_exceptions(path)


def test_no_exception_at_all_is_allowed(tmp_path):
    path = _write(tmp_path / "exceptions.csv", "rule,force,period,measure,category,source_id,reason\n")
    assert load_exceptions(path).empty


# --- the rules register itself --------------------------------------------------------------------------------

_HEADER = ("rule,kind,measure,unit,category,part_measure,part_category,base_measure,base_category,base_unit,minimum,"
           "maximum,tolerance,factor,min_value,note\n")


@pytest.mark.parametrize("row,column,pattern", [
    ("r,between,m,days,*,,,,,,0,10,,,,n", "kind", "expected one of"),
    ("r,range,m,days,*,,,,,,,10,,,,n", "minimum", "needs a minimum"),
    ("r,range,m,days,*,,,,,,20,10,,,,n", "maximum", "minimum is above maximum"),
    ("r,range,m,days,*,,,,,,0,ten,,,,n", "maximum", "expected a non-negative number"),
    ("r,range,m,fortnights,*,,,,,,0,10,,,,n", "unit", "expected one of"),
    ("r,range,m,days,*,,,,,,0,10,,,,", "note", "must not be empty"),
    ("r,not_above,m,days,*,,,,,,,,,,,n", "base_measure", "must not be empty"),
    ("r,share,m,percent,*,,,b,all,,,,0.5,,,n", "part_measure", "must not be empty"),
    ("r,share,m,percent,*,p,all,b,all,,,,,,,n", "tolerance", "needs a tolerance"),
    ("r,change,m,count,*,,,,,,,,,1,,n", "factor", "must be above 1"),
    ("r,change,m,count,*,,,,,,,,,,,n", "factor", "needs a factor"),
    ("r,ratio,m,people,*,,,,,,1,2,,,,n", "base_measure", "must not be empty"),
    ("r,ratio,m,people,*,,,b,all,fortnights,1,2,,,,n", "base_unit", "expected one of"),
    ("r,ratio,m,people,*,,,b,all,fte,3,2,,,,n", "maximum", "minimum is above maximum"),
])
def test_bad_rules(tmp_path, row, column, pattern):
    path = _write(tmp_path / "rules.csv", _HEADER + row + "\n")
    with pytest.raises(DataError) as info:
        load_rules(path)
    assert info.value.row == 1 and info.value.column == column and re.search(pattern, str(info.value))


def test_a_rule_defined_twice(tmp_path):
    path = _write(tmp_path / "rules.csv", _HEADER + "r,range,m,days,*,,,,,,0,10,,,,n\n" * 2)
    with pytest.raises(DataError, match="already defined on row 1"):
        load_rules(path)


def test_value_columns_of_long_and_wide_files(obs):
    wide = obs.loc[_index(obs, force=STAFFS, measure="days_to_finalise", category="Outside Schedule 3",
                          period="2024/25")].to_dict()
    long = obs.loc[_index(obs, force=STAFFS, measure="complaint_cases_logged", period="2020/21")].to_dict()
    assert value_column(wide) == "avg_days_outside_sch3" and value_column(long) == "value"


# --- through the whole build, on a corrupted copy of data/raw -------------------------------------------------


def test_the_build_stops_on_99999_days(raw_copy, tmp_path):
    from tests.data.test_rawfiles_bad_input import expect_error

    row = set_cell(raw_copy / FINALISED, "avg_days_outside_sch3", "99999", {"force": STAFFS})
    expect_error(raw_copy, tmp_path, FINALISED, row, "avg_days_outside_sch3", "outside the possible range")


def test_the_build_stops_on_swapped_populations(raw_copy, tmp_path):
    from tests.conftest import read_rows, write_rows
    from tests.data.test_rawfiles_bad_input import expect_error

    header, rows = read_rows(raw_copy / "population_mid2020.csv")
    col, force = header.index("population"), header.index("force")
    a = next(i for i, r in enumerate(rows) if r[force] == STAFFS)
    b = next(i for i, r in enumerate(rows) if r[force] == "Cumbria")
    rows[a][col], rows[b][col] = rows[b][col], rows[a][col]
    write_rows(raw_copy / "population_mid2020.csv", header, rows)
    expect_error(raw_copy, tmp_path, "population_mid2020.csv", None, "population", "previous comparable figure")


def test_the_registers_are_in_the_repository():
    assert (RAW.parent / "registers" / "plausibility.csv").is_file() and EXCEPTIONS_FILE.is_file()
