"""The join page in a real browser: filled in as a person would, it opens the real GitHub issue form with
only that form's field ids, the profile it carries passes the intake and ``python -m matcher validate``,
and the way without GitHub names the community's own contact address.

The page is theme/templates/join.html with theme/static/js/join.js; its questions and lists are the
build's data/join/form.json and data/join/places.json (matcher/joinform.py, from the schema).
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
import yaml

from matcher import intake, settings
from matcher.intake import forms, questions
from matcher.site import joinform
from tests.site.conftest import COMMUNITY, ROOT, tiny_settings

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 11, 20)
BIO = 'I work on **EU accession**.\n\nShe said: "yes" # not a comment\n- a list: [x] {y}'
MAINTAINER = "a-maintainer"


def form_field_ids(name: str) -> set[str]:
    """The ids of a form's fields, as GitHub reads them from .github/ISSUE_TEMPLATE/ (and as forms.py makes them)."""
    issue_form = yaml.safe_load((ROOT / ".github/ISSUE_TEMPLATE" / f"{name}.yml").read_text(encoding="utf-8"))
    ids = {e["id"] for e in issue_form["body"] if "id" in e}
    assert ids == {q.id for q in forms.forms_by_name()[name].questions}, "the committed form is stale"
    return ids


def issue_body(form_name: str, answers: dict[str, str], ticked: frozenset[str] = frozenset()) -> str:
    """The issue body GitHub writes when the form is submitted with ``answers`` (by field id)."""
    form = forms.forms_by_name()[form_name]
    parts = []
    for q in form.questions:
        if q.id == questions.PROFILE_YAML_ID and q.id in answers:
            text = f"```yaml\n{answers[q.id]}\n```"
        elif q.id in answers:
            text = answers[q.id]
        elif q.kind == "ticks":
            text = "\n".join(f"- [{'X' if q.id in ticked else ' '}] {label}" for _, label in q.options)
        else:
            text = "_No response_"
        parts.append(f"### {q.label}\n\n{text}")
    return "\r\n".join("\n\n".join(parts).split("\n"))


def open_join(page: Any, base: str, query: str = "") -> None:
    page.goto(f"{base}/join/{query}")
    page.wait_for_selector("#join[data-ready=true]")


def pick(page: Any, selector: str, typed: str) -> None:
    """Type into a picker (country, language, a person) and take the first suggestion, as a person does."""
    page.click(selector)
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def fill_like_a_person(page: Any, bio: str = BIO) -> None:
    """Join as a mentor, answering every question a mentor must, then check the answers."""
    page.wait_for_selector("#join[data-ready=true]")
    page.check("input[name=role][value=mentor]")
    page.fill("#q-name", "Ana Popescu")
    page.fill("#q-headline", "Policy officer working on EU affairs in Chisinau")
    page.fill("#q-bio", bio)
    pick(page, "#q-location_country", "Moldova")
    pick(page, "#lang-0", "Romanian")
    page.locator(".join-lang-row select").nth(0).select_option("native")
    page.click("#join-add-language")
    pick(page, "#lang-1", "English")
    page.locator(".join-lang-row select").nth(1).select_option("fluent")
    page.check("input[name=sectors][value=civil-society]")
    page.check("input[name=mentor_topics][value=policy-advocacy]")
    page.check("input[name=mentor_topics][value=eu-affairs]")
    page.select_option("#q-mentor_capacity", "2")
    page.check("input[name=mentor_formats][value=video]")
    page.select_option("#q-mentor_status", "open")
    page.check("input[name=consent][value=public]")
    page.check("input[name=consent][value=adult]")
    page.click("#join-submit")
    page.wait_for_selector("#join-result:not([hidden])")


def params_of(href: str) -> tuple[str, dict[str, str]]:
    url = urlsplit(href)
    return f"{url.scheme}://{url.netloc}{url.path}", {k: v[0] for k, v in parse_qs(url.query).items()}


