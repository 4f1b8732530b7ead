"""The kinds of check that recompute a printed figure from the data: one function per kind.

Each row of ``data/registers/claims.csv`` names its kind in the ``check``
column (:mod:`analysis.data.claims` describes the file).  :data:`CHECKS` maps
the kind to the function that runs it, and :data:`SIGNATURES` says what the
kind reads from its row (key columns, ``args``, ``note``).  Adding a claim of
an existing kind means adding a row to the CSV; only a new kind needs a
function here and an entry in both mappings.

Every function takes the loaded data (:class:`FactcheckData`) and a
:class:`~analysis.data.claims.Claim` and returns a
:class:`~analysis.tables.factcheck_lookup.Check`: the recomputed value, how it
was computed, the source ids read, the verdict and why.  Values always come
from ``data/raw`` through the observations, never from a literal.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from analysis.data.claims import Claim, Key, Signature
from analysis.data.errors import DataError
from analysis.data.formatting import fmt, round_half_up
from analysis.data.reconciliation import KNOWN_INCONSISTENCIES
from analysis.data.vocabulary import IOPC_CATEGORIES
from analysis.tables.factcheck_lookup import Check, FactcheckData, Fig, uncertain_note
from analysis.tables.factcheck_mostcommon import full_breakdown_forces, most_common_check

__all__ = [
    "CHECKS",
    "SIGNATURES",
    "achievable_percent",
    "almost",
    "fraction_of_sample",
    "majority",
    "most_common",
    "no_action_share",
    "no_breakdown",
    "period_years",
    "same_figure",
    "sum_of_parts",
]


def _base(c: Claim) -> Key:
    """The second figure of a claim (its denominator or sample size): the claim's force and period, ``base_*``."""
    return Key(c.key.force, c.key.period, str(c.args["base_measure"]), str(c.args["base_category"]),
               str(c.args["base_unit"]))


def _parts(c: Claim) -> list[Key]:
    return [Key(c.key.force, c.key.period, c.key.measure, str(p), c.key.unit) for p in c.args["parts"]]


def _transcription_slip(c: Claim, own: Fig, key: Key) -> Check | None:
    """``differs`` when data/raw does not hold the figure the document prints."""
    if own.value == c.quoted_value:
        return None
    return Check(own.value, f"{key.describe()} as transcribed from {own.source_id}", (own.source_id,), "differs",
                 f"data/raw/{own.raw_file} row {own.raw_row} holds {fmt(own.value)} but the document prints "
                 f"{c.quoted}: a transcription slip in the data or in this register.", (own.status,))


def same_figure(d: FactcheckData, c: Claim) -> Check:
    """A count or share printed by the document: compare with any other source holding the same figure.

    With no other source the verdict is ``cannot check`` and the computed value
    is the document's own figure (the same figure, transcribed).
    """
    doc, key = c.document, c.key
    own = d.get(key, doc.source_id)
    slip = _transcription_slip(c, own, key)
    if slip:
        return slip
    others = d.others(key, doc.source_id)
    extra = f" {c.note}" if c.note else ""
    if not others:
        return Check(own.value, f"{key.describe()} as transcribed from {own.source_id} (same figure)",
                     (own.source_id,), "cannot check",
                     f"{doc.publication} is the only source of this figure in the data and no arithmetic "
                     f"tests it; the computed value is the document's own figure (same figure), so agreement "
                     f"is circular.{extra}{uncertain_note([own])}", (own.status,))
    ids = tuple(dict.fromkeys(f.source_id for f in others))
    names = ", ".join(f"{d.publisher(f.source_id)} ({f.source_id})" for f in others)
    values = sorted({f.value for f in others})
    how = f"{key.describe()} from {', '.join(ids)}, not from the document"
    statuses = tuple(f.status for f in others)
    if values == [c.quoted_value]:
        return Check(values[0], how, ids, "matches",
                     f"The same figure is printed by {names}: an independent copy of the same official "
                     f"figure, so the transcription is confirmed (it is not an independent count).{extra}"
                     f"{uncertain_note(others)}", statuses)
    first = next((f.value for f in others if f.value != c.quoted_value), values[0])
    return Check(first, how, ids, "differs",
                 f"Other sources print {', '.join(fmt(v) for v in values)} ({names}), not {c.quoted}.{extra}"
                 f"{uncertain_note(others)}", statuses)


