"""One place decides a funnel band, one place words it (issue 8), in plain words (issue 9)."""

from __future__ import annotations

import pytest

from analysis.tables import bands, comparisons


def test_every_band_has_plain_words_and_none_says_significant():
    for (band, direction), words in bands.VERDICTS.items():
        assert bands.verdict(band, direction) == words
        assert "significant" not in words
    assert bands.verdict("within 95%", "") == "within the range expected"
    assert bands.verdict("between 95% and 99.8%", "above") == "higher than expected"
    assert bands.verdict("beyond 99.8%", "below") == "much lower than expected"
    assert bands.verdict(None, None) == "no figure" and bands.verdict(float("nan"), "") == "no figure"


def test_unknown_band_is_an_error_not_a_guess():
    with pytest.raises(ValueError, match="unknown funnel band"):
        bands.verdict("outside", "above")


def test_band_used_follows_the_limits_the_chart_draws():
    point = {"band": "beyond 99.8%", "direction": "above", "band_adjusted": "within 95%", "direction_adjusted": ""}
    assert bands.band_used(point, overdispersed=True) == ("within 95%", "")
    assert bands.band_used(point, overdispersed=False) == ("beyond 99.8%", "above")
    assert bands.verdict_sentence("within 95%", "", True).endswith("allowing for normal variation between forces")
    assert bands.verdict_sentence("within 95%", "", False).endswith("from chance alone")


def test_funnel_points_carry_the_verdict_the_bands_module_gives():
    f = comparisons.rate_funnel()
    for _, row in f.points.iterrows():
        band, direction = bands.band_used(row, f.overdispersed)
        assert row.verdict == bands.verdict(band, direction)
