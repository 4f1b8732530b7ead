"""One export path for every chart: house style, PNG + SVG + PDF + CSV + alt text.

``export(fig, name, title=..., subtitle=..., source=..., alt=..., data=df)`` writes
into ``figures/`` (or another folder):

- ``<name>.png`` — web size (640 px wide) at 2x pixel density (1280 px), 256-colour palette;
- ``<name>.svg`` and ``<name>.pdf`` — vector versions;
- ``<name>.csv`` — the plotted values, wide, labels in the first column, ready
  for Datawrapper or Flourish;
- a row in ``index.csv`` (the manifest: title, subtitle, source, alt text,
  notes) and an entry in the ``README.md`` gallery.

Every byte is deterministic (no dates, no random ids), so re-exporting leaves
``git status`` clean.  The style follows the BBC's bbplot and the FT and
Economist guides: left-aligned headline, subtitle with measure and units, a
"Source:" line naming the publishers, horizontal gridlines only, no redundant
axis titles, the Okabe-Ito colour-blind-safe palette, and the focus force
highlighted against the rest.  The font is DejaVu Sans, which ships with
matplotlib, so no machine lacks it.
"""

from __future__ import annotations

import csv
import io
import textwrap
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from analysis.data.atomic import write_atomic
from analysis.data.paths import FIGURES

__all__ = [
    "FOCUS",
    "LABEL_BOX",
    "LIMIT_95",
    "LIMIT_998",
    "MANIFEST_COLUMNS",
    "NATIONAL",
    "NEAR_WHITE",
    "OKABE_ITO",
    "OTHER",
    "PNG_COLOURS",
    "STYLE",
    "STYLE_FILE",
    "TEXT",
    "TITLE_WIDTH",
    "decorate",
    "export",
    "drawn_texts",
    "gallery",
    "keep_text_inside",
    "new_figure",
    "phone_size",
    "smallest_text_px",
    "png_bytes",
    "png_dpi",
    "read_manifest",
    "use_style",
    "wide_csv_text",
    "write_manifest",
]

#: Okabe & Ito (2008) palette, safe for the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
    "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
}
FOCUS = OKABE_ITO["vermillion"]   # the force the story is about
LABEL_BOX = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}  # keeps labels legible
NATIONAL = OKABE_ITO["blue"]      # England and Wales
OTHER = "#B0B0B0"                 # every other force
LIMIT_95 = "#6E6E6E"
LIMIT_998 = "#3C3C3C"
TEXT = "#222222"
WIDTH_IN, HEIGHT_IN, DPI = 6.4, 4.8, 100  # 640 x 480 px at 1x
TITLE_WIDTH = 52  # characters per headline line that fit 640 px in 13 pt bold
#: A phone variant: drawn this wide (inches, at :data:`DPI`), so shown across a 390 px screen at about 1x, with
#: no text smaller than :data:`PHONE_MIN_PT` points (10.4 px at 1x), and written at 1x (360 px wide).
PHONE_WIDTH_IN, PHONE_MIN_PT = 3.6, 7.5
#: Pixel density of the PNG a chart is rendered at: 2x for the article PNG, 1x for a phone variant.
_SIZE = {"width": WIDTH_IN, "min_pt": 0.0, "density": 2}
MANIFEST_COLUMNS = ["name", "title", "subtitle", "source", "alt", "notes", "png", "svg", "pdf", "csv"]

#: The house style file (an ``.mplstyle``, like afcharts): fonts, grid, palette, and vector settings
#: (``svg.fonttype: none`` keeps SVG text as ``<text>``; ``pdf.fonttype: 42`` embeds TrueType fonts).
STYLE_FILE = Path(__file__).with_name("house.mplstyle")
#: The house style as matplotlib settings, read from :data:`STYLE_FILE`.
STYLE = dict(matplotlib.rc_params_from_file(STYLE_FILE, use_default_template=False))


def use_style() -> None:
    """Apply the house style (:data:`STYLE_FILE`) to matplotlib (notebooks call this once)."""
    plt.style.use(STYLE_FILE)


