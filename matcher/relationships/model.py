"""The typed relationship: what the matcher, the site and the nightly read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from matcher.relationships.keys import is_hash

Status = Literal["active", "ended"]


@dataclass(frozen=True, slots=True)
class Relationship:
    """One mentorship. ``mentee``/``mentor`` are profile ids once resolved, else their keyed hashes."""

    source: str
    mentee: str
    mentor: str
    started: dt.date
    ends: dt.date
    status: Status
    public: bool = False
    topics: tuple[str, ...] = ()
    ended: dt.date | None = None
    renewed: tuple[dt.date, ...] = ()
    check_ins: tuple[dt.date, ...] = ()
    agreement: str | None = None
    introduction: int | None = None

    @property
    def resolved(self) -> bool:
        """Both people known: a public file, or a private one read with the key."""
        return not (is_hash(self.mentee) or is_hash(self.mentor))

    @property
    def active(self) -> bool:
        return self.status == "active"

    @property
    def term_start(self) -> dt.date:
        """Where the current term began: the last renewal, else the start."""
        return max((self.started, *self.renewed))

    def length_days(self, today: dt.date) -> int:
        return ((self.ended or min(today, self.ends)) - self.started).days

    @classmethod
    def from_raw(cls, source: str, raw: dict[str, Any], mentee: str, mentor: str) -> Relationship:
        """From a schema-valid mapping; ``mentee``/``mentor`` as resolved (or the hashes)."""
        day = dt.date.fromisoformat
        return cls(
            source=source,
            mentee=mentee,
            mentor=mentor,
            started=day(raw["started"]),
            ends=day(raw["ends"]),
            status=raw["status"],
            public=bool(raw.get("public", False)),
            topics=tuple(raw.get("topics", ())),
            ended=day(raw["ended"]) if raw.get("ended") else None,
            renewed=tuple(sorted(map(day, raw.get("renewed", ())))),
            check_ins=tuple(sorted(map(day, raw.get("check_ins", ())))),
            agreement=raw.get("agreement"),
            introduction=raw.get("introduction"),
        )
