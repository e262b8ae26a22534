"""Candidate generation: each mentee's best mentors, found without scoring the full cross product.

Mentees are grouped by the set of topics they seek. For each group, the index of topics
gives the open mentors that offer at least one of them (the "topics" rule, usually a
tenth of all mentors); only those are scored, as one block of array operations per group
of rows: working language, formats in common (in person by place), reach and the points of
every component come from the class tables of :mod:`matcher.columns`. Each mentee keeps
their ``candidates`` best (by score, then the id-hash tie-break). Rows are processed a block
at a time, so memory stays bounded whatever the size of the community.

Then the pairs that must always be considered are added (last run's pairs, shortlists),
checked by :func:`~matcher.columns.edge_rules`, and every candidate pair is scored exactly by
:func:`~matcher.columns.edge_points`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matcher.columns import IN_PERSON, TOPIC_BITS, Columns, edge_points, edge_rules, edge_total, topic_points
from matcher.policy import Policy

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

    def __len__(self) -> int:
        return len(self.a)


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


@dataclass(frozen=True)
class _Scan:
    """What every block of the candidate scan reads (built once, shared by the worker threads)."""

    cols: Columns
    policy: Policy
    keep: int
    open_b: np.ndarray
    offers_topic: np.ndarray  # [topic bit, open mentor]: offers it
    a_class: np.ndarray
    b_class: np.ndarray
    lh: np.ndarray
    fmt_pen: np.ndarray
    ip_only: np.ndarray
    remote: np.ndarray
    bans: dict[int, np.ndarray]


def _scan_group(scan: _Scan, rows_all: np.ndarray, mask: np.uint64) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The best mentors of a group of mentees who seek the same topics (``mask``)."""
    A, B, policy = scan.cols.mentees, scan.cols.mentors, scan.policy
    bits = [bit for bit in range(len(TOPIC_BITS)) if int(mask) >> bit & 1]
    E = scan.open_b[np.flatnonzero(np.logical_or.reduce(scan.offers_topic[bits]))]
    out_a: list[np.ndarray] = []
    out_b: list[np.ndarray] = []
    if not len(E):
        return out_a, out_b
    w_loc, w_country = np.int16(policy.weight_h("location")), np.int16(policy.location_same_country_h)
    w_target, w_shared = np.int16(policy.weight_h("sector")), np.int16(policy.sector_shared_current_h)
    base = topic_points(policy, np.bitwise_count(B.topics[E] & mask), int(np.bitwise_count(mask))).astype(np.int16)
    lh_b, fb = scan.b_class[E], B.formats[E]
    cb, cityb, secb, hb = B.country[E], B.city[E], B.sectors[E].astype(np.int32), B.hash8[E]
    col = (slice(None), None)
    for lo in range(0, len(rows_all), ROWS_PER_BLOCK):
        rows = rows_all[lo : lo + ROWS_PER_BLOCK]
        score = scan.lh[scan.a_class[rows]].take(lh_b, axis=1) + base
        score += scan.fmt_pen[A.formats[rows]].take(fb, axis=1)
        target = (A.target_sectors[rows].astype(np.int32)[col] & secb) != 0
        shared = (A.sectors[rows].astype(np.int32)[col] & secb) != 0
        score += target * w_target + (shared & ~target) * w_shared
        near = np.flatnonzero(~scan.remote[rows])
        if len(near):
            r1 = rows[near]
            r = r1[col]
            same_country, same_city = A.country[r] == cb, A.city[r] == cityb
            place = same_city if policy.in_person_needs == "city" else same_country
            extra = (scan.ip_only[A.formats[r1]].take(fb, axis=1) & place) * -NEG  # only in person, same place
            if policy.local_is_a_rule:
                extra += (A.local[r] & ~same_country) * NEG
            extra += A.wants_local[r] * (same_city * (w_loc - w_country) + same_country * w_country)
            score[near] += extra.astype(np.int16)
        key = (score.astype(np.int32) << TIE_BITS) | (A.hash8[rows][col] ^ hb)
        for r_at, i in enumerate(rows.tolist()):
            banned = scan.bans.get(i)
            if banned is not None:
                at = np.minimum(np.searchsorted(E, banned), len(E) - 1)
                key[r_at, at[E[at] == banned]] = -1
        r_top, c_top = _top_keys(key, scan.keep)
        out_a.append(rows[r_top].astype(np.int32))
        out_b.append(E[c_top].astype(np.int32))
    return out_a, out_b


