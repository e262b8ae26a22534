"""Shared test vectors for the per-pair rules and score: ``tests/vectors/scoring.json``.

The Python reference (:func:`~matcher.matching.eligibility.check_pair`, :func:`~matcher.matching.scoring.score_pair`)
writes the expected answers; the browser's JavaScript is tested against the same file, so
both implement one definition. Regenerate with ``python -m matcher vectors`` after a change of
policy or rules, and review the diff. The same cases are written for each policy variant of
:data:`VARIANTS` beside the file (``scoring-<variant>.json``), so the port is checked under
every rule a policy can switch.

File shape::

    {"format": 1, "policy": <policy_as_json()>,
     "cases": [{"name": "...", "seeker": <Seeker.as_json()>, "offer": <Offer.as_json()>,
                "continuing": false,
                "eligibility": {"different-people": true, ...}, "eligible": true,
                "points_h": {"topics": 2333, ...}, "total_h": 5333,
                "details": {"topics": "offers 2 of the 3 topics sought: ...", ...}}]}

``points_h`` and ``total_h`` are in hundredths of a point and must match exactly;
``details`` are the Python wording, for reading (a port may word them differently).
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

from matcher.matching.eligibility import check_pair
from matcher.matching.features import Offer, Seeker, utc_offset
from matcher.matching.policy import Policy, load_policy, policy_as_json
from matcher.matching.scoring import score_pair
from matcher.profile import schema

VECTORS_FILE = Path("tests/vectors/scoring.json")
FORMAT = 1
RANDOM_CASES = 200
SEED = 20260115

# Zones chosen for their offsets at the reference instant: half and quarter hours, both sides
# of the date line, southern-hemisphere summer time.
ZONES = (
    "Europe/Chisinau",
    "Europe/Berlin",
    "Africa/Accra",
    "Africa/Johannesburg",
    "America/Mexico_City",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Sydney",
    "Pacific/Auckland",
    "Pacific/Honolulu",
    "Pacific/Kiritimati",
    "America/St_Johns",
    "UTC",
)
PLACES = (
    ("MD", "Chișinău"),
    ("MD", "Bălți"),
    ("DE", "Hamburg"),
    ("DE", "Berlin"),
    ("GH", "Accra"),
    ("ZA", "Cape Town"),
    ("MX", None),
    ("IN", "Pune"),
    ("AU", "Sydney"),
)
LANGS = ("ro", "en", "de", "fr")


def _base(policy: Policy) -> tuple[Seeker, Offer]:
    off = utc_offset("Europe/Chisinau", policy.reference_instant)
    seeker = Seeker(
        id="mentee-a",
        topics=("eu-affairs", "policy-advocacy", "diplomacy"),
        languages=(("ro", "native"), ("en", "fluent")),
        formats=("video", "chat"),
        country="MD",
        city="Chișinău",
        utc_offset=off,
        target_sectors=("politics",),
        sectors=("civil-society",),
    )
    offer = Offer(
        id="mentor-b",
        topics=("eu-affairs", "policy-advocacy", "campaigning"),
        languages=(("ro", "fluent"), ("fr", "native")),
        formats=("video", "in-person"),
        country="MD",
        city="Chișinău",
        utc_offset=off,
        capacity=2,
        sectors=("politics", "civil-society"),
    )
    return seeker, offer


def _handmade(policy: Policy) -> list[tuple[str, Seeker, Offer, bool]]:
    s, o = _base(policy)
    at = policy.reference_instant
    return [
        ("baseline: eligible, 2 of 3 topics, Romanian", s, o, False),
        ("same person", replace(s, id="same"), replace(o, id="same"), False),
        ("mentee paused", replace(s, looking=False), o, False),
        ("mentor full", s, replace(o, status="full"), False),
        ("mentor full keeps last run's pair", s, replace(o, status="full"), True),
        ("mentor paused, even for last run's pair", s, replace(o, status="paused"), True),
        ("no topic in common", s, replace(o, topics=("fundraising",)), False),
        ("all topics offered", s, replace(o, topics=("diplomacy", "policy-advocacy", "eu-affairs")), False),
        ("no language in common", s, replace(o, languages=(("de", "native"),)), False),
        (
            "both conversational: not a working language",
            replace(s, languages=(("en", "conversational"),)),
            replace(o, languages=(("en", "conversational"),)),
            False,
        ),
        (
            "conversational mentee, native mentor",
            replace(s, languages=(("en", "conversational"),)),
            replace(o, languages=(("en", "native"),)),
            False,
        ),
        (
            "native mentee, conversational mentor",
            replace(s, languages=(("en", "native"),)),
            replace(o, languages=(("en", "conversational"),)),
            False,
        ),
        (
            "best of two working languages is chosen",
            replace(s, languages=(("en", "fluent"), ("ro", "native"))),
            replace(o, languages=(("en", "fluent"), ("ro", "native"))),
            False,
        ),
        ("no format in common", replace(s, formats=("email",)), o, False),
        ("in-person only, same country", replace(s, formats=("in-person",), city="Bălți"), o, False),
        ("in-person only, other country", replace(s, formats=("in-person",), country="RO", city="Iași"), o, False),
        ("in-person and video, other country", replace(s, formats=("in-person", "video"), country="RO"), o, False),
        (
            "local mentee, same city, city compared ignoring case",
            replace(s, reach="local", city="  chișinău "),
            o,
            False,
        ),
        ("local mentee, same country, no city given", replace(s, reach="local", city=None), o, False),
        # cities are compared after NFC and trimming one explicit set of spaces (matcher.profile.model.CITY_SPACES),
        # which covers both Python's strip() and JavaScript's trim(): they disagree on these
        ("local mentee, city with trailing BOM", replace(s, reach="local", city="Chișinău\ufeff"), o, False),
        ("local mentee, city with trailing NEL", replace(s, reach="local", city="Chișinău\u0085"), o, False),
        ("local mentee, city with a unit separator", replace(s, reach="local", city="\u001fChișinău"), o, False),
        ("local mentee, city with no-break spaces", replace(s, reach="local", city="\u00a0Chișinău\u3000"), o, False),
        (
            "local mentee, city decomposed (NFD) against composed",
            replace(s, reach="local", city="Chis\u0326ina\u0306u"),
            o,
            False,
        ),
        (
            "in person only, city decomposed, mentor's city with spaces",
            replace(s, formats=("in-person",), city="Chis\u0326ina\u0306u"),
            replace(o, city=" Chișinău\t"),
            False,
        ),
        (
            "in person or chat, other country: only chat is a way to meet",
            replace(s, formats=("in-person", "chat"), country="KE", city="Nairobi"),
            replace(o, formats=("in-person", "chat")),
            False,
        ),
        (
            "in person or video, same country: both ways",
            replace(s, formats=("in-person", "video"), city="Bălți"),
            o,
            False,
        ),
        ("local mentee, other country", replace(s, reach="local"), replace(o, country="RO", city="Iași"), False),
        ("mentee avoids mentor", replace(s, avoid=("mentor-b",)), o, False),
        ("mentor avoids mentee", s, replace(o, avoid=("mentee-a",)), False),
        ("mentee shortlisted mentor", replace(s, shortlist=("mentor-b",)), o, False),
        ("mentor shortlisted mentee", s, replace(o, shortlist=("mentee-a",)), False),
        ("mutual interest", replace(s, shortlist=("mentor-b",)), replace(o, shortlist=("mentee-a",)), False),
        ("anonymous visitor: no interest, no avoid", replace(s, id=""), o, False),
        ("shared current sector only", replace(s, target_sectors=()), o, False),
        ("target sector not offered, current shared", replace(s, target_sectors=("law",)), o, False),
        ("no sector in common", replace(s, target_sectors=("law",), sectors=("media",)), o, False),
        ("India (+05:30) and Moldova", replace(s, utc_offset=utc_offset("Asia/Kolkata", at)), o, False),
        (
            "Nepal (+05:45) and Mexico City",
            replace(s, utc_offset=utc_offset("Asia/Kathmandu", at)),
            replace(o, utc_offset=utc_offset("America/Mexico_City", at)),
            False,
        ),
        (
            "across the date line: Auckland and Honolulu",
            replace(s, utc_offset=utc_offset("Pacific/Auckland", at)),
            replace(o, utc_offset=utc_offset("Pacific/Honolulu", at)),
            False,
        ),
        ("12 hours apart: no shared hours", replace(s, utc_offset=0), replace(o, utc_offset=720), False),
        (
            "Kiritimati (+14) and Sydney (+11 in January)",
            replace(s, utc_offset=utc_offset("Pacific/Kiritimati", at)),
            replace(o, utc_offset=utc_offset("Australia/Sydney", at)),
            False,
        ),
    ]


def _random_case(rng: random.Random, policy: Policy, index: int) -> tuple[str, Seeker, Offer, bool]:
    topics = list(schema.vocabulary("topic"))[:8]  # a few topics, so overlaps are common
    sectors = list(schema.vocabulary("sector"))[:6]
    formats = list(schema.vocabulary("format"))
    levels = list(policy.levels)

    def langs() -> tuple[tuple[str, str], ...]:
        return tuple((code, rng.choice(levels)) for code in rng.sample(LANGS, rng.randint(1, 3)))

    def place() -> tuple[str, str | None, int]:
        country, city = rng.choice(PLACES)
        return country, city, utc_offset(rng.choice(ZONES), policy.reference_instant)

    s_country, s_city, s_off = place()
    o_country, o_city, o_off = place()
    seeker = Seeker(
        id=f"mentee-{index}",
        topics=tuple(rng.sample(topics, rng.randint(1, 4))),
        languages=langs(),
        formats=tuple(rng.sample(formats, rng.randint(2, 4))),
        country=s_country,
        city=s_city,
        utc_offset=s_off,
        reach=rng.choice(("anywhere", "anywhere", "local")),
        target_sectors=tuple(rng.sample(sectors, rng.randint(0, 2))),
        sectors=tuple(rng.sample(sectors, rng.randint(1, 2))),
        shortlist=(f"mentor-{index}",) if rng.random() < 0.3 else (),
        avoid=(f"mentor-{index}",) if rng.random() < 0.05 else (),
        looking=rng.random() < 0.95,
    )
    offer = Offer(
        id=f"mentor-{index}",
        topics=tuple(rng.sample(topics, rng.randint(1, 5))),
        languages=langs(),
        formats=tuple(rng.sample(formats, rng.randint(1, 3))),
        country=o_country,
        city=o_city,
        utc_offset=o_off,
        capacity=rng.randint(1, 5),
        status=rng.choice(("open",) * 8 + ("full", "paused")),
        sectors=tuple(rng.sample(sectors, rng.randint(1, 2))),
        shortlist=(f"mentee-{index}",) if rng.random() < 0.3 else (),
    )
    return f"random {index}", seeker, offer, rng.random() < 0.1


def vector_case(name: str, seeker: Seeker, offer: Offer, continuing: bool, policy: Policy) -> dict[str, Any]:
    """One case: the inputs and the reference answers."""
    # Long on purpose: a table of cases, one per rule, component and edge, read top to bottom.
    rules = check_pair(seeker, offer, policy, continuing=continuing)
    score = score_pair(seeker, offer, policy)
    return {
        "name": name,
        "seeker": seeker.as_json(),
        "offer": offer.as_json(),
        "continuing": continuing,
        "eligibility": {r.rule: r.passed for r in rules},
        "eligible": all(r.passed for r in rules),
        "points_h": {c.criterion: c.points_h for c in score.components},
        "total_h": score.total_h,
        "details": {**{r.rule: r.detail for r in rules}, **{c.criterion: c.detail for c in score.components}},
    }


def build_vectors(policy: Policy | None = None) -> dict[str, Any]:
    """All cases: hand-made ones for every rule and component, then seeded random ones."""
    policy = policy or load_policy()
    rng = random.Random(SEED)  # noqa: S311 - reproducible test cases, not security
    cases = _handmade(policy) + [_random_case(rng, policy, i) for i in range(RANDOM_CASES)]
    return {
        "format": FORMAT,
        "policy": policy_as_json(policy),
        "cases": [vector_case(name, s, o, c, policy) for name, s, o, c in cases],
    }


# Policies the vectors are also written for, beside the file of the policy itself: every rule
# that a policy switches must be exercised by the browser's port too.
VARIANTS: dict[str, dict[str, Any]] = {
    "city-and-local-bonus": {"in_person_needs": "city", "local_is_a_rule": False},
    "full-releases": {"full_keeps_previous": False},
}


def variant(policy: Policy, name: str) -> Policy:
    """``policy`` with the changes of :data:`VARIANTS` ``[name]``, its version marked with the name."""
    return replace(policy, version=f"{policy.version}+{name}", **VARIANTS[name])


def variant_path(path: Path, name: str) -> Path:
    return path.with_name(f"{path.stem}-{name}{path.suffix}")


def vectors_text(policy: Policy | None = None) -> str:
    return json.dumps(build_vectors(policy), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_vectors(path: Path = VECTORS_FILE, policy: Policy | None = None) -> Path:
    """Write the vectors of ``policy`` to ``path`` and those of each of its :data:`VARIANTS` beside it."""
    policy = policy or load_policy()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(vectors_text(policy), encoding="utf-8")
    for name in VARIANTS:
        variant_path(path, name).write_text(vectors_text(variant(policy, name)), encoding="utf-8")
    return path
