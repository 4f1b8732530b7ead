"""The README's claims about coverage and commands match the data and the Makefile."""

from __future__ import annotations

import re

import pandas as pd

from analysis.data.paths import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")

#: README table row (start of the first cell) -> dataset whose force coverage it states.
COVERAGE_ROWS = {
    "IOPC police complaints per force, as reported in local press": "iopc_2020_21_forces",
    "IOPC per-force figures for later years": "iopc_forces_later_years",
    "IOPC complaint cases finalised and days taken": "iopc_2024_25_cases_finalised",
    "IOPC reviews completed, by outcome": "iopc_2024_25_reviews",
    "IOPC allegations by category": "iopc_2024_25_allegations_by_category",
    "Home Office police misconduct |": "home_office_misconduct_2020_21",
    "Home Office police misconduct, later years": "home_office_misconduct_later_years",
    "Police workforce at 31 March 2021": "workforce_2021",
    "Population of police force areas |": "population_mid2020",
    "Police officers (FTE) at 31 March 2025": "officers_fte_2025",
    "Population of police force areas, mid-2024": "population_mid2024",
    "IOPC 2024/25 per-force extras": "iopc_2024_25_forces_extra",
    "Complaint counts stated by forces or PCCs": "force_complaint_statements",
}


def test_readme_coverage_matches_the_build():
    datasets = pd.read_csv(ROOT / "data" / "processed" / "datasets.csv").set_index("dataset")
    for phrase, dataset in COVERAGE_ROWS.items():
        line = next(l for l in README.splitlines() if l.startswith(f"| {phrase}"))
        stated = re.search(r"(\d+) of 43", line).group(0)
        assert stated == datasets.at[dataset, "forces_covered"], (phrase, stated)


def test_readme_two_commands_exist_in_the_makefile_and_ci():
    makefile = (ROOT / "Makefile").read_text()
    assert "make all" in README and "make test" in README
    assert re.search(r"^all:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_peel_coverage_statement():
    grades = pd.read_csv(ROOT / "data" / "processed" / "peel_grades.csv")
    legit = grades[(grades.inspection == "PEEL 2018/19") & (grades.question == "Legitimacy")]
    found = int((legit.grade != "Not found").sum())
    assert f"{found} of 43 (Surrey not found)" in README
    assert legit.loc[legit.grade == "Not found", "force"].tolist() == ["Surrey"]
