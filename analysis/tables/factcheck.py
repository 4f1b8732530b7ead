"""Fact-check of the source stories: every figure they quote, recomputed from the data.

The project started from five source documents, numbered 000 to 004: a Stoke
Sentinel story on the IOPC 2020/21 complaints statistics for Staffordshire
(000), an Express & Star story on a PA news agency FOI survey of sexual assault
allegations against officers (001), a Burton Mail story on the Home Office
misconduct statistics for the year ending March 2021 (002), the Metropolitan
Police's reply to an FOI request (003) and the HMICFRS PEEL 2018/19 legitimacy
page for Staffordshire (004).  The Met FOI reply has no checkable figures: its
figures were in an attached spreadsheet that is not in the published text
(:data:`UNCHECKED`).  Claim ids carry the document number (``s002-04`` is the
Burton Mail's fourth figure).

:func:`claims_table` lists every figure those documents print.  Each claim
carries the value *as printed* (``quoted``, typed from the document) and a
small function that recomputes it from ``data/raw`` through
:func:`analysis.load_observations`: never from a literal.  The verdict is
decided by comparing the two:

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

Figures the stories imply but do not print (Staffordshire's shares of the
England and Wales totals, ...) are in :func:`context_figures`, not in the
claims table.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.forces import ENGLAND_AND_WALES
from analysis.data.observations import load_observations
from analysis.data.reconciliation import KNOWN_INCONSISTENCIES
from analysis.data.sources import load_sources
from analysis.data.vocabulary import HANDLING, HO_OUTCOMES, IOPC_CATEGORIES, PA_OUTCOMES

__all__ = [
    "AP",
    "CLAIMS",
    "COLUMNS",
    "Check",
    "Claim",
    "DOCUMENTS",
    "Document",
    "EW",
    "Fig",
    "HO_YEAR",
    "IOPC_YEAR",
    "Key",
    "NEW_COMPLAINTS_SYSTEM",
    "PA_YEARS",
    "PEEL_YEAR",
    "POPULATION_DATE",
    "STAFFS",
    "UNCHECKED",
    "VERDICTS",
    "WORKFORCE_DATE",
    "achievable_percent",
    "almost",
    "claims",
    "claims_table",
    "context_figures",
    "discussion",
    "fmt",
    "fmt_int",
    "fraction_of_sample",
    "full_breakdown_forces",
    "headline",
    "majority",
    "most_common",
    "most_common_check",
    "no_action_share",
    "no_breakdown",
    "period_years",
    "round_half_up",
    "same_figure",
    "sum_of_parts",
    "verdict_counts",
]

VERDICTS = ("matches", "rounding", "differs", "cannot check")
COLUMNS = ["claim_id", "document", "source_id", "claim", "quoted", "quoted_value", "unit", "computed_value",
           "computed_how", "data_source_ids", "verdict", "why"]
STAFFS = "Staffordshire"
EW = ENGLAND_AND_WALES
IOPC_YEAR = "2020/21"      # IOPC complaints statistics (Stoke Sentinel, document 000)
HO_YEAR = "2020/21"        # Home Office misconduct statistics, year ending 31 March 2021 (Burton Mail, 002)
PA_YEARS = "2016-2020"     # PA FOI survey, calendar years (Express & Star, 001)
PEEL_YEAR = "2018/19"      # HMICFRS PEEL inspection (004)
NEW_COMPLAINTS_SYSTEM = "1 February 2020"  # Policing and Crime Act 2017 complaints rules in force
POPULATION_DATE = "2020-06-30"
WORKFORCE_DATE = "2021-03-31"

@dataclass(frozen=True)
class Document:
    """A source document: its number (000-004), its id in the source register, the publication and what it is."""

    number: str
    source_id: str
    publication: str
    about: str

    @property
    def label(self) -> str:
        """The name readers know it by: the publication (e.g. "Burton Mail")."""
        return self.publication


DOCUMENTS: dict[str, Document] = {d.number: d for d in (
    Document("000", "iopc-seed000-stoke-sentinel", "Stoke Sentinel",
             "Reach plc local story on the IOPC complaints statistics: Staffordshire's complaint cases, "
             "allegations by category and allegations finalised by handling, with England and Wales totals."),
    Document("001", "pa-express-star-2021-10-12", "Express & Star (PA)",
             "PA news agency story on Freedom of Information replies from police forces: sexual assault "
             "allegations against serving officers over five calendar years, Staffordshire's count and "
             "outcomes, and national lower bounds."),
    Document("002", "ho-burton-mail-staffs-2022", "Burton Mail",
             "Reach plc local story on the Home Office police misconduct statistics: public complaints, "
             "allegations and officers for Staffordshire, with allegations by outcome."),
    Document("004", "hmicfrs-peel-2018-staffordshire-legitimacy", "HMICFRS PEEL",
             "The inspectorate's detailed legitimacy findings for Staffordshire Police: sample reviews of "
             "stop and search records and counter-corruption intelligence, and vetting."),
)}

#: Source documents with no figure to check, and why.
UNCHECKED: dict[str, tuple[Document, str]] = {
    "003": (Document("003", "met-foi-01-foi-22-023255", "Met FOI reply",
                     "The Metropolitan Police's reply to FOI request 01.FOI.22.023255 on internal misconduct "
                     "allegations (conduct matters), April 2016 to March 2021, counted in officer allegations."),
            "no checkable figures: its figures were in an attached spreadsheet that is not in the published text"),
}


# --------------------------------------------------------------------------------------------------------------
# Looking figures up
# --------------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Key:
    """The key of one figure in the observations (force name as canonical name)."""

    force: str
    period: str
    measure: str
    category: str = "all"
    unit: str = "count"

    def describe(self) -> str:
        cat = "" if self.category == "all" else f" [{self.category}]"
        return f"{self.force} {self.period} {self.measure}{cat}"


@dataclass(frozen=True)
class Fig:
    """One looked-up figure."""

    value: float
    source_id: str
    status: str
    raw_file: str
    raw_row: int


class _Data:
    """The observations and the source register, loaded once per :func:`claims_table` call."""

    def __init__(self) -> None:
        self.obs = load_observations(with_sources=False)
        self.sources = load_sources().set_index("source_id")

    def rows(self, key: Key) -> pd.DataFrame:
        o = self.obs
        return o[(o.force == key.force) & (o.period == key.period) & (o.measure == key.measure)
                 & (o.category == key.category) & (o.unit == key.unit)]

    def get(self, key: Key, source_id: str) -> Fig:
        sel = self.rows(key)
        sel = sel[sel.source_id == source_id]
        if len(sel) != 1:
            raise LookupError(f"expected one figure for {key.describe()} from {source_id}, found {len(sel)}")
        r = sel.iloc[0]
        return Fig(float(r.value), source_id, str(r.status), str(r.raw_file), int(r.raw_row))

    def others(self, key: Key, source_id: str) -> list[Fig]:
        sel = self.rows(key)
        sel = sel[sel.source_id != source_id].sort_values(["source_id"], kind="stable")
        return [Fig(float(r.value), str(r.source_id), str(r.status), str(r.raw_file), int(r.raw_row))
                for r in sel.itertuples()]

    def publisher(self, source_id: str) -> str:
        return str(self.sources.at[source_id, "publisher"]).split(" (")[0].split(";")[0]


@dataclass
class Check:
    """The outcome of recomputing one claim."""

    value: float
    how: str
    sources: tuple[str, ...]
    verdict: str
    why: str
    statuses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """One figure printed in a source document, with the function that recomputes it."""

    claim_id: str
    claim: str
    quoted: str
    quoted_value: float
    unit: str
    check: Callable[[_Data, Claim], Check]

    @property
    def document(self) -> Document:
        return DOCUMENTS[self.claim_id[1:4]]


def fmt(x: float, decimals: int = 1) -> str:
    """A number for prose: thousands separators, whole numbers without decimals."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.{decimals}f}"


