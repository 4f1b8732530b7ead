"""The fact-check chart: the figures each source document quotes, by verdict."""

from __future__ import annotations

import textwrap

import numpy as np

from analysis.charts import export as figures
from analysis.charts.chart import Chart
from analysis.data.vocabulary import DEFAULT_FORCE
from analysis.tables.factcheck import DOCUMENTS, UNCHECKED, VERDICTS, claims_table, verdict_counts
from analysis.tables.factcheck_context import headline

__all__ = ["VERDICT_COLOURS", "verdicts_chart"]

#: Verdict colours for charts (Okabe-Ito; grey for "cannot check").
VERDICT_COLOURS = {"matches": figures.OKABE_ITO["green"], "rounding": figures.OKABE_ITO["sky_blue"],
                   "differs": figures.FOCUS, "cannot check": figures.OTHER}


def verdicts_chart(focus: str = DEFAULT_FORCE) -> Chart:
    """Grouped bars: the figures each source document quotes, by fact-check verdict (documents in number order,
    the Met FOI reply included with no bars and the reason).  ``focus`` is accepted like every chart's but not
    used: the fact-check is about the seed documents, whatever the force."""
    table = claims_table()
    counts = verdict_counts(table).set_index("document")
    order = sorted([*DOCUMENTS.values(), *(d for d, _why in UNCHECKED.values())], key=lambda d: d.number)
    docs = counts.reindex([d.label for d in order], fill_value=0)[list(VERDICTS)].rename_axis("document")
    docs = docs.reset_index()
    fig, ax = figures.new_figure()
    x = np.arange(len(docs))
    width = 0.2
    for i, verdict in enumerate(VERDICTS):
        values = docs[verdict].to_numpy(dtype=float)
        pos = x + (i - (len(VERDICTS) - 1) / 2) * width
        ax.bar(pos, values, width=width * 0.92, color=VERDICT_COLOURS[verdict], label=verdict)
        for xi, v, doc in zip(pos, values, docs.document):
            if doc not in {d.label for d, _why in UNCHECKED.values()}:
                ax.text(xi, v + 0.3, f"{int(v)}", ha="center", va="bottom", fontsize=8, color=figures.TEXT)
    for doc, why in UNCHECKED.values():
        xi = int(np.flatnonzero(docs.document.to_numpy() == doc.label)[0])
        ax.text(xi, 0.6, "no checkable\nfigures (in an\nattachment not\npublished)", ha="center", va="bottom",
                fontsize=7.5, color=figures.TEXT)
    ax.set_xticks(x, [textwrap.fill(d, 10) for d in docs.document])
    ax.tick_params(axis="x", length=0)
    ax.set_ylim(0, float(docs[list(VERDICTS)].to_numpy().max()) * 1.15)
    ax.legend(ncols=4, loc="upper right", fontsize=8.5, bbox_to_anchor=(1.0, 1.1))
    total = counts.loc["All documents"]
    unchecked = "; ".join(f"the {d.label} has {why}" for d, why in UNCHECKED.values())
    alt = (f"Grouped bars of the {int(total['total'])} figures quoted in {len(DOCUMENTS)} source documents by "
           f"fact-check verdict: {int(total['matches'])} match the data, {int(total['rounding'])} match after "
           f"rounding, {int(total['differs'])} {'differs' if int(total['differs']) == 1 else 'differ'} and "
           f"{int(total['cannot check'])} cannot be checked because the document is their only source; "
           f"{unchecked}.")
    return Chart("fact-check-verdicts", fig, headline(table),
                 "Figures quoted in each source document, by fact-check verdict (number of figures)",
                 "Stoke Sentinel; Express & Star (PA); Burton Mail; Metropolitan Police; HMICFRS; IOPC; Home Office",
                 alt, docs[["document", *VERDICTS]].copy(),
                 "'cannot check' = the document is the only source of the figure in the data. "
                 + " ".join(f"{d.label}: {why}." for d, why in UNCHECKED.values()))
