"""The words at the top of a force's page: top lines, what you can and can't say, questions to put to the force.

Every sentence is generated from the tables of :mod:`analysis.tables.force`,
:mod:`analysis.tables.force_coverage` and :mod:`analysis.tables.force_findings`;
nothing about a force is typed.  A sentence is a list of *pieces*: plain text
(``{"text": ...}``) or a figure (:func:`figure_piece`: the number as text, its
period, status and the source documents, each with its URL from
``data/raw/sources.csv``).  The page template escapes every piece.
"""

from __future__ import annotations

import pandas as pd

from analysis.data.case_study import case_study
from analysis.data.forces import ENGLAND_AND_WALES, Force
from analysis.data.formatting import change_verb
from analysis.data.observations import load_observations
from analysis.data.sources import load_sources
from analysis.data.vocabulary import STATUS_MEANINGS, least_reliable
from analysis.report.site.figures import RANK_CAVEAT, headline_figures
from analysis.report.site.names import citation, display_name, force_notes, possessive
from analysis.report.teaching_glossary import glossary_term_link
from analysis.tables import bands
from analysis.tables import comparisons as cmp
from analysis.tables.force import funnel_positions, national_rate_row, profile_force, rate_row, rates_table
from analysis.tables.force_findings import days_comparison, timeliness
from analysis.tables.measures import PERIOD, NotAvailableError
from analysis.tables.trend import force_trend, trend_measures

__all__ = [
    "COVID_CAVEAT",
    "GLOSSARY_HREF",
    "NEW_SYSTEM",
    "PEEL_PERIOD",
    "RANK_CAVEAT",
    "RIGHT_OF_REPLY",
    "SITE_CANNOT_SAY",
    "can_and_cannot_say",
    "claimable",
    "earlier_years",
    "figure_piece",
    "newest_year",
    "questions_for_force",
    "source_links",
    "stands_out",
    "story_markdown",
    "term_piece",
    "top_lines",
]

#: The case study's PEEL period and the month of the complaints rules (data/registers/case_study.csv).
PEEL_PERIOD = case_study()["peel_period"]
NEW_SYSTEM = " ".join(case_study()["new_complaints_system"].split()[-2:])  # month and year: "February 2020"


def newest_year() -> str:
    """The newest year of the per-force cases-finalised figures, read from the data.

    The year the facts table's per-force cases-finalised rows take as newest (the same per-force table), found
    without building the whole facts table: a page must not pay for every funnel of every year.
    """
    return cmp.per_force_periods(cmp.DS_FINALISED)[-1]


#: Said beside every figure of the seed year (the case study's year, :data:`analysis.tables.measures.PERIOD`).
COVID_CAVEAT = (f"{PERIOD} was the first full year under the complaints rules of {NEW_SYSTEM} and a year of COVID-19 "
                "restrictions, which changed both policing and complaints; the IOPC published its figures as "
                "experimental statistics")
#: What no force's figures can say: on the "How to read these pages" page, once for the whole site.
SITE_CANNOT_SAY: tuple[str, ...] = (
    "That complaints prove misconduct: a complaint is an expression of dissatisfaction, and most are resolved "
    "without any finding against an officer.",
    "A league table of forces: forces record complaints differently, and only differences beyond the funnel "
    "limits stand out from normal variation.",
    "That IOPC complaint counts and Home Office misconduct figures measure the same thing: they count different "
    "cases under different definitions.",
)
#: The note on right of reply under the questions.
RIGHT_OF_REPLY = ("Put the figures and these questions to the force's press office and to the office of the police "
                  "and crime commissioner, with the source links on this page, before publication; give them a "
                  "reasonable time to reply, and report their answer or that they declined to comment. The figures "
                  "here are transcribed from the documents linked; the force may hold newer or corrected figures.")


#: Where a force page (``reports/<force>/index.html``) finds the glossary (``reports/glossary.html``).
GLOSSARY_HREF = "../glossary.html"


def _t(text: str) -> dict:
    return {"text": text}


def term_piece(text: str, slug: str) -> dict:
    """A piece of jargon linked to its glossary entry (``KeyError`` for a slug not in the glossary)."""
    return {"term": text, "href": glossary_term_link(slug, GLOSSARY_HREF)}


def source_links(source_ids) -> list[dict]:
    """``[{id, label, title, url}]`` for source ids (``;``-joined text or a collection), in sorted id order: the
    citable document (``data/registers/citations.csv``), or the source's own URL."""
    ids = source_ids.split(";") if isinstance(source_ids, str) else list(source_ids)
    return [citation(sid) for sid in sorted({i for i in ids if i})]


