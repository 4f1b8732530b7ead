"""Status corrections (data/raw/status_corrections.csv) are applied at load time, with their reason, and a
correction that does not match its figure stops with the file, row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

import analysis
from analysis.data.corrections import CORRECTIONS_FILE, apply_status_corrections, load_status_corrections
from analysis.data.errors import DataError
from analysis.data.observations import read_all
from analysis.pipeline.build import build
from tests.conftest import read_rows, write_rows


@pytest.fixture(scope="module")
def uncorrected():
    return read_all()


def test_the_figures_the_research_cautions_name_are_uncertain_with_their_reason():
    obs = analysis.load_observations(with_sources=False)
    surrey = obs[(obs.force == "Surrey") & (obs.period == "2022/23")
                 & (obs.source_id == "iopc-surrey-pcc-stats-2022-23") & (obs.category == "all")
                 & (obs.unit == "count")].set_index("measure")
    for measure, value in (("complaint_cases_logged", 2117), ("allegations_logged", 3569)):
        assert surrey.at[measure, "value"] == value
        assert surrey.at[measure, "status"] == "uncertain"
        assert "'recorded', not 'logged'" in surrey.at[measure, "note"]
        assert "status_corrections.csv row" in surrey.at[measure, "note"]
    national = obs[(obs.force == analysis.ENGLAND_AND_WALES) & (obs.measure == "allegations_per_1000_employees")
                   & (obs.period == "2022/23")]
    assert len(national) and (national.value == 547).all() and (national.status == "uncertain").all()


def test_every_correction_changes_a_status_and_cites_a_source(uncorrected):
    corrections = load_status_corrections()
    assert len(corrections) >= 3
    corrected = apply_status_corrections(uncorrected)
    for c in corrections:
        hit = corrected[(corrected.raw_file == c.file) & (corrected.raw_row == c.row)
                        & (corrected.measure == c.measure) & (corrected.category == c.category)]
        before = uncorrected.loc[hit.index, "status"]
        assert (hit.status == c.status).all() and (before != c.status).all()
        assert c.source_id in set(analysis.load_sources().source_id)
    unchanged = corrected.drop(columns=["status", "note"]).equals(uncorrected.drop(columns=["status", "note"]))
    assert unchanged, "a correction changes only a status and its note, never a value"


def _corrupt(raw: Path, column: str, value: str, row: int = 1) -> None:
    path = raw / CORRECTIONS_FILE
    header, rows = read_rows(path)
    rows[row - 1][header.index(column)] = value
    write_rows(path, header, rows)


@pytest.mark.parametrize(("column", "value", "pattern"), [
    ("value", "2118", "is 2117, not 2118"),
    ("file", "no_such_file.csv", "expected one of"),
    ("row", "9999", "has no figure on data row 9999"),
    ("row", "first", "expected a data row number"),
    ("measure", "complaint_cases_recorded", "holds no complaint_cases_recorded"),
    ("status", "published", "already 'published'"),
    ("status", "doubtful", "expected one of"),
    ("reason", "", "must not be empty"),
    ("source_id", "no-such-source", "not in data/raw/sources.csv"),
])
def test_a_bad_correction_names_file_row_and_column(raw_copy, uncorrected, column, value, pattern):
    _corrupt(raw_copy, column, value)
    with pytest.raises(DataError) as info:
        apply_status_corrections(uncorrected, raw=raw_copy)
    message = str(info.value)
    assert CORRECTIONS_FILE in message and "row 1 " in message and f"column {column!r}" in message, message
    assert pattern in message, message
    assert "\n" not in message


def test_a_figure_corrected_twice_is_an_error(raw_copy, uncorrected):
    path = raw_copy / CORRECTIONS_FILE
    header, rows = read_rows(path)
    write_rows(path, header, rows + [rows[0]])
    with pytest.raises(DataError, match="already corrected on row 1") as info:
        apply_status_corrections(uncorrected, raw=raw_copy)
    assert info.value.row == len(rows) + 1


def test_the_build_stops_on_a_correction_that_does_not_match_its_figure(raw_copy, tmp_path):
    _corrupt(raw_copy, "value", "2,118")
    with pytest.raises(DataError, match="status_corrections.csv, row 1 .*column 'value'"):
        build(out_dir=tmp_path / "out", raw=raw_copy)
