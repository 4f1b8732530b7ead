"""data/processed/datapackage.json describes every processed table and validates with frictionless."""

from __future__ import annotations

import json

import pytest

from analysis.data.paths import PROCESSED
from analysis.report import datapackage


def test_committed_datapackage_is_what_the_code_generates():
    committed = json.loads((PROCESSED / "datapackage.json").read_text(encoding="utf-8"))
    assert committed == datapackage.datapackage(PROCESSED)


def test_every_processed_csv_is_described_with_a_primary_key():
    described = {r["path"] for r in datapackage.datapackage(PROCESSED)["resources"]}
    assert described == {p.name for p in PROCESSED.glob("*.csv")}
    for resource in datapackage.datapackage(PROCESSED)["resources"]:
        assert resource["schema"]["primaryKey"] and resource["description"]


def test_facts_fields_are_all_described():
    resource = next(r for r in datapackage.datapackage(PROCESSED)["resources"] if r["path"] == "facts.csv")
    assert all(f["description"] != datapackage.UNDESCRIBED for f in resource["schema"]["fields"])


@pytest.mark.slow
def test_frictionless_validates_the_package():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(PROCESSED / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "type", "note"])[:10]


@pytest.mark.slow
def test_a_broken_table_fails_validation(tmp_path):
    frictionless = pytest.importorskip("frictionless")
    for path in PROCESSED.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    summary = (tmp_path / "facts.csv").read_text(encoding="utf-8").splitlines()
    header = summary[0].split(",")
    bad = summary[1].split(",")
    bad[header.index("status")] = "guessed"
    (tmp_path / "facts.csv").write_text("\n".join([summary[0], ",".join(bad), *summary[2:]]) + "\n",
                                                encoding="utf-8")
    datapackage.write_datapackage(tmp_path)
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid
