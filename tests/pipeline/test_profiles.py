"""Force profiles: the numbers match the national functions, aliases work, failures are loud.

Running profiles costs a kernel, so one module fixture runs three forces in
one kernel (as ``make profiles`` does): Lancashire (no 2020/21 IOPC figures,
all 2024/25 categories), West Yorkshire (2020/21 press figures, no 2024/25
categories) and Staffordshire (the richest), in that order, so Staffordshire
runs in a kernel that has already profiled two other forces.
"""

from __future__ import annotations

import io
from html import escape
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from analysis.charts.export import read_manifest
from analysis.data.errors import UnknownForceError
from analysis.data.forces import ENGLAND_AND_WALES
from analysis.pipeline import profiles as runner
from analysis.report import force as profile_report
from analysis.tables import bands
from analysis.tables import comparisons as cmp
from analysis.tables import complaints as cpl
from analysis.tables import force as profiles

pytestmark = pytest.mark.kernel

FORCES = ("Lancashire", "West Yorkshire", "Staffordshire")


# The force tables behind a profile, which need no kernel, are tested in tests/tables/test_force.py.
def test_misspelt_force_raises_with_suggestion_before_any_kernel(tmp_path):
    with pytest.raises(UnknownForceError) as info:
        runner.run_profile("Stafordshire", out_root=tmp_path)
    assert "Staffordshire" in info.value.suggestions
    assert "Did you mean: Staffordshire" in str(info.value)
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------
# Profiles as written by `make profile` (pages without a kernel; the notebook with one)
# --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    pages = runner.run_many(FORCES, out_root=out, with_notebook=True)
    return {force: page.parent for force, page in zip(FORCES, pages)}


def _notebook(folder: Path) -> nbformat.NotebookNode:
    return nbformat.read(folder / f"{folder.name}-profile.ipynb", as_version=4)


def _printed_key_figures(folder: Path) -> pd.Series:
    """The key figures table printed by the notebook's NBVAL_CHECK_OUTPUT cell, as numbers."""
    cell = [c for c in _notebook(folder).cells if c.source.startswith("# NBVAL_CHECK_OUTPUT")][0]
    text = "".join(o.text for o in cell.outputs if o.output_type == "stream")
    table = pd.read_fwf(io.StringIO(text.split("\n", 1)[1]))
    return pd.Series([float(v.replace(",", "")) for v in table.value], index=table.key)


def _markdown(folder: Path) -> str:
    return "\n".join(o.data["text/markdown"] for c in _notebook(folder).cells for o in c.get("outputs", [])
                     if "text/markdown" in o.get("data", {}))


def test_profile_folder_contents(reports):
    for force, folder in reports.items():
        assert folder.name == profiles.slug(force)
        for name in ("index.html", runner.KEY_FIGURES_FILE, f"{folder.name}-profile.ipynb"):
            assert (folder / name).is_file()
        drawn = set(profile_report.chart_names(force))
        manifest = read_manifest(folder / runner.FIGURES_DIR)
        assert set(manifest.name) == drawn
        for column in ("png", "svg", "pdf", "csv"):  # make profile writes the PDF the README promises
            assert all((folder / runner.FIGURES_DIR / f).is_file() for f in manifest[column])
        assert not list(folder.parent.glob(".*staging*"))  # no staging folder left behind


def _assert_every_chart_has_the_force(force: str) -> None:
    for name, chart in profile_report.force_charts(force).items():
        data = chart.data
        if name == "outcome-proportions":  # the force's own proportions only
            assert len(data), f"{name} has no value for {force}"
            continue
        values = set(data.force) if "force" in data.columns else set(data.columns)
        assert force in values or "force_share" in data.columns, f"{name} has no value for {force}"
    for name, reason in profile_report.skipped_charts(force).items():
        assert reason and name not in profile_report.chart_names(force)


@pytest.mark.parametrize("force", ["South Wales", "Dyfed-Powys", "Surrey", "Metropolitan Police"])
def test_no_chart_lacks_the_force_for_the_issue_forces(force):
    _assert_every_chart_has_the_force(force)
    assert profile_report.chart_names(force), f"{force} gets no chart at all"


def test_charts_only_where_the_force_has_a_value(reports):
    for force in FORCES:
        _assert_every_chart_has_the_force(force)
    html = (reports["Lancashire"] / "index.html").read_text(encoding="utf-8")
    assert "No funnel of complaint cases logged per 1,000 employees, 2020/21 for Lancashire Constabulary" in html