def best_mentors(
    cols: Columns, policy: Policy, keep: int, progress: Progress = _quiet
) -> tuple[np.ndarray, np.ndarray]:
    """Each looking mentee's ``keep`` best eligible open mentors, as (mentee rows, mentor rows), unordered.

    The score here leaves out mutual interest (sparse; those pairs are added whole later) and
    is exact otherwise; the key adds the tie-break bits below the score."""
    A, B = cols.mentees, cols.mentors
    open_b = np.flatnonzero(B.active)
    looking = np.flatnonzero(A.active)
    if len(open_b) == 0 or len(looking) == 0:
        return np.zeros(0, np.int32), np.zeros(0, np.int32)
    a_class, b_class, lh = _combined_classes(cols)
    fmt_pen, ip_only = _format_penalties(cols)
    scan = _Scan(
        cols=cols,
        policy=policy,
        keep=keep,
        open_b=open_b,
        offers_topic=np.array([(B.topics[open_b] & np.uint64(1 << bit)) != 0 for bit in range(len(TOPIC_BITS))]),
        a_class=a_class,
        b_class=b_class,
        lh=lh,
        fmt_pen=fmt_pen,
        ip_only=ip_only,
        remote=~A.wants_local & ((A.formats & IN_PERSON) == 0),  # no in-person, no local: place never matters
        bans=_bans(cols),
    )
    order = np.lexsort((looking, A.topics[looking]))
    rows_sorted = looking[order]
    masks = A.topics[rows_sorted]
    starts = np.flatnonzero(np.r_[True, masks[1:] != masks[:-1]]).tolist()
    ends = [*starts[1:], len(rows_sorted)]
    out_a: list[np.ndarray] = [np.zeros(0, np.int32)]
    out_b: list[np.ndarray] = [np.zeros(0, np.int32)]
    for start, end in zip(starts, ends, strict=True):
        got_a, got_b = _scan_group(scan, rows_sorted[start:end], masks[start])
        out_a += got_a
        out_b += got_b
        progress("scoring candidates", end, len(looking))
    return np.concatenate(out_a), np.concatenate(out_b)


def build_candidates(cols: Columns, policy: Policy, previous: np.ndarray, progress: Progress = _quiet) -> Candidates:
    """The candidate pairs: each mentee's best, plus last run's pairs (``previous``: sorted pair codes)
    and shortlists that pass every rule; each scored exactly."""
    a, b = best_mentors(cols, policy, policy.candidates, progress)
    n = max(len(cols.mentors), 1)
    special = np.unique(np.concatenate([previous, cols.mentee_wants, cols.mentor_wants]))
    sa, sb = (special // n).astype(np.int32), (special % n).astype(np.int32)
    continuing = np.isin(special, previous)
    rules = edge_rules(cols, sa, sb, policy, continuing)
    passed = np.logical_and.reduce(list(rules.values())) if len(special) else np.zeros(0, bool)
    codes = np.sort(np.concatenate([cols.code(a, b), special[passed]]))
    codes = codes[np.r_[True, codes[1:] != codes[:-1]]] if len(codes) else codes
    a, b = (codes // n).astype(np.int32), (codes % n).astype(np.int32)
    points = edge_points(cols, a, b, policy)
    return Candidates(
        a=a,
        b=b,
        points=points,
        score=edge_total(points),
        tie=tie_bits(cols, a, b),
        continuing=np.isin(codes, previous),
        mutual=np.isin(codes, cols.mentee_wants) & np.isin(codes, cols.mentor_wants),
    )
