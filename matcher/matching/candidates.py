"""Candidate generation: each mentee's best mentors, found without scoring the full cross product.

Mentees are grouped by the set of topics they seek. For each group, the index of topics
gives the open mentors that offer at least one of them (the "topics" rule, usually a
tenth of all mentors); only those are scored, as one block of array operations per group
of rows: working language, formats in common (in person by place), reach and the points of
every component come from the class tables of :mod:`matcher.matching.columns`. Each mentee keeps
their ``candidates`` best (by score, then the id-hash tie-break); an open mentor among fewer
than ``mentor_candidates`` of those pairs gets their ``mentor_candidates`` best mentees too, by a
second scan restricted to such mentors (so a mentor nobody ranks high can still be suggested
and give a place). Rows are processed a block at a time, so memory stays bounded whatever the
size of the community.

Then the pairs that must always be considered are added (last run's pairs, shortlists),
checked by :func:`~matcher.matching.columns.edge_rules`, and every candidate pair is scored exactly by
:func:`~matcher.matching.columns.edge_points`.

Long on purpose: the vectorised scan, its second pass for mentors in too few pairs and the
previous run's pairs share the same per-group arrays and index; apart, each would rebuild them.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matcher.matching.columns import (
    IN_PERSON,
    TOPIC_BITS,
    Columns,
    edge_points,
    edge_rules,
    edge_total,
    in_sorted,
    topic_points,
)
from matcher.matching.policy import Policy

ROWS_PER_BLOCK = 64
TIE_BITS = 8

Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs, sorted by (mentee, mentor), with their exact points and score."""

    a: np.ndarray  # int32 mentee row
    b: np.ndarray  # int32 mentor row
    points: dict[str, np.ndarray]  # component -> int32 hundredths
    score: np.ndarray  # int32 hundredths (the sum of points)
    tie: np.ndarray  # int32 tie-break bits (deterministic hash of the two ids)
    continuing: np.ndarray  # bool: assigned in the previous run
    mutual: np.ndarray  # bool: both shortlisted each other
    exhaustive: np.ndarray  # bool per mentee row: every eligible mentor of theirs is a candidate
    cut: np.ndarray  # int64 per mentee row: when not exhaustive, the lowest key kept (-1 otherwise);
    # every eligible pair left out has a key (score without interest << TIE_BITS | tie) of at most this

    def __len__(self) -> int:
        return len(self.a)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting: for large integer arrays several times faster than its hash table."""
    out = np.sort(values)
    if len(out):
        out = out[np.r_[True, out[1:] != out[:-1]]]
    return out


def tie_bits(cols: Columns, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The tie-break: the two ids' 8-bit hashes combined. The same for a pair whatever the file order."""
    bits: np.ndarray = (cols.mentees.hash8[a] ^ cols.mentors.hash8[b]).astype(np.int32)
    return bits


