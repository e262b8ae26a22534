"""The published community: which profiles are shown, and everything computed from them.

:func:`build_community` is the pure heart of the plugin: validated profiles (and the
matcher's output) in, a :class:`Community` out, with no file written. Profiles that went
stale more than a grace period ago are left out entirely, exactly like removed ones:
no page, no card, no facet count, no search entry, no mention in anyone's suggestions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from matcher.model import STALE_AFTER_DAYS, Profile
from matcher.site import facets, pages, suggestions
from matcher.site.facets import Facet
from matcher.site.pages import Card, PersonPage

NO_PROFILES_DATE = dt.date(2000, 1, 1)


@dataclass(frozen=True)
class Community:
    reference: dt.date
    profiles: tuple[Profile, ...]  # the published ones, in display order
    people: tuple[PersonPage, ...]  # same order
    cards: Mapping[str, Card]
    order: tuple[str, ...]  # ids in display order (by name)
    facets: tuple[Facet, ...]
    hidden: int  # stale beyond the grace period, not published
    matches: suggestions.Matches

    def ordered(self, ids: Sequence[str]) -> list[str]:
        """``ids`` in display order (by name, then id)."""
        rank = self._rank
        return sorted(ids, key=rank.__getitem__)

    @property
    def _rank(self) -> dict[str, int]:
        cached: dict[str, int] | None = self.__dict__.get("_rank_cache")
        if cached is None:
            cached = {pid: i for i, pid in enumerate(self.order)}
            object.__setattr__(self, "_rank_cache", cached)
        return cached


def reference_date(profiles: Sequence[Profile], configured: dt.date | None) -> dt.date:
    """The configured date, else the newest ``updated``: the same input always gives the same site."""
    if configured is not None:
        return configured
    return max((p.updated for p in profiles), default=NO_PROFILES_DATE)


def is_hidden(profile: Profile, reference: dt.date, grace_days: int) -> bool:
    return (reference - profile.updated).days > STALE_AFTER_DAYS + grace_days


def build_community(
    profiles: Sequence[Profile],
    *,
    reference: dt.date | None = None,
    grace_days: int = 90,
    matches: Mapping[str, Any] | None = None,
    suggestions_shown: int = 5,
) -> Community:
    """Everything the site shows, from the validated profiles and the matcher's output."""
    ref = reference_date(profiles, reference)
    shown = [p for p in profiles if not is_hidden(p, ref, grace_days)]
    shown.sort(key=lambda p: pages.sort_key(p.name, p.id))
    by_id = {p.id: p for p in shown}
    result = suggestions.read_matches(matches or {}, by_id)
    endorsed = pages.endorsements_by_subject(shown)
    people = tuple(
        pages.person_page(
            p,
            reference=ref,
            endorsed_by=endorsed.get(p.id, ()),
            mentors_for_them=result.mentors_for(p.id, by_id)[:suggestions_shown],
            mentees_for_them=result.mentees_for(p.id, by_id)[:suggestions_shown],
        )
        for p in shown
    )
    return Community(
        reference=ref,
        profiles=tuple(shown),
        people=people,
        cards={p.id: pages.card(p) for p in shown},
        order=tuple(p.id for p in shown),
        facets=facets.build_facets(shown),
        hidden=len(profiles) - len(shown),
        matches=result,
    )
