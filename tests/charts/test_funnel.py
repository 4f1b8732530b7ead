"""Shared drawing helpers of the funnel and interval charts (analysis/charts/funnel.py)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgba

from analysis.charts import export
from analysis.charts.funnel import draw_dots, draw_intervals, log_x


def test_draw_dots_is_one_artist_filled_or_hollow_by_status():
    fig, ax = export.new_figure()
    dots = draw_dots(ax, [1, 2, 3], [1, 2, 3], ["#111111", export.FOCUS, "#111111"],
                     ["published", "uncertain", "derived"], [20, 40, 20])
    assert list(ax.collections) == [dots] and len(dots.get_offsets()) == 3
    faces, edges = dots.get_facecolors(), dots.get_edgecolors()
    assert tuple(faces[1]) == to_rgba("white") and tuple(edges[1]) == to_rgba(export.FOCUS)  # uncertain: hollow
    assert tuple(faces[0]) == to_rgba("#111111") == tuple(edges[0])  # published: filled
    assert list(dots.get_sizes()) == [20, 40, 20]
    plt.close(fig)


def test_draw_intervals_is_one_artist_per_call_in_either_direction():
    fig, ax = export.new_figure()
    lines = draw_intervals(ax, [0, 1], [1.0, 2.0], [3.0, 5.0], ["#111111", export.FOCUS], lw=2)
    segments = [np.asarray(s) for s in lines.get_segments()]
    assert [s.tolist() for s in segments] == [[[1.0, 0.0], [3.0, 0.0]], [[2.0, 1.0], [5.0, 1.0]]]
    upright = draw_intervals(ax, [4], [1.0], [2.0], ["#111111"], lw=1, vertical=True)
    assert np.asarray(upright.get_segments()[0]).tolist() == [[4.0, 1.0], [4.0, 2.0]]
    assert ax.get_xlim()[1] >= 5.0  # the axis limits take them in
    plt.close(fig)


def test_log_axis_marks_two_and_five_between_labelled_decades():
    fig, ax = export.new_figure()
    ax.plot([100, 10_000], [1, 2])
    log_x(ax)
    ax.set_xlim(100, 10_000)
    minor = [round(v) for v in ax.xaxis.get_minorticklocs() if 100 < v < 10_000]
    assert minor == [200, 500, 2000, 5000]
    assert [t.get_text() for t in ax.get_xticklabels(minor=True)] in ([], [""] * len(ax.get_xticklabels(minor=True)))
    plt.close(fig)