def figure_piece(text: str, period: str, status: str, source_ids) -> dict:
    """A figure for a sentence: the number as text, its period, status and source links."""
    return {"fig": text, "period": period, "status": status, "status_meaning": STATUS_MEANINGS.get(status, ""),
            "sources": source_links(source_ids)}


def _ids(dataset: str | tuple, force: str | None = None) -> list[str]:
    obs = load_observations(with_sources=False)
    datasets = (dataset,) if isinstance(dataset, str) else dataset
    sel = obs[obs.dataset.isin(datasets)]
    if force is not None:
        sel = sel[sel.force == force]
    return sorted(set(sel.source_id))


def stands_out(point: pd.Series) -> bool:
    """A funnel point outside the band expected (see :func:`analysis.tables.bands.band_used`)."""
    return isinstance(point.band_used, str) and point.band_used != bands.BAND_ORDER[0]


def claimable(point: pd.Series) -> bool:
    """A position a reporter can state: it stands out, not on small numbers, and the force's own figure is not
    in doubt (``own_doubt``: marked uncertain while the other forces' figures are not)."""
    return stands_out(point) and not point.small and not point.own_doubt


def _rate_pieces(force: Force) -> list[dict]:
    name = force.name
    row, nat = rate_row(force), national_rate_row()
    if row is None:
        return [_t(f"No {PERIOD} complaint count was found for {display_name(name)}: the IOPC's per-force table for that year was "
                   "not readable, and no press report of the force's figure was found (see What is missing).")]
    employees = rates_table(force).iloc[0]
    rate = funnel_positions(force).set_index("key").loc["rate"]
    den = _ids(("workforce_2021",), name)
    return [_t(f"In {PERIOD} {display_name(name)} logged "),
            figure_piece(f"{row['value']:,.0f} complaint cases", PERIOD, row["status"], [row["source_id"]]),
            _t(", or "),
            figure_piece(f"{employees.force_rate:,.0f} per 1,000 employees", PERIOD,
                         least_reliable([row["status"], "derived"]), [row["source_id"], *den]),
            _t(" against "),
            figure_piece(f"{employees.national_rate:,.0f} for England and Wales", PERIOD, "derived",
                         [nat["source_id"], *_ids("workforce_2021", ENGLAND_AND_WALES)]),
            _t(f": {rate.sentence}"
               + (", but the count is marked uncertain: confirm it with the force before using the comparison"
                  if rate.own_doubt else "")
               + ". (Cases logged are not cases finalised: do not set this count against the newer ones.)")]


def _trend_pieces(force: Force) -> list[dict]:
    """Complaint cases logged, first and latest full financial year held for the force (the trend table's
    figures: a quarter or a year to date is never set against a whole year); else the national trend."""
    name = force.name
    try:
        trend = force_trend(force)
    except NotAvailableError:
        trend = pd.DataFrame(columns=["measure", "period"])
    mine = trend[trend.measure == "complaint_cases_logged"].sort_values("period", kind="stable")
    if len(mine) >= 2:
        first, last = mine.iloc[0], mine.iloc[-1]
        return [_t(f"{possessive(name)} complaint cases logged {change_verb(first.value, last.value)} from "),
                figure_piece(f"{first.value:,.0f}", first.period, first.status, [first.source_id]),
                _t(" to "), figure_piece(f"{last.value:,.0f}", last.period, last.status, [last.source_id]),
                _t(f", the years for which a figure for {display_name(name)} was found.")]
    return []


def _what_counted(measure: str) -> str:
    """"complaint cases finalised": the trend register's definition of the measure, up to its colon."""
    spec = trend_measures()
    defs = dict(zip(spec.measure, spec.definition))
    head = defs.get(measure, measure).partition(": ")[0]
    return head[0].lower() + head[1:]


def _interval(f: dict, fmt: str) -> str:
    if f["low"] is None or f["high"] is None:
        return ""
    return f" (95% interval {fmt.format(f['low'])} to {fmt.format(f['high'])})"


def _previous_pieces(f: dict, fmt: str, unit: str) -> list[dict]:
    """"; 1,026 per 1,000 officers in 2022/23, the force's previous comparable year": the facts table's previous
    comparable period of a figure (nothing when it holds none)."""
    p = f.get("previous")
    value = None if p is None else p["figure"]
    if value is None:
        return []
    return [_t("; "), figure_piece(f"{fmt.format(value)}{unit} in {p['period']}", p["period"], p["status"],
                                   p["source_ids"]),
            _t(", the force's previous comparable year")]


