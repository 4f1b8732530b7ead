"""Model answers to the marked assignments, generated for a force from the data (never typed).

:func:`news_story` writes a news story of about 400 words with a fact box;
:func:`fact_check` sets claims about the force (the figure a newspaper
published, where the data hold one, and claims in the style of published
coverage, labelled as such) and gives each its verdict and working.  Every
number comes through :func:`~analysis.report.teaching.facts.teaching_fact`.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.glossary import load_glossary
from analysis.data.sources import load_sources
from analysis.report.teaching.answers import CASES, SCH3
from analysis.report.teaching.facts import (
    NoAnswer,
    all_facts,
    format_day,
    previous_denominator,
    teaching_fact,
    teaching_period,
)
from analysis.tables import comparisons as cmp
from analysis.tables.coverage import alternatives

__all__ = ["FACT_BOX_COLUMNS", "fact_box", "fact_check", "news_story", "verdict_phrase", "word_count"]

FACT_BOX_COLUMNS = ["figure", "value", "period", "status", "source"]
_PRESS = "press report of official figures"


def verdict_phrase(verdict: str, noun: str = "cases") -> str:
    """A funnel verdict in a reporter's words (never a rank)."""
    if verdict.startswith("higher"):
        return f"more {noun} than expected for a force of its size, even allowing for the usual differences between forces"
    if verdict.startswith("lower"):
        return f"fewer {noun} than expected for a force of its size, even allowing for the usual differences between forces"
    return "within the range expected for a force of its size once the usual differences between forces are allowed for"


def word_count(text: str) -> int:
    """Words in ``text`` (Markdown emphasis and brackets ignored)."""
    return len([w for w in text.replace("*", " ").split() if any(ch.isalnum() for ch in w)])


def _source_text(source_ids: str) -> str:
    table = load_sources().set_index("source_id")
    out = []
    for sid in [s for s in source_ids.split(";") if s]:
        out.append(f"{table.loc[sid, 'publisher']}, \"{table.loc[sid, 'title']}\" ({sid})" if sid in table.index
                   else sid)
    return "; ".join(out)


def _optional(force: str, measure: str, **kw) -> object:
    try:
        return teaching_fact(force, measure, **kw)
    except NoAnswer:
        return None


def fact_box(force: str) -> pd.DataFrame:
    """The news story's fact box: every figure with its period, status and source document."""
    cases = teaching_fact(force, CASES)
    rows = [("Complaint cases finalised", f"{cases.value:,.0f}", cases)]
    for basis, unit in (("officers", "per 1,000 officers"), ("population", "per 100,000 residents")):
        f = _optional(force, CASES, basis=basis)
        if f is not None:
            rows.append((f"Cases finalised {unit} ({basis} at {format_day(f.denominator_period)})",
                         f"{f.rate:,.0f} (95% interval {f.rate_low:,.0f} to {f.rate_high:,.0f}; {f.verdict})", f))
    sch3 = teaching_fact(force, SCH3)
    rows.append(("Share handled under Schedule 3", f"{sch3.rate:.1f}% (95% Wilson interval {sch3.rate_low:.1f}% to "
                                                   f"{sch3.rate_high:.1f}%)", sch3))
    days = _optional(force, "days_to_finalise", category="Schedule 3 (including suspension)")
    if days is not None:
        rows.append(("Average working days to finalise a Schedule 3 case (time suspended included)",
                     f"{days.value:,.0f}", days))
    reviews = _optional(force, "reviews_outcome_not_reasonable", category="Not investigated")
    if reviews is not None:
        rows.append(("IOPC reviews of non-investigated complaints finding the outcome not reasonable",
                     f"{reviews.value:,.0f} of {reviews.denominator:,.0f} valid reviews", reviews))
    return pd.DataFrame([{"figure": name, "value": value, "period": f.period, "status": f.status,
                          "source": _source_text(f.source_ids + (";" + f.denominator_source_ids
                                                                 if f.denominator_source_ids and i else ""))}
                         for i, (name, value, f) in enumerate(rows)], columns=FACT_BOX_COLUMNS)


def _reform_act() -> str:
    """The Act behind Schedule 3, named as the glossary register names it (its year is data, not typed here)."""
    terms = load_glossary().term
    return next((t for t in terms if t.startswith("Police Reform Act")), "Police Reform Act")


