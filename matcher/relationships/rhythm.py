"""The rhythm of a mentorship: what the nightly says, and when, about each relationship.

A pure plan (relationships and a date in, messages out); :mod:`.notify` posts it through ``gh``.
Each message carries a marker naming its relationship, its kind and its day, so posting the same
plan twice posts nothing new.

Private relationships get no public message at all: a comment on an issue would tell the world
who works with whom. The plan counts them instead, so maintainers know what was left unsaid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import urlencode

from matcher.relationships.model import Relationship

Kind = Literal["started", "check-in", "ends-soon", "term-passed"]
ENDS_SOON_DAYS = 14  # how long before the end of a term both people are asked: renew, or end well?
MARKER = "<!-- mentor-commons:{stem}:{kind}:{day} -->"

# the guidance pages that fit each moment (content/pages/<slug>.md)
GUIDANCE: dict[Kind, tuple[tuple[str, str], ...]] = {
    "started": (("first-meeting", "Your first meeting"), ("agreement", "A mentoring agreement")),
    "check-in": (("agreement", "Look at your agreement together"), ("ethics-and-boundaries", "Ethics and boundaries")),
    "ends-soon": (("time-limited", "Time-limited relationships: renewing or ending well"),),
    "term-passed": (("time-limited", "Ending well"),),
}


@dataclass(frozen=True)
class Message:
    """One thing to say about one relationship, once."""

    relationship: Relationship
    kind: Kind
    day: dt.date

    @property
    def stem(self) -> str:
        return PurePosixPath(self.relationship.source).stem

    @property
    def marker(self) -> str:
        return MARKER.format(stem=self.stem, kind=self.kind, day=self.day.isoformat())

    @property
    def title(self) -> str:
        """The issue that carries a relationship's messages, when it has no introduction issue."""
        return f"Mentorship: {self.relationship.mentee} and {self.relationship.mentor}"


@dataclass(frozen=True)
class Plan:
    messages: tuple[Message, ...]
    closing: tuple[Relationship, ...]  # active past their end: a pull request ends each
    private_unsaid: int  # messages private relationships would have had


def _moments(rel: Relationship, today: dt.date) -> list[tuple[Kind, dt.date]]:
    found: list[tuple[Kind, dt.date]] = [("started", rel.started)]
    found += [("check-in", day) for day in rel.check_ins]
    found += [("ends-soon", rel.ends - dt.timedelta(days=ENDS_SOON_DAYS)), ("term-passed", rel.ends)]
    return [(kind, day) for kind, day in found if day <= today]


def plan(relationships: Sequence[Relationship], today: dt.date) -> Plan:
    """Everything due by ``today`` for the active relationships (each once: the markers make it idempotent)."""
    messages: list[Message] = []
    closing: list[Relationship] = []
    unsaid = 0
    for rel in sorted(relationships, key=lambda r: r.source):
        if not rel.active:
            continue
        due = _moments(rel, today)
        if rel.ends < today:
            closing.append(rel)
        if not rel.public:
            unsaid += len(due)
            continue
        messages += [Message(rel, kind, day) for kind, day in due]
    return Plan(tuple(messages), tuple(closing), unsaid)


def _link(site: str, slug: str, label: str) -> str:
    return f"[{label}]({site.rstrip('/')}/guidance/{slug}/)"


def endorse_link(repository: str, author: str, subject: str, relation: str) -> str:
    """The endorse issue form, prefilled for ``author`` to endorse ``subject`` (text fields only: GitHub's rule)."""
    query = urlencode({"template": "endorse.yml", "profile_id": author, "endorsement_id": subject})
    return f"[endorse {subject} ({relation})](https://github.com/{repository}/issues/new?{query})"


def body(message: Message, site: str, repository: str) -> str:
    """The comment for ``message``: what the moment is, what helps, and the marker."""
    rel = message.relationship
    who = f"`{rel.mentee}` and `{rel.mentor}`"
    links = " · ".join(_link(site, slug, label) for slug, label in GUIDANCE[message.kind])
    text = {
        "started": f"{who} agreed to work together from {rel.started} to {rel.ends}. Welcome, both of you!",
        "check-in": f"A check-in for {who}, planned for {message.day}: how is it going? Is the agreement still right?",
        "ends-soon": (
            f"The term of {who} ends on {rel.ends}. If you both want to go on, renew it (move `ends` on and add "
            f"today to `renewed` in `{rel.source}`); if not, plan a last meeting to end well."
        ),
        "term-passed": (
            f"The term of {who} ended on {rel.ends}. A pull request marks it as ended; thank you both. If it "
            "helped, say so where it counts: "
            + " and ".join(
                (
                    endorse_link(repository, rel.mentee, rel.mentor, "was my mentor"),
                    endorse_link(repository, rel.mentor, rel.mentee, "was my mentee"),
                )
            )
            + "."
        ),
    }[message.kind]
    return f"{text}\n\n{links}\n\n{message.marker}\n"


def ended(text: str, day: dt.date) -> str:
    """A relationship file's text with its status set to ended on ``day``, comments and order kept."""
    from io import StringIO

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    node = yaml.load(text)
    node["status"] = "ended"
    node["ended"] = day
    out = StringIO()
    yaml.dump(node, out)
    return out.getvalue()