def _registered_inconsistencies(source_id: str) -> list[str]:
    """The explanations registered for published inconsistencies of ``source_id``."""
    return [text for (_rule, _ds, source, _p, _f), text in sorted(KNOWN_INCONSISTENCIES.items()) if source == source_id]


def sum_of_parts(d: FactcheckData, c: Claim) -> Check:
    """A total the document prints alongside its parts (``args``: ``parts``, ``label``): the sum of the parts."""
    sid = c.document.source_id
    figs = [d.get(k, sid) for k in _parts(c)]
    total = float(sum(f.value for f in figs))
    how = " + ".join(fmt(f.value) for f in figs) + f" = {fmt(total)} ({c.args['label']}, from {sid})"
    statuses = tuple(f.status for f in figs)
    if total == c.quoted_value:
        return Check(total, how, (sid,), "matches",
                     f"The parts the document prints add up to the total it prints. This is an internal "
                     f"consistency check within one document: it cannot detect an error that the parts and "
                     f"the total share.{uncertain_note(figs)}", statuses)
    gap = c.quoted_value - total
    registered = _registered_inconsistencies(sid)
    why = (f"The parts printed add up to {fmt(total)}, {fmt(abs(gap))} {'fewer' if gap > 0 else 'more'} than "
           f"the {c.quoted} printed.")
    if registered:
        why += " Registered as a published inconsistency in data/registers/known_inconsistencies.csv: " + " ".join(registered)
    return Check(total, how, (sid,), "differs", why + uncertain_note(figs), statuses)


def almost(d: FactcheckData, c: Claim) -> Check:
    """"Almost N": below N and rounding up to it at the precision ``round_to`` (named ``round_to_name``)."""
    sid, key = c.document.source_id, c.key
    base, base_name = float(c.args["round_to"]), str(c.args["round_to_name"])
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
    return Check(f.value, how, (sid,), verdict, why + uncertain_note([f]), (f.status,))


def _share_verdict(computed: float, quoted: float, decimals: int) -> str:
    if computed == quoted:
        return "matches"
    if round_half_up(computed, decimals) == quoted:
        return "rounding"
    return "differs"


def no_action_share(d: FactcheckData, c: Claim) -> Check:
    """No action (the key) as a whole-number share of the total (``base_*``) less the ``unknown`` outcome.

    ``parts`` lists every outcome the document prints; when they do not add up
    to the total, the share on their known sum is given too.
    """
    sid = c.document.source_id
    if c.args["unknown"] not in c.args["parts"] or c.key.category not in c.args["parts"]:
        raise DataError(c.path, f"{c.claim_id}: the unknown outcome ({c.args['unknown']!r}) and the key's category "
                        f"({c.key.category!r}) must both be among the parts {list(c.args['parts'])}", row=c.row,
                        column="args")
    outcome = {k.category: d.get(k, sid) for k in _parts(c)}
    total = d.get(_base(c), sid)
    no_action, unknown = d.get(c.key, sid).value, outcome[str(c.args["unknown"])].value
    known = total.value - unknown
    share = 100 * no_action / known
    known_parts = sum(f.value for o, f in outcome.items() if o != c.args["unknown"])
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
    return Check(share, how, (sid,), verdict, why + uncertain_note(figs), tuple(f.status for f in figs))


