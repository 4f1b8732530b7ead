"""Looking figures up for the fact-check: exactly one figure per key and source, or a clear error."""

from __future__ import annotations

import pytest

from analysis.data.claims import Key
from analysis.tables.factcheck_lookup import FactcheckData, Fig, FigureNotFound, uncertain_note

CASES = Key("England and Wales", "2020/21", "complaint_cases_logged")


@pytest.fixture(scope="module")
def data() -> FactcheckData:
    return FactcheckData()


def test_get_and_others(data):
    own = data.get(CASES, "iopc-seed000-stoke-sentinel")
    assert own.value == 67732 and own.raw_file.endswith(".csv") and own.raw_row >= 1
    others = data.others(CASES, "iopc-seed000-stoke-sentinel")
    assert others and all(f.source_id != "iopc-seed000-stoke-sentinel" for f in others)
    assert [f.source_id for f in others] == sorted(f.source_id for f in others)


def test_a_missing_figure_is_a_clear_error(data):
    with pytest.raises(FigureNotFound, match="complaint_cases_loged .*found 0") as info:
        data.get(Key("England and Wales", "2020/21", "complaint_cases_loged"), "iopc-seed000-stoke-sentinel")
    assert info.value.found == 0 and info.value.key.measure == "complaint_cases_loged"


def test_uncertain_note_flags_only_unpublished_figures():
    published = Fig(10, "a", "published", "f.csv", 1)
    assert uncertain_note([published]) == ""
    note = uncertain_note([published, Fig(1234, "b", "uncertain", "g.csv", 7)])
    assert "1,234 is uncertain (g.csv row 7)" in note and "10 " not in note