def round_half_up(x: float, decimals: int = 0) -> float:
    """Round as a newspaper does (0.5 goes up), not to even."""
    factor = 10 ** decimals
    return math.floor(x * factor + 0.5 + 1e-9) / factor


def _uncertain_note(figs: list[Fig]) -> str:
    flagged = [f for f in figs if f.status != "published"]
    if not flagged:
        return ""
    return " Data status: " + "; ".join(f"{fmt(f.value)} is {f.status} ({f.raw_file} row {f.raw_row})"
                                        for f in flagged) + "."


def _transcription_slip(c: Claim, own: Fig, key: Key) -> Check | None:
    """``differs`` when data/raw does not hold the figure the document prints."""
    if own.value == c.quoted_value:
        return None
    return Check(own.value, f"{key.describe()} as transcribed from {own.source_id}", (own.source_id,), "differs",
                 f"data/raw/{own.raw_file} row {own.raw_row} holds {fmt(own.value)} but the document prints "
                 f"{c.quoted}: a transcription slip in the data or in this register.", (own.status,))


# --------------------------------------------------------------------------------------------------------------
# Check builders: each returns the small function that recomputes one claim
# --------------------------------------------------------------------------------------------------------------

def same_figure(key: Key, note: str = "") -> Callable[[_Data, Claim], Check]:
    """A count or share printed by the document: compare with any other source holding the same figure.

    With no other source the verdict is ``cannot check`` and the computed value
    is the document's own figure (the same figure, transcribed).
    """
    def run(d: _Data, c: Claim) -> Check:
        doc = c.document
        own = d.get(key, doc.source_id)
        slip = _transcription_slip(c, own, key)
        if slip:
            return slip
        others = d.others(key, doc.source_id)
        extra = f" {note}" if note else ""
        if not others:
            return Check(own.value, f"{key.describe()} as transcribed from {own.source_id} (same figure)",
                         (own.source_id,), "cannot check",
                         f"{doc.publication} is the only source of this figure in the data and no arithmetic "
                         f"tests it; the computed value is the document's own figure (same figure), so agreement "
                         f"is circular.{extra}{_uncertain_note([own])}", (own.status,))
        ids = tuple(dict.fromkeys(f.source_id for f in others))
        names = ", ".join(f"{d.publisher(f.source_id)} ({f.source_id})" for f in others)
        values = sorted({f.value for f in others})
        how = f"{key.describe()} from {', '.join(ids)}, not from the document"
        statuses = tuple(f.status for f in others)
        if values == [c.quoted_value]:
            return Check(values[0], how, ids, "matches",
                         f"The same figure is printed by {names}: an independent copy of the same official "
                         f"figure, so the transcription is confirmed (it is not an independent count).{extra}"
                         f"{_uncertain_note(others)}", statuses)
        first = next((f.value for f in others if f.value != c.quoted_value), values[0])
        return Check(first, how, ids, "differs",
                     f"Other sources print {', '.join(fmt(v) for v in values)} ({names}), not {c.quoted}.{extra}"
                     f"{_uncertain_note(others)}", statuses)
    return run


def sum_of_parts(parts: list[Key], what: str) -> Callable[[_Data, Claim], Check]:
    """A total the document prints alongside its parts: recompute it as the sum of the parts."""
    def run(d: _Data, c: Claim) -> Check:
        sid = c.document.source_id
        figs = [d.get(k, sid) for k in parts]
        total = float(sum(f.value for f in figs))
        how = " + ".join(fmt(f.value) for f in figs) + f" = {fmt(total)} ({what}, from {sid})"
        statuses = tuple(f.status for f in figs)
        if total == c.quoted_value:
            return Check(total, how, (sid,), "matches",
                         f"The parts the document prints add up to the total it prints. This is an internal "
                         f"consistency check within one document: it cannot detect an error that the parts and "
                         f"the total share.{_uncertain_note(figs)}", statuses)
        gap = c.quoted_value - total
        registered = [text for (_rule, _ds, source, _p, _f), text in sorted(KNOWN_INCONSISTENCIES.items())
                      if source == sid]
        why = (f"The parts printed add up to {fmt(total)}, {fmt(abs(gap))} {'fewer' if gap > 0 else 'more'} than "
               f"the {c.quoted} printed.")
        if registered:
            why += " Registered as a published inconsistency in analysis/checks.py: " + " ".join(registered)
        return Check(total, how, (sid,), "differs", why + _uncertain_note(figs), statuses)
    return run


def almost(key: Key, base: float, base_name: str) -> Callable[[_Data, Claim], Check]:
    """"Almost N": the figure should be below N and round up to it at the precision of ``base``."""
    def run(d: _Data, c: Claim) -> Check:
        sid = c.document.source_id
        f = d.get(key, sid)
        rounded = round_half_up(f.value / base) * base
        how = f"{key.describe()} = {fmt(f.value)} (from {sid}); rounded to the nearest {base_name}: {fmt(rounded)}"
        if f.value == c.quoted_value:
            verdict, why = "matches", "The figure equals the round number (\"almost\" is then loose but not wrong)."
        elif f.value < c.quoted_value and rounded == c.quoted_value:
            verdict = "rounding"
            why = (f"\"{c.quoted}\" stands for {fmt(c.quoted_value)}. The exact figure, {fmt(f.value)}, is below it "
                   f"and rounds up to it at the nearest {base_name}, as \"almost\" says.")
        else:
            verdict = "differs"
            why = (f"The exact figure, {fmt(f.value)}, does not round to {fmt(c.quoted_value)} at the nearest "
                   f"{base_name}, or is not below it.")
        return Check(f.value, how, (sid,), verdict, why + _uncertain_note([f]), (f.status,))
    return run


