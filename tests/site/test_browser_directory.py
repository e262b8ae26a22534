"""The directory in headless Chromium: search finds people by their words, every facet narrows the list,
and without JavaScript the static facet pages do the same job."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from matcher.profile.validate import validate_paths
from matcher.site.facets import build_facets
from tests.site.conftest import COMMUNITY

pytestmark = pytest.mark.browser

PUBLISHED = [p for p in validate_paths([COMMUNITY]).profiles if p.id != "gus-old"]  # gus-old is hidden as stale


def open_directory(page: Any, base: str) -> None:
    page.goto(base + "/directory/")
    page.wait_for_selector("#people-search[data-ready=true]")


def open_facet(page: Any, facet: str) -> None:
    page.eval_on_selector(f"#people-search details:has(input[name={facet}])", "d => { d.open = true; }")


def result_ids(page: Any) -> list[str]:
    hrefs = page.eval_on_selector_all("#search-results .card-name a", "links => links.map(a => a.getAttribute('href'))")
    return sorted(h.rsplit("/", 1)[-1].removesuffix(".html") for h in hrefs)


def wait_for_status(page: Any, count: int) -> None:
    """Wait until the list is settled (aria-busy false) and check its count."""
    page.wait_for_selector(".directory-main[aria-busy=false]")
    expected = "1 person found." if count == 1 else f"{count} people found."
    assert page.inner_text("#search-status") == expected
    assert page.locator("#search-results .card").count() == min(count, 24)


def test_search_finds_a_person_by_a_word_in_their_bio(tiny_site: Path, serve: Any, page: Any) -> None:
    open_directory(page, serve(tiny_site))
    page.fill("#q", "pangolin")
    wait_for_status(page, 1)
    assert result_ids(page) == ["amara-okafor"]
    assert page.is_hidden("#everyone")
    page.fill("#q", "")
    page.wait_for_selector("#everyone", state="visible")


def test_search_finds_words_of_headlines_offers_and_goals(tiny_site: Path, serve: Any, page: Any) -> None:
    open_directory(page, serve(tiny_site))
    for word, expected in (
        ("tenants", ["chen-wei"]),
        ("proposal", ["amara-okafor"]),
        ("grant", ["amara-okafor", "boris-ivanov"]),
    ):
        page.fill("#q", word)
        wait_for_status(page, len(expected))
        assert result_ids(page) == expected, word


@pytest.mark.parametrize("facet", ["role", "offers", "seeks", "language", "country", "format", "availability"])
def test_each_facet_narrows_the_list(tiny_site: Path, serve: Any, page: Any, facet: str) -> None:
    """Ticking a value lists exactly its people (as its static page does); a second value of another
    facet narrows further; a second value of the same facet widens (any of them)."""
    facets = {f.key: f for f in build_facets(PUBLISHED)}
    value = max(facets[facet].values, key=lambda v: (v.count < len(PUBLISHED), v.count, v.value))
    open_directory(page, serve(tiny_site))
    open_facet(page, facet)
    page.check(f"#people-search input[name={facet}][value='{value.value}']")
    wait_for_status(page, value.count)
    assert result_ids(page) == sorted(value.members)
    assert 0 < value.count < len(PUBLISHED)

    other_key = "language" if facet != "language" else "country"
    members = set(value.members)
    narrowing = (
        next(v for v in facets[other_key].values if 0 < len(members & set(v.members)) < len(members))
        if any(0 < len(members & set(v.members)) < len(members) for v in facets[other_key].values)
        else None
    )
    if narrowing is not None:
        open_facet(page, other_key)
        page.check(f"#people-search input[name={other_key}][value='{narrowing.value}']")
        both = sorted(members & set(narrowing.members))
        wait_for_status(page, len(both))
        assert result_ids(page) == both
        page.uncheck(f"#people-search input[name={other_key}][value='{narrowing.value}']")
        wait_for_status(page, value.count)

    widening = next((v for v in facets[facet].values if v.value != value.value and set(v.members) - members), None)
    if widening is not None:
        page.check(f"#people-search input[name={facet}][value='{widening.value}']")
        either = sorted(members | set(widening.members))
        wait_for_status(page, len(either))
        assert result_ids(page) == either


def test_the_counts_say_what_each_value_would_leave(tiny_site: Path, serve: Any, page: Any) -> None:
    open_directory(page, serve(tiny_site))
    page.check("#people-search input[name=role][value=mentor]")
    wait_for_status(page, 5)
    open_facet(page, "language")
    count = page.inner_text("[data-count-for='language:fr']")
    assert count.strip() == "1"  # among the mentors, one speaks French
    page.click("#people-search button[type=reset]")
    page.wait_for_selector("#everyone", state="visible")


def test_without_javascript_the_facet_pages_do_the_filtering(tiny_site: Path, serve: Any, chromium: Any) -> None:
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    base = serve(tiny_site)
    page.goto(base + "/directory/")
    assert page.is_hidden("#people-search")
    assert page.locator("#everyone .card").count() == len(PUBLISHED)
    page.click("#browse summary:has-text('Offers help with')")
    page.click("#browse details[data-facet=offers] a:has-text('Fundraising')")
    assert page.url.endswith("/directory/offers/fundraising/")
    assert page.eval_on_selector_all(".rows .row a", "links => links.map(a => a.textContent)") == ["Amara Okafor"]
    page.go_back()
    page.click("#browse summary:has-text('Looking for help with')")
    page.click("#browse details[data-facet=seeks] a:has-text('Fundraising')")
    assert page.url.endswith("/directory/seeks/fundraising/")
    page.click(".rows .row a:has-text('Boris Ivanov')")
    assert page.url.endswith("/people/boris-ivanov.html")
    assert page.is_visible("text=People the matcher suggests")
    context.close()


# --- when nobody is found: what to try, and topics to browse --------------------------------------


def help_of(page: Any) -> tuple[str, list[str]]:
    """The help's first line and the addresses of the topics it offers (as the page wrote them)."""
    lead = page.inner_text("#search-help p")
    hrefs = page.eval_on_selector_all("#search-help a", "links => links.map(a => a.href)")
    return lead, hrefs