def _bans(cols: Columns) -> dict[int, np.ndarray]:
    """Mentee row -> mentor rows they may never get: themselves, and anyone either side avoids."""
    out: dict[int, list[int]] = defaultdict(list)
    n = max(len(cols.mentors), 1)
    for code in cols.avoided.tolist():
        out[code // n].append(code % n)
    mentor_of_person = {int(p): j for j, p in enumerate(cols.mentors.person)}
    for i, p in enumerate(cols.mentees.person.tolist()):
        if p in mentor_of_person:
            out[i].append(mentor_of_person[p])
    return {i: np.array(sorted(v), np.int64) for i, v in out.items()}


NEG = np.int16(-8000)  # a failed rule; three of them plus every point still fit in int16 below zero
SAMPLE_STRIDE = 8  # the selection threshold is estimated on every 8th mentor, then checked exactly


def _combined_classes(cols: Columns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(language, offset) classes of each side and their table: language + hours points, NEG when no
    working language. One gather per pair instead of two."""
    A, B, t = cols.mentees, cols.mentors, cols.tables
    n_off = len(t.offsets)
    ua, a_class = np.unique(A.lang_class.astype(np.int64) * n_off + A.offset_class, return_inverse=True)
    ub, b_class = np.unique(B.lang_class.astype(np.int64) * n_off + B.offset_class, return_inverse=True)
    la, oa, lb, ob = ua // n_off, ua % n_off, ub // n_off, ub % n_off
    lang = t.language_h[la[:, None], lb[None, :]]
    table = np.where(lang >= 0, lang + t.hours_h[oa[:, None], ob[None, :]], NEG).astype(np.int16)
    return a_class.astype(np.int32), b_class.astype(np.int32), table


def _format_penalties(cols: Columns) -> tuple[np.ndarray, np.ndarray]:
    """[mentee formats, mentor formats]: 0 when they can meet, NEG when not or only in person;
    and whether the only format in common is in person (then the place decides)."""
    table = cols.tables.formats
    return np.where(table == 1, 0, NEG).astype(np.int16), table == 2


def _top_keys(key: np.ndarray, keep: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column of each row's ``keep`` largest non-negative keys (all of them if fewer).

    A threshold per row is taken from every ``stride``-th column (a partial sort of a sample
    instead of the whole row), aiming at about twice ``keep`` survivors; rows where the
    sample guessed too high are redone exactly, so the result is exact."""
    rows, width = key.shape
    if width <= keep:
        flat = np.flatnonzero(key >= 0)
    else:
        stride = max(1, width // (4 * keep))
        sample = key[:, ::stride]
        q = min(sample.shape[1], max(1, 2 * keep // stride))
        cut = np.maximum(np.partition(sample, sample.shape[1] - q, axis=1)[:, sample.shape[1] - q], 0)
        flat = np.flatnonzero(key >= cut[:, None])
        counts = np.bincount(flat // width, minlength=rows)
        short = np.flatnonzero((counts < keep) & (cut > 0))
        if len(short):  # the sample guessed too high: those rows again, exactly
            exact = np.maximum(np.partition(key[short], width - keep, axis=1)[:, width - keep], 0)
            cut[short] = exact
            flat = np.flatnonzero(key >= cut[:, None])
    r, c = np.divmod(flat, width)
    order = np.lexsort((-key.ravel()[flat], r))  # by row, best first
    r, c = r[order], c[order]
    rank = np.arange(len(r)) - np.searchsorted(r, r)
    take = rank < keep
    return r[take], c[take]


Select = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]
"""Picks pairs in one block of the scan: (mentee rows, mentor rows, key [row, mentor]) -> (row positions,
mentor positions). The key is (score without interest << TIE_BITS | tie bits), negative when a rule fails."""


def top(keep: int) -> Select:
    """Each row's ``keep`` best eligible mentors."""
    return lambda rows, mentors, key: _top_keys(key, keep)


def every_eligible(rows: np.ndarray, mentors: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every eligible pair of the block."""
    r, c = np.nonzero(key >= 0)
    return r, c


@dataclass(frozen=True)
class Scanner:
    """Generates eligible pairs on demand from the topic index, never the full cross product.

    Built once per community (:meth:`of`); :meth:`pairs` scans any set of mentees against the
    open mentors who offer one of their topics, optionally only some mentors, and keeps what a
    :data:`Select` picks. The candidate stage, the coverage proof and the optimality check all
    read the same scan, so they agree on who is eligible and on every point."""

    cols: Columns
    policy: Policy
    open_b: np.ndarray
    offers_topic: np.ndarray  # [topic bit, open mentor]: offers it
    a_class: np.ndarray
    b_class: np.ndarray
    lh: np.ndarray
    fmt_pen: np.ndarray
    ip_only: np.ndarray
    remote: np.ndarray
    bans: dict[int, np.ndarray]

    @classmethod
    def of(cls, cols: Columns, policy: Policy) -> Scanner:
        A, B = cols.mentees, cols.mentors
        open_b = np.flatnonzero(B.active)
        a_class, b_class, lh = _combined_classes(cols)
        fmt_pen, ip_only = _format_penalties(cols)
        return cls(
            cols=cols,
            policy=policy,
            open_b=open_b,
            offers_topic=np.array(
                [(B.topics[open_b] & np.uint64(1 << bit)) != 0 for bit in range(len(TOPIC_BITS))]
            ).reshape(len(TOPIC_BITS), len(open_b)),
            a_class=a_class,
            b_class=b_class,
            lh=lh,
            fmt_pen=fmt_pen,
            ip_only=ip_only,
            remote=~A.wants_local & ((A.formats & IN_PERSON) == 0),  # no in-person, no local: place never matters
            bans=_bans(cols),
        )

    def pairs(
        self,
        rows: np.ndarray,
        select: Select,
        mentors: np.ndarray | None = None,
        progress: Progress = _quiet,
    ) -> tuple[np.ndarray, np.ndarray]:
        """(mentee rows, mentor rows) that ``select`` picks among the eligible open mentors of ``rows``
        (looking mentees only), restricted to the mentor rows where ``mentors`` (bool per mentor) is true."""
        A = self.cols.mentees
        rows = np.asarray(rows, np.int64)
        rows = rows[A.active[rows]]
        open_b = self.open_b if mentors is None else self.open_b[mentors[self.open_b]]
        out_a: list[np.ndarray] = [np.zeros(0, np.int32)]
        out_b: list[np.ndarray] = [np.zeros(0, np.int32)]
        if len(open_b) == 0 or len(rows) == 0:
            return out_a[0], out_b[0]
        offers_topic = self.offers_topic if mentors is None else self.offers_topic[:, mentors[self.open_b]]
        order = np.lexsort((rows, A.topics[rows]))
        rows_sorted = rows[order]
        masks = A.topics[rows_sorted]
        starts = np.flatnonzero(np.r_[True, masks[1:] != masks[:-1]]).tolist()
        ends = [*starts[1:], len(rows_sorted)]
        for start, end in zip(starts, ends, strict=True):
            bits = [bit for bit in range(len(TOPIC_BITS)) if int(masks[start]) >> bit & 1]
            E = open_b[np.flatnonzero(np.logical_or.reduce(offers_topic[bits]))]
            if len(E):
                got_a, got_b = self._group(rows_sorted[start:end], masks[start], E, select)
                out_a += got_a
                out_b += got_b
            progress("scoring candidates", end, len(rows_sorted))
        return np.concatenate(out_a), np.concatenate(out_b)

    def _group(
        self, rows_all: np.ndarray, mask: np.uint64, E: np.ndarray, select: Select
    ) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """The picked mentors (``E``, sorted) of a group of mentees who seek the same topics (``mask``)."""
        A, B, policy = self.cols.mentees, self.cols.mentors, self.policy
        out_a: list[np.ndarray] = []
        out_b: list[np.ndarray] = []
        w_loc, w_country = np.int16(policy.weight_h("location")), np.int16(policy.location_same_country_h)
        w_target, w_shared = np.int16(policy.weight_h("sector")), np.int16(policy.sector_shared_current_h)
        base = topic_points(policy, np.bitwise_count(B.topics[E] & mask), int(np.bitwise_count(mask))).astype(np.int16)
        lh_b, fb = self.b_class[E], B.formats[E]
        cb, cityb, secb, hb = B.country[E], B.city[E], B.sectors[E].astype(np.int32), B.hash8[E]
        col = (slice(None), None)
        for lo in range(0, len(rows_all), ROWS_PER_BLOCK):
            rows = rows_all[lo : lo + ROWS_PER_BLOCK]
            score = self.lh[self.a_class[rows]].take(lh_b, axis=1) + base
            score += self.fmt_pen[A.formats[rows]].take(fb, axis=1)
            target = (A.target_sectors[rows].astype(np.int32)[col] & secb) != 0
            shared = (A.sectors[rows].astype(np.int32)[col] & secb) != 0
            score += target * w_target + (shared & ~target) * w_shared
            near = np.flatnonzero(~self.remote[rows])
            if len(near):
                r1 = rows[near]
                r = r1[col]
                same_country, same_city = A.country[r] == cb, A.city[r] == cityb
                place = same_city if policy.in_person_needs == "city" else same_country
                extra = (self.ip_only[A.formats[r1]].take(fb, axis=1) & place) * -NEG  # only in person, same place
                if policy.local_is_a_rule:
                    extra += (A.local[r] & ~same_country) * NEG
                extra += A.wants_local[r] * (same_city * (w_loc - w_country) + same_country * w_country)
                score[near] += extra.astype(np.int16)
            key = (score.astype(np.int32) << TIE_BITS) | (A.hash8[rows][col] ^ hb)
            for r_at, i in enumerate(rows.tolist()):
                banned = self.bans.get(i)
                if banned is not None:
                    at = np.minimum(np.searchsorted(E, banned), len(E) - 1)
                    key[r_at, at[E[at] == banned]] = -1
            r_pick, c_pick = select(rows, E, key)
            out_a.append(rows[r_pick].astype(np.int32))
            out_b.append(E[c_pick].astype(np.int32))
        return out_a, out_b


def best_mentors(
    cols: Columns, policy: Policy, keep: int, progress: Progress = _quiet, scanner: Scanner | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each looking mentee's ``keep`` best eligible open mentors, as (mentee rows, mentor rows), unordered.

    The score here leaves out mutual interest (sparse; those pairs are added whole later) and
    is exact otherwise; the key adds the tie-break bits below the score."""
    scan = scanner or Scanner.of(cols, policy)
    return scan.pairs(np.flatnonzero(cols.mentees.active), top(keep), progress=progress)


class _MentorsBest:
    """Each mentor's ``m`` best mentees over a whole scan, kept as it goes (a streaming top-m).

    Rank is (key, then the lower mentee row) packed in one integer, so the order is total and the
    answer exact; blocks only keep what beats a mentor's current m-th best, and the kept pairs
    are cut back to m per mentor whenever they grow large."""

    ROW_BITS = 24

    def __init__(self, n_mentors: int, m: int) -> None:
        self.m = m
        self.limit = max(1 << 16, 2 * m * n_mentors)
        self.floor = np.full(n_mentors, -1, np.int64)
        self.floor_key = np.zeros(n_mentors, np.int32)  # the key part of floor (0 while a mentor has fewer than m)
        self.rows: list[np.ndarray] = [np.zeros(0, np.int64)]
        self.mentors: list[np.ndarray] = [np.zeros(0, np.int64)]
        self.ranks: list[np.ndarray] = [np.zeros(0, np.int64)]
        self.size = 0

    def see(self, rows: np.ndarray, mentors: np.ndarray, key: np.ndarray) -> None:
        r, c = np.nonzero(key >= self.floor_key[mentors][None, :])  # ties on the key are settled by rank
        rank = (key[r, c].astype(np.int64) << self.ROW_BITS) | ((1 << self.ROW_BITS) - 1 - rows[r].astype(np.int64))
        ok = rank > self.floor[mentors[c]]
        self.rows.append(rows[r[ok]].astype(np.int64))
        self.mentors.append(mentors[c[ok]].astype(np.int64))
        self.ranks.append(rank[ok])
        self.size += int(ok.sum())
        if self.size > self.limit:
            self._compact()

    def _compact(self) -> None:
        rows, mentors, ranks = np.concatenate(self.rows), np.concatenate(self.mentors), np.concatenate(self.ranks)
        order = np.lexsort((-ranks, mentors))
        place = np.arange(len(order)) - np.searchsorted(mentors[order], mentors[order])
        keep = order[place < self.m]
        self.rows, self.mentors, self.ranks = [rows[keep]], [mentors[keep]], [ranks[keep]]
        self.size = len(keep)
        last = order[place == self.m - 1]  # each mentor's m-th best: only better ones are kept from now on
        self.floor[mentors[last]] = ranks[last]
        self.floor_key[mentors[last]] = (ranks[last] >> self.ROW_BITS).astype(np.int32)

    def best(self) -> tuple[np.ndarray, np.ndarray]:
        self._compact()
        return self.rows[0], self.mentors[0]


def mentors_best(
    cols: Columns, policy: Policy, mentors: np.ndarray, scanner: Scanner | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The ``mentor_candidates`` best looking mentees (a, b) of each open mentor where ``mentors`` (bool
    per mentor row) is true, by (score without interest, tie bits), ties to the first mentee row."""
    scan = scanner or Scanner.of(cols, policy)
    best = _MentorsBest(len(cols.mentors), policy.mentor_candidates)
    if not best.m or not mentors.any():
        return np.zeros(0, np.int64), np.zeros(0, np.int64)

    def select(rows: np.ndarray, columns: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        best.see(rows, columns, key)
        return np.zeros(0, np.int64), np.zeros(0, np.int64)

    scan.pairs(np.flatnonzero(cols.mentees.active), select, mentors=mentors)
    return best.best()


def _scored(
    cols: Columns, policy: Policy, codes: np.ndarray, previous: np.ndarray, exhaustive: np.ndarray, cut: np.ndarray
) -> Candidates:
    n = max(len(cols.mentors), 1)
    a, b = (codes // n).astype(np.int32), (codes % n).astype(np.int32)
    points = edge_points(cols, a, b, policy)
    return Candidates(
        a=a,
        b=b,
        points=points,
        score=edge_total(points),
        tie=tie_bits(cols, a, b),
        continuing=in_sorted(codes, previous),
        mutual=in_sorted(codes, cols.mentee_wants) & in_sorted(codes, cols.mentor_wants),
        exhaustive=exhaustive,
        cut=cut,
    )


def _cuts(cols: Columns, cands: Candidates, top: np.ndarray) -> np.ndarray:
    """Per mentee: the lowest key among the pairs ``top`` (sorted codes) kept by the cut; -1 if exhaustive."""
    kept = np.flatnonzero(in_sorted(cols.code(cands.a, cands.b), top))
    key = ((cands.score[kept] - cands.points["interest"][kept]).astype(np.int64) << TIE_BITS) | cands.tie[kept]
    cut = np.full(len(cols.mentees), -1, np.int64)
    if len(kept):
        starts = np.flatnonzero(np.r_[True, cands.a[kept][1:] != cands.a[kept][:-1]])
        cut[cands.a[kept][starts]] = np.minimum.reduceat(key, starts)
    cut[cands.exhaustive] = -1
    return cut


def build_candidates(
    cols: Columns, policy: Policy, previous: np.ndarray, progress: Progress = _quiet, scanner: Scanner | None = None
) -> Candidates:
    """The candidate pairs: each mentee's best; for each open mentor in fewer than ``mentor_candidates``
    of those, their best mentees; plus last run's pairs (``previous``: sorted pair codes) and shortlists
    that pass every rule; each scored exactly."""
    scanner = scanner or Scanner.of(cols, policy)
    a, b = best_mentors(cols, policy, policy.candidates, progress, scanner)
    exhaustive = np.bincount(a, minlength=len(cols.mentees)) < policy.candidates
    few_pairs = np.bincount(b, minlength=len(cols.mentors)) < policy.mentor_candidates
    ma, mb = mentors_best(cols, policy, cols.mentors.active & few_pairs, scanner)
    n = max(len(cols.mentors), 1)
    special = sorted_unique(np.concatenate([previous, cols.mentee_wants, cols.mentor_wants]))
    sa, sb = (special // n).astype(np.int32), (special % n).astype(np.int32)
    continuing = in_sorted(special, previous)
    rules = edge_rules(cols, sa, sb, policy, continuing)
    passed = np.logical_and.reduce(list(rules.values())) if len(special) else np.zeros(0, bool)
    top = sorted_unique(cols.code(a, b))
    codes = sorted_unique(np.concatenate([top, cols.code(ma, mb), special[passed]]))
    cands = _scored(cols, policy, codes, previous, exhaustive, np.zeros(0, np.int64))
    return dataclasses.replace(cands, cut=_cuts(cols, cands, top))


def with_pairs(cands: Candidates, cols: Columns, policy: Policy, a: np.ndarray, b: np.ndarray) -> Candidates:
    """The candidates and the eligible open pairs (``a``, ``b``) found beyond them, scored exactly.

    Only pairs with an open mentor are ever added (found by :class:`Scanner`), so none of them is
    last run's pair (those are candidates already): only the new ones are scored, then merged in order."""
    old = cols.code(cands.a, cands.b)
    new = sorted_unique(cols.code(a, b))
    new = new[~in_sorted(new, old)]
    if len(new) == 0:
        return cands
    extra = _scored(cols, policy, new, np.zeros(0, np.int64), cands.exhaustive, cands.cut)
    at = np.searchsorted(old, new)  # both sorted: insert in place, no sort of the whole

    def merged(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        out: np.ndarray = np.insert(x, at, y)
        return out

    return Candidates(
        a=merged(cands.a, extra.a),
        b=merged(cands.b, extra.b),
        points={k: merged(v, extra.points[k]) for k, v in cands.points.items()},
        score=merged(cands.score, extra.score),
        tie=merged(cands.tie, extra.tie),
        continuing=merged(cands.continuing, extra.continuing),
        mutual=merged(cands.mutual, extra.mutual),
        exhaustive=cands.exhaustive,
        cut=cands.cut,
    )