def _share_verdict(computed: float, quoted: float, decimals: int) -> str:
    if computed == quoted:
        return "matches"
    if round_half_up(computed, decimals) == quoted:
        return "rounding"
    return "differs"


def no_action_share() -> Callable[[_Data, Claim], Check]:
    """Burton Mail: no action as a share of the allegations whose result is known."""
    def run(d: _Data, c: Claim) -> Check:
        sid = c.document.source_id
        outcome = {o: d.get(Key(STAFFS, HO_YEAR, "allegations_by_outcome", o), sid) for o in HO_OUTCOMES}
        total = d.get(Key(STAFFS, HO_YEAR, "complaint_allegations"), sid)
        no_action, unknown = outcome["No action"].value, outcome["Outcome not known"].value
        known = total.value - unknown
        share = 100 * no_action / known
        known_parts = sum(f.value for o, f in outcome.items() if o != "Outcome not known")
        alt = 100 * no_action / known_parts
        how = (f"100 x {fmt(no_action)} / ({fmt(total.value)} - {fmt(unknown)}) = {share:.2f}% "
               f"(no action / allegations with a known outcome, from {sid})")
        verdict = _share_verdict(share, c.quoted_value, 0)
        if verdict == "rounding":
            why = f"{share:.2f}% rounds to {fmt(round_half_up(share))}% (nearest whole per cent), as printed."
        elif verdict == "matches":
            why = "The share is exactly as printed."
        else:
            why = f"{share:.2f}% does not round to the {c.quoted} printed."
        if known_parts != known:
            why += (f" The base matters: the outcome counts the article lists do not add up to the allegations "
                    f"total, and taking the known ones ({fmt(known_parts)}) as the base gives {alt:.1f}%, which "
                    f"would print as {fmt(round_half_up(alt))} per cent.")
        figs = [*outcome.values(), total]
        return Check(share, how, (sid,), verdict, why + _uncertain_note(figs), tuple(f.status for f in figs))
    return run


def majority(num: Key, den: Key, note: str) -> Callable[[_Data, Claim], Check]:
    """"The majority" / "most": the share should exceed half."""
    def run(d: _Data, c: Claim) -> Check:
        sid = c.document.source_id
        n, t = d.get(num, sid), d.get(den, sid)
        share = 100 * n.value / t.value
        how = f"100 x {fmt(n.value)} / {fmt(t.value)} = {share:.1f}% ({num.describe()} / {den.describe()}, from {sid})"
        verdict = "matches" if share > c.quoted_value else "differs"
        why = (f"The claim is a comparison (more than half) and it holds: {share:.1f}%." if verdict == "matches"
               else f"{share:.1f}% is not more than half.")
        return Check(share, how, (sid,), verdict, f"{why} {note}{_uncertain_note([n, t])}".rstrip(),
                     (n.status, t.status))
    return run


def most_common_check(d: _Data | None = None) -> pd.DataFrame:
    """The Stoke Sentinel's "most common" claim: the published Staffordshire categories and the unpublished remainder.

    One row per IOPC allegation category: ``category``, ``allegations``
    (NaN when not published), ``published``.  The last rows are the
    unpublished remainder and the total.
    """
    d = d or _Data()
    sid = DOCUMENTS["000"].source_id
    total = d.get(Key(STAFFS, IOPC_YEAR, "allegations_logged"), sid).value
    rows = []
    for cat in IOPC_CATEGORIES:
        sel = d.rows(Key(STAFFS, IOPC_YEAR, "allegations_logged", cat))
        sel = sel[sel.source_id == sid]
        rows.append({"category": cat, "allegations": float(sel.value.iloc[0]) if len(sel) else np.nan,
                     "published": bool(len(sel))})
    frame = pd.DataFrame(rows)
    remainder = total - frame.allegations.sum()
    n_unpub = int((~frame.published).sum())
    frame = pd.concat([frame, pd.DataFrame([
        {"category": f"Unpublished remainder ({n_unpub} categories)", "allegations": remainder, "published": False},
        {"category": "All allegations", "allegations": total, "published": True}])], ignore_index=True)
    return frame


def full_breakdown_forces(d: _Data | None = None) -> pd.DataFrame:
    """Forces with all eleven IOPC categories published for 2020/21: their largest categories.

    Columns: ``force, source_id, largest, largest_allegations, delivery_share_pct,
    largest_other_share_of_remainder_pct`` (the biggest category other than delivery
    of duties as a share of everything outside delivery of duties and the published
    categories Staffordshire also has).
    """
    d = d or _Data()
    o = d.obs
    sel = o[(o.period == IOPC_YEAR) & (o.measure == "allegations_logged") & (o.unit == "count")
            & (o.force != EW) & o.category.isin(IOPC_CATEGORIES)]
    staffs_cats = set(most_common_check(d).query("published").category) & set(IOPC_CATEGORIES)
    rows = []
    for (force, sid), g in sel.groupby(["force", "source_id"], sort=True):
        if set(g.category) != set(IOPC_CATEGORIES):
            continue
        s = g.set_index("category").value
        rest = s.drop(list(staffs_cats))
        rows.append({"force": force, "source_id": sid, "largest": s.idxmax(), "largest_allegations": s.max(),
                     "delivery_share_pct": round(100 * s["Delivery of duties and service"] / s.sum(), 1),
                     "largest_other_share_of_remainder_pct": round(100 * rest.max() / rest.sum(), 1)})
    return pd.DataFrame(rows, columns=["force", "source_id", "largest", "largest_allegations", "delivery_share_pct",
                                       "largest_other_share_of_remainder_pct"])


