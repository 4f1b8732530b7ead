"""Every chart of the project, built by a function and exported through one path.

A chart function returns a :class:`Chart`: the decorated matplotlib figure
(headline, subtitle, source line) plus the data behind it, the alt text and
notes.  In a notebook the chart displays itself; ``make figures`` calls every
function in :data:`REGISTRY` and writes each chart with
:func:`analysis.figures.export`; a force profile calls them with its own
``focus`` force and writes into the profile's folder.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from . import figures


@dataclass
class Chart:
    """A finished chart and everything an article needs alongside it."""

    name: str
    fig: plt.Figure
    title: str
    subtitle: str
    source: str
    alt: str
    data: pd.DataFrame
    notes: str = ""
    _png: bytes | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        figures.decorate(self.fig, self.title, self.subtitle, self.source, self.notes)
        plt.close(self.fig)  # shown through _repr_png_, never twice

    def __repr__(self) -> str:
        return f"Chart({self.name!r}: {self.title})"

    def png(self) -> bytes:
        """The article PNG (2x pixel density), rendered once and reused by the notebook and the export."""
        if self._png is None:
            buf = io.BytesIO()
            self.fig.savefig(buf, format="png", dpi=2 * figures.DPI, metadata={"Software": None})
            self._png = buf.getvalue()
        return self._png

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        # The same bytes as the exported PNG, shown at 1x width in the notebook.
        return self.png(), {"width": int(figures.WIDTH_IN * figures.DPI)}

    def export(self, out_dir: Path | None = None,
               formats: tuple[str, ...] = ("png", "svg", "pdf")) -> dict[str, str]:
        """Write PNG, SVG, PDF, CSV and the manifest entry (see :func:`analysis.figures.export`)."""
        return figures.export(self.fig, self.name, title=self.title, subtitle=self.subtitle, source=self.source,
                              alt=self.alt, data=self.data, notes=self.notes, out_dir=out_dir,
                              decorate_figure=False, png=self.png(), formats=formats)


#: name -> function(focus) building the chart; filled by :func:`register`.
REGISTRY: dict[str, Callable[..., Chart]] = {}
#: Charts that describe one force (re-drawn in each force profile).
FORCE_CHARTS: list[str] = []


def register(name: str, per_force: bool = False) -> Callable[[Callable[..., Chart]], Callable[..., Chart]]:
    """Decorator: add a chart function to the registry under ``name``."""
    def wrap(fn: Callable[..., Chart]) -> Callable[..., Chart]:
        REGISTRY[name] = fn
        if per_force:
            FORCE_CHARTS.append(name)
        return fn
    return wrap


def _load_all() -> None:
    """Import the modules that define charts (they register themselves)."""
    from . import chart_defs, claims, coverage  # noqa: F401


def export_all(out_dir: Path | None = None, focus: str = "Staffordshire") -> list[dict[str, str]]:
    """Build and export every registered chart (``make figures``)."""
    _load_all()
    rows = []
    for name in sorted(REGISTRY):
        chart = REGISTRY[name](focus=focus)
        if chart.name != name:
            raise ValueError(f"chart function registered as {name!r} returned {chart.name!r}")
        rows.append(chart.export(out_dir))
    return rows
