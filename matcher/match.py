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

from matcher.assignment import Assignment, assign
from matcher.candidates import Candidates, build_candidates
from matcher.checks import blocking_pairs, check_validity
from matcher.columns import Columns, build_columns
from matcher.features import Offer, Seeker, offer_of, seeker_of
from matcher.gaps import Gaps, find_gaps
from matcher.model import Profile
from matcher.policy import Policy
from matcher.stability import Change, Previous, changes, previous_codes
from matcher.suggestions import Suggestions, suggest

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
    blocking: np.ndarray  # candidate indices of blocking pairs
    suggestions: Suggestions
    gaps: Gaps
    changes: tuple[Change, ...]
    had_previous: bool
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def stats(self) -> dict[str, Any]:
        A, B = self.cols.mentees, self.cols.mentors
        mentor_of = self.assignment.mentor_of
        matched = np.flatnonzero(mentor_of >= 0)
        scores = self.cands.score[self.assignment.pair[matched]]
        looking = int(A.active.sum())
        open_places = int(B.capacity[B.active].sum())
        continuing = self.cands.continuing[self.assignment.pair[matched]]
        churned = sum(1 for c in self.changes if c.before is not None)
        return {
            "policy_version": self.policy.version,
            "profiles": len(self.names),
            "mentees": looking,
            "mentees_paused": len(A) - looking,
            "matched": len(matched),
            "unmatched": looking - len(matched),
            "mutual_pairs": int(self.cands.mutual[self.assignment.pair[matched]].sum()),
            "blocking_pairs": len(self.blocking),
            "mentors": len(B),
            "mentors_open": int(B.active.sum()),
            "places_open": open_places,
            "places_used": len(matched),
            "candidate_pairs": len(self.cands),
            "total_score": int(scores.sum()) / 100,
            "mean_score": round(float(scores.mean()) / 100, 2) if len(scores) else 0.0,
            "kept": int(continuing.sum()) if self.had_previous else 0,
            "changed": churned,
        }


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
    cands = build_candidates(cols, policy, previous_codes(previous, cols), progress)
    lap("candidates")
    asg = assign(cands, len(seekers), cols.mentors.capacity, cands.mutual, policy)
    check_validity(cands, asg, cols.mentors.capacity)
    lap("assignment")
    blocking = blocking_pairs(cands, asg, cols.mentors.capacity, cols.mentors.status)
    sugg = suggest(cands, asg, len(seekers), len(offers), cols.mentors.capacity, policy)
    gaps = find_gaps(cols, cands, asg, seekers, offers, policy)
    moved = changes(previous, cols, cands, asg, seekers, offers, policy) if previous is not None else ()
    lap("suggestions and gaps")
    return MatchResult(
        policy=policy,
        seekers=seekers,
        offers=offers,
        names={p.id: p.name for p in profiles},
        cols=cols,
        cands=cands,
        assignment=asg,
        blocking=blocking,
        suggestions=sugg,
        gaps=gaps,
        changes=moved,
        had_previous=previous is not None,
        timings=timings,
    )
