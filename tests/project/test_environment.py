"""environment.yml (conda users) and pyproject.toml (pip users) name the same packages and ranges."""

from __future__ import annotations

import re
import tomllib

from analysis.data.paths import ROOT


def _split(spec: str) -> tuple[str, str]:
    name = re.match(r"^[A-Za-z0-9_.\-]+", spec).group(0)
    return name.lower().replace("_", "-"), spec[len(name):].replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_split(s) for s in specs)


def conda_requirements() -> dict[str, str]:
    deps = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        match = re.match(r"^  - ([^\s#]+)\s*$", line)
        if in_deps and match and match.group(1) not in ("pip", "pip:"):
            name, rng = _split(match.group(1))
            deps[name] = rng
    return deps


def test_same_packages_and_ranges():
    conda = conda_requirements()
    conda.pop("python")
    assert conda == pyproject_requirements()


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"
    assert "  - python>=3.11" in (ROOT / "environment.yml").read_text()


def test_environment_installs_the_package_itself():
    assert re.search(r"^      - -e \.$", (ROOT / "environment.yml").read_text(), re.M)
