"""Accessibility in headless Chromium: axe-core (shipped inside axe-playwright-python, run offline)
finds no serious or critical violation on the main pages, in the light and the dark theme, at phone
and desktop width, with find-my-mentor's results and the directory's search results on screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.site.conftest import find_check

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "directory": "/directory/",
    "facet page": "/directory/offers/leadership/",
    "profile": "/people/ana-popescu.html",
    "find my mentor": "/find/",
    "guidance index": "/guidance/",
    "guidance page": "/guidance/first-meeting/",
    "dashboard": "/dashboard/",
}


def serious(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def interact(page: Any, name: str) -> None:
    """Put the page in the state a visitor would check it in."""
    if name == "find my mentor":
        page.wait_for_selector("#find[data-ready=true]")
        find_check(page, "#find-form input[name=topic][value=leadership]")
        find_check(page, "#find-form input[name=language][value=en]")
        page.click("#find-form button[type=submit]")
        page.wait_for_selector("#deck-card h3")
        page.click("#keep-button")
        page.wait_for_selector("#shortlist-items li[data-id]")
        page.wait_for_selector("#deck-card:not(.leaving-keep)")  # the card has finished leaving
    elif name == "directory":
        page.wait_for_selector("#people-search[data-ready=true]")
        page.fill("#q", "rights")
        page.wait_for_selector(".directory-main[aria-busy=false] #search-results .card")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_no_serious_accessibility_violation(
    example_site: Path, serve: Any, chromium: Any, scheme: str, width: int
) -> None:
    if not (example_site / "people/ana-popescu.html").exists():
        pytest.skip("the example community has changed: pick another profile for this test")
    base = serve(example_site)
    context = chromium.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for name, path in PAGES.items():
        page.goto(base + path)
        interact(page, name)
        problems = serious(page)
        if problems:
            found[name] = problems
    context.close()
    assert found == {}
