"""The example community in profiles/: valid, clearly fictional, and telling the stories it is there to tell.

Each story is checked against the matcher's own hard rules (:mod:`matcher.matching.eligibility`), so
a pair that is meant to be found is one the matcher can actually find.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from matcher.matching.eligibility import is_eligible
from matcher.matching.features import offer_of, seeker_of
from matcher.matching.policy import Policy, load_policy
from matcher.profile import loader, schema
from matcher.profile.model import Profile
from matcher.profile.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "profiles"
TODAY = dt.date(2026, 11, 22)  # fixed, so that "stale" and "in the future" do not drift with the clock
STALE = "pedro-alves"


@pytest.fixture(scope="module")
def people() -> dict[str, Profile]:
    result = validate_paths([PROFILES], today=TODAY)
    assert result.ok, [str(p) for p in result.problems]
    return {p.id: p for p in result.profiles}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy()


def eligible_mentors(mentee: Profile, people: dict[str, Profile], policy: Policy) -> list[str]:
    seeker = seeker_of(mentee, policy)
    return sorted(p.id for p in people.values() if p.mentor and is_eligible(seeker, offer_of(p, policy), policy))


def eligible(mentee: str, mentor: str, people: dict[str, Profile], policy: Policy) -> bool:
    return is_eligible(seeker_of(people[mentee], policy), offer_of(people[mentor], policy), policy)


def continent(p: Profile) -> str:
    """The time zone's area stands in for the continent (Oceania is Australia/ or Pacific/)."""
    area = p.location.timezone.split("/")[0]
    return {"Australia": "Oceania", "Pacific": "Oceania"}.get(area, area)


# --- validity ------------------------------------------------------------------------------------

def test_cli_validate_reports_only_the_deliberately_stale_profile() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "matcher", "validate", "profiles", "--format", "json", "--today", TODAY.isoformat()],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert report["errors"] == 0
    assert report["files"] >= 44
    assert [(p["file"], p["field"], p["severity"]) for p in report["problems"]] == [
        (f"profiles/{STALE}.yml", "updated", "warning")
    ]


def test_every_file_is_valid_and_loaded(people: dict[str, Profile]) -> None:
    files = sorted(PROFILES.glob("*.yml"))
    assert len(files) >= 44
    assert sorted(people) == [f.stem for f in files]


def test_keys_are_written_in_schema_order() -> None:
    def check(node: object, sub: dict[str, object], where: str) -> None:
        sub = schema._deref(sub)  # type: ignore[arg-type]
        if isinstance(node, dict):
            props = list(sub.get("properties", {}))  # type: ignore[call-overload]
            assert list(node) == [k for k in props if k in node], where
            for key, value in node.items():
                check(value, sub["properties"][key], f"{where}.{key}")  # type: ignore[index]
        elif isinstance(node, list):
            for i, item in enumerate(node):
                check(item, sub.get("items", {}), f"{where}[{i}]")  # type: ignore[call-overload]

    for path in sorted(PROFILES.glob("*.yml")):
        doc, problems = loader.read(path)
        assert doc is not None and not problems, path
        check(doc.data, schema.profile_schema(), path.name)


# --- clearly fictional, consented, dated ----------------------------------------------------------

