"""Fact-check of the source stories: every figure they quote, recomputed from the data and judged.

The project started from five source documents, numbered 000 to 004: a Stoke
Sentinel story on the IOPC 2020/21 complaints statistics for Staffordshire
(000), an Express & Star story on a PA news agency FOI survey of sexual assault
allegations against officers (001), a Burton Mail story on the Home Office
misconduct statistics for the year ending March 2021 (002), the Metropolitan
Police's reply to an FOI request (003) and the HMICFRS PEEL 2018/19 legitimacy
page for Staffordshire (004).  They are registered in
``data/registers/claims_documents.csv``; the Met FOI reply has no checkable
figures (its figures were in an attached spreadsheet that is not in the
published text: :data:`UNCHECKED`).  Claim ids carry the document number
(``s002-04`` is the Burton Mail's fourth figure).

Every figure those documents print is a row of ``data/registers/claims.csv``
(**to add a claim, add a row there**; :mod:`analysis.data.claims` describes
the columns).  Each row carries the value *as printed* and names the kind of
check that recomputes it from ``data/raw`` (one function per kind in
:mod:`analysis.tables.factcheck_checks`): never from a literal.  The verdict
compares the two:

``matches``       the recomputed value equals the quoted one (an independent
                  copy of the same official figure, or arithmetic on
                  published parts);
``rounding``      equal once the rounding the text uses is applied (the
                  ``why`` column says which);
``differs``       not equal, even allowing for rounding (``why`` says how);
``cannot check``  the document is the only source of the figure in the data
                  and no arithmetic can test it.  The computed value is then
                  the document's own figure as transcribed (the *same
                  figure*), shown so that a transcription slip would still
                  surface as ``differs``.

Figures the stories imply but do not print are in
:mod:`analysis.tables.factcheck_context`, not in the claims table.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.claims import CLAIMS_FILE, DOCUMENTS_FILE, Claim, Document, load_claims, load_documents
from analysis.data.errors import DataError
from analysis.data.paths import relative
from analysis.data.vocabulary import least_reliable
from analysis.tables.factcheck_checks import CHECKS, SIGNATURES
from analysis.tables.factcheck_lookup import FactcheckData, FigureNotFound

__all__ = ["COLUMNS", "DOCUMENTS", "UNCHECKED", "VERDICTS", "claims", "claims_table", "find_claim",
           "verdict_counts"]

VERDICTS = ("matches", "rounding", "differs", "cannot check")
COLUMNS = ["claim_id", "document", "source_id", "claim", "quoted", "quoted_value", "unit", "computed_value",
           "computed_how", "data_source_ids", "verdict", "why"]

_ALL_DOCUMENTS = load_documents()
#: The documents whose figures are checked, by number (from data/registers/claims_documents.csv).
DOCUMENTS: dict[str, Document] = {n: d for n, d in _ALL_DOCUMENTS.items() if not d.unchecked_because}
#: Source documents with no figure to check, and why: number -> (document, reason).
UNCHECKED: dict[str, tuple[Document, str]] = {n: (d, d.unchecked_because) for n, d in _ALL_DOCUMENTS.items()
                                              if d.unchecked_because}


def claims(registers: Path | None = None) -> tuple[Claim, ...]:
    """The register of claims (``data/registers/claims.csv``, or the one in the folder ``registers``), in id order."""
    folder = registers or CLAIMS_FILE.parent
    return load_claims(SIGNATURES, folder / CLAIMS_FILE.name, load_documents(folder / DOCUMENTS_FILE.name))


def find_claim(claim_id: str, registers: Path | None = None) -> Claim:
    """One claim of the register by its id (e.g. ``s000-05``)."""
    found = [c for c in claims(registers) if c.claim_id == claim_id]
    if not found:
        raise KeyError(f"no claim {claim_id!r} in {relative(CLAIMS_FILE)} (add a row there to register it)")
    return found[0]


def _row(d: FactcheckData, c: Claim) -> dict:
    try:
        chk = CHECKS[c.check](d, c)
    except FigureNotFound as exc:
        column = "measure" if exc.key == c.key else "args"
        raise DataError(c.path, f"{exc}: the {c.check} check of {c.claim_id} needs it; correct the key (force, "
                        "period, measure, category, figure_unit, or the base_*/parts arguments) or add the figure "
                        "to data/raw", row=c.row, column=column) from None
    if chk.verdict not in VERDICTS:
        raise ValueError(f"{c.claim_id}: unknown verdict {chk.verdict!r}")
    worst = least_reliable(chk.statuses) if chk.statuses else ""
    return {"claim_id": c.claim_id, "document": c.document.label, "source_id": c.document.source_id,
            "claim": c.claim, "quoted": c.quoted, "quoted_value": float(c.quoted_value), "unit": c.unit,
            "computed_value": float(chk.value), "computed_how": chk.how, "data_source_ids": ";".join(chk.sources),
            "verdict": chk.verdict, "why": chk.why, "data_status": worst}


def claims_table(with_status: bool = False, registers: Path | None = None) -> pd.DataFrame:
    """Every figure quoted in the checked documents, recomputed and judged.

    Columns: ``claim_id`` (``s000-01``...: document number and figure), ``document`` (the
    publication), ``source_id`` (the document's id in the source register),
    ``claim`` (paraphrase), ``quoted`` (as printed), ``quoted_value``,
    ``unit``, ``computed_value``, ``computed_how``, ``data_source_ids``
    (ids the computation read, ``;``-separated), ``verdict`` (one of
    :data:`VERDICTS`) and ``why``.  With ``with_status`` a ``data_status``
    column gives the least certain status of the figures used.  ``registers``
    reads the claims from another folder (tests use copies).  A claim whose key
    matches no figure stops with an error naming its row of claims.csv.
    """
    d = FactcheckData()
    frame = pd.DataFrame([_row(d, c) for c in claims(registers)])
    frame = frame.sort_values("claim_id", kind="stable").reset_index(drop=True)
    return frame if with_status else frame[COLUMNS]


def verdict_counts(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims by document (rows in document-number order, with a total row) and verdict (columns, in
    :data:`VERDICTS` order)."""
    table = claims_table() if table is None else table
    counts = pd.crosstab(table.document, table.verdict).reindex(columns=list(VERDICTS), fill_value=0)
    order = [d.label for d in sorted(DOCUMENTS.values(), key=lambda d: d.number)]
    counts = counts.reindex([d for d in order if d in counts.index] + sorted(set(counts.index) - set(order)))
    counts.loc["All documents"] = counts.sum()
    counts["total"] = counts.sum(axis=1)
    counts.columns.name = None
    return counts.reset_index().rename(columns={"index": "document"})
