"""What a profile page shows, computed once in Python; the template only lays it out.

:func:`person_page` turns a validated :class:`~matcher.profile.model.Profile` (plus what others
wrote about them and the matcher's suggestions) into a :class:`PersonPage`: labels
instead of codes, sanitised HTML for the Markdown fields, facet links, a contact line
that shows only what the person published.

Long on purpose: every value a person's page shows is made here, from the one typed Profile, so
that the page template decides layout only and nothing about escaping or what may be published.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

import pycountry
from anyascii import anyascii
from babel.dates import format_date
from markupsafe import Markup

from matcher.profile import schema, zones
from matcher.profile.model import STALE_AFTER_DAYS, Endorsement, Profile
from matcher.settings import mailto
from matcher.site import i18n, urls
from matcher.site.i18n import N_, gettext
from matcher.site.render import markdown_to_safe_html

if TYPE_CHECKING:
    from matcher.site.introduce import IntroduceLinks
    from matcher.site.mentorships import MentorshipsView


# pycountry lookups are slow and the same few dozen codes come up 10,000 times; the
# vocabularies are read-only here, so one copy each is enough.
@cache
def people_name(code: str) -> str:
    """A language's name as people say it: "Swahili", not "Swahili (macrolanguage)"; "Greek", not "Modern Greek"."""
    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    if lang is None:
        return code
    name = str(getattr(lang, "common_name", None) or lang.name).split(" (", 1)[0]
    name = name.split(",", 1)[0]  # "Greek, Modern (1453-)"
    return name.removeprefix("Modern ")


_schema_country = cache(schema.country_name)
_schema_vocabulary = cache(schema.vocabulary)


def language_name(code: str) -> str:
    """A language's name in the page's language (CLDR through Babel; the English site's own in English)."""
    return i18n.language_name(code, people_name(code))


def country_name(code: str) -> str:
    return i18n.country_name(code, _schema_country(code))


def vocabulary(name: str) -> dict[str, str]:
    """A vocabulary's labels in the page's language (the schema's English labels, through the catalog)."""
    return _translated_vocabulary(i18n.current(), name)


@cache
def _translated_vocabulary(_language: str, name: str) -> dict[str, str]:
    return {value: i18n.gettext(label) for value, label in _schema_vocabulary(name).items()}


def list_words(items: Iterable[str]) -> str:
    """The items of a list as the page's language separates them: "A, B, C" (in Arabic "A، B، C").

    A translated separator, not Babel's ``format_list``: CLDR's lists end in "and" ("A, B, and C"),
    which the English pages do not say, and Babel's narrower styles are missing for some languages.
    """
    # TRANSLATORS: what separates the items of a list (topics, languages, formats, names): Arabic "، ".
    return gettext(", ").join(items)


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day_words(day: dt.date) -> str:
    """``15 September 2026``, or the page's language's long date (CLDR's, the same on every machine)."""
    language = i18n.current()
    if language in (i18n.DEFAULT, i18n.PSEUDO):
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return format_date(day, format="long", locale=language.replace("-", "_"))


def place_words(city: str | None, country: str) -> str:
    """ "Lagos, Nigeria" (the country's name already in the page's language), or the country alone."""
    # TRANSLATORS: a city and its country, e.g. "Lagos, Nigeria".
    return gettext("%(city)s, %(country)s", city=city, country=country) if city else country


# Translated where they are shown; LinkedIn and Mastodon are names, the same in every language.
LINK_LABELS = {
    "website": N_("Website"),
    "linkedin": "LinkedIn",
    "mastodon": "Mastodon",
    "scheduling": N_("Book a call"),
}

# An endorsement is written by its author about the person whose page shows it; the
# relation is said from the author's side ("was my mentor"), so on the page it names the
# author's role towards that person.
AUTHOR_ROLE = {"was-my-mentor": N_("their mentee"), "was-my-mentee": N_("their mentor"), "peer": N_("peer mentoring")}


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
    verified: bool = False  # a public relationship of the two, in these roles, exists
    lang: str | None = None  # the language the author writes in, if they said


@dataclass(frozen=True, slots=True)
class ContactView:
    """How to get in touch: the person's own choice first, then anything else they published."""

    how: str
    primary: Link | None
    others: tuple[Link, ...]
    email: str | None  # shown as text too, so it can be copied


@dataclass(frozen=True, slots=True)
class SuggestionView:
    """Someone the matcher suggests, as a public page may show them: who, and what they have in common.

    No score, no rank and nothing about shortlists: a page is read by everyone, and how well two
    other people fit, or whom someone would like to work with, is theirs to see in ``explain``
    and in the proposal they receive (see the privacy page).
    """

    person: Link
    headline: str
    common: tuple[str, ...]  # e.g. "Topics: Fundraising, Leadership", "Language: Romanian"
    introduce: IntroduceLinks | None = None  # a mentor who may be asked, with the page's mentee filled in


