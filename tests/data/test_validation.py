"""Dates that cannot be right: a period that ends after its source was published, a publication in the future.

The checks take plain records and a small source register, so each case is one call; one case runs the whole
build on a corrupted copy of data/raw.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.errors import DataError
from analysis.data.validation import check_periods_published, period_end, publication_start
from tests.conftest import set_cell

SOURCES = Path("sources.csv")
TODAY = date(2025, 12, 1)


def _check(period: str, published: str, today: date = TODAY) -> None:
    sources = pd.DataFrame({"source_id": ["s"], "published": [published]})
    check_periods_published(Path("figures.csv"), [{"source_id": "s", "period": period, "raw_row": 7}], sources,
                            SOURCES, today=today)


@pytest.mark.parametrize("period,published,pattern", [
    ("2025/26", "2025-11-20", "ends 2026-03-31, after the publication date"),
    ("2025/26", "2025-11", "ends 2026-03-31"),
    ("2024/25", "2025-03-30", "ends 2025-03-31"),
    ("2023/24 Q3", "2023-12-15", "ends 2023-12-31"),
    ("2023/24 to Q2", "2023-09-01", "ends 2023-09-30"),
    ("2025", "2025-06-30", "ends 2025-12-31"),
    ("2016-2020", "2020-10-12", "ends 2020-12-31"),
    ("2013/14-2021/22", "2022-01", "ends 2022-03-31"),
    ("2023-03-01/2024-02-29", "2024-02", None),  # the interval ends on the last day of the month: allowed
    ("2021-03-31", "2021-03-30", "starts 2021-03-31"),  # a snapshot starts and ends on its date
])
def test_a_period_must_end_before_its_source_was_published(period, published, pattern):
    if pattern is None:
        assert _check(period, published) is None
        return
    with pytest.raises(DataError) as info:
        _check(period, published)
    assert info.value.row == 7 and info.value.column == "period" and re.search(pattern, str(info.value))


@pytest.mark.parametrize("period,published", [
    ("2024/25", "2025-11-20"), ("2024/25", "2025"), ("2024/25", "2025-03-31"), ("2023/24 to Q3", "2024-02"),
    ("2021-03-31", "2021-03-31"), ("2016-2020", "2021"),
])
def test_periods_that_ended_before_publication_pass(period, published):
    assert _check(period, published) is None


@pytest.mark.parametrize("published,pattern", [
    ("2099", "publication date 2099 is in the future"),
    ("2099-01-01", "in the future"),
    ("2026-01", "in the future"),
    ("2025-12-02", "in the future"),
])
def test_no_publication_date_in_the_future(published, pattern):
    with pytest.raises(DataError) as info:
        _check("2020/21", published)
    assert info.value.path == SOURCES and info.value.row == 1 and info.value.column == "published"
    assert re.search(pattern, str(info.value)) and "today is 2025-12-01" in str(info.value)


@pytest.mark.parametrize("published", ["2025", "2025-12", "2025-12-01"])
def test_a_publication_date_that_includes_today_passes(published):
    assert _check("2020/21", published) is None


@pytest.mark.parametrize("period,expected", [
    ("2020/21", date(2021, 3, 31)),
    ("2022/23 Q1", date(2022, 6, 30)),
    ("2022/23 Q2", date(2022, 9, 30)),
    ("2022/23 Q3", date(2022, 12, 31)),
    ("2022/23 Q4", date(2023, 3, 31)),
    ("2023/24 to Q2", date(2023, 9, 30)),
    ("2023/24 to Q3", date(2023, 12, 31)),
    ("2021", date(2021, 12, 31)),
    ("2016-2020", date(2020, 12, 31)),
    ("2013/14-2021/22", date(2022, 3, 31)),
    ("2021-03-31", date(2021, 3, 31)),
    ("2023-03-01/2024-02-29", date(2024, 2, 29)),
])
def test_period_end(period, expected):
    assert period_end(period) == expected


@pytest.mark.parametrize("published,expected", [
    ("2021", date(2021, 1, 1)), ("2021-11", date(2021, 11, 1)), ("2021-11-16", date(2021, 11, 16)), ("", None),
])
def test_publication_start(published, expected):
    assert publication_start(published) == expected


def test_the_build_stops_on_a_publication_date_in_the_future(raw_copy, tmp_path):
    from tests.data.test_rawfiles_bad_input import expect_error

    row = set_cell(raw_copy / "sources.csv", "published", "2099-01-01", {"source_id": "def-iopc-2020-21-report"})
    expect_error(raw_copy, tmp_path, "sources.csv", row, "published", "in the future")
