"""Answers read as people write them; what cannot be read gets a message saying how to write it."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.report.teaching.parsing import AnswerFormatError, read_number, read_text


@pytest.mark.parametrize("text,value", [
    ("114 days", 114), ("1,215", 1215), ("1 215", 1215), ("1\u202f215", 1215), ("19.8%", 19.8), ("19.8 %", 19.8),
    ("890 per 1,000 officers", 890), ("about 238 per 100,000 people.", 238), ("17.6.", 17.6), ("'42'", 42),
    ("-3", -3), (".5", 0.5), (7, 7), (np.int64(12), 12), (2.5, 2.5),
])
def test_numbers_are_read(text, value):
    assert read_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text,message", [
    ("19,8", "decimal comma"), ("0,198", "decimal comma"), ("1.215,5", "decimal comma"), ("1,2345", "decimal comma"),
    ("19.8 or 20", "one number"), ("2 of 8", "one number"), ("lots", "expected a number"), ("", "expected a number"),
    (True, "expected a number"), (float("nan"), "NaN"), ([1], "expected a number"),
])
def test_unreadable_answers_say_how_to_write_them(text, message):
    with pytest.raises(AnswerFormatError, match=message):
        read_number(text)


def test_the_decimal_comma_message_shows_the_decimal_point():
    with pytest.raises(AnswerFormatError) as err:
        read_number("19,8")
    assert "'19.8'" in str(err.value)


@pytest.mark.parametrize("text,normal", [
    ("uncertain.", "uncertain"), (" 'Uncertain' ", "uncertain"), ("within 95 %", "within 95%"),
    ("Between  95% and 99.8%", "between 95% and 99.8%"), ('"derived"', "derived"),
])
def test_text_is_normalised(text, normal):
    assert read_text(text) == normal
