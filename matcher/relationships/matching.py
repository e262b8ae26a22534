"""What the matcher must know of agreed relationships, applied to the profiles before it runs.

The matcher's rules stay as they are; the community it sees is adjusted, so every copy of the
rules (Python, NumPy, the browser) agrees without knowing about relationships:

- an **active** relationship is a fixed pair: it takes one place of the mentor's capacity (a
  mentor whose places are all taken is shown to the matcher as full), and the mentee no longer
  looks for a mentor on the relationship's topics (on none, if it names none: they have one);
- an **ended** pair is not proposed again unless both list each other in ``interested_in``: the
  matcher sees each in the other's ``avoid``.

:class:`Fixed` keeps what was done, for ``matches.json``, the report and ``explain``: active
public pairs by name, private ones only as a count.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matcher.profile.model import Profile
from matcher.relationships.model import Relationship


@dataclass(frozen=True)
class Fixed:
    """The agreed relationships the matcher worked around."""

    active: tuple[Relationship, ...] = ()
    ended_apart: tuple[tuple[str, str], ...] = ()  # ended pairs kept apart (mentee, mentor)
    notes: dict[str, str] = field(default_factory=dict)  # profile id -> why the matcher saw it differently

    def report(self) -> str:
        """The report's section on agreed relationships, apart from the proposals (private ones as a count)."""
        data = self.as_json()
        lines = ["", "## Agreed relationships", ""]
        lines += [f"- `{r['mentee']}` with `{r['mentor']}`, {r['started']} to {r['ends']}" for r in data["active"]]
        if data["active_private"]:
            lines.append(f"- {data['active_private']} private relationship(s), not named")
        if not self.active:
            lines.append("None active.")
        lines += ["", f"Ended pairs kept apart (not proposed again): {len(self.ended_apart)}.", ""]
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        """For ``matches.json``: public pairs by id, private ones as a count only."""
        public = [r for r in self.active if r.public]
        return {
            "active": [
                {"mentee": r.mentee, "mentor": r.mentor, "started": r.started.isoformat(), "ends": r.ends.isoformat()}
                for r in public
            ],
            "active_private": len(self.active) - len(public),
        }


def apply(profiles: Sequence[Profile], relationships: Sequence[Relationship]) -> tuple[list[Profile], Fixed]:
    """The profiles as the matcher should see them, and what was changed."""
    active = tuple(sorted((r for r in relationships if r.active and r.resolved), key=lambda r: (r.mentor, r.mentee)))
    taken = Counter(r.mentor for r in active)
    covered: dict[str, set[str] | None] = {}  # mentee -> topics covered (None: all of them)
    for r in active:
        if r.mentee in covered and covered[r.mentee] is None:
            continue
        covered[r.mentee] = None if not r.topics else (covered.get(r.mentee) or set()) | set(r.topics)
    shortlists = {p.id: set(p.interested_in) for p in profiles}
    apart = sorted(
        {
            (r.mentee, r.mentor)
            for r in relationships
            if not r.active and r.resolved
            and not (r.mentor in shortlists.get(r.mentee, ()) and r.mentee in shortlists.get(r.mentor, ()))
        }
    )  # fmt: skip
    avoid: dict[str, set[str]] = {}
    for mentee, mentor in apart:
        avoid.setdefault(mentee, set()).add(mentor)
        avoid.setdefault(mentor, set()).add(mentee)
    notes: dict[str, str] = {}
    out = []
    for p in profiles:
        changes: dict[str, Any] = {}
        if p.mentor and taken[p.id]:
            left = p.mentor.capacity - taken[p.id]
            offer = p.mentor.status if left > 0 else "paused"  # every place taken: no one new, nothing kept
            changes["mentor"] = dataclasses.replace(p.mentor, capacity=max(left, 1), status=offer)
            notes[p.id] = f"mentors {taken[p.id]} of {p.mentor.capacity} in agreed relationships"
        if p.mentee and p.id in covered:
            topics = covered[p.id]
            rest = () if topics is None else tuple(t for t in p.mentee.topics if t not in topics)
            wish = p.mentee.status if rest else "paused"
            changes["mentee"] = dataclasses.replace(p.mentee, topics=rest or p.mentee.topics, status=wish)
            notes[p.id] = "already has a mentor" + ("" if topics is None else f" on {', '.join(sorted(topics))}")
        if p.id in avoid:
            changes["avoid"] = tuple(sorted(set(p.avoid) | avoid[p.id]))
        out.append(dataclasses.replace(p, **changes) if changes else p)
    return out, Fixed(active, tuple(apart), notes)


def with_relationships(profiles: Path, people: Sequence[Profile]) -> tuple[list[Profile], Fixed | None]:
    """The profiles as the matcher sees them once the agreed relationships beside ``profiles`` are applied.

    Only relationships that pass every check are used (``validate`` reports the others); private
    ones count only where the key is (``MENTOR_COMMONS_RELATIONSHIP_KEY``).
    """
    from matcher import settings
    from matcher.relationships import check, keys

    folder = profiles.parent / check.FOLDER
    if not folder.is_dir():
        return list(people), None
    try:
        key = keys.load_key()
    except keys.UnusableKey:
        key = None
    term = settings.load(settings.settings_path()).max_term_months
    usable = check.check_relationships(folder, people, key=key, max_term_months=term).relationships
    return apply(people, usable)
