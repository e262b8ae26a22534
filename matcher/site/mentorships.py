"""Agreed mentorships as the site shows them: counts on profiles, names only where both people chose so.

:func:`read_mentorships` keeps the relationships the site may use: those
:func:`matcher.relationships.check.check_relationships` found usable (public, or private and resolved
with the key) whose two people are both published. A relationship naming someone removed, or hidden
as stale, leaves no trace: not in a count, not on a page, not on the dashboard.

What one person's page shows comes from **public** relationships only. A private relationship is
never named, and it is not counted on a person's page either: its file (with its dates and status)
is in the public history, so a count that went up the night a private file was added, or ended,
would tell who is in it. Private relationships are counted only in the dashboard's totals, which
say nothing about anyone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from matcher.profile.model import Profile
from matcher.relationships.model import Relationship
from matcher.site import urls
from matcher.site.i18n import gettext, ngettext
from matcher.site.pages import Link, day_words

# An endorsement's relation, said by its author, and the roles a relationship gives author and subject.
VERIFIABLE = {"was-my-mentor": ("mentee", "mentor"), "was-my-mentee": ("mentor", "mentee")}


@dataclass(frozen=True, slots=True)
class MentorshipLine:
    """A public mentorship on one of its two people's pages."""

    words: str  # "Mentoring", "Mentored by", "Mentored", "Was mentored by"
    other: Link
    when: str  # "since 1 April 2026, agreed until 1 October 2026" / "15 January 2025 to 15 July 2025"
    active: bool


@dataclass(frozen=True, slots=True)
class MentorshipsView:
    """What a profile page says about one person's mentorships."""

    mentoring: int | None  # active public mentorships as a mentor; None for someone who mentors nobody
    capacity: int | None
    completed: int  # ended public mentorships, in either role
    lines: tuple[MentorshipLine, ...]  # the public ones, running first, then the newest

    @property
    def mentoring_words(self) -> str | None:
        """ "Mentoring 1 of 2" (None for someone who is not a mentor)."""
        if self.mentoring is None or self.capacity is None:
            return None
        # TRANSLATORS: a mentor's running mentorships against how many mentees they take at a time.
        return gettext("Mentoring %(count)s of %(capacity)s", count=self.mentoring, capacity=self.capacity)

    @property
    def completed_words(self) -> str:
        """ "None yet", "1 mentorship", "3 mentorships"."""
        if not self.completed:
            return gettext("None yet")
        return ngettext("%(num)s mentorship", "%(num)s mentorships", self.completed)

    @property
    def empty(self) -> bool:
        return self.mentoring is None and not self.completed and not self.lines


@dataclass(frozen=True)
class Mentorships:
    """The relationships the site may use, and what it could not (counted, never guessed)."""

    relationships: tuple[Relationship, ...] = ()  # both people published; public and resolved private
    unresolved: int = 0  # private relationships without the key
    unusable: int = 0  # files with problems (`python -m matcher validate` says which), or naming someone unpublished
    by_person: Mapping[str, tuple[Relationship, ...]] = field(default_factory=dict, repr=False)  # public ones
    public_pairs: frozenset[tuple[str, str]] = frozenset()  # (mentee, mentor) of every public relationship

    @property
    def public(self) -> tuple[Relationship, ...]:
        return tuple(r for r in self.relationships if r.public)

    def of(self, person: str) -> tuple[Relationship, ...]:
        """The public relationships ``person`` is in."""
        return self.by_person.get(person, ())

    def active_as_mentor(self, person: str) -> int:
        return sum(1 for r in self.of(person) if r.active and r.mentor == person)

    def has_room(self, profile: Profile) -> bool:
        """An open mentor with fewer running (public) mentorships than their capacity: they may be asked."""
        mentor = profile.mentor
        return bool(mentor and mentor.accepting and self.active_as_mentor(profile.id) < mentor.capacity)

    def working_together(self, mentee: str, mentor: str) -> bool:
        """The two have a running public mentorship (so nobody needs to ask for an introduction)."""
        return any(r.active and r.mentee == mentee for r in self.of(mentor))

    def partners(self, person: str) -> frozenset[str]:
        """Whom ``person`` works with now, in public: no page suggests them to each other."""
        return frozenset(r.mentor if r.mentee == person else r.mentee for r in self.of(person) if r.active)

    def verified(self, author: str, subject: str, relation: str) -> bool:
        """An endorsement about what happened: a public relationship with the author and subject in its roles."""
        roles = VERIFIABLE.get(relation)
        if roles is None:
            return False
        people = {roles[0]: author, roles[1]: subject}
        return (people["mentee"], people["mentor"]) in self.public_pairs

    def view_of(self, profile: Profile, people: Mapping[str, Profile]) -> MentorshipsView:
        mine = self.of(profile.id)
        lines = sorted(mine, key=lambda r: (not r.active, -r.started.toordinal(), r.source))
        return MentorshipsView(
            mentoring=self.active_as_mentor(profile.id) if profile.mentor else None,
            capacity=profile.mentor.capacity if profile.mentor else None,
            completed=sum(1 for r in mine if not r.active),
            lines=tuple(_line(r, profile.id, people) for r in lines),
        )


def _line(rel: Relationship, person: str, people: Mapping[str, Profile]) -> MentorshipLine:
    mentoring = rel.mentor == person
    other = people[rel.mentee if mentoring else rel.mentor]
    # (Each line is "<words> <the other person>, <when>" on the page.)
    if rel.active:
        words = gettext("Mentoring") if mentoring else gettext("Mentored by")
        start, end = day_words(rel.started), day_words(rel.ends)
        when = gettext("since %(start)s, agreed until %(end)s", start=start, end=end)
    else:
        words = gettext("Mentored") if mentoring else gettext("Was mentored by")
        when = gettext("%(start)s to %(end)s", start=day_words(rel.started), end=day_words(rel.ended or rel.ends))
    return MentorshipLine(words, Link(other.name, urls.person(other.id)), when, rel.active)


def read_mentorships(
    usable: Sequence[Relationship], published: Mapping[str, Profile], *, files: int = 0, unresolved: int = 0
) -> Mentorships:
    """The relationships whose two people are published; ``files`` read in all, ``unresolved`` without the key."""
    kept = tuple(sorted((r for r in usable if r.mentee in published and r.mentor in published), key=_order))
    public: dict[str, list[Relationship]] = defaultdict(list)
    for rel in kept:
        if rel.public:
            public[rel.mentee].append(rel)
            public[rel.mentor].append(rel)
    return Mentorships(
        relationships=kept,
        unresolved=unresolved,
        unusable=max(0, files - unresolved - len(kept)),
        by_person={person: tuple(rels) for person, rels in public.items()},
        public_pairs=frozenset((r.mentee, r.mentor) for r in kept if r.public),
    )


def _order(rel: Relationship) -> tuple[str, str]:
    return rel.started.isoformat(), rel.source
