"""Why each mentee left without a mentor is left without one, in claims that can be checked.

Two cases:

* **A rule**: no open mentor passes every rule with them. The open mentors are narrowed rule by
  rule (topics, language, format, reach, avoid) and the first rule that leaves no one is the
  reason, in words a maintainer can act on ("no open mentor speaks Romanian on EU affairs").
  The mentee is shown their *nearest misses* instead of suggestions: mentors who fail exactly
  one rule, best score first, each with that rule in its own words.
* **Capacity**: they have eligible mentors. The coverage is the most possible (the assignment
  proves it), so every one of those mentors is full and matching this mentee would leave
  another without one. Each place at those mentors is then held by someone the priorities put
  first, and the claim says which priority: a mentee with few options (over one without), a pair
  where both shortlisted each other, a mentee who fits the mentor better (a higher score), or
  one kept from the last run (by the keep bonus). Each is what a one-for-one swap would lose
  under the assignment's order, so it holds for an optimal assignment; a place that none of
  these explains is counted apart (``other``), which only happens when the assignment is not
  proven optimal beyond the candidates.

For a mentee whose list of candidates was cut, the places counted are those at their
candidates (their best-fitting mentors), and the claim says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.matching.assignment import Assignment, Proof, pair_keys
from matcher.matching.candidates import TIE_BITS, Candidates, Scanner, tie_bits
from matcher.matching.columns import STATUS, Columns, edge_points, edge_rules, edge_total
from matcher.matching.eligibility import check_pair, country_label, label, language_label, ways
from matcher.matching.features import Offer, Seeker
from matcher.matching.flows import ranges
from matcher.matching.policy import Policy

KINDS = ("few_options", "mutual", "better_fit", "equal_fit", "kept", "other")
_HELD = {
    "few_options": ("a mentee with few options", "mentees with few options"),
    "mutual": ("a pair who shortlisted each other", "pairs who shortlisted each other"),
    "better_fit": ("a mentee who fits the mentor better", "mentees who fit their mentor better"),
    "equal_fit": ("a mentee who fits the mentor as well (a tie)", "mentees who fit their mentor as well (ties)"),
    "kept": ("a pair kept from the last run", "pairs kept from the last run"),
    "other": ("another mentee", "other mentees"),
}


@dataclass(frozen=True)
class Unmatched:
    mentee: str
    rule: str  # the rule that left no open mentor, or "capacity"
    why: str
    eligible: int = 0  # eligible mentors (capacity only; every one of them is full)
    places: tuple[tuple[str, int], ...] = ()  # (kind, places) at those mentors, kinds in KINDS order


@dataclass(frozen=True)
class NearMiss:
    mentor: str
    rule: str  # the one rule the pair fails
    why: str  # that rule's words
    score_h: int


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 open mentor``, ``2 open mentors``: the count and the right form."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def either(words: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def why_no_mentor(i: int, cols: Columns, seeker: Seeker, policy: Policy) -> tuple[str, str]:
    """(rule, words): the first rule that leaves a mentee with no open mentor."""
    everyone = np.arange(len(cols.mentors))
    rules = edge_rules(cols, np.full(len(everyone), i), everyone, policy)
    left = rules["mentor-open"].copy()
    topics = either([f"“{label('topic', t)}”" for t in seeker.topics])  # quoted: a label may hold an "or"
    langs = either([language_label(code) for code, _ in seeker.languages])
    formats = ways(seeker.formats).replace("in person", f"in person in {country_label(seeker.country)}")
    steps = [
        ("topics", f"no open mentor offers {topics}"),
        ("language", f"no open mentor speaks {langs} on {topics}"),
        ("format", f"no open mentor who speaks {langs} on {topics} meets {formats}"),
        (
            "reach",
            f"no open mentor in {country_label(seeker.country)} (the mentee asked for a local mentor) "
            f"speaks {langs} on {topics}",
        ),
        ("avoid", "the only open mentors who fit are on an avoid list (the mentee's or their own)"),
        ("different-people", "the only open mentor who fits is the mentee themself"),
    ]
    if not len(cols.mentors) or not left.any():
        return "mentor-open", "there is no open mentor at all"
    for rule, words in steps:
        before = int(left.sum())
        left &= rules[rule]
        if not left.any():
            if rule == "language":
                words += f" ({plural(before, 'open mentor')} offer{'s' if before == 1 else ''} it in other languages)"
            return rule, words
    return "capacity", "no candidate mentor"  # not reached: an eligible mentor would be a candidate


def near_misses(
    i: int, cols: Columns, seekers: Sequence[Seeker], offers: Sequence[Offer], policy: Policy, limit: int
) -> tuple[NearMiss, ...]:
    """The mentors who fail exactly one rule with mentee ``i`` (never 'themself'), best score first."""
    everyone = np.arange(len(cols.mentors))
    mine = np.full(len(everyone), i)
    rules = edge_rules(cols, mine, everyone, policy)
    failed = np.sum([~ok for ok in rules.values()], axis=0)
    near = everyone[(failed == 1) & rules["different-people"] & rules["mentee-looking"]]
    if not len(near) or limit <= 0:
        return ()
    score = edge_total(edge_points(cols, mine[: len(near)], near, policy)).astype(np.int64)
    key = (score << 8) | tie_bits(cols, mine[: len(near)], near)
    out = []
    for j in near[np.argsort(-key, kind="stable")[:limit]].tolist():
        miss = next(r for r in check_pair(seekers[i], offers[j], policy) if not r.passed)
        out.append(NearMiss(offers[j].id, miss.rule, miss.detail, int(score[np.searchsorted(near, j)])))
    return tuple(out)


def _count_eligible(scanner: Scanner, rows: np.ndarray, n_mentees: int) -> np.ndarray:
    """Per mentee row: how many open mentors are eligible (for ``rows`` only), by one scan that keeps no pair."""
    counts = np.zeros(n_mentees, np.int64)

    def count(block: np.ndarray, mentors: np.ndarray, key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        counts[block] += (key >= 0).sum(axis=1)
        return np.zeros(0, np.int64), np.zeros(0, np.int64)

    scanner.pairs(rows, count)
    return counts


def holders(
    cands: Candidates, asg: Assignment, few: np.ndarray, arcs: np.ndarray, n_mentors: int, policy: Policy
) -> tuple[np.ndarray, np.ndarray]:
    """For each place held at the mentor of each candidate pair in ``arcs``: (the pair's index in ``arcs``,
    the kind of priority that puts its holder before the pair's mentee, an index of KINDS)."""
    matched = np.flatnonzero(asg.mentor_of >= 0)
    held = matched[np.argsort(asg.mentor_of[matched], kind="stable")]
    start = np.searchsorted(asg.mentor_of[held], np.arange(n_mentors + 1))
    b = cands.b[arcs]
    at = np.repeat(np.arange(len(arcs)), start[b + 1] - start[b])
    arc, holder = arcs[at], held[ranges(start[b], start[b + 1])]
    theirs, i = asg.pair[holder], cands.a[arc]
    keys = pair_keys(cands, policy)
    first = policy.honour_mutual_first
    same_few = few[holder] == few[i]
    mutual_h, mutual_i = cands.mutual[theirs] & first, cands.mutual[arc] & first
    level = same_few & (mutual_h == mutual_i) & (keys[theirs] >= keys[arc])  # the score level decides
    kind = np.select(
        [
            few[holder] & ~few[i],
            same_few & mutual_h & ~mutual_i,
            level & (cands.score[theirs] > cands.score[arc]),
            level & (cands.score[theirs] == cands.score[arc]),
            level,
        ],
        [KINDS.index(k) for k in ("few_options", "mutual", "better_fit", "equal_fit", "kept")],
        KINDS.index("other"),
    )
    return at, kind


def within_cut(cands: Candidates) -> np.ndarray:
    """Per candidate pair: one of its mentee's ``candidates`` best, a shortlist or last run's pair (not a
    pair found later, beyond the cut, by the coverage or optimality searches or for suggestions)."""
    interest = cands.points["interest"]
    key = ((cands.score - interest).astype(np.int64) << TIE_BITS) | cands.tie
    cut = cands.cut[cands.a]
    inside: np.ndarray = (cut < 0) | (key >= cut) | (interest > 0) | cands.continuing
    return inside


def held_places(
    cands: Candidates, asg: Assignment, few: np.ndarray, rows: np.ndarray, n_mentors: int, policy: Policy
) -> np.ndarray:
    """[mentee row, kind]: the places at each of ``rows``' candidate mentors, by what holds them (see KINDS)."""
    n_a = len(asg.mentor_of)
    wanted = np.zeros(n_a, bool)
    wanted[rows] = True
    arcs = np.flatnonzero(wanted[cands.a] & within_cut(cands))
    at, kind = holders(cands, asg, few, arcs, n_mentors, policy)
    out = np.zeros((n_a, len(KINDS)), np.int64)
    np.add.at(out, (cands.a[arcs[at]], kind), 1)
    return out


def held_words(places: Sequence[int], other: str = "other mentees") -> str:
    """'1 is held by a mentee with few options, 2 by mentees who fit their mentor better'."""
    parts: list[str] = []
    for kind, n in zip(KINDS, places, strict=True):
        if n:
            verb = "by " if parts else ("is" if n == 1 else "are") + " held by "
            words = _HELD[kind][n != 1] if kind != "other" else other
            parts.append(f"{n:,} {verb}{words}")
    return ", ".join(parts)


def _capacity_words(eligible: int, cut: bool, candidates: int, places: np.ndarray) -> str:
    who = {1: "the only eligible mentor is", 2: "both eligible mentors are"}.get(
        eligible, f"all {eligible:,} eligible mentors are"
    )
    total = int(places.sum())
    where = (
        f"of the {plural(total, 'place')} at the {candidates:,} who fit best"
        if cut
        else f"of {'its' if eligible == 1 else 'their'} {plural(total, 'place')}"
    )
    words = held_words(places.tolist())
    return f"{who} full, and matching this mentee would leave another without a mentor: {where}, {words}"


def find_unmatched(
    cols: Columns,
    cands: Candidates,
    asg: Assignment,
    proof: Proof,
    seekers: Sequence[Seeker],
    offers: Sequence[Offer],
    scanner: Scanner,
    policy: Policy,
) -> tuple[tuple[Unmatched, ...], dict[str, tuple[NearMiss, ...]]]:
    """Every looking mentee without a mentor, with the reason; and, for those with no eligible mentor,
    their nearest misses."""
    n_a = len(cols.mentees)
    left = np.flatnonzero(cols.mentees.active & (asg.mentor_of < 0))
    n_cands = np.bincount(cands.a, minlength=n_a)
    capacity = left[(n_cands[left] > 0) | ~cands.exhaustive[left]]
    cut = capacity[~cands.exhaustive[capacity]]
    best = np.bincount(cands.a[within_cut(cands)], minlength=n_a)
    eligible = n_cands.copy()
    if len(cut):
        not_open = np.bincount(cands.a[cols.mentors.status[cands.b] != STATUS["open"]], minlength=n_a)
        eligible[cut] = _count_eligible(scanner, cut, n_a)[cut] + not_open[cut]
    places = held_places(cands, asg, proof.few, capacity, len(cols.mentors), policy)
    out: list[Unmatched] = []
    misses: dict[str, tuple[NearMiss, ...]] = {}
    for i in left.tolist():
        seeker = seekers[i]
        if n_cands[i] == 0 and cands.exhaustive[i]:
            rule, why = why_no_mentor(i, cols, seeker, policy)
            out.append(Unmatched(seeker.id, rule, why))
            misses[seeker.id] = near_misses(i, cols, seekers, offers, policy, policy.suggestions_per_mentee)
            continue
        mine = places[i]
        words = _capacity_words(int(eligible[i]), not cands.exhaustive[i], int(best[i]), mine)
        held = tuple((k, int(n)) for k, n in zip(KINDS, mine, strict=True) if n)
        out.append(Unmatched(seeker.id, "capacity", words, int(eligible[i]), held))
    return tuple(out), misses
