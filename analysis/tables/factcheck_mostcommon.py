"""The tables behind a "most common category" claim: which categories are published, and what forces with a
full breakdown show.

A document may print only some of the IOPC allegation categories for a force
and still call one of them the most common.  :func:`most_common_check` lists
the published categories and the unpublished remainder;
:func:`full_breakdown_forces` shows, for the forces whose every category is in
the data, how large the other categories get.  The ``most_common`` check kind
(:mod:`analysis.tables.factcheck_checks`) reads both.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.claims import Key
from analysis.data.forces import ENGLAND_AND_WALES
from analysis.data.vocabulary import IOPC_CATEGORIES
from analysis.tables.factcheck_lookup import FactcheckData

__all__ = ["full_breakdown_forces", "most_common_check"]


def most_common_check(key: Key, source_id: str, data: FactcheckData | None = None) -> pd.DataFrame:
    """The categories ``source_id`` publishes for ``key`` (its force, period and measure) and the remainder.

    One row per IOPC allegation category: ``category``, ``allegations``
    (NaN when not published), ``published``.  The last rows are the
    unpublished remainder and the total.
    """
    d = data or FactcheckData()
    total = d.get(Key(key.force, key.period, key.measure), source_id).value
    rows = []
    for cat in IOPC_CATEGORIES:
        sel = d.rows(Key(key.force, key.period, key.measure, cat))
        sel = sel[sel.source_id == source_id]
        rows.append({"category": cat, "allegations": float(sel.value.iloc[0]) if len(sel) else np.nan,
                     "published": bool(len(sel))})
    frame = pd.DataFrame(rows)
    remainder = total - frame.allegations.sum()
    n_unpub = int((~frame.published).sum())
    frame = pd.concat([frame, pd.DataFrame([
        {"category": f"Unpublished remainder ({n_unpub} categories)", "allegations": remainder, "published": False},
        {"category": "All allegations", "allegations": total, "published": True}])], ignore_index=True)
    return frame


def full_breakdown_forces(key: Key, source_id: str, data: FactcheckData | None = None) -> pd.DataFrame:
    """Forces with every IOPC category in the data for ``key``'s period and measure: their largest categories.

    Columns: ``force, source_id, largest, largest_allegations, delivery_share_pct,
    largest_other_share_of_remainder_pct``: the share of ``key``'s category (the
    one claimed to be the most common, delivery of duties and service) and the
    biggest category outside it and the categories ``source_id`` publishes, as
    a share of everything outside those.
    """
    d = data or FactcheckData()
    o = d.obs
    sel = o[(o.period == key.period) & (o.measure == key.measure) & (o.unit == "count")
            & (o.force != ENGLAND_AND_WALES) & o.category.isin(IOPC_CATEGORIES)]
    published = set(most_common_check(key, source_id, d).query("published").category) & set(IOPC_CATEGORIES)
    rows = []
    for (force, sid), g in sel.groupby(["force", "source_id"], sort=True):
        if set(g.category) != set(IOPC_CATEGORIES):
            continue
        s = g.set_index("category").value
        rest = s.drop(list(published))
        rows.append({"force": force, "source_id": sid, "largest": s.idxmax(), "largest_allegations": s.max(),
                     "delivery_share_pct": round(100 * s[key.category] / s.sum(), 1),
                     "largest_other_share_of_remainder_pct": round(100 * rest.max() / rest.sum(), 1)})
    return pd.DataFrame(rows, columns=["force", "source_id", "largest", "largest_allegations", "delivery_share_pct",
                                       "largest_other_share_of_remainder_pct"])
