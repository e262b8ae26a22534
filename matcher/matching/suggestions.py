"""Suggestions: for each mentee a few mentors, for each mentor a few mentees, with a bounded load.

Each mentor appears in at most ``cap = max(lists_at_least, lists_per_place x capacity)``
mentees' lists. The lists are an *allocation*, solved as flows, not a ranking with a
penalty: a penalty computed from demand moves the demand elsewhere and has to be iterated,
with no guarantee where it settles, while a flow meets the cap exactly and says who could be
served. In order:

1. every mentee's own pair (it counts against the mentor's cap, which is never below capacity);
2. one suggestion for every unmatched mentee who has an eligible mentor: a maximum flow on
   the candidate pairs within the caps left, then :func:`matcher.matching.coverage.augment` over every
   eligible pair (as for the assignment), so a mentee is left without one only when the caps
   make it impossible for everyone to have one;
3. one list for as many open mentors who are in none yet as possible (a flow on their
   candidate pairs: each mentor's best mentees are candidates too), so nobody who could be
   found is invisible;
4. the rest of each list (up to ``per_mentee``), among each mentee's ``per_mentee x 3`` best
   candidates: the most suggestions, then the best scores, by a min-cost flow when there are at
   most ``FLOW_PAIRS`` such pairs (up to some 25,000 mentees); beyond, where that flow takes
   seconds, in rounds among all their candidates: each mentee asks for their best remaining ones
   and a mentor takes the best-scoring requests their room allows (it leaves more lists short;
   caps hold the same).

Where scores tie (steps 3 and 4), a pair last run's lists named comes first (``--previous``): it
is never chosen over a better score, only over an equal one, so the lists stay from run to run
where nothing calls for a change. Chosen afresh among equal scores, one mentor's new topic moved
some 1,000 of 6,900 mentees' lists at 10,000 people; kept, some 40 to 80.

A list shows its own pair first, then the others by score (the real score, so a list is
always in score order after the pair). A mentor's list shows their own mentees, then the
mentees whose list names them, by score: both sides see the same suggestions.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.matching import coverage
from matcher.matching.assignment import Assignment
from matcher.matching.candidates import TIE_BITS, Candidates, Scanner, with_pairs
from matcher.matching.columns import Columns, in_sorted
from matcher.matching.flows import max_flow, max_flow_min_cost
from matcher.matching.policy import Policy

WIDTH = 3  # step 4 looks at each mentee's per_mentee x WIDTH best candidates
FLOW_PAIRS = 400_000  # step 4 by a min-cost flow up to this many pairs (the flow costs seconds beyond), in rounds after


@dataclass(frozen=True)
class Suggestions:
    """Candidate indices, grouped: ``by_mentee[i]`` and ``by_mentor[j]``, best first (own pairs first)."""

    mentee_order: np.ndarray  # candidate indices sorted by mentee then rank
    mentee_start: np.ndarray  # per mentee row, start in mentee_order (len = n_mentees + 1)
    mentor_order: np.ndarray
    mentor_start: np.ndarray
    cap: np.ndarray  # per mentor row: the most mentee lists they may appear in
    lists: np.ndarray  # per mentor row: the mentee lists they appear in
    wanting: np.ndarray  # bool per mentee row: looking, with at least one eligible mentor
    searches: int  # breadth-first searches beyond the candidates for step 2

    def for_mentee(self, i: int) -> np.ndarray:
        return self.mentee_order[self.mentee_start[i] : self.mentee_start[i + 1]]

    def for_mentor(self, j: int) -> np.ndarray:
        return self.mentor_order[self.mentor_start[j] : self.mentor_start[j + 1]]


def list_caps(capacity: np.ndarray, policy: Policy) -> np.ndarray:
    """The most mentee lists each mentor may appear in."""
    caps: np.ndarray = np.maximum(policy.lists_at_least, policy.lists_per_place * capacity.astype(np.int64))
    return caps


def _rank_within(group: np.ndarray, *keys_desc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order by group ascending, then each key descending (then input order); and each item's rank in its group."""
    if len(group) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.lexsort((*(-k.astype(np.int64) for k in reversed(keys_desc)), group))
    g = group[order]
    rank = np.arange(len(g)) - np.searchsorted(g, g)
    return order, rank


