"""Brute force for the matcher's tests: every pair judged by the per-pair reference, optima by scipy.

Nothing here uses the matcher's vectorised code, candidate cut or flows: only
:func:`~matcher.matching.eligibility.check_pair`, :func:`~matcher.matching.scoring.score_pair` and the documented
tie-break (:func:`~matcher.matching.candidates.tie_bits`), so the tests compare the pipeline with an
independent answer on the same profiles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from matcher.matching.candidates import tie_bits
from matcher.matching.eligibility import check_pair
from matcher.matching.match import MatchResult
from matcher.matching.policy import Policy, load_policy
from matcher.matching.scoring import is_mutual, score_pair
from matcher.matching.vectors import VARIANTS, variant

DEFAULT = load_policy()
POLICIES: dict[str, Policy] = {"default": DEFAULT, **{name: variant(DEFAULT, name) for name in VARIANTS}}


@dataclass(frozen=True)
class Truth:
    """Every (mentee row, mentor row) pair of a result's community, judged by the reference."""

    eligible: np.ndarray  # bool [mentee, mentor]
    score: np.ndarray  # int64 hundredths
    mutual: np.ndarray  # bool
    continuing: np.ndarray  # bool: last run's pair
    tie: np.ndarray  # int64 tie-break bits
    few: np.ndarray  # bool per mentee: looking, with 1 to few_options eligible mentors
    capacity: np.ndarray  # per mentor

    @property
    def count(self) -> np.ndarray:
        counts: np.ndarray = self.eligible.sum(axis=1)
        return counts


def truth(r: MatchResult, previous: Sequence[tuple[str, str]] = ()) -> Truth:
    """The brute-force judgement of every pair of ``r``'s community (``previous``: last run's (mentee, mentor) ids)."""
    n_a, n_b = len(r.seekers), len(r.offers)
    before = set(previous)
    eligible = np.zeros((n_a, n_b), bool)
    score = np.zeros((n_a, n_b), np.int64)
    mutual = np.zeros((n_a, n_b), bool)
    continuing = np.zeros((n_a, n_b), bool)
    for i, seeker in enumerate(r.seekers):
        for j, offer in enumerate(r.offers):
            kept = (seeker.id, offer.id) in before
            continuing[i, j] = kept
            eligible[i, j] = all(x.passed for x in check_pair(seeker, offer, r.policy, continuing=kept))
            score[i, j] = score_pair(seeker, offer, r.policy).total_h
            mutual[i, j] = is_mutual(seeker, offer)
    a, b = np.meshgrid(np.arange(n_a), np.arange(n_b), indexing="ij")
    tie = tie_bits(r.cols, a.ravel(), b.ravel()).reshape(n_a, n_b).astype(np.int64)
    count = eligible.sum(axis=1)
    few = (count >= 1) & (count <= r.policy.few_options)
    capacity = np.array([o.capacity for o in r.offers], np.int64)
    return Truth(eligible, score, mutual, continuing, tie, few, capacity)


@dataclass(frozen=True)
class Optimum:
    matched: int
    few: int
    mutual: int
    value: int  # sum of score + keep bonus (hundredths) of the pairs


def optimum(t: Truth, policy: Policy, *, few_first: bool = True, mutual_first: bool = True) -> Optimum:
    """The lexicographic optimum over every eligible pair: most matched, then few options, then mutual
    pairs, then score with the keep bonus (by scipy, mentors replicated by capacity; the units keep
    every sum exact in float64)."""
    n_a = t.eligible.shape[0]
    slots = np.repeat(np.arange(len(t.capacity)), t.capacity)
    if n_a == 0 or len(slots) == 0:
        return Optimum(0, 0, 0, 0)
    value = t.score + t.continuing * policy.keep_bonus_h  # < 2**14
    unit_mutual = 2**14 * (n_a + 1)
    unit_few = unit_mutual * (n_a + 1)
    unit_match = unit_few * (n_a + 1)
    assert unit_match * (n_a + 1) < 2**53, "community too large for exact float sums"
    gain = (
        unit_match
        + (t.few[:, None] * unit_few if few_first else 0)
        + (t.mutual * unit_mutual if mutual_first else 0)
        + value
    )
    matrix = np.where(t.eligible, gain, 0).astype(float)[:, slots]
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    chosen = matrix[rows, cols] > 0
    i, j = rows[chosen], slots[cols[chosen]]
    return Optimum(len(i), int(t.few[i].sum()), int(t.mutual[i, j].sum()), int(value[i, j].sum()))


def achieved(t: Truth, r: MatchResult, policy: Policy) -> Optimum:
    """The same figures for the pipeline's assignment."""
    i = np.flatnonzero(r.assignment.mentor_of >= 0)
    j = r.assignment.mentor_of[i]
    value = t.score + t.continuing * policy.keep_bonus_h
    return Optimum(len(i), int(t.few[i].sum()), int(t.mutual[i, j].sum()), int(value[i, j].sum()))