def most_common() -> Callable[[_Data, Claim], Check]:
    """Stoke Sentinel: delivery of duties and service was the most common category (912)."""
    def run(d: _Data, c: Claim) -> Check:
        sid = c.document.source_id
        table = most_common_check(d)
        cats = table[table.category.isin(IOPC_CATEGORIES) & table.published]
        largest = cats.loc[cats.allegations.idxmax()]
        remainder = float(table.allegations.iloc[-2])
        total = float(table.allegations.iloc[-1])
        n_unpub = int((table.category.isin(IOPC_CATEGORIES) & ~table.published).sum())
        how = (f"largest published category = {largest.category} ({fmt(largest.allegations)}); unpublished "
               f"remainder = {fmt(total)} - ({' + '.join(fmt(v) for v in cats.allegations)}) = {fmt(remainder)} "
               f"over {n_unpub} categories (from {sid})")
        if largest.category != "Delivery of duties and service" or largest.allegations != c.quoted_value:
            return Check(float(largest.allegations), how, (sid,), "differs",
                         f"Among the published categories the largest is {largest.category} "
                         f"({fmt(largest.allegations)}).", ())
        if remainder < largest.allegations or largest.allegations > total / 2:
            return Check(float(largest.allegations), how, (sid,), "matches",
                         "No unpublished category can be larger: the remainder is smaller than the published "
                         "largest category (or it is an outright majority).", ())
        need = largest.allegations + 1
        full = full_breakdown_forces(d)
        ctx = ""
        if len(full):
            n_deliv = int((full.largest == "Delivery of duties and service").sum())
            ctx = (f" In the {len(full)} forces with all {len(IOPC_CATEGORIES)} categories in the data "
                   f"({', '.join(full.force)}), delivery of duties and service is the largest in {n_deliv}, "
                   f"and the largest of the categories Staffordshire did not publish holds at most "
                   f"{fmt(full.largest_other_share_of_remainder_pct.max())}% of that remainder: the claim is "
                   f"plausible, not proven.")
        return Check(float(largest.allegations), how, (sid,), "cannot check",
                     f"Only {len(cats)} of the {len(IOPC_CATEGORIES)} IOPC categories are published for "
                     f"Staffordshire. The other "
                     f"{n_unpub} hold {fmt(remainder)} allegations, so one of them would beat {fmt(c.quoted_value)} "
                     f"only by holding at least {fmt(need)} ({100 * need / remainder:.1f}%) of that remainder. "
                     f"{fmt(c.quoted_value)} is {100 * c.quoted_value / total:.1f}% of all {fmt(total)} allegations, "
                     f"not a majority, so the data cannot prove it is the largest.{ctx}", ())
    return run


def period_years(key: Key) -> Callable[[_Data, Claim], Check]:
    """Express & Star: "over five years" from the period of the figures (``2016-2020`` = five calendar years)."""
    def run(d: _Data, c: Claim) -> Check:
        sid = c.document.source_id
        f = d.get(key, sid)
        start, end = (int(p) for p in key.period.split("-"))
        years = float(end - start + 1)
        how = f"period of {key.describe()} (from {sid}): {end} - {start} + 1 = {fmt(years)} calendar years"
        verdict = "matches" if years == c.quoted_value else "differs"
        why = ("The period of the figures (calendar years inclusive) has as many years as the text says."
               if verdict == "matches" else f"The period covers {fmt(years)} calendar years.")
        return Check(years, how, (sid,), verdict, why, (f.status,))
    return run


def achievable_percent(share: Key, base: Key, note: str) -> Callable[[_Data, Claim], Check]:
    """A rounded percentage of a sample whose count is not published: which counts give it?"""
    def run(d: _Data, c: Claim) -> Check:
        sid = c.document.source_id
        s, n = d.get(share, sid), d.get(base, sid)
        slip = _transcription_slip(c, s, share)
        if slip:
            return slip
        counts = [k for k in range(int(n.value) + 1) if round_half_up(100 * k / n.value) == c.quoted_value]
        how = (f"{share.describe()} = {fmt(s.value)}% as transcribed from {sid} (same figure); counts k of "
               f"{fmt(n.value)} with round(100k/{fmt(n.value)}) = {fmt(c.quoted_value)}: "
               f"{', '.join(str(k) for k in counts) or 'none'}")
        if not counts:
            return Check(s.value, how, (sid,), "differs",
                         f"No whole number of the {fmt(n.value)} records gives {c.quoted} after rounding.",
                         (s.status, n.status))
        return Check(s.value, how, (sid,), "cannot check",
                     f"The count behind the percentage is not published, so the percentage is the only figure "
                     f"(same figure). It is arithmetically possible: {' or '.join(str(k) for k in counts)} of "
                     f"{fmt(n.value)} round to {c.quoted}. {note}{_uncertain_note([s, n])}".rstrip(),
                     (s.status, n.status))
    return run


def fraction_of_sample(part: Key, base: Key, note: str) -> Callable[[_Data, Claim], Check]:
    """A fraction in words ("a quarter") of a sample whose count is not published."""
    def run(d: _Data, c: Claim) -> Check:
        sid = c.document.source_id
        p, n = d.get(part, sid), d.get(base, sid)
        share = 100 * p.value / n.value
        how = (f"100 x {part.describe()} / {base.describe()} = 100 x {fmt(p.value)} / {fmt(n.value)} = "
               f"{fmt(share)}% (from {sid}; the count is itself derived from the phrase)")
        if share != c.quoted_value:
            return Check(share, how, (sid,), "differs",
                         f"The data's count gives {fmt(share)}%, not {c.quoted}.{_uncertain_note([p, n])}",
                         (p.status, n.status))
        return Check(share, how, (sid,), "cannot check",
                     f"No count is published; the data's {fmt(p.value)} was derived from the phrase itself "
                     f"(same figure), so the share cannot be tested. {note}{_uncertain_note([p, n])}".rstrip(),
                     (p.status, n.status))
    return run


def no_breakdown(categories: tuple[str, ...], note: str) -> Callable[[_Data, Claim], Check]:
    """A claim with no figure in the data to test (e.g. officers' sex in the PA survey).

    Looks for figures from the document in any of ``categories``; if some
    appear later, the claim needs a real check and this returns ``differs`` to
    force a review.
    """
    def run(d: _Data, c: Claim) -> Check:
        sid = c.document.source_id
        o = d.obs
        found = o[(o.source_id == sid) & o.category.isin(categories)]
        how = f"figures from {sid} with category {' or '.join(categories)}: {len(found)}"
        if len(found):
            return Check(np.nan, how, (sid,), "differs",
                         "The data now hold a breakdown for this claim: replace this check with a real one.", ())
        return Check(np.nan, how, (), "cannot check", note, ())
    return run


# --------------------------------------------------------------------------------------------------------------
# The register
# --------------------------------------------------------------------------------------------------------------

def _iopc_staffs(measure: str, category: str = "all") -> Key:
    return Key(STAFFS, IOPC_YEAR, measure, category)


def _iopc_ew(measure: str, category: str = "all", unit: str = "count") -> Key:
    return Key(EW, IOPC_YEAR, measure, category, unit)


def _ho(measure: str, category: str = "all") -> Key:
    return Key(STAFFS, HO_YEAR, measure, category)


def _pa(measure: str, category: str = "all", force: str = STAFFS) -> Key:
    return Key(force, PA_YEARS, measure, category)


def _peel(measure: str, category: str = "all", unit: str = "count") -> Key:
    return Key(STAFFS, PEEL_YEAR, measure, category, unit)


_PART_OF_FINALISED = "It is one of the three parts whose sum is checked in s000-09."
_NO_IOPC_FORCE_TABLE = ("The IOPC's own per-force tables for the year were not available to the project; "
                        "no other copy of Staffordshire's figures was found.")
_NATIONAL_ONLY_SEED = ("The other copies of the IOPC release in the data (WiredGov, Police Professional) do not "
                       "print this figure; the national category tables were not available.")
