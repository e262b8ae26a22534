"""The matcher's output (``matches.json``) as the site shows it.

Only people who are published appear: a suggestion naming an id that is not on the site
(removed, or hidden as stale) is dropped at build time, so removing a profile leaves no
trace in anyone else's page even before the matcher runs again. A person's suggestions
are turned into page values only when their page is rendered.
"""

from __future__ import annotations

import functools
import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matcher.matching import named
from matcher.profile.model import Profile
from matcher.site import i18n, urls
from matcher.site.i18n import gettext, ngettext
from matcher.site.pages import Link, SuggestionView, country_name, language_name, list_words, sort_key, vocabulary
from matcher.site.writer import ChildFailed, in_child

if TYPE_CHECKING:
    from matcher.site.introduce import IntroduceLinks

Raw = Sequence[Any]  # whom each suggestion names, in the matcher's order: an id (None where it names none)
# (mentor, mentee id) -> how the mentee may ask that mentor, or None when they can't be asked
Introduce = Callable[[Profile, str], "IntroduceLinks | None"]


@dataclass(frozen=True)
class Matches:
    """Suggestions both ways (as the matcher wrote them) and the proposed pairs, restricted to published ids."""

    for_mentee: Mapping[str, Raw] = field(default_factory=dict)
    for_mentor: Mapping[str, Raw] = field(default_factory=dict)
    pairs: tuple[tuple[str, str], ...] = ()  # (mentee, mentor)
    present: bool = False
    _shown: _ShownMemo = field(default_factory=lambda: _ShownMemo(), compare=False, repr=False)

    def mentors_for(
        self,
        mentee: str,
        people: Mapping[str, Profile],
        limit: int,
        introduce: Introduce | None = None,
        skip: frozenset[str] = frozenset(),
    ) -> tuple[SuggestionView, ...]:
        """The mentors suggested to ``mentee``, each with how to ask them (``introduce``) where they may be;
        not those in ``skip`` (already working with them)."""
        return _views(mentee, self.for_mentee.get(mentee, ()), "mentor", people, limit, introduce, skip)

    def mentees_for(
        self, mentor: str, people: Mapping[str, Profile], limit: int, skip: frozenset[str] = frozenset()
    ) -> tuple[SuggestionView, ...]:
        return _views(mentor, self.for_mentor.get(mentor, ()), "mentee", people, limit, skip=skip)

    def shown(
        self, person: str, people: Mapping[str, Profile], limit: int, skip: frozenset[str] = frozenset()
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The ids of the mentors and the mentees ``person``'s page shows (:func:`chosen`): what the page's
        key is made of, rather than the matcher's lines with their scores. (They depend on who is published,
        not on their profiles: ``invoke live`` keeps the same Matches while those stay, and so these.)"""
        memo = self._shown.among(people)
        found = memo.get((person, limit, skip))
        if found is None:
            mentors = _picked(person, self.for_mentee.get(person, ()), people, limit, skip)
            mentees = _picked(person, self.for_mentor.get(person, ()), people, limit, skip)
            found = memo[person, limit, skip] = (
                tuple(sorted(p.id for p in mentors)),  # the same set, the same key
                tuple(sorted(p.id for p in mentees)),
            )
        return found


class _ShownMemo:
    """:meth:`Matches.shown` by (person, limit, skip), for one set of published ids."""

    __slots__ = ("by_key", "ids", "people")

    def __init__(self) -> None:
        self.people: Mapping[str, Profile] | None = None
        self.ids: frozenset[str] = frozenset()
        self.by_key: dict[tuple[str, int, frozenset[str]], tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def among(
        self, people: Mapping[str, Profile]
    ) -> dict[tuple[str, int, frozenset[str]], tuple[tuple[str, ...], tuple[str, ...]]]:
        """The memo for these published people (emptied when their ids are not the last call's)."""
        if people is not self.people:
            ids = frozenset(people)
            if ids != self.ids:
                self.by_key = {}
                self.ids = ids
            self.people = people
        return self.by_key


def common_ground(mentee: Profile, mentor: Profile) -> tuple[str, ...]:
    """What two people's public profiles have in common, in words: topics, languages, country."""
    theirs = mentor.mentor.topics if mentor.mentor else ()
    topics = tuple(t for t in (mentee.mentee.topics if mentee.mentee else ()) if t in theirs)
    codes = mentor.language_codes
    languages = tuple(c for c in mentee.language_codes if c in codes)
    country = mentor.location.country if mentee.location.country == mentor.location.country else ""
    return _common_words(i18n.current(), topics, languages, country)


@functools.lru_cache(maxsize=1 << 14)
def _common_words(_language: str, topics: tuple[str, ...], languages: tuple[str, ...], country: str) -> tuple[str, ...]:
    """The words for what two people share, in the build's language: pairs share them (at 10,000 people,
    41,000 pairs shown have some 9,000 different things in common), so each is worded once."""
    out = []
    if topics:
        words = list_words(vocabulary("topic")[t] for t in topics)
        out.append(ngettext("Topic: %(topics)s", "Topics: %(topics)s", len(topics), topics=words))
    if languages:
        words = list_words(language_name(c) for c in languages)
        out.append(ngettext("Language: %(languages)s", "Languages: %(languages)s", len(languages), languages=words))
    if country:
        # TRANSLATORS: what two people have in common: they live in the same country.
        out.append(gettext("Both in %(country)s", country=country_name(country)))
    return tuple(out)


def _picked(person: str, items: Raw, people: Mapping[str, Profile], limit: int, skip: frozenset[str]) -> list[Profile]:
    """The first ``limit`` suggestions that name a published person (not ``person``, nor anyone in ``skip``)."""
    out: list[Profile] = []
    if limit <= 0:
        return out
    for other in items:
        found = people.get(other) if isinstance(other, str) and other != person and other not in skip else None
        if found is not None:
            out.append(found)
            if len(out) == limit:
                break
    return out


def chosen(
    person: str, items: Raw, people: Mapping[str, Profile], limit: int, skip: frozenset[str] = frozenset()
) -> list[Profile]:
    """Whom a page shows of the matcher's list: the first ``limit`` suggestions that name a published person
    (not ``person``, nor anyone in ``skip``), in name order: no rank is shown. Nothing else in the list
    (its scores, its order beyond that) reaches the page."""
    return sorted(_picked(person, items, people, limit, skip), key=lambda p: sort_key(p.name, p.id))


def _views(
    person: str,
    items: Raw,
    other_key: str,
    people: Mapping[str, Profile],
    limit: int,
    introduce: Introduce | None = None,
    skip: frozenset[str] = frozenset(),
) -> tuple[SuggestionView, ...]:
    """The suggestions a page shows (:func:`chosen`), each with what the two have in common."""
    me = people[person]
    return tuple(
        SuggestionView(
            person=Link(other.name, urls.person(other.id)),
            headline=other.headline,
            common=common_ground(me, other) if other_key == "mentor" else common_ground(other, me),
            introduce=introduce(other, person) if introduce else None,
        )
        for other in chosen(person, items, people, limit, skip)
    )


def _lists(raw: Any, known: Mapping[str, Profile], other: str) -> dict[str, Raw]:
    """Each known person's suggestions as the ids they name: from the whole file (a list of objects, each
    naming ``other``) or as :func:`_for_site` read it (a tuple of those ids already: no JSON is a tuple)."""
    if not isinstance(raw, Mapping):
        return {}
    out: dict[str, Raw] = {}
    for person, items in raw.items():
        if person not in known:
            continue
        if isinstance(items, tuple):
            out[person] = items
        elif isinstance(items, list):
            out[person] = [i.get(other) if isinstance(i, dict) else None for i in items]
    return out


# (stamp, data) of the last matches.json read in this process (invoke live): nothing changes the data once read.
_READ: list[Any] = []

def read_matches_file(path: Path) -> Mapping[str, Any] | None:
    """``matches.json`` as the site needs it, or the same data again while the file's size and time stay."""
    stamp = _stamp(path)
    if _READ and _READ[0] == stamp:
        kept: Mapping[str, Any] | None = _READ[1]
        return kept
    data = _for_site(path)
    _READ[:] = [stamp, data]
    return data


def start_reading(path: Path) -> Callable[[], Mapping[str, Any] | None]:
    """Read ``matches.json`` (:func:`read_matches_file`) in a forked process while this one validates the
    profiles; the function returned waits for it. At 10,000 people the file is 23 MB: parsing it is a
    quarter of a second a build cannot otherwise overlap (the parse holds the interpreter, a thread
    would not help). Where forking is not available, or the file was read already, it is read when asked.
    """
    stamp = _stamp(path)
    if (_READ and _READ[0] == stamp) or "fork" not in multiprocessing.get_all_start_methods():
        return functools.partial(read_matches_file, path)
    waiting = in_child(_for_site, path)

    def result() -> Mapping[str, Any] | None:
        try:
            data = waiting()
        except ChildFailed:  # read here, so that the error is this process's, in words
            return read_matches_file(path)
        _READ[:] = [stamp, data]
        return data

    return result


def _stamp(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return str(path.resolve()), st.st_size, st.st_mtime_ns


def _for_site(path: Path) -> Mapping[str, Any] | None:
    """The parts of ``matches.json`` the site reads: of each suggestion, whom it names (the site shows who
    is suggested, never why or how strongly: the privacy page), and the pairs
    (:func:`matcher.matching.named.read`: kept by the file's hash, as the matcher left it or the
    last build read it; else parsed, the reasons dropped as it is, so they never fill memory)."""
    return named.read(path)


def read_matches(data: Mapping[str, Any], known: Mapping[str, Profile]) -> Matches:
    """The parts of ``matches.json`` the site shows, for the published people only (the same object again
    for the same data and people: invoke live, after an edit that changed neither)."""
    if not data:
        return Matches()
    people = frozenset(known)
    if _MADE and _MADE[0] is data and _MADE[1] == people:
        made: Matches = _MADE[2]
        return made
    matches = _read_matches(data, known)
    _MADE[:] = [data, people, matches]
    return matches


_MADE: list[Any] = []  # (data, published ids, Matches) of the last call


def _read_matches(data: Mapping[str, Any], known: Mapping[str, Profile]) -> Matches:
    pairs = tuple(
        (str(p["mentee"]), str(p["mentor"]))
        for p in data.get("pairs", ())
        if isinstance(p, Mapping) and p.get("mentee") in known and p.get("mentor") in known
    )
    return Matches(
        for_mentee=_lists(data.get("suggestions"), known, named.LIST_KEYS["suggestions"]),
        for_mentor=_lists(data.get("mentor_suggestions"), known, named.LIST_KEYS["mentor_suggestions"]),
        pairs=tuple(sorted(pairs)),
        present=True,
    )
