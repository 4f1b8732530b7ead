"""The edition line every worksheet, key and assignment prints: package version, data vintage and date.

The date is the data's, not the clock's: the newest publication date in the
source register (``data/raw/sources.csv``), the same vintage the force pages
show.  Re-running a worksheet on the same data gives the same file; after new
data, the same command gives a new edition (``make worksheet FORCE=...``).
"""

from __future__ import annotations

from analysis.data.project import package_version
from analysis.data.sources import load_sources
from analysis.report.teaching.facts import teaching_period

__all__ = ["data_date", "edition", "edition_line"]


def data_date() -> str:
    """The newest publication date in the source register (the data's date)."""
    return str(load_sources().published.max())


def edition() -> dict[str, str]:
    """``version`` (the package's), ``period`` (the newest year in the data) and ``date`` (the data's date)."""
    return {"version": package_version(), "period": teaching_period(), "date": data_date()}


def edition_line() -> str:
    """One line for the top of a worksheet or key."""
    e = edition()
    return (f"Edition: police-complaints-analysis {e['version']} · figures to {e['period']} · data as published "
            f"up to {e['date']}")
