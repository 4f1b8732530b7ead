"""Context figures, the notebook's discussion and the chart headline of the fact-check."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.data.paths import using_raw_dir
from analysis.tables import factcheck as claims
from analysis.tables import factcheck_context
from tests.conftest import set_cell


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return claims.claims_table()


def test_context_figures_are_consistent():
    ctx = factcheck_context.context_figures().set_index("key")
    shares = ctx[ctx.unit.str.startswith("percent")]
    assert ((shares.staffordshire > 0) & (shares.staffordshire < 100)).all()
    handling = ctx.loc[[k for k in ctx.index if k.startswith("finalised_")]]
    assert handling.staffordshire.sum() == pytest.approx(100)
    assert handling.england_and_wales.sum() == pytest.approx(100)
    assert set(ctx.status) <= {"derived", "uncertain"}


def test_context_figures_follow_the_data(raw_copy):
    forces = raw_copy / "iopc_complaints_2020_21_forces.csv"
    set_cell(forces, "value", "2644", {"source_id": "iopc-seed000-stoke-sentinel", "measure": "complaint_cases_logged"})
    with using_raw_dir(raw_copy):
        ctx = factcheck_context.context_figures().set_index("key")
    before = factcheck_context.context_figures().set_index("key")
    assert ctx.at["share_of_ew_complaint_cases", "staffordshire"] == pytest.approx(
        2 * before.at["share_of_ew_complaint_cases", "staffordshire"])
    assert "2,644" in ctx.at["allegations_per_case", "computed_how"]
    assert list(ctx.columns) == ["label", factcheck_context.CASE_STUDY_FORCE.lower(), "england_and_wales", "unit",
                                 "computed_how", "source_ids", "status"]
    assert ctx.label.str.len().gt(10).all() and ctx.source_ids.str.len().gt(0).all()


def test_discussion_lists_every_claim_of_a_verdict(table):
    for verdict in claims.VERDICTS:
        text = factcheck_context.discussion(verdict, table)
        ids = table.loc[table.verdict == verdict, "claim_id"]
        assert all(i in text for i in ids)
        if ids.empty:
            assert text == "_None._"
    # cannot check: grouped by reason, one bullet per reason
    unchecked = table[table.verdict == "cannot check"]
    assert factcheck_context.discussion("cannot check", table).count("\n- ") == unchecked.why.nunique() - 1
    with pytest.raises(ValueError, match="unknown verdict"):
        factcheck_context.discussion("wrong", table)


def test_headline_counts_the_tested_and_failed(table):
    tested = int((table.verdict != "cannot check").sum())
    differs = int((table.verdict == "differs").sum())
    assert factcheck_context.headline(table) == (f"Only {tested} of {len(table)} figures in the source documents "
                                                 f"could be tested; {differs} failed")
    passing = table.assign(verdict=table.verdict.replace("differs", "matches"))
    assert factcheck_context.headline(passing).endswith("all passed")