@contextmanager
def phone_size(width_in: float = PHONE_WIDTH_IN, min_pt: float = PHONE_MIN_PT, density: int = 1):
    """Within the block, :func:`new_figure` draws ``width_in`` wide and :func:`decorate` wraps its lines to
    that width and raises every text to at least ``min_pt`` points, and a chart's PNG is rendered at
    ``density`` (1x: the palette PNG of a 360 px chart is a third of its 2x size): the phone variant."""
    old = dict(_SIZE)
    _SIZE.update(width=width_in, min_pt=min_pt, density=density)
    try:
        yield
    finally:
        _SIZE.update(old)


def png_dpi() -> float:
    """The dpi a chart's PNG is rendered at: 2x :data:`DPI`, or 1x inside :func:`phone_size`."""
    return _SIZE["density"] * DPI


def smallest_text_px(fig: plt.Figure) -> float:
    """The smallest visible text of ``fig`` in pixels at 1x (:data:`DPI`), tick labels included."""
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    for ax in fig.axes:
        for label in ax.get_xticklabels() + ax.get_yticklabels():
            if label.get_visible() and label.get_text().strip():
                sizes.append(label.get_fontsize())
    return round(min(sizes) * DPI / 72, 1) if sizes else 0.0


def _raise_small_text(fig: plt.Figure, min_pt: float) -> None:
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        if text.get_fontsize() < min_pt:
            text.set_fontsize(min_pt)
    for ax in fig.axes:
        for which in ("x", "y"):
            labels = ax.get_xticklabels() if which == "x" else ax.get_yticklabels()
            if labels and min(lb.get_fontsize() for lb in labels) < min_pt:
                ax.tick_params(axis=which, which="both", labelsize=min_pt)


def _fit_labels_for_phone(fig: plt.Figure) -> None:
    """On a phone variant, long category labels on a y axis are wrapped and the left margin widened to hold them
    (measured as drawn), so a label never runs over the plot."""
    renderer = _agg_canvas(fig).get_renderer()
    for ax in fig.axes:
        labels = [lb.get_text() for lb in ax.get_yticklabels()]
        if not any(len(lb) > 18 for lb in labels):
            continue
        ax.set_yticks(ax.get_yticks(), ["\n".join(textwrap.wrap(lb, 22)) or lb for lb in labels])
        widest = max((lb.get_window_extent(renderer).width for lb in ax.get_yticklabels() if lb.get_text()),
                     default=0.0)
        left = min(0.6, (widest + 10) / fig.bbox.width + 0.02)
        if left > fig.subplotpars.left:
            fig.subplots_adjust(left=left)
        lines = max(lb.get_text().count("\n") + 1 for lb in ax.get_yticklabels())
        size = max(lb.get_fontsize() for lb in ax.get_yticklabels())
        needed = len(labels) * (lines * 1.2 + 0.5) * size / 72  # inches the labels take, stacked
        _grow_plot(fig, needed - ax.get_position().height * fig.get_figheight())


def _grow_plot(fig: plt.Figure, extra_in: float) -> None:
    """Make the figure ``extra_in`` inches taller, all of it for the plot: the headline, subtitle and source
    line keep their distances from the top and bottom edges."""
    if extra_in <= 0:
        return
    h = fig.get_figheight()
    new_h = h + extra_in
    pars = fig.subplotpars
    top_in, bottom_in = (1 - pars.top) * h, pars.bottom * h
    for text in fig.texts:
        x, y = text.get_position()
        text.set_position((x, 1 - (1 - y) * h / new_h if y > 0.5 else y * h / new_h))
    fig.set_figheight(new_h)
    fig.subplots_adjust(top=1 - top_in / new_h, bottom=bottom_in / new_h)


def new_figure(height: float = HEIGHT_IN, grid_axis: str = "y", left: float = 0.1) -> tuple[plt.Figure, plt.Axes]:
    """A figure in house style, leaving room above for title and subtitle and below for the source.

    ``left`` is the left margin as a fraction of the width (wider for long labels).  Inside
    :func:`phone_size` the figure is the phone's width.
    """
    use_style()
    fig, ax = plt.subplots(figsize=(_SIZE["width"], height), dpi=DPI)
    fig.subplots_adjust(left=left, right=0.97)
    ax.grid(False)
    ax.grid(True, axis=grid_axis)
    ax.set_axisbelow(True)
    return fig, ax


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width)) if text else ""