def test_html_page_is_the_readers_page(reports):
    html = (reports["West Yorkshire"] / "index.html").read_text(encoding="utf-8")
    assert "<title>West Yorkshire Police: police complaints and misconduct, for reporters</title>" in html
    assert "profile_report" not in html and "days_sch3" not in html  # no code, no column names
    charts = profile_report.chart_names("West Yorkshire")
    assert html.count('<figure class="chart"') == len(charts)
    alt = read_manifest(reports["West Yorkshire"] / runner.FIGURES_DIR).set_index("name").at[charts[0], "alt"]
    assert f'alt="{escape(alt, quote=True)}"' in html.replace("&#39;", "&#x27;")
    for force, folder in reports.items():  # Staffordshire has the most charts: the largest folder
        site = [f for f in folder.rglob("*") if f.is_file() and f.suffix not in (".pdf", ".ipynb")]
        megabytes = sum(f.stat().st_size for f in site) / 1e6
        # 1.5 MB with every chart's phone variant (360 px at 1x, palette PNG: about a sixth of the folder),
        # which a phone downloads instead of the desktop PNG, never as well as it.
        assert megabytes <= 1.5, f"{force}: {megabytes:.2f} MB as the site writes it (no PDF, no notebook)"


@pytest.mark.parametrize("force", FORCES)
def test_key_figures_match_national_functions(reports, force):
    printed = _printed_key_figures(reports[force])
    rates = cpl.complaint_rates().set_index("force")
    assert printed["england_wales_cases_per_1000_employees"] == round(rates.at[ENGLAND_AND_WALES,
                                                                               "rate_employees"], 1)
    if force in rates.index:
        assert printed["cases_logged_2020_21"] == rates.at[force, "value"]
        assert printed["cases_per_1000_employees"] == round(rates.at[force, "rate_employees"], 1)
        assert printed["cases_per_1000_officers"] == round(rates.at[force, "rate_officers"], 1)
        assert printed["cases_per_100k_population"] == round(rates.at[force, "rate_population"], 1)
    else:
        assert "cases_per_1000_employees" not in printed
    fin = cmp.finalised_2024_25().set_index("force")
    assert printed["cases_finalised_2024_25"] == fin.at[force, "outside"] + fin.at[force, "sch3"]
    assert printed["sch3_share_2024_25_pct"] == round(100 * fin.at[force, "sch3"] / fin.at[force, "total"], 1)
    assert printed["days_sch3_2024_25"] == fin.at[force, "days_sch3_inc"]
    reviews = cmp.reviews_funnel().points.set_index("force")
    if force in reviews.index:
        assert printed["reviews_not_reasonable_2024_25_pct"] == round(100 * reviews.at[force, "value"], 1)
    hand = cpl.finalised_by_handling()
    informal = hand[(hand.force == force) & (hand.handling == "Outside Schedule 3")]
    if len(informal):
        assert printed["informal_share_2020_21_pct"] == round(100 * informal.proportion.iloc[0], 1)
    csv = pd.read_csv(reports[force] / runner.KEY_FIGURES_FILE).set_index("key")
    assert list(csv.index) == list(printed.index)
    assert {"period", "status", "n", "low", "high", "source_url"} <= set(csv.columns)


def test_little_data_force_says_so(reports):
    text = _markdown(reports["Lancashire"])
    assert "No 2020/21 complaint count for Lancashire" in text
    assert "no figure for Lancashire" in text  # the 2020/21 funnels


@pytest.mark.parametrize("force", FORCES)
def test_funnel_positions_match_national_funnels(reports, force):
    text = _markdown(reports[force])
    f = cmp.sch3_share_funnel()
    point = f.points.set_index("force").loc[force]
    band, direction = bands.band_used(point, f.overdispersed)
    expected = (f"{point['value']:.1%} against {f.target:.1%} for England and Wales, "
                f"**{bands.verdict(band, direction)}**")
    assert expected in text


def test_outputs_do_not_depend_on_earlier_forces_in_the_kernel(reports):
    """Staffordshire ran third in a reused kernel: its text outputs equal the committed notebook's (fresh kernel).

    If this fails after a data change, re-execute notebooks/force-profile.ipynb.
    """
    def texts(nb):
        cells = [c for c in nb.cells if "injected-parameters" not in c.metadata.get("tags", [])]
        return [[{k: v for k, v in o.get("data", {"text": o.get("text", "")}).items() if k != "image/png"}
                 for o in c.get("outputs", [])] for c in cells]

    committed = nbformat.read(runner.PROFILE_NOTEBOOK, as_version=4)
    assert texts(_notebook(reports["Staffordshire"])) == texts(committed), (
        "the Staffordshire profile differs from notebooks/force-profile.ipynb: re-execute that notebook if the data "
        "or the analysis changed; otherwise state leaked between forces in the reused kernel")


def test_committed_staffordshire_page_matches_a_fresh_render(reports):
    committed = (runner.REPORTS / "staffordshire" / "index.html").read_text(encoding="utf-8")
    fresh = (reports["Staffordshire"] / "index.html").read_text(encoding="utf-8")
    assert committed == fresh, "reports/staffordshire/index.html is out of date: run `make all`"


def test_run_all_fails_loudly(tmp_path, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the reports folder should be", encoding="utf-8")
    with pytest.raises(runner.ProfileError, match="1 of 1 profiles failed: Cumbria"):
        runner.run_all(jobs=1, out_root=blocker, forces=["Cumbria"])
    err = capsys.readouterr().err
    assert "FAIL Cumbria" in err