def _england_and_wales(measure: str, basis: str | None = None, category: str = "all") -> float | None:
    table = all_facts()
    sel = table[(table.measure == measure) & (table.category == category) & (table.period == teaching_period())]
    if basis:
        sel = sel[sel.basis == basis]
    sel = sel.dropna(subset=["england_and_wales_rate"])
    return None if sel.empty else float(sel.england_and_wales_rate.iloc[-1])


def news_story(force: str) -> dict:
    """A model news story for ``force``: ``headline``, ``paragraphs`` (list of text), ``fact_box``, ``words``."""
    cases = teaching_fact(force, CASES)
    name, period = cases.force, cases.period
    per_officer = _optional(force, CASES, basis="officers")
    sch3 = teaching_fact(force, SCH3)
    paras = []
    lead = (f"{name} Police finalised {cases.value:,.0f} complaint cases in {period}, according to figures "
            "published by the Independent Office for Police Conduct (IOPC).")
    if per_officer is not None:
        ew = _england_and_wales(CASES, "officers")
        lead += (f" That is {per_officer.rate:,.0f} for every 1,000 officers, "
                 f"{verdict_phrase(per_officer.verdict)}" + (f" (England and Wales: {ew:,.0f})." if ew else "."))
    paras.append(lead)
    per_resident = _optional(force, CASES, basis="population")
    if per_resident is not None:
        paras.append(f"Measured against the population it serves, the force finalised {per_resident.rate:,.0f} cases "
                     f"per 100,000 residents: {verdict_phrase(per_resident.verdict)}. Which comparison matters "
                     "depends on the question: per officer speaks to workload, per resident to the public's "
                     "experience.")
    paras.append("The figures count cases finalised, that is closed, during the year, whenever the complaint was "
                 f"made: they are not the number of complaints made in {period}. The data behind this story mark "
                 f"them as {cases.status}, so they are quoted with that caveat.")
    ew_share = _england_and_wales(SCH3)
    paras.append(f"Of those cases, {sch3.value:,.0f} ({sch3.rate:.1f}%) were handled formally, under Schedule 3 of "
                 f"the {_reform_act()}, which gives the complainant a right to ask for a review; the rest were "
                 f"dealt with outside it. Allowing for chance, the underlying share is likely between "
                 f"{sch3.rate_low:.1f}% and {sch3.rate_high:.1f}%"
                 + (f", against {ew_share:.1f}% across England and Wales." if ew_share else "."))
    days = _optional(force, "days_to_finalise", category="Schedule 3 (including suspension)")
    if days is not None:
        ew_days = _england_and_wales("days_to_finalise", category="Schedule 3 (including suspension)")
        paras.append(f"A case handled under Schedule 3 took on average {days.value:,.0f} working days to finalise, "
                     "including any time the case was suspended"
                     + (f" (England and Wales: {ew_days:,.0f})." if ew_days else "."))
    reviews = _optional(force, "reviews_outcome_not_reasonable", category="Not investigated")
    if reviews is None:
        paras.append(f"The IOPC printed no figure for completed reviews of {name}'s complaints that were not "
                     "investigated.")
    else:
        small = reviews.denominator < 30
        paras.append(f"Complainants whose complaints were not investigated asked for reviews: of "
                     f"{reviews.denominator:,.0f} valid reviews, {reviews.value:,.0f} found the outcome was not "
                     "reasonable and proportionate" + (". These are small numbers, so that share could change a "
                                                        "lot from one year to the next." if small else "."))
    paras.append("A complaint is an expression of dissatisfaction with the police, not a finding of misconduct: "
                 "most complaints end with no finding against anyone.")
    paras.append(f"[Right of reply: {name} Police and the office of the police and crime commissioner were sent "
                 "these figures and asked whether changes in how complaints are recorded explain them. Their "
                 "answer goes here.]")
    headline = f"{name} Police finalised {cases.value:,.0f} complaint cases in {period}"
    text = " ".join(paras)
    return {"force": name, "period": period, "headline": headline, "paragraphs": paras,
            "fact_box": fact_box(force), "words": word_count(headline + " " + text)}


