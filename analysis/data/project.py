"""The project's own settings, read from one place: ``[project]`` and ``[project.urls]`` of ``pyproject.toml``.

The repository URL is set once (``[project.urls] Repository``); the Binder
link, the issue tracker (``Issues``, which the force pages' footer shows) and
the teaching material's badge are derived from it.  The package version is the
installed one (the same as ``pyproject.toml`` in an editable install).
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import metadata
from urllib.parse import urlparse

from analysis.data.paths import ROOT

__all__ = ["PYPROJECT", "binder_badge", "binder_url", "package_version", "project_urls", "repository_url"]

PYPROJECT = ROOT / "pyproject.toml"
_BADGE = "https://mybinder.org/badge_logo.svg"


@lru_cache(maxsize=1)
def _project() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]


def project_urls() -> dict[str, str]:
    """``[project.urls]`` of ``pyproject.toml`` (``Repository``, ``Issues``, ...)."""
    return dict(_project().get("urls", {}))


def repository_url() -> str:
    """The repository's web address (``[project.urls] Repository``), without a trailing slash."""
    url = project_urls().get("Repository", "")
    if not url:
        raise KeyError(f"{PYPROJECT.name} sets no [project.urls] Repository")
    return url.rstrip("/")


def package_version() -> str:
    """The package's version: installed metadata, else ``pyproject.toml``."""
    try:
        return metadata.version(_project()["name"])
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return str(_project()["version"])


def binder_url(path: str = "classroom") -> str:
    """A mybinder.org link that opens JupyterLab on ``path`` in the repository (a GitHub address)."""
    parsed = urlparse(repository_url())
    if parsed.netloc != "github.com":
        raise ValueError(f"Binder links are built for GitHub repositories, not {repository_url()!r}")
    owner_repo = parsed.path.strip("/")
    return f"https://mybinder.org/v2/gh/{owner_repo}/HEAD?urlpath=lab/tree/{path}"


def binder_badge(path: str = "classroom") -> str:
    """The Markdown badge for :func:`binder_url`."""
    return f"[![Binder]({_BADGE})]({binder_url(path)})"
