"""``python -m analysis figures``: draw every chart and export it into ``figures/``.

The charts are exported into a staging folder beside ``figures/`` and moved
into place only when every chart is written (:mod:`analysis.data.atomic`): a
failed or killed export leaves the previous figures.
"""

from __future__ import annotations

from pathlib import Path

from analysis.charts.chart import Chart
from analysis.charts.export import write_manifest
from analysis.charts.registry import CHARTS
from analysis.data.atomic import replace_outputs
from analysis.data.paths import FIGURES, relative
from analysis.data.vocabulary import DEFAULT_FORCE

__all__ = ["export_all", "export_charts", "run_figures"]


def export_all(out_dir: Path | None = None, focus: str = DEFAULT_FORCE) -> list[dict[str, str]]:
    """Build and export every chart in the registry (``make figures``); returns the manifest rows."""
    charts = []
    for name in sorted(CHARTS):
        chart = CHARTS[name](focus=focus)
        if chart.name != name:
            raise ValueError(f"chart function registered as {name!r} returned {chart.name!r}")
        charts.append(chart)
    return export_charts(charts, out_dir)


def export_charts(charts: list[Chart], out_dir: Path | None = None) -> list[dict[str, str]]:
    """Export ``charts`` into a staging folder, then move every file over ``out_dir`` (default figures/)."""
    with replace_outputs(Path(out_dir) if out_dir is not None else FIGURES) as stage:
        rows = [chart.export(stage, manifest=False) for chart in charts]
        write_manifest(stage, rows)  # once, not once per chart
        return rows


def run_figures(out_dir: Path | None = None) -> None:
    """Export every chart and say what was written."""
    out = Path(out_dir) if out_dir is not None else FIGURES
    for row in export_all(out):
        print(f"exported {relative(out / row['name'])}.png")