def _published_claim(force: str) -> dict | None:
    sources = load_sources().set_index("source_id")
    press = set(sources[sources.kind == _PRESS].index)
    table = all_facts()
    sel = table[(table.force == force) & (table.measure == "complaint_cases_logged") & table.source_ids.isin(press)]
    if sel.empty:
        return None
    row = sel.sort_values(["period", "source_ids"]).iloc[0]
    src = sources.loc[row.source_ids]
    others = alternatives()
    others = others[(others.force == force) & (others.period == row.period)
                    & (others.measure == "complaint_cases_logged")]
    independent = others[others.source_id != row.source_ids]
    if independent.empty:
        verdict = ("Cannot check independently: the report is the data's only source for this figure (status "
                   f"{row.status}). Ask the IOPC or the force for the per-force table it came from.")
    elif (independent.value == row.value).all():
        verdict = "Correct: another source in the data gives the same figure."
    else:
        verdict = "Conflicting: another source in the data gives a different figure; report both, with their units."
    return {"claim": f"{src.publisher} ({src.published}): {force} logged {row.value:,.0f} complaint cases in "
                     f"{row.period}.", "published": True, "verdict": verdict,
            "working": f"Source: \"{src.title}\" ({src.url}).", "value": float(row.value), "period": row.period}


def fact_check(force: str) -> list[dict]:
    """Claims about ``force`` to fact-check, each ``claim, published, verdict, working`` (at least two)."""
    cases = teaching_fact(force, CASES)
    name, period = cases.force, cases.period
    claims = []
    published = _published_claim(name)
    if published is not None:
        claims.append(published)
        change = (cases.value - published["value"]) / published["value"] * 100
        claims.append({
            "claim": f"Complaints against {name} Police have {'risen' if change > 0 else 'fallen'} by "
                     f"{abs(change):.0f}% since {published['period']}, from {published['value']:,.0f} to "
                     f"{cases.value:,.0f} in {period}.", "published": False,
            "verdict": "Misleading: it compares complaint cases logged (the earlier figure) with cases finalised "
                       "(the later one), two different counts, so the change cannot be computed from them.",
            "working": f"{published['value']:,.0f} cases logged in {published['period']}; {cases.value:,.0f} "
                       f"cases finalised in {period} (status {cases.status})."})
    officers = _optional(name, CASES, basis="officers")
    if officers is not None:
        try:
            old, when = previous_denominator(name, "officers")
        except NoAnswer:
            old = None
        if old:
            claims.append({
                "claim": f"{name} Police received {cases.value / old * 1000:,.0f} complaints for every 1,000 "
                         f"officers in {period}.", "published": False,
                "verdict": f"Wrong: these are cases finalised, not complaints received, and the rate divides by the "
                           f"officer headcount at {format_day(when)}. On officers (full-time equivalent) at "
                           f"{format_day(officers.denominator_period)} it is {officers.rate:,.0f} cases finalised "
                           f"per 1,000 officers (95% interval {officers.rate_low:,.0f} to {officers.rate_high:,.0f}).",
                "working": f"{cases.value:,.0f} / {officers.denominator:,.2f} x 1,000 = {officers.rate:,.1f} "
                           f"(exact Poisson interval); the claim used {old:,.0f} officers."})
        high = officers.verdict.startswith("higher")
        claims.append({
            "claim": f"{name} has one of the highest complaint rates of any police force in England and Wales.",
            "published": False,
            "verdict": ("Supported, but badly worded: on the funnel plot its rate per 1,000 officers is higher than "
                        "expected even allowing for the usual differences between forces; say that, not a rank."
                        if high else f"Not supported: its rate per 1,000 officers is {officers.verdict} on the "
                        "funnel plot; a sorted list is not evidence."),
            "working": f"{officers.rate:,.0f} per 1,000 officers; funnel verdict: {officers.verdict}."})
    share = teaching_fact(name, SCH3)
    point = cmp.sch3_share_funnel().points.set_index("force")
    band = point.loc[name, "band_adjusted"] if name in point.index else "not on the funnel"
    claims.append({
        "claim": f"Only {share.rate:.0f}% of complaints about {name} Police were taken seriously enough to be "
                 "handled formally.", "published": False,
        "verdict": f"Misleading: {share.rate:.1f}% of cases finalised were handled under Schedule 3 (95% Wilson "
                   f"interval {share.rate_low:.1f}% to {share.rate_high:.1f}%; funnel band with widened limits: "
                   f"{band}), but handling outside Schedule 3 is a legal route for complaints that can be dealt "
                   "with quickly, not a judgement that a complaint is not serious.",
        "working": f"{share.value:,.0f} of {share.denominator:,.0f} cases finalised in {period}."})
    return claims
