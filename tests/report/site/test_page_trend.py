"""Every figure the data hold for a force, newest first, on its page (issue 9): Surrey's 2022/23 figures."""

from __future__ import annotations

from analysis.data.sources import load_sources
from analysis.report.site import page
from analysis.report.site.names import citation
from analysis.tables.trend import force_trend


def _trend_section(force: str) -> dict:
    sections = {s["id"]: s for s in page.force_page_context(force)["sections"]}
    return sections["trend"]


def test_surrey_page_shows_its_2022_23_figures_newest_first_with_status_and_source():
    table = _trend_section("Surrey")["tables"][0]
    cols = table["columns"]
    rows = [dict(zip(cols, r)) for r in table["rows"]]
    years = [r["Year"] for r in rows]
    assert years == sorted(years, reverse=True)  # newest first
    assert len(rows) == len(force_trend("Surrey"))  # every figure the trend holds, none dropped
    y2223 = [r for r in rows if r["Year"] == "2022/23"]
    figures = {r["Figure"] for r in y2223}
    assert {"2,117", "492 per 1,000 employees"} <= figures
    status = {r["Figure"]: r["Status"] for r in y2223}
    # 2,117 is uncertain since data/raw/status_corrections.csv (the PCC page says "recorded", not "logged")
    assert status["2,117"] == "uncertain" and status["492 per 1,000 employees"] == "published"
    urls = {citation(sid)["url"] for sid in load_sources().source_id}
    assert all(r["Source"]["url"] in urls for r in rows)
    html = page.render_force_page("Surrey")
    assert "Every figure we hold, newest first" in html and "492 per 1,000 employees" in html


def test_2020_21_rows_point_to_the_one_covid_caveat():
    """Each caveat once per page: the 2020/21 rows do not repeat the COVID-19 caveat of Earlier years."""
    table = _trend_section("Staffordshire")["tables"][0]
    rows = [dict(zip(table["columns"], r)) for r in table["rows"]]
    old = [r for r in rows if r["Year"] == "2020/21"]
    assert old and not any(page.COVID_CAVEAT in r["Note"] for r in old)