def majority(d: FactcheckData, c: Claim) -> Check:
    """"The majority" / "most": the key as a share of the ``base_*`` figure should exceed half."""
    sid, num, den = c.document.source_id, c.key, _base(c)
    n, t = d.get(num, sid), d.get(den, sid)
    share = 100 * n.value / t.value
    how = f"100 x {fmt(n.value)} / {fmt(t.value)} = {share:.1f}% ({num.describe()} / {den.describe()}, from {sid})"
    verdict = "matches" if share > c.quoted_value else "differs"
    why = (f"The claim is a comparison (more than half) and it holds: {share:.1f}%." if verdict == "matches"
           else f"{share:.1f}% is not more than half.")
    return Check(share, how, (sid,), verdict, f"{why} {c.note}{uncertain_note([n, t])}".rstrip(),
                 (n.status, t.status))


def most_common(d: FactcheckData, c: Claim) -> Check:
    """The key's category is the most common of the IOPC categories, with the printed count."""
    sid, key = c.document.source_id, c.key
    table = most_common_check(key, sid, d)
    cats = table[table.category.isin(IOPC_CATEGORIES) & table.published]
    largest = cats.loc[cats.allegations.idxmax()]
    remainder = float(table.allegations.iloc[-2])
    total = float(table.allegations.iloc[-1])
    n_unpub = int((table.category.isin(IOPC_CATEGORIES) & ~table.published).sum())
    how = (f"largest published category = {largest.category} ({fmt(largest.allegations)}); unpublished "
           f"remainder = {fmt(total)} - ({' + '.join(fmt(v) for v in cats.allegations)}) = {fmt(remainder)} "
           f"over {n_unpub} categories (from {sid})")
    if largest.category != key.category or largest.allegations != c.quoted_value:
        return Check(float(largest.allegations), how, (sid,), "differs",
                     f"Among the published categories the largest is {largest.category} "
                     f"({fmt(largest.allegations)}).", ())
    if remainder < largest.allegations or largest.allegations > total / 2:
        return Check(float(largest.allegations), how, (sid,), "matches",
                     "No unpublished category can be larger: the remainder is smaller than the published "
                     "largest category (or it is an outright majority).", ())
    need = largest.allegations + 1
    full = full_breakdown_forces(key, sid, d)
    ctx = ""
    if len(full):
        n_largest = int((full.largest == key.category).sum())
        ctx = (f" In the {len(full)} forces with all {len(IOPC_CATEGORIES)} categories in the data "
               f"({', '.join(full.force)}), {key.category.lower()} is the largest in {n_largest}, "
               f"and the largest of the categories {key.force} did not publish holds at most "
               f"{fmt(full.largest_other_share_of_remainder_pct.max())}% of that remainder: the claim is "
               f"plausible, not proven.")
    return Check(float(largest.allegations), how, (sid,), "cannot check",
                 f"Only {len(cats)} of the {len(IOPC_CATEGORIES)} IOPC categories are published for "
                 f"{key.force}. The other "
                 f"{n_unpub} hold {fmt(remainder)} allegations, so one of them would beat {fmt(c.quoted_value)} "
                 f"only by holding at least {fmt(need)} ({100 * need / remainder:.1f}%) of that remainder. "
                 f"{fmt(c.quoted_value)} is {100 * c.quoted_value / total:.1f}% of all {fmt(total)} allegations, "
                 f"not a majority, so the data cannot prove it is the largest.{ctx}", ())


def period_years(d: FactcheckData, c: Claim) -> Check:
    """"Over five years": the number of calendar years in the key's period (``2016-2020`` = five)."""
    sid, key = c.document.source_id, c.key
    f = d.get(key, sid)
    start, end = (int(p) for p in key.period.split("-"))
    years = float(end - start + 1)
    how = f"period of {key.describe()} (from {sid}): {end} - {start} + 1 = {fmt(years)} calendar years"
    verdict = "matches" if years == c.quoted_value else "differs"
    why = ("The period of the figures (calendar years inclusive) has as many years as the text says."
           if verdict == "matches" else f"The period covers {fmt(years)} calendar years.")
    return Check(years, how, (sid,), verdict, why, (f.status,))