def _verdict_and_rank(f: dict, extra: list[dict] | None = None) -> list[dict]:
    """": within the range expected; 12th highest of 43." (the rank a derived figure with its sources), then
    ``extra`` pieces (the previous comparable year)."""
    out = [_t(": " + f["verdict_words"])] if f["verdict_words"] else []
    if f["rank_words"]:
        out += [_t("; " if out else ": "), figure_piece(f["rank_words"], f["period"], "derived",
                                                        f["ranked_source_ids"])]
    return out + (extra or []) + [_t(".")]


def _against(f: dict, text: str, lead: str = " against ") -> list[dict]:
    """" against 621 for England and Wales" (nothing without a national-scope figure in the facts table)."""
    if f["national"] is None:
        return []
    return [_t(lead), figure_piece(text.format(f["national"]), f["period"], f["national_status"],
                                          f["national_source_ids"])]


def _rate_line(f: dict | None, unit: str, lead: str) -> list[dict]:
    if f is None:
        return []
    return ([_t(lead), figure_piece(f"{f['value']:,.0f} {unit}" + _interval(f, "{:,.0f}"), f["period"],
                                    f["status"], f["source_ids"])]
            + _against(f, "{:,.0f} for England and Wales")
            + _verdict_and_rank(f, _previous_pieces(f, "{:,.0f}", f" {unit}")))


def _count_change(count: dict) -> list[dict]:
    """", up 20% from 2,176 in 2022/23 (the force's previous comparable year)": from the facts table."""
    p = count["previous"]
    if p is None or p["value"] is None:
        return []
    pieces = [_t(f", which {change_verb(p['value'], count['value'])}")]
    if p["change_pct"] is not None and p["change"]:
        pieces += [_t(" by "), figure_piece(f"{abs(p['change_pct']):.0f}%", count["period"], "derived",
                                            sorted({*p["count_source_ids"], *count["source_ids"]}))]
    covid = ", a year of COVID-19 restrictions (see Earlier years)" if p["period"] == PERIOD else ""
    return pieces + [_t(" from "), figure_piece(f"{p['value']:,.0f} in {p['period']}", p["period"],
                                                p["count_status"], p["count_source_ids"]),
                     _t(f", the force's previous comparable year{covid}")]


def _headline_pieces(force: Force) -> list[list[dict]]:
    """The newest full year: the count (with the change from the previous comparable year where the facts table
    holds one), both rates with England and Wales's, verdicts and ranks."""
    name = force.name
    h = headline_figures(force)
    lines = []
    count = h["count"]
    if count is not None:
        lines.append([_t(f"In {h['period']}, the newest full year, {display_name(name)} had "),
                      figure_piece(f"{count['value']:,.0f} {_what_counted(h['measure'])}", count["period"],
                                   count["status"], count["source_ids"])]
                     + _count_change(count) + [_t(".")] + [_t(" " + n) for n in force_notes(name)])
    lines.append(_rate_line(h["per_officer"], "per 1,000 officers", "That is "))
    lines.append(_rate_line(h["per_population"], "per 100,000 people", "Per head of population: "))
    return [line for line in lines if line]


def _formal_pieces(force: Force) -> list[list[dict]]:
    """The Schedule 3 share and the days to finalise a formal complaint, each with its rank; IOPC reviews only
    where there are enough."""
    h = headline_figures(force)
    lines = []
    sch3, days, reviews = h["sch3"], h["days"], h["reviews"]
    if sch3 is not None:
        lines.append([figure_piece(f"{sch3['value']:.0f}%" + _interval(sch3, "{:.0f}%"), sch3["period"],
                                   sch3["status"], sch3["source_ids"]),
                      _t(" of the cases were handled formally, under "), term_piece("Schedule 3", "schedule-3")]
                     + _against(sch3, "{:.0f}% for England and Wales", ", against ")
                     + _verdict_and_rank(sch3, _previous_pieces(sch3, "{:.0f}%", "")))
    if days is not None:
        rank = ([_t(": "), figure_piece(days["rank_words"], days["period"], "derived", days["ranked_source_ids"])]
                if days["rank_words"] else [])
        lines.append([_t("A formal complaint took "),
                      figure_piece(f"{days['value']:,.0f} days", days["period"], days["status"], days["source_ids"]),
                      _t(" on average to finalise")] + _against(days, "{:,.0f} days for England and Wales", ", against ")
                     + rank
                     + _previous_pieces(days, "{:,.0f}", " days")
                     + [_t(" (an average only; the table does not say whether these are calendar or working "
                           "days).")])
    if reviews is not None:
        lines.append([_t("When complainants asked the IOPC to review a complaint the force had not investigated, "
                         "it found the outcome not reasonable and proportionate in "),
                      figure_piece(f"{reviews['value']:.0f}% of {reviews['denominator']:,.0f} reviews"
                                   + _interval(reviews, "{:.0f}%"), reviews["period"], reviews["status"],
                                   reviews["source_ids"])]
                     + _against(reviews, "{:.0f}% for England and Wales", ", against ")
                     + _verdict_and_rank(reviews, _previous_pieces(reviews, "{:.0f}%", "")))
    return lines


