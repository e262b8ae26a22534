"""The global assignment: pairs within every mentor's capacity, each mentee at most once, in priority order.

1. **Coverage**: the most mentees matched, over *every* eligible pair. A max flow on the
   candidate pairs, then :func:`matcher.matching.coverage.search` looks for an augmenting path in the
   full eligible graph; its pairs are added and the flow solved again until none exists, which
   proves the coverage is the maximum (``Proof.coverage_bound``).
2. **Few options**: among those assignments, the most mentees matched who have at most
   ``few_options`` eligible mentors. Their pairs are all candidates (the cut keeps everyone's
   list whole below it), and mentees a matching can cover form a matroid (a transversal
   matroid), so the most of them any maximum matching covers is simply a maximum matching of
   their own pairs: ``F``. The final flow then feeds those mentees from a hub with a supply of
   exactly ``F`` and the others from a hub with exactly ``coverage - F``: a priority that a
   weighted sum could only approximate is a constraint of the same exact flow.
3. **Mutual interest, then score**: the least cost under those supplies, every pair's cost being

       cost = -(mutual bonus if both shortlisted each other + (score + keep bonus) << TIE_BITS | tie)

   where ``tie`` is a hash of the two ids (equal scores are broken the same way whatever the
   input order) and the bonus is larger than all other keys together (one more mutual pair
   always wins; off when the policy does not honour mutual interest first).
4. **Beyond the candidates**: :func:`matcher.matching.optimality.improve` prices every other eligible
   pair with the flow's potentials, adds those that could help and solves again, within the
   policy's time budget, and says whether the result is proven optimal.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from matcher.matching import coverage
from matcher.matching.candidates import TIE_BITS, Candidates, Scanner, with_pairs
from matcher.matching.columns import Columns
from matcher.matching.flows import AssignmentError, max_flow, min_cost_flow
from matcher.matching.optimality import Flow, Improvement, improve
from matcher.matching.policy import Policy

__all__ = ["Assignment", "AssignmentError", "Proof", "assign", "few_options", "pair_keys"]


@dataclass(frozen=True)
class Assignment:
    """``mentor_of[i]``: the mentor row of mentee ``i``, or -1; ``pair[i]``: the candidate index, or -1."""

    mentor_of: np.ndarray
    pair: np.ndarray
    mutual: np.ndarray  # bool per mentee: their pair is one where both shortlisted each other

    def on(self, cands: Candidates, cols: Columns) -> Assignment:
        """The same pairs, indexed in ``cands`` (a superset of the candidates it was made on)."""
        matched = np.flatnonzero(self.mentor_of >= 0)
        pair = np.full(len(self.pair), -1, np.int64)
        pair[matched] = np.searchsorted(cols.code(cands.a, cands.b), cols.code(matched, self.mentor_of[matched]))
        return Assignment(self.mentor_of, pair, self.mutual)


@dataclass(frozen=True)
class Proof:
    """What the assignment proves about itself, for the report and ``stats``."""

    coverage_bound: int  # the most mentees any assignment could match, over every eligible pair
    coverage_searches: int  # breadth-first searches of the full eligible graph
    coverage_added: int  # pairs beyond the candidates that the searches added
    few: np.ndarray  # bool per mentee row: looking, with 1 to few_options eligible mentors
    few_bound: int  # the most of them any maximum-coverage assignment can match
    improvement: Improvement
    mutual_bonus: int  # weight units of one mutual pair (0 when mutual interest is not first)
    seconds: dict[str, float] = field(default_factory=dict, compare=False)


def pair_keys(cands: Candidates, policy: Policy) -> np.ndarray:
    """What the assignment maximises per pair, after the match itself: score, keep bonus, tie-break."""
    value = cands.score.astype(np.int64) + cands.continuing * policy.keep_bonus_h
    keys: np.ndarray = (value << TIE_BITS) | cands.tie
    return keys


def few_options(cands: Candidates, n_mentees: int, policy: Policy) -> np.ndarray:
    """Mentees with at least one and at most ``few_options`` eligible mentors (all of them candidates)."""
    count = np.bincount(cands.a, minlength=n_mentees)
    few: np.ndarray = cands.exhaustive & (count >= 1) & (count <= policy.few_options)
    return few


def _mutual_bonus(n_mentees: int, policy: Policy) -> int:
    """More than every other key of every mentee together (scores are at most 100 points, plus the keep bonus)."""
    if not policy.honour_mutual_first:
        return 0
    top = ((policy.max_score_h + policy.keep_bonus_h) << TIE_BITS) | ((1 << TIE_BITS) - 1)
    return (n_mentees + 1) * (top + 1)


def _maximum_coverage(
    cands: Candidates, cols: Columns, scanner: Scanner, capacity: np.ndarray, policy: Policy
) -> tuple[Candidates, coverage.Augmented]:
    """(candidates with the pairs the augmenting paths needed, the maximum matching over every eligible pair)."""
    used = max_flow(cands.a, cands.b, capacity)
    mentor_of = np.full(len(cols.mentees), -1, np.int64)
    mentor_of[cands.a[used]] = cands.b[used]
    found = coverage.augment(cands.a, cands.b, mentor_of, capacity, cands.exhaustive, scanner, cols.mentees.active)
    matched = np.flatnonzero(found.mentor_of >= 0)
    return with_pairs(cands, cols, policy, matched, found.mentor_of[matched]), found


def assign(cands: Candidates, cols: Columns, scanner: Scanner, policy: Policy) -> tuple[Candidates, Assignment, Proof]:
    """The assignment of mentees to mentors by the priorities above, the candidates it needed, and its proof."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[step] = now - clock
        clock = now

    n_a = len(cols.mentees)
    capacity = cols.mentors.capacity.astype(np.int64)
    before = len(cands)
    cands, found = _maximum_coverage(cands, cols, scanner, capacity, policy)
    bound = int((found.mentor_of >= 0).sum())
    lap("coverage")
    few = few_options(cands, n_a, policy)
    mine = few[cands.a]
    few_bound = int(max_flow(cands.a[mine], cands.b[mine], capacity).sum())
    group = few.astype(np.int64)
    supply = np.array([bound - few_bound, few_bound], np.int64)
    bonus = _mutual_bonus(int(cols.mentees.active.sum()), policy)

    def weigh(c: Candidates) -> np.ndarray:
        w: np.ndarray = pair_keys(c, policy) + c.mutual.astype(np.int64) * bonus
        return w

    weight = weigh(cands)
    tick = time.perf_counter()
    used = min_cost_flow(cands.a, cands.b, capacity, -weight, group, supply)
    solve = time.perf_counter() - tick
    lap("flow")
    flow, improvement = improve(
        Flow(cands, used, weight),
        cols,
        scanner,
        policy,
        capacity,
        group,
        supply,
        cands.cut,
        weigh,
        policy.improve_seconds,
        solve,
    )
    lap("beyond the candidates")
    cands, used = flow.cands, flow.used
    mentor_of = np.full(n_a, -1, np.int32)
    pair = np.full(n_a, -1, np.int64)
    picked = np.flatnonzero(used)
    mentor_of[cands.a[picked]] = cands.b[picked]
    pair[cands.a[picked]] = picked
    in_mutual = np.zeros(n_a, bool)
    in_mutual[cands.a[picked]] = cands.mutual[picked]
    proof = Proof(bound, found.searches, len(cands) - before, few, few_bound, improvement, bonus, seconds)
    return cands, Assignment(mentor_of=mentor_of, pair=pair, mutual=in_mutual), proof
