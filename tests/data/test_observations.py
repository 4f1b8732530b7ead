"""figure() and load_dataset(): asking for what is not there gives one clear message listing what is."""

from __future__ import annotations

import pytest

import analysis
from analysis.data.observations import FigureNotFoundError


def test_figure_finds_a_later_year_value_by_source():
    assert analysis.figure("Surrey", "2022/23", "complaint_cases_logged",
                           source_id="iopc-surrey-pcc-stats-2022-23") == 2117


def test_figure_accepts_places_and_new_periods():
    assert analysis.figure("Leeds", "2025-03-31", "workforce", "Police officers", unit="fte") > 5000
    assert analysis.figure("Surrey", "2024/25 Q1", "complaint_cases_logged") == 673


def test_unknown_period_lists_the_periods_for_that_force_and_measure():
    with pytest.raises(FigureNotFoundError) as info:
        analysis.figure("Staffordshire", "2030/31", "complaint_cases_logged")
    text = str(info.value)
    assert "Staffordshire complaint_cases_logged with period '2030/31'" in text
    assert "Did you mean '2020/21'?" in text and "The periods there: 2020/21" in text


def test_misspelt_measure_suggests_the_closest_and_lists_the_force_measures():
    with pytest.raises(FigureNotFoundError) as info:
        analysis.figure("Surrey", "2022/23", "complaint_cases_loged")
    text = str(info.value)
    assert "Did you mean 'complaint_cases_logged'" in text
    assert "The measures there:" in text and "allegations_logged" in text


def test_wrong_case_category_suggests_the_right_one():
    with pytest.raises(FigureNotFoundError, match=r"category 'All'\. Did you mean 'all'\?"):
        analysis.figure("Surrey", "2022/23", "complaint_cases_logged", "All")


def test_wrong_unit_lists_the_units():
    with pytest.raises(FigureNotFoundError, match="The units there: fte, people"):
        analysis.figure("England and Wales", "2025-03-31", "workforce", "Police officers", unit="count")


def test_ambiguous_figure_lists_each_value_with_source_and_status():
    with pytest.raises(FigureNotFoundError) as info:
        analysis.figure("Surrey", "2022/23", "complaint_cases_logged")
    text = str(info.value)
    # 2117 is uncertain since status_corrections.csv (the PCC page says "recorded", not "logged")
    assert "2117 (iopc-surrey-pcc-stats-2022-23, uncertain)" in text and "2218 (" in text
    assert "source_id=" in text


def test_figure_errors_are_lookup_errors():
    assert issubclass(FigureNotFoundError, LookupError)


def test_unknown_force_in_figure_suggests_forces():
    with pytest.raises(analysis.UnknownForceError, match="Did you mean: West Yorkshire"):
        analysis.figure("West Yorks", "2024/25", "complaint_cases_finalised")


def test_unknown_dataset_suggests_the_closest_spelling():
    with pytest.raises(KeyError) as info:
        analysis.load_dataset("population_mid2042")
    text = str(info.value)
    assert "Did you mean 'population_mid2024'" in text and "known: iopc_2020_21_national" in text


def test_new_datasets_load():
    frame = analysis.load_dataset("population_mid2024")
    assert len(frame) == 44 and frame.loc[frame.force == "England and Wales", "value"].item() == 61806682