_HO_ONLY = "The Home Office per-force table was not available; the Burton Mail is the only copy in the data."
_PA_ONLY = "PA published no per-force table; Staffordshire's figures are known only from this story."
_PEEL_ONLY = "The inspection page is itself the primary source; no other document repeats the figure."

AP = "Abuse of position / corruption"

CLAIMS: tuple[Claim, ...] = (
    # ---- 000: Stoke Sentinel, IOPC complaints statistics 2020/21 ----
    Claim("s000-01", "Complaint cases logged about Staffordshire Police in 2020/21", "1,322", 1322, "complaint cases",
          same_figure(_iopc_staffs("complaint_cases_logged"), _NO_IOPC_FORCE_TABLE)),
    Claim("s000-02", "Complaints Staffordshire recorded formally (under Schedule 3)", "433", 433, "complaint cases",
          same_figure(_iopc_staffs("complaint_cases_recorded_sch3"), _NO_IOPC_FORCE_TABLE)),
    Claim("s000-03", "Allegations in Staffordshire's complaint cases", "1,968", 1968, "allegations",
          same_figure(_iopc_staffs("allegations_logged"), _NO_IOPC_FORCE_TABLE)),
    Claim("s000-04", "Allegations about delivery of duties and services in Staffordshire", "912", 912, "allegations",
          same_figure(_iopc_staffs("allegations_logged", "Delivery of duties and service"), _NO_IOPC_FORCE_TABLE)),
    Claim("s000-05", "Delivery of duties and services was the most common allegation category in Staffordshire",
          "most common ... 912", 912, "allegations (largest category)", most_common()),
    Claim("s000-06", "Staffordshire allegations about sexual conduct", "two", 2, "allegations",
          same_figure(_iopc_staffs("allegations_logged", "Sexual conduct"), _NO_IOPC_FORCE_TABLE)),
    Claim("s000-07", "Staffordshire allegations about discriminatory behaviour", "33", 33, "allegations",
          same_figure(_iopc_staffs("allegations_logged", "Discriminatory behaviour"), _NO_IOPC_FORCE_TABLE)),
    Claim("s000-08", "Staffordshire allegations about abuse of position or corruption", "28", 28, "allegations",
          same_figure(_iopc_staffs("allegations_logged", AP), _NO_IOPC_FORCE_TABLE)),
    Claim("s000-09", "Staffordshire allegations finalised in 2020/21 (informal + formal not investigated + "
          "investigated)", "1,762", 1762, "allegations",
          sum_of_parts([_iopc_staffs("allegations_finalised", h) for h in HANDLING],
                       "allegations finalised by handling")),
    Claim("s000-10", "Staffordshire finalised allegations dealt with informally (outside Schedule 3)", "1,046", 1046,
          "allegations", same_figure(_iopc_staffs("allegations_finalised", "Outside Schedule 3"),
                                     _PART_OF_FINALISED)),
    Claim("s000-11", "Staffordshire finalised allegations in formal complaints resolved without investigation",
          "702", 702, "allegations",
          same_figure(_iopc_staffs("allegations_finalised", "Schedule 3 not investigated"), _PART_OF_FINALISED)),
    Claim("s000-12", "Staffordshire allegations finalised after an investigation", "14", 14, "allegations",
          same_figure(_iopc_staffs("allegations_finalised", "Schedule 3 investigated"),
                      _PART_OF_FINALISED + " The story prints this figure itself (\"14 were finalised after an "
                      "investigation\"); it is not worked out from the total and the other two parts.")),
    Claim("s000-13", "Complaint cases logged in England and Wales in 2020/21", "67,732", 67732, "complaint cases",
          same_figure(_iopc_ew("complaint_cases_logged"))),
    Claim("s000-14", "England and Wales complaint cases recorded formally", "36,365", 36365, "complaint cases",
          same_figure(_iopc_ew("complaint_cases_recorded_sch3"))),
    Claim("s000-15", "Allegations in England and Wales complaint cases", "109,151", 109151, "allegations",
          same_figure(_iopc_ew("allegations_logged"))),
    Claim("s000-16", "People serving with the police who were subject to a complaint", "38,982", 38982, "people",
          same_figure(_iopc_ew("people_subject_to_complaint", unit="people"))),
    Claim("s000-17", "Share of people complained about who were male", "67per cent", 67, "percent",
          same_figure(_iopc_ew("people_subject_share", "Male", "percent"))),
    Claim("s000-18", "Share of people complained about who were white (where ethnicity known)", "81per cent", 81,
          "percent", same_figure(_iopc_ew("people_subject_share", "White", "percent"))),
    Claim("s000-19", "Allegations of sexual assault nationally", "128", 128, "allegations",
          same_figure(_iopc_ew("allegations_logged", "Sexual conduct: Sexual assault"), _NATIONAL_ONLY_SEED)),
    Claim("s000-20", "Allegations of sexual harassment nationally", "23", 23, "allegations",
          same_figure(_iopc_ew("allegations_logged", "Sexual conduct: Sexual harassment"), _NATIONAL_ONLY_SEED)),
    Claim("s000-21", "Allegations of discriminatory behaviour nationally", "3,764", 3764, "allegations",
          same_figure(_iopc_ew("allegations_logged", "Discriminatory behaviour"), _NATIONAL_ONLY_SEED)),
    Claim("s000-22", "Discriminatory behaviour allegations about race, nationally", "2,375", 2375, "allegations",
          same_figure(_iopc_ew("allegations_logged", "Discriminatory behaviour: Race"), _NATIONAL_ONLY_SEED)),
    Claim("s000-23", "Race accounts for the majority of discriminatory behaviour allegations", "the majority", 50,
          "percent (more than)",
          majority(_iopc_ew("allegations_logged", "Discriminatory behaviour: Race"),
                   _iopc_ew("allegations_logged", "Discriminatory behaviour"),
                   "Both counts come from the Stoke Sentinel only (s000-21, s000-22), so only the arithmetic is "
                   "tested.")),
    Claim("s000-24", "Allegations of obstructing justice nationally", "666", 666, "allegations",
          same_figure(_iopc_ew("allegations_logged", f"{AP}: Obstruction of justice"), _NATIONAL_ONLY_SEED)),
    Claim("s000-25", "Allegations of organisational corruption nationally", "190", 190, "allegations",
          same_figure(_iopc_ew("allegations_logged", f"{AP}: Organisational corruption"), _NATIONAL_ONLY_SEED)),
    Claim("s000-26", "Allegations of abuse of position nationally", "634", 634, "allegations",
          same_figure(_iopc_ew("allegations_logged", f"{AP}: Abuse of position (all purposes)"),
                      _NATIONAL_ONLY_SEED + " The three purposes the story lists (s000-27 to s000-29) fit inside "
                      "it. Read as the abuse-of-position sub-total, not the whole abuse of position / corruption "
                      "category, which also holds the obstruction of justice allegations (s000-24, a larger count).")),
    Claim("s000-27", "Abuse of position for a financial purpose, nationally", "53", 53, "allegations",
          same_figure(_iopc_ew("allegations_logged", f"{AP}: Abuse of position for financial purpose"),
                      _NATIONAL_ONLY_SEED)),
    Claim("s000-28", "Abuse of position for a sexual purpose, nationally", "52", 52, "allegations",
          same_figure(_iopc_ew("allegations_logged", f"{AP}: Abuse of position for sexual purpose"),
                      _NATIONAL_ONLY_SEED)),
    Claim("s000-29", "Abuse of position to pursue an inappropriate emotional relationship, nationally", "35", 35,
          "allegations",
          same_figure(_iopc_ew("allegations_logged", f"{AP}: Abuse of position for the purpose of pursuing an "
                               "inappropriate emotional relationship"), _NATIONAL_ONLY_SEED)),
    Claim("s000-30", "Allegations finalised nationally in cases handled informally", "32,012", 32012, "allegations",
          same_figure(_iopc_ew("allegations_finalised", "Outside Schedule 3"))),
    Claim("s000-31", "Allegations handled formally but not investigated, nationally", "45,205", 45205, "allegations",
          same_figure(_iopc_ew("allegations_finalised", "Schedule 3 not investigated"))),
    Claim("s000-32", "Allegations investigated formally, nationally", "6,533", 6533, "allegations",
          same_figure(_iopc_ew("allegations_finalised", "Schedule 3 investigated"),
                      "The Police Professional copy of the release stops after the not-investigated figure "
                      "(s000-31) and the WiredGov copy after the informal one (s000-30).")),
    # ---- 001: Express & Star, PA FOI survey 2016-2020 ----
    Claim("s001-01", "Sexual assault allegations against Staffordshire officers over five years", "Almost a dozen",
          12, "allegations", almost(_pa("sexual_assault_allegations"), 12, "dozen")),
    Claim("s001-02", "The period covered", "over five years", 5, "years",
          period_years(_pa("sexual_assault_allegations"))),
    Claim("s001-03", "Sexual assault claims against Staffordshire officers, 2016 to 2020 (sum of the outcomes)",
          "11", 11, "allegations",
          sum_of_parts([_pa("sexual_assault_allegations_by_outcome", o) for o in PA_OUTCOMES],
                       "Staffordshire allegations by outcome")),
    Claim("s001-04", "Staffordshire allegations that led to dismissal", "One", 1, "allegations",
          same_figure(_pa("sexual_assault_allegations_by_outcome", "Dismissal"), _PA_ONLY)),
    Claim("s001-05", "Staffordshire allegations that led to a written warning", "one", 1, "allegations",
          same_figure(_pa("sexual_assault_allegations_by_outcome", "Written warning"), _PA_ONLY)),
    Claim("s001-06", "Staffordshire allegations that led to management action", "another", 1, "allegations",
          same_figure(_pa("sexual_assault_allegations_by_outcome", "Management action"), _PA_ONLY)),
    Claim("s001-07", "Staffordshire complaints not upheld or with no case to answer", "seven", 7, "allegations",
          same_figure(_pa("sexual_assault_allegations_by_outcome", "Not upheld or no case to answer"), _PA_ONLY)),
    Claim("s001-08", "Staffordshire cases withdrawn", "one", 1, "allegations",
          same_figure(_pa("sexual_assault_allegations_by_outcome", "Withdrawn"), _PA_ONLY)),
    Claim("s001-09", "Forces that responded to the PA requests", "33", 33, "forces",
          same_figure(_pa("forces_responding", force=EW), _PA_ONLY)),
    Claim("s001-10", "Sexual assault allegations against officers in the responding forces", "more than 700", 700,
          "allegations (lower bound)",
          same_figure(_pa("sexual_assault_allegations_lower_bound", force=EW),
                      "Only a lower bound is printed and no per-force figures besides Staffordshire's, so the "
                      "national sum cannot be rebuilt.")),
    Claim("s001-11", "Allegations resulting in dismissal in the responding forces", "at least 34", 34,
          "allegations (lower bound)",
          same_figure(_pa("sexual_assault_allegations_by_outcome_lower_bound", "Dismissal", force=EW),
                      "Only a lower bound is printed, with no per-force figures besides Staffordshire's.")),
    Claim("s001-12", "Forces that provided no data (West Midlands and West Mercia, cost limits)",
          "West Midlands Police and West Mercia Police", 2, "forces",
          same_figure(_pa("forces_not_providing_data", force=EW), _PA_ONLY)),
    Claim("s001-13", "Most of the complaints involved male officers", "The majority", 50, "percent (more than)",
          no_breakdown(("Male", "Female"), "No count of allegations by the officer's sex is printed, nationally or for "
                       "Staffordshire, and no other source in the data has one: there is no figure to test.")),
    # ---- 002: Burton Mail, Home Office misconduct statistics, year ending March 2021 ----
    Claim("s002-01", "Staffordshire officers who faced complaints (headline)", "288", 288, "officers",
          same_figure(_ho("officers_subject"), _HO_ONLY)),
    Claim("s002-02", "Staffordshire officers who faced complaints (first paragraph)", "ALMOST 300", 300, "officers",
          almost(_ho("officers_subject"), 100, "hundred")),
    Claim("s002-03", "Public complaints against Staffordshire officers", "139", 139, "complaints",
          same_figure(_ho("complaint_cases"), _HO_ONLY)),
    Claim("s002-04", "Allegations in those complaints (against the outcomes listed)", "501", 501, "allegations",
          sum_of_parts([_ho("allegations_by_outcome", o) for o in HO_OUTCOMES],
                       "Staffordshire allegations by outcome")),
    Claim("s002-05", "Allegations that led to an officer being referred to proceedings", "Not one", 0, "allegations",
          same_figure(_ho("allegations_by_outcome", "Referred to proceedings"), _HO_ONLY)),
    Claim("s002-06", "Allegations dealt with by the reflective practice review process", "four", 4, "allegations",
          same_figure(_ho("allegations_by_outcome", "Reflective practice review process"), _HO_ONLY)),
    Claim("s002-07", "Officers who retired or resigned", "Two", 2, "officers",
          same_figure(_ho("officers_retired_or_resigned"), _HO_ONLY)),
    Claim("s002-08", "Allegations that resulted in other sanctions", "10", 10, "allegations",
          same_figure(_ho("allegations_by_outcome", "Other sanctions"), _HO_ONLY)),
    Claim("s002-09", "Allegations whose outcome is not known", "46", 46, "allegations",
          same_figure(_ho("allegations_by_outcome", "Outcome not known"), _HO_ONLY)),
    Claim("s002-10", "Allegations followed by no action", "439", 439, "allegations",
          same_figure(_ho("allegations_by_outcome", "No action"), _HO_ONLY)),
    Claim("s002-11", "No action as a share of allegations whose result is known", "96 per cent", 96, "percent",
          no_action_share()),
    Claim("s002-12", "No action was needed in most cases (headline; the overwhelming majority in the text)",
          "MOST CASES", 50, "percent (more than)",
          majority(_ho("allegations_by_outcome", "No action"), _ho("complaint_allegations"),
                   "The share is of allegations: the Home Office figures count allegations, not cases, so the "
                   "headline's \"cases\" is loose wording.")),
    # ---- 004: HMICFRS PEEL 2018/19, Staffordshire legitimacy (003, the Met FOI reply, is in UNCHECKED) ----
    Claim("s004-01", "Stop and search records sampled by HMICFRS", "182", 182, "records",
          same_figure(_peel("stop_search_records_reviewed"), _PEEL_ONLY)),
    Claim("s004-02", "Sampled stop and search records with reasonable grounds", "74 percent", 74, "percent",
          achievable_percent(_peel("stop_search_records_with_reasonable_grounds_share", unit="percent"),
                             _peel("stop_search_records_reviewed"),
                             "The count in the data is a reconstruction from the percentage (status uncertain), not a "
                             "published figure.")),
    Claim("s004-03", "Areas for improvement identified in the 2017 legitimacy inspection", "three", 3,
          "areas for improvement",
          same_figure(_peel("areas_for_improvement", "PEEL 2017 legitimacy inspection"), _PEEL_ONLY)),
    Claim("s004-04", "Workforce members who need their vetting refreshed", "Twenty-two", 22, "people",
          same_figure(_peel("staff_needing_vetting_refresh", unit="people"), _PEEL_ONLY)),
    Claim("s004-05", "Counter-corruption intelligence items reviewed", "60", 60, "items",
          same_figure(_peel("corruption_intelligence_items_reviewed"), _PEEL_ONLY)),
    Claim("s004-06", "Items not categorised in line with the national corruption categories", "42", 42, "items",
          same_figure(_peel("corruption_intelligence_items_not_categorised_nationally"), _PEEL_ONLY)),
    Claim("s004-07", "Cases where some lines of enquiry were not pursued", "a quarter", 25,
          "percent of the items reviewed",
          fraction_of_sample(_peel("corruption_intelligence_items_lines_of_enquiry_not_pursued"),
                             _peel("corruption_intelligence_items_reviewed"),
                             "A quarter of the sample is a whole number, so the phrase is at least possible; "
                             "HMICFRS may have rounded.")),
    Claim("s004-08", "Areas for improvement on fair treatment of the workforce", "no areas for improvement", 0,
          "areas for improvement",
          same_figure(_peel("areas_for_improvement", "Q3 Fair treatment of the workforce"), _PEEL_ONLY)),
)


