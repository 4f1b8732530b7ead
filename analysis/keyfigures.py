"""The numbers that go into copy, in one place.

Each notebook ends with a *key figures* cell that prints
``keyfigures.for_notebook("01")``; nbval checks that output, so a change in a
headline number fails the tests.  The build writes all of them to
``data/processed/key_figures.csv``.

A key figure is a dict with ``key`` (short snake_case name), ``value``
(a number, already rounded for print), ``unit`` and ``source_ids``
(semicolon-separated ids of the sources behind it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pandas as pd

COLUMNS = ["notebook", "key", "value", "unit", "source_ids"]


#: notebook -> (module, function) providing its key figures.
PROVIDERS: dict[str, tuple[str, str]] = {
    "00-the-data": ("coverage", "key_figures"),
    "01-complaint-rates": ("complaints", "key_figures_rates"),
    "02-outcome-proportions": ("complaints", "key_figures_outcomes"),
    "03-national-comparisons": ("comparisons", "key_figures"),
    "04-fact-check": ("claims", "key_figures"),
}


def _provider(notebook: str) -> Callable[[], list[dict]]:
    module, function = PROVIDERS[notebook]
    return getattr(importlib.import_module(f"analysis.{module}"), function)


def key_figures(prefix: str = "") -> pd.DataFrame:
    """Every notebook's key figures: ``notebook, key, value, unit, source_ids``."""
    rows = []
    for notebook in PROVIDERS:
        if not notebook.startswith(prefix):
            continue
        for item in _provider(notebook)():
            rows.append({"notebook": notebook, **item})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.duplicated(["notebook", "key"]).any():
        raise ValueError("duplicate key figure names")
    return frame


def for_notebook(prefix: str) -> pd.DataFrame:
    """The key figures of the notebook whose name starts with ``prefix`` (e.g. ``"01"``)."""
    frame = key_figures(prefix)
    return frame.drop(columns="notebook").reset_index(drop=True)


def show(prefix: str) -> None:
    """Print a notebook's key figures as plain text (stable for nbval)."""
    frame = for_notebook(prefix)
    frame["value"] = [f"{v:,.0f}" if float(v).is_integer() else f"{v:,.1f}" for v in frame["value"]]
    print(frame[["key", "value", "unit"]].to_string(index=False))
