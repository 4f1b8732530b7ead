"""What the build reads beyond each file's own reader: data/raw's listing, places, keys, placeholders, outputs.

Places are checked on a copy of the real table (one row changed); the folder and the reference tables on a
copy of data/raw; the data package on small folders written here and on the committed data/processed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.errors import DataError
from analysis.data.forces import load_forces, load_places
from analysis.data.integrity import (
    check_datapackage,
    check_places,
    check_raw_folder,
    check_templates,
    check_unique_keys,
    lad_counts,
)
from analysis.data.paths import PROCESSED, RAW
from analysis.data.registers import DATASETS, REFERENCE_FILES, REGISTER_DIR
from analysis.pipeline.build import PLACEHOLDERS, build, check_registers
from tests.conftest import read_rows, write_rows

REGISTERED = {d.file for d in DATASETS} | set(REFERENCE_FILES)
PLACES = RAW / "places.csv"


# --- data/raw holds the registered files and nothing else -----------------------------------------------------


def test_the_real_folder_passes():
    assert check_raw_folder(RAW, REGISTERED) is None


@pytest.mark.parametrize("name,pattern", [
    ("extra.csv", "a CSV file not registered"),
    ("FORCES.CSV", "file names are case-sensitive"),
    ("forces.CSV", "file names are case-sensitive"),
    ("Places.csv", "file names are case-sensitive"),
    ("notes.txt", "a file not registered"),
    ("places.csv.bak", "a file not registered"),
    (".~lock.forces.csv#", "a file not registered"),
    ("sources (copy).csv", "a CSV file not registered"),
])
def test_unknown_files_in_data_raw(raw_copy, name, pattern):
    (raw_copy / name).write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        check_raw_folder(raw_copy, REGISTERED)
    assert name in str(info.value) and re.search(pattern, str(info.value))


@pytest.mark.parametrize("folder", ["old", "2024", "archive.csv"])
def test_subfolders_in_data_raw(raw_copy, folder):
    (raw_copy / folder).mkdir()
    (raw_copy / folder / "forces.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(DataError, match="a folder inside data/raw/ is never read"):
        check_raw_folder(raw_copy, REGISTERED)


def test_the_build_stops_on_an_upper_case_csv(raw_copy, tmp_path):
    shutil.copy(raw_copy / "forces.csv", raw_copy / "Forces.CSV")
    with pytest.raises(DataError, match="Forces.CSV.*case-sensitive"):
        build(out_dir=tmp_path / "out", raw=raw_copy)
    assert not (tmp_path / "out").exists()


# --- places.csv -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def places() -> pd.DataFrame:
    return load_places()


@pytest.fixture(scope="module")
def forces() -> pd.DataFrame:
    return load_forces()


@pytest.fixture(scope="module")
def counts(forces) -> dict:
    from analysis.data.forces import resolve

    return {resolve(n, places=False).name: c for n, c in lad_counts(RAW / "population_mid2024.csv").items()}


def _row(places: pd.DataFrame, name: str) -> int:
    return int(places.index[places.place == name][0]) + 1


def _moved(places: pd.DataFrame, changes: dict[str, dict]) -> pd.DataFrame:
    out = places.copy()
    for name, cells in changes.items():
        for column, value in cells.items():
            out.loc[out.place == name, column] = value
    return out


def _expect_place(places, forces, counts, frame, row, column, pattern):
    with pytest.raises(DataError) as info:
        check_places(PLACES, frame, forces, counts, RAW / "population_mid2024.csv")
    assert info.value.row == row and info.value.column == column, str(info.value)
    assert "places.csv" in str(info.value) and re.search(pattern, str(info.value)), str(info.value)


def test_the_real_places_pass(places, forces, counts):
    assert check_places(PLACES, places, forces, counts) is None
    assert sum(n for f, (n, _) in counts.items() if f != "England and Wales") == counts["England and Wales"][0] == 318


def test_cardiff_sent_to_dyfed_powys(places, forces, counts):
    frame = _moved(places, {"Cardiff": {"force": "Dyfed-Powys"}})
    _expect_place(places, forces, counts, frame, _row(places, "Cardiff"), "force",
                  r"Dyfed-Powys has 5, .* sums 4.*South Wales has 6, .* sums 7.*is Cardiff in the wrong force")


def test_cardiff_and_its_welsh_name_sent_to_dyfed_powys(places, forces, counts):
    frame = _moved(places, {"Cardiff": {"force": "Dyfed-Powys"}, "Caerdydd": {"force": "Dyfed-Powys"}})
    _expect_place(places, forces, counts, frame, _row(places, "Cardiff"), "force", "is Cardiff in the wrong force")


def test_a_welsh_name_that_disagrees_with_the_ons_name(places, forces, counts):
    frame = _moved(places, {"Caerdydd": {"force": "Gwent"}})
    _expect_place(places, forces, counts, frame, _row(places, "Caerdydd"), "force",
                  r"code W06000015, which row \d+ gives to South Wales")


def test_a_short_form_that_disagrees_with_the_ons_name(places, forces, counts):
    frame = _moved(places, {"Bristol": {"force": "Gloucestershire"}})
    _expect_place(places, forces, counts, frame, _row(places, "Bristol"), "force", "one place, one force")


def test_leeds_sent_to_north_yorkshire(places, forces, counts):
    frame = _moved(places, {"Leeds": {"force": "North Yorkshire"}})
    _expect_place(places, forces, counts, frame, _row(places, "Leeds"), "force", "is Leeds in the wrong force")


def test_a_district_missing(places, forces, counts):
    frame = places[places.place != "Stoke-on-Trent"].reset_index(drop=True)
    _expect_place(places, forces, counts, frame, _row(frame, "Cannock Chase"), "force",
                  "Staffordshire has 8, .* sums 9")


@pytest.mark.parametrize("place,changes,column,pattern", [
    ("Cardiff", {"force": "Avon and Somerset"}, "force", "is in Wales, but Avon and Somerset polices England"),
    ("Bristol", {"force": "South Wales"}, "force", "is in England, but South Wales polices Wales"),
    ("Camden", {"force": "Kent"}, "force", "London borough policed by Metropolitan Police, not Kent"),
    ("City of London", {"force": "Metropolitan Police"}, "force", "policed by City of London"),
    ("Stoke-on-Trent", {"place_type": "Non-metropolitan District"}, "place_type", "is not a Non-metropolitan"),
    ("Leeds", {"place_type": "London Borough"}, "place_type", "is not a London Borough"),
    ("Kent", {"place_type": "Unitary Authority"}, "place_type", "is not a Unitary Authority"),
    ("Stoke-on-Trent", {"place_code": "E0600002"}, "place_code", "expected an ONS code"),
    ("Stoke-on-Trent", {"place_code": "X06000021"}, "place_code", "expected an ONS code"),
    ("Stoke-on-Trent", {"place_code": "E23000015"}, "place_type", "expected one of"),
    ("Stoke-on-Trent", {"place_code": "e06000021"}, "place_code", "expected an ONS code"),
    ("Bangor", {"force": "Dyfed-Powys"}, "force", "lies in the district W06000002, policed by North Wales"),
    ("Heathrow", {"place_code": "E09000099"}, "place_code", "not a district in this file"),
    ("Heathrow", {"place_code": "E10000016"}, "place_type", "a district's code"),
    ("Carlisle", {"place_code": "E06000063"}, "place_type", "an E07 code"),
])
def test_place_rows_that_contradict_their_code(places, forces, counts, place, changes, column, pattern):
    if place not in set(places.place):
        pytest.fail(f"{place} is not in places.csv")
    frame = _moved(places, {place: changes})
    _expect_place(places, forces, counts, frame, _row(places, place), column, pattern)


def test_the_build_stops_on_cardiff_in_dyfed_powys(raw_copy, tmp_path):
    header, rows = read_rows(raw_copy / "places.csv")
    number = next(i for i, r in enumerate(rows, start=1) if r[0] == "Cardiff")
    rows[number - 1][header.index("force")] = "Dyfed-Powys"
    write_rows(raw_copy / "places.csv", header, rows)
    with pytest.raises(DataError) as info:
        build(out_dir=tmp_path / "out", raw=raw_copy)
    assert "places.csv" in str(info.value) and info.value.row == number and info.value.column == "force"


# --- declared primary keys of the reference tables ------------------------------------------------------------


@pytest.mark.parametrize("file,columns,key", [
    ("force_aliases.csv", ("alias", "force", "used_by"), ("alias",)),
    ("counting_units.csv", ("unit", "definition", "used_by", "source_id"), ("unit",)),
])
def test_a_duplicated_row_of_a_reference_table(raw_copy, file, columns, key):
    header, rows = read_rows(raw_copy / file)
    write_rows(raw_copy / file, header, rows + [rows[3]])
    with pytest.raises(DataError) as info:
        check_unique_keys(raw_copy / file, columns, key)
    assert info.value.row == len(rows) + 1 and info.value.column == key[-1]
    assert "already on row 4" in str(info.value)


def test_the_build_stops_on_a_duplicated_alias(raw_copy, tmp_path):
    header, rows = read_rows(raw_copy / "force_aliases.csv")
    write_rows(raw_copy / "force_aliases.csv", header, rows + [rows[0]])
    with pytest.raises(DataError, match="force_aliases.csv.*primary key must be unique"):
        build(out_dir=tmp_path / "out", raw=raw_copy)


def test_the_real_reference_tables_have_unique_keys():
    assert check_unique_keys(RAW / "force_aliases.csv", ("alias", "force", "used_by"), ("alias",)) is None
    assert check_unique_keys(RAW / "counting_units.csv", ("unit", "definition", "used_by", "source_id"),
                             ("unit",)) is None


# --- placeholders in registers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text,pattern", [
    ("only {covred} publish it", r"unknown placeholder \{covred\}; the placeholders filled in are \{covered\}"),
    ("{0} forces", r"unknown placeholder \{0\}"),
    ("{} forces", r"unknown placeholder \{\}"),
    ("{covered.real}", r"unknown placeholder \{covered.real\}"),
    ("{force}", r"unknown placeholder \{force\}"),
    ("a { brace", "malformed placeholder"),
    ("a } brace", "malformed placeholder"),
])
def test_bad_placeholders(text, pattern):
    with pytest.raises(DataError) as info:
        check_templates(Path("why_missing.csv"), [(1, "fine"), (2, text)], "reason", PLACEHOLDERS)
    assert info.value.row == 2 and info.value.column == "reason" and re.search(pattern, str(info.value))


@pytest.mark.parametrize("text", ["published by {covered}", "no placeholder", "literal {{braces}}"])
def test_good_placeholders(text):
    assert check_templates(Path("why_missing.csv"), [(1, text)], "reason", PLACEHOLDERS) is None


def test_the_build_checks_why_missing_placeholders(tmp_path):
    registers = tmp_path / "registers"
    shutil.copytree(REGISTER_DIR, registers)
    path = registers / "why_missing.csv"
    header, rows = read_rows(path)
    column = header.index("reason")
    number = next(i for i, r in enumerate(rows, start=1) if "{covered}" in r[column])
    rows[number - 1][column] = rows[number - 1][column].replace("{covered}", "{covred}")
    write_rows(path, header, rows)
    with pytest.raises(DataError) as info:
        check_registers(registers)
    assert "why_missing.csv" in str(info.value) and info.value.row == number and info.value.column == "reason"


def _registers_with(tmp_path: Path, file: str, column: str, old: str, new: str) -> tuple[Path, int]:
    registers = tmp_path / "registers"
    shutil.copytree(REGISTER_DIR, registers)
    header, rows = read_rows(registers / file)
    i = header.index(column)
    number = next(n for n, r in enumerate(rows, start=1) if old in r[i])
    rows[number - 1][i] = rows[number - 1][i].replace(old, new, 1)
    write_rows(registers / file, header, rows)
    return registers, number


@pytest.mark.parametrize("file,column,old,new,pattern", [
    ("exercises.csv", "question", "{force}", "{forse}", r"unknown placeholder \{forse\}"),
    ("exercises.csv", "question", "{force}", "{force", "malformed placeholder"),
    ("exercises.csv", "answer", "cases_finalised", "cases_finalized", "expected one of"),
    ("exercises.csv", "kind", "number", "numeric", "expected one of"),
    ("glossary.csv", "slug", "-", "_", "a slug is lower-case words"),
    ("glossary.csv", "source_id", "def-", "no-such-", "is not in data/raw/sources.csv"),
])
def test_the_build_checks_exercises_and_glossary(tmp_path, file, column, old, new, pattern):
    registers, number = _registers_with(tmp_path, file, column, old, new)
    with pytest.raises(DataError) as info:
        check_registers(registers)
    assert file in str(info.value) and info.value.row == number and info.value.column == column
    assert re.search(pattern, str(info.value)), str(info.value)


# --- processed tables against datapackage.json -----------------------------------------------------------------


def test_the_committed_processed_tables_match_their_package():
    assert check_datapackage(PROCESSED) is None


def _package(folder: Path, rows: list[str], fields=None, key=("id",)) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    fields = fields or [{"name": "id", "type": "string", "constraints": {"required": True}},
                        {"name": "n", "type": "integer"}, {"name": "x", "type": "number"},
                        {"name": "when", "type": "date"}]
    package = {"resources": [{"path": "t.csv", "schema": {"fields": fields, "primaryKey": list(key),
                                                          "missingValues": [""]}}]}
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    (folder / "t.csv").write_text("id,n,x,when\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return folder


def test_a_good_small_package(tmp_path):
    assert check_datapackage(_package(tmp_path, ["a,1,2.5,2021-03-31", "b,,,"])) is None


@pytest.mark.parametrize("rows,row,column,pattern", [
    (["a,1,2.5,2021-03-31", "a,2,3,2021-03-31"], 2, "id", "primary key .* repeats row 1"),
    (["a,1,2.5,2021-03-31", ",2,3,2021-03-31"], 2, "id", "requires a value"),
    (["a,1.5,2.5,2021-03-31"], 1, "n", "not a valid integer"),
    (["a,one,2.5,2021-03-31"], 1, "n", "not a valid integer"),
    (["a,1,2.5.1,2021-03-31"], 1, "x", "not a valid number"),
    (["a,1,nan,2021-03-31"], 1, "x", "not a valid number"),
    (["a,1,2,2021-02-30"], 1, "when", "not a valid date"),
    (["a,1,2,31/03/2021"], 1, "when", "not a valid date"),
])
def test_bad_processed_tables(tmp_path, rows, row, column, pattern):
    with pytest.raises(DataError) as info:
        check_datapackage(_package(tmp_path, rows))
    assert info.value.row == row and info.value.column == column and re.search(pattern, str(info.value))


def test_columns_that_differ_from_the_package(tmp_path):
    folder = _package(tmp_path, ["a,1,2,2021-03-31"])
    (folder / "t.csv").write_text("id,n,when,x\na,1,2021-03-31,2\n", encoding="utf-8")
    with pytest.raises(DataError, match="differ from datapackage.json"):
        check_datapackage(folder)


def test_an_unreadable_package(tmp_path):
    folder = _package(tmp_path, ["a,1,2,2021-03-31"])
    (folder / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="cannot read the data package"):
        check_datapackage(folder)


def test_a_duplicate_primary_key_never_replaces_the_processed_tables(tmp_path, monkeypatch):
    """A table with a repeated key (a duplicated alias that slipped past its reader) stops write_outputs before
    anything is moved: the previous tables stay."""
    from analysis.pipeline import build as B

    out = tmp_path / "out"
    out.mkdir()
    (out / "forces.csv").write_text("previous\n", encoding="utf-8")
    frame = pd.DataFrame({"alias": ["The Met", "The Met"], "force": ["Metropolitan Police"] * 2,
                          "used_by": ["common usage"] * 2})
    monkeypatch.setattr(B, "write_datapackage", lambda stage: (stage / "datapackage.json").write_text(json.dumps(
        {"resources": [{"path": "force_aliases.csv", "schema": {
            "fields": [{"name": c, "type": "string"} for c in frame.columns], "primaryKey": ["alias"]}}]})))
    with pytest.raises(DataError, match="force_aliases.csv.*repeats row 1"):
        B.write_outputs({"force_aliases.csv": frame}, out)
    assert sorted(p.name for p in out.iterdir()) == ["forces.csv"]
    assert (out / "forces.csv").read_text(encoding="utf-8") == "previous\n"
    assert not list(tmp_path.glob(".out.tmp-*"))