def decorate(fig: plt.Figure, title: str, subtitle: str, source: str, notes: str = "") -> None:
    """Headline, subtitle and source line, left-aligned to the figure edge (wrapped to the figure's width)."""
    scale = fig.get_figwidth() / WIDTH_IN
    if _SIZE["min_pt"]:
        _raise_small_text(fig, _SIZE["min_pt"])
    title_width, sub_width, foot_width = (max(20, int(w * scale)) for w in (TITLE_WIDTH, 80, 105))
    top_lines = _wrap(title, title_width).count("\n") + 1
    sub_lines = _wrap(subtitle, sub_width).count("\n") + 1 if subtitle else 0
    foot = _wrap(f"Source: {source}" + (f". Note: {notes}" if notes else ""), foot_width)
    foot_lines = foot.count("\n") + 1
    h = fig.get_figheight()
    # The plot keeps at least 0.9 inches (2.2 on a phone variant, whose text takes more lines): the figure
    # grows to fit its text.
    needed = 0.35 + top_lines * 0.24 + sub_lines * 0.19 + 0.4 + 0.2 + (foot.count("\n") + 1) * 0.13 + 0.35
    least = 2.2 if scale < 1 else 0.9
    if h - needed < least:
        h = needed + least
        fig.set_figheight(h)
    line = 0.19 / h  # inches per line as a fraction of the height
    fig.text(0.02, 1 - 0.25 / h, _wrap(title, title_width), ha="left", va="top", fontsize=13, fontweight="bold",
             color=TEXT)
    fig.text(0.02, 1 - 0.25 / h - top_lines * 0.24 / h - 0.04 / h, _wrap(subtitle, sub_width), ha="left", va="top",
             fontsize=9.5, color="#444444")
    fig.text(0.02, 0.12 / h, foot, ha="left", va="bottom", fontsize=7.5, color="#555555")
    top = 1 - (0.35 + top_lines * 0.24 + sub_lines * line * h + 0.4) / h
    bottom = (0.2 + foot_lines * 0.13 + 0.35) / h
    fig.subplots_adjust(top=top, bottom=bottom)
    if scale < 1:
        _fit_labels_for_phone(fig)


@contextmanager
def _texts_painted(into: list):
    """While active, every text element a draw paints (visible, not empty) is appended to ``into``."""
    from unittest import mock

    from matplotlib.text import Text

    original = Text.draw

    def spy(self, renderer):
        if self.get_visible() and self.get_text().strip():
            into.append(self)
        return original(self, renderer)

    with mock.patch.object(Text, "draw", spy):
        yield into


def _agg_canvas(fig: plt.Figure):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


def drawn_texts(fig: plt.Figure):
    """Lay ``fig`` out as a draw would, without painting a pixel (``Figure.draw_without_rendering``); returns
    ``(renderer, texts)``: an Agg renderer at the figure's dpi and every text element a draw paints (visible,
    not empty; tick labels outside the axis limits are not drawn, so not listed)."""
    renderer = _agg_canvas(fig).get_renderer()
    with _texts_painted([]) as texts:
        fig.draw_without_rendering()
    return renderer, list(dict.fromkeys(texts))


def keep_text_inside(fig: plt.Figure, pad: float = 3.0, texts: list | None = None, renderer=None) -> int:
    """Move any text that sticks out of the figure's left or right edge back inside it; returns how many moved.

    Labels placed next to a point near the edge (``annotate`` with an offset in points) are shifted along
    their offset; tick labels and other texts are anchored on the side that keeps them inside.  A generic fix
    (chart functions need not know the width of a force's name): the clipped-text test checks the result.
    ``pad`` is in pixels at 1x.  ``texts`` and ``renderer`` may pass the texts a draw just painted and its
    renderer (:func:`png_bytes` does, at the dpi of that draw), to save laying the figure out again.
    """
    from matplotlib.text import Annotation
    from matplotlib.transforms import ScaledTranslation

    if texts is None or renderer is None:
        renderer, texts = drawn_texts(fig)
    width = fig.bbox.width
    pad = pad * fig.dpi / DPI
    moved = 0
    for text in dict.fromkeys(texts):
        box = text.get_window_extent(renderer)
        shift = (width - pad) - box.x1 if box.x1 > width - pad else pad - box.x0 if box.x0 < pad else 0.0
        if not shift:
            continue
        moved += 1
        if isinstance(text, Annotation) and text.anncoords in ("offset points", "offset pixels"):
            x, y = text.xyann
            step = shift * 72 / fig.dpi if text.anncoords == "offset points" else shift
            text.xyann = (x + step, y)
        else:
            text.set_transform(text.get_transform() + ScaledTranslation(shift / fig.dpi, 0, fig.dpi_scale_trans))
    return moved


