"""The fact-check registers: the source documents and every figure they print, read from CSV and validated.

Two hand-kept tables, read by the same strict reader as ``data/raw`` (a bad
cell stops with file, row and column):

``data/registers/claims_documents.csv``
    One row per source document: ``document`` (its number, ``000``...),
    ``source_id`` (its id in ``data/raw/sources.csv``), ``publication``,
    ``about`` and ``unchecked_because`` (blank, or why the document has no
    figure to check).

``data/registers/claims.csv``
    One row per printed figure (a *claim*).  **To add a claim, add a row here**;
    no Python changes unless it needs a new kind of check.  Columns:

    ``claim_id`` (``s<document>-<two digits>``), ``document``, ``source_id``
    (must agree with the documents register), ``claim`` (a paraphrase),
    ``quoted`` (as printed), ``quoted_value`` (the printed value as a number),
    ``unit``, ``check`` (the kind of check that recomputes it, e.g.
    ``same_figure``; the kinds are listed in
    :mod:`analysis.tables.factcheck_checks`), the key of the figure it is
    about (``force``, ``period``, ``measure``, ``category``, ``figure_unit``,
    as in ``data/processed/observations.csv``), ``args`` and ``note``.

    ``args`` is a mini-syntax: ``name=value`` pairs separated by ``;``, a list
    value separated by ``|``, e.g.
    ``parts=Outside Schedule 3|Schedule 3 investigated; label=allegations by handling``.
    Each check kind says which arguments it takes and whether it needs a key
    and a note (:class:`Signature`); anything else is an error.

The loader checks the form of each row.  Whether a key matches a figure in the
data is checked when the claim is recomputed
(:func:`analysis.tables.factcheck.claims_table`), with the same file, row and
column in the message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from analysis.data.errors import DataError
from analysis.data.rawfiles import UNITS, Row, check_choice, check_period, check_text, parse_value, read_table
from analysis.data.registers import REGISTER_DIR

__all__ = [
    "CLAIMS_FILE",
    "Claim",
    "DOCUMENTS_FILE",
    "Document",
    "Key",
    "Signature",
    "load_claims",
    "load_documents",
]

CLAIMS_FILE: Path = REGISTER_DIR / "claims.csv"
DOCUMENTS_FILE: Path = REGISTER_DIR / "claims_documents.csv"

_DOCUMENT_COLUMNS = ("document", "source_id", "publication", "about", "unchecked_because")
_CLAIM_COLUMNS = ("claim_id", "document", "source_id", "claim", "quoted", "quoted_value", "unit", "check", "force",
                  "period", "measure", "category", "figure_unit", "args", "note")
_KEY_COLUMNS = ("force", "period", "measure", "category", "figure_unit")
_CLAIM_ID = re.compile(r"^s(\d{3})-\d{2}$")
_ARG_TYPES = ("text", "number", "list")


@dataclass(frozen=True)
class Document:
    """A source document: its number (000-004), its id in the source register, the publication and what it is.

    ``unchecked_because`` is blank for a document whose figures are checked, else why it has none to check.
    """

    number: str
    source_id: str
    publication: str
    about: str
    unchecked_because: str = ""

    @property
    def label(self) -> str:
        """The name readers know it by: the publication (e.g. "Burton Mail")."""
        return self.publication


@dataclass(frozen=True)
class Key:
    """The key of one figure in the observations (force as its canonical name)."""

    force: str
    period: str
    measure: str
    category: str = "all"
    unit: str = "count"

    def describe(self) -> str:
        cat = "" if self.category == "all" else f" [{self.category}]"
        return f"{self.force} {self.period} {self.measure}{cat}"


@dataclass(frozen=True)
class Signature:
    """What one kind of check reads from its row of ``claims.csv``.

    ``key``: ``"figure"`` (all five key columns), ``"parts"`` (the key without
    ``category``; the categories come from the ``parts`` argument) or ``"none"``
    (key columns blank).  ``args``: argument name -> ``"text"``, ``"number"``
    or ``"list"``, all required.  ``note``: ``"required"``, ``"optional"`` or
    ``"none"`` (must be blank).
    """

    key: str
    args: Mapping[str, str] = field(default_factory=dict)
    note: str = "none"


@dataclass(frozen=True)
class Claim:
    """One figure printed in a source document (one row of ``claims.csv``), with how to recompute it.

    ``check`` names the kind of check; ``key`` is the figure it is about
    (``None`` for a check that needs none); ``args`` holds the parsed
    arguments (numbers as floats, lists as tuples).  ``path`` and ``row``
    say where the claim was read, for error messages.
    """

    claim_id: str
    document: Document
    claim: str
    quoted: str
    quoted_value: float
    unit: str
    check: str
    key: Key | None
    args: Mapping[str, object]
    note: str
    path: Path
    row: int


def load_documents(path: Path = DOCUMENTS_FILE) -> dict[str, Document]:
    """The source documents register (``claims_documents.csv``), by number, in number order."""
    docs: dict[str, Document] = {}
    for row in read_table(path, _DOCUMENT_COLUMNS):
        number = check_text(path, row, "document")
        if not re.fullmatch(r"\d{3}", number):
            raise DataError(path, f"expected a three-digit document number such as 002, found {number!r}",
                            row=row.number, column="document")
        if number in docs:
            raise DataError(path, f"document {number} appears twice", row=row.number, column="document")
        docs[number] = Document(number, check_text(path, row, "source_id"), check_text(path, row, "publication"),
                                check_text(path, row, "about"), row["unchecked_because"])
    return dict(sorted(docs.items()))


def load_claims(signatures: Mapping[str, Signature], path: Path = CLAIMS_FILE,
                documents: Mapping[str, Document] | None = None) -> tuple[Claim, ...]:
    """Every claim in ``claims.csv``, validated, in claim-id order.

    ``signatures`` maps each known check kind to what it reads
    (:data:`analysis.tables.factcheck_checks.SIGNATURES`); ``documents`` is the
    documents register (read from ``claims_documents.csv`` next to ``path``
    when not given).  A malformed row, an unknown check kind or a claim
    on a document that is not registered (or has no checkable figures) stops
    with a :class:`DataError` naming the file, row and column.
    """
    documents = load_documents(path.parent / DOCUMENTS_FILE.name) if documents is None else documents
    claims: dict[str, Claim] = {}
    for row in read_table(path, _CLAIM_COLUMNS):
        claim = _claim(path, row, signatures, documents)
        if claim.claim_id in claims:
            raise DataError(path, f"claim {claim.claim_id} appears twice", row=row.number, column="claim_id")
        claims[claim.claim_id] = claim
    return tuple(claims[c] for c in sorted(claims))


def _claim(path: Path, row: Row, signatures: Mapping[str, Signature], documents: Mapping[str, Document]) -> Claim:
    claim_id = check_text(path, row, "claim_id")
    m = _CLAIM_ID.match(claim_id)
    if not m:
        raise DataError(path, f"expected a claim id such as s002-04 (document number, figure), found {claim_id!r}",
                        row=row.number, column="claim_id")
    number = check_choice(path, row, "document", [n for n, d in documents.items() if not d.unchecked_because])
    if number != m[1]:
        raise DataError(path, f"claim id {claim_id} belongs to document {m[1]}, not {number}",
                        row=row.number, column="document")
    doc = documents[number]
    if row["source_id"] != doc.source_id:
        raise DataError(path, f"document {number} has source id {doc.source_id!r} in {DOCUMENTS_FILE.name}, "
                        f"found {row['source_id']!r}", row=row.number, column="source_id")
    kind = row["check"]
    if kind not in signatures:
        raise DataError(path, f"unknown check kind {kind!r}; known kinds: {', '.join(sorted(signatures))} (a new "
                        "kind needs a function in analysis/tables/factcheck_checks.py)", row=row.number, column="check")
    sig = signatures[kind]
    note = _note(path, row, kind, sig.note)
    return Claim(claim_id, doc, check_text(path, row, "claim"), check_text(path, row, "quoted"),
                 parse_value(path, row, "quoted_value"), check_text(path, row, "unit"), kind,
                 _key(path, row, kind, sig.key), _args(path, row, kind, sig.args), note, path, row.number)


def _note(path: Path, row: Row, kind: str, rule: str) -> str:
    if rule == "required":
        return check_text(path, row, "note")
    if rule == "none" and row["note"]:
        raise DataError(path, f"a {kind} check takes no note; leave it blank", row=row.number, column="note")
    return row["note"]


def _key(path: Path, row: Row, kind: str, rule: str) -> Key | None:
    used = {"figure": _KEY_COLUMNS, "parts": tuple(c for c in _KEY_COLUMNS if c != "category"), "none": ()}[rule]
    for column in _KEY_COLUMNS:
        if column not in used and row[column]:
            raise DataError(path, f"a {kind} check does not use {column}; leave it blank", row=row.number,
                            column=column)
    if not used:
        return None
    for column in used:
        check_text(path, row, column)
    check_period(path, row)
    unit = check_choice(path, row, "figure_unit", UNITS)
    return Key(row["force"], row["period"], row["measure"], row["category"] or "all", unit)


def _args(path: Path, row: Row, kind: str, spec: Mapping[str, str]) -> dict[str, object]:
    text = row["args"]
    pairs: dict[str, str] = {}
    for item in (p.strip() for p in text.split(";") if p.strip()):
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise DataError(path, f"expected name=value pairs separated by ';', found {item!r}", row=row.number,
                            column="args")
        if name in pairs:
            raise DataError(path, f"argument {name!r} given twice", row=row.number, column="args")
        pairs[name] = value
    unknown = sorted(set(pairs) - set(spec))
    missing = [n for n in spec if n not in pairs]
    if unknown or missing:
        raise DataError(path, f"a {kind} check takes the arguments {list(spec) or 'none'}"
                        + (f"; unknown: {unknown}" if unknown else "") + (f"; missing: {missing}" if missing else ""),
                        row=row.number, column="args")
    out: dict[str, object] = {}
    for name, kind_of in spec.items():
        value = pairs[name]
        if kind_of == "number":
            try:
                out[name] = float(value)
            except ValueError:
                raise DataError(path, f"argument {name!r} must be a number, found {value!r}", row=row.number,
                                column="args") from None
        elif kind_of == "list":
            out[name] = tuple(v.strip() for v in value.split("|"))
            if not all(out[name]):
                raise DataError(path, f"argument {name!r} has an empty item in {value!r}", row=row.number,
                                column="args")
        elif kind_of == "text":
            out[name] = value
        else:  # pragma: no cover - a programming error in a signature, not in the CSV
            raise ValueError(f"argument type {kind_of!r} is not one of {_ARG_TYPES}")
    return out