def _first(
    cands: Candidates, cols: Columns, scanner: Scanner, policy: Policy, room: np.ndarray, who: np.ndarray
) -> tuple[Candidates, np.ndarray, int]:
    """Step 2: a suggestion for as many of the mentees ``who`` as the mentors' ``room`` allows, over every
    eligible pair; (candidates grown by the pairs it needed, chosen pair indices, searches)."""
    mine = np.flatnonzero(who[cands.a])
    used = max_flow(cands.a[mine], cands.b[mine], room)
    mentor_of = np.full(len(who), -1, np.int64)
    mentor_of[cands.a[mine[used]]] = cands.b[mine[used]]
    found = coverage.augment(cands.a[mine], cands.b[mine], mentor_of, room, cands.exhaustive, scanner, who)
    served = np.flatnonzero(found.mentor_of >= 0)
    cands = with_pairs(cands, cols, policy, served, found.mentor_of[served])
    first = np.searchsorted(cols.code(cands.a, cands.b), cols.code(served, found.mentor_of[served]))
    return cands, first, found.searches


def _fill(
    cands: Candidates,
    cols: Columns,
    policy: Policy,
    chosen: np.ndarray,
    room: np.ndarray,
    have: np.ndarray,
    stay: np.ndarray,
) -> np.ndarray:
    """Steps 3 and 4: candidate indices added to the lists ``chosen`` so far, within each mentor's ``room``
    and each mentee's ``have`` (suggestions already), ``stay`` (per candidate: last run's lists named
    it) breaking ties of score: first one list for as many open mentors in none
    as possible, then the most suggestions, the best scores first."""
    n_a, n_b = len(cols.mentees), len(cols.mentors)
    per = policy.suggestions_per_mentee
    taken = np.zeros(len(cands), bool)
    taken[chosen] = True
    # Equal scores: a pair last run's lists named first (stay), then the id-hash tie-break.
    key = (cands.score.astype(np.int64) << (TIE_BITS + 1)) | (stay.astype(np.int64) << TIE_BITS) | cands.tie
    listed = np.bincount(cands.b[chosen], minlength=n_b)
    unseen = cols.mentors.active & (listed == 0) & (room > 0)
    pool = np.flatnonzero(unseen[cands.b] & ~taken & cols.mentees.active[cands.a])
    wants = np.maximum(per - have, 0)
    seen = pool[max_flow_min_cost(cands.a[pool], cands.b[pool], wants, unseen.astype(np.int64), -key[pool])]
    taken[seen] = True
    room = room - np.bincount(cands.b[seen], minlength=n_b)
    wants = np.maximum(wants - np.bincount(cands.a[seen], minlength=n_a), 0)
    order, rank = _rank_within(cands.a, key)
    pool = order[(rank < WIDTH * per) & ~taken[order]]  # by mentee, best first
    if len(pool) <= FLOW_PAIRS:
        pool = np.sort(pool)
        # The best scores, and among lists of equal scores the most pairs last run's lists named: a pair
        # named before weighs less than a hundredth of a point summed over every pair (so no score is
        # given up for it), and one edit does not reshuffle the lists of people it does not concern.
        cost = -(cands.score[pool].astype(np.int64) * (len(pool) + 1) + stay[pool])
        extra = pool[max_flow_min_cost(cands.a[pool], cands.b[pool], wants, room, cost)]
    else:  # rounds are cheap: every candidate may be asked for
        extra = _rounds(cands, order[~taken[order]], wants, room, key)
    added: np.ndarray = np.concatenate([seen, extra])
    return added