def claims() -> tuple[Claim, ...]:
    """The register of claims, in document order."""
    return CLAIMS


def _row(d: _Data, c: Claim) -> dict:
    chk = c.check(d, c)
    if chk.verdict not in VERDICTS:
        raise ValueError(f"{c.claim_id}: unknown verdict {chk.verdict!r}")
    worst = "" if not chk.statuses else max(chk.statuses, key=["published", "derived", "uncertain"].index)
    return {"claim_id": c.claim_id, "document": c.document.label, "source_id": c.document.source_id,
            "claim": c.claim, "quoted": c.quoted, "quoted_value": float(c.quoted_value), "unit": c.unit,
            "computed_value": float(chk.value), "computed_how": chk.how, "data_source_ids": ";".join(chk.sources),
            "verdict": chk.verdict, "why": chk.why, "data_status": worst}


def claims_table(with_status: bool = False) -> pd.DataFrame:
    """Every figure quoted in documents 000, 001, 002 and 004, recomputed and judged.

    Columns: ``claim_id`` (``s000-01``...: document number and figure), ``document`` (the
    publication), ``source_id`` (the document's id in the source register),
    ``claim`` (paraphrase), ``quoted`` (as printed), ``quoted_value``,
    ``unit``, ``computed_value``, ``computed_how``, ``data_source_ids``
    (ids the computation read, ``;``-separated), ``verdict`` (one of
    :data:`VERDICTS`) and ``why``.  With ``with_status`` a ``data_status``
    column gives the least certain status of the figures used.
    """
    d = _Data()
    frame = pd.DataFrame([_row(d, c) for c in CLAIMS]).sort_values("claim_id", kind="stable").reset_index(drop=True)
    if frame.claim_id.duplicated().any():
        raise ValueError("duplicate claim ids")
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


