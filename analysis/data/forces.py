"""The 43 territorial police forces of England and Wales, and their many names.

Publishers spell forces differently ("Avon & Somerset", "Avon and Somerset
Constabulary", "Metropolitan", "City of London (with Action Fraud)").  Every
name in the project goes through :func:`resolve`, which returns the canonical
name and the ONS police force area code, or raises
:class:`~analysis.errors.UnknownForceError` suggesting the closest forces.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.errors import DataError, UnknownForceError
from analysis.data.paths import raw_dir
from analysis.data.rawfiles import check_choice, check_text, read_table

__all__ = [
    "ENGLAND_AND_WALES",
    "ENGLAND_AND_WALES_CODE",
    "Force",
    "KINDS",
    "force_code",
    "load_force_aliases",
    "load_forces",
    "normalise_force",
    "resolve",
    "suggest",
    "territorial_forces",
]

ENGLAND_AND_WALES = "England and Wales"
ENGLAND_AND_WALES_CODE = "K04000001"
KINDS = ("territorial", "special", "national")
_CODE = re.compile(r"^(E23|W15)\d{6}$")
_SUFFIXES = ("police service", "constabulary", "police force", "police")


@dataclass(frozen=True)
class Force:
    """A force (or England and Wales) with its ONS code (empty for BTP)."""

    name: str
    geo_code: str
    kind: str
    country: str
    region: str


def _key(name: str) -> str:
    """Comparison key: case-folded, '&' read as 'and', punctuation dropped."""
    text = name.casefold().replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def _without_suffix(key: str) -> str:
    for suffix in _SUFFIXES:
        if key.endswith(" " + suffix):
            return key[: -len(suffix) - 1]
    return key


@lru_cache(maxsize=1)
def _registry(raw: Path) -> tuple[dict[str, Force], dict[str, str]]:
    forces_path = raw / "forces.csv"
    forces: dict[str, Force] = {}
    for row in read_table(forces_path, ["force", "geo_code", "country", "kind", "region"]):
        name = check_text(forces_path, row, "force")
        kind = check_choice(forces_path, row, "kind", KINDS)
        code = row["geo_code"]
        if kind == "territorial" and not _CODE.match(code):
            raise DataError(forces_path, f"expected an ONS police force area code E23…/W15…, found {code!r}",
                            row=row.number, column="geo_code")
        if name in forces:
            raise DataError(forces_path, f"force {name!r} appears twice", row=row.number, column="force")
        forces[name] = Force(name, code, kind, row["country"], row["region"])
    codes = [f.geo_code for f in forces.values() if f.geo_code]
    if len(codes) != len(set(codes)):
        raise DataError(forces_path, "an ONS code is used by two forces", column="geo_code")
    keys = {_key(n): n for n in forces}
    aliases_path = raw / "force_aliases.csv"
    for row in read_table(aliases_path, ["alias", "force", "used_by"]):
        target = row["force"]
        if target not in forces:
            raise DataError(aliases_path, f"{target!r} is not a force in forces.csv", row=row.number,
                            column="force")
        key = _key(check_text(aliases_path, row, "alias"))
        if keys.get(key, target) != target:
            raise DataError(aliases_path, f"alias {row['alias']!r} already means {keys[key]!r}",
                            row=row.number, column="alias")
        keys[key] = target
    return forces, keys


def resolve(name: str) -> Force:
    """The :class:`Force` for any known spelling of a force name.

    >>> resolve("Avon & Somerset").geo_code
    'E23000036'
    """
    forces, keys = _registry(raw_dir())
    key = _key(str(name))
    target = keys.get(key) or keys.get(_without_suffix(key))
    if target is None:
        raise UnknownForceError(str(name), suggest(name))
    return forces[target]


def normalise_force(name: str) -> str:
    """Canonical name of a force given any alias (raises UnknownForceError)."""
    return resolve(name).name


def force_code(name: str) -> str:
    """ONS police force area code of a force (``K04000001`` for England and Wales)."""
    return resolve(name).geo_code


def suggest(name: str, n: int = 3) -> list[str]:
    """Up to ``n`` canonical force names closest to ``name``."""
    forces, keys = _registry(raw_dir())
    key = _without_suffix(_key(str(name)))
    found: list[str] = []
    for match in difflib.get_close_matches(key, list(keys), n=10, cutoff=0.5):
        if keys[match] not in found:
            found.append(keys[match])
    if key:
        for k, target in keys.items():
            if key in k and target not in found:
                found.append(target)
    return found[:n]


def territorial_forces() -> list[str]:
    """The 43 territorial forces, in alphabetical order."""
    forces, _ = _registry(raw_dir())
    return sorted(n for n, f in forces.items() if f.kind == "territorial")


def load_forces() -> pd.DataFrame:
    """The force register, one row per force.

    Columns: ``force`` (canonical name), ``geo_code`` (ONS police force area
    code, E23…/W15…; ``K04000001`` for England and Wales; empty for British
    Transport Police, which polices the railways and has no area), ``kind``
    (``territorial``, ``special`` or ``national``), ``country``, ``region``.
    """
    forces, _ = _registry(raw_dir())
    frame = pd.DataFrame([f.__dict__ for f in forces.values()]).rename(columns={"name": "force"})
    return frame.sort_values("force", ignore_index=True)


def load_force_aliases() -> pd.DataFrame:
    """Every spelling publishers use for a force: ``alias``, ``force``, ``used_by``."""
    return pd.read_csv(raw_dir() / "force_aliases.csv", dtype=str, keep_default_na=False)
