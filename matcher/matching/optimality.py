"""After coverage: is the assignment also the best for mutual interest and score over *every* eligible pair?

The min-cost flow is optimal on the pairs it was given. Its node potentials
(:func:`~matcher.matching.flows.potentials`) certify it for the others too: a pair (i, j) outside the
network can only help when its *reduced cost* is negative,

    weight(i, j) > potential(i) - potential(j),

so one scan of the eligible pairs (:class:`~matcher.matching.candidates.Scanner`, mentees whose list
was cut only, and only mentors whose potential leaves room) prices them all without solving.
If none is negative, the assignment is optimal over all eligible pairs: proven. Otherwise the
best few such pairs of each mentee are added and the flow is solved again (column
generation), while the time budget (``improve_seconds`` in the policy) allows. When it runs
out, LP duality still bounds what was left: no assignment of the same mentees can gain more
than the sum over mentees of their most negative reduced cost, which the report states as at
most so many mutual pairs and points.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matcher.matching.candidates import TIE_BITS, Candidates, Scanner, _top_keys, with_pairs
from matcher.matching.columns import Columns
from matcher.matching.flows import Potentials, min_cost_flow, potentials
from matcher.matching.policy import Policy

PER_MENTEE = 4  # pairs added per mentee and round: the most negative reduced costs


@dataclass(frozen=True)
class Improvement:
    """What the search beyond the candidates found for mutual interest and score."""

    rounds: int  # pricing scans
    added: int  # pairs added to the candidates
    proven: bool  # no eligible pair outside the network could improve the assignment
    gap: int  # when not proven: the most the weights could still improve (weight units); -1: not examined
    gap_mentees: int  # mentees with a negative reduced cost
    seconds: float


@dataclass(frozen=True)
class Flow:
    """The last min-cost problem: its pairs, its solution and how to solve it again."""

    cands: Candidates
    used: np.ndarray
    weight: np.ndarray  # per pair: what matching it is worth (the cost is its negative)


Weigh = Callable[[Candidates], np.ndarray]


def price(
    flow: Flow, pot: Potentials, scanner: Scanner, cut: np.ndarray, n_mentees: int
) -> tuple[np.ndarray, np.ndarray, int, int]:
    """Pairs outside the network whose reduced cost is negative (the best ``PER_MENTEE`` of each
    mentee), the sum over mentees of their largest violation, and how many mentees have one."""
    c = flow.cands
    mentor_of = np.full(n_mentees, -1, np.int64)
    mentor_of[c.a[flow.used]] = c.b[flow.used]
    # a pair outside the network has a key of at most cut[i]: mentors whose potential is too low never qualify
    floor = pot.mentee - cut
    rows = np.flatnonzero(~c.exhaustive & (cut >= 0))
    ceiling = int(pot.mentor[scanner.open_b].max()) if len(scanner.open_b) else 0
    rows = rows[floor[rows] < ceiling]
    if len(rows) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), 0, 0
    mentors = pot.mentor > int(floor[rows].min())
    best = np.zeros(n_mentees, np.int64)

    def select(block: np.ndarray, E: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        over = key.astype(np.int64) - (pot.mentee[block][:, None] - pot.mentor[E][None, :])
        over[(key < 0) | (E[None, :] == mentor_of[block][:, None])] = -1
        over[over == 0] = -1
        np.maximum.at(best, block, over.max(axis=1, initial=0))
        return _top_keys(over, PER_MENTEE)

    a, b = scanner.pairs(rows, select, mentors=mentors)
    return a.astype(np.int64), b.astype(np.int64), int(best.sum()), int((best > 0).sum())


def improve(
    flow: Flow,
    cols: Columns,
    scanner: Scanner,
    policy: Policy,
    capacity: np.ndarray,
    group: np.ndarray,
    supply: np.ndarray,
    cut: np.ndarray,
    weigh: Weigh,
    budget: float,
    solve_seconds: float,
) -> tuple[Flow, Improvement]:
    """Price every eligible pair outside the network; add the improving ones and solve again, until
    none is left (proven optimal) or the next round would not fit in ``budget`` seconds. When the
    flow alone took longer than the budget, nothing is priced (``gap`` -1: not examined)."""
    start = time.perf_counter()
    if solve_seconds > budget:
        return flow, Improvement(0, 0, False, -1, 0, 0.0)
    n_a, n_b = len(cols.mentees), len(cols.mentors)
    rounds = added = 0
    while True:
        c = flow.cands
        pot = potentials(c.a, c.b, flow.used, flow.weight, capacity, group, n_a, n_b)
        a, b, gap, mentees = price(flow, pot, scanner, cut, n_a)
        rounds += 1
        spent = time.perf_counter() - start
        if len(a) == 0:
            return flow, Improvement(rounds, added, True, 0, 0, spent)
        if spent + 1.5 * solve_seconds > budget:
            return flow, Improvement(rounds, added, False, gap, mentees, spent)
        grown = with_pairs(c, cols, policy, a, b)
        added += len(grown) - len(c)
        weight = weigh(grown)
        tick = time.perf_counter()
        used = min_cost_flow(grown.a, grown.b, capacity, -weight, group, supply)
        solve_seconds = time.perf_counter() - tick
        flow = Flow(grown, used, weight)


def score_gap_h(gap: int, mentees: int, bonus: int) -> tuple[int | None, int | None]:
    """(most mutual pairs, most hundredths of total score) an unproven ``gap`` could still hide; None
    where nothing bounds it (more mutual pairs could trade score; or nothing was examined)."""
    if gap < 0:
        return None, None
    if gap == 0:
        return 0, 0
    if bonus and gap >= bonus:
        return gap // bonus, None  # more mutual pairs could trade score: no bound on the score alone
    return 0, (gap + (1 << TIE_BITS) * mentees) >> TIE_BITS
