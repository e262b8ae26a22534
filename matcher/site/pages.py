"""What a profile page shows, computed once in Python; the template only lays it out.

:func:`person_page` turns a validated :class:`~matcher.model.Profile` (plus what others
wrote about them and the matcher's suggestions) into a :class:`PersonPage`: labels
instead of codes, sanitised HTML for the Markdown fields, facet links, a contact line
that shows only what the person published.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from markupsafe import Markup

from matcher import schema
from matcher.model import STALE_AFTER_DAYS, Endorsement, Profile
from matcher.policy import load_policy
from matcher.settings import mailto
from matcher.site import urls
from matcher.site.render import markdown_to_safe_html

# pycountry lookups are slow and the same few dozen codes come up 10,000 times; the
# vocabularies are read-only here, so one copy each is enough.
language_name = cache(schema.language_name)
country_name = cache(schema.country_name)
vocabulary = cache(schema.vocabulary)

# The most points a pair can score: the sum of the policy's weights.
MAX_POINTS = load_policy().max_score_h / 100

LINK_LABELS = {"website": "Website", "linkedin": "LinkedIn", "mastodon": "Mastodon", "scheduling": "Book a call"}

# An endorsement is written by its author about the person whose page shows it; the
# relation is said from the author's side ("was my mentor"), so on the page it names the
# author's role towards that person.
AUTHOR_ROLE = {"was-my-mentor": "their mentee", "was-my-mentee": "their mentor", "peer": "peer mentoring"}


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class MentorView:
    topics: tuple[Link, ...]
    formats: tuple[str, ...]
    capacity: int
    status: str
    status_label: str
    offer: Markup


@dataclass(frozen=True, slots=True)
class MenteeView:
    topics: tuple[Link, ...]
    formats: tuple[str, ...]
    goals: Markup
    target_sectors: tuple[str, ...]
    reach: str
    status: str
    status_label: str


@dataclass(frozen=True, slots=True)
class EndorsementView:
    author: Link
    line: str  # e.g. "their mentor, 2025"
    text: str


@dataclass(frozen=True, slots=True)
class ContactView:
    """How to get in touch: the person's own choice first, then anything else they published."""

    how: str
    primary: Link | None
    others: tuple[Link, ...]
    email: str | None  # shown as text too, so it can be copied


@dataclass(frozen=True, slots=True)
class Reason:
    label: str
    points: float
    detail: str


@dataclass(frozen=True, slots=True)
class SuggestionView:
    person: Link
    headline: str
    score: float
    reasons: tuple[Reason, ...]
    assigned: bool = False  # the matcher proposes this pair in its latest run

    @property
    def score_text(self) -> str:
        return f"{self.score:g} points of {MAX_POINTS:g}"


@dataclass(frozen=True, slots=True)
class PersonPage:
    id: str
    url: str
    save_as: str
    name: str
    pronouns: str | None
    headline: str
    bio: Markup
    career_stage: str | None
    city: str | None
    country: Link
    timezone: str
    utc_offset: str
    languages: tuple[tuple[Link, str], ...]
    sectors: tuple[str, ...]
    mentor: MentorView | None
    mentee: MenteeView | None
    links: tuple[Link, ...]
    contact: ContactView
    endorsements: tuple[EndorsementView, ...]
    mentors_for_them: tuple[SuggestionView, ...]
    mentees_for_them: tuple[SuggestionView, ...]
    updated: str
    stale: bool


@dataclass(frozen=True, slots=True)
class Card:
    """A person as listed in the directory and on facet pages."""

    id: str
    url: str
    name: str
    headline: str
    roles: tuple[str, ...]
    badges: tuple[tuple[str, str], ...]  # (css modifier, label)
    topics: tuple[str, ...]
    more_topics: int
    languages: tuple[str, ...]
    place: str


