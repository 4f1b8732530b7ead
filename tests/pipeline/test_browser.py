"""A real browser on the reader's page and the site index: headless Chromium (Debian's ``chromium``) driven by
Playwright, pages served from a localhost ``http.server``.

Checks on eight force pages (:data:`FORCES`) at 1,280 and 390 px: the first number about the force is on the first
screen at 1,280 px (for Gwent and Cumbria, the count, both rates with England and Wales's, the verdict and the
rank); every top-line figure is followed by a link to its source; no horizontal overflow; no chart wider than
the screen and no chart text under 10 CSS px at 390 px; every source link points at the citable document of a
source (never an IOPC listing page); no "p =", snake_case or lower-cased acronym in the text; every chart loads;
no console error.  The index search filters the cards at both widths, matching place names by whole words.  Screenshots
go to ``build/browser/`` (git-ignored).  Skipped only when Chromium is absent and this is not CI (``CI`` set): in
CI a missing browser fails the test (``make browser`` or ``.ci/run`` installs it).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from analysis.data.paths import ROOT
from analysis.data.sources import load_sources
from analysis.pipeline.profiles import SITE_FORMATS, write_profile
from analysis.pipeline.site import write_index
from analysis.report.site.names import citation
from analysis.tables.force import slug

pytestmark = [pytest.mark.kernel, pytest.mark.slow]  # a browser and a profile: `make test-fast` skips it

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = ROOT / "build" / "browser"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FORCE = "Staffordshire"  # the seed case study: the page with the most charts
#: The forces of issue 10's "done when", besides the seed: two big forces, a data-thin one and one in between;
#: and issue 18's: Gwent, Cumbria and City of London (Action Fraud).
FORCES = (FORCE, "South Wales", "Dyfed-Powys", "Surrey", "Metropolitan Police", "Gwent", "Cumbria",
          "City of London")
#: Issue 18: the top lines of these forces give every headline figure on the first screen at 1,280 px.
FIRST_SCREEN = ("Gwent", "Cumbria")
#: Chart text smaller than this (CSS px) is illegible.
MIN_TEXT_PX = 10
#: Acronyms written in capitals.
ACRONYMS = ("iopc", "peel", "ons", "hmicfrs", "pcc", "foi", "btp", "fte", "covid")


def _need_browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (run `make browser`); the browser test must run in CI")
        pytest.skip("chromium is not installed: `make browser` installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - installed with the test extra
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed (pip install -e '.[test]')")
        pytest.skip("playwright is not installed")
    return sync_playwright


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # no request log in the test output
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The pages of :data:`FORCES` and the index, served from localhost."""
    root = tmp_path_factory.mktemp("site")
    for force in FORCES:
        write_profile(force, root, formats=SITE_FORMATS)  # as `make site` writes them
    write_index(root)
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    sync_playwright = _need_browser()
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield context
        context.close()


def _open(browser, url: str, width: int, height: int):
    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url, wait_until="load")
    return page, errors


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name), full_page=False)


