"""Every chart is exported with PNG, SVG, PDF, CSV and alt text; exports are byte-identical."""

from __future__ import annotations

import hashlib
import io
import warnings

import pandas as pd
import pytest

from analysis.charts import export as figures
from analysis.charts.registry import CHARTS as REGISTRY
from analysis.data.paths import FIGURES
from analysis.pipeline.figures import export_all


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """Export every chart into a temporary folder, failing on any warning (e.g. a missing font)."""
    out = tmp_path_factory.mktemp("figures")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        export_all(out_dir=out)
    return out


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_every_registered_chart_is_in_the_committed_manifest():
    manifest = figures.read_manifest()
    assert sorted(manifest.name) == sorted(REGISTRY)


def test_manifest_entries_have_all_files_and_text():
    manifest = figures.read_manifest()
    assert len(manifest) >= 10
    for row in manifest.itertuples():
        for ext in ("png", "svg", "pdf", "csv"):
            assert (FIGURES / getattr(row, ext)).stat().st_size > 0, f"{row.name}.{ext} missing"
        assert len(row.alt) > 40 and row.title and row.subtitle and row.source
        assert f"({row.png})" in (FIGURES / "README.md").read_text()


def test_png_is_article_size():
    import struct
    for png in FIGURES.glob("*.png"):
        header = png.read_bytes()[:24]
        width, _height = struct.unpack(">II", header[16:24])
        assert width == 2 * figures.WIDTH_IN * figures.DPI, png.name


def test_png_is_a_deterministic_palette_image_of_the_figure():
    from PIL import Image

    fig, ax = figures.new_figure()
    ax.plot([0, 1], [0, 1], color=figures.FOCUS)
    ax.set_title("A line")
    first, second = figures.png_bytes(fig), figures.png_bytes(fig)
    assert first == second
    image = Image.open(io.BytesIO(first))
    assert image.mode == "P" and image.size == (2 * figures.WIDTH_IN * figures.DPI, 2 * figures.HEIGHT_IN * figures.DPI)
    colours = image.convert("RGB").getcolors(maxcolors=figures.PNG_COLOURS)
    assert colours is not None and len(colours) > 2  # white, the line, its anti-aliased edge ...
    rgb = dict((c, n) for n, c in colours)
    assert max(rgb, key=rgb.get) == (255, 255, 255)  # mostly background
    orange = tuple(int(figures.FOCUS[i:i + 2], 16) for i in (1, 3, 5))
    assert any(max(abs(a - b) for a, b in zip(c, orange)) <= 8 for c in rgb), "the line's colour survives the palette"
    import matplotlib.pyplot as plt
    plt.close(fig)


@pytest.mark.slow
def test_reexport_is_byte_identical_to_the_committed_files(fresh):
    committed = {p.name: sha(p) for p in FIGURES.iterdir() if p.is_file()}
    regenerated = {p.name: sha(p) for p in fresh.iterdir() if p.is_file()}
    stale = sorted(n for n in regenerated if committed.get(n) != regenerated[n])
    assert not stale, f"figures/ is out of date, run `make figures`: {stale}"


@pytest.mark.slow
def test_csv_holds_the_plotted_values():
    for name, build in REGISTRY.items():
        chart = build(focus="Staffordshire")
        on_disk = (FIGURES / f"{name}.csv").read_text(encoding="utf-8")
        assert on_disk == figures.wide_csv_text(chart.data), name
        frame = pd.read_csv(io.StringIO(on_disk))
        assert len(frame) == len(chart.data) and list(frame.columns) == list(chart.data.columns)


def test_rate_chart_csv_matches_the_analysis():
    from analysis.tables import complaints

    frame = pd.read_csv(FIGURES / "complaint-rates-intervals.csv").set_index("force")
    rates = complaints.complaint_rates().set_index("force")
    assert frame.at["Staffordshire", "rate_employees"] == pytest.approx(rates.at["Staffordshire", "rate_employees"],
                                                                       rel=1e-5)


def test_export_rejects_missing_alt_text(tmp_path):
    fig, _ = figures.new_figure()
    with pytest.raises(ValueError, match="alt"):
        figures.export(fig, "x", title="t", subtitle="s", source="src", alt=" ", data=pd.DataFrame({"a": [1]}),
                       out_dir=tmp_path)


def test_write_manifest_records_many_charts_at_once_and_replaces_same_names(tmp_path):
    def row(name: str, title: str) -> dict[str, str]:
        return {"name": name, "title": title, "subtitle": "s", "source": "src", "alt": "a", "notes": "",
                "png": f"{name}.png", "svg": "", "pdf": "", "csv": f"{name}.csv"}

    figures.write_manifest(tmp_path, [row("b-chart", "B"), row("a-chart", "A")])
    figures.write_manifest(tmp_path, [row("b-chart", "B again")])
    manifest = figures.read_manifest(tmp_path)
    assert list(manifest.name) == ["a-chart", "b-chart"] and list(manifest.title) == ["A", "B again"]
    assert "## B again" in (tmp_path / "README.md").read_text() and "## B\n" not in (tmp_path / "README.md").read_text()
    figures.write_manifest(tmp_path / "empty", [])
    assert not (tmp_path / "empty").exists()  # nothing exported, nothing written
