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


# --------------------------------------------------------------------------
# The picture agrees with the verdict at small n (issue 17)
# --------------------------------------------------------------------------
def _funnels():
    from analysis.tables import comparisons, latest

    found = {spec.key: latest.national_funnel(spec.key) for spec in latest.NATIONAL_FUNNELS}
    found["rate-2020-21"] = comparisons.rate_funnel()
    found["informal-2020-21"] = comparisons.informal_share_funnel()
    return found


def test_every_point_not_ringed_sits_where_its_verdict_says_against_the_drawn_lines():
    from analysis.charts.funnel import drawn_limits_at, judged_on_exact_tail
    from analysis.tables.bands import BAND_ORDER, band_used

    for key, f in _funnels().items():
        ringed = judged_on_exact_tail(f)
        limits = drawn_limits_at(f, f.points["size"])
        inner = limits[np.isclose(limits.level, 0.95)].drop_duplicates("size").set_index("size")
        outer = limits[np.isclose(limits.level, 0.998)].drop_duplicates("size").set_index("size")
        for flag, (_, row) in zip(ringed, f.points.iterrows()):
            drawn = (2 if not outer.at[row["size"], "lower"] <= row.value <= outer.at[row["size"], "upper"] else
                     1 if not inner.at[row["size"], "lower"] <= row.value <= inner.at[row["size"], "upper"] else 0)
            band, _ = band_used(row, f.overdispersed)
            said = BAND_ORDER.index(band)
            assert drawn == said or (flag and drawn > said), (key, row.force, drawn, said)


def test_one_review_out_of_one_is_ringed_and_within_the_range_expected():
    from analysis.charts.funnel import EXACT_TAIL_LABEL, draw_funnel, funnel_data, judged_on_exact_tail
    from analysis.tables import comparisons

    f = comparisons.reviews_funnel("Not investigated")
    points = f.points.reset_index(drop=True)
    one = points[(points.observed == 1) & (points["size"] == 1)]
    assert len(one), "the data hold a force with one review out of one"
    ringed = judged_on_exact_tail(f)
    assert ringed[one.index].all() and (one.verdict == "within the range expected").all()
    data = funnel_data(f, 1.0, "share", "reviews")
    assert data.judged_on_exact_tail.tolist() == ringed.tolist()
    fig, ax = export.new_figure()
    draw_funnel(ax, f, one.force.iloc[0], 1.0)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert EXACT_TAIL_LABEL in labels
    plt.close(fig)


def test_a_funnel_with_no_force_beyond_what_its_tail_allows_has_no_ring():
    from analysis.charts.funnel import EXACT_TAIL_LABEL, draw_funnel, judged_on_exact_tail
    from analysis.tables import comparisons

    f = comparisons.rate_funnel()
    assert not judged_on_exact_tail(f).any()
    fig, ax = export.new_figure()
    draw_funnel(ax, f, "Staffordshire", 1.0)
    assert EXACT_TAIL_LABEL not in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(fig)


def test_the_focus_label_of_the_highest_force_stays_clear_of_the_legend():
    """The force at the top of a funnel is labelled below its point: above it, the label ran into the legend."""
    from analysis.charts import latest

    top = latest.finalised_per_officer_funnel_chart().data.sort_values("value").force.iloc[-1]
    for focus in (top, "Staffordshire"):  # the top force, and one in the middle of the funnel
        chart = latest.finalised_per_officer_funnel_chart(focus)
        ax = chart.fig.axes[0]
        chart.fig.canvas.draw()
        renderer = chart.fig.canvas.get_renderer()
        label = next(t for t in ax.texts if t.get_text() == focus)
        legend = ax.get_legend().get_window_extent(renderer)
        assert not label.get_window_extent(renderer).overlaps(legend), focus
        plt.close(chart.fig)
