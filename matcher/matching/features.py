"""What matching looks at, and nothing else: a mentee's :class:`Seeker` and a mentor's :class:`Offer`.

These small views are the input of the per-pair rules (:mod:`matcher.matching.eligibility`) and
score (:mod:`matcher.matching.scoring`). They hold plain values only (strings, tuples, one integer
UTC offset) so the in-browser "find my mentor" can build the same objects from a visitor's
ticked boxes and run the same rules in JavaScript; ``as_json``/``from_json`` give the exact
shape used in ``tests/vectors/scoring.json``.

Time zones: a person's ``utc_offset`` is the offset of their IANA time zone, in minutes east
of UTC, at the policy's fixed ``reference_instant`` (so daylight saving never changes a
result, and the browser can compute the same number with ``Intl`` at the same instant).
Cities are compared by :func:`city_key` (NFC, trimmed of one explicit set of spaces, lower case).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from matcher.matching.policy import Policy
from matcher.profile import zones
from matcher.profile.model import Profile, normal_city


@dataclass(frozen=True, slots=True)
class Seeker:
    """What a mentee looks for. ``id`` is empty for an anonymous visitor of the site."""

    topics: tuple[str, ...]
    languages: tuple[tuple[str, str], ...]  # (ISO 639 code, level)
    formats: tuple[str, ...]
    country: str
    utc_offset: int  # minutes east of UTC at the policy's reference instant
    city: str | None = None
    reach: str = "anywhere"  # local | anywhere
    target_sectors: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    shortlist: tuple[str, ...] = ()  # interested_in
    avoid: tuple[str, ...] = ()
    looking: bool = True
    id: str = ""

    def as_json(self) -> dict[str, Any]:
        return _as_json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Seeker:
        return cls(**_from_json(data))


@dataclass(frozen=True, slots=True)
class Offer:
    """What a mentor offers."""

    topics: tuple[str, ...]
    languages: tuple[tuple[str, str], ...]
    formats: tuple[str, ...]
    country: str
    utc_offset: int
    capacity: int
    status: str = "open"  # open | full | paused
    city: str | None = None
    sectors: tuple[str, ...] = ()
    shortlist: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    id: str = ""

    def as_json(self) -> dict[str, Any]:
        return _as_json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Offer:
        return cls(**_from_json(data))


def _as_json(view: Seeker | Offer) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in fields(view):
        name = field.name
        value = getattr(view, name)
        if name == "languages":
            value = [{"code": code, "level": level} for code, level in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def _from_json(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name == "languages":
            value = tuple((item["code"], item["level"]) for item in value)
        elif isinstance(value, list):
            value = tuple(value)
        out[name] = value
    return out


def city_key(city: str | None) -> str | None:
    """How cities are compared: :func:`~matcher.profile.model.normal_city` (NFC, surrounding whitespace of
    :data:`~matcher.profile.model.CITY_SPACES` removed), then lower case; ``None`` when not given."""
    normal = normal_city(city)
    return normal.lower() if normal else None


@cache
def utc_offset(timezone: str, instant: dt.datetime) -> int:
    """Minutes east of UTC of ``timezone`` at ``instant`` (an aware UTC datetime)."""
    offset = instant.astimezone(zones.zone(timezone)).utcoffset()
    assert offset is not None
    return int(offset.total_seconds() // 60)


def seeker_of(profile: Profile, policy: Policy) -> Seeker:
    """The mentee side of a profile; raises ValueError if the profile has no mentee block."""
    wish = profile.mentee
    if wish is None:
        raise ValueError(f"{profile.id} is not a mentee (the profile has no 'mentee' block)")
    return Seeker(
        id=profile.id,
        topics=wish.topics,
        languages=tuple((lang.code, lang.level) for lang in profile.languages),
        formats=wish.formats,
        country=profile.location.country,
        city=profile.location.city,
        utc_offset=utc_offset(profile.location.timezone, policy.reference_instant),
        reach=wish.reach,
        target_sectors=wish.target_sectors,
        sectors=profile.sectors,
        shortlist=profile.interested_in,
        avoid=profile.avoid,
        looking=wish.looking,
    )


def offer_of(profile: Profile, policy: Policy) -> Offer:
    """The mentor side of a profile; raises ValueError if the profile has no mentor block."""
    offer = profile.mentor
    if offer is None:
        raise ValueError(f"{profile.id} is not a mentor (the profile has no 'mentor' block)")
    return Offer(
        id=profile.id,
        topics=offer.topics,
        languages=tuple((lang.code, lang.level) for lang in profile.languages),
        formats=offer.formats,
        country=profile.location.country,
        city=profile.location.city,
        utc_offset=utc_offset(profile.location.timezone, policy.reference_instant),
        capacity=offer.capacity,
        status=offer.status,
        sectors=profile.sectors,
        shortlist=profile.interested_in,
        avoid=profile.avoid,
    )