def test_everyone_is_clearly_fictional_and_consented(people: dict[str, Profile]) -> None:
    for path in sorted(PROFILES.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Fictional example profile"), path.name
    for p in people.values():
        assert p.bio is not None and p.bio.startswith("Fictional example profile."), p.id
        assert p.github is None or p.github.startswith("fictional-"), p.id
        for _, url in p.links.items():
            host = url.split("/")[2]
            assert "example" in host or url.startswith("https://www.linkedin.com/in/example-"), url
        if p.contact and p.contact.email:
            assert p.contact.email.endswith("@example.org"), p.id


def test_update_dates_with_one_stale_profile(people: dict[str, Profile]) -> None:
    stale = [p.id for p in people.values() if p.is_stale(TODAY)]
    assert stale == [STALE]
    assert people[STALE].updated == dt.date(2025, 6, 1)
    for p in people.values():
        if p.id != STALE:
            assert dt.date(2025, 12, 1) <= p.updated <= dt.date(2026, 11, 15), p.id


def test_contact_methods_point_somewhere(people: dict[str, Profile]) -> None:
    links = {"linkedin", "website", "scheduling"}
    for p in people.values():
        if not p.contact:
            continue
        method = p.contact.preferred
        if method == "github":
            assert p.github, p.id
        elif method == "email":
            assert p.contact.email, p.id
        elif method in links:
            assert getattr(p.links, method), p.id


# --- diversity ------------------------------------------------------------------------------------

def test_diversity(people: dict[str, Profile]) -> None:
    countries = {p.location.country for p in people.values()}
    assert {"MD", "ZA", "KE", "BR", "IN", "PH", "DE", "BE", "RO", "UA", "GH", "MX", "CA", "SE", "ES", "EG", "JP",
            "ID"} <= countries
    assert {continent(p) for p in people.values()} == {"Europe", "Africa", "America", "Asia", "Oceania"}
    assert {p.career_stage for p in people.values()} == set(schema.vocabulary("career_stage"))
    assert len({code for p in people.values() for code in p.language_codes}) >= 25
    assert len({s for p in people.values() for s in p.sectors}) >= 15
    assert sum(p.pronouns is not None for p in people.values()) >= len(people) * 0.8
    github = [p.github for p in people.values() if p.github]
    assert len(people) * 0.3 <= len(github) <= len(people) * 0.7


def test_unicode_names_in_other_scripts(people: dict[str, Profile]) -> None:
    def scripts(name: str) -> set[str]:
        return {unicodedata.name(ch).split()[0] for ch in name if ch.isalpha()}

    found = {script for p in people.values() for script in scripts(p.name)}
    assert {"CYRILLIC", "ARABIC", "CJK"} <= found
    # ids stay ASCII and come from the name in Latin letters
    assert people["oksana-kovalenko"].name == "Оксана Коваленко"


def test_markdown_is_exercised(people: dict[str, Profile]) -> None:
    texts = [t for p in people.values() for t in (p.bio, p.mentee and p.mentee.goals, p.mentor and p.mentor.offer) if t]
    assert any("\n- " in t for t in texts), "a bullet list"
    assert any("\n1. " in t for t in texts), "a numbered list"
    assert any("**" in t for t in texts) and any("*" in t.replace("**", "") for t in texts), "emphasis"
    assert any("](https://" in t for t in texts), "a link"


def test_roles_statuses_and_capacities(people: dict[str, Profile]) -> None:
    both = [p.id for p in people.values() if p.mentor and p.mentee]
    assert len(both) >= 8
    statuses = Counter(p.mentor.status for p in people.values() if p.mentor)
    assert statuses["open"] > statuses["full"] >= 1 and statuses["paused"] >= 1
    assert {p.mentor.capacity for p in people.values() if p.mentor} == {1, 2, 3, 4, 5}
    assert sum(1 for p in people.values() if p.mentee and not p.mentee.looking) >= 2
    assert sum(1 for p in people.values() if p.avoid) >= 3
    endorsements = [(p.id, e) for p in people.values() for e in p.endorsements]
    assert len(endorsements) >= 5
    assert {e.relation for _, e in endorsements} == set(schema.vocabulary("relation"))


# --- the stories ----------------------------------------------------------------------------------

def test_ana_and_thandi_shortlist_each_other_and_can_be_matched(people: dict[str, Profile], policy: Policy) -> None:
    ana, thandi = people["ana-popescu"], people["thandi-dlamini"]
    assert ana.location.country == "MD" and thandi.location.country == "ZA"
    assert {"ro", "en", "ru"} <= set(ana.language_codes)
    assert ana.mentee and {"eu-affairs", "public-speaking", "policy-advocacy"} <= set(ana.mentee.topics)
    assert thandi.mentor and {"human-rights", "policy-advocacy", "leadership"} <= set(thandi.mentor.topics)
    assert "video" in thandi.mentor.formats
    assert "thandi-dlamini" in ana.interested_in and "ana-popescu" in thandi.interested_in
    assert eligible("ana-popescu", "thandi-dlamini", people, policy)


def test_a_policy_maker_learns_grassroots_insight_from_a_local_activist(people: dict[str, Profile],
                                                                        policy: Policy) -> None:
    pairs = []
    for mentee in people.values():
        if not (mentee.mentee and "grassroots-insight" in mentee.mentee.topics):
            continue
        if not {"public-administration", "international-institutions"} & set(mentee.sectors):
            continue
        for mentor in people.values():
            if (mentor.mentor and "grassroots-insight" in mentor.mentor.topics and "civil-society" in mentor.sectors
                    and mentor.location.city == mentee.location.city
                    and eligible(mentee.id, mentor.id, people, policy)):
                pairs.append((mentee.id, mentor.id, mentee.location.city))
    assert ("marieke-janssens", "samira-el-idrissi", "Brussels") in pairs


def test_reverse_mentoring(people: dict[str, Profile], policy: Policy) -> None:
    young = {"student", "early-career"}
    old = {"senior", "retired"}
    pairs = [
        (mentee.id, mentor.id)
        for mentee in people.values() if mentee.mentee and mentee.career_stage in old
        for mentor in people.values() if mentor.mentor and mentor.career_stage in young
        if {"social-media", "digital-skills"} & set(mentee.mentee.topics) & set(mentor.mentor.topics)
        and eligible(mentee.id, mentor.id, people, policy)
    ]
    assert ("helena-costa", "mateus-oliveira") in pairs
    assert ("kenichi-sato", "yui-nakamura") in pairs


def test_career_changer_meets_a_mentor_from_the_target_sector(people: dict[str, Profile], policy: Policy) -> None:
    lars = people["lars-eriksson"]
    assert lars.mentee and "finance" in lars.sectors and "civil-society" in lars.mentee.target_sectors
    assert {"career-change", "sector-change"} & set(lars.mentee.topics)
    targets = set(lars.mentee.target_sectors)
    mentors = [m for m in eligible_mentors(lars, people, policy) if set(people[m].sectors) & targets]
    assert "astrid-lindqvist" in mentors


def test_women_in_diplomacy(people: dict[str, Profile], policy: Policy) -> None:
    topics = {"diplomacy", "women-in-male-dominated-fields"}
    mentors = [p for p in people.values()
               if p.mentor and topics <= set(p.mentor.topics) and "diplomatic-service" in p.sectors]
    mentees = [p for p in people.values()
               if p.mentee and topics <= set(p.mentee.topics) and "diplomatic-service" in p.sectors]
    assert len(mentors) >= 2 and len(mentees) >= 2
    assert {m.mentor.status for m in mentors} >= {"open", "full"}  # type: ignore[union-attr]
    for mentee in mentees:
        assert any(eligible(mentee.id, m.id, people, policy) for m in mentors), mentee.id
    assert not eligible("lucia-fernandez", "gabriela-ramirez", people, policy)  # full: shortlisted, not matched


def test_trade_union_representative_mentors_colleagues(people: dict[str, Profile], policy: Policy) -> None:
    birgit = people["birgit-schneider"]
    assert birgit.mentor and "trade-unions" in birgit.sectors
    assert {"self-advocacy", "promotion", "trade-union-work", "workplace-relations"} <= set(birgit.mentor.topics)
    assert eligible("emre-yilmaz", "birgit-schneider", people, policy)
    assert eligible("kofi-asante", "birgit-schneider", people, policy)
    # both asked never to be matched with the hospital's HR director
    assert not eligible("emre-yilmaz", "klaus-hoffmann", people, policy)


def test_local_in_person_pairs(people: dict[str, Profile], policy: Policy) -> None:
    pairs = set()
    for mentee in people.values():
        if not (mentee.mentee and mentee.mentee.reach == "local" and "in-person" in mentee.mentee.formats):
            continue
        for mentor in people.values():
            if (mentor.mentor and "in-person" in mentor.mentor.formats
                    and mentor.location.city is not None and mentor.location.city == mentee.location.city
                    and eligible(mentee.id, mentor.id, people, policy)):
                pairs.add(mentee.location.city)
    assert len(pairs) >= 8, pairs


def test_cross_continent_video_pairs(people: dict[str, Profile], policy: Policy) -> None:
    pairs = {
        (mentee.id, mentor.id)
        for mentee in people.values() if mentee.mentee and "video" in mentee.mentee.formats
        for mentor in people.values() if mentor.mentor and "video" in mentor.mentor.formats
        if continent(mentee) != continent(mentor) and eligible(mentee.id, mentor.id, people, policy)
    }
    assert {("ana-popescu", "thandi-dlamini"), ("lucia-fernandez", "akosua-boateng"),
            ("putri-wulandari", "jonas-weber"), ("arjun-mehta", "daniel-okafor")} <= pairs


def test_gaps_only_where_intended(people: dict[str, Profile], policy: Policy) -> None:
    """Rosa speaks no language any mentor speaks; Fatou's topic has only a paused mentor."""
    looking = [p for p in people.values() if p.mentee and p.mentee.looking]
    without = sorted(p.id for p in looking if not eligible_mentors(p, people, policy))
    assert without == ["fatou-diop", "rosa-quispe"]
    spoken_by_mentors = {c for p in people.values() if p.mentor and p.mentor.accepting for c in p.language_codes}
    assert not set(people["rosa-quispe"].language_codes) & spoken_by_mentors
    election = [p for p in people.values() if p.mentor and "standing-for-election" in p.mentor.topics]
    assert election and all(not p.mentor.accepting for p in election)  # type: ignore[union-attr]