def achievable_percent(d: FactcheckData, c: Claim) -> Check:
    """A rounded percentage (the key) of a sample (``base_*``) whose count is not published: which counts give it?"""
    sid, share = c.document.source_id, c.key
    s, n = d.get(share, sid), d.get(_base(c), sid)
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
                 f"{fmt(n.value)} round to {c.quoted}. {c.note}{uncertain_note([s, n])}".rstrip(),
                 (s.status, n.status))


def fraction_of_sample(d: FactcheckData, c: Claim) -> Check:
    """A fraction in words ("a quarter"): the key as a share of a sample (``base_*``) whose count is not published."""
    sid, part, base = c.document.source_id, c.key, _base(c)
    p, n = d.get(part, sid), d.get(base, sid)
    share = 100 * p.value / n.value
    how = (f"100 x {part.describe()} / {base.describe()} = 100 x {fmt(p.value)} / {fmt(n.value)} = "
           f"{fmt(share)}% (from {sid}; the count is itself derived from the phrase)")
    if share != c.quoted_value:
        return Check(share, how, (sid,), "differs",
                     f"The data's count gives {fmt(share)}%, not {c.quoted}.{uncertain_note([p, n])}",
                     (p.status, n.status))
    return Check(share, how, (sid,), "cannot check",
                 f"No count is published; the data's {fmt(p.value)} was derived from the phrase itself "
                 f"(same figure), so the share cannot be tested. {c.note}{uncertain_note([p, n])}".rstrip(),
                 (p.status, n.status))


def no_breakdown(d: FactcheckData, c: Claim) -> Check:
    """A claim with no figure in the data to test (e.g. officers' sex in the PA survey).

    Looks for figures from the document in any of the ``categories``; if some
    appear later, the claim needs a real check and this returns ``differs`` to
    force a review.  The note is the explanation.
    """
    sid, categories = c.document.source_id, tuple(c.args["categories"])
    o = d.obs
    found = o[(o.source_id == sid) & o.category.isin(categories)]
    how = f"figures from {sid} with category {' or '.join(categories)}: {len(found)}"
    if len(found):
        return Check(np.nan, how, (sid,), "differs",
                     "The data now hold a breakdown for this claim: replace this check with a real one.", ())
    return Check(np.nan, how, (), "cannot check", c.note, ())


_BASE = {"base_measure": "text", "base_category": "text", "base_unit": "text"}

#: check kind (the ``check`` column of claims.csv) -> the function that runs it.
CHECKS: dict[str, Callable[[FactcheckData, Claim], Check]] = {
    "same_figure": same_figure,
    "sum_of_parts": sum_of_parts,
    "almost": almost,
    "no_action_share": no_action_share,
    "majority": majority,
    "most_common": most_common,
    "period_years": period_years,
    "achievable_percent": achievable_percent,
    "fraction_of_sample": fraction_of_sample,
    "no_breakdown": no_breakdown,
}

#: check kind -> what it reads from its row of claims.csv (see :class:`analysis.data.claims.Signature`).
SIGNATURES: dict[str, Signature] = {
    "same_figure": Signature("figure", note="optional"),
    "sum_of_parts": Signature("parts", {"parts": "list", "label": "text"}),
    "almost": Signature("figure", {"round_to": "number", "round_to_name": "text"}),
    "no_action_share": Signature("figure", {**_BASE, "parts": "list", "unknown": "text"}),
    "majority": Signature("figure", _BASE, note="required"),
    "most_common": Signature("figure"),
    "period_years": Signature("figure"),
    "achievable_percent": Signature("figure", _BASE, note="required"),
    "fraction_of_sample": Signature("figure", _BASE, note="required"),
    "no_breakdown": Signature("none", {"categories": "list"}, note="required"),
}
