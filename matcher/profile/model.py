"""The typed, validated profile: the only form of a profile that code downstream of the loader sees.

:func:`Profile.from_raw` is the one constructor between a schema-valid mapping and a
``Profile``; it never fills a gap with a made-up value (defaults here are the ones the
schema documents, e.g. a mentee's ``reach`` is ``anywhere`` unless they say otherwise).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

# The schema's vocabularies as types (tests/test_schema.py checks each against its enum).
LanguageLevel = Literal["native", "fluent", "conversational"]
MentorStatus = Literal["open", "full", "paused"]
MenteeStatus = Literal["looking", "paused"]
Relation = Literal["was-my-mentor", "was-my-mentee", "peer"]
Reach = Literal["local", "anywhere"]
CareerStage = Literal["student", "early-career", "mid-career", "senior", "retired"]
ContactMethod = Literal["github", "email", "scheduling", "linkedin", "website"]
Format = Literal["video", "in-person", "chat", "email"]

# The default of community.toml's [profiles] stale_after_days: the one place the number is written.
STALE_AFTER_DAYS = 365


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    level: LanguageLevel


# What "surrounding whitespace" of a city is, one explicit set for Python and the browser
# (theme/static/js/scoring.js): Python's str.isspace() characters and JavaScript's trim()
# characters together (they differ on U+001C-001F, U+0085 and U+FEFF).
CITY_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)


def normal_city(city: str | None) -> str | None:
    """A city as it is stored and compared: NFC, without surrounding whitespace; None when empty.

    Done once, here, so the matcher, the site and the browser all see the same text."""
    if city is None:
        return None
    text = unicodedata.normalize("NFC", city).strip(CITY_SPACES)
    return text or None


@dataclass(frozen=True, slots=True)
class Location:
    country: str
    timezone: str
    city: str | None = None


@dataclass(frozen=True, slots=True)
class MentorOffer:
    topics: tuple[str, ...]
    capacity: int
    formats: tuple[Format, ...]
    status: MentorStatus
    offer: str | None = None

    @property
    def accepting(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True, slots=True)
class MenteeWish:
    topics: tuple[str, ...]
    formats: tuple[Format, ...]
    goals: str | None = None
    target_sectors: tuple[str, ...] = ()
    reach: Reach = "anywhere"
    status: MenteeStatus = "looking"

    @property
    def looking(self) -> bool:
        return self.status == "looking"


@dataclass(frozen=True, slots=True)
class Endorsement:
    id: str
    relation: Relation
    year: int
    text: str


@dataclass(frozen=True, slots=True)
class Links:
    website: str | None = None
    linkedin: str | None = None
    mastodon: str | None = None
    scheduling: str | None = None

    def items(self) -> tuple[tuple[str, str], ...]:
        """The links that are set, as (kind, url), in a fixed order."""
        pairs = (
            ("website", self.website),
            ("linkedin", self.linkedin),
            ("mastodon", self.mastodon),
            ("scheduling", self.scheduling),
        )
        return tuple((k, v) for k, v in pairs if v)


@dataclass(frozen=True, slots=True)
class Contact:
    preferred: ContactMethod
    email: str | None = None
    notify: bool = False  # mention their GitHub login when someone asks them for an introduction


@dataclass(frozen=True, slots=True)
class Profile:
    """One person, as validated. ``id`` is the file stem; ``source`` the file it came from."""

    id: str
    name: str
    headline: str
    location: Location
    languages: tuple[Language, ...]
    sectors: tuple[str, ...]
    updated: dt.date
    source: str = ""
    github: str | None = None
    pronouns: str | None = None
    bio: str | None = None
    writing_language: str | None = None  # the language of their own words (headline, bio, offer, goals, endorsements)
    career_stage: CareerStage | None = None
    mentor: MentorOffer | None = None
    mentee: MenteeWish | None = None
    interested_in: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    endorsements: tuple[Endorsement, ...] = ()
    endorsements_accepted: tuple[str, ...] = ()  # whose endorsements of this person may be shown
    links: Links = Links()
    contact: Contact | None = None
    # The codes of ``languages``, in order: made once (every suggestion a page shows compares two people's).
    language_codes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "language_codes", tuple(lang.code for lang in self.languages))

    @property
    def is_mentor(self) -> bool:
        return self.mentor is not None

    @property
    def is_mentee(self) -> bool:
        return self.mentee is not None

    def level_of(self, code: str) -> str | None:
        for lang in self.languages:
            if lang.code == code:
                return lang.level
        return None

    def is_stale(self, today: dt.date, after_days: int = STALE_AFTER_DAYS) -> bool:
        """True when the profile has gone more than ``after_days`` (the community's setting) without an update."""
        return (today - self.updated).days > after_days

    @classmethod
    def from_raw(cls, profile_id: str, raw: Mapping[str, Any], source: str = "") -> Profile:
        """Build a Profile from a mapping that has already passed schema validation."""
        loc = raw["location"]
        mentor = raw.get("mentor")
        mentee = raw.get("mentee")
        links = raw.get("links") or {}
        contact = raw.get("contact")
        updated = raw["updated"]
        if isinstance(updated, str):
            updated = dt.date.fromisoformat(updated)
        return cls(
            id=profile_id,
            source=source,
            name=raw["name"],
            headline=raw["headline"],
            location=Location(country=loc["country"], timezone=loc["timezone"], city=normal_city(loc.get("city"))),
            languages=tuple(Language(code=x["code"], level=x["level"]) for x in raw["languages"]),
            sectors=tuple(raw["sectors"]),
            updated=updated,
            github=raw.get("github"),
            pronouns=raw.get("pronouns"),
            bio=raw.get("bio"),
            writing_language=raw.get("writing_language"),
            career_stage=raw.get("career_stage"),
            mentor=MentorOffer(
                topics=tuple(mentor["topics"]),
                capacity=mentor["capacity"],
                formats=tuple(mentor["formats"]),
                status=mentor["status"],
                offer=mentor.get("offer"),
            )
            if mentor
            else None,
            mentee=MenteeWish(
                topics=tuple(mentee["topics"]),
                formats=tuple(mentee["formats"]),
                goals=mentee.get("goals"),
                target_sectors=tuple(mentee.get("target_sectors", ())),
                reach=mentee.get("reach", "anywhere"),
                status=mentee.get("status", "looking"),
            )
            if mentee
            else None,
            interested_in=tuple(raw.get("interested_in", ())),
            avoid=tuple(raw.get("avoid", ())),
            endorsements=tuple(
                Endorsement(id=e["id"], relation=e["relation"], year=e["year"], text=e["text"])
                for e in raw.get("endorsements", ())
            ),
            endorsements_accepted=tuple(raw.get("endorsements_accepted", ())),
            links=Links(**links),
            contact=Contact(contact["preferred"], contact.get("email"), bool(contact.get("notify", False)))
            if contact
            else None,
        )
