"""Looking up the figures a fact-check reads: the observations and source register, loaded once per table.

:class:`FactcheckData` finds one figure by its key and source id (or every
other source's copy of it); :class:`Check` is what recomputing one claim
returns.  A key that matches no figure raises :class:`FigureNotFound`, which
the claims table turns into an error naming the row of
``data/registers/claims.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.data.claims import Key
from analysis.data.formatting import fmt
from analysis.data.observations import load_observations
from analysis.data.sources import load_sources

__all__ = ["Check", "FactcheckData", "Fig", "FigureNotFound", "uncertain_note"]


@dataclass(frozen=True)
class Fig:
    """One looked-up figure, with where it was read."""

    value: float
    source_id: str
    status: str
    raw_file: str
    raw_row: int


@dataclass
class Check:
    """The outcome of recomputing one claim."""

    value: float
    how: str
    sources: tuple[str, ...]
    verdict: str
    why: str
    statuses: tuple[str, ...] = ()


class FigureNotFound(LookupError):
    """No figure (or more than one) in the data for a key and source id."""

    def __init__(self, key: Key, source_id: str, found: int) -> None:
        self.key = key
        self.source_id = source_id
        self.found = found
        super().__init__(f"expected one figure for {key.describe()} (unit {key.unit}) from {source_id} in the data, "
                         f"found {found}")


class FactcheckData:
    """The observations and the source register, loaded once per claims table."""

    def __init__(self) -> None:
        self.obs = load_observations(with_sources=False)
        self.sources = load_sources().set_index("source_id")

    def rows(self, key: Key) -> pd.DataFrame:
        """Every source's rows for ``key``."""
        o = self.obs
        return o[(o.force == key.force) & (o.period == key.period) & (o.measure == key.measure)
                 & (o.category == key.category) & (o.unit == key.unit)]

    def get(self, key: Key, source_id: str) -> Fig:
        """The one figure for ``key`` from ``source_id``; :class:`FigureNotFound` if there is not exactly one."""
        sel = self.rows(key)
        sel = sel[sel.source_id == source_id]
        if len(sel) != 1:
            raise FigureNotFound(key, source_id, len(sel))
        r = sel.iloc[0]
        return Fig(float(r.value), source_id, str(r.status), str(r.raw_file), int(r.raw_row))

    def others(self, key: Key, source_id: str) -> list[Fig]:
        """The same figure from every other source, in source-id order."""
        sel = self.rows(key)
        sel = sel[sel.source_id != source_id].sort_values(["source_id"], kind="stable")
        return [Fig(float(r.value), str(r.source_id), str(r.status), str(r.raw_file), int(r.raw_row))
                for r in sel.itertuples()]

    def publisher(self, source_id: str) -> str:
        """The short name of a source's publisher."""
        return str(self.sources.at[source_id, "publisher"]).split(" (")[0].split(";")[0]


def uncertain_note(figs: list[Fig]) -> str:
    """A sentence flagging the figures that are not ``published`` (blank when all are)."""
    flagged = [f for f in figs if f.status != "published"]
    if not flagged:
        return ""
    return " Data status: " + "; ".join(f"{fmt(f.value)} is {f.status} ({f.raw_file} row {f.raw_row})"
                                        for f in flagged) + "."