#: Colours kept in a PNG's palette.  The charts use a handful of colours plus their anti-aliased edges, so 256
#: are indistinguishable from full colour while the file is about a quarter of the size.
PNG_COLOURS = 256
#: Palette entries with every channel at least this high are drawn as pure white (see :func:`png_bytes`).
NEAR_WHITE = 250


def _rgba_inside(fig: plt.Figure, dpi: float) -> tuple[bytes, tuple[int, int]]:
    """Raw RGBA pixels of ``fig`` drawn by Agg at ``dpi``, and their size, with no text outside the figure.

    The texts are measured at the dpi of the draw that painted them (legend texts hold pixel positions of
    the last draw); the figure is drawn again only if one had to move.
    """
    canvas = _agg_canvas(fig)
    screen_dpi = fig.dpi
    fig.dpi = dpi
    try:
        with _texts_painted([]) as texts:
            raw, size = canvas.print_to_buffer()
        if keep_text_inside(fig, texts=texts, renderer=canvas.get_renderer()):
            raw, size = canvas.print_to_buffer()
        return raw, size
    finally:
        fig.dpi = screen_dpi


def png_bytes(fig: plt.Figure, dpi: float = 2 * DPI) -> bytes:
    """``fig`` as a palette PNG (8-bit, :data:`PNG_COLOURS` colours) at ``dpi``; deterministic bytes.

    Text sticking out of the figure is first moved inside (:func:`keep_text_inside`), measured on the texts
    this draw painted; the figure is drawn again only if something moved, so the figure is left fixed for
    the SVG and PDF too.  Rendered by Agg to raw pixels and encoded once by Pillow (matplotlib's own
    dependency) instead of matplotlib's full-colour PNG: a force's folder shrinks by about 1 MB and the
    encoding is faster.
    """
    from PIL import Image

    raw, size = _rgba_inside(fig, dpi)
    image = Image.frombuffer("RGBA", size, raw, "raw", "RGBA", 0, 1).convert("RGB")
    palette_image = image.quantize(colors=PNG_COLOURS, method=Image.Quantize.FASTOCTREE)
    # The fast octree averages each colour's bucket, so pure white comes out as #FEFEFE: put the background
    # back to the white of the page it sits on.
    palette = palette_image.getpalette()
    for i in range(0, len(palette), 3):
        if min(palette[i:i + 3]) >= NEAR_WHITE:
            palette[i:i + 3] = [255, 255, 255]
    palette_image.putpalette(palette)
    out = io.BytesIO()
    palette_image.save(out, format="png")
    return out.getvalue()


def wide_csv_text(data: pd.DataFrame) -> str:
    """The chart data as CSV text: labels first, numbers with stable formatting."""
    buf = io.StringIO()
    frame = data.copy()
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column]):
            frame[column] = [("" if pd.isna(v) else f"{v:.6g}") for v in frame[column]]
    frame.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


