"""The matcher's output (``matches.json``) as the site shows it.

Only people who are published appear: a suggestion naming an id that is not on the site
(removed, or hidden as stale) is dropped at build time, so removing a profile leaves no
trace in anyone else's page even before the matcher runs again. A person's suggestions
are turned into page values only when their page is rendered.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from matcher.model import Profile
from matcher.site import urls
from matcher.site.pages import Link, Reason, SuggestionView

Raw = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class Matches:
    """Suggestions both ways (as the matcher wrote them) and the proposed pairs, restricted to published ids."""

    for_mentee: Mapping[str, Raw] = field(default_factory=dict)
    for_mentor: Mapping[str, Raw] = field(default_factory=dict)
    pairs: tuple[tuple[str, str], ...] = ()  # (mentee, mentor)
    present: bool = False

    def mentors_for(self, mentee: str, people: Mapping[str, Profile], limit: int) -> tuple[SuggestionView, ...]:
        return _views(mentee, self.for_mentee.get(mentee, ()), "mentor", people, limit)

    def mentees_for(self, mentor: str, people: Mapping[str, Profile], limit: int) -> tuple[SuggestionView, ...]:
        return _views(mentor, self.for_mentor.get(mentor, ()), "mentee", people, limit)


def _views(
    person: str, items: Raw, other_key: str, people: Mapping[str, Profile], limit: int
) -> tuple[SuggestionView, ...]:
    """The first ``limit`` suggestions that name a published person, in the matcher's order."""
    views: list[SuggestionView] = []
    for item in items:
        if len(views) >= limit:
            break
        other = item.get(other_key)
        if not isinstance(other, str) or other == person or other not in people:
            continue
        views.append(
            SuggestionView(
                person=Link(people[other].name, urls.person(other)),
                headline=people[other].headline,
                score=float(item.get("score", 0)),
                reasons=tuple(
                    Reason(
                        label=str(r.get("criterion", "")),
                        points=float(r.get("points", 0)),
                        detail=str(r.get("detail", "")),
                    )
                    for r in item.get("reasons") or ()
                    if isinstance(r, dict)
                ),
                assigned=item.get("assigned") is True,
            )
        )
    return tuple(views)


def _lists(raw: Any, known: Mapping[str, Profile]) -> dict[str, Raw]:
    if not isinstance(raw, Mapping):
        return {}
    return {
        person: [i for i in items if isinstance(i, dict)]
        for person, items in raw.items()
        if person in known and isinstance(items, list)
    }


def read_matches(data: Mapping[str, Any], known: Mapping[str, Profile]) -> Matches:
    """The parts of ``matches.json`` the site shows, for the published people only."""
    if not data:
        return Matches()
    pairs = tuple(
        (str(p["mentee"]), str(p["mentor"]))
        for p in data.get("pairs", ())
        if isinstance(p, Mapping) and p.get("mentee") in known and p.get("mentor") in known
    )
    return Matches(
        for_mentee=_lists(data.get("suggestions"), known),
        for_mentor=_lists(data.get("mentor_suggestions"), known),
        pairs=tuple(sorted(pairs)),
        present=True,
    )
