"""Properties of every match, on random small communities written as YAML and read by the real loader.

No ineligible pair is ever assigned or suggested, capacity is never exceeded, each mentee
appears at most once, ``avoid`` is always honoured, the most mentees possible are matched
(over every eligible pair, with a candidate cut that bites), no mentor is in more suggestion
lists than the cap, every mentee with an eligible mentor has a suggestion, and the output does
not depend on the order of the input; under each policy of :data:`tests.brute.POLICIES`.
"""

from __future__ import annotations

import dataclasses
import json
import random
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matcher.matching.eligibility import is_eligible
from matcher.matching.match import run_match
from matcher.matching.output import matches_text
from matcher.matching.policy import Policy
from matcher.profile.model import Profile
from matcher.profile.validate import load_profiles
from tests.brute import POLICIES

TOPICS = ["eu-affairs", "fundraising", "leadership", "public-speaking"]
PLACES = [
    ("MD", "Chișinău", "Europe/Chisinau"),
    ("RO", "Iași", "Europe/Bucharest"),
    ("DE", None, "Europe/Berlin"),
    ("KE", "Nairobi", "Africa/Nairobi"),
    ("NZ", "Auckland", "Pacific/Auckland"),
]
LANGS = ["ro", "en", "de"]
LEVELS = ["conversational", "fluent", "native"]


@st.composite
def communities(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(2, 14))
    ids = [f"person-{i}" for i in range(n)]
    people = []
    for pid in ids:
        country, city, tz = draw(st.sampled_from(PLACES))
        langs = draw(st.lists(st.sampled_from(LANGS), min_size=1, max_size=2, unique=True))
        raw: dict[str, Any] = {
            "id": pid,
            "name": pid.title(),
            "headline": "A person in a random community",
            "location": {"country": country, "timezone": tz, **({"city": city} if city else {})},
            "languages": [{"code": c, "level": draw(st.sampled_from(LEVELS))} for c in langs],
            "sectors": draw(
                st.lists(st.sampled_from(["education", "law", "media"]), min_size=1, max_size=2, unique=True)
            ),
            "consent": {"public": True, "adult": True},
            "updated": "2026-10-01",
        }
        role = draw(st.sampled_from(["mentor", "mentee", "both"]))
        if role in ("mentor", "both"):
            raw["mentor"] = {
                "topics": draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True)),
                "capacity": draw(st.integers(1, 3)),
                "formats": draw(
                    st.lists(st.sampled_from(["video", "in-person", "chat"]), min_size=1, max_size=2, unique=True)
                ),
                "status": draw(st.sampled_from(["open", "open", "open", "full", "paused"])),
            }
        if role in ("mentee", "both"):
            raw["mentee"] = {
                "topics": draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=3, unique=True)),
                "formats": draw(
                    st.lists(st.sampled_from(["video", "in-person", "chat"]), min_size=1, max_size=2, unique=True)
                ),
                "reach": draw(st.sampled_from(["anywhere", "anywhere", "local"])),
                "status": draw(st.sampled_from(["looking", "looking", "looking", "paused"])),
            }
        others = [x for x in ids if x != pid]
        picked = draw(st.lists(st.sampled_from(others), max_size=3, unique=True)) if others else []
        split = draw(st.integers(0, len(picked)))
        if picked[:split]:
            raw["interested_in"] = picked[:split]
        if picked[split:]:
            raw["avoid"] = picked[split:]
        people.append(raw)
    return people


def load(community: list[dict[str, Any]], folder: Path) -> tuple[Profile, ...]:
    for raw in community:
        body = {k: v for k, v in raw.items() if k != "id"}
        (folder / f"{raw['id']}.yml").write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return load_profiles([folder])


def most_matchable(people: tuple[Profile, ...], policy: Policy) -> int:
    """The largest number of mentees any assignment could match (every eligible pair considered)."""
    from matcher.matching.features import offer_of, seeker_of

    seekers = [seeker_of(p, policy) for p in people if p.mentee]
    offers = [offer_of(p, policy) for p in people if p.mentor]
    slots = [j for j, o in enumerate(offers) for _ in range(o.capacity)]
    if not seekers or not slots:
        return 0
    ok = np.array([[is_eligible(s, offers[j], policy) for j in slots] for s in seekers], float)
    rows, cols = linear_sum_assignment(ok, maximize=True)
    return int(ok[rows, cols].sum())


@pytest.mark.parametrize("name", POLICIES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(communities(), st.randoms(use_true_random=False))
def test_every_match_keeps_the_rules(name: str, community: list[dict[str, Any]], rng: random.Random) -> None:
    policy = dataclasses.replace(POLICIES[name], candidates=2, few_options=1)  # a cut that bites
    with tempfile.TemporaryDirectory() as tmp:
        people = load(community, Path(tmp))
    by_id = {p.id: p for p in people}
    result = run_match(people, policy)
    text = matches_text(result)
    data = json.loads(text)
    from matcher.matching.features import offer_of, seeker_of

    def eligible(mentee: str, mentor: str) -> bool:
        return is_eligible(seeker_of(by_id[mentee], policy), offer_of(by_id[mentor], policy), policy)

    shown = [(p["mentee"], p["mentor"]) for p in data["pairs"]]
    shown += [(m, s["mentor"]) for m, items in data["suggestions"].items() for s in items]
    shown += [(s["mentee"], m) for m, items in data["mentor_suggestions"].items() for s in items]
    for mentee, mentor in shown:
        assert eligible(mentee, mentor), (mentee, mentor)
        assert mentor not in by_id[mentee].avoid and mentee not in by_id[mentor].avoid
    mentees = [p["mentee"] for p in data["pairs"]]
    assert len(mentees) == len(set(mentees))
    for mentor in {p["mentor"] for p in data["pairs"]}:
        mentor_block = by_id[mentor].mentor
        assert mentor_block is not None
        assert sum(p["mentor"] == mentor for p in data["pairs"]) <= mentor_block.capacity
    lists: dict[str, int] = {}
    for items in data["suggestions"].values():
        for s in items:
            lists[s["mentor"]] = lists.get(s["mentor"], 0) + 1
    for mentor, n in lists.items():
        block = by_id[mentor].mentor
        assert block is not None and n <= max(policy.lists_at_least, policy.lists_per_place * block.capacity)
    mentors = [p.id for p in people if p.mentor]
    for mentee, items in data["suggestions"].items():
        if any(eligible(mentee, m) for m in mentors if m != mentee):
            assert items, f"{mentee} has an eligible mentor but no suggestion"
    shuffled = list(people)
    rng.shuffle(shuffled)
    assert matches_text(run_match(tuple(shuffled), policy)) == text


@pytest.mark.parametrize("name", POLICIES)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(communities())
def test_as_many_mentees_as_possible_are_matched(name: str, community: list[dict[str, Any]]) -> None:
    """Over every eligible pair, even with a candidate cut of 2; and it says so."""
    with tempfile.TemporaryDirectory() as tmp:
        people = load(community, Path(tmp))
    base = dataclasses.replace(POLICIES[name], candidates=2, few_options=1)
    result = run_match(people, dataclasses.replace(base, honour_mutual_first=False))
    most = most_matchable(people, base)
    assert result.stats()["matched"] == most == result.stats()["coverage_bound"]
    assert run_match(people, base).stats()["matched"] == most
