"""Suggestions: for each mentee their best mentors, for each mentor their best mentees.

Everyone's own pair comes first. The others are ranked by score less a load-spreading
penalty: a mentor who is in the top ``per_mentee`` of many more mentees than their capacity
loses ``spread_penalty x log2(demand / capacity)`` points *for the ranking only*, so one
popular mentor is not everyone's only suggestion; the same holds for mentees many mentors
would pick. The score shown is the real one. Ties fall to the score, then the id-hash tie bits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.assignment import Assignment
from matcher.candidates import TIE_BITS, Candidates
from matcher.policy import Policy


@dataclass(frozen=True)
class Suggestions:
    """Candidate indices, grouped: ``by_mentee[i]`` and ``by_mentor[j]``, best first (own pairs first)."""

    mentee_order: np.ndarray  # candidate indices sorted by mentee then rank
    mentee_start: np.ndarray  # per mentee row, start in mentee_order (len = n_mentees + 1)
    mentor_order: np.ndarray
    mentor_start: np.ndarray
    mentor_penalty: np.ndarray  # per mentor: points (hundredths) taken off for ranking only, 0 if not in demand
    mentee_penalty: np.ndarray  # per mentee: the same, for mentors' lists

    def for_mentee(self, i: int) -> np.ndarray:
        return self.mentee_order[self.mentee_start[i] : self.mentee_start[i + 1]]

    def for_mentor(self, j: int) -> np.ndarray:
        return self.mentor_order[self.mentor_start[j] : self.mentor_start[j + 1]]


def _sort_key(group: np.ndarray, keys_desc: tuple[np.ndarray, ...]) -> np.ndarray | None:
    """The sort keys packed into one int64 (group ascending, then each key descending), if they fit."""
    packed = group.astype(np.int64) - int(group.min())
    bits = int(packed.max()).bit_length()
    for key in keys_desc:
        k = key.astype(np.int64)
        flipped = int(k.max()) - k
        width = int(flipped.max()).bit_length()
        bits += width
        if bits > 62:
            return None
        packed = (packed << width) | flipped
    return packed


def _rank_within(group: np.ndarray, *keys_desc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order by group ascending, then each key descending (then input order); and each item's rank in its group."""
    if len(group) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    packed = _sort_key(group, keys_desc)
    if packed is not None:
        order = np.argsort(packed, kind="stable")
    else:
        order = np.lexsort((*(-k.astype(np.int64) for k in reversed(keys_desc)), group))
    g = group[order]
    rank = np.arange(len(g)) - np.searchsorted(g, g)
    return order, rank


def _demand_penalty(
    group: np.ndarray, other: np.ndarray, key: np.ndarray, top: int, n_other: int, capacity: np.ndarray, penalty_h: int
) -> np.ndarray:
    """Per item of ``other``: penalty points for being in the raw top ``top`` of more groups than capacity."""
    order, rank = _rank_within(group, key)
    demand = np.bincount(other[order[rank < top]], minlength=n_other)
    ratio = np.maximum(demand / np.maximum(capacity, 1), 1.0)
    penalty: np.ndarray = np.rint(penalty_h * np.log2(ratio)).astype(np.int64)
    return penalty


def _select(
    group: np.ndarray,
    own: np.ndarray,
    adjusted: np.ndarray,
    key: np.ndarray,
    limit: int,
    n_groups: int,
    keep_all_own: bool,
) -> tuple[np.ndarray, np.ndarray]:
    order, rank = _rank_within(group, own.astype(np.int64), adjusted, key)
    own_sorted = own[order]
    keep = (rank < limit) | (own_sorted & keep_all_own)
    chosen = order[keep]
    starts = np.searchsorted(group[chosen], np.arange(n_groups + 1))
    return chosen, starts


def suggest(
    cands: Candidates, asg: Assignment, n_mentees: int, n_mentors: int, capacity: np.ndarray, policy: Policy
) -> Suggestions:
    """Rank every candidate pair for both people; keep each one's top suggestions."""
    key = (cands.score.astype(np.int64) << TIE_BITS) | cands.tie
    own = asg.mentor_of[cands.a] == cands.b
    spread = policy.spread_penalty_h
    mentor_penalty = _demand_penalty(cands.a, cands.b, key, policy.suggestions_per_mentee, n_mentors, capacity, spread)
    mentee_penalty = _demand_penalty(
        cands.b, cands.a, key, policy.suggestions_per_mentor, n_mentees, np.ones(n_mentees, np.int64), spread
    )
    m_order, m_start = _select(
        cands.a,
        own,
        cands.score - mentor_penalty[cands.b],
        key,
        policy.suggestions_per_mentee,
        n_mentees,
        keep_all_own=False,
    )
    r_order, r_start = _select(
        cands.b,
        own,
        cands.score - mentee_penalty[cands.a],
        key,
        policy.suggestions_per_mentor,
        n_mentors,
        keep_all_own=True,
    )
    return Suggestions(m_order, m_start, r_order, r_start, mentor_penalty, mentee_penalty)
