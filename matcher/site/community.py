"""The published community: which profiles are shown, and everything computed from them.

:func:`build_community` is the pure heart of the plugin: validated profiles (and the
matcher's output) in, a :class:`Community` out, with no file written. Profiles that went
stale more than a grace period ago are left out entirely, exactly like removed ones:
no page, no card, no facet count, no search entry, no mention in anyone's suggestions.

What every page needs (cards, facets, the order) is computed at once; a profile page's
full content (:meth:`Community.page_of`) is computed when it is rendered, so the build can
share that work between processes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from matcher.profile.model import STALE_AFTER_DAYS, Endorsement, Profile
from matcher.settings import STALE_GRACE_DAYS
from matcher.site import facets, i18n, incremental, pages, suggestions
from matcher.site.facets import Facet
from matcher.site.incremental import ByIdentity, repr_hash
from matcher.site.introduce import IntroduceLinks, Introducer
from matcher.site.mentorships import Mentorships
from matcher.site.pages import Card, PersonPage

NO_PROFILES_DATE = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Community:
    reference: dt.date
    profiles: tuple[Profile, ...]  # the published ones, in display order (open mentors first, then by name)
    by_id: Mapping[str, Profile]
    cards: Mapping[str, Card]
    order: tuple[str, ...]  # ids in display order
    facets: tuple[Facet, ...]
    hidden: int  # stale beyond the grace period, not published
    matches: suggestions.Matches
    endorsed: Mapping[str, list[tuple[Profile, Endorsement]]]
    suggestions_shown: int
    stale_after_days: int
    mentorships: Mentorships
    introducer: Introducer | None  # None: no *Ask for an introduction* anywhere (no repository to ask in)

    @cached_property
    def counts(self) -> dict[str, int]:
        """How many people, mentors (open to new mentees), mentees (looking): the home page and the directory
        (counted once: the pages' keys ask for them too)."""
        people = self.profiles
        return {
            "people": len(people),
            "mentors": sum(1 for p in people if p.mentor),
            "open_mentors": sum(1 for p in people if p.mentor and p.mentor.accepting),
            "mentees": sum(1 for p in people if p.mentee),
            "looking": sum(1 for p in people if p.mentee and p.mentee.looking),
        }

    @cached_property
    def card_keys(self) -> dict[str, str]:
        """Each published person's card as what it is made of: their profile (its hash) and whether they may be
        asked for an introduction, with the links' maker (:class:`Introducer`: its links are made of its
        settings and the mentor's id and name), the code and the language being in every key these go
        into (the listings' and the search shards'). Known without making the cards or their links: a
        rebuild in a new process made 10,000 cards to hash them, and its pages' keys waited 0.3 s."""
        hashes = incremental.profile_hashes(self.profiles)
        asked = repr_hash(self.introducer)
        return {p.id: f"{hashes[p.id]}:{asked if self.can_introduce(p) else '-'}" for p in self.profiles}

    def can_introduce(self, mentor: Profile) -> bool:
        """Whether the site offers *Ask for an introduction* for ``mentor``: open, with room."""
        return self.introducer is not None and self.mentorships.has_room(mentor)

    def introduce(self, mentor: Profile, mentee_id: str = "") -> IntroduceLinks | None:
        """How to ask ``mentor`` for an introduction; None unless they may be asked (by ``mentee_id``, when given)."""
        if self.introducer is None or not self.can_introduce(mentor):
            return None
        if mentee_id and self.mentorships.working_together(mentee_id, mentor.id):
            return None
        return self.introducer.links(mentor.id, mentor.name, mentee_id)

    def page_of(self, profile: Profile) -> PersonPage:
        """Everything the profile page of one published person shows."""
        partners = self.mentorships.partners(profile.id)  # working together already: not suggested
        return pages.person_page(
            profile,
            reference=self.reference,
            stale_after_days=self.stale_after_days,
            endorsed_by=self.endorsed.get(profile.id, ()),
            mentors_for_them=self.matches.mentors_for(
                profile.id, self.by_id, self.suggestions_shown, self.introduce, partners
            ),
            mentees_for_them=self.matches.mentees_for(profile.id, self.by_id, self.suggestions_shown, partners),
            verified=self.mentorships.verified,
            introduce=self.introduce(profile),
            mentorships=self.mentorships.view_of(profile, self.by_id),
        )

    @property
    def people(self) -> tuple[PersonPage, ...]:
        """Every profile page, in display order (computes them all)."""
        return tuple(self.page_of(p) for p in self.profiles)


def reference_date(profiles: Sequence[Profile], configured: dt.date | None) -> dt.date:
    """The configured date, else the newest ``updated``: the same input always gives the same site."""
    if configured is not None:
        return configured
    return max((p.updated for p in profiles), default=NO_PROFILES_DATE)


def is_hidden(profile: Profile, reference: dt.date, after_days: int, grace_days: int) -> bool:
    """Stale (no update for ``after_days``) for more than ``grace_days``: community.toml's [profiles]."""
    return (reference - profile.updated).days > after_days + grace_days


def display_key(profile: Profile) -> tuple[int, str]:
    """The directory's order: mentors open to new mentees first, then mentees looking, then everyone else;
    by name (:func:`matcher.site.pages.sort_key`) within each."""
    if profile.mentor and profile.mentor.accepting:
        first = 0
    elif profile.mentee and profile.mentee.looking:
        first = 1
    else:
        first = 2
    return first, pages.sort_key(profile.name, profile.id)


def build_community(
    profiles: Sequence[Profile],
    *,
    reference: dt.date | None = None,
    stale_after_days: int = STALE_AFTER_DAYS,
    grace_days: int = STALE_GRACE_DAYS,
    matches: Mapping[str, Any] | None = None,
    suggestions_shown: int = 5,
    relationships: Callable[[Mapping[str, Profile]], Mentorships] | None = None,
    introducer: Introducer | None = None,
    cards_when_asked: bool = False,
) -> Community:
    """Everything the site shows, from the validated profiles, the matcher's output and the relationships.

    ``relationships`` is given the published people and keeps the relationships of those only
    (:func:`matcher.site.mentorships.read_mentorships`). With ``cards_when_asked`` (a rebuild in a
    process that ends with it), each card is made when it is first asked for (:class:`CardsWhenAsked`).
    """
    ref = reference_date(profiles, reference)
    shown = [p for p in profiles if not is_hidden(p, ref, stale_after_days, grace_days)]
    shown.sort(key=display_key)
    by_id = {p.id: p for p in shown}
    community = Community(
        reference=ref,
        profiles=tuple(shown),
        by_id=by_id,
        cards={},
        order=tuple(p.id for p in shown),
        facets=facets.build_facets(shown),
        hidden=len(profiles) - len(shown),
        matches=suggestions.read_matches(matches or {}, by_id),
        endorsed=pages.endorsements_by_subject(shown),
        suggestions_shown=suggestions_shown,
        stale_after_days=stale_after_days,
        mentorships=relationships(by_id) if relationships else Mentorships(),
        introducer=introducer,
    )
    if cards_when_asked:
        return replace(community, cards=CardsWhenAsked(community))
    # A card says how to ask a mentor, which depends on their running mentorships.
    introduce = {p.id: community.introduce(p) for p in shown}
    language = i18n.current()
    made = _CARDS.values(
        shown, lambda p: pages.card(p, introduce[p.id]), key=lambda p: (language, introduce[p.id])
    )
    return replace(community, cards={p.id: c for p, c in zip(shown, made, strict=True)})


# invoke live: the card of a person whose profile and introduction links are the ones of the last build.
_CARDS = ByIdentity()


class CardsWhenAsked(Mapping[str, Card]):
    """The published people's cards, each made when first asked for, as :func:`build_community` makes them.

    A rebuild after an edit renders few listings and indexes few shards: the cards of those are made,
    the others never (what keys the listings and the shards is :attr:`Community.card_keys`)."""

    def __init__(self, community: Community) -> None:
        self._community = community
        self._made: dict[str, Card] = {}

    def __getitem__(self, pid: str) -> Card:
        made = self._made.get(pid)
        if made is None:
            profile = self._community.by_id[pid]
            made = self._made[pid] = pages.card(profile, self._community.introduce(profile))
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._community.order)

    def __len__(self) -> int:
        return len(self._community.order)
