"""Checks of an assignment, kept apart from the algorithm that made it: validity and blocking pairs.

Preferences are the scores: a mentee prefers the mentor with the higher score, a mentor the
mentee with the higher score. A *blocking pair* is an eligible candidate pair, not assigned,
where the mentee is unmatched or prefers that mentor to their own, and the mentor has a free
place (and is open) or prefers that mentee to the weakest of their own. Ties never block.
"""

from __future__ import annotations

import numpy as np

from matcher.matching.assignment import Assignment
from matcher.matching.candidates import Candidates
from matcher.matching.columns import STATUS


class InvalidAssignment(AssertionError):
    """An assignment broke a hard constraint: a bug, reported instead of written."""


def check_validity(cands: Candidates, asg: Assignment, capacity: np.ndarray) -> None:
    """Each mentee at most once (by construction), only candidate (eligible) pairs, capacity kept."""
    matched = np.flatnonzero(asg.mentor_of >= 0)
    pairs = asg.pair[matched]
    if (pairs < 0).any() or (cands.a[pairs] != matched).any() or (cands.b[pairs] != asg.mentor_of[matched]).any():
        raise InvalidAssignment("an assigned pair is not one of the eligible candidate pairs")
    load = np.bincount(asg.mentor_of[matched], minlength=len(capacity))
    over = np.flatnonzero(load > capacity)
    if len(over):
        raise InvalidAssignment(f"{len(over)} mentor(s) over capacity, e.g. mentor row {over[0]}")


def blocking_pairs(cands: Candidates, asg: Assignment, capacity: np.ndarray, status: np.ndarray) -> np.ndarray:
    """Indices of the candidate pairs that block the assignment."""
    n_mentors = len(capacity)
    matched = np.flatnonzero(asg.mentor_of >= 0)
    own = np.full(len(asg.mentor_of), -1, np.int64)
    own[matched] = cands.score[asg.pair[matched]]
    load = np.bincount(asg.mentor_of[matched], minlength=n_mentors)
    weakest = np.full(n_mentors, np.iinfo(np.int64).max)
    np.minimum.at(weakest, asg.mentor_of[matched], own[matched])
    free = (load < capacity) & (status == STATUS["open"])
    not_theirs = asg.mentor_of[cands.a] != cands.b
    mentee_wants = cands.score > own[cands.a]  # own is -1 when unmatched
    mentor_wants = free[cands.b] | (cands.score > np.where(load[cands.b] > 0, weakest[cands.b], np.iinfo(np.int64).max))
    return np.flatnonzero(not_theirs & mentee_wants & mentor_wants)
