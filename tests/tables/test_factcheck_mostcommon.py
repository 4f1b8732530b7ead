"""The tables behind the "most common category" claim (s000-05)."""

from __future__ import annotations

import pytest

from analysis.data.vocabulary import IOPC_CATEGORIES
from analysis.tables import factcheck as claims
from analysis.tables.factcheck_mostcommon import full_breakdown_forces, most_common_check


@pytest.fixture(scope="module")
def claim():
    return claims.find_claim("s000-05")


def test_published_categories_and_remainder_add_up(claim):
    mc = most_common_check(claim.key, claim.document.source_id)
    assert list(mc.category[: len(IOPC_CATEGORIES)]) == list(IOPC_CATEGORIES)
    published = mc[mc.category.isin(IOPC_CATEGORIES) & mc.published]
    remainder, total = mc.allegations.iloc[-2], mc.allegations.iloc[-1]
    assert published.allegations.sum() + remainder == total
    assert published.allegations.max() == claim.quoted_value
    assert mc[mc.category.isin(IOPC_CATEGORIES) & ~mc.published].allegations.isna().all()


def test_full_breakdown_forces_have_every_category(claim):
    full = full_breakdown_forces(claim.key, claim.document.source_id)
    assert list(full.columns) == ["force", "source_id", "largest", "largest_allegations", "delivery_share_pct",
                                  "largest_other_share_of_remainder_pct"]
    assert len(full) and full.largest.isin(IOPC_CATEGORIES).all()
    assert full.delivery_share_pct.between(0, 100).all()
    assert (full.largest_other_share_of_remainder_pct < 100).all()
    assert "England and Wales" not in set(full.force)


def test_find_claim_names_the_register():
    with pytest.raises(KeyError, match="claims.csv"):
        claims.find_claim("s009-99")
