"""The join page in a real browser: filled in as a person would, it opens the right GitHub form with the
right fields, and the YAML it carries passes the same converter and validator as every profile."""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
import yaml

from matcher import forms, intake, joinform

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 20)

pytestmark = pytest.mark.browser

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("no /usr/bin/chromium here (CI installs it)", allow_module_level=True)
if not (ROOT / "pelicanconf.py").exists():  # the site lands separately from the join page
    pytest.skip("the site (pelicanconf.py, matcher.site) is not in this checkout yet", allow_module_level=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from matcher.site.build import build_site

    out = tmp_path_factory.mktemp("site")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        build_site(output=out, search=False)
    finally:
        os.chdir(cwd)
    handler = functools.partial(_QuietHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: object, site: str) -> Iterator[object]:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{site}/join/")
    yield page
    page.close()
    assert errors == [], errors


BIO = 'I work on **EU accession**.\n\nShe said: "yes" # not a comment\n- a list: [x] {y}'


def fill_like_a_person(page: object, bio: str = BIO) -> None:
    p = page
    p.get_by_label("Name", exact=True).fill("Ana Popescu")  # type: ignore[attr-defined]
    p.get_by_label("Headline", exact=True).fill("Policy officer working on EU affairs in Chisinau")  # type: ignore[attr-defined]
    p.get_by_label("About you", exact=True).fill(bio)  # type: ignore[attr-defined]
    p.get_by_label("Country", exact=True).select_option("MD")  # type: ignore[attr-defined]
    p.get_by_label("Time zone", exact=True).fill("Europe/Chisinau")  # type: ignore[attr-defined]
    p.get_by_label("Language 1", exact=True).fill("Romanian")  # type: ignore[attr-defined]
    p.get_by_label("Level for language 1", exact=True).select_option("native")  # type: ignore[attr-defined]
    p.get_by_role("button", name="Add a language").click()  # type: ignore[attr-defined]
    p.get_by_label("Language 2", exact=True).fill("English")  # type: ignore[attr-defined]
    p.get_by_label("Level for language 2", exact=True).select_option("fluent")  # type: ignore[attr-defined]
    p.locator("#q-sectors").get_by_label("Civil society and NGOs", exact=True).check()  # type: ignore[attr-defined]
    p.get_by_label("A mentor", exact=True).check()  # type: ignore[attr-defined]
    p.locator("#q-mentor_topics").get_by_label("EU affairs", exact=True).check()  # type: ignore[attr-defined]
    p.locator("#q-mentor_topics").get_by_label("Policy and advocacy", exact=True).check()  # type: ignore[attr-defined]
    p.get_by_label("Mentor: capacity", exact=True).select_option("2")  # type: ignore[attr-defined]
    p.locator("#q-mentor_formats").get_by_label("Video call", exact=True).check()  # type: ignore[attr-defined]
    p.get_by_label("Mentor: whether you take new mentees now", exact=True).select_option("open")  # type: ignore[attr-defined]
    for box in ("I agree that this file and its history are public", "I am 18 or over"):
        p.get_by_label(box, exact=True).check()  # type: ignore[attr-defined]
    p.get_by_role("button", name="Check my answers").click()  # type: ignore[attr-defined]


def github_body(profile_yaml: str) -> str:
    """The issue body GitHub writes when the prefilled form is submitted with both consent boxes ticked."""
    join = forms.forms_by_name()["join"]
    parts = []
    for q in join.questions:
        if q.id == forms.PROFILE_YAML_ID:
            text = f"```yaml\n{profile_yaml}\n```"
        elif q.kind == "ticks":
            text = "\n".join(f"- [X] {label}" for _, label in q.options)
        else:
            text = "_No response_"
        parts.append(f"### {q.label}\n\n{text}")
    return "\r\n".join("\n\n".join(parts).split("\n"))


def test_the_form_opens_the_prefilled_join_form_with_yaml_that_passes(page: object, tmp_path: Path) -> None:
    fill_like_a_person(page)
    href = page.locator("#join-open").get_attribute("href")  # type: ignore[attr-defined]
    url = urlsplit(href)
    assert (url.scheme, url.netloc, url.path) == ("https", "github.com", "/mentor-commons/mentor-commons/issues/new")
    params = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert params["template"] == "join.yml" and params["title"] == "Join: Ana Popescu"
    issue_form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE/join.yml").read_text(encoding="utf-8"))
    field_ids = {e["id"] for e in issue_form["body"] if "id" in e}
    assert set(params) - {"template", "title"} == {forms.PROFILE_YAML_ID} <= field_ids
    profile = yaml.safe_load(params[forms.PROFILE_YAML_ID])
    assert profile["name"] == "Ana Popescu" and profile["bio"] == BIO
    assert profile["languages"] == [{"code": "ro", "level": "native"}, {"code": "en", "level": "fluent"}]
    assert profile["mentor"] == {
        "topics": ["policy-advocacy", "eu-affairs"],
        "capacity": 2,
        "formats": ["video"],
        "status": "open",
    }
    # what GitHub would send back goes through the converter and the validator
    (tmp_path / "profiles").mkdir()
    outcome = intake.convert(
        github_body(params[forms.PROFILE_YAML_ID]), "join", "ana-p", profiles=tmp_path / "profiles", today=TODAY
    )
    assert outcome.ok, outcome.problems
    assert outcome.profile_id == "ana-popescu"
    assert page.locator("#join-yaml").inner_text().strip() == params[forms.PROFILE_YAML_ID].strip()  # type: ignore[attr-defined]


def test_too_long_for_a_link_offers_copy_and_download_instead(page: object) -> None:
    fill_like_a_person(page, bio="ж" * 1990)
    assert page.locator("#join-too-long").is_visible()  # type: ignore[attr-defined]
    assert page.locator("#join-open").count() == 0  # type: ignore[attr-defined]
    blank = page.locator("#join-open-blank").get_attribute("href")  # type: ignore[attr-defined]
    assert blank.endswith("/issues/new?template=join.yml")
    download = page.locator("#join-download")  # type: ignore[attr-defined]
    assert download.get_attribute("download") == "ana-popescu.yml"
    text = unquote(download.get_attribute("href").split(",", 1)[1])
    assert yaml.safe_load(text)["bio"] == "ж" * 1990
    assert len(quote(text)) > joinform.URL_LIMIT  # why the page didn't offer a prefilled link


def test_missing_answers_are_listed_in_words(page: object) -> None:
    page.get_by_role("button", name="Check my answers").click()  # type: ignore[attr-defined]
    errors = page.locator("#join-errors")  # type: ignore[attr-defined]
    assert errors.is_visible()
    text = errors.inner_text()
    for words in (
        "Choose whether you would like to be a mentor, a mentee, or both.",
        "Name: please answer this question.",
        "Headline: please answer this question.",
        "Consent: please tick both boxes.",
    ):
        assert words in text
    assert page.locator("#q-name").get_attribute("aria-invalid") == "true"  # type: ignore[attr-defined]
