"""Where things live in the repository.

Every path is derived from the location of this package, so the library works
from any working directory (a notebook in ``notebooks/``, a test, the CLI).
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "DATA",
    "FIGURES",
    "NOTEBOOKS",
    "PROCESSED",
    "RAW",
    "REPORTS",
    "ROOT",
    "raw_dir",
    "relative",
    "using_raw_dir",
]

ROOT: Path = Path(__file__).resolve().parents[2]
DATA: Path = ROOT / "data"
RAW: Path = DATA / "raw"
PROCESSED: Path = DATA / "processed"
FIGURES: Path = ROOT / "figures"
NOTEBOOKS: Path = ROOT / "notebooks"
REPORTS: Path = ROOT / "reports"


def relative(path: Path) -> str:
    """``path`` relative to the repository root when possible (for messages)."""
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


_raw_override: list[Path] = []


def raw_dir() -> Path:
    """The raw data folder in use: ``data/raw`` unless :func:`using_raw_dir` is active."""
    return _raw_override[-1] if _raw_override else RAW


class using_raw_dir:  # noqa: N801 - used like a function
    """Context manager: read raw data from another folder (tests use copies)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def __enter__(self) -> Path:
        _raw_override.append(self.path)
        return self.path

    def __exit__(self, *exc: object) -> None:
        _raw_override.pop()
