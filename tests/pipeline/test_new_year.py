"""A new year is a data change (issue 17): append a synthetic next-year release to a copy of the data, rebuild.

The fixture (``tests/fixtures/synthetic_release/``, clearly marked as not real data) adds a 2025/26 per-force table
of complaint cases finalised, and only that table: the reviews stay at 2024/25, as when a release's tables are
transcribed one at a time.  With no code change, the facts table, the README findings, a force page, the index and
a worksheet must move to the new year for the measures that have it, each labelled; removing the rows must restore
every output byte for byte.  ``data/raw`` itself is never touched: each state is its own copy (a separate folder,
so no cache keyed on the folder can mix them).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.data.facts import newest_period, read_facts
from analysis.data.paths import DATA, using_raw_dir
from analysis.pipeline.build import build
from analysis.pipeline.profiles import write_profile
from analysis.pipeline.site import write_index
from analysis.pipeline.worksheet import write_worksheet
from analysis.report.keyfigures import findings_markdown

#: Three whole builds, pages, an index and a worksheet: `make test` runs these, `make test-fast` skips them.
pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "synthetic_release"
FORCE, SLUG = "Gwent", "gwent"
OLD, NEW = "2024/25", "2025/26"


def _copy_raw(target: Path, with_fixture: bool) -> Path:
    shutil.copytree(DATA / "raw", target)
    if with_fixture:
        for extra in sorted(FIXTURE.glob("*.csv")):
            rows = extra.read_text(encoding="utf-8").splitlines(keepends=True)[1:]  # the header is the file's own
            with (target / extra.name).open("a", encoding="utf-8", newline="") as handle:
                handle.writelines(rows)
    return target


def _outputs(root: Path, raw: Path) -> dict[str, bytes]:
    """Build everything a reader sees from ``raw`` into ``root``; return every file's bytes by relative path."""
    build(root / "processed", raw)
    with using_raw_dir(raw):
        write_profile(FORCE, root / "reports", formats=())  # PNG and CSV only: quicker
        write_index(root / "reports")
        write_worksheet(FORCE, root / "worksheets")
        (root / "findings.md").write_text(findings_markdown(), encoding="utf-8")
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def states(tmp_path_factory) -> dict[str, tuple[Path, dict[str, bytes]]]:
    base = tmp_path_factory.mktemp("new_year")
    out = {}
    for state, with_fixture in (("before", False), ("with", True), ("removed", False)):
        raw = _copy_raw(base / state / "raw", with_fixture)
        out[state] = (base / state / "out", _outputs(base / state / "out", raw))
    return out


def test_the_fixture_is_synthetic_and_data_raw_is_untouched():
    for path in FIXTURE.glob("*.csv"):
        assert "synthetic" in path.read_text(encoding="utf-8").lower()
        assert "synthetic-next-year-release" not in (DATA / "raw" / path.name).read_text(encoding="utf-8")


def test_facts_move_to_the_new_year_measure_by_measure(states):
    root, _ = states["with"]
    table = read_facts(root / "processed" / "facts.csv")
    for measure in ("complaint_cases_finalised", "complaint_cases_finalised_sch3", "days_to_finalise"):
        assert newest_period(measure, table=table) == NEW
    assert newest_period("reviews_outcome_not_reasonable", table=table) == OLD  # its table did not arrive
    gwent = table[(table.force == FORCE) & (table.measure == "complaint_cases_finalised") & (table.period == NEW)
                  & (table.basis == "officers")].iloc[0]
    assert gwent.previous_period == OLD and gwent.previous_value == 647 and gwent.change == gwent.value - 647
    national = table[(table.scope == "national") & (table.measure == "complaint_cases_finalised")
                     & (table.period == NEW) & (table.basis == "officers")]
    assert len(national) == 1 and national.force.iloc[0] == "England and Wales"


def test_readme_findings_move_and_label_each_measure_with_its_year(states):
    _, before = states["before"]
    _, after = states["with"]
    old, new = before["findings.md"].decode(), after["findings.md"].decode()
    assert f"In {OLD} the 43 territorial forces" in old and f"In {NEW} the 43 territorial forces" in new
    assert f"valid reviews in {OLD}." in new  # the reviews keep their own (older) year, and say so


def test_page_index_and_worksheet_move_to_the_new_year(states):
    _, before = states["before"]
    _, after = states["with"]
    page = after[f"reports/{SLUG}/index.html"].decode()
    assert f"In {NEW}, the newest full year, {FORCE} Police had" in page
    assert NEW not in before[f"reports/{SLUG}/index.html"].decode()
    index = after["reports/index.html"].decode()
    assert f"Complaint cases finalised, {NEW}" in index and f"Complaint cases finalised, {OLD}" not in index
    worksheet = after[f"worksheets/{SLUG}/worksheet.md"].decode()
    assert f"finalise in {NEW}" in worksheet and f"finalise in {OLD}" not in worksheet
    key_figures = after[f"reports/{SLUG}/key-figures.csv"].decode()
    assert f"cases_finalised_{NEW.replace('/', '_')}" in key_figures


def test_removing_the_release_restores_every_output_byte_for_byte(states):
    _, before = states["before"]
    _, removed = states["removed"]
    assert before.keys() == removed.keys()
    changed = [name for name in before if before[name] != removed[name]]
    assert not changed, f"outputs differ after removing the release: {changed}"
    _, after = states["with"]
    assert after["processed/facts.csv"] != before["processed/facts.csv"]
