"""The fact-check register: every figure in the source documents is there, verdicts are valid, and they follow
the data."""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd
import pytest

from analysis import load_sources
from analysis.charts import factcheck as factcheck_charts
from analysis.charts import registry
from analysis.data import formatting
from analysis.data.paths import using_raw_dir
from analysis.report import keyfigures
from analysis.tables import factcheck as claims
from tests.conftest import set_cell

#: What each source document prints (as numbers), in any order: the register must hold all of them.
EXPECTED_QUOTED = {
    "000": [1322, 433, 1968, 912, 912, 2, 33, 28, 1762, 1046, 702, 14, 67732, 36365, 109151, 38982, 67, 81, 128,
            23, 3764, 2375, 666, 190, 634, 53, 52, 35, 32012, 45205, 6533],
    "001": [12, 5, 11, 1, 1, 1, 7, 1, 33, 700, 34, 2],
    "002": [288, 300, 139, 501, 0, 4, 2, 10, 46, 439, 96],
    "004": [182, 74, 3, 22, 60, 42, 25, 0],
}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return claims.claims_table()


def test_every_document_figure_is_in_the_register(table):
    for number, expected in EXPECTED_QUOTED.items():
        doc = claims.DOCUMENTS[number]
        got = Counter(table.loc[table.source_id == doc.source_id, "quoted_value"].astype(float))
        missing = Counter(float(v) for v in expected) - got
        assert not missing, f"document {number} ({doc.publication}): no claim for {sorted(missing)}"
    assert set(table.source_id) == {d.source_id for d in claims.DOCUMENTS.values()}


def test_columns_ids_and_sources(table):
    assert list(table.columns) == claims.COLUMNS
    assert table.claim_id.is_unique
    assert list(table.claim_id) == sorted(table.claim_id)
    assert all(re.fullmatch(r"s00[0-9]-\d\d", c) for c in table.claim_id)
    for row in table.itertuples():
        assert row.source_id == claims.DOCUMENTS[row.claim_id[1:4]].source_id
        assert row.document == claims.DOCUMENTS[row.claim_id[1:4]].publication
    register = set(load_sources().source_id)
    used = {s for v in table.data_source_ids for s in v.split(";") if s}
    assert used <= register
    assert {d.source_id for d in claims.DOCUMENTS.values()} <= register


def test_verdicts_are_valid_and_explained(table):
    assert set(table.verdict) <= set(claims.VERDICTS)
    assert (table.why.str.len() > 20).all()
    assert (table.computed_how.str.len() > 10).all()
    # "cannot check" shows the transcribed (same) figure where there is one
    same = table[(table.verdict == "cannot check") & table.computed_value.notna()
                 & ~table.unit.str.contains("largest")]
    assert (same.computed_value == same.quoted_value).all()
    # "matches" means equal, not merely close (majority claims compare with a threshold)
    equal = table[(table.verdict == "matches") & ~table.unit.str.contains("more than")]
    assert (equal.computed_value == equal.quoted_value).all()


def test_specific_verdicts(table):
    t = table.set_index("claim_id")
    assert t.at["s002-11", "verdict"] == "rounding"          # 96 per cent
    assert t.at["s002-11", "computed_value"] == pytest.approx(100 * 439 / 455)
    assert t.at["s000-09", "verdict"] == "matches"           # 1,046 + 702 + 14 = 1,762
    assert "1,046 + 702 + 14 = 1,762" in t.at["s000-09", "computed_how"]
    assert t.at["s002-04", "verdict"] == "differs"           # outcomes sum to 499, not 501
    assert t.at["s002-04", "computed_value"] == 499
    assert t.at["s002-02", "verdict"] == "rounding"          # almost 300 = 288
    assert t.at["s001-01", "verdict"] == "rounding"          # almost a dozen = 11
    assert t.at["s000-05", "verdict"] == "cannot check"      # 912 could be beaten by the unpublished remainder
    assert "993" in t.at["s000-05", "why"]
    assert t.at["s004-02", "verdict"] == "cannot check"
    assert "134 or 135" in t.at["s004-02", "why"]
    for cid in ("s000-13", "s000-14", "s000-15", "s000-16", "s000-17", "s000-18", "s000-30", "s000-31"):
        assert t.at[cid, "verdict"] == "matches"
        assert "iopc-seed000-stoke-sentinel" not in t.at[cid, "data_source_ids"]  # an independent copy
    assert t.at["s000-32", "verdict"] == "cannot check"      # 6,533: only in the seed


def _claim(raw, claim_id: str) -> pd.Series:
    with using_raw_dir(raw):
        return claims.claims_table().set_index("claim_id").loc[claim_id]


