"""Synthetic relationships for a synthetic community: agreed pairs that pass every relationship check.

Each pair shares a topic, the mentor's active relationships stay within their capacity, no pair
appears twice, and terms stay within the maximum. Public files (they name their people), so a
benchmark needs no key; the same seed gives the same files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from random import Random
from typing import Any

from matcher.relationships.check import add_months

REFERENCE_DATE = dt.date(2026, 11, 1)


def relationships(
    community: Sequence[tuple[str, Mapping[str, Any]]], count: int, seed: int, max_term_months: int = 6
) -> list[tuple[str, str]]:
    """Up to ``count`` active relationships, as (file name, YAML text), drawn from ``community``'s profiles."""
    rng = Random(seed)  # noqa: S311 - reproducible test data, not secrets
    mentors_by_topic: dict[str, list[str]] = {}
    room: dict[str, int] = {}
    for pid, data in community:
        mentor = data.get("mentor")
        if mentor:
            room[pid] = int(mentor["capacity"])
            for topic in mentor["topics"]:
                mentors_by_topic.setdefault(topic, []).append(pid)
    mentees = [(pid, data["mentee"]) for pid, data in community if data.get("mentee")]
    rng.shuffle(mentees)
    out: list[tuple[str, str]] = []
    for mentee, wish in mentees:
        if len(out) >= count:
            break
        topics = [t for t in wish["topics"] if mentors_by_topic.get(t)]
        if not topics:
            continue
        topic = rng.choice(topics)
        candidates = [m for m in mentors_by_topic[topic] if m != mentee and room[m] > 0]
        if not candidates:
            continue
        mentor = rng.choice(candidates)
        room[mentor] -= 1
        started = REFERENCE_DATE - dt.timedelta(days=rng.randint(1, 150))
        ends = add_months(started, max_term_months)
        check_in = started + dt.timedelta(days=30)
        text = (
            f"mentee: {mentee}\nmentor: {mentor}\npublic: true\ntopics: [{topic}]\n"
            f"started: {started.isoformat()}\nends: {ends.isoformat()}\nstatus: active\n"
            f"check_ins: [{check_in.isoformat()}]\n"
        )
        out.append((f"{mentee}--{mentor}.yml", text))
    return out


def write_relationships(
    community: Sequence[tuple[str, Mapping[str, Any]]], count: int, seed: int, out: Path
) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in relationships(community, count, seed):
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
