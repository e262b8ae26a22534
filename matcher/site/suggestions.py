"""The matcher's output (``matches.json``) as the site shows it.

Only people who are published appear: a suggestion naming an id that is not on the site
(removed, or hidden as stale) is dropped at build time, so removing a profile leaves no
trace in anyone else's page even before the matcher runs again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from matcher.model import Profile
from matcher.site import urls
from matcher.site.pages import Link, Reason, SuggestionView


@dataclass(frozen=True)
class Suggested:
    other: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Matches:
    """Suggestions both ways and the proposed pairs, restricted to published ids."""

    for_mentee: Mapping[str, tuple[Suggested, ...]] = field(default_factory=dict)
    for_mentor: Mapping[str, tuple[Suggested, ...]] = field(default_factory=dict)
    pairs: tuple[tuple[str, str], ...] = ()  # (mentee, mentor)
    present: bool = False

    def mentors_for(self, mentee: str, people: Mapping[str, Profile]) -> tuple[SuggestionView, ...]:
        return _views(self.for_mentee.get(mentee, ()), people)

    def mentees_for(self, mentor: str, people: Mapping[str, Profile]) -> tuple[SuggestionView, ...]:
        return _views(self.for_mentor.get(mentor, ()), people)


def _views(items: tuple[Suggested, ...], people: Mapping[str, Profile]) -> tuple[SuggestionView, ...]:
    return tuple(
        SuggestionView(
            person=Link(people[s.other].name, urls.person(s.other)),
            headline=people[s.other].headline,
            score=s.score,
            reasons=s.reasons,
        )
        for s in items
    )


def _reasons(raw: Any) -> tuple[Reason, ...]:
    return tuple(
        Reason(label=str(r.get("criterion", "")), points=float(r.get("points", 0)), detail=str(r.get("detail", "")))
        for r in raw or ()
        if isinstance(r, Mapping)
    )


def _suggestion_lists(raw: Any, other_key: str, known: Mapping[str, Profile]) -> dict[str, tuple[Suggested, ...]]:
    out: dict[str, tuple[Suggested, ...]] = {}
    if not isinstance(raw, Mapping):
        return out
    for person, items in raw.items():
        if person not in known:
            continue
        kept = tuple(
            Suggested(other=str(item[other_key]), score=float(item.get("score", 0)), reasons=_reasons(item.get("reasons")))
            for item in items or ()
            if isinstance(item, Mapping) and item.get(other_key) in known and item.get(other_key) != person
        )
        if kept:
            out[person] = kept
    return out


def read_matches(data: Mapping[str, Any], known: Mapping[str, Profile]) -> Matches:
    """The parts of ``matches.json`` the site shows, every id checked against the published ones."""
    if not data:
        return Matches()
    pairs = tuple(
        (str(p["mentee"]), str(p["mentor"]))
        for p in data.get("pairs", ())
        if isinstance(p, Mapping) and p.get("mentee") in known and p.get("mentor") in known
    )
    return Matches(
        for_mentee=_suggestion_lists(data.get("suggestions"), "mentor", known),
        for_mentor=_suggestion_lists(data.get("mentor_suggestions"), "mentee", known),
        pairs=tuple(sorted(pairs)),
        present=True,
    )
