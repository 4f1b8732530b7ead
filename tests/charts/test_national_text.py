"""Chart text a reporter can paste: titles start with a capital and carry no p-value, the force is named as itself
("South Wales Police's", never "South Wales's"), and the alt text gives the focus force's value or says it has none.

Every per-force chart and every national chart is drawn once for each of five forces chosen for their awkward cases:
no 2020/21 rate (Surrey), a name without "Police" (South Wales, Dyfed-Powys), the largest force (Metropolitan
Police) and the smallest, unusual one (City of London).
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pytest

from analysis.charts import latest, national
from analysis.charts.funnel import force_display_name
from analysis.charts.registry import CHARTS, FORCE_CHARTS

#: Each test here takes seconds (whole builds, kills, subprocesses, charts): `make test` runs them.
pytestmark = pytest.mark.slow

FORCES = ("Surrey", "South Wales", "Metropolitan Police", "City of London", "Dyfed-Powys")
NATIONAL_MODULES = (national.__name__, latest.__name__)
CHECKED = tuple(dict.fromkeys(
    [*FORCE_CHARTS, *(name for name, draw in CHARTS.items() if draw.__module__ in NATIONAL_MODULES)]))
#: Charts about England and Wales as a whole, whatever the focus (checked below to ignore it).
FOCUS_FREE = {"national-trend", "published-rate-check"}

_P_VALUE = re.compile(r"\bp\s*[=<>≤]|p-value", re.IGNORECASE)
#: Numbers that are not the force's value: years and periods, interval levels, counts of forces.
_NOT_A_VALUE = re.compile(r"\b(19|20)\d\d(/\d\d)?\b|\b(95|99\.8)%|\b\d+ (other )?forces\b")
_NONE = re.compile(r"\b(no|none|not)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def texts() -> dict[tuple[str, str], dict[str, str]]:
    """``(force, chart) -> {title, subtitle, alt, notes}``, each chart drawn once per force."""
    drawn = {}
    for force in FORCES:
        for name in CHECKED:
            chart = CHARTS[name](focus=force)
            drawn[force, name] = {"title": chart.title, "subtitle": chart.subtitle, "alt": chart.alt,
                                  "notes": chart.notes}
            plt.close(chart.fig)
    return drawn


def focus_sentences(alt: str, force: str) -> list[str]:
    """The parts of ``alt``'s sentences that follow the name of ``force`` (its display name or its own)."""
    found = []
    for sentence in re.split(r"(?<=\.)\s+", alt):
        at = [sentence.find(n) + len(n) for n in (force_display_name(force), force) if n in sentence]
        if at:
            found.append(sentence[max(at):])
    return found


def states_value_or_none(text: str) -> bool:
    """A number that is not a year, interval level or count of forces; or an explicit "no"/"none"/"not"."""
    return bool(re.search(r"\d", _NOT_A_VALUE.sub("", text)) or _NONE.search(text))


def test_the_check_covers_every_per_force_and_national_chart():
    assert set(FORCE_CHARTS) <= set(CHECKED)
    assert {"finalised-per-officer-newest-funnel", "reviews-investigation-newest-intervals"} <= set(CHECKED)
    assert FOCUS_FREE <= set(CHECKED) and not FOCUS_FREE & set(FORCE_CHARTS)


@pytest.mark.parametrize("force", FORCES)
def test_titles_start_with_a_capital_and_carry_no_p_value(texts, force):
    bad = [f"{name}: {t['title']!r}" for (f, name), t in texts.items() if f == force
           and (not t["title"][:1].isupper() or _P_VALUE.search(t["title"]))]
    assert not bad, "titles need a capital and no p-value (p-values go in the notes):\n" + "\n".join(bad)


@pytest.mark.parametrize("force", FORCES)
def test_the_force_is_named_as_itself(texts, force):
    if force_display_name(force) == force:
        pytest.skip(f"{force}'s display name is its own name")
    bad = [f"{name} {part}: {text!r}" for (f, name), t in texts.items() if f == force
           for part, text in t.items() if f"{force}'s" in text]
    assert not bad, f"write {force_display_name(force)}'s, not {force}'s:\n" + "\n".join(bad)


@pytest.mark.parametrize("force", FORCES)
def test_alt_text_gives_the_focus_value_or_says_there_is_none(texts, force):
    bad = []
    for name in CHECKED:
        if name in FOCUS_FREE:
            continue
        sentences = focus_sentences(texts[force, name]["alt"], force)
        if not any(states_value_or_none(s) for s in sentences):
            bad.append(f"{name}: {texts[force, name]['alt']!r}")
    assert not bad, f"alt text with no value (and no 'none') for {force}:\n" + "\n".join(bad)


def test_focus_free_charts_really_ignore_the_focus(texts):
    for name in FOCUS_FREE:
        assert len({texts[force, name]["alt"] for force in FORCES}) == 1, name
        assert not any(focus_sentences(texts[force, name]["alt"], force) for force in FORCES), name


def test_the_checks_catch_bad_text():
    assert _P_VALUE.search("Forces differ (p = 0.01)") and _P_VALUE.search("p<0.05")
    assert not _P_VALUE.search("Complaint cases per 1,000 people")
    assert not states_value_or_none(" is in the 2024/25 chart, with 95% limits around 43 forces.")
    assert not states_value_or_none(" was graded Good.")
    assert states_value_or_none(": 26%, within the range expected.")
    assert states_value_or_none(" has no figure in this chart.")
    assert focus_sentences("England and Wales 35%. South Wales Police: 77%.", "South Wales") == [": 77%."]
    old_alt = ("Forest plot of 0 proportions about Surrey from the IOPC, Home Office, PA FOI and HMICFRS data, each "
               "with a 95% Wilson interval.")  # named the force but gave no value and did not say it had none
    assert not any(states_value_or_none(s) for s in focus_sentences(old_alt, "Surrey"))
