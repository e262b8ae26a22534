"""What the browser's "find my mentor" reads: the policy and a compact list of mentors.

The weights and rules are not written again for the browser: ``data/policy.json`` is
:func:`matcher.matching.policy.policy_as_json` as it is, and each mentor in ``data/mentors.json``
is the matcher's own :class:`~matcher.matching.features.Offer` (``Offer.as_json``), so the
JavaScript in theme/static/js/scoring.js runs the same rules on the same values as
matcher/eligibility.py and matcher/scoring.py (tests/vectors/scoring.json proves it).
What a mentor keeps to themselves on the site is left out: their ``avoid`` list and their
own shortlist, which only matter between two profiles, never for an anonymous visitor.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from matcher.matching.features import offer_of, utc_offset
from matcher.matching.policy import Policy, load_policy, policy_as_json
from matcher.profile import schema
from matcher.profile.model import Profile
from matcher.site import i18n, incremental, urls
from matcher.site.community import Community
from matcher.site.incremental import ByIdentity
from matcher.site.pages import country_name, language_name, place_words, vocabulary

# Only the time zone areas people live in (no Etc/, no legacy aliases such as US/Eastern).
ZONE_AREAS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific")
PRIVATE_OFFER_FIELDS = ("shortlist", "avoid")


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    count: int = 0
    extra: str = ""


@dataclass(frozen=True, slots=True)
class TopicGroup:
    title: str
    topics: tuple[Choice, ...]


@dataclass(frozen=True)
class FindForm:
    """The boxes a visitor ticks on the find-my-mentor page, with the labels of the schema."""

    topics: tuple[Choice, ...]
    topic_groups: tuple[TopicGroup, ...]  # the topics some open mentor offers, under headings
    unoffered: tuple[Choice, ...]  # topics no open mentor offers: the page offers to ask for one
    languages: tuple[Choice, ...]
    levels: tuple[Choice, ...]
    default_level: str
    formats: tuple[Choice, ...]
    reaches: tuple[Choice, ...]
    countries: tuple[Choice, ...]
    timezones: tuple[Choice, ...]  # extra = UTC offset in minutes at the policy's reference instant
    sectors: tuple[Choice, ...]
    policy_version: str


# One encoder for every record (json.dumps with options makes a new one per call: 14,000 at 10,000 people).
_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _json(data: Any) -> str:
    return _ENCODE(data) + "\n"


@cache
def _policy() -> Policy:
    return load_policy()


def _dumps_offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@cache
def timezone_choices() -> tuple[Choice, ...]:
    instant = _policy().reference_instant
    zones = sorted(z for z in schema.timezones() if z.split("/", 1)[0] in ZONE_AREAS and "/" in z)
    with_offsets = [(utc_offset(z, instant), z) for z in [*zones, "UTC"]]
    with_offsets.sort()
    return tuple(
        Choice(zone, f"{_dumps_offset(off)} {zone.replace('_', ' ')}", extra=str(off)) for off, zone in with_offsets
    )


def _open_counts(community: Community) -> tuple[dict[str, int], dict[str, int]]:
    """How many mentors open to new mentees offer each topic and speak each language."""
    topic_counts: dict[str, int] = {}
    language_counts: dict[str, int] = {}
    for p in community.profiles:
        if not (p.mentor and p.mentor.accepting):
            continue
        for t in p.mentor.topics:
            topic_counts[t] = topic_counts.get(t, 0) + 1
        for code in p.language_codes:
            language_counts[code] = language_counts.get(code, 0) + 1
    return topic_counts, language_counts


def find_form_inputs(community: Community) -> list[Any]:
    """What :func:`find_form` is made of beyond the code, the language, the libraries and the settings (the
    site key): the policy (its reference instant places the time zones) and the open mentors' counts."""
    topic_counts, language_counts = _open_counts(community)
    return [repr(_policy()), sorted(topic_counts.items()), sorted(language_counts.items())]


def find_form(community: Community) -> FindForm:
    topic_counts, language_counts = _open_counts(community)
    # Every label in the page's language: the schema's through the catalog, countries and languages from CLDR.
    topics = tuple(Choice(v, label, topic_counts.get(v, 0)) for v, label in vocabulary("topic").items())
    languages = tuple(
        Choice(code, language_name(code), n)
        for code, n in sorted(language_counts.items(), key=lambda kv: (-kv[1], language_name(kv[0]).casefold()))
    )
    levels = vocabulary("language_level")
    policy = _policy()
    from matcher.site.joinform import topic_groups

    by_value = {t.value: t for t in topics}
    groups = tuple(
        TopicGroup(g["title"], tuple(by_value[t] for t in g["topics"] if by_value[t].count)) for g in topic_groups()
    )
    return FindForm(
        topics=topics,
        topic_groups=tuple(g for g in groups if g.topics),
        unoffered=tuple(t for t in topics if not t.count),
        languages=languages,
        levels=tuple(Choice(v, label) for v, label in levels.items()),
        default_level=policy.one_at_least,
        formats=tuple(Choice(v, label) for v, label in vocabulary("format").items()),
        reaches=tuple(Choice(v, label) for v, label in vocabulary("reach").items()),
        countries=tuple(
            sorted((Choice(c, country_name(c)) for c in schema.country_codes()), key=lambda c: c.label.casefold())
        ),
        timezones=timezone_choices(),
        sectors=tuple(Choice(v, label) for v, label in vocabulary("sector").items()),
        policy_version=policy.version,
    )


