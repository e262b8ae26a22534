"""The global assignment: pairs within every mentor's capacity, each mentee at most once.

A min-cost flow (OR-tools ``SimpleMinCostFlow``) on the candidate pairs:
source -> mentee (capacity 1) -> mentor (capacity 1 per pair) -> sink (the mentor's capacity).
``solve_max_flow_with_min_cost`` finds, among the maximum flows (the most mentees matched),
the one of least cost; every pair's cost is one integer,

    cost = -((score + keep bonus if last run's pair) << TIE_BITS | tie)

where ``tie`` is a hash of the two ids in the low bits, so equal scores are broken the same
way whatever the input order (a solver left to itself breaks them by arc order). When the
policy honours mutual interest first, a pair where both shortlisted each other also gets a
bonus larger than all other keys together: among the assignments that match the most
mentees, the solver takes one with the most mutual pairs, and then the best score.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from matcher.candidates import TIE_BITS, Candidates
from matcher.policy import Policy


class AssignmentError(RuntimeError):
    """The solver did not reach an optimum (a bug, or costs out of range): nothing is written."""


@dataclass(frozen=True)
class Assignment:
    """``mentor_of[i]``: the mentor row of mentee ``i``, or -1; ``pair[i]``: the candidate index, or -1."""

    mentor_of: np.ndarray
    pair: np.ndarray
    mutual: np.ndarray  # bool per mentee: their pair is one where both shortlisted each other


def pair_keys(cands: Candidates, policy: Policy) -> np.ndarray:
    """What the assignment maximises per pair, after the match itself: score, keep bonus, tie-break."""
    value = cands.score.astype(np.int64) + cands.continuing * policy.keep_bonus_h
    keys: np.ndarray = (value << TIE_BITS) | cands.tie
    return keys


def _flow(capacity: np.ndarray, a: np.ndarray, b: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Which of the given pairs the optimum uses (bool per pair)."""
    if len(a) == 0:
        return np.zeros(0, bool)
    used_a, a_node = np.unique(a, return_inverse=True)
    used_b, b_node = np.unique(b, return_inverse=True)
    na, nb = len(used_a), len(used_b)
    source, sink = na + nb, na + nb + 1
    tails = np.concatenate([np.full(na, source), a_node, na + np.arange(nb)]).astype(np.int32)
    heads = np.concatenate([np.arange(na), na + b_node, np.full(nb, sink)]).astype(np.int32)
    caps = np.concatenate([np.ones(na), np.ones(len(a)), capacity[used_b]]).astype(np.int64)
    costs = np.concatenate([np.zeros(na), -keys, np.zeros(nb)]).astype(np.int64)
    # arcs are added in a canonical order (mentee row, then mentor row); the tie bits make the optimum unique
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    smcf.set_nodes_supplies(np.array([source, sink], np.int32), np.array([na, -na], np.int64))
    status = smcf.solve_max_flow_with_min_cost()  # the most mentees matched, then the least cost
    if status != smcf.OPTIMAL:
        raise AssignmentError(f"the min-cost flow ended with status {status!r} on {len(a)} pairs")
    flows = smcf.flows(arcs)
    used: np.ndarray = flows[na : na + len(a)] > 0
    return used


def assign(cands: Candidates, n_mentees: int, capacity: np.ndarray, mutual: np.ndarray, policy: Policy) -> Assignment:
    """The optimal assignment of mentees to mentors on the candidate pairs."""
    keys = pair_keys(cands, policy)
    if policy.honour_mutual_first and mutual.any():
        # more than every other key of every mentee together: one more mutual pair always wins
        bonus = (len(np.unique(cands.a)) + 1) * (int(keys.max()) + 1)
        keys = keys + mutual.astype(np.int64) * bonus
    chosen = _flow(capacity.astype(np.int64), cands.a, cands.b, keys)
    mentor_of = np.full(n_mentees, -1, np.int32)
    pair = np.full(n_mentees, -1, np.int64)
    picked = np.flatnonzero(chosen)
    mentor_of[cands.a[picked]] = cands.b[picked]
    pair[cands.a[picked]] = picked
    in_mutual = np.zeros(n_mentees, bool)
    in_mutual[cands.a[picked]] = mutual[picked]
    return Assignment(mentor_of=mentor_of, pair=pair, mutual=in_mutual)