def top_lines(force: str | Force) -> list[list[dict]]:
    """The newest full year of each headline measure: the count, the rates per 1,000 officers and per 100,000
    people with England and Wales's, the verdicts and ranks, the change from the previous comparable year where
    the facts table holds one, the Schedule 3 share and the days to finalise.  Earlier years are in
    :func:`earlier_years`; what is missing is said only in "What is missing"."""
    force = profile_force(force)
    return _headline_pieces(force) + _formal_pieces(force)


def earlier_years(force: str | Force) -> list[list[dict]]:
    """The earlier years the data hold for the force: the seed year's rate per employee with its verdict, and
    the force's own series of complaint cases logged (nothing when the force has neither)."""
    force = profile_force(force)
    lines = []
    if rate_row(force) is not None:
        lines.append(_rate_pieces(force))
    trend = _trend_pieces(force)
    if trend:
        lines.append(trend)
    return lines


def _newest_can_and_cannot(force: Force) -> tuple[list[list[dict]], list[list[dict]]]:
    """The newest full year: the count and rates a reporter can state, and the verdicts they can't stretch."""
    name = force.name
    h = headline_figures(force)
    can: list[list[dict]] = []
    cannot: list[list[dict]] = []
    count = h["count"]
    if count is None:
        return can, cannot
    what = _what_counted(h["measure"])
    rates = [(f, unit) for f, unit in ((h["per_officer"], "per 1,000 officers"),
                                       (h["per_population"], "per 100,000 people")) if f is not None]
    said = ", or " + " and ".join(f"{f['value']:,.0f} {unit}" for f, unit in rates) if rates else ""
    can.append([_t(f"That {display_name(name)} had {count['value']:,.0f} {what} in {h['period']}{said} "
                   "(the IOPC's table; its year is inferred from where it is printed, so say the figures are "
                   "marked uncertain).")])
    for f, unit in rates:
        if f["verdict"] == "within the range expected":
            cannot.append([_t(f"That {possessive(name)} rate {unit} in {h['period']} is unusually high or low: "
                              "it is within the range expected once normal differences between forces are "
                              "allowed for, whatever its rank.")])
        elif f["verdict"]:
            can.append([_t(f"That {possessive(name)} rate {unit} in {h['period']} was {f['verdict']}, "
                           "comparing it with England and Wales and allowing for normal variation between "
                           "forces.")])
    return can, cannot


