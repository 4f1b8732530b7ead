"""The check kinds: one function each, named in claims.csv; each judges from the data, not from the register."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis.data.claims import load_claims
from analysis.data.errors import DataError
from analysis.tables import factcheck_checks as checks
from analysis.tables.factcheck_lookup import FactcheckData


@pytest.fixture(scope="module")
def data() -> FactcheckData:
    return FactcheckData()


@pytest.fixture(scope="module")
def register() -> dict:
    return {c.claim_id: c for c in load_claims(checks.SIGNATURES)}


def test_every_kind_has_a_function_and_a_signature_and_is_used(register):
    assert set(checks.CHECKS) == set(checks.SIGNATURES)
    assert {c.check for c in register.values()} == set(checks.CHECKS)
    for name, function in checks.CHECKS.items():
        assert function.__name__ == name and function.__doc__


def test_same_figure_needs_another_source_to_match(data, register):
    c = register["s000-13"]                     # E&W cases logged: also printed by other copies of the release
    assert checks.same_figure(data, c).verdict == "matches"
    assert checks.same_figure(data, dataclasses.replace(c, quoted_value=67733)).verdict == "differs"
    own = checks.same_figure(data, register["s000-01"])   # only the Stoke Sentinel prints it
    assert own.verdict == "cannot check" and own.value == 1322 and "circular" in own.why


def test_almost_uses_the_rounding_step_of_the_row(data, register):
    c = register["s002-02"]                     # "ALMOST 300" officers: 288
    assert checks.almost(data, c).verdict == "rounding"
    ten = dataclasses.replace(c, args={"round_to": 10.0, "round_to_name": "ten"})
    assert checks.almost(data, ten).verdict == "differs"   # 288 rounds to 290, not 300


def test_majority_and_period_and_share(data, register):
    maj = checks.majority(data, register["s000-23"])
    assert maj.verdict == "matches" and maj.value == pytest.approx(100 * 2375 / 3764)
    assert checks.majority(data, dataclasses.replace(register["s000-23"], quoted_value=70)).verdict == "differs"
    assert checks.period_years(data, register["s001-02"]).value == 5
    share = checks.no_action_share(data, register["s002-11"])
    with pytest.raises(DataError, match="must both be among the parts") as info:
        checks.no_action_share(data, dataclasses.replace(register["s002-11"],
                                                         args={**register["s002-11"].args, "unknown": "Unknown"}))
    assert (info.value.path.name, info.value.column) == ("claims.csv", "args")
    assert share.verdict == "rounding" and "(501 - 46)" in share.how and "base matters" in share.why


def test_sum_of_parts_reads_the_parts_listed_in_the_row(data, register):
    c = register["s000-09"]
    two = dataclasses.replace(c, args={**c.args, "parts": c.args["parts"][:2]})
    result = checks.sum_of_parts(data, two)
    assert result.value == 1046 + 702 and result.verdict == "differs"


def test_no_breakdown_asks_for_a_real_check_once_the_data_hold_one(data, register):
    c = register["s001-13"]
    assert checks.no_breakdown(data, c).verdict == "cannot check"
    d = FactcheckData()
    extra = d.obs.iloc[[0]].assign(source_id=c.document.source_id, category="Male")
    d.obs = pd.concat([d.obs, extra], ignore_index=True)
    assert checks.no_breakdown(d, c).verdict == "differs"


def test_achievable_percent_and_fraction(data, register):
    pct = checks.achievable_percent(data, register["s004-02"])
    assert pct.verdict == "cannot check" and "134 or 135" in pct.why
    assert checks.achievable_percent(data, dataclasses.replace(register["s004-02"], quoted_value=75)).verdict \
        == "differs"   # a transcription slip: the data hold 74
    frac = checks.fraction_of_sample(data, register["s004-07"])
    assert frac.verdict == "cannot check" and frac.value == 25
