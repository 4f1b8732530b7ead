"""Formatting helpers shared by every layer (analysis/data/formatting.py)."""

from __future__ import annotations

import pytest

from analysis.data.formatting import change_verb, fmt_int, join_ids, round_half_up


@pytest.mark.parametrize("first,last,verb", [(67_732, 94_940, "rose"), (2_117, 673, "fell"), (10, 10, "was unchanged")])
def test_change_verb_follows_the_numbers(first, last, verb):
    assert change_verb(first, last) == verb


def test_join_ids_sorts_deduplicates_and_drops_blanks():
    assert join_ids(["b", "a", ""], ["a", "c"]) == "a;b;c"


def test_round_half_up_rounds_halves_up_and_fmt_int_keeps_whole_numbers_whole():
    assert round_half_up(2.5) == 3 and round_half_up(0.125, 2) == 0.13 and round(2.5) == 2  # not to even
    assert fmt_int(1322.0) == 1322 and isinstance(fmt_int(1322.0), int) and fmt_int(1.5) == 1.5
