"""The fact-check registers (data/registers/claims*.csv): read strictly, and a bad row names file, row and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.data.claims import CLAIMS_FILE, DOCUMENTS_FILE, Claim, Key, Signature, load_claims, load_documents
from analysis.data.errors import DataError
from analysis.tables import factcheck
from analysis.tables.factcheck_checks import SIGNATURES
from tests.conftest import read_rows, set_cell


@pytest.fixture()
def registers(tmp_path: Path) -> Path:
    """A copy of the fact-check registers (the real ones are never touched)."""
    dest = tmp_path / "registers"
    dest.mkdir()
    for path in (CLAIMS_FILE, DOCUMENTS_FILE):
        shutil.copy(path, dest / path.name)
    return dest


def _error(folder: Path) -> DataError:
    with pytest.raises(DataError) as info:
        load_claims(SIGNATURES, folder / CLAIMS_FILE.name)
    return info.value


def test_the_register_reads_every_row_as_a_claim():
    claims = load_claims(SIGNATURES)
    _header, rows = read_rows(CLAIMS_FILE)
    assert len(claims) == len(rows)
    assert all(isinstance(c, Claim) for c in claims)
    assert [c.claim_id for c in claims] == sorted(c.claim_id for c in claims)
    s000_09 = next(c for c in claims if c.claim_id == "s000-09")
    assert s000_09.check == "sum_of_parts"
    assert s000_09.args["parts"] == ("Outside Schedule 3", "Schedule 3 not investigated", "Schedule 3 investigated")
    assert s000_09.key == Key("Staffordshire", "2020/21", "allegations_finalised")
    s002_02 = next(c for c in claims if c.claim_id == "s002-02")
    assert s002_02.args == {"round_to": 100.0, "round_to_name": "hundred"}
    assert next(c for c in claims if c.claim_id == "s001-13").key is None


def test_documents_register():
    docs = load_documents()
    assert list(docs) == sorted(docs)
    assert [n for n, d in docs.items() if d.unchecked_because] == ["003"]


def test_a_malformed_row_names_file_row_and_column(registers):
    row = set_cell(registers / "claims.csv", "quoted_value", "1,322", {"claim_id": "s000-01"})
    err = _error(registers)
    assert (err.path.name, err.row, err.column) == ("claims.csv", row, "quoted_value")
    assert "claims.csv" in str(err) and f"row {row}" in str(err) and "'quoted_value'" in str(err)
    assert "thousands separators" in str(err)


def test_an_unknown_check_kind_is_an_error_naming_the_csv(registers):
    row = set_cell(registers / "claims.csv", "check", "same_figures", {"claim_id": "s000-02"})
    err = _error(registers)
    assert (err.path.name, err.row, err.column) == ("claims.csv", row, "check")
    assert "unknown check kind 'same_figures'" in str(err) and "same_figure" in err.detail


def test_a_key_that_matches_no_figure_names_the_csv_row(registers):
    row = set_cell(registers / "claims.csv", "measure", "complaint_cases_loged", {"claim_id": "s000-01"})
    with pytest.raises(DataError) as info:
        factcheck.claims_table(registers=registers)
    err = info.value
    assert (err.path.name, err.row, err.column) == ("claims.csv", row, "measure")
    assert "complaint_cases_loged" in str(err) and "found 0" in str(err)


def test_an_argument_that_matches_no_figure_names_the_args_column(registers):
    path = registers / "claims.csv"
    header, rows = read_rows(path)
    args = next(r for r in rows if r[0] == "s000-23")[header.index("args")]
    row = set_cell(path, "args", args.replace("base_category=Discriminatory behaviour", "base_category=Nothing"),
                   {"claim_id": "s000-23"})
    with pytest.raises(DataError) as info:
        factcheck.claims_table(registers=registers)
    assert (info.value.row, info.value.column) == (row, "args")


@pytest.mark.parametrize(("column", "value", "where", "message"), [
    ("args", "parts=A|B", "s000-09", "missing: ['label']"),
    ("args", "parts=A||B; label=x", "s000-09", "empty item"),
    ("args", "round_to=twelve; round_to_name=dozen", "s001-01", "must be a number"),
    ("args", "round_to 12", "s001-01", "name=value"),
    ("args", "colour=red", "s000-01", "unknown: ['colour']"),
    ("note", "", "s000-23", "must not be empty"),
    ("note", "a note", "s000-09", "takes no note"),
    ("category", "Male", "s001-13", "does not use category"),
    ("period", "2020-21", "s000-01", "expected a period"),
    ("figure_unit", "counts", "s000-01", "expected one of"),
    ("claim_id", "s0-1", "s000-01", "claim id such as"),
    ("document", "001", "s000-01", "belongs to document 000"),
    ("document", "003", "s000-01", "expected one of"),
    ("source_id", "iopc-other", "s000-01", "has source id"),
    ("claim_id", "s000-02", "s000-01", "appears twice"),
])
def test_bad_cells_name_their_column(registers, column, value, where, message):
    row = set_cell(registers / "claims.csv", column, value, {"claim_id": where})
    err = _error(registers)
    assert err.column == column and message in str(err)
    assert err.row == row or message == "appears twice"


def test_a_bad_documents_row_names_its_file(registers):
    row = set_cell(registers / "claims_documents.csv", "document", "4", {"document": "004"})
    with pytest.raises(DataError) as info:
        load_documents(registers / "claims_documents.csv")
    assert (info.value.path.name, info.value.row, info.value.column) == ("claims_documents.csv", row, "document")


def test_a_signature_decides_what_a_row_may_hold():
    sig = {"same_figure": Signature("figure", note="optional")}
    with pytest.raises(DataError, match="unknown check kind 'most_common'; known kinds: same_figure "):
        load_claims(sig)