def test_the_form_opens_the_real_join_form_with_a_profile_that_validates(
    tiny_site: Path, serve: Any, page: Any, tmp_path: Path
) -> None:
    open_join(page, serve(tiny_site))
    fill_like_a_person(page)
    where, params = params_of(page.get_attribute("#join-open", "href"))
    assert where == f"{joinform.DEFAULT_REPOSITORY}/issues/new"
    assert params["template"] == "join.yml" and params["title"] == "Join: Ana Popescu"
    assert set(params) - {"template", "title"} == {questions.PROFILE_YAML_ID}
    assert set(params) - {"template", "title"} <= form_field_ids("join")
    text = params[questions.PROFILE_YAML_ID]
    assert page.evaluate("document.getElementById('join-yaml').textContent") == text  # what the person can see
    profile = yaml.safe_load(text)
    assert profile["name"] == "Ana Popescu" and profile["bio"] == BIO
    assert profile["location"] == {"country": "MD", "timezone": "Europe/Chisinau"}
    assert profile["languages"] == [{"code": "ro", "level": "native"}, {"code": "en", "level": "fluent"}]
    assert profile["mentor"] == {
        "topics": ["policy-advocacy", "eu-affairs"],
        "capacity": 2,
        "formats": ["video"],
        "status": "open",
    }
    # What GitHub sends back goes through the intake, and the file it writes passes `matcher validate`.
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    body = issue_body("join", {questions.PROFILE_YAML_ID: text}, ticked=frozenset({"consent"}))
    outcome = intake.convert(body, "join", "ana-p", profiles=profiles, today=TODAY)
    assert outcome.ok, outcome.problems
    assert outcome.profile_id == "ana-popescu"
    (change,) = outcome.changes
    (profiles / "ana-popescu.yml").write_text(change.text or "", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "matcher", "validate", str(profiles)], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_changing_a_profile_opens_the_update_form_and_the_change_validates(
    tiny_site: Path, serve: Any, page: Any, tmp_path: Path
) -> None:
    open_join(page, serve(tiny_site), "?mode=update")
    pick(page, "#q-self", "Elif")
    page.fill("#q-headline", "Researcher on digital rights in Istanbul, now also teaching")
    page.click("#join-submit")
    page.wait_for_selector("#join-result:not([hidden])")
    where, params = params_of(page.get_attribute("#join-open", "href"))
    assert where == f"{joinform.DEFAULT_REPOSITORY}/issues/new"
    assert params["template"] == "update.yml" and params["title"] == "Update: elif-yilmaz"
    assert set(params) - {"template", "title"} == {questions.PROFILE_ID_ID, questions.PROFILE_YAML_ID}
    assert set(params) - {"template", "title"} <= form_field_ids("update")
    assert params[questions.PROFILE_ID_ID] == "elif-yilmaz"
    profiles = tmp_path / "profiles"
    shutil.copytree(COMMUNITY, profiles)
    body = issue_body("update", {k: v for k, v in params.items() if k not in ("template", "title")})
    outcome = intake.convert(body, "update", MAINTAINER, profiles=profiles, maintainers=frozenset({MAINTAINER}))
    assert outcome.ok, outcome.problems
    (change,) = outcome.changes
    (profiles / "elif-yilmaz.yml").write_text(change.text or "", encoding="utf-8")
    assert "now also teaching" in (profiles / "elif-yilmaz.yml").read_text(encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "matcher", "validate", str(profiles)], capture_output=True, text=True, cwd=ROOT
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_without_github_the_page_names_the_communitys_contact_address(tiny_site: Path, serve: Any, page: Any) -> None:
    open_join(page, serve(tiny_site))
    fill_like_a_person(page)
    community = tiny_settings()
    address = community.contact_email
    link = page.locator("#join-email a")
    assert link.inner_text() == address
    assert link.get_attribute("href") == settings.mailto(  # our words only: nothing the person typed
        address,
        subject=f"My profile for {community.name}",
        body="Hello, I have no GitHub account: my profile file from the join page is attached. Please add it for me.",
    )
    download = page.locator("#join-download")
    assert download.get_attribute("download") == "ana-popescu.yml"
    text = unquote(download.get_attribute("href").split(",", 1)[1])
    assert yaml.safe_load(text)["name"] == "Ana Popescu"


def test_too_long_for_a_link_offers_the_empty_form_copy_and_download(tiny_site: Path, serve: Any, page: Any) -> None:
    open_join(page, serve(tiny_site))
    fill_like_a_person(page, bio="ж" * 1990)
    assert page.is_visible("#join-too-long")
    assert page.locator("#join-open").count() == 0
    blank = f"{joinform.DEFAULT_REPOSITORY}/issues/new?template=join.yml"
    assert page.get_attribute("#join-open-blank", "href") == blank
    download = page.locator("#join-download")
    text = unquote(download.get_attribute("href").split(",", 1)[1])
    assert yaml.safe_load(text)["bio"] == "ж" * 1990
    assert len(quote(text)) > joinform.URL_LIMIT  # why the page didn't offer a prefilled link


def test_missing_answers_are_said_beside_their_questions(tiny_site: Path, serve: Any, page: Any) -> None:
    open_join(page, serve(tiny_site))
    page.click("#join-submit")
    errors = page.locator("#join-errors")
    errors.wait_for()
    text = errors.inner_text()
    for words in (
        "Tick “Find a mentor”, “Be a mentor”, or both.",
        "Please answer this question. For example: Amina Yusuf.",
        "Please tick both boxes",
    ):
        assert words in text, words
    assert page.get_attribute("#q-name", "aria-invalid") == "true"
    assert "For example: Amina Yusuf." in page.inner_text("#err-name")  # beside the question, too
    assert page.locator("#join-result").is_hidden()
