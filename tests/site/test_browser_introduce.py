"""*Ask for an introduction* in headless Chromium: clicked on a profile page, a directory card, a search
result, a suggestion and a find-my-mentor card, it opens the real ``introduce`` issue form, naming only
that form's field ids, with the mentor (and, from a mentee's suggestions, the mentee) filled in; the
e-mail beside it asks the same questions of the community's contact address.

GitHub itself is not contacted: the browser's requests to github.com are answered by the test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from matcher.intake import questions
from matcher.site.joinform import DEFAULT_REPOSITORY
from tests.site.conftest import find_check, tiny_settings
from tests.site.test_join_browser import form_field_ids

pytestmark = pytest.mark.browser

FORM_URL = f"{DEFAULT_REPOSITORY}/issues/new"


@pytest.fixture
def github(page: Any) -> list[str]:
    """The GitHub addresses the page opened (answered here with an empty page)."""
    opened: list[str] = []

    def answer(route: Any) -> None:
        opened.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!DOCTYPE html><title>GitHub</title>")

    page.route("https://github.com/**", answer)
    return opened


def click_and_read(page: Any, link: Any, opened: list[str]) -> dict[str, str]:
    """Click a link to the form, as a visitor does; the form's fields from the address it opened."""
    with page.expect_navigation(url=f"{FORM_URL}?**"):
        link.click()
    url = urlsplit(opened[-1])
    assert f"{url.scheme}://{url.netloc}{url.path}" == FORM_URL
    fields = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert fields["template"] == "introduce.yml"
    assert set(fields) - {"template", "title"} <= form_field_ids("introduce")
    return fields


def email_fields(href: str) -> tuple[str, dict[str, str]]:
    to, query = href.removeprefix("mailto:").split("?", 1)
    return to, {k: v[0] for k, v in parse_qs(query).items()}


def test_from_a_profile_page(tiny_site: Path, serve: Any, page: Any, github: list[str]) -> None:
    base = serve(tiny_site)
    page.goto(base + "/people/farah-haddad.html")
    to, mail = email_fields(page.get_attribute("#introduce .hint a", "href"))
    assert to == tiny_settings().contact_email
    assert "The mentor's profile id: farah-haddad" in mail["body"]
    fields = click_and_read(page, page.get_by_role("link", name="Ask for an introduction", exact=True), github)
    assert fields["mentor_id"] == "farah-haddad" and fields["title"] == "Introduction: Farah Haddad"
    assert questions.PROFILE_ID_ID not in fields  # who asks is theirs to say


def test_from_a_directory_card_and_a_search_result(tiny_site: Path, serve: Any, page: Any, github: list[str]) -> None:
    base = serve(tiny_site)
    page.goto(base + "/directory/")
    card = page.locator("#everyone .card", has=page.locator("a", has_text="Hana Sato"))
    assert click_and_read(page, card.locator(".introduce-line a.button"), github)["mentor_id"] == "hana-sato"
    page.goto(base + "/directory/?q=pangolin")  # Amara's bio: a search result is the same card
    page.wait_for_selector(".directory-main[aria-busy=false] #search-results .card .introduce-line")
    result = page.locator("#search-results .card .introduce-line")
    assert page.get_attribute("#search-results .introduce-line a.introduce-email", "href").startswith(
        f"mailto:{tiny_settings().contact_email}?"
    )
    assert click_and_read(page, result.locator("a.button"), github)["mentor_id"] == "amara-okafor"


def test_from_a_suggestion_the_mentee_is_filled_in(tiny_site: Path, serve: Any, page: Any, github: list[str]) -> None:
    page.goto(serve(tiny_site) + "/people/boris-ivanov.html")
    suggestion = page.locator(".suggestion", has=page.locator(".suggestion-head a", has_text="Hana Sato"))
    fields = click_and_read(page, suggestion.locator(".introduce-line a.button"), github)
    assert (fields["mentor_id"], fields[questions.PROFILE_ID_ID]) == ("hana-sato", "boris-ivanov")


def test_from_find_my_mentor(tiny_site: Path, serve: Any, page: Any, github: list[str]) -> None:
    page.goto(serve(tiny_site) + "/find/")
    page.wait_for_selector("#find[data-ready=true]")
    find_check(page, "#find-form input[name=topic][value=fundraising]")
    find_check(page, "#find-form input[name=language][value=en]")
    page.click("#find-form button[type=submit]")
    page.wait_for_selector("#deck-card .introduce-line a.button")
    shown = page.get_attribute("#deck-card", "data-id")
    to, mail = email_fields(page.get_attribute("#deck-card .introduce-email", "href"))
    assert to == tiny_settings().contact_email and f"The mentor's profile id: {shown}" in mail["body"]
    assert click_and_read(page, page.locator("#deck-card .introduce-line a.button"), github)["mentor_id"] == shown