def can_and_cannot_say(force: str | Force) -> tuple[list[list[dict]], list[list[dict]]]:
    """What a reporter can say from these figures, and what they can't."""
    force = profile_force(force)
    name = force.name
    funnels = funnel_positions(force).set_index("key")
    can, cannot = _newest_can_and_cannot(force)
    row = rate_row(force)
    if row is not None:
        rate = funnels.loc["rate"]
        source = load_sources().set_index("source_id").loc[row["source_id"]]
        press = "press" in source.kind
        outlet = source.publisher.split(";")[0].strip()  # "Stoke Sentinel (Reach plc); copy on ...": the outlet
        said_by = f", as {outlet} reported it from IOPC figures (say so)" if press else ""
        if not rate.own_doubt:  # a doubtful count goes to "can't say" below
            can.append([_t(f"That {display_name(name)} logged {row['value']:,.0f} complaint cases in "
                           f"{PERIOD}{said_by}.")])
        if rate.own_doubt and not stands_out(rate):
            cannot.append([_t(f"That {display_name(name)} logged {row['value']:,.0f} complaint cases in {PERIOD} "
                              "without saying the figure is uncertain (see What is missing).")])
        if not stands_out(rate):
            cannot.append([_t(f"That {display_name(name)} has an unusually high or low complaint rate: once normal "
                              f"differences between forces are allowed for, its {PERIOD} rate is within the range "
                              f"seen across the {rate.forces} forces with a figure.")])
        elif rate.own_doubt:
            cannot.append([_t(f"That {possessive(name)} {PERIOD} complaint rate per employee was {rate.sentence}: "
                              "the count behind it is marked uncertain (see What is missing), so confirm it with "
                              "the force first.")])
        else:
            can.append([_t(f"That {possessive(name)} {PERIOD} complaint rate per employee was {rate.sentence}"
                           + (f" (a rate worked out from {outlet}'s count: say so)." if press else "."))])
    else:
        cannot.append([_t(f"Anything about {possessive(name)} {PERIOD} complaint rate (see What is missing).")])
    sch3 = funnels.loc["sch3"]
    if pd.notna(sch3.value):
        can.append([_t(f"That {sch3.value:.0%} of the complaint cases {display_name(name)} finalised in "
                       f"{sch3.period} were handled formally, under Schedule 3, against {sch3.target:.0%} for "
                       "England and Wales (the IOPC's table; the year is inferred from where the table is "
                       "printed).")])
    small = [r for r in funnels.itertuples() if r.small and pd.notna(r.value)]
    for r in small:
        cannot.append([_t(f"Much about the {r.measure[0].lower() + r.measure[1:]} ({r.period}): it rests on "
                          f"{r.observed:,.0f} of {r.size:,.0f}, too few for its position to mean much.")])
    return can, cannot


def questions_for_force(force: str | Force) -> list[list[dict]]:
    """Questions generated from what stands out for the force (and what is missing)."""
    force = profile_force(force)
    name = force.name
    funnels = funnel_positions(force).set_index("key")
    out: list[list[dict]] = []
    rate = funnels.loc["rate"]
    if stands_out(rate) and rate.own_doubt:
        out.append([_t(f"How many complaint cases did {display_name(name)} log in {PERIOD}? The figure found for "
                       "it is marked uncertain (see What is missing).")])
    elif stands_out(rate):
        more = "more" if rate.direction_used == "above" else "fewer"
        out.append([_t(f"{display_name(name)} logged {more} complaint cases per employee in {PERIOD} than the range "
                       f"seen across forces: does that reflect {more} complaints, or how complaints are logged?")])
    elif not isinstance(rate.band_used, str):
        out.append([_t(f"How many complaint cases did {display_name(name)} log in {PERIOD} and in each year since? "
                       "(See What is missing.)")])
    sch3 = funnels.loc["sch3"]
    if claimable(sch3):
        share = "larger" if sch3.direction_used == "above" else "smaller"
        out.append([_t(f"In {sch3.period} {display_name(name)} handled a {share} share of its complaints formally "
                       "(under Schedule 3) than the range seen across forces: how does it decide which complaints "
                       "are handled formally?")])
    times = timeliness(force).set_index("force")
    if name in times.index:
        f, e = times.loc[name], times.loc[ENGLAND_AND_WALES]
        if days_comparison(f.days_sch3_inc, e.days_sch3_inc) == "longer than":
            out.append([_t(f"Formal complaints took {f.days_sch3_inc:,.0f} days on average to finalise in "
                           f"{newest_year()}, against {e.days_sch3_inc:,.0f} for England and Wales: why, and are "
                           "these calendar or working days?")])
    reviews = funnels.loc["reviews"]
    if pd.notna(reviews.value) and claimable(reviews) and reviews.direction_used == "above":
        out.append([_t(f"In {reviews.period} the IOPC found the outcome not reasonable and proportionate in "
                       f"{reviews.observed:,.0f} of {reviews['size']:,.0f} reviews of complaints "
                       f"{display_name(name)} had handled without an investigation, against {reviews.target:.0%} "
                       "across England and Wales and more than the range seen across forces: what changed as a "
                       "result?")])
    out.append([_t("How many complaints in the latest year were about discriminatory behaviour or sexual conduct, "
                   "and what was their outcome?")])
    return out


def story_markdown(lines: list[list[dict]]) -> str:
    """Sentences of pieces as a Markdown bullet list (the notebook's version of the page's top lines)."""
    def piece(p: dict) -> str:
        if "fig" in p:
            status = f", {p['status']}" if p["status"] != "published" else ""
            links = "; ".join(f"[{s['label']}]({s['url']})" for s in p["sources"])
            return f"**{p['fig']}** ({p['period']}{status}; {links})"
        return p.get("term") or p["text"]

    return "\n".join("- " + "".join(piece(p) for p in line) for line in lines)
