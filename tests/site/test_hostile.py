"""A profile full of script and HTML injection renders inert: in the files, and in a real browser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from matcher.site.joinform import DEFAULT_REPOSITORY
from tests.site.checks import all_text, html_files, parse
from tests.site.conftest import HOSTILE, build_tiny, find_check

# Tags the theme itself writes; everything a contributor wrote may only add PROFILE_TAGS.
THEME_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "a",
    "header",
    "nav",
    "ul",
    "ol",
    "li",
    "main",
    "div",
    "footer",
    "p",
    "span",
    "h1",
    "h2",
    "h3",
    "article",
    "bdi",  # names and numbers whose direction the browser must isolate (right-to-left languages)
    "section",
    "dl",
    "dt",
    "dd",
    "aside",
    "figure",
    "blockquote",
    "figcaption",
    "svg",
    "circle",
    "script",
    "strong",
    "noscript",
    "form",
    "label",
    "input",
    "details",
    "summary",
    "fieldset",
    "legend",
    "button",
    "select",
    "option",
    "textarea",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "rect",
    "text",
    "g",
    "desc",
    "em",
    "b",
    "i",
    "br",
    "code",
    "pre",
}
ACTIVE_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.IGNORECASE)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "output"
    build_tiny(out, profiles=HOSTILE, matches=None, search=True)
    return out


def test_no_markup_from_a_profile_survives(hostile_site: Path) -> None:
    for path in html_files(hostile_site):
        page = parse(path)
        for tag, attrs in page.tags:
            assert tag in THEME_TAGS, (path, tag)
            assert not any(name.startswith("on") for name in attrs), (path, tag, attrs)
            assert "style" not in attrs, (path, tag, attrs)
            for name in ("href", "src", "action", "data"):
                assert not ACTIVE_URL.match(attrs.get(name, "")), (path, tag, attrs)
            if tag == "script":
                assert attrs.get("src", "").startswith("/theme/js/"), (path, attrs)
            if tag == "form":
                assert not attrs.get("action"), (path, attrs)
            if tag == "svg" and "dashboard" not in path.parts:
                assert attrs.get("class") == "brand-mark", (path, attrs)


def test_the_payloads_are_shown_as_text(hostile_site: Path) -> None:
    page = (hostile_site / "people/mallory-payload.html").read_text(encoding="utf-8")
    assert "<h1><bdi>Mallory &#34;Payload&#34; &amp; Co" in page
    assert 'content="Quotes &#34; and &#39; &amp; ampersands; then &#34; onmouseover=&#34;' in page
    assert "Saint-&#34;Quote&#34; &amp; Co" in page
    assert "&lt;script&gt;window.__pwned=&#39;endorsement&#39;&lt;/script&gt;" in page
    assert "<strong>bold</strong>" in page
    assert 'href="https://example.org/&#34;&gt;&lt;script&gt;' in page
    assert 'href="mailto:o%27mallory+%7Bx%7D@example.org"' in page  # encoded: the address, and nothing after it
    assert "{{ config }}" in page  # shown, never evaluated as a template


def test_the_exports_hold_text_not_markup(hostile_site: Path) -> None:
    mentors = json.loads((hostile_site / "data/mentors.json").read_text(encoding="utf-8"))
    (mallory,) = mentors["mentors"]
    assert mallory["name"] == 'Mallory "Payload" & Co'
    for _path, text in all_text(hostile_site / "pagefind"):
        assert "<script" not in text


def test_nothing_runs_in_a_browser(hostile_site: Path, serve: Any, page: Any) -> None:
    base = serve(hostile_site)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for path in ("/people/mallory-payload.html", "/people/olga-endorser.html", "/directory/", "/dashboard/"):
        page.goto(base + path)
        page.wait_for_load_state("load")
        page.mouse.move(200, 200)
        assert page.evaluate("window.__pwned") is None, path
    page.goto(base + "/directory/")
    page.wait_for_selector("#people-search[data-ready=true]")
    page.fill("#q", "Mallory")
    page.wait_for_selector("#search-results .card")
    assert page.inner_text("#search-results .card-name") == 'Mallory "Payload" & Co'
    page.goto(base + "/find/")
    page.wait_for_selector("#find[data-ready=true]")
    find_check(page, "input[name=topic][value=fundraising]")
    find_check(page, "input[name=language][value=en]")
    page.click("#find-form button[type=submit]")
    page.wait_for_selector("#deck-card h3")
    assert 'Mallory "Payload" & Co' in page.inner_text("#deck-card")
    page.click("#keep-button")
    page.wait_for_selector("#shortlist-items li[data-id=mallory-payload]")
    assert page.inner_text("#shortlist-items li[data-id=mallory-payload] a") == 'Mallory "Payload" & Co'
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []


def _introduce_links(hrefs: list[str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The query of the *Ask for an introduction* form link and of its e-mail, decoded."""
    (github,) = [h for h in hrefs if h.startswith(f"{DEFAULT_REPOSITORY}/issues/new?")]
    (email,) = [h for h in hrefs if h.startswith("mailto:maintainers@example.org?subject=Introduction")]
    return parse_qs(urlsplit(github).query), parse_qs(email.split("?", 1)[1])


def test_the_introduction_links_carry_the_name_as_encoded_text(hostile_site: Path, serve: Any, page: Any) -> None:
    hrefs = [a.get("href", "") for tag, a in parse(hostile_site / "people/mallory-payload.html").tags if tag == "a"]
    github, email = _introduce_links(hrefs)
    assert github["title"] == ['Introduction: Mallory "Payload" & Co'] and github["mentor_id"] == ["mallory-payload"]
    assert email["subject"] == ['Introduction: Mallory "Payload" & Co (Mentor Commons)']
    assert set(email) == {"subject", "body"}  # nothing the profile says can add a header
    # find-my-mentor fills the same links in the browser: the same fields, decoded
    page.goto(serve(hostile_site) + "/find/")
    page.wait_for_selector("#find[data-ready=true]")
    find_check(page, "input[name=topic][value=fundraising]")
    find_check(page, "input[name=language][value=en]")
    page.click("#find-form button[type=submit]")
    page.wait_for_selector("#deck-card .introduce-line a")
    in_browser = page.eval_on_selector_all("#deck-card .introduce-line a", "links => links.map(a => a.href)")
    assert _introduce_links(in_browser) == (github, email)
