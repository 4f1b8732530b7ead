"""The lock file pins everything; this environment, environment.yml and pyproject.toml agree with it."""

from __future__ import annotations

import re
import tomllib

import pytest

from analysis.data.paths import ROOT
from analysis.pipeline import lockcheck

LOCK = ROOT / "requirements.lock"


@pytest.fixture(scope="module")
def pins() -> dict[str, str]:
    return lockcheck.locked_versions(LOCK)


def test_every_locked_package_is_pinned_exactly_with_hashes():
    text = LOCK.read_text()
    entries = re.findall(r"^([A-Za-z0-9][^\s=]*)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", text, re.M)
    pinned = [line for line in text.splitlines() if line and not line[0].isspace() and not line.startswith("#")]
    assert len(entries) == len(pinned) > 100


def test_this_environment_is_exactly_the_lock(pins):
    assert lockcheck.installed_mismatches(pins) == []


def test_lock_covers_every_direct_requirement_within_its_range(pins):
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for spec in project["dependencies"] + project["optional-dependencies"]["test"]:
        req = Requirement(spec)
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in pins, f"{name} is not in requirements.lock: run make lock"
        assert req.specifier.contains(pins[name]), f"{name} {pins[name]} is outside pyproject's {req.specifier}"


def test_environment_yml_pins_the_locked_versions(pins):
    text = (ROOT / "environment.yml").read_text()
    conda = dict(re.findall(r"^  - ([a-z0-9\-]+)==(\S+)$", text, re.M))
    assert conda == {name: pins[name] for name in lockcheck.direct_requirements()}
    assert text == lockcheck.environment_yml(pins)


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert "  - python=3.11" in (ROOT / "environment.yml").read_text()
    assert "--python-version 3.11" in LOCK.read_text().splitlines()[1]


def test_environment_installs_the_package_itself():
    assert re.search(r"^      - -e \.$", (ROOT / "environment.yml").read_text(), re.M)


def test_a_malformed_lock_line_is_named(tmp_path):
    bad = tmp_path / "bad.lock"
    bad.write_text("pandas>=2\n")
    with pytest.raises(SystemExit, match="line 1: not an exact pin"):
        lockcheck.locked_versions(bad)
