"""The 43 territorial police forces of England and Wales, and their many names.

Publishers spell forces differently ("Avon & Somerset", "Avon and Somerset
Constabulary", "Metropolitan", "City of London (with Action Fraud)"), and people
type them in their own way ("the Met", "Heddlu De Cymru") or type the place
they live in ("Leeds", "Cardiff").  Every name goes through :func:`resolve`,
which returns the canonical name and the ONS police force area code, or raises
:class:`~analysis.data.errors.UnknownForceError` suggesting the closest forces (and
places).  :func:`explain_match` says how a name was matched.  Place names are
data: ``data/raw/places.csv`` (ONS local authorities, counties and Welsh names,
with the force that polices each; :func:`load_places`).  Raw data files name
forces, never places: their reader calls ``resolve(name, places=False)``.
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
from analysis.data.sources import source_ids

__all__ = [
    "ENGLAND_AND_WALES",
    "ENGLAND_AND_WALES_CODE",
    "Force",
    "KINDS",
    "PLACE_TYPES",
    "explain_match",
    "force_code",
    "load_force_aliases",
    "load_forces",
    "load_places",
    "normalise_force",
    "resolve",
    "suggest",
    "territorial_forces",
]

ENGLAND_AND_WALES = "England and Wales"
ENGLAND_AND_WALES_CODE = "K04000001"
KINDS = ("territorial", "special", "national")
#: Kinds of place in ``places.csv`` (ONS geography types; towns, former districts and airports people type).
PLACE_TYPES = ("Non-metropolitan District", "Unitary Authority", "Metropolitan District", "London Borough", "County",
               "Metropolitan County", "Town or city", "Former district", "Airport")
_PLACE_COLUMNS = ("place", "place_code", "place_type", "force", "source_id", "note")
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


@lru_cache(maxsize=1)
def _places(raw: Path) -> tuple[dict[str, tuple[str, str]], pd.DataFrame]:
    """Place key -> (place as written, force), and the validated table."""
    forces, keys = _registry(raw)
    path = raw / "places.csv"
    known = source_ids()
    places: dict[str, tuple[str, str]] = {}
    rows = read_table(path, _PLACE_COLUMNS)
    for row in rows:
        name = check_text(path, row, "place")
        check_text(path, row, "place_code")
        check_choice(path, row, "place_type", PLACE_TYPES)
        if row["force"] not in forces:
            raise DataError(path, f"{row['force']!r} is not a force in forces.csv", row=row.number, column="force")
        if row["source_id"] not in known:
            raise DataError(path, f"source id {row['source_id']!r} is not in data/raw/sources.csv", row=row.number,
                            column="source_id")
        key = _key(name)
        if key in places:
            raise DataError(path, f"place {name!r} is already listed as {places[key][0]!r}", row=row.number,
                            column="place")
        if keys.get(key, row["force"]) != row["force"]:
            raise DataError(path, f"{name!r} is also a name of the force {keys[key]!r}", row=row.number,
                            column="force")
        places[key] = (name, row["force"])
    table = pd.DataFrame([r.cells for r in rows], columns=list(_PLACE_COLUMNS))
    table.insert(4, "geo_code", table.force.map({n: f.geo_code for n, f in forces.items()}))
    return places, table


def load_places() -> pd.DataFrame:
    """Places people type, with the force that polices each (``data/raw/places.csv``).

    Columns: ``place`` (ONS name of a local authority district or county, a
    short form such as ``Bristol``, or a Welsh name such as ``Caerdydd``),
    ``place_code`` (ONS code), ``place_type`` (ONS geography type, see
    :data:`PLACE_TYPES`), ``force`` (canonical name), ``geo_code`` (the
    force's police force area code), ``source_id``, ``note``.
    """
    return _places(raw_dir())[1].copy()


def _lookup(name: str, places: bool) -> tuple[Force, str, str] | None:
    """(force, how it matched: ``name``, ``alias`` or ``place``, the matched text) or None."""
    forces, keys = _registry(raw_dir())
    key = _key(str(name))
    candidates = [key, _without_suffix(key)]
    if key.startswith("the "):
        candidates += [key[4:], _without_suffix(key[4:])]
    for k in candidates:
        if k in keys:
            target = keys[k]
            how = "name" if _key(target) in (k, key) or _without_suffix(_key(target)) == k else "alias"
            return forces[target], how, str(name).strip()
    if places:
        table = _places(raw_dir())[0]
        for k in candidates:
            if k in table:
                place, target = table[k]
                return forces[target], "place", place
    return None


def resolve(name: str | Force, places: bool = True) -> Force:
    """The :class:`Force` for any known spelling of a force name, or a place it polices.

    A :class:`Force` is returned as it is, so a public function resolves its
    argument once, at the door, and passes the ``Force`` on.  With
    ``places=False`` only force names and aliases are accepted (raw data
    files name forces, not places).

    >>> resolve("Avon & Somerset").geo_code
    'E23000036'
    >>> resolve("Leeds").name
    'West Yorkshire'
    """
    if isinstance(name, Force):
        return name
    found = _lookup(name, places)
    if found is None:
        raise UnknownForceError(str(name), suggest(name, places=places))
    return found[0]


def normalise_force(name: str) -> str:
    """Canonical name of a force given any alias or place (raises UnknownForceError)."""
    return resolve(name).name


def _formal(force: Force) -> str:
    """How a force calls itself, e.g. ``West Yorkshire Police`` (from the aliases when one is registered)."""
    _, keys = _registry(raw_dir())
    for suffix in ("Police", "Constabulary", "Police Service"):
        if force.name.endswith(suffix):
            return force.name
        if keys.get(_key(f"{force.name} {suffix}")) == force.name:
            return f"{force.name} {suffix}"
    return f"{force.name} Police"


def explain_match(name: str) -> str:
    """How :func:`resolve` reads ``name``, in a sentence.

    >>> explain_match("Leeds")
    'Leeds is policed by West Yorkshire Police'
    """
    found = _lookup(name, True)
    if found is None:
        raise UnknownForceError(str(name), suggest(name))
    force, how, matched = found
    if how == "place":
        return f"{matched} is policed by {_formal(force)}"
    if how == "alias":
        return f"{matched!r} is another name for {force.name}"
    return f"{matched!r} is the force {force.name}"


def force_code(name: str) -> str:
    """ONS police force area code of a force (``K04000001`` for England and Wales)."""
    return resolve(name).geo_code


def suggest(name: str, n: int = 3, places: bool = True) -> list[str]:
    """Up to ``n`` canonical force names closest to ``name``, by force names, aliases and (with ``places``) the
    places each force polices."""
    forces, keys = _registry(raw_dir())
    targets = dict(keys)
    if places:
        targets.update({k: force for k, (_, force) in _places(raw_dir())[0].items() if k not in targets})
    key = _without_suffix(_key(str(name)))
    found: list[str] = []
    for match in difflib.get_close_matches(key, list(targets), n=10, cutoff=0.6):
        if targets[match] not in found:
            found.append(targets[match])
    if len(key) > 2:
        for k, target in targets.items():
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
