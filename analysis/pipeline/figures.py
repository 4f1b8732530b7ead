"""``python -m analysis figures``: draw every chart and export it into ``figures/``."""

from __future__ import annotations

from pathlib import Path

from analysis.charts.registry import CHARTS
from analysis.data.vocabulary import DEFAULT_FORCE

__all__ = ["export_all", "run_figures"]


def export_all(out_dir: Path | None = None, focus: str = DEFAULT_FORCE) -> list[dict[str, str]]:
    """Build and export every chart in the registry (``make figures``); returns the manifest rows."""
    rows = []
    for name in sorted(CHARTS):
        chart = CHARTS[name](focus=focus)
        if chart.name != name:
            raise ValueError(f"chart function registered as {name!r} returned {chart.name!r}")
        rows.append(chart.export(out_dir))
    return rows


def run_figures() -> None:
    """Export every chart and say what was written."""
    for row in export_all():
        print(f"exported figures/{row['name']}.png")
