"""The matching pipeline: profiles in, a :class:`MatchResult` out.

    Profile --features--> Seeker/Offer --columns--> arrays --candidates--> scored pairs
            --assignment--> pairs --checks/suggestions/gaps/stability--> MatchResult

Every stage is a pure function of the previous ones. The profiles are sorted by id first,
so the result never depends on the order of files; ties are broken by hashes of ids.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matcher.matching.assignment import Assignment, Proof, assign
from matcher.matching.candidates import Candidates, Scanner, build_candidates
from matcher.matching.checks import blocking_pairs, check_validity
from matcher.matching.columns import Columns, build_columns
from matcher.matching.features import Offer, Seeker, offer_of, seeker_of
from matcher.matching.gaps import Gaps, find_gaps
from matcher.matching.policy import Policy
from matcher.matching.stability import Change, Previous, changes, listed_codes, previous_codes
from matcher.matching.stats import run_stats
from matcher.matching.suggestions import Suggestions, suggest
from matcher.matching.unmatched import NearMiss, Unmatched, find_unmatched
from matcher.profile.model import Profile

Progress = Callable[[str, int, int], None]


def quiet(stage: str, done: int, total: int) -> None:
    """A progress callback that says nothing."""


@dataclass(frozen=True)
class MatchResult:
    """Everything one run decided, for the JSON writer and the report."""

    policy: Policy
    seekers: tuple[Seeker, ...]  # by mentee row (sorted by id)
    offers: tuple[Offer, ...]  # by mentor row (sorted by id)
    names: dict[str, str]
    cols: Columns
    cands: Candidates
    assignment: Assignment
    proof: Proof
    blocking: np.ndarray  # candidate indices of blocking pairs
    suggestions: Suggestions
    gaps: Gaps
    unmatched: tuple[Unmatched, ...]
    near_misses: dict[str, tuple[NearMiss, ...]]
    changes: tuple[Change, ...]
    had_previous: bool
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def stats(self) -> dict[str, Any]:
        """``matches.json``'s ``stats`` (see :mod:`matcher.matching.stats`)."""
        return run_stats(self)


def views(profiles: Sequence[Profile], policy: Policy) -> tuple[tuple[Seeker, ...], tuple[Offer, ...]]:
    """The mentee and mentor views of the profiles, each sorted by id."""
    ordered = sorted(profiles, key=lambda p: p.id)
    seekers = tuple(seeker_of(p, policy) for p in ordered if p.mentee is not None)
    offers = tuple(offer_of(p, policy) for p in ordered if p.mentor is not None)
    return seekers, offers


def run_match(
    profiles: Sequence[Profile], policy: Policy, previous: Previous | None = None, progress: Progress = quiet
) -> MatchResult:
    """Match a community: pairs, suggestions, gaps and what changed since ``previous``."""
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = now - clock
        clock = now
        progress(stage, 1, 1)

    ids = [p.id for p in profiles]
    if len(set(ids)) != len(ids):
        raise ValueError("two profiles have the same id; validate the profiles first")
    seekers, offers = views(profiles, policy)
    cols = build_columns(seekers, offers, policy)
    lap("features")
    scanner = Scanner.of(cols, policy)
    cands = build_candidates(cols, policy, previous_codes(previous, cols), progress, scanner)
    lap("candidates")
    cands, asg, proof = assign(cands, cols, scanner, policy)
    check_validity(cands, asg, cols.mentors.capacity)
    lap("assignment")
    cands, sugg = suggest(cands, asg, cols, scanner, policy, listed_codes(previous, cols))
    asg = asg.on(cands, cols)
    blocking = blocking_pairs(cands, asg, cols.mentors.capacity, cols.mentors.status)
    gaps = find_gaps(cols, asg, seekers, offers)
    left, misses = find_unmatched(cols, cands, asg, proof, seekers, offers, scanner, policy)
    moved = (
        changes(previous, cols, cands, asg, seekers, offers, policy, proof.few, proof.improvement.proven)
        if previous is not None
        else ()
    )
    lap("suggestions and gaps")
    return MatchResult(
        policy=policy,
        seekers=seekers,
        offers=offers,
        names={p.id: p.name for p in profiles},
        cols=cols,
        cands=cands,
        assignment=asg,
        proof=proof,
        blocking=blocking,
        suggestions=sugg,
        gaps=gaps,
        unmatched=left,
        near_misses=misses,
        changes=moved,
        had_previous=previous is not None,
        timings=timings,
    )