def sort_key(name: str, profile_id: str) -> str:
    """Alphabetical by name, accents folded, ties broken by id: the same order everywhere."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    return f"{folded}\t{profile_id}"


@cache
def utc_offset(timezone: str, on: dt.date) -> str:
    """The zone's offset from UTC on the reference date, e.g. ``UTC+02:00`` (not today's: deterministic)."""
    moment = dt.datetime(on.year, on.month, on.day, 12, tzinfo=zoneinfo.ZoneInfo(timezone))
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _topic_links(topics: Sequence[str]) -> tuple[Link, ...]:
    labels = vocabulary("topic")
    return tuple(Link(labels[t], urls.facet("topic", t)) for t in topics)


def _labels(name: str, values: Sequence[str]) -> tuple[str, ...]:
    labels = vocabulary(name)
    return tuple(labels[v] for v in values)


def contact_of(profile: Profile) -> ContactView:
    """Only what the person published: an e-mail only if they put one under contact.email."""
    links = dict(profile.links.items())
    email = profile.contact.email if profile.contact else None
    published: dict[str, Link] = {}
    if email:
        published["email"] = Link("Send an e-mail", mailto(email))  # encoded: nothing after the address
    if "scheduling" in links:
        published["scheduling"] = Link("Book a first call", links["scheduling"])
    if "linkedin" in links:
        published["linkedin"] = Link("Message on LinkedIn", links["linkedin"])
    if "website" in links:
        published["website"] = Link("Through their website", links["website"])

    preferred = profile.contact.preferred if profile.contact else "github"
    primary = published.get(preferred)
    if primary is None:
        how = (
            "Through the program: ask the maintainers for an introduction "
            "(open an issue in the repository, or follow the proposal you receive)."
        )
        others = tuple(published.values())
    else:
        how = f"Their preferred way: {vocabulary('contact_method')[preferred]}."
        others = tuple(link for key, link in published.items() if key != preferred)
    return ContactView(how=how, primary=primary, others=others, email=email)


def endorsement_views(written_about: Sequence[tuple[Profile, Endorsement]]) -> tuple[EndorsementView, ...]:
    """Endorsements others wrote about one person: newest first, then by author."""
    ordered = sorted(written_about, key=lambda pe: (-pe[1].year, pe[0].id))
    return tuple(
        EndorsementView(
            author=Link(author.name, urls.person(author.id)),
            line=f"{AUTHOR_ROLE[e.relation]}, {e.year}",
            text=e.text,
        )
        for author, e in ordered
    )


def person_page(
    profile: Profile,
    *,
    reference: dt.date,
    stale_after_days: int = STALE_AFTER_DAYS,
    endorsed_by: Sequence[tuple[Profile, Endorsement]] = (),
    mentors_for_them: Sequence[SuggestionView] = (),
    mentees_for_them: Sequence[SuggestionView] = (),
) -> PersonPage:
    """Everything a profile page shows, from one validated profile."""
    mentor = profile.mentor
    mentee = profile.mentee
    url = urls.person(profile.id)
    return PersonPage(
        id=profile.id,
        url=url,
        save_as=url,
        name=profile.name,
        pronouns=profile.pronouns,
        headline=profile.headline,
        bio=markdown_to_safe_html(profile.bio),
        career_stage=vocabulary("career_stage")[profile.career_stage] if profile.career_stage else None,
        city=profile.location.city,
        country=Link(country_name(profile.location.country), urls.facet("country", profile.location.country.lower())),
        timezone=profile.location.timezone,
        utc_offset=utc_offset(profile.location.timezone, reference),
        languages=tuple(
            (
                Link(language_name(lang.code), urls.facet("language", lang.code)),
                vocabulary("language_level")[lang.level],
            )
            for lang in profile.languages
        ),
        sectors=_labels("sector", profile.sectors),
        mentor=MentorView(
            topics=_topic_links(mentor.topics),
            formats=_labels("format", mentor.formats),
            capacity=mentor.capacity,
            status=mentor.status,
            status_label=vocabulary("mentor_status")[mentor.status],
            offer=markdown_to_safe_html(mentor.offer),
        )
        if mentor
        else None,
        mentee=MenteeView(
            topics=_topic_links(mentee.topics),
            formats=_labels("format", mentee.formats),
            goals=markdown_to_safe_html(mentee.goals),
            target_sectors=_labels("sector", mentee.target_sectors),
            reach=vocabulary("reach")[mentee.reach],
            status=mentee.status,
            status_label=vocabulary("mentee_status")[mentee.status],
        )
        if mentee
        else None,
        links=tuple(Link(LINK_LABELS[kind], href) for kind, href in profile.links.items()),
        contact=contact_of(profile),
        endorsements=endorsement_views(endorsed_by),
        mentors_for_them=tuple(mentors_for_them),
        mentees_for_them=tuple(mentees_for_them),
        updated=profile.updated.isoformat(),
        stale=profile.is_stale(reference, stale_after_days),
    )


CARD_TOPICS = 4
MENTOR_BADGES = {"open": "Mentor, open", "full": "Mentor, full", "paused": "Mentor, paused"}
MENTEE_BADGES = {"looking": "Mentee, looking", "paused": "Mentee, paused"}


def badges_of(profile: Profile) -> tuple[tuple[str, str], ...]:
    """(css modifier, short label) for each role: 'Mentor, open', 'Mentee, looking'."""
    badges: list[tuple[str, str]] = []
    if profile.mentor:
        badges.append((f"mentor-{profile.mentor.status}", MENTOR_BADGES[profile.mentor.status]))
    if profile.mentee:
        badges.append((f"mentee-{profile.mentee.status}", MENTEE_BADGES[profile.mentee.status]))
    return tuple(badges)


def card(profile: Profile) -> Card:
    """The short form of a person, for listings."""
    topics = list(
        dict.fromkeys(
            [*(profile.mentor.topics if profile.mentor else ()), *(profile.mentee.topics if profile.mentee else ())]
        )
    )
    labels = vocabulary("topic")
    place = country_name(profile.location.country)
    if profile.location.city:
        place = f"{profile.location.city}, {place}"
    return Card(
        id=profile.id,
        url=urls.person(profile.id),
        name=profile.name,
        headline=profile.headline,
        roles=tuple(r for r, has in (("Mentor", profile.mentor), ("Mentee", profile.mentee)) if has),
        badges=badges_of(profile),
        topics=tuple(labels[t] for t in topics[:CARD_TOPICS]),
        more_topics=max(0, len(topics) - CARD_TOPICS),
        languages=tuple(language_name(code) for code in profile.language_codes),
        place=place,
    )


def endorsements_by_subject(profiles: Sequence[Profile]) -> Mapping[str, list[tuple[Profile, Endorsement]]]:
    """Subject id -> (author, endorsement) pairs, for the profiles being published only.

    Only what the subject accepted: an endorsement appears on a page once its subject lists the
    author under ``endorsements_accepted``, and goes when they take the author out again.
    """
    accepted = {p.id: frozenset(p.endorsements_accepted) for p in profiles}
    out: dict[str, list[tuple[Profile, Endorsement]]] = {}
    for author in profiles:
        for e in author.endorsements:
            if author.id in accepted.get(e.id, ()):
                out.setdefault(e.id, []).append((author, e))
    return out
