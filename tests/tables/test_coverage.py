"""analysis.tables.coverage: the description of the data agrees with the observations it describes."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_forces, load_observations, load_sources, stats, territorial_forces
from analysis.charts.registry import CHARTS as REGISTRY
from analysis.data.registers import DATASETS
from analysis.report import keyfigures
from analysis.tables import coverage


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return load_observations(with_sources=False)


@pytest.fixture(scope="module")
def cov(obs) -> pd.DataFrame:
    return coverage.force_coverage(obs)


def _cell(cov: pd.DataFrame, force: str, key: str) -> pd.Series:
    sel = cov[(cov.force == force) & (cov.topic_key == key)]
    assert len(sel) == 1
    return sel.iloc[0]


def test_dataset_summary_counts_agree_with_observations(obs):
    table = coverage.dataset_summary(obs)
    assert list(table.dataset) == [d.name for d in DATASETS]
    assert table.n_figures.sum() == len(obs)
    assert (table.n_published + table.n_derived + table.n_uncertain == table.n_figures).all()
    row = table.set_index("dataset").loc["iopc_2020_21_forces"]
    expected = obs[(obs.dataset == "iopc_2020_21_forces") & obs.force.isin(territorial_forces())].force.nunique()
    assert row.forces_covered == f"{expected} of 43"
    assert row.national == "no"
    assert table.set_index("dataset").at["iopc_2020_21_national", "national"] == "yes"


def test_force_coverage_is_complete_and_tidy(cov):
    assert len(cov) == 43 * len(coverage.TOPICS)
    assert not cov.duplicated(["force", "topic_key"]).any()
    assert set(cov.force) == set(territorial_forces())
    codes = load_forces().set_index("force")["geo_code"]
    assert (cov.geo_code == cov.force.map(codes)).all()
    assert cov.geo_code.str.match(r"^(E23|W15)\d{6}$").all()
    # status is given exactly when the figure is available
    assert (cov.available == (cov.status != "")).all()
    assert set(cov.status) <= {"", *coverage.STATUSES}
    assert (cov.available == (cov.n_figures > 0)).all()


def test_staffordshire_is_covered_for_iopc_2020_21(cov):
    for key in ("iopc_2020_21_cases", "iopc_2020_21_allegations", "iopc_2020_21_handling",
                "iopc_2020_21_categories", "ho_misconduct_2020_21"):
        cell = _cell(cov, "Staffordshire", key)
        assert cell.available and cell.status == "published", key
    assert "iopc-seed000-stoke-sentinel" in _cell(cov, "Staffordshire", "iopc_2020_21_cases").source_ids
    # The Stoke Sentinel did not print a rate per 1,000 employees for Staffordshire.
    assert not _cell(cov, "Staffordshire", "iopc_2020_21_rate").available


def test_lancashire_lacks_2020_21_figures_but_has_2024_25(cov):
    for key in ("iopc_2020_21_cases", "iopc_2020_21_allegations", "ho_misconduct_2020_21"):
        assert not _cell(cov, "Lancashire", key).available, key
    assert _cell(cov, "Lancashire", "iopc_2024_25_reviews").available


def test_topic_availability_matches_a_direct_query(obs, cov):
    direct = set(obs[(obs.dataset == "iopc_2020_21_forces") & (obs.measure == "complaint_cases_logged")
                     & (obs.category == "all")].force)
    found = set(cov[(cov.topic_key == "iopc_2020_21_cases") & cov.available].force)
    assert found == direct
    # handling needs all three routes: a force with only some of them is not counted
    handling = obs[(obs.dataset == "iopc_2020_21_forces") & (obs.measure == "allegations_finalised")
                   & (obs.category != "all")].groupby("force").category.nunique()
    found = set(cov[(cov.topic_key == "iopc_2020_21_handling") & cov.available].force)
    assert found == set(handling[handling == 3].index)


def test_peel_topic_excludes_grades_not_found(cov):
    from analysis import load_peel_grades

    grades = load_peel_grades()
    not_found = set(grades[(grades.question == "Legitimacy") & (grades.grade == "Not found")].force)
    assert not_found, "the test expects at least one force whose grade could not be read"
    sel = cov[cov.topic_key == "peel_legitimacy"]
    assert set(sel[~sel.available].force) == not_found


def test_status_summary_shares_sum_to_100_and_match_counts(obs):
    table = coverage.status_summary(obs)
    assert table.n_figures.sum() == len(obs)
    assert table.share.sum() == pytest.approx(100)
    by = coverage.status_summary(obs, by="dataset")
    assert by.total.sum() == len(obs)
    unc = by.set_index("dataset").at["iopc_2024_25_cases_finalised", "share_uncertain"]
    assert unc == pytest.approx(100)  # table title missing in the available text: all uncertain


def test_source_summary_accounts_for_every_source_and_figure(obs):
    for by in ("kind", "licence"):
        table = coverage.source_summary(by, obs)
        assert table.n_sources.sum() == len(load_sources())
        assert table.n_figures.sum() == len(obs)
        assert table.share_figures.sum() == pytest.approx(100)
    assert coverage.cited_sources(obs).cited.all()


def test_press_share_is_complete_for_the_press_dataset(obs):
    table = coverage.press_share(obs).set_index("dataset")
    assert table.at["iopc_2020_21_forces", "share_press"] == pytest.approx(100)
    assert table.at["workforce_2021", "n_press"] == 0
    assert table.n_figures.sum() == len(obs)


def test_missing_forces_partition_the_43(obs):
    table = coverage.missing_forces(obs).set_index("dataset")
    row = table.loc["iopc_2020_21_forces"]
    missing = row.missing.split("; ")
    assert "Lancashire" in missing and "Staffordshire" not in missing
    assert int(row.forces_covered.split()[0]) + row.n_missing == 43
    assert table.at["iopc_2020_21_national", "scope"] == "national or regional only"
    assert table.at["workforce_2021", "n_missing"] == 0


def test_small_counts_are_below_the_threshold_and_exclude_denominators(obs):
    table = coverage.small_counts(obs=obs)
    assert (table.value < stats.SMALL_COUNT).all()
    assert "workforce_2021" not in set(table.dataset)
    staffs = table[(table.force == "Staffordshire") & (table.measure == "allegations_logged")]
    assert set(staffs.category) == {"Sexual conduct"}  # 2 allegations in 2020/21
    summary = coverage.small_count_summary(obs=obs)
    assert summary.n_small.sum() == len(table)


def test_alternatives_keep_conflicting_publications_side_by_side(obs):
    table = coverage.alternatives(obs, conflicts_only=True)
    staffs = table[(table.force == "Staffordshire") & (table.period == "2022")]
    assert set(staffs.value) == {1729, 1733}
    assert "published" in set(staffs.status) and "uncertain" in set(staffs.status)
    # every group in the table really has more than one figure
    assert (coverage.alternatives(obs).n_figures > 1).all()


def test_reconciliation_summary_counts_every_check():
    from analysis.data.reconciliation import KNOWN_INCONSISTENCIES, reconcile

    recon = reconcile(load_observations(with_sources=False))
    table = coverage.reconciliation_summary(recon)
    assert table.n_checks.sum() == len(recon)
    assert table.n_kept.sum() == (recon.result != "ok").sum() == len(KNOWN_INCONSISTENCIES)


def test_key_figures_are_well_formed_and_agree_with_the_data(obs):
    items = keyfigures.data_key_figures()
    keys = [k["key"] for k in items]
    assert len(keys) == len(set(keys))
    known = set(load_sources().source_id)
    for item in items:
        assert set(item) == {"key", "value", "unit", "source_ids"}
        assert item["source_ids"] and set(item["source_ids"].split(";")) <= known
    values = {k["key"]: k["value"] for k in items}
    assert values["figures"] == len(obs)
    assert values["staffordshire_iopc_complaint_cases_2020_21"] > values["staffordshire_ho_complaint_cases_2020_21"]
    shares = values["share_published"] + values["share_derived"] + values["share_uncertain"]
    assert shares == pytest.approx(100, abs=0.2)
    assert values["forces_with_iopc_2020_21_cases"] <= values["forces_with_iopc_2020_21_figures"] <= 43


@pytest.mark.parametrize("name", ["data-coverage", "data-status"])
def test_charts_are_registered_and_carry_their_data(name):
    chart = REGISTRY[name](focus="Staffordshire")
    assert chart.name == name
    assert chart.title and chart.alt and chart.source
    assert chart.fig.get_size_inches()[0] == pytest.approx(6.4)
    if name == "data-coverage":
        assert len(chart.data) == 43 and chart.data.columns[0] == "force"
        assert "of 43 forces" in chart.title
        assert chart.fig.get_size_inches()[1] > 8  # tall enough for 43 readable rows
    else:
        assert chart.data[["published", "derived", "uncertain"]].to_numpy().sum() == len(
            load_observations(with_sources=False))


def test_coverage_chart_accepts_another_focus_and_aliases():
    chart = REGISTRY["data-coverage"](focus="Avon & Somerset")
    assert "Avon and Somerset has" in chart.alt
