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

from analysis.data.forces import ENGLAND_AND_WALES
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
from analysis.tables.measures import NotAvailableError
from analysis.tables.trend import force_trend, trend_measures

__all__ = [
    "COVID_CAVEAT",
    "GLOSSARY_HREF",
    "RIGHT_OF_REPLY",
    "SITE_CANNOT_SAY",
    "can_and_cannot_say",
    "RANK_CAVEAT",
    "claimable",
    "earlier_years",
    "figure_piece",
    "questions_for_force",
    "source_links",
    "stands_out",
    "story_markdown",
    "term_piece",
    "top_lines",
]

#: Said beside every 2020/21 figure.
COVID_CAVEAT = ("2020/21 was the first full year under the complaints rules of February 2020 and a year of COVID-19 "
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


def _rate_pieces(name: str) -> list[dict]:
    row, nat = rate_row(name), national_rate_row()
    if row is None:
        return [_t(f"No 2020/21 complaint count was found for {display_name(name)}: the IOPC's per-force table for that year was "
                   "not readable, and no press report of the force's figure was found (see What is missing).")]
    employees = rates_table(name).iloc[0]
    rate = funnel_positions(name).set_index("key").loc["rate"]
    den = _ids(("workforce_2021",), name)
    return [_t(f"In 2020/21 {display_name(name)} logged "),
            figure_piece(f"{row['value']:,.0f} complaint cases", "2020/21", row["status"], [row["source_id"]]),
            _t(", or "),
            figure_piece(f"{employees.force_rate:,.0f} per 1,000 employees", "2020/21",
                         least_reliable([row["status"], "derived"]), [row["source_id"], *den]),
            _t(" against "),
            figure_piece(f"{employees.national_rate:,.0f} for England and Wales", "2020/21", "derived",
                         [nat["source_id"], *_ids("workforce_2021", ENGLAND_AND_WALES)]),
            _t(f": {rate.sentence}"
               + (", but the count is marked uncertain: confirm it with the force before using the comparison"
                  if rate.own_doubt else "")
               + ". (Cases logged are not cases finalised: do not set this count against the newer ones.)")]


def _finalised_pieces(name: str) -> list[dict]:
    times = timeliness(name).set_index("force")
    if name not in times.index:
        return [_t(f"The IOPC's 2024/25 table of complaint cases finalised printed no figure for {display_name(name)}.")]
    f, e = times.loc[name], times.loc[ENGLAND_AND_WALES]
    src = _ids(cmp.DS_2024_FINALISED, name)
    sch3 = funnel_positions(name).set_index("key").loc["sch3"]
    return [_t(f"In 2024/25, the newest full year, {display_name(name)} finalised "),
            figure_piece(f"{f.total:,.0f} complaint cases", "2024/25", f.status, src),
            _t("; "), figure_piece(f"{f.sch3_share:.0%}", "2024/25", least_reliable([f.status, "derived"]), src),
            _t(" of them were handled formally, under "), term_piece("Schedule 3", "schedule-3"),
            _t(", against "),
            figure_piece(f"{e.sch3_share:.0%} across England and Wales", "2024/25",
                         least_reliable([e.status, "derived"]), _ids(cmp.DS_2024_FINALISED, ENGLAND_AND_WALES)),
            _t(f": {sch3.sentence}.")]


def _trend_pieces(name: str) -> list[dict]:
    """Complaint cases logged, first and latest full financial year held for the force (the trend table's
    figures: a quarter or a year to date is never set against a whole year); else the national trend."""
    try:
        trend = force_trend(name)
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


def _notable_pieces(name: str) -> list[dict]:
    """The most notable outcome or timeliness figure: a funnel position outside the range (not on small
    numbers), else the days taken to finalise a formal complaint against England and Wales."""
    funnels = funnel_positions(name).set_index("key")
    for key, what in (("reviews", "of the IOPC reviews of its complaints (not investigated) found the outcome not "
                                  "reasonable and proportionate"),
                      ("informal", "of its finalised allegations were handled informally, outside Schedule 3")):
        r = funnels.loc[key]
        if pd.notna(r.value) and claimable(r):
            dataset = cmp.DS_2024_REVIEWS if key == "reviews" else "iopc_2020_21_forces"
            count = f" ({r.observed:,.0f} of {r['size']:,.0f})"
            return [figure_piece(f"{r.value:.0%}{count}", r.period, r.status or "derived", _ids(dataset, name)),
                    _t(f" {what}, against {r.target:.0%} for England and Wales: {r.sentence}.")]
    times = timeliness(name).set_index("force")
    if name not in times.index:
        return []
    f, e = times.loc[name], times.loc[ENGLAND_AND_WALES]
    word = days_comparison(f.days_sch3_inc, e.days_sch3_inc)
    return [_t(f"A complaint {display_name(name)} handled formally took "),
            figure_piece(f"{f.days_sch3_inc:,.0f} days", "2024/25", f.status, _ids(cmp.DS_2024_FINALISED, name)),
            _t(" on average to finalise, " + word + " the "),
            figure_piece(f"{e.days_sch3_inc:,.0f} days", "2024/25", e.status,
                         _ids(cmp.DS_2024_FINALISED, ENGLAND_AND_WALES)),
            _t(" for England and Wales (an average only; the table does not say whether these are calendar or "
               "working days).")]


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


def _verdict_and_rank(f: dict) -> list[dict]:
    """": within the range expected; 12th highest of 43." (the rank a derived figure with its sources)."""
    out = [_t(": " + f["verdict_words"])] if f["verdict_words"] else []
    if f["rank_words"]:
        out += [_t("; " if out else ": "), figure_piece(f["rank_words"], f["period"], "derived",
                                                        f["ranked_source_ids"])]
    return out + [_t(".")]


def _rate_line(name: str, f: dict | None, unit: str, lead: str) -> list[dict]:
    if f is None:
        return []
    return [_t(lead), figure_piece(f"{f['value']:,.0f} {unit}" + _interval(f, "{:,.0f}"), f["period"],
                                   f["status"], f["source_ids"]),
            _t(" against "),
            figure_piece(f"{f['national']:,.0f} for England and Wales", f["period"], f["national_status"],
                         f["national_source_ids"])] + _verdict_and_rank(f)


def _headline_pieces(name: str) -> list[list[dict]]:
    """The newest full year: the count, both rates with England and Wales's, verdicts and ranks."""
    h = headline_figures(name)
    lines = []
    count = h["count"]
    if count is not None:
        lines.append([_t(f"In {h['period']}, the newest full year, {display_name(name)} had "),
                      figure_piece(f"{count['value']:,.0f} {_what_counted(h['measure'])}", count["period"],
                                   count["status"], count["source_ids"]),
                      _t(".")] + [_t(" " + n) for n in force_notes(name)])
    lines.append(_rate_line(name, h["per_officer"], "per 1,000 officers", "That is "))
    lines.append(_rate_line(name, h["per_population"], "per 100,000 people", "Per head of population: "))
    prev = h["previous"]
    if count is not None and prev is not None:
        lines.append([_t(f"The count {change_verb(prev['value'], count['value'])} from "),
                      figure_piece(f"{prev['value']:,.0f}", prev["period"], prev["status"], prev["source_ids"]),
                      _t(", the force's previous year held.")])
    return [line for line in lines if line]


def _formal_pieces(name: str) -> list[list[dict]]:
    """The Schedule 3 share and the days to finalise a formal complaint, each with its rank; IOPC reviews only
    where there are enough."""
    h = headline_figures(name)
    lines = []
    sch3, days, reviews = h["sch3"], h["days"], h["reviews"]
    if sch3 is not None:
        lines.append([figure_piece(f"{sch3['value']:.0f}%" + _interval(sch3, "{:.0f}%"), sch3["period"],
                                   sch3["status"], sch3["source_ids"]),
                      _t(" of the cases were handled formally, under "), term_piece("Schedule 3", "schedule-3"),
                      _t(", against "),
                      figure_piece(f"{sch3['national']:.0f}% for England and Wales", sch3["period"],
                                   sch3["national_status"], sch3["national_source_ids"])] + _verdict_and_rank(sch3))
    if days is not None:
        lines.append([_t("A formal complaint took "),
                      figure_piece(f"{days['value']:,.0f} days", days["period"], days["status"], days["source_ids"]),
                      _t(" on average to finalise, against "),
                      figure_piece(f"{days['national']:,.0f} days for England and Wales", days["period"],
                                   days["national_status"], days["national_source_ids"]), _t(": "),
                      figure_piece(days["rank_words"], days["period"], "derived", days["ranked_source_ids"]),
                      _t(" (an average only; the table does not say whether these are calendar or working "
                         "days).")])
    if reviews is not None:
        lines.append([_t("When complainants asked the IOPC to review a complaint the force had not investigated, "
                         "it found the outcome not reasonable and proportionate in "),
                      figure_piece(f"{reviews['value']:.0f}% of {reviews['denominator']:,.0f} reviews"
                                   + _interval(reviews, "{:.0f}%"), reviews["period"], reviews["status"],
                                   reviews["source_ids"]),
                      _t(", against "),
                      figure_piece(f"{reviews['national']:.0f}% for England and Wales", reviews["period"],
                                   reviews["national_status"], reviews["national_source_ids"])]
                     + _verdict_and_rank(reviews))
    return lines


def top_lines(force: str) -> list[list[dict]]:
    """The newest full year of each headline measure: the count, the rates per 1,000 officers and per 100,000
    people with England and Wales's, the verdicts and ranks, the Schedule 3 share and the days to finalise.
    Earlier years are in :func:`earlier_years`; what is missing is said only in "What is missing"."""
    name = profile_force(force).name
    return _headline_pieces(name) + _formal_pieces(name)


def earlier_years(force: str) -> list[list[dict]]:
    """The earlier years the data hold for the force: the 2020/21 rate per employee with its verdict, and the
    force's own series of complaint cases logged (nothing when the force has neither)."""
    name = profile_force(force).name
    lines = []
    if rate_row(name) is not None:
        lines.append(_rate_pieces(name))
    trend = _trend_pieces(name)
    if trend:
        lines.append(trend)
    return lines


def _newest_can_and_cannot(name: str) -> tuple[list[list[dict]], list[list[dict]]]:
    """The newest full year: the count and rates a reporter can state, and the verdicts they can't stretch."""
    h = headline_figures(name)
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


def can_and_cannot_say(force: str) -> tuple[list[list[dict]], list[list[dict]]]:
    """What a reporter can say from these figures, and what they can't."""
    name = profile_force(force).name
    funnels = funnel_positions(name).set_index("key")
    can, cannot = _newest_can_and_cannot(name)
    row = rate_row(name)
    if row is not None:
        rate = funnels.loc["rate"]
        source = load_sources().set_index("source_id").loc[row["source_id"]]
        press = "press" in source.kind
        outlet = source.publisher.split(";")[0].strip()  # "Stoke Sentinel (Reach plc); copy on ...": the outlet
        said_by = f", as {outlet} reported it from IOPC figures (say so)" if press else ""
        if not rate.own_doubt:  # a doubtful count goes to "can't say" below
            can.append([_t(f"That {display_name(name)} logged {row['value']:,.0f} complaint cases in 2020/21{said_by}.")])
        if rate.own_doubt and not stands_out(rate):
            cannot.append([_t(f"That {display_name(name)} logged {row['value']:,.0f} complaint cases in 2020/21 without saying "
                              "the figure is uncertain (see What is missing).")])
        if not stands_out(rate):
            cannot.append([_t(f"That {display_name(name)} has an unusually high or low complaint rate: once normal differences "
                              "between forces are allowed for, its 2020/21 rate is within the range seen across "
                              f"the {rate.forces} forces with a figure.")])
        elif rate.own_doubt:
            cannot.append([_t(f"That {possessive(name)} 2020/21 complaint rate per employee was {rate.sentence}: the count "
                              "behind it is marked uncertain (see What is missing), so confirm it with the force "
                              "first.")])
        else:
            can.append([_t(f"That {possessive(name)} 2020/21 complaint rate per employee was {rate.sentence}"
                           + (f" (a rate worked out from {outlet}'s count: say so)." if press else "."))])
    else:
        cannot.append([_t(f"Anything about {possessive(name)} 2020/21 complaint rate (see What is missing).")])
    sch3 = funnels.loc["sch3"]
    if pd.notna(sch3.value):
        can.append([_t(f"That {sch3.value:.0%} of the complaint cases {display_name(name)} finalised in 2024/25 were handled "
                       f"formally, under Schedule 3, against {sch3.target:.0%} for England and Wales "
                       "(the IOPC's table; the year is inferred from where the table is printed).")])
    small = [r for r in funnels.itertuples() if r.small and pd.notna(r.value)]
    for r in small:
        cannot.append([_t(f"Much about the {r.measure[0].lower() + r.measure[1:]} ({r.period}): it rests on {r.observed:,.0f} of "
                          f"{r.size:,.0f}, too few for its position to mean much.")])
    return can, cannot


def questions_for_force(force: str) -> list[list[dict]]:
    """Questions generated from what stands out for the force (and what is missing)."""
    name = profile_force(force).name
    funnels = funnel_positions(name).set_index("key")
    out: list[list[dict]] = []
    rate = funnels.loc["rate"]
    if stands_out(rate) and rate.own_doubt:
        out.append([_t(f"How many complaint cases did {display_name(name)} log in 2020/21? The figure found for it is marked "
                       "uncertain (see What is missing).")])
    elif stands_out(rate):
        more = "more" if rate.direction_used == "above" else "fewer"
        out.append([_t(f"{display_name(name)} logged {more} complaint cases per employee in 2020/21 than the range seen across "
                       f"forces: does that reflect {more} complaints, or how complaints are logged?")])
    elif not isinstance(rate.band_used, str):
        out.append([_t(f"How many complaint cases did {display_name(name)} log in 2020/21 and in each year since? "
                       "(See What is missing.)")])
    sch3 = funnels.loc["sch3"]
    if claimable(sch3):
        share = "larger" if sch3.direction_used == "above" else "smaller"
        out.append([_t(f"In 2024/25 {display_name(name)} handled a {share} share of its complaints formally (under Schedule 3) "
                       "than the range seen across forces: how does it decide which complaints are handled "
                       "formally?")])
    times = timeliness(name).set_index("force")
    if name in times.index:
        f, e = times.loc[name], times.loc[ENGLAND_AND_WALES]
        if days_comparison(f.days_sch3_inc, e.days_sch3_inc) == "longer than":
            out.append([_t(f"Formal complaints took {f.days_sch3_inc:,.0f} days on average to finalise in 2024/25, "
                           f"against {e.days_sch3_inc:,.0f} for England and Wales: why, and are these calendar "
                           "or working days?")])
    reviews = funnels.loc["reviews"]
    if pd.notna(reviews.value) and claimable(reviews) and reviews.direction_used == "above":
        out.append([_t(f"In 2024/25 the IOPC found the outcome not reasonable and proportionate in "
                       f"{reviews.observed:,.0f} of {reviews['size']:,.0f} reviews of complaints {display_name(name)} had handled "
                       f"without an investigation, against {reviews.target:.0%} across England and Wales and more "
                       "than the range seen across forces: what changed as a result?")])
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
