"""Registered inconsistencies: each row is validated and must describe figures that are in the data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import analysis
from analysis.data import reconciliation
from analysis.data.errors import DataError
from analysis.data.registers import REGISTER_DIR
from tests.conftest import set_cell


@pytest.fixture()
def register(tmp_path: Path) -> Path:
    path = tmp_path / "known_inconsistencies.csv"
    shutil.copy(REGISTER_DIR / "known_inconsistencies.csv", path)
    return path


def test_every_registered_conflict_keeps_all_values_and_marks_the_doubtful_ones():
    obs = analysis.load_observations(with_sources=False)
    noted = reconciliation.check_noted(obs)
    conflicts = noted[(noted.kind == "conflict") & (noted.category != "*")]
    assert len(conflicts) >= 6
    for row in conflicts.itertuples():
        sel = obs[(obs.dataset == row.dataset) & (obs.period == row.period) & (obs.measure == row.measure)
                  & (obs.category == row.category)
                  & (obs.force == analysis.normalise_force(row.force) if row.force != "*" else True)]
        assert sel.value.nunique() >= 2, row
        assert (sel.status == "uncertain").any(), row


def test_new_column_totals_are_checked():
    recon = reconciliation.reconcile(analysis.load_observations(with_sources=False))
    fte = recon[(recon.dataset == "officers_fte_2025") & recon.rule.str.contains("workforce")]
    pop = recon[recon.dataset == "population_mid2024"]
    cross = recon[recon.dataset == "workforce_headlines_2025"]
    assert len(fte) == len(pop) == len(cross) == 1
    assert (pop.result == "ok").all() and pop.total.item() == 61806682
    assert cross.total.item() == 146442 and abs(cross.difference.item()) < 0.5


def test_a_cross_file_total_that_disagrees_stops_the_build():
    obs = analysis.load_observations(with_sources=False).copy()
    # Surrey and the derived England and Wales row of the same file both change, so only the cross-file check fails
    mask = (obs.dataset == "officers_fte_2025") & obs.force.isin(["Surrey", "England and Wales"])
    obs.loc[mask, "value"] += 10
    with pytest.raises(DataError, match=r"\(officers_fte_2025\) = England and Wales \(workforce_headlines_2025\)"):
        reconciliation.reconcile(obs)


def test_a_registered_inconsistency_that_matches_no_figure_names_its_row(register):
    row = set_cell(register, "period", "2019/20", {"kind": "conflict", "force": "Dorset"})
    reconciliation._known.cache_clear()
    with pytest.raises(DataError, match="no figure in home_office_misconduct_later_years matches") as info:
        reconciliation.check_noted(analysis.load_observations(with_sources=False), register)
    assert info.value.path == register and info.value.row == row


def test_a_bad_register_row_names_file_row_and_column(register):
    row = set_cell(register, "kind", "discrepancy", {"force": "Dorset"})
    with pytest.raises(DataError, match="expected one of") as info:
        reconciliation.load_known_inconsistencies(register)
    assert (info.value.path.name, info.value.row, info.value.column) == ("known_inconsistencies.csv", row, "kind")