@pytest.mark.slow
def test_computed_values_come_from_the_data_not_literals(raw_copy):
    national = raw_copy / "iopc_complaints_2020_21_national.csv"
    set_cell(national, "value", "109152", {"source_id": "iopc-2021-release-wiredgov", "measure": "allegations_logged"})
    forces = raw_copy / "iopc_complaints_2020_21_forces.csv"
    set_cell(forces, "value", "1323", {"source_id": "iopc-seed000-stoke-sentinel", "measure": "complaint_cases_logged"})
    ho = raw_copy / "home_office_misconduct_ye_2021.csv"
    set_cell(ho, "value", "440", {"source_id": "ho-burton-mail-staffs-2022", "category": "No action"})
    with using_raw_dir(raw_copy):
        t = claims.claims_table().set_index("claim_id")
    assert t.at["s000-15", "computed_value"] == 109152 and t.at["s000-15", "verdict"] == "differs"
    assert t.at["s000-01", "computed_value"] == 1323 and t.at["s000-01", "verdict"] == "differs"
    assert t.at["s002-10", "verdict"] == "differs"                          # transcription slip surfaces
    assert t.at["s002-11", "computed_value"] == pytest.approx(100 * 440 / 455)
    assert t.at["s002-11", "verdict"] == "differs"                          # 96.7% would print as 97
    assert t.at["s002-04", "computed_value"] == 500


@pytest.mark.slow
def test_most_common_becomes_provable_when_the_remainder_is_small(raw_copy):
    forces = raw_copy / "iopc_complaints_2020_21_forces.csv"
    set_cell(forces, "value", "1800", {"source_id": "iopc-seed000-stoke-sentinel", "measure": "allegations_logged",
                                       "category": "all"})
    row = _claim(raw_copy, "s000-05")
    assert row.verdict == "matches"   # remainder 1,800 - 975 = 825 < 912


def test_rounding_helpers():
    assert formatting.round_half_up(96.48) == 96
    assert formatting.round_half_up(96.5) == 97
    assert formatting.round_half_up(0.795, 2) == 0.8
    assert formatting.fmt(1762.0) == "1,762"
    assert formatting.fmt(96.4835) == "96.5"


def test_verdict_counts_and_key_figures(table):
    counts = claims.verdict_counts(table).set_index("document")
    assert counts.loc["All documents", "total"] == len(table)
    assert counts.loc["All documents", list(claims.VERDICTS)].sum() == len(table)
    kf = {k["key"]: k for k in keyfigures.factcheck_key_figures()}
    assert all(re.fullmatch(r"[a-z0-9_]+", key) for key in kf)
    assert kf["claims_total"]["value"] == len(table)
    assert sum(kf[f"claims_{v.replace(' ', '_')}"]["value"] for v in claims.VERDICTS) == len(table)
    assert kf["burton_mail_outcomes_shortfall"]["value"] == 2
    assert all(set(k) == {"key", "value", "unit", "source_ids"} for k in kf.values())


def test_chart_is_registered_and_plots_the_table(table):
    assert registry.CHARTS["fact-check-verdicts"] is factcheck_charts.verdicts_chart
    chart = factcheck_charts.verdicts_chart()
    assert chart.name == "fact-check-verdicts"
    assert int(chart.data[list(claims.VERDICTS)].to_numpy().sum()) == len(table)
    assert str(int((table.verdict != "cannot check").sum())) in chart.title
    assert chart.alt and chart.source
    # the x-axis names the publications, in document order, the Met FOI reply (no checkable figures) included
    every = sorted([*claims.DOCUMENTS.values(), *(d for d, _ in claims.UNCHECKED.values())], key=lambda d: d.number)
    assert list(chart.data.document) == [d.publication for d in every]
    met = chart.data.set_index("document").loc["Met FOI reply", list(claims.VERDICTS)]
    assert (met == 0).all() and "attach" in chart.notes and "Met FOI reply" in chart.alt
    labels = [t.get_text() for t in chart.fig.axes[0].get_xticklabels()]
    assert not any(re.search(r"\b00\d\b", t) for t in labels)


def test_unchecked_document_is_registered_and_has_no_claims(table):
    register = set(load_sources().source_id)
    for number, (doc, why) in claims.UNCHECKED.items():
        assert doc.source_id in register and number not in claims.DOCUMENTS
        assert not (table.source_id == doc.source_id).any()
        assert "attach" in why


def test_no_internal_jargon_in_the_explanations(table):
    text = " ".join(table.why) + " ".join(table.computed_how) + " ".join(table.document)
    assert "research notes" not in text
    assert not re.search(r"\bseeds?\b", text)
