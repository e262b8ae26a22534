"""Reasons in plain words for many pairs at once, from the reference scorer.

Each score component reads only a few features of the two people (the topics the mentee
seeks in their order and which of them the mentor offers; the two language profiles; the two
UTC offsets; ...). Pairs are grouped by those features per component, the reference
component (:mod:`matcher.matching.scoring`) runs once per group on one of its pairs, and its points
and words serve the whole group. The points are then checked, pair by pair, against the
vectorised score the assignment used: a difference stops the run (:class:`ScoreMismatch`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import numpy as np

from matcher.matching.candidates import Candidates
from matcher.matching.columns import Columns, in_sorted
from matcher.matching.features import Offer, Seeker
from matcher.matching.policy import COMPONENTS, Policy
from matcher.matching.scoring import SCORERS


class ScoreMismatch(RuntimeError):
    """The vectorised score of a pair differs from the reference: a bug; nothing is published."""


def _class_of(values: Sequence[object]) -> np.ndarray:
    """A small integer per value, equal for equal values."""
    seen: dict[object, int] = {}
    return np.array([seen.setdefault(v, len(seen)) for v in values], np.int64)


def _groups(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index of one member of each group, group of each row) for rows equal in every column."""
    packed = np.zeros(len(columns[0]), np.int64)
    bits = 0
    for column in columns:
        c = np.asarray(column, np.int64)
        c = c - int(c.min())
        width = max(1, int(c.max()).bit_length())
        bits += width
        if bits > 62:  # too wide to pack: compare whole rows
            stacked = np.stack([np.asarray(x, np.int64) for x in columns], axis=1)
            _, first, inverse = np.unique(stacked, axis=0, return_index=True, return_inverse=True)
            return first, inverse.reshape(-1)
        packed = (packed << width) | c
    order = np.argsort(packed, kind="stable")
    ordered = packed[order]
    new = np.r_[True, ordered[1:] != ordered[:-1]]
    group = np.empty(len(packed), np.int64)
    group[order] = np.cumsum(new) - 1
    return order[new], group


def component_groups(
    cols: Columns, seekers: Sequence[Seeker], offers: Sequence[Offer], a: np.ndarray, b: np.ndarray
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per component: pairs with the same inputs for it, as :func:`_groups` returns them."""
    A, B = cols.mentees, cols.mentors
    code = cols.code(a, b)
    topic_order = _class_of([s.topics for s in seekers])
    targets = _class_of([s.target_sectors for s in seekers])
    sectors = _class_of([s.sectors for s in seekers])
    shown_city = _class_of([o.city for o in offers])
    # sector: the target sectors the mentor works in, else the current ones both share (in the
    # mentee's order); location: only what the component looks at for a mentee who wants it
    hit_target, hit_shared = A.target_sectors[a] & B.sectors[b], A.sectors[a] & B.sectors[b]
    kind = np.where(hit_target != 0, 2, np.where(hit_shared != 0, 1, 0))
    wants = A.wants_local[a]
    return {
        "topics": _groups(topic_order[a], (A.topics[a] & B.topics[b]).astype(np.int64)),
        "language": _groups(A.lang_class[a], B.lang_class[b]),
        "hours": _groups(A.offset_class[a], B.offset_class[b]),
        "sector": _groups(
            kind,
            np.where(kind == 2, targets[a], np.where(kind == 1, sectors[a], 0)),
            np.where(kind == 2, hit_target, np.where(kind == 1, hit_shared, 0)),
        ),
        "location": _groups(
            wants, wants * A.country[a], wants * B.country[b], wants * (A.city[a] == B.city[b]), wants * shown_city[b]
        ),
        "interest": _groups(in_sorted(code, cols.mentee_wants), in_sorted(code, cols.mentor_wants)),
    }


def reasons_json(
    cols: Columns,
    seekers: Sequence[Seeker],
    offers: Sequence[Offer],
    cands: Candidates,
    edges: np.ndarray,
    policy: Policy,
) -> list[str]:
    """For each candidate pair in ``edges``: its reasons (components with points) as a JSON array."""
    a, b = cands.a[edges], cands.b[edges]
    if len(edges) == 0:
        return []
    total = np.zeros(len(edges), np.int64)
    texts: list[list[str]] = []
    a_list, b_list = a.tolist(), b.tolist()
    for name, (first, group) in component_groups(cols, seekers, offers, a, b).items():
        results = [SCORERS[name](seekers[a_list[f]], offers[b_list[f]], policy) for f in first.tolist()]
        total += np.array([c.points_h for c in results], np.int64)[group]
        text = np.array(
            [
                json.dumps(
                    {"criterion": c.criterion, "detail": c.detail, "points": c.points},
                    sort_keys=True,
                    ensure_ascii=False,
                )
                + ", "
                if c.points_h
                else ""
                for c in results
            ],
            dtype=object,
        )
        texts.append(text[group].tolist())
    assert len(texts) == len(COMPONENTS)
    wrong = np.flatnonzero(total != cands.score[edges])
    if len(wrong):
        k = int(wrong[0])
        raise ScoreMismatch(
            f"{seekers[int(a[k])].id} and {offers[int(b[k])].id}: reference score {total[k] / 100} "
            f"but vectorised {int(cands.score[edges][k]) / 100}; please report this bug"
        )
    return ["[" + "".join(parts)[:-2] + "]" for parts in zip(*texts, strict=True)]