@pytest.mark.parametrize("force", FORCES)
@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_force_page_in_a_real_browser(site, browser, force, width, height):
    page, errors = _open(browser, f"{site}/{slug(force)}/index.html", width, height)
    _shot(page, f"{slug(force)}-{width}.png")
    first = page.locator("#top-lines .fig").first
    box = first.bounding_box()
    assert box is not None and first.inner_text().strip()[0].isdigit()
    if width == 1280:
        assert box["y"] + box["height"] <= height, f"the first number is {box['y']:.0f} px down at {width} px"
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow} px of horizontal overflow at {width} px"
    urls = {citation(sid)["url"] for sid in load_sources().source_id}
    hrefs = page.eval_on_selector_all("a.source", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and set(hrefs) <= urls
    assert not [h for h in hrefs if "node?page=" in h], "a figure links to a listing page, not its document"
    if width == 1280 and force in FIRST_SCREEN:  # count, both rates, England and Wales, verdict, rank
        lines = page.locator("#top-lines li")
        third = lines.nth(2)
        text = " ".join(lines.nth(i).inner_text() for i in range(3))
        assert "per 1,000 officers" in text and "per 100,000 people" in text and "England and Wales" in text
        assert re.search(r"expected", text) and re.search(r"(highest|lowest) of \d+", text)
        box = third.bounding_box()
        assert box["y"] + box["height"] <= height, "the rates and ranks are below the first screen"
    body = page.evaluate("document.body.innerText")
    assert not re.search(r"\bp\s*[=<]", body), "a p-value on the page"
    assert not re.findall(r"\b[a-z0-9]+_[a-z0-9_]+\b", body.replace("force-profile.ipynb", "")), "snake_case"
    assert not [a for a in ACRONYMS if re.search(rf"\b{a}\b", body)], "a lower-cased acronym"
    if force == "City of London":
        assert "Action Fraud" in body
    unlinked = page.evaluate("""() => Array.from(document.querySelectorAll('#top-lines .fig'))
        .filter(f => !(f.nextElementSibling && f.nextElementSibling.querySelector('a.source[href^="http"]')))
        .map(f => f.textContent)""")
    assert not unlinked, f"top-line figures without a source link: {unlinked}"
    if width == 390:  # reflowing tables: every cell keeps its column label, no column lost
        hidden = page.evaluate("""() => Array.from(document.querySelectorAll('table.reflow td'))
            .filter(td => td.getBoundingClientRect().width === 0 && td.textContent.trim()).length""")
        assert hidden == 0
        labels = page.evaluate("""() => Array.from(document.querySelectorAll('table.reflow td'))
            .filter(td => !td.getAttribute('data-label')).length""")
        assert labels == 0
    assert page.locator("img").count() >= 3  # the newest year's funnel and strips, at least
    page.evaluate("() => Array.from(document.images).forEach(i => i.loading = 'eager')")
    page.wait_for_function("() => Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)",
                           timeout=20_000)  # every chart loads (lazy images made eager)
    charts = page.evaluate("""() => Array.from(document.images).map(i => ({
        src: i.currentSrc, shown: i.getBoundingClientRect().width, right: i.getBoundingClientRect().right,
        natural: i.naturalWidth, px: Number(i.currentSrc.endsWith('-phone.png') ? i.dataset.phoneTextPx
                                                                               : i.dataset.textPx)}))""")
    for c in charts:
        assert c["right"] <= width, f"a chart is cut off at {width} px: {c['src']}"
        density = 1 if c["src"].endswith("-phone.png") else 2  # the article PNG at 2x, the phone variant at 1x
        text = c["px"] * c["shown"] / (c["natural"] / density)
        if width == 390:
            assert c["src"].endswith("-phone.png"), f"no phone chart at 390 px: {c['src']}"
            assert text >= MIN_TEXT_PX, f"chart text {text:.1f} px at {width} px: {c['src']}"
    assert not errors, errors
    page.close()


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_index_in_a_real_browser(site, browser, width, height):
    page, errors = _open(browser, f"{site}/index.html", width, height)
    _shot(page, f"index-{width}.png")
    assert page.locator("#force-table tbody tr").count() == 43
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{overflow} px of horizontal overflow at {width} px"
    for typed, force in (("avon & somerset", "Avon and Somerset Police"), ("hull", "Humberside Police"),
                         ("Bangor", "North Wales Police"), ("carlisle", "Cumbria Constabulary"),
                         ("Heathrow", "Metropolitan Police Service"), ("gatwick", "Sussex Police")):
        page.fill("#search", typed)
        visible = page.locator("#force-table tbody tr:not([hidden])")
        assert visible.count() == 1 and force in visible.first.inner_text(), typed
        shown = page.evaluate("""() => Array.from(document.querySelectorAll('#force-table tbody tr'))
            .filter(tr => tr.getBoundingClientRect().height > 0).length""")
        assert shown == 1, f"{shown} cards on screen for {typed!r} at {width} px"  # hidden cards stay hidden
    page.fill("#search", "")
    if width == 1280:
        page.locator("button.sort").nth(3).click()  # per 1,000 officers, ascending
    else:  # the column headings are folded into the cards on a phone: the select sorts
        page.select_option("#sort-by", "3")
        page.select_option("#sort-order", "ascending")
    values = page.eval_on_selector_all("#force-table tbody tr td:nth-child(4)", "els => els.map(e => "
                                       "e.getAttribute('data-sort'))")
    numbers = [float(v) for v in values if v]
    assert numbers == sorted(numbers)
    assert not errors, errors
    page.close()


def test_jargon_links_open_their_glossary_entry(site, browser):
    page, errors = _open(browser, f"{site}/{slug(FORCE)}/index.html", 1280, 800)
    hrefs = page.eval_on_selector_all('a[href^="../glossary.html#"]', "els => els.map(e => e.getAttribute('href'))")
    assert "../glossary.html#schedule-3" in hrefs
    page.locator('#top-lines a.term[href="../glossary.html#schedule-3"]').first.click()
    page.wait_for_url("**/glossary.html#schedule-3")
    assert page.locator("#schedule-3").count() == 1
    missing = [h for h in set(hrefs) if page.locator(f"[id='{h.partition('#')[2]}']").count() != 1]
    assert not missing, f"glossary links with no entry: {missing}"
    assert not errors, errors
    page.close()