def assert_topic_pages(base: str, site: Path, hrefs: list[str]) -> None:
    assert hrefs, "the help offers topics to browse"
    for href in hrefs:
        assert href.startswith(base + "/directory/offers/"), href
        assert (site / href.removeprefix(base + "/") / "index.html").is_file(), href


def test_a_word_nobody_has_says_so_and_offers_topics(tiny_site: Path, serve: Any, page: Any) -> None:
    base = serve(tiny_site)
    open_directory(page, base)
    assert page.is_hidden("#search-help")
    page.fill("#q", "xylophonist")
    wait_for_status(page, 0)
    assert page.is_visible("#search-help")
    lead, hrefs = help_of(page)
    assert lead == "Try another word, or browse a topic:"
    assert_topic_pages(base, tiny_site, hrefs)
    page.click("#search-help a >> nth=0")  # a topic's page, with its people
    page.wait_for_url(hrefs[0])
    assert page.locator(".rows .row").count() >= 1
    page.go_back()  # the search is still in the address, and so is the help
    page.wait_for_selector("#search-help:not([hidden])")
    assert page.input_value("#q") == "xylophonist"


def test_words_nobody_has_together_show_who_has_some_of_them(tiny_site: Path, serve: Any, page: Any) -> None:
    open_directory(page, serve(tiny_site))
    page.fill("#q", "pangolin tenants")  # one bio has each word, none has both
    page.wait_for_selector(".directory-main[aria-busy=false] #search-results .card")
    assert page.inner_text("#search-status") == (
        "Nobody matches all of “pangolin tenants”. 2 people match some of the words:"
    )
    assert result_ids(page) == ["amara-okafor", "chen-wei"]
    assert help_of(page)[0] == "Try fewer words, or browse a topic:"
    page.fill("#q", "pangolin")  # found again: the help goes
    wait_for_status(page, 1)
    assert page.is_hidden("#search-help")


def test_a_word_and_a_filter_that_exclude_each_other_point_at_the_words_topic(
    tiny_site: Path, serve: Any, page: Any
) -> None:
    base = serve(tiny_site)
    page.goto(base + "/directory/?q=fundraising&language=ja")  # nobody who speaks Japanese mentions it
    page.wait_for_selector("#people-search[data-ready=true]")
    wait_for_status(page, 0)
    lead, hrefs = help_of(page)
    assert lead == "Try another word or fewer filters, or browse a topic:"
    assert hrefs == [base + "/directory/offers/fundraising/"]  # the topic named by the word
    assert page.inner_text("#search-help a") == "Mentors for Fundraising"
    page.fill("#q", "")  # the filter alone finds Hana: no help
    wait_for_status(page, 1)
    assert page.is_hidden("#search-help")


def test_filters_that_leave_nobody_say_to_untick_one(tiny_site: Path, serve: Any, page: Any) -> None:
    base = serve(tiny_site)
    page.goto(base + "/directory/?offers=fundraising&language=ja")
    page.wait_for_selector("#people-search[data-ready=true]")
    wait_for_status(page, 0)
    lead, hrefs = help_of(page)
    assert lead == "Nobody has all of these. Untick a filter, or browse a topic:"
    assert_topic_pages(base, tiny_site, hrefs)
