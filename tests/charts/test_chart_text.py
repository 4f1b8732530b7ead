"""Charts a desk can use: no text outside the figure, for forces with long names and little data; SVG text kept
as text; PDFs with embedded TrueType fonts; the house style read from its .mplstyle file."""

from __future__ import annotations

import io

import matplotlib
import pytest

from analysis.charts import export
from analysis.charts.registry import CHARTS, FORCE_CHARTS

#: Each test here takes seconds (whole builds, kills, subprocesses, charts): `make test` runs them.
pytestmark = pytest.mark.slow

FORCES = ("Metropolitan Police", "City of London", "South Wales", "Dyfed-Powys")


@pytest.mark.parametrize("force", FORCES)
def test_every_text_element_lies_inside_the_figure(force):
    clipped = []
    for name in FORCE_CHARTS:
        chart = CHARTS[name](focus=force)
        renderer, texts = export.drawn_texts(chart.fig)
        assert texts, name
        width, height = chart.fig.bbox.width, chart.fig.bbox.height
        for text in texts:
            box = text.get_window_extent(renderer)
            if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5:
                clipped.append(f"{name}: {text.get_text()!r} at {box.x0:.0f}..{box.x1:.0f} of {width:.0f} px")
    assert not clipped, f"text outside the figure for {force}:\n" + "\n".join(clipped)


def test_keep_text_inside_moves_an_edge_label_back():
    fig, ax = export.new_figure()
    ax.set_xlim(0, 1)
    ax.annotate("A long force name at the edge", (0.98, 0.5), xytext=(7, 7), textcoords="offset points")
    renderer, texts = export.drawn_texts(fig)
    label = [t for t in texts if t.get_text().startswith("A long")][0]
    assert label.get_window_extent(renderer).x1 > fig.bbox.width  # sticks out before
    assert export.keep_text_inside(fig) >= 1
    renderer, _ = export.drawn_texts(fig)
    assert label.get_window_extent(renderer).x1 <= fig.bbox.width
    matplotlib.pyplot.close(fig)


def test_the_png_draw_moves_edge_text_inside_for_the_vector_files_too(tmp_path):
    fig, ax = export.new_figure()
    ax.set_xlim(0, 1)
    ax.annotate("A long force name at the edge", (0.98, 0.5), xytext=(7, 7), textcoords="offset points")
    ax.legend(handles=ax.plot([0, 1], [0, 1], label="England and Wales"), loc="upper right")
    export.png_bytes(fig)  # measured at 2x during the raster draw
    renderer, texts = export.drawn_texts(fig)  # and checked again at 1x, as the SVG is written
    label = [t for t in texts if t.get_text().startswith("A long")][0]
    assert label.get_window_extent(renderer).x1 <= fig.bbox.width
    legend = [t for t in texts if t.get_text() == "England and Wales"][0]
    assert legend.get_window_extent(renderer).x1 <= fig.bbox.width  # left where it was: it was inside
    matplotlib.pyplot.close(fig)


def test_vector_files_keep_text_and_embed_truetype(tmp_path):
    chart = CHARTS["days-to-finalise-newest"](focus="Metropolitan Police")
    chart.export(out_dir=tmp_path, formats=("png", "svg", "pdf"))
    svg = (tmp_path / f"{chart.name}.svg").read_text(encoding="utf-8")
    assert svg.count("<text") >= 10 and "Metropolitan Police" in svg
    pdf = (tmp_path / f"{chart.name}.pdf").read_bytes()
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf


def test_house_style_comes_from_the_mplstyle_file():
    assert export.STYLE_FILE.suffix == ".mplstyle" and export.STYLE_FILE.is_file()
    assert export.STYLE["svg.fonttype"] == "none" and export.STYLE["pdf.fonttype"] == 42
    export.use_style()
    assert matplotlib.rcParams["svg.fonttype"] == "none"
    buf = io.BytesIO()
    fig, _ax = export.new_figure()
    fig.savefig(buf, format="svg")
    assert b"<text" not in buf.getvalue() or b"font" in buf.getvalue()
    matplotlib.pyplot.close(fig)