def discussion(verdict: str, table: pd.DataFrame | None = None) -> str:
    """Markdown bullets explaining every claim with ``verdict`` (for the notebook).

    ``cannot check`` claims are grouped by their reason, so the list stays readable.
    """
    if verdict not in VERDICTS:
        raise ValueError(f"unknown verdict {verdict!r}")
    table = claims_table() if table is None else table
    rows = table[table.verdict == verdict]
    if rows.empty:
        return "_None._"
    if verdict == "cannot check":
        groups = rows.groupby("why", sort=False)
        return "\n".join(
            f"- {why} **{', '.join(f'{r.claim_id} ({r.quoted})' for r in g.itertuples())}**"
            for why, g in groups)
    return "\n".join(
        f"- **{r.claim_id}** ({r.document}): {r.claim}. Printed: *{r.quoted}*; recomputed: "
        f"**{fmt(r.computed_value, 2)}** ({r.computed_how}). {r.why}" for r in rows.itertuples())


# --------------------------------------------------------------------------------------------------------------
# Context: figures the stories imply but do not print
# --------------------------------------------------------------------------------------------------------------

def context_figures() -> pd.DataFrame:
    """Derived figures that put the stories in context (not claims: the stories do not print them).

    Columns: ``key, label, staffordshire, england_and_wales, unit, computed_how,
    source_ids, status``.  Shares are percentages.  ``status`` is ``derived``
    (or ``uncertain`` if an input is).
    """
    d = _Data()
    s0, s2, s1 = DOCUMENTS["000"].source_id, DOCUMENTS["002"].source_id, DOCUMENTS["001"].source_id
    wired = "iopc-2021-release-wiredgov"

    def g(key: Key, sid: str) -> Fig:
        return d.get(key, sid)

    rows: list[dict] = []

    def add(key: str, label: str, staffs: float, ew: float, unit: str, how: str, figs: list[Fig]) -> None:
        status = "uncertain" if any(f.status == "uncertain" for f in figs) else "derived"
        rows.append({"key": key, "label": label, "staffordshire": staffs, "england_and_wales": ew, "unit": unit,
                     "computed_how": how, "source_ids": ";".join(dict.fromkeys(f.source_id for f in figs)),
                     "status": status})

    def share_of_ew(key: str, label: str, sk: Key, ek: Key, s_sid: str, e_sid: str) -> None:
        a, b = g(sk, s_sid), g(ek, e_sid)
        add(key, label, 100 * a.value / b.value, np.nan, "percent of England and Wales",
            f"100 x {fmt(a.value)} / {fmt(b.value)}", [a, b])

    share_of_ew("share_of_ew_population", "Staffordshire's share of the England and Wales population (mid-2020)",
                Key(STAFFS, POPULATION_DATE, "population", unit="people"),
                Key(EW, POPULATION_DATE, "population", unit="people"),
                "ons-mye-mid2020-lad-lesscrime", "ons-mye-mid2020-ew-total")
    share_of_ew("share_of_ew_workforce", "Staffordshire's share of the police workforce (headcount, 31 March 2021)",
                Key(STAFFS, WORKFORCE_DATE, "workforce", "Total workforce", "people"),
                Key(EW, WORKFORCE_DATE, "workforce", "Total workforce", "people"),
                "howf-open-data-2022-lesscrime", "howf-open-data-2022-lesscrime")
    share_of_ew("share_of_ew_complaint_cases", "Staffordshire's share of complaint cases logged (IOPC)",
                _iopc_staffs("complaint_cases_logged"), _iopc_ew("complaint_cases_logged"), s0, wired)
    share_of_ew("share_of_ew_cases_recorded_sch3", "Staffordshire's share of cases recorded formally (IOPC)",
                _iopc_staffs("complaint_cases_recorded_sch3"), _iopc_ew("complaint_cases_recorded_sch3"), s0, wired)
    share_of_ew("share_of_ew_allegations", "Staffordshire's share of allegations logged (IOPC)",
                _iopc_staffs("allegations_logged"), _iopc_ew("allegations_logged"), s0, wired)
    share_of_ew("share_of_ew_allegations_finalised", "Staffordshire's share of allegations finalised (IOPC)",
                _iopc_staffs("allegations_finalised"), _iopc_ew("allegations_finalised"), s0, s0)
    share_of_ew("share_of_ew_ho_complaints", "Staffordshire's share of public complaints (Home Office)",
                _ho("complaint_cases"), Key(EW, HO_YEAR, "complaint_cases"), s2, "ho-urdupoint-2022-06-01")
    share_of_ew("share_of_ew_ho_allegations", "Staffordshire's share of complaint allegations (Home Office)",
                _ho("complaint_allegations"), Key(EW, HO_YEAR, "complaint_allegations"), s2,
                "ho-urdupoint-2022-06-01")

    # Ratios and mixes, Staffordshire against England and Wales.
    sc, ss, sa = (g(_iopc_staffs(m), s0) for m in ("complaint_cases_logged", "complaint_cases_recorded_sch3",
                                                   "allegations_logged"))
    ec, es, ea = (g(_iopc_ew(m), wired) for m in ("complaint_cases_logged", "complaint_cases_recorded_sch3",
                                                  "allegations_logged"))
    add("cases_recorded_sch3_pct", "Complaint cases recorded formally, % of cases logged",
        100 * ss.value / sc.value, 100 * es.value / ec.value, "percent",
        f"100 x {fmt(ss.value)} / {fmt(sc.value)}; 100 x {fmt(es.value)} / {fmt(ec.value)}", [ss, sc, es, ec])
    add("allegations_per_case", "Allegations per complaint case logged", sa.value / sc.value, ea.value / ec.value,
        "allegations per case", f"{fmt(sa.value)} / {fmt(sc.value)}; {fmt(ea.value)} / {fmt(ec.value)}",
        [sa, sc, ea, ec])
    s_all = g(_iopc_staffs("allegations_finalised"), s0)
    e_all = g(_iopc_ew("allegations_finalised"), s0)
    for h in HANDLING:
        a, b = g(_iopc_staffs("allegations_finalised", h), s0), g(_iopc_ew("allegations_finalised", h), s0)
        add(f"finalised_{h.lower().replace(' ', '_')}_pct", f"Allegations finalised: {h}, % of all finalised",
            100 * a.value / s_all.value, 100 * b.value / e_all.value, "percent",
            f"100 x {fmt(a.value)} / {fmt(s_all.value)}; 100 x {fmt(b.value)} / {fmt(e_all.value)}",
            [a, s_all, b, e_all])
    deliv = g(_iopc_staffs("allegations_logged", "Delivery of duties and service"), s0)
    add("delivery_of_duties_pct", "Delivery of duties and service, % of Staffordshire allegations",
        100 * deliv.value / sa.value, np.nan, "percent", f"100 x {fmt(deliv.value)} / {fmt(sa.value)}", [deliv, sa])
    na, al = g(_ho("allegations_by_outcome", "No action"), s2), g(_ho("complaint_allegations"), s2)
    ew_na = g(Key(EW, HO_YEAR, "allegations_no_action_share", unit="percent"), "ho-urdupoint-2022-06-01")
    add("ho_no_action_pct_of_all_allegations", "No action, % of all complaint allegations (Home Office)",
        100 * na.value / al.value, ew_na.value, "percent",
        f"100 x {fmt(na.value)} / {fmt(al.value)}; England and Wales as published ({fmt(ew_na.value)}%, base: "
        "allegations in public complaints)", [na, al, ew_na])
    pa11, pa700 = g(_pa("sexual_assault_allegations"), s1), g(_pa("sexual_assault_allegations_lower_bound", force=EW),
                                                              s1)
    add("pa_staffordshire_share_upper_bound_pct",
        "Staffordshire's share of the PA survey's sexual assault allegations (upper bound: the total is a lower bound)",
        100 * pa11.value / pa700.value, np.nan, "percent (at most)", f"100 x {fmt(pa11.value)} / {fmt(pa700.value)}",
        [pa11, pa700])
    s4 = DOCUMENTS["004"].source_id
    nc, rv = (g(_peel(m), s4) for m in ("corruption_intelligence_items_not_categorised_nationally",
                                        "corruption_intelligence_items_reviewed"))
    add("peel_items_not_categorised_pct", "Intelligence items not categorised nationally, % of items reviewed",
        100 * nc.value / rv.value, np.nan, "percent", f"100 x {fmt(nc.value)} / {fmt(rv.value)}", [nc, rv])
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------------------------
# Chart and key figures
# --------------------------------------------------------------------------------------------------------------

def headline(table: pd.DataFrame | None = None) -> str:
    """The chart title: how many quoted figures could be tested, and how many failed."""
    table = claims_table() if table is None else table
    total = len(table)
    tested = int((table.verdict != "cannot check").sum())
    differs = int((table.verdict == "differs").sum())
    tail = "all passed" if differs == 0 else f"{differs} failed"
    return f"Only {tested} of {total} figures in the source documents could be tested; {tail}"


def fmt_int(x: float) -> int | float:
    """An integer when the value is whole (for key figures)."""
    return int(x) if float(x).is_integer() else float(x)
