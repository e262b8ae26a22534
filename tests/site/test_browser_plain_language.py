"""Issue 11, as a first-time visitor meets it, in headless Chromium at 390 and 1280 px.

The join flow shows no database or GitHub word before its last step and carries the browser's
shortlist in; the offers/seeks pages list exactly the right people; the directory's filters live
in the address; search results are the listing's cards with a snippet; the find page says match
strength in words; no page scrolls sideways at 320 px; axe finds no violation of any severity on
any page type. Screenshots of every page type at both widths are written for review into
``<pytest tmp>/screenshots/`` (or $MENTOR_COMMONS_SCREENSHOTS), never committed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

WIDTHS = [390, 1280]
PAGE_TYPES = {
    "home": "/",
    "directory": "/directory/",
    "offers-page": "/directory/offers/fundraising/",
    "seeks-page": "/directory/seeks/fundraising/",
    "profile": "/people/amara-okafor.html",
    "find": "/find/",
    "join": "/join/",
    "guidance-index": "/guidance/",
    "guidance-page": "/guidance/first-meeting/",
    "dashboard": "/dashboard/",
    "not-found": "/404.html",
}
JARGON = (
    "YAML",
    "ISO ",
    "IANA",
    "Markdown",
    "profile id",
    "interested_in",
    ".yml",
    "schema",
    "GitHub login",
    "alpha-2",
    "sanitised",
    "pull request",
    "repository",
    "macrolanguage",
    "GitHub",
)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("MENTOR_COMMONS_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _tab(chromium: Any, width: int, **extra: Any) -> Any:
    context = chromium.new_context(viewport={"width": width, "height": 900}, **extra)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.errors = errors
    return page


def visible_text(page: Any) -> str:
    """The words on screen, not the choices inside a closed drop-down ("Through GitHub" is a fair choice)."""
    return str(
        page.evaluate(
            "(() => { const c = document.body.cloneNode(true);"
            " c.querySelectorAll('option, script, noscript, [hidden]').forEach(n => n.remove());"
            " return c.innerText; })()"
        )
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_join_flow_speaks_plainly_and_carries_the_shortlist(
    tiny_site: Path, serve: Any, chromium: Any, width: int, shots: Path
) -> None:
    base = serve(tiny_site)
    page = _tab(chromium, width, timezone_id="Africa/Nairobi")
    page.goto(base + "/find/")
    page.evaluate(
        "localStorage.setItem('mentor-commons:shortlist:v1',"
        " JSON.stringify([{id: 'amara-okafor', name: 'Amara Okafor'}]))"
    )
    page.goto(base + "/join/?role=mentee&topic=fundraising")
    page.wait_for_selector("#join[data-ready=true]")
    # every part of the form open, and an error shown: still not one word of jargon
    page.check("input[name=role][value=mentor]")
    page.click("#join-submit")
    page.wait_for_selector("#join-errors:not([hidden])")
    text = visible_text(page)
    assert [w for w in JARGON if re.search(r"\b" + re.escape(w.strip().lower()) + r"\b", text.lower())] == []
    assert "For example" in page.inner_text("#err-name")  # the error is beside its question, with an example
    page.screenshot(path=str(shots / f"join-errors-{width}.png"), full_page=True)
    page.uncheck("input[name=role][value=mentor]")
    # the shortlist came from the browser, by name, and says it becomes public
    assert page.inner_text("#q-interested_in .chips").startswith("Amara Okafor")
    assert "public" in page.inner_text("#note-interested_in")
    assert page.is_checked("input[name=mentee_topics][value=fundraising]")
    page.fill("#q-name", "Amina Yusuf")
    page.fill("#q-headline", "Youth worker in Nairobi, helping young people")
    page.click("#q-location_country")
    page.keyboard.type("Кения")  # a country's name in another script
    page.keyboard.press("Enter")
    assert page.input_value("#q-location_country") == "Kenya"
    assert page.input_value("#q-location_timezone") == "Africa/Nairobi"  # chosen for them: one zone
    page.click("#lang-0")
    page.keyboard.type("swahili")
    page.keyboard.press("Enter")
    page.select_option(".join-lang-row select", "native")
    page.check("input[name=sectors][value=civil-society]")
    page.check("input[name=mentee_formats][value=video]")
    page.check("input[name=consent][value=public]")
    page.check("input[name=consent][value=adult]")
    page.click("#join-submit")
    page.wait_for_selector("#join-result:not([hidden])")
    yaml_text = page.evaluate("document.getElementById('join-yaml').textContent")
    assert "interested_in: [amara-okafor]" in yaml_text
    assert 'country: "KE"' in yaml_text and "code: sw" in yaml_text and "topics: [fundraising]" in yaml_text
    final = page.inner_text("#join-result")
    assert "What happens next" in final and "within a week" in final
    page.screenshot(path=str(shots / f"join-final-{width}.png"), full_page=True)
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_offers_and_seeks_filters_list_the_right_people_and_live_in_the_address(
    tiny_site: Path, serve: Any, chromium: Any, width: int
) -> None:
    base = serve(tiny_site)
    page = _tab(chromium, width)
    page.goto(base + "/directory/offers/fundraising/")
    assert page.eval_on_selector_all(".rows a", "els => els.map(e => e.textContent)") == ["Amara Okafor"]
    page.goto(base + "/directory/seeks/fundraising/")
    assert page.eval_on_selector_all(".rows a", "els => els.map(e => e.textContent)") == ["Boris Ivanov"]
    page.goto(base + "/directory/")
    page.wait_for_selector("#people-search[data-ready=true]")
    page.click('details[data-facet="offers"] summary')
    page.check('input[name="offers"][value="fundraising"]')
    page.wait_for_function("location.search.includes('offers=fundraising')")
    page.wait_for_selector(".directory-main[aria-busy=false] #search-results .card")
    names = page.eval_on_selector_all("#search-results .card-name a", "els => els.map(e => e.textContent)")
    assert names == ["Amara Okafor"]
    assert page.inner_text("#filter-count") == "1 person"
    page.reload()
    page.wait_for_selector(".directory-main[aria-busy=false] #search-results .card")
    assert page.is_checked('input[name="offers"][value="fundraising"]')
    assert page.eval_on_selector_all("#search-results .card-name a", "els => els.map(e => e.textContent)") == names
    page.go_back()  # the unfiltered directory again
    page.wait_for_function("!location.search")
    page.wait_for_selector("#everyone:not([hidden])")
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_are_cards_with_a_snippet(tiny_site: Path, serve: Any, chromium: Any, width: int) -> None:
    base = serve(tiny_site)
    page = _tab(chromium, width)
    page.goto(base + "/directory/?q=literacy")
    page.wait_for_selector(".directory-main[aria-busy=false] #search-results .card")
    first = page.locator("#search-results .card").first
    assert first.locator(".badges .badge").count() >= 1 and first.locator(".card-meta").inner_text()
    assert first.locator(".snippet mark").count() >= 1
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_match_strength_is_in_words(tiny_site: Path, serve: Any, chromium: Any, width: int) -> None:
    base = serve(tiny_site)
    page = _tab(chromium, width)
    page.goto(base + "/find/")
    page.wait_for_selector("#find[data-ready=true]")
    page.locator("#find-form input[name=topic]").first.check()
    page.click("#step-next")
    page.locator("#find-form input[name=language]").first.check()
    assert re.search(r"\d+ mentors? fits? so far", page.inner_text("#find-live"))
    page.click("#find-form button[type=submit]")
    page.wait_for_selector("#deck-card h3")
    card = page.inner_text("#deck-card")
    assert re.search(r"(Strong|Good|Possible) fit", card)
    assert "points" not in card and not re.search(r"\(\d+(\.\d+)?\)", card)
    assert page.errors == []
    page.context.close()


def test_no_page_scrolls_sideways_at_320_px(tiny_site: Path, serve: Any, chromium: Any) -> None:
    base = serve(tiny_site)
    page = _tab(chromium, 320)
    wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto(base + path)
        page.wait_for_timeout(300)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[name] = width
    assert wide == {}
    page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_nothing_on_any_page_type_and_screenshots_are_written(
    tiny_site: Path, serve: Any, chromium: Any, width: int, shots: Path
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base = serve(tiny_site)
    page = _tab(chromium, width)
    found = {}
    for name, path in PAGE_TYPES.items():
        page.goto(base + path)
        page.wait_for_timeout(400)
        violations = Axe().run(page).response["violations"]
        if violations:
            found[name] = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in violations]
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=True)
    assert found == {}
    assert len(list(shots.glob(f"*-{width}.png"))) >= len(PAGE_TYPES)
    page.context.close()
