"""Worksheets and the teachers' overview: answers equal the data, text escaped, overview up to date."""

from __future__ import annotations

import html

import pandas as pd
import pytest

from analysis.data.forces import territorial_forces
from analysis.data.observations import load_observations
from analysis.data.paths import ROOT
from analysis.data.project import package_version
from analysis.data.sources import load_sources
from analysis.report import teaching as T
from analysis.report.teaching import worksheet as W
from analysis.report.teaching.edition import data_date, edition_line


def _dyfed_powys_from_observations() -> dict[str, float | str]:
    obs = load_observations(with_sources=False)
    dp = obs[obs.force == "Dyfed-Powys"]
    fin = dp[dp.dataset.str.contains("finalised") & (dp.period == T.teaching_period())]
    cases = fin[fin.measure == "complaint_cases_finalised"]
    sch3, total = cases[cases.category == "Schedule 3"].value.item(), cases.value.sum()
    officers = dp[(dp.measure == "workforce") & (dp.category == "Police officers") & (dp.unit == "fte")]
    officers = officers[officers.period == officers.period.max()].value.item()
    return {
        "release.2": total, "release.3": sch3, "release.4": fin.status.iloc[0],
        "rates.1": officers, "rates.2": total / officers * 1000, "props.1": sch3 / total * 100,
        "sources.1": float((dp.status == "uncertain").sum()),
        "writing.1": fin[(fin.measure == "days_to_finalise")
                         & (fin.category == "Schedule 3 (including suspension)")].value.item(),
    }


def test_dyfed_powys_worksheet_answers_equal_the_data():
    items = W.worksheet_items("Dyfed-Powys").set_index("id")
    assert 8 <= len(items) <= 10
    for exercise_id, value in _dyfed_powys_from_observations().items():
        got = items.loc[exercise_id, "value"]
        if isinstance(value, str):
            assert got == value, exercise_id
        else:
            assert got == pytest.approx(value), exercise_id
    key = W.worksheet_markdown("Dyfed-Powys", key=True)
    for row in items.itertuples():
        assert row.answer in key
        assert f"**In a sentence:** {row.sentence}" in key  # the key gives the sentence as well as the number
        assert row.answer in row.sentence and "{" not in row.sentence
    assert "Answer:** " not in W.worksheet_markdown("Dyfed-Powys")


def test_every_sheet_prints_its_edition_from_the_data_not_the_clock():
    line = edition_line()
    assert package_version() in line and T.teaching_period() in line and data_date() in line
    assert data_date() == str(load_sources().published.max())
    for key in (False, True):
        assert line in W.worksheet_markdown("Gwent", key=key)
        assert html.escape(line) in W.worksheet_html("Gwent", key=key)
    assert W.worksheet_markdown("Gwent", key=True) == W.worksheet_markdown("Gwent", key=True)


def test_worksheet_key_prints_the_numbers_rounded_as_asked():
    items = W.worksheet_items("Dyfed-Powys").set_index("id")
    assert items.loc["props.1", "answer"] == f"{items.loc['props.1', 'value']:.1f}%"
    assert items.loc["rates.1", "answer"] == f"{round(items.loc['rates.1', 'value']):,.0f} officers (FTE)"
    assert W.format_answer(1234.4, 0, "") == "1,234"


def test_worksheet_html_escapes_data_text(monkeypatch):
    table = T.load_exercises()
    table.loc[table.id == "rates.1", "question"] = "<script>alert(1)</script> & {force}?"
    table.loc[table.id == "rates.1", "sentence"] = "<b>{answer}</b>"
    monkeypatch.setattr("analysis.report.teaching.worksheet.load_exercises", lambda: table)
    page = W.worksheet_html("Dyfed-Powys", key=True)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Dyfed-Powys?" in page
    assert "<b>" not in page and "&lt;b&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


@pytest.mark.slow
def test_teachers_overview_ranks_all_43_forces_by_data():
    table = W.teachers_overview()
    assert sorted(table.force) == sorted(territorial_forces()) and len(table) == 43
    assert list(table["rank"]) == list(range(1, 44))
    ordered = table.sort_values(["topics", "figures", "force"], ascending=[False, False, True])
    assert list(ordered.force) == list(table.force)
    obs = load_observations(with_sources=False)
    dp = table.set_index("force").loc["Dyfed-Powys"]
    assert dp.figures == (obs.force == "Dyfed-Powys").sum()
    assert not dp.in_lesson_2_chart and table.set_index("force").loc["Staffordshire"].in_lesson_2_chart
    assert table.set_index("force").loc["Gwent"].exercises == len(T.load_exercises()) - 1  # no reviews printed


@pytest.mark.parametrize("name,render", [
    ("teachers-overview.md", W.teachers_overview_markdown),
])
@pytest.mark.slow
def test_committed_overview_is_up_to_date(name, render):
    assert (ROOT / "docs" / name).read_text(encoding="utf-8") == render(), "run `make teaching`"


@pytest.mark.slow
def test_overview_is_a_table_with_a_row_per_force():
    text = W.teachers_overview_markdown()
    rows = [line for line in text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 43
    assert isinstance(W.teachers_overview(), pd.DataFrame)


def test_a_worksheet_resolves_its_force_once(monkeypatch):
    import analysis.data.forces as forces
    from analysis.report.teaching.worksheet import worksheet_markdown

    expected = worksheet_markdown("Staffordshire", key=True)
    looked_up = []
    real = forces._lookup
    monkeypatch.setattr(forces, "_lookup", lambda name, places: looked_up.append(name) or real(name, places))
    assert worksheet_markdown("Staffs", key=True) == expected
    assert looked_up == ["Staffs"]
