"""Find my mentor in headless Chromium: the JavaScript port gives the matcher's answers to the last digit,
ranks the example community as the matcher's own rules do, and the swipe deck, the shortlist, a reload
and the interested_in line all work, the line passing `python -m matcher validate`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from matcher import intake
from matcher.matching.eligibility import check_pair
from matcher.matching.features import Seeker, offer_of, utc_offset
from matcher.matching.policy import load_policy, policy_as_json
from matcher.matching.scoring import score_pair
from matcher.matching.vectors import VECTORS_FILE
from matcher.profile import schema
from matcher.profile.validate import validate_paths
from matcher.site.community import build_community
from tests.site.conftest import COMMUNITY, ROOT, find_check, find_step
from tests.site.test_join_browser import MAINTAINER, issue_body, pick

pytestmark = pytest.mark.browser

POLICY = load_policy()


def without_assignment(policy: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in policy.items() if k != "assignment"}


def labels_for(codes: set[str]) -> dict[str, dict[str, str]]:
    labels = {name: schema.vocabulary(name) for name in ("topic", "format", "sector")}
    labels["language"] = {code: schema.language_name(code) for code in sorted(codes)}
    labels["country"] = {code: schema.country_name(code) for code in sorted(schema.country_codes())}
    return labels


def test_the_browser_scores_every_shared_vector_as_the_matcher_does(tiny_site: Path, page: Any) -> None:
    vectors = json.loads((ROOT / VECTORS_FILE).read_text(encoding="utf-8"))
    site_policy = json.loads((tiny_site / "data/policy.json").read_text(encoding="utf-8"))
    # The site's policy is the matcher's (with the assignment rule the vectors exercise, whichever adds it).
    assert without_assignment(vectors["policy"]) == without_assignment(policy_as_json(POLICY))
    assert without_assignment(site_policy) == without_assignment(policy_as_json(POLICY))
    assert site_policy["assignment"] == {"full_keeps_previous": POLICY.full_keeps_previous}
    codes = {
        lang["code"] for case in vectors["cases"] for side in ("seeker", "offer") for lang in case[side]["languages"]
    }
    page.set_content("<!DOCTYPE html><title>vectors</title>")
    page.add_script_tag(path=str(ROOT / "theme/static/js/scoring.js"))
    answers = page.evaluate(
        """([cases, policy, labels]) => cases.map(c => {
          const rules = MentorScoring.checkPair(c.seeker, c.offer, policy, labels, c.continuing);
          const score = MentorScoring.scorePair(c.seeker, c.offer, policy, labels);
          const got = {eligibility: {}, details: {}, points_h: {}, total_h: score.total_h};
          got.eligible = rules.every(r => r.passed);
          for (const r of rules) { got.eligibility[r.rule] = r.passed; got.details[r.rule] = r.detail; }
          for (const k of score.components) {
            got.points_h[k.criterion] = k.points_h;
            got.details[k.criterion] = k.detail;
          }
          return got;
        })""",
        [vectors["cases"], site_policy, labels_for(codes)],
    )
    keys = ("eligibility", "eligible", "points_h", "total_h", "details")
    mismatches = [
        (case["name"], key, answer[key], case[key])
        for case, answer in zip(vectors["cases"], answers, strict=True)
        for key in keys
        if answer[key] != case[key]
    ]
    assert mismatches == [], mismatches[:3]
    assert len(vectors["cases"]) > 200


# --- ranking on the example community --------------------------------------------------------


@dataclass(frozen=True)
class Query:
    topics: tuple[str, ...]
    languages: tuple[tuple[str, str], ...]
    formats: tuple[str, ...]
    timezone: str = "UTC"
    country: str = ""
    city: str | None = None
    reach: str = "anywhere"
    sector: str = ""
    target: str = ""
    keep_first: int = 0  # keep this many from the top before ranking again (shortlist -> interest points)
    shortlist: tuple[str, ...] = field(default=())


QUERIES = (
    Query(("human-rights", "policy-advocacy"), (("en", "fluent"),), ("video",)),
    Query(
        ("leadership", "public-speaking", "fundraising", "campaigning", "digital-skills", "career-change"),
        (("en", "fluent"),),
        ("video", "chat", "email"),
    ),
    Query(
        ("fundraising", "leadership", "public-speaking", "communications"),
        (("en", "conversational"), ("fr", "native")),
        ("video", "in-person"),
        "Europe/Paris",
        "FR",
        "Paris",
        "local",
    ),
    Query(
        ("trade-union-work", "workers-rights", "campaigning"),
        (("de", "fluent"), ("en", "fluent")),
        ("in-person", "chat"),
        "Europe/Berlin",
        "DE",
        "Berlin",
        "anywhere",
        "trade-unions",
        "politics",
    ),
    Query(
        ("digital-skills", "social-media", "job-search"),
        (("en", "native"), ("es", "fluent")),
        ("video", "chat", "email"),
        "America/Mexico_City",
        "MX",
        None,
        "anywhere",
        "",
        "technology",
        keep_first=2,
    ),
)


def python_ranking(published: list[Any], query: Query, shortlist: tuple[str, ...], limit: int) -> list[tuple[str, int]]:
    seeker = Seeker(
        topics=query.topics,
        languages=query.languages,
        formats=query.formats,
        country=query.country,
        city=query.city,
        utc_offset=utc_offset(query.timezone, POLICY.reference_instant),
        reach=query.reach,
        sectors=(query.sector,) if query.sector else (),
        target_sectors=(query.target,) if query.target else (),
        shortlist=shortlist,
    )
    ranked = []
    for profile in published:
        if profile.mentor is None:
            continue
        offer = offer_of(profile, POLICY)
        if all(r.passed for r in check_pair(seeker, offer, POLICY)):
            ranked.append((offer.id, score_pair(seeker, offer, POLICY).total_h))
    ranked.sort(key=lambda item: (-item[1], item[0]))
    return ranked[:limit]


def fill(page: Any, query: Query) -> None:
    """Answer every step of the find form for ``query``, then ask for the results."""
    page.evaluate("() => document.getElementById('find-form').reset()")
    for box in page.query_selector_all("#find-form input[type=checkbox]:checked"):
        box.evaluate("b => { b.checked = false; b.dispatchEvent(new Event('change', {bubbles: true})); }")
    for topic in query.topics:
        find_check(page, f"#find-form input[name=topic][value='{topic}']")
    for code, level in query.languages:
        find_check(page, f"#find-form input[name=language][value='{code}']")
        page.select_option(f"#level-{code}", level)
    for fmt in query.formats:
        find_check(page, f"#find-form input[name=format][value='{fmt}']")
    page.select_option("#country", query.country)
    page.fill("#city", query.city or "")
    page.select_option("#timezone", query.timezone)
    page.check(f"#find-form input[name=reach][value='{query.reach}']")
    find_step(page, "#sector")
    page.select_option("#sector", query.sector)
    page.select_option("#target", query.target)
    page.click("#find-form button[type=submit]")
    page.wait_for_selector("#find-results:not([hidden])")


def browser_ranking(page: Any) -> list[tuple[str, int]]:
    items = page.eval_on_selector_all(
        "#ranked-list > li",
        "items => items.map(li => [li.dataset.id, li.querySelector('.breakdown tr.total td').textContent])",
    )
    out = []
    for pid, text in items:
        points = re.match(r"([\d.]+) of", text)
        assert points, text
        out.append((pid, round(float(points.group(1)) * 100)))
    return out


def test_find_my_mentor_ranks_the_example_community_as_the_matcher_would(
    example_site: Path, serve: Any, page: Any
) -> None:
    profiles = validate_paths([ROOT / "profiles"]).profiles
    published = list(build_community(profiles).profiles)
    limit = int(re.search(r'data-results="(\d+)"', (example_site / "find/index.html").read_text()).group(1))
    offered_languages = set(
        re.findall(r'name="language" value="([a-z]+)"', (example_site / "find/index.html").read_text())
    )
    page.goto(serve(example_site) + "/find/")
    page.wait_for_selector("#find[data-ready=true]")
    compared = 0
    for query in QUERIES:
        spoken = tuple(lang for lang in query.languages if lang[0] in offered_languages)
        query = Query(**{**query.__dict__, "languages": spoken})
        if not query.languages:
            continue
        fill(page, query)
        shortlist: tuple[str, ...] = ()
        if query.keep_first:
            for _ in range(query.keep_first):
                page.click("#keep-button")
                page.wait_for_timeout(250)
            shortlist = tuple(json.loads(page.evaluate("JSON.stringify(MentorShortlist.ids())")))
            assert len(shortlist) == query.keep_first
            fill(page, query)  # ranked again: the shortlisted mentors now earn interest points
        expected = python_ranking(published, query, shortlist, limit)
        assert browser_ranking(page) == expected, query
        compared += len(expected)
        page.evaluate("MentorShortlist.clear()")
    assert compared > 10, "the queries should rank a good number of mentors"


# --- the deck, the shortlist, a reload, the YAML --------------------------------------------


def touch_swipe(page: Any, dx: int) -> None:
    """A real touch gesture, through Chromium's input pipeline."""
    page.locator("#deck-card").scroll_into_view_if_needed()
    box = page.locator("#deck-card").bounding_box()
    x, y = box["x"] + 40, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 6):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x + dx * step / 5, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def current_card(page: Any) -> str:
    return str(page.get_attribute("#deck-card", "data-id"))