@dataclass(frozen=True, slots=True)
class PersonPage:
    id: str
    url: str
    save_as: str
    name: str
    reading: str | None
    initials: str
    colour: int
    pronouns: str | None
    headline: str
    bio: Markup
    lang: str | None  # the language of their own words, if they said (profile field writing_language)
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
    introduce: IntroduceLinks | None = None  # an open mentor with room: how to ask them
    mentorships: MentorshipsView | None = None


@dataclass(frozen=True, slots=True)
class Card:
    """A person as listed in the directory and on facet pages."""

    id: str
    url: str
    name: str
    reading: str | None  # the name in Latin letters, when it is written in another script
    initials: str
    colour: int
    headline: str
    roles: tuple[str, ...]
    badges: tuple[tuple[str, str], ...]  # (css modifier, label)
    topics: tuple[str, ...]
    more_topics: int
    languages: tuple[str, ...]
    place: str
    introduce: IntroduceLinks | None = None  # an open mentor with room: how to ask them


@lru_cache(maxsize=1 << 16)  # each person's is asked for on every page that names them
def sort_key(name: str, profile_id: str) -> str:
    """Alphabetical by the name's Latin reading, accents folded, ties broken by the name itself, then the id.

    A name in Arabic, Cyrillic or Chinese sorts where its reading does (Фарид with F), not after
    every Latin name as code points would put it. The reading is anyascii's transliteration,
    the same one the pages show beside the name, so the order is the one a reader sees.
    """
    # (ASCII is its own transliteration and decomposition: most names skip both)
    folded = name if name.isascii() else unicodedata.normalize("NFKD", anyascii(name))
    folded = "".join(ch for ch in folded if ch.isalnum() or ch == " ").casefold()
    return f"{' '.join(folded.split())}\t{name.casefold()}\t{profile_id}"


@lru_cache(maxsize=1 << 16)  # each person's is asked for on every page that names them
def latin_reading(name: str) -> str | None:
    """The name in Latin letters when it is written in another script (anyascii), else None."""
    if name.isascii() or all(not ch.isalpha() or _is_latin(ch) for ch in name):  # (ASCII letters are Latin)
        return None
    reading = " ".join(anyascii(name).split())
    return reading if reading and reading != name else None


@lru_cache(maxsize=1 << 12)
def _is_latin(letter: str) -> bool:
    return unicodedata.name(letter, "").startswith("LATIN")


AVATAR_COLOURS = 8


