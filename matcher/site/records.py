"""What the search knows about one person: the record Pagefind indexes, and the card a result shows.

The record (:func:`record_of`) holds the words a visitor would type (name and its Latin
reading, headline, bio, offer and goals without Markdown, topics, place, languages, sectors),
the facet values (:func:`matcher.site.facets.values_of`, as the static facet pages) and little
meta; the card (:func:`card_fields`) is written beside the index, not in it (see
:mod:`matcher.site.search`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from matcher.profile.model import Profile
from matcher.site import urls
from matcher.site.facets import values_of
from matcher.site.pages import Card, badges_of, country_name, language_name, latin_reading, place_words, vocabulary


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """What the search knows about one person."""

    url: str  # from the site root, e.g. /people/ana-popescu/
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]



# What directory.js shows of a result: the card (card.html) as data. For an open mentor, only that
# they may be asked for an introduction: directory.js makes the links from the page's templates.
CARD_FIELDS = (
    "badges",
    "colour",
    "headline",
    "initials",
    "introduce",
    "languages",
    "more_topics",
    "name",
    "place",
    "reading",
    "topics",
)


def card_fields(view: Card) -> dict[str, Any]:
    """The card fields a result needs (no field left None)."""
    fields = {k: v for k in CARD_FIELDS if (v := getattr(view, k)) is not None}  # (no asdict: 10,000 deep copies)
    if fields.get("introduce"):
        fields["introduce"] = True
    return fields


_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>\[\]<]+")


def plain_words(markdown_text: str | None) -> str:
    """Markdown as the words a visitor would type: link targets and markup characters dropped."""
    if not markdown_text:
        return ""
    return " ".join(_MARKUP.sub(" ", _LINK_TARGET.sub("]", markdown_text)).split())


def record_of(profile: Profile, cards_at: str = "") -> SearchRecord:
    """The search record of one published person: their words, a little meta and their facet values.

    ``cards_at`` is where their card is, ``"<shard> <card file>"`` (meta ``s``: two hashes, words
    nobody types). Results without words come in the order the records are sent (:mod:`matcher.site.search`).
    """
    topic_labels = vocabulary("topic")
    topics = dict.fromkeys(
        [*(profile.mentor.topics if profile.mentor else ()), *(profile.mentee.topics if profile.mentee else ())]
    )
    place = country_name(profile.location.country)
    if profile.location.city:
        place = place_words(profile.location.city, place)
    words = [
        profile.name,
        latin_reading(profile.name) or "",
        profile.pronouns or "",
        profile.headline,
        plain_words(profile.bio),
        " ".join(topic_labels[t] for t in topics),
        plain_words(profile.mentor.offer) if profile.mentor else "",
        plain_words(profile.mentee.goals) if profile.mentee else "",
        place,
        " ".join(language_name(code) for code in profile.language_codes),
        " ".join(vocabulary("sector")[s] for s in profile.sectors),
    ]
    meta = {"title": profile.name, "roles": " · ".join(label for _, label in badges_of(profile))}
    if cards_at:
        meta["s"] = cards_at
    return SearchRecord(
        url=f"/{urls.person(profile.id)}",
        content=" ".join(w for w in words if w),
        meta=meta,
        filters={key: list(values) for key, values in values_of(profile).items() if values},
    )