def export(fig: plt.Figure, name: str, *, title: str, subtitle: str, source: str, alt: str,
           data: pd.DataFrame, notes: str = "", out_dir: Path | None = None, decorate_figure: bool = True,
           close: bool = False, png: bytes | None = None,
           formats: tuple[str, ...] = ("png", "svg", "pdf"), manifest: bool = True) -> dict[str, str]:
    """Write the chart ``name`` (PNG, SVG, PDF, CSV) and record it in the manifest.

    ``data`` must be the values the chart plots, one row per label.  ``alt`` is
    the alt text an article needs: what the chart shows and its main finding.
    ``png`` may pass bytes already rendered from ``fig`` at 2x (a Chart caches
    them), to avoid drawing the figure twice.  ``formats`` chooses the image
    files (PNG is always written; force profiles skip the PDF, which costs as
    much as the PNG).  Returns the manifest row; with ``manifest=False`` the caller records the rows of
    many charts at once with :func:`write_manifest`.
    """
    if not name.replace("-", "").isalnum() or name != name.lower():
        raise ValueError(f"figure names are lower-case kebab-case, got {name!r}")
    for label, text in (("title", title), ("subtitle", subtitle), ("source", source), ("alt", alt)):
        if not text.strip():
            raise ValueError(f"figure {name!r} needs a {label}")
    out = Path(out_dir) if out_dir is not None else FIGURES
    out.mkdir(parents=True, exist_ok=True)
    if decorate_figure:
        decorate(fig, title, subtitle, source, notes)
    if png is None:
        write_atomic(out / f"{name}.png", png_bytes(fig))
    else:
        write_atomic(out / f"{name}.png", png)
    if "svg" in formats:
        _save_atomic(fig, out / f"{name}.svg", metadata={"Date": None, "Creator": None})
    if "pdf" in formats:
        _save_atomic(fig, out / f"{name}.pdf", metadata={"CreationDate": None, "ModDate": None, "Producer": None,
                                                        "Creator": None})
    write_atomic(out / f"{name}.csv", wide_csv_text(data))
    row = {"name": name, "title": title, "subtitle": subtitle, "source": source, "alt": alt, "notes": notes,
           "png": f"{name}.png", "svg": f"{name}.svg" if "svg" in formats else "",
           "pdf": f"{name}.pdf" if "pdf" in formats else "", "csv": f"{name}.csv"}
    if manifest:
        write_manifest(out, [row])
    if close:
        plt.close(fig)
    return row


def read_manifest(out_dir: Path | None = None) -> pd.DataFrame:
    """The manifest ``index.csv`` of a figures folder (empty if none yet)."""
    path = (Path(out_dir) if out_dir is not None else FIGURES) / "index.csv"
    if not path.exists():
        return pd.DataFrame(columns=MANIFEST_COLUMNS)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def write_manifest(out: Path, rows: list[dict[str, str]]) -> None:
    """Record exported charts (:func:`export` rows) in the folder's ``index.csv`` and ``README.md`` gallery,
    replacing any earlier entries of the same names."""
    if not rows:
        return
    out = Path(out)
    names = {row["name"] for row in rows}
    manifest = read_manifest(out)
    manifest = manifest[~manifest.name.isin(names)]
    manifest = pd.concat([manifest, pd.DataFrame(rows)], ignore_index=True).sort_values("name")
    write_atomic(out / "index.csv", manifest.to_csv(index=False, lineterminator="\n"))
    write_atomic(out / "README.md", gallery(manifest))


def _save_atomic(fig: plt.Figure, path: Path, **kwargs) -> None:
    """``fig.savefig(path)`` rendered in memory first, then written atomically (never a truncated file)."""
    buf = io.BytesIO()
    fig.savefig(buf, format=path.suffix.lstrip("."), **kwargs)
    write_atomic(path, buf.getvalue())


def gallery(manifest: pd.DataFrame) -> str:
    """A human-readable Markdown gallery of the manifest."""
    lines = ["# Figures", "",
             "Every chart in the notebooks, ready for an article: PNG (1280 px wide), SVG (and PDF), the data "
             "behind it as CSV, and the alt text. Written by `analysis.charts.export.export` (`make figures` for "
             "`figures/`, `make profile` for a force profile); do not edit by hand.", ""]
    for r in manifest.itertuples():
        lines += [f"## {r.title}", "", f"*{r.subtitle}*", "", f"![{r.alt}]({r.png})", "",
                  f"- Alt text: {r.alt}", f"- Source: {r.source}"]
        if r.notes:
            lines.append(f"- Notes: {r.notes}")
        files = " · ".join(f"[{f}]({f})" for f in (r.png, r.svg, r.pdf) if f)
        lines += [f"- Files: {files} · [{r.csv}]({r.csv}) (data)", f"- Name: `{r.name}`", ""]
    return "\n".join(lines)