def initials(name: str) -> str:
    """Up to two letters for the initials avatar: the first letters of the first and last words."""
    words = [w for w in name.replace("-", " ").split() if w[:1].isalpha()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def avatar_colour(profile_id: str) -> int:
    """A colour (1 to AVATAR_COLOURS) that stays the same for a person on every page and every build."""
    return zlib.crc32(profile_id.encode("utf-8")) % AVATAR_COLOURS + 1


@cache  # (a few hundred zones, one reference date)
def utc_offset(timezone: str, on: dt.date) -> str:
    """The zone's offset from UTC on the reference date, e.g. ``UTC+02:00`` (not today's: deterministic)."""
    moment = dt.datetime(on.year, on.month, on.day, 12, tzinfo=zones.zone(timezone))
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _topic_links(topics: Sequence[str], facet: str) -> tuple[Link, ...]:
    """Each topic linked to the people who offer it (``offers``) or seek it (``seeks``), as on this page."""
    labels = vocabulary("topic")
    return tuple(Link(labels[t], urls.facet(facet, t)) for t in topics)


def _labels(name: str, values: Sequence[str]) -> tuple[str, ...]:
    labels = vocabulary(name)
    return tuple(labels[v] for v in values)


def contact_of(profile: Profile, introduce: bool = False) -> ContactView:
    """Only what the person published: an e-mail only if they put one under contact.email.

    ``introduce``: the page offers *Ask for an introduction*, the program's way in.
    """
    links = dict(profile.links.items())
    email = profile.contact.email if profile.contact else None
    published: dict[str, Link] = {}
    if email:
        published["email"] = Link(gettext("Send an e-mail"), mailto(email))  # encoded: nothing after the address
    if "scheduling" in links:
        published["scheduling"] = Link(gettext("Book a first call"), links["scheduling"])
    if "linkedin" in links:
        published["linkedin"] = Link(gettext("Message on LinkedIn"), links["linkedin"])
    if "website" in links:
        published["website"] = Link(gettext("Through their website"), links["website"])

    preferred = profile.contact.preferred if profile.contact else "github"
    primary = published.get(preferred)
    if primary is None:
        how = (
            gettext("Through the program: ask for an introduction (below).")
            if introduce
            else gettext(
                "Through the program: ask the maintainers for an introduction "
                "(open an issue in the repository, or follow the proposal you receive)."
            )
        )
        others = tuple(published.values())
    else:
        how = gettext("Their preferred way: %(way)s.", way=vocabulary("contact_method")[preferred])
        others = tuple(link for key, link in published.items() if key != preferred)
    return ContactView(how=how, primary=primary, others=others, email=email)


def endorsement_views(
    written_about: Sequence[tuple[Profile, Endorsement]],
    verified: Callable[[str, str, str], bool] | None = None,
) -> tuple[EndorsementView, ...]:
    """Endorsements others wrote about one person: newest first, then by author.

    ``verified(author, subject, relation)`` says whether a public relationship backs it.
    """
    ordered = sorted(written_about, key=lambda pe: (-pe[1].year, pe[0].id))
    return tuple(
        EndorsementView(
            author=Link(author.name, urls.person(author.id)),
            # TRANSLATORS: under an endorsement, after its author's name: "their mentor, 2025".
            line=gettext("%(relation)s, %(year)s", relation=gettext(AUTHOR_ROLE[e.relation]), year=e.year),
            text=e.text,
            verified=bool(verified and verified(author.id, e.id, e.relation)),
            lang=author.writing_language,
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
    verified: Callable[[str, str, str], bool] | None = None,
    introduce: IntroduceLinks | None = None,
    mentorships: MentorshipsView | None = None,
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
        reading=latin_reading(profile.name),
        initials=initials(profile.name),
        colour=avatar_colour(profile.id),
        pronouns=profile.pronouns,
        headline=profile.headline,
        bio=markdown_to_safe_html(profile.bio),
        lang=profile.writing_language,
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
            topics=_topic_links(mentor.topics, "offers"),
            formats=_labels("format", mentor.formats),
            capacity=mentor.capacity,
            status=mentor.status,
            status_label=vocabulary("mentor_status")[mentor.status],
            offer=markdown_to_safe_html(mentor.offer),
        )
        if mentor
        else None,
        mentee=MenteeView(
            topics=_topic_links(mentee.topics, "seeks"),
            formats=_labels("format", mentee.formats),
            goals=markdown_to_safe_html(mentee.goals),
            target_sectors=_labels("sector", mentee.target_sectors),
            reach=vocabulary("reach")[mentee.reach],
            status=mentee.status,
            status_label=vocabulary("mentee_status")[mentee.status],
        )
        if mentee
        else None,
        links=tuple(Link(gettext(LINK_LABELS[kind]), href) for kind, href in profile.links.items()),
        contact=contact_of(profile, introduce=introduce is not None),
        endorsements=endorsement_views(endorsed_by, verified),
        mentors_for_them=tuple(mentors_for_them),
        mentees_for_them=tuple(mentees_for_them),
        updated=profile.updated.isoformat(),
        stale=profile.is_stale(reference, stale_after_days),
        introduce=introduce,
        mentorships=mentorships,
    )


CARD_TOPICS = 4
MENTOR_BADGES = {"open": N_("Mentor, open"), "full": N_("Mentor, full"), "paused": N_("Mentor, paused")}
MENTEE_BADGES = {"looking": N_("Mentee, looking"), "paused": N_("Mentee, paused")}


def badges_of(profile: Profile) -> tuple[tuple[str, str], ...]:
    """(css modifier, short label) for each role: 'Mentor, open', 'Mentee, looking'."""
    badges: list[tuple[str, str]] = []
    if profile.mentor:
        badges.append((f"mentor-{profile.mentor.status}", gettext(MENTOR_BADGES[profile.mentor.status])))
    if profile.mentee:
        badges.append((f"mentee-{profile.mentee.status}", gettext(MENTEE_BADGES[profile.mentee.status])))
    return tuple(badges)


def card(profile: Profile, introduce: IntroduceLinks | None = None) -> Card:
    """The short form of a person, for listings (with how to ask them, for an open mentor with room)."""
    topics = list(
        dict.fromkeys(
            [*(profile.mentor.topics if profile.mentor else ()), *(profile.mentee.topics if profile.mentee else ())]
        )
    )
    labels = vocabulary("topic")
    place = place_words(profile.location.city, country_name(profile.location.country))
    return Card(
        id=profile.id,
        url=urls.person(profile.id),
        name=profile.name,
        reading=latin_reading(profile.name),
        initials=initials(profile.name),
        colour=avatar_colour(profile.id),
        headline=profile.headline,
        roles=tuple(r for r, has in (("Mentor", profile.mentor), ("Mentee", profile.mentee)) if has),
        badges=badges_of(profile),
        topics=tuple(labels[t] for t in topics[:CARD_TOPICS]),
        more_topics=max(0, len(topics) - CARD_TOPICS),
        languages=tuple(language_name(code) for code in profile.language_codes),
        place=place,
        introduce=introduce,
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
