"""``matches.json``: the public result of a run, written deterministically.

Keys are sorted, one entry per line (so a diff between two nights reads entry by entry),
no timestamps. Every published pair's reasons come from the reference scorer
(:mod:`matcher.matching.reasons`), whose points must add up to the vectorised score that the
assignment used, or the run stops with an error instead of publishing a wrong explanation.

Shape (every key always present)::

    {"format": 1,
     "pairs": [{"mentee", "mentor", "score", "reasons": [{"criterion", "points", "detail"}],
                "mutual": bool, "kept": bool}],
     "suggestions": {"<mentee>": [{"mentor", "score", "reasons", "assigned": bool}]},
     "mentor_suggestions": {"<mentor>": [{"mentee", "score", "reasons", "assigned": bool}]},
     "near_misses": {"<mentee>": [{"mentor", "rule", "score", "why"}]},
     "unmatched": [{"mentee", "rule", "why", "eligible", "places": {kind: count}}],
     "changes": [{"mentee", "before", "after", "why"}],
     "gaps": {"by_topic": [...], "by_language": [...], "recruit": [...]},
     "stats": {"mentees", "matched", "blocking_pairs", ...}}
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from matcher.matching.candidates import sorted_unique
from matcher.matching.match import MatchResult
from matcher.matching.reasons import reasons_json

FORMAT = 1


def _dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _block(name: str, lines: list[str], last: bool = False) -> Iterator[str]:
    if not lines:
        yield f" {json.dumps(name)}: []" + ("\n" if last else ",\n")
        return
    yield f" {json.dumps(name)}: [\n"
    yield ",\n".join("  " + line for line in lines)
    yield "\n ]" + ("\n" if last else ",\n")


def _mapping(name: str, items: list[tuple[str, list[str]]]) -> Iterator[str]:
    yield f" {json.dumps(name)}: {{\n"
    rows = []
    for key, entries in items:
        inner = "[]" if not entries else "[\n" + ",\n".join("   " + e for e in entries) + "\n  ]"
        rows.append(f"  {json.dumps(key)}: {inner}")
    yield ",\n".join(rows)
    yield ("\n" if rows else "") + " },\n"


def matches_chunks(result: MatchResult, relationships: dict[str, Any] | None = None) -> Iterator[str]:
    """The text of ``matches.json``, in pieces (a large community is never one string in memory).

    ``relationships``: the agreed relationships the run worked around (public pairs, a private
    count), written apart from the proposals under their own key.
    """
    # Long on purpose: every block reads the same per-run lookups, and the file's order is its keys' order.
    r = result
    seekers, offers, asg, cands = r.seekers, r.offers, r.assignment, r.cands
    published = sorted_unique(
        np.concatenate([asg.pair[asg.pair >= 0], r.suggestions.mentee_order, r.suggestions.mentor_order])
    )
    texts = reasons_json(r.cols, seekers, offers, cands, published, r.policy)
    scores = (cands.score[published] / 100).tolist()
    # the keys of an entry, sorted: [assigned|kept..] mentee/mentor, reasons, score
    core = {
        int(e): f'"reasons": {t}, "score": {sc!r}}}' for e, t, sc in zip(published.tolist(), texts, scores, strict=True)
    }
    mentee_q = [json.dumps(x.id) for x in seekers]
    mentor_q = [json.dumps(x.id) for x in offers]
    truth = ("false", "true")
    mentor_of, pair_a, pair_b = asg.mentor_of.tolist(), cands.a.tolist(), cands.b.tolist()
    kept, mutual = cands.continuing.tolist(), cands.mutual.tolist()
    by_mentor, mentor_start = r.suggestions.mentor_order.tolist(), r.suggestions.mentor_start.tolist()
    by_mentee, mentee_start = r.suggestions.mentee_order.tolist(), r.suggestions.mentee_start.tolist()

    yield "{\n"
    yield from _block(
        "changes", [_dumps({"mentee": c.mentee, "before": c.before, "after": c.after, "why": c.why}) for c in r.changes]
    )
    yield f' "format": {FORMAT},\n'
    gaps = {
        "by_topic": [asdict(row) for row in r.gaps.by_topic],
        "by_language": [asdict(row) for row in r.gaps.by_language],
        "recruit": [{"topic": t, "language": c, "mentees": n} for t, c, n in r.gaps.recruit],
    }
    yield (
        ' "gaps": {\n'
        + ",\n".join(
            f"  {json.dumps(k)}: [" + ("\n" + ",\n".join("   " + _dumps(x) for x in v) + "\n  ]" if v else "]")
            for k, v in sorted(gaps.items())
        )
        + "\n },\n"
    )
    mentor_items = []
    for j, offer in enumerate(offers):
        entries = []
        for e in by_mentor[mentor_start[j] : mentor_start[j + 1]]:
            a = pair_a[e]
            own = mentor_of[a] == j
            entries.append(f'{{"assigned": {truth[own]}, "mentee": {mentee_q[a]}, {core[e]}')
        mentor_items.append((offer.id, entries))
    yield from _mapping("mentor_suggestions", mentor_items)
    misses = [
        (mentee, [_dumps({"mentor": m.mentor, "rule": m.rule, "score": m.score_h / 100, "why": m.why}) for m in items])
        for mentee, items in sorted(r.near_misses.items())
    ]
    yield from _mapping("near_misses", misses)
    pair_lines = []
    for i in np.flatnonzero(asg.pair >= 0).tolist():
        e = int(asg.pair[i])
        pair_lines.append(
            f'{{"kept": {truth[kept[e]]}, "mentee": {mentee_q[i]}, '
            f'"mentor": {mentor_q[pair_b[e]]}, "mutual": {truth[mutual[e]]}, {core[e]}'
        )
    yield from _block("pairs", pair_lines)
    if relationships is not None:
        yield f' "relationships": {_dumps(relationships)},\n'
    yield f' "stats": {_dumps(r.stats())},\n'
    mentee_items = []
    for i, seeker in enumerate(seekers):
        if not seeker.looking:
            continue
        entries = []
        for e in by_mentee[mentee_start[i] : mentee_start[i + 1]]:
            b = pair_b[e]
            own = mentor_of[i] == b
            entries.append(f'{{"assigned": {truth[own]}, "mentor": {mentor_q[b]}, {core[e]}')
        mentee_items.append((seeker.id, entries))
    yield from _mapping("suggestions", mentee_items)
    left = [
        _dumps({"eligible": u.eligible, "mentee": u.mentee, "places": dict(u.places), "rule": u.rule, "why": u.why})
        for u in r.unmatched
    ]
    yield from _block("unmatched", left, last=True)
    yield "}\n"


def named_of(result: MatchResult, relationships: dict[str, Any] | None = None) -> dict[str, Any]:
    """What :func:`matches_chunks`'s file names (:func:`matcher.matching.named.of_data` of it), made from the
    run itself: the build that follows a match reads this, not the file's 23 MB of reasons
    (:mod:`matcher.matching.named`)."""
    r = result
    seekers, offers, asg, cands = r.seekers, r.offers, r.assignment, r.cands
    pair_a, pair_b = cands.a.tolist(), cands.b.tolist()
    by_mentor, mentor_start = r.suggestions.mentor_order.tolist(), r.suggestions.mentor_start.tolist()
    by_mentee, mentee_start = r.suggestions.mentee_order.tolist(), r.suggestions.mentee_start.tolist()
    paired = np.flatnonzero(asg.pair >= 0)
    edges = asg.pair[paired]
    kept, mutual = cands.continuing[edges].tolist(), cands.mutual[edges].tolist()
    scores = (cands.score[edges] / 100).tolist()  # (as matches_chunks divides: the same floats)
    names = ["changes", "format", "gaps", "mentor_suggestions", "near_misses", "pairs"]
    out: dict[str, Any] = dict.fromkeys([*names, *(["relationships"] if relationships is not None else [])])
    out.update(dict.fromkeys(["stats", "suggestions", "unmatched"]))
    out["mentor_suggestions"] = {
        offer.id: tuple(seekers[pair_a[e]].id for e in by_mentor[mentor_start[j] : mentor_start[j + 1]])
        for j, offer in enumerate(offers)
    }
    out["pairs"] = [
        {"kept": k, "mentee": seekers[i].id, "mentor": offers[pair_b[e]].id, "mutual": m, "score": sc}
        for i, e, k, m, sc in zip(paired.tolist(), edges.tolist(), kept, mutual, scores, strict=True)
    ]
    out["suggestions"] = {
        seeker.id: tuple(offers[pair_b[e]].id for e in by_mentee[mentee_start[i] : mentee_start[i + 1]])
        for i, seeker in enumerate(seekers)
        if seeker.looking
    }
    return out


def matches_text(result: MatchResult, relationships: dict[str, Any] | None = None) -> str:
    return "".join(matches_chunks(result, relationships))


def write_atomically(path: Path, chunks: Iterator[str]) -> None:
    """Write to a temporary file beside ``path``, then rename: never a half-written file.

    A path that is there and is not a regular file (``--report /dev/null``, a pipe) is written as it
    is: renaming over it would put a regular file in place of the device or pipe (run as root, a
    ``/dev/null`` that keeps what is written to it, for every program on the machine). A symbolic
    link is followed: the file it names is replaced, and the link stays."""
    path = Path(path)
    if path.exists() and not path.is_file():
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            for chunk in chunks:
                handle.write(chunk)
        return
    if path.is_symlink():
        path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        for chunk in chunks:
            handle.write(chunk)
    os.replace(tmp, path)
