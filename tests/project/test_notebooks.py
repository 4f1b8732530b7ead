"""Tests that notice: a deleted key-figures cell, a deleted chart cell, a hand-typed number, a stale profile CSV.

No kernel is started: the notebooks are read as JSON (their committed
outputs), the chart registry says which charts exist, and the Staffordshire
key figures are recomputed by the library.  Each check is also run on a
damaged copy of a notebook to show that it fails when it should.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest

from analysis.charts.registry import CHARTS
from analysis.data.paths import NOTEBOOKS, REPORTS
from analysis.report.keyfigures import PROVIDERS

NUMBERED = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
CHART_OF_FUNCTION = {function.__name__: name for name, function in CHARTS.items()}
#: A number of three or more digits (``1322``, ``1,322``, ``59,719,724``), not part of a word, id or period.
_NUMBER = re.compile(r"(?<![\w.,/-])(\d{1,3}(?:,\d{3})+|\d{3,})(?:\.\d+)?(?![\w/])")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    return "".join(cell["source"])


def _output_text(cell: dict) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        parts += ["".join(v) if isinstance(v, list) else str(v) for k, v in out.get("data", {}).items()
                  if k.startswith("text/")]
    return "".join(parts)


def key_figures_cells(nb: dict, prefix: str) -> list[dict]:
    """Code cells that print the notebook's key figures under nbval's output check."""
    call = re.compile(rf"keyfigures\.show\(\s*['\"]{re.escape(prefix)}['\"]\s*\)")
    return [c for c in nb["cells"] if c["cell_type"] == "code" and _source(c).lstrip().startswith(
        "# NBVAL_CHECK_OUTPUT") and call.search(_source(c)) and _output_text(c).strip()]


def charts_drawn(nb: dict) -> set[str]:
    """Registered charts a notebook calls in a cell whose committed output holds an image."""
    drawn = set()
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        has_image = any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))
        for function in re.findall(r"\b(\w+_chart)\(", _source(cell)):
            if function in CHART_OF_FUNCTION and has_image:
                drawn.add(CHART_OF_FUNCTION[function])
    return drawn


def typed_numbers(nb: dict) -> list[str]:
    """Numbers in the narrative (markdown) that no code output of the notebook shows (years aside)."""
    outputs = " ".join(_output_text(c) for c in nb["cells"] if c["cell_type"] == "code")
    found = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for number in _NUMBER.findall(_source(cell)):
            is_year = len(number) == 4 and 1900 <= int(number) <= 2099
            if not is_year and number not in outputs:
                found.append(number)
    return found


# --- the notebooks as committed ----------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", sorted(PROVIDERS))
def test_every_notebook_with_key_figures_still_prints_them_under_nbval(prefix):
    matches = [p for p in NUMBERED if p.stem.startswith(prefix)]
    assert len(matches) == 1, f"no single notebook for key figures {prefix!r}: {matches}"
    assert key_figures_cells(_load(matches[0]), prefix[:2]) or key_figures_cells(_load(matches[0]), prefix), (
        f"{matches[0].name} lost its key-figures cell (# NBVAL_CHECK_OUTPUT + keyfigures.show)")


def test_every_registered_chart_is_drawn_by_a_numbered_notebook():
    drawn = {path.name: charts_drawn(_load(path)) for path in NUMBERED}
    everywhere = set().union(*drawn.values())
    missing = sorted(set(CHARTS) - everywhere)
    assert not missing, f"charts in the registry that no notebook draws (a deleted chart cell?): {missing}"


@pytest.mark.parametrize("path", NUMBERED, ids=lambda p: p.stem)
def test_narrative_numbers_come_from_code(path):
    typed = typed_numbers(_load(path))
    assert not typed, (f"{path.name}: numbers in the markdown that no code output shows (compute them and print "
                       f"them, e.g. with display(Markdown(...))): {typed}")


@pytest.fixture(scope="module")
def fresh_key_figures(tmp_path_factory) -> bytes:
    """reports/staffordshire/key-figures.csv as the profile runner would write it now."""
    from analysis.pipeline.build import write_csv
    from analysis.report.force import key_figures_table

    path = tmp_path_factory.mktemp("profile") / "key-figures.csv"
    write_csv(key_figures_table("Staffordshire"), path)
    return path.read_bytes()


def test_committed_staffordshire_key_figures_match_a_fresh_computation(fresh_key_figures):
    committed = REPORTS / "staffordshire" / "key-figures.csv"
    assert committed.read_bytes() == fresh_key_figures, (
        "reports/staffordshire/key-figures.csv differs from a fresh computation: run `make all`")


# --- the checks notice damage --------------------------------------------------------------------------------------


def _notebook(prefix: str) -> dict:
    return _load(next(p for p in NUMBERED if p.stem.startswith(prefix)))


def test_a_deleted_key_figures_cell_is_noticed():
    nb = _notebook("01")
    assert key_figures_cells(nb, "01")
    nb["cells"] = [c for c in nb["cells"] if "keyfigures.show" not in _source(c)]
    assert not key_figures_cells(nb, "01")


def test_a_deleted_chart_cell_is_noticed():
    nb = _notebook("01")
    before = charts_drawn(nb)
    assert "published-rate-check" in before
    nb["cells"] = [c for c in nb["cells"] if "published_rate_check_chart(" not in _source(c)]
    assert charts_drawn(nb) == before - {"published-rate-check"}


def test_a_hand_edited_number_is_noticed():
    nb = copy.deepcopy(_notebook("00"))
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = ["Staffordshire logged 1,323 complaint cases in 2020/21.\n"]
    assert typed_numbers(nb) == ["1,323"]


def test_an_edited_key_figures_csv_is_noticed(fresh_key_figures):
    committed = (REPORTS / "staffordshire" / "key-figures.csv").read_bytes()
    edited = re.sub(rb"\b1322\b", b"1323", committed, count=1)
    assert edited != committed, "the Staffordshire key figures no longer hold 1322 complaint cases"
    assert edited != fresh_key_figures
