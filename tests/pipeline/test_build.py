"""The build is deterministic, never writes data/raw, and its outputs are complete."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

from analysis.data.paths import RAW
from analysis.pipeline.build import build


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.slow
def test_build_is_byte_identical_when_rerun_and_leaves_raw_alone(built, tmp_path):
    before = digest(RAW)
    build(out_dir=tmp_path / "b")
    assert digest(built) == digest(tmp_path / "b")
    assert digest(RAW) == before


def test_committed_processed_data_is_up_to_date(built):
    """data/processed in the repository is exactly what the build writes (run `make data`)."""
    committed = RAW.parent / "processed"
    assert sorted(digest(committed)) == sorted(digest(built)), "data/processed holds other files: run `make data`"
    for name, sha in digest(built).items():
        assert digest(committed).get(name) == sha, f"data/processed/{name} is stale: run `make data`"


def test_observations_have_the_documented_columns_and_no_missing_values(built):
    obs = pd.read_csv(built / "observations.csv", dtype={"geo_code": str}, keep_default_na=False)
    for column in ["source_id", "dataset", "period", "geo_code", "force", "measure", "category", "value",
                   "unit", "status"]:
        assert column in obs.columns
    assert set(obs.status) <= {"published", "derived", "uncertain"}
    assert pd.to_numeric(obs.value).notna().all()
    national = obs[obs.force == "England and Wales"]
    assert (national.geo_code == "K04000001").all() and len(national) > 50
    fy = obs.period.str.match(r"^\d{4}/\d{2}")
    assert fy.sum() > 100
    notes_needed = obs[obs.status != "published"]
    assert (notes_needed.note.str.len() > 0).all()


def test_load_dataset_returns_one_dataset_and_rejects_unknown_names():
    import pytest

    import analysis

    frame = analysis.load_dataset("iopc_2020_21_forces")
    assert set(frame.dataset) == {"iopc_2020_21_forces"} and {"publisher", "url", "status"} <= set(frame.columns)
    assert len(frame) == (analysis.load_observations().dataset == "iopc_2020_21_forces").sum()
    with pytest.raises(KeyError, match="(?i)known: iopc_2020_21_national"):
        analysis.load_dataset("iopc")
