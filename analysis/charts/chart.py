"""Every chart of the project, built by a function and exported through one path.

A chart function returns a :class:`Chart`: the decorated matplotlib figure
(headline, subtitle, source line) plus the data behind it, the alt text and
notes.  In a notebook the chart displays itself; ``make figures`` calls every
function in :data:`analysis.charts.registry.CHARTS` and writes each chart with
:func:`analysis.charts.export.export`; a force profile calls them with its own
``focus`` force and writes into the profile's folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from analysis.charts import export as figures

__all__ = ["Chart"]


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
        self.png()  # drawn once, now: moves any text back inside the figure before anyone sees it
        plt.close(self.fig)  # shown through _repr_png_, never twice

    def __repr__(self) -> str:
        return f"Chart({self.name!r}: {self.title})"

    def png(self) -> bytes:
        """The article PNG (2x pixel density; 1x for a phone variant, :func:`analysis.charts.export.phone_size`),
        rendered once and reused by the notebook and the export."""
        if self._png is None:
            self._png = figures.png_bytes(self.fig, dpi=figures.png_dpi())
        return self._png

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        # The same bytes as the exported PNG, shown at 1x width in the notebook.
        return self.png(), {"width": int(figures.WIDTH_IN * figures.DPI)}

    def export(self, out_dir: Path | None = None,
               formats: tuple[str, ...] = ("png", "svg", "pdf"), manifest: bool = True) -> dict[str, str]:
        """Write PNG, SVG, PDF, CSV and the manifest entry (see :func:`analysis.charts.export.export`)."""
        return figures.export(self.fig, self.name, title=self.title, subtitle=self.subtitle, source=self.source,
                              alt=self.alt, data=self.data, notes=self.notes, out_dir=out_dir,
                              decorate_figure=False, png=self.png(), formats=formats, manifest=manifest)