def wait_for_card_change(page: Any, previous: str) -> None:
    page.wait_for_function(
        f"document.getElementById('deck-card').dataset.id !== {previous!r}"
        " || document.getElementById('keep-button').disabled"
    )


def test_swipe_shortlist_reload_and_interested_in(tiny_site: Path, serve: Any, chromium: Any, tmp_path: Path) -> None:
    context = chromium.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(serve(tiny_site) + "/find/")
    page.wait_for_selector("#find[data-ready=true]")
    query = Query(("fundraising", "public-speaking", "youth-work"), (("en", "fluent"),), ("video",))
    fill(page, query)
    ranked = [pid for pid, _ in browser_ranking(page)]
    published = list(build_community(validate_paths([COMMUNITY]).profiles).profiles)
    assert ranked == [pid for pid, _ in python_ranking(published, query, (), 20)]
    assert len(ranked) >= 3

    first = current_card(page)
    page.click("#keep-button")  # a button
    wait_for_card_change(page, first)
    second = current_card(page)
    page.keyboard.press("ArrowLeft")  # the keyboard: pass
    wait_for_card_change(page, second)
    third = current_card(page)
    touch_swipe(page, 160)  # a finger: keep
    wait_for_card_change(page, third)
    assert [first, second, third] == ranked[:3]

    kept = page.eval_on_selector_all("#shortlist-items li[data-id]", "items => items.map(li => li.dataset.id)")
    assert kept == [first, third]

    page.reload()
    page.wait_for_selector("#find[data-ready=true]")
    assert page.eval_on_selector_all("#shortlist-items li[data-id]", "items => items.map(li => li.dataset.id)") == kept
    assert page.is_checked("#find-form input[name=topic][value=fundraising]")  # the query came back too

    # The shortlist goes into a profile on the join page: it becomes interested_in, which the intake
    # writes into the file, and the whole community still passes validation.
    page.click("#shortlist-add a:has-text('Add it to my profile')")
    page.wait_for_selector("#join[data-ready=true]")
    assert page.eval_on_selector_all("#q-interested_in .chips li", "items => items.map(li => li.dataset.id)") == kept
    pick(page, "#q-self", "Elif")
    page.click("#join-submit")
    page.wait_for_selector("#join-result:not([hidden])")
    text = page.evaluate("document.getElementById('join-yaml').textContent")
    assert f"interested_in: [{first}, {third}]" in text
    community = tmp_path / "profiles"
    shutil.copytree(COMMUNITY, community)
    body = issue_body("update", {"profile_id": "elif-yilmaz", "profile_yaml": text})
    outcome = intake.convert(body, "update", MAINTAINER, profiles=community, maintainers=frozenset({MAINTAINER}))
    assert outcome.ok, outcome.problems
    (community / "elif-yilmaz.yml").write_text(outcome.changes[0].text or "", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "matcher", "validate", str(community)], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert yaml.safe_load((community / "elif-yilmaz.yml").read_text(encoding="utf-8"))["interested_in"] == kept
    context.close()
    assert errors == []


def test_a_profile_page_adds_to_the_same_shortlist(tiny_site: Path, serve: Any, page: Any) -> None:
    base = serve(tiny_site)
    page.goto(base + "/people/farah-haddad.html")
    page.click("button:has-text('Add to my shortlist')")
    assert page.get_attribute(".shortlist-slot button", "aria-pressed") == "true"
    page.goto(base + "/find/")
    page.wait_for_selector("#find[data-ready=true]")
    assert page.eval_on_selector_all("#shortlist-items li[data-id]", "items => items.map(li => li.dataset.id)") == [
        "farah-haddad"
    ]
    page.goto(base + "/people/boris-ivanov.html")  # a mentee only: nothing to add
    assert page.locator(".shortlist-slot button").count() == 0
