"""Maximum coverage over every eligible pair, not only the candidates, with its proof.

The flow on the candidate pairs matches as many mentees as *those pairs* allow. A mentee left
out may still be matchable through a chain of reassignments that uses a mentor far down
another mentee's list (an *augmenting path*). :func:`augment` looks for such paths in the
full eligible graph, breadth first from every unmatched mentee at once:

    unmatched mentee -> an eligible mentor -> that mentor's mentees -> their eligible mentors -> ...

A mentee's eligible mentors are their candidate pairs when that list is exhaustive (they have
fewer eligible mentors than the cut), and are generated on demand from the topic index
(:class:`~matcher.matching.candidates.Scanner`) otherwise, only among mentors not reached yet, so the
full cross product is never built. Each search records who reached whom; the paths that end
at a free place and share no mentee are applied at once (as in Hopcroft and Karp's
algorithm), and the search starts again. When a search reaches no free place, no augmenting
path exists anywhere: by Berge's theorem the matching is maximum over *all* eligible pairs,
which is the proof :mod:`matcher.matching.assignment` reports.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.matching.candidates import Scanner, Select, sorted_unique
from matcher.matching.flows import ranges

ROW_BITS = 24  # mentee rows fit in the low bits of a parent's priority


@dataclass(frozen=True)
class Augmented:
    """A maximum matching over every eligible pair, and how it was found."""

    mentor_of: np.ndarray  # per mentee row: mentor row or -1
    searches: int  # breadth-first searches (the last one reached no free place: the proof)
    paths: int  # augmenting paths applied
    reached_mentees: int  # by the last search: the mentees that could give up or take a place
    reached_mentors: int


def reaching(free: np.ndarray) -> Select:
    """In each block: each mentee's best mentor with a free place (``free``, per mentor row) and best
    mentor overall, and each mentor's best mentee: enough for many disjoint paths, never the whole block."""

    def select(rows: np.ndarray, mentors: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if key.shape[0] == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        every = np.arange(key.shape[0])
        best = key.argmax(axis=1)
        picked_r, picked_c = [every[key[every, best] >= 0]], [best[key[every, best] >= 0]]
        room = np.flatnonzero(free[mentors])
        if len(room):
            near = room[key[:, room].argmax(axis=1)]
            ok = key[every, near] >= 0
            picked_r.append(every[ok])
            picked_c.append(near[ok])
        top = key.argmax(axis=0)
        cols = np.flatnonzero(key[top, np.arange(key.shape[1])] >= 0)
        picked_r.append(top[cols])
        picked_c.append(cols)
        return np.concatenate(picked_r), np.concatenate(picked_c)

    return select


@dataclass
class _Tree:
    """One breadth-first search: who reached each mentor, and the free mentors reached, in order."""

    via_mentee: np.ndarray  # per mentor row: the mentee whose pair reached it, or -1
    free: list[int]
    mentees: int
    mentors: int


def _search(
    arc_mentor: np.ndarray,
    arc_start: np.ndarray,
    mentor_of: np.ndarray,
    capacity: np.ndarray,
    exhaustive: np.ndarray,
    scanner: Scanner,
    roots: np.ndarray,
) -> _Tree:
    n_a, n_b = len(mentor_of), len(capacity)
    matched = np.flatnonzero(mentor_of >= 0)
    load = np.bincount(mentor_of[matched], minlength=n_b)
    free = load < capacity
    held = matched[np.argsort(mentor_of[matched], kind="stable")]
    held_start = np.searchsorted(mentor_of[held], np.arange(n_b + 1))
    seen_a, seen_b = np.zeros(n_a, bool), np.zeros(n_b, bool)
    via = np.full(n_b, -1, np.int64)
    found: list[int] = []
    frontier = sorted_unique(roots)
    while len(frontier):
        seen_a[frontier] = True
        idx = ranges(arc_start[frontier], arc_start[frontier + 1])
        pa, pb = np.repeat(frontier, arc_start[frontier + 1] - arc_start[frontier]), arc_mentor[idx]
        keep = ~seen_b[pb]
        parts_a, parts_b = [pa[keep]], [pb[keep]]
        open_rows = frontier[~exhaustive[frontier]]
        if len(open_rows):
            ga, gb = scanner.pairs(open_rows, reaching(free), mentors=~seen_b)
            parts_a.append(ga.astype(np.int64))
            parts_b.append(gb.astype(np.int64))
        ra, rb = np.concatenate(parts_a), np.concatenate(parts_b)
        # one parent per mentor reached, spread over mentees: each mentee's earlier pairs first, then
        # the lower mentee row; one stable sort for the ranks, then a minimum per mentor
        by_mentee = np.argsort(ra, kind="stable")
        rank = np.empty(len(ra), np.int64)
        rank[by_mentee] = np.arange(len(ra)) - np.searchsorted(ra[by_mentee], ra[by_mentee])
        prio = (rank << ROW_BITS) | ra
        best = np.full(n_b, np.iinfo(np.int64).max, np.int64)
        np.minimum.at(best, rb, prio)
        reached = np.flatnonzero(best < np.iinfo(np.int64).max)
        via[reached] = best[reached] & ((1 << ROW_BITS) - 1)
        seen_b[reached] = True
        found += reached[free[reached]].tolist()
        if found:  # the shortest augmenting paths are found: stop here, as Hopcroft and Karp do
            break
        nxt = held[ranges(held_start[reached], held_start[reached + 1])]
        frontier = sorted_unique(nxt[~seen_a[nxt]])
    return _Tree(via, found, int(seen_a.sum()), int(seen_b.sum()))


def _apply(tree: _Tree, mentor_of: np.ndarray) -> int:
    """Apply the augmenting paths of ``tree`` that share no mentee; how many."""
    taken: set[int] = set()
    applied = 0
    for end in tree.free:
        path: list[tuple[int, int]] = []
        mentor = end
        while True:
            mentee = int(tree.via_mentee[mentor])
            if mentee in taken or mentee < 0:
                path = []
                break
            path.append((mentee, mentor))
            mentor = int(mentor_of[mentee])
            if mentor < 0:
                break
        if not path or len({m for m, _ in path}) < len(path):
            continue
        for mentee, mentor in path:
            taken.add(mentee)
            mentor_of[mentee] = mentor
        applied += 1
    return applied


def augment(
    a: np.ndarray,
    b: np.ndarray,
    mentor_of: np.ndarray,
    capacity: np.ndarray,
    exhaustive: np.ndarray,
    scanner: Scanner,
    who: np.ndarray,
) -> Augmented:
    """Grow the matching ``mentor_of`` (per mentee row) until no augmenting path exists among the
    mentees ``who`` (bool per row), over the known pairs (``a``, ``b``, sorted by mentee) and every
    eligible pair the scanner generates; ``capacity`` per mentor row."""
    mentor_of = mentor_of.copy()
    arc_start = np.searchsorted(a, np.arange(len(mentor_of) + 1))
    has_pairs = (np.diff(arc_start) > 0) | ~exhaustive
    searches = paths = 0
    while True:
        roots = np.flatnonzero(who & has_pairs & (mentor_of < 0))
        tree = _search(b, arc_start, mentor_of, capacity, exhaustive, scanner, roots)
        searches += 1
        applied = _apply(tree, mentor_of) if tree.free else 0
        paths += applied
        if not tree.free:
            return Augmented(mentor_of, searches, paths, tree.mentees, tree.mentors)
        if applied == 0:
            raise AssertionError("a search reached a free place but no path could be applied")