def mentors_json(community: Community) -> str:
    """Every published mentor as the matcher sees them, plus what a result card shows."""
    policy = _policy()
    mentors = sorted((p for p in community.profiles if p.mentor is not None), key=lambda p: p.id)
    language = i18n.current()
    records = _MENTOR_RECORDS.values(
        mentors,
        lambda p: _record_text(_mentor_record(p, policy, community.can_introduce(p))),
        key=lambda p: (language, policy, community.can_introduce(p)),
    )
    # What find.js shows, in the page's language (the build's).
    labels: dict[str, dict[str, str]] = {
        name: vocabulary(name) for name in ("topic", "format", "sector", "language_level")
    }
    languages = sorted({code for p in community.profiles for code in p.language_codes})
    labels["language"] = {code: language_name(code) for code in languages}
    labels["country"] = {code: country_name(code) for code in sorted(schema.country_codes())}
    # As _json({"labels": ..., "mentors": [...], "policy_version": ...}) writes it (keys in order).
    head = _record_text(labels)
    return f'{{"labels":{head},"mentors":[{",".join(records)}],"policy_version":{_record_text(policy.version)}}}\n'


def mentors_json_inputs(community: Community) -> list[Any]:
    """What :func:`mentors_json` is made of, beyond the code, the language and the settings (the site key):
    the policy, every published person's languages (named in its labels), and each mentor's profile
    (as its hash: every field) and whether they may be asked for an introduction."""
    mentors = sorted((p for p in community.profiles if p.mentor is not None), key=lambda p: p.id)
    return [
        repr(_policy()),
        sorted({code for p in community.profiles for code in p.language_codes}),
        # (each hash as kept: profile_hashes of the mentors alone would forget everyone else's)
        [(p.id, incremental.profile_hash(p), community.can_introduce(p)) for p in mentors],
    ]


def _mentor_record(profile: Profile, policy: Policy, introduce: bool) -> dict[str, Any]:
    offer = offer_of(profile, policy).as_json()
    for name in PRIVATE_OFFER_FIELDS:
        offer.pop(name, None)
    return {
        "offer": offer,
        "name": profile.name,
        "headline": profile.headline,
        "url": urls.person(profile.id),
        "place": place_words(profile.location.city, country_name(profile.location.country)),
        "timezone": profile.location.timezone,
        "introduce": introduce,
    }


def _record_text(data: Any) -> str:
    """One value as :func:`_json` writes it inside a document."""
    return _ENCODE(data)


# invoke live: a person's part of mentors.json and people.json, made again only for a changed profile.
_MENTOR_RECORDS = ByIdentity()
_PEOPLE_RECORDS = ByIdentity()


def policy_for_browser(policy: Policy | None = None) -> dict[str, Any]:
    """:func:`~matcher.matching.policy.policy_as_json`, plus the one rule it leaves out that the shared
    vectors exercise: whether a ``full`` mentor keeps last run's pair (``continuing``)."""
    p = policy or _policy()
    return {**policy_as_json(p), "assignment": {"full_keeps_previous": p.full_keeps_previous}}


def policy_json() -> str:
    return _json(policy_for_browser())


def vocabularies() -> dict[str, dict[str, str]]:
    """Every controlled vocabulary of the schema (value -> label, in the page's language), for pages like join.html."""
    names = [name for name, node in schema.profile_schema()["$defs"].items() if "x-labels" in node]
    return {name: vocabulary(name) for name in names}


def people_json_inputs(community: Community) -> list[tuple[str, str, bool, bool]]:
    """What :func:`people_json` is made of: each person's id, name and roles."""
    people = sorted(community.profiles, key=lambda p: p.id)
    return [(p.id, p.name, p.mentor is not None, p.mentee is not None) for p in people]


def people_json(community: Community) -> str:
    """Everyone's id and name (and Latin reading): the join page shows names, the profile keeps ids."""
    from matcher.site.pages import latin_reading

    def record(p: Profile) -> str:
        reading = latin_reading(p.name)
        data = {"id": p.id, "name": p.name, **({"reading": reading} if reading else {})}
        return _record_text({**data, "mentor": p.mentor is not None, "mentee": p.mentee is not None})

    people = sorted(community.profiles, key=lambda p: p.id)
    return f'{{"people":[{",".join(_PEOPLE_RECORDS.values(people, record))}]}}\n'


def join_form_json() -> str:
    """The join page's questions (:func:`matcher.site.joinform.join_spec`), from the schema at this build."""
    from matcher.site import joinform

    return _json(joinform.join_spec())


def join_places_json() -> str:
    """Countries, languages and time zones by name, for the join page (:func:`matcher.site.joinform.lists`)."""
    from matcher.site import joinform

    return _json(joinform.lists())
