"""Errors raised when raw data is malformed or inconsistent.

Every message names the file, the row and the column, and says what was
expected, so a person can open the file and fix it.  Rows are counted as data
rows (the first row after the header is row 1); the line number in the file is
given as well, because that is what an editor shows.
"""

from __future__ import annotations

from pathlib import Path

from analysis.data.paths import relative

__all__ = ["DataError", "OutputError", "UnknownForceError"]


class DataError(ValueError):
    """A raw data file is malformed or inconsistent with the rest of the data."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.row = row
        self.column = column
        self.detail = message
        where = _where(self.path)
        if row is not None:
            where += f", row {row} (line {row + 1})"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(f"{where}: {message}")


def _where(path: Path) -> str:
    try:
        return relative(path)
    except (OSError, RuntimeError):  # a symbolic-link loop cannot be resolved
        return str(path)


class UnknownForceError(KeyError):
    """A force name that is neither a canonical name nor a known alias."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown police force {name!r}.{hint}")

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return self.args[0]


class OutputError(Exception):
    """Outputs could not be written (a full disk, a read-only folder); the previous outputs are unchanged."""

    def __init__(self, path: Path | str, message: str, reason: str = "") -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{_where(self.path)}: {message}")