def _rounds(cands: Candidates, pool: np.ndarray, wants: np.ndarray, room: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Step 4 on a large community, in rounds: each mentee asks for as many of their best remaining pairs
    (``pool``, by mentee, best first) as they still want; a mentor takes the best-scoring requests their
    room allows and, once full, is dropped from every list. Caps hold exactly; it ends when no one asks."""
    wants, room = wants.copy(), room.copy()
    taken: list[np.ndarray] = [np.zeros(0, np.int64)]
    while len(pool):
        a = cands.a[pool]
        rank = np.arange(len(pool)) - np.searchsorted(a, a)
        ask = rank < wants[a]
        if not ask.any():
            break
        asked = pool[ask]
        order = np.lexsort((cands.a[asked], -key[asked], cands.b[asked]))
        b = cands.b[asked][order]
        place = np.arange(len(order)) - np.searchsorted(b, b)
        took = asked[order][place < room[b]]
        taken.append(took)
        np.subtract.at(wants, cands.a[took], 1)
        np.subtract.at(room, cands.b[took], 1)
        gone = np.zeros(len(cands), bool)
        gone[asked] = True
        pool = pool[~gone[pool] & (room[cands.b[pool]] > 0)]
    return np.concatenate(taken)


def suggest(
    cands: Candidates,
    asg: Assignment,
    cols: Columns,
    scanner: Scanner,
    policy: Policy,
    listed: np.ndarray | None = None,
) -> tuple[Candidates, Suggestions]:
    """Every mentee's and mentor's list, within the caps; and the candidates grown by the pairs step 2 needed."""
    n_a, n_b = len(cols.mentees), len(cols.mentors)
    cap = list_caps(cols.mentors.capacity, policy)
    wanting = cols.mentees.active & ((np.bincount(cands.a, minlength=n_a) > 0) | ~cands.exhaustive)
    matched = np.flatnonzero(asg.mentor_of >= 0)
    own_codes = np.sort(cols.code(matched, asg.mentor_of[matched]))
    searches = 0
    codes = cols.code(cands.a, cands.b)
    chosen = np.flatnonzero(in_sorted(codes, own_codes))
    if policy.suggestions_per_mentee > 0:
        load = np.bincount(asg.mentor_of[matched], minlength=n_b)
        who = wanting & (asg.mentor_of < 0)
        cands, first, searches = _first(cands, cols, scanner, policy, cap - load, who)
        codes = cols.code(cands.a, cands.b)
        chosen = np.concatenate([np.flatnonzero(in_sorted(codes, own_codes)), first])
        room = cap - np.bincount(cands.b[chosen], minlength=n_b)
        have = np.bincount(cands.a[chosen], minlength=n_a)
        stay = in_sorted(codes, listed if listed is not None else np.zeros(0, np.int64))
        chosen = np.concatenate([chosen, _fill(cands, cols, policy, chosen, room, have, stay)])
    chosen = np.sort(chosen)
    own = asg.mentor_of[cands.a] == cands.b
    key = (cands.score.astype(np.int64) << TIE_BITS) | cands.tie
    order, _ = _rank_within(cands.a[chosen], own[chosen].astype(np.int64), key[chosen])
    m_order = chosen[order]
    m_start = np.searchsorted(cands.a[m_order], np.arange(n_a + 1))
    r_order, r_rank = _rank_within(cands.b[chosen], own[chosen].astype(np.int64), key[chosen])
    keep = (r_rank < policy.suggestions_per_mentor) | own[chosen][r_order]
    r_order = chosen[r_order[keep]]
    r_start = np.searchsorted(cands.b[r_order], np.arange(n_b + 1))
    lists = np.bincount(cands.b[chosen], minlength=n_b)
    return cands, Suggestions(m_order, m_start, r_order, r_start, cap, lists, wanting, searches)
