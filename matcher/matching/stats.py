"""``stats`` in ``matches.json``: the figures of a run, for the report and the site's dashboard.

Every key is always present; numbers only (no timings: the file is byte-identical run to run).

========================  ===================================================================
``coverage_bound``        the most mentees any assignment could match, over every eligible pair
                          (proven: ``matched`` equals it)
``few_options``           ``{"limit", "mentees", "matched", "bound"}``: mentees with 1 to
                          ``limit`` eligible mentors, how many are matched, and the most any
                          maximum-coverage assignment could match
``optimal``               true when no eligible pair outside the candidates could raise the
                          mutual count or the score (proven by the flow's potentials)
``improvable``            ``{"mutual_pairs", "score"}``: when not proven, at most how many more
                          mutual pairs and points of total score another assignment of as many
                          mentees could reach (``score`` is null when more mutual pairs could
                          trade score; both null when the flow alone took longer than the time
                          budget, so nothing was examined); zeros when proven
``pairs_beyond_cut``      assigned pairs outside each mentee's ``candidates`` best
``match_rate_by_language`` ``{code: {"looking", "matched"}}``, a mentee counted for each language
``match_rate_by_region``  ``{region: {"looking", "matched"}}``, by the mentee's country (tzdata)
``suggestions``           ``{"list_cap_per_place", "list_cap_at_least", "most_lists",
                          "mentors_at_cap", "mentors_suggested", "mentees_wanting",
                          "mentees_without", "mentees_with_fewer"}``
========================  ===================================================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from matcher.matching.optimality import score_gap_h

if TYPE_CHECKING:
    from matcher.matching.match import MatchResult


def _rates(rows: tuple[Any, ...]) -> dict[str, dict[str, int]]:
    return {r.key: {"looking": r.looking, "matched": r.matched} for r in rows}


def run_stats(r: MatchResult) -> dict[str, Any]:
    """The ``stats`` object of ``matches.json``."""
    A, B = r.cols.mentees, r.cols.mentors
    asg, cands, proof, sugg, policy = r.assignment, r.cands, r.proof, r.suggestions, r.policy
    matched = np.flatnonzero(asg.mentor_of >= 0)
    pairs = asg.pair[matched]
    scores = cands.score[pairs]
    looking = int(A.active.sum())
    imp = proof.improvement
    mutual_gap, score_gap = score_gap_h(imp.gap, imp.gap_mentees, proof.mutual_bonus)
    cut = cands.cut[matched]
    key = ((cands.score[pairs] - cands.points["interest"][pairs]).astype(np.int64) << 8) | cands.tie[pairs]
    beyond = (cut >= 0) & (key < cut) & ~cands.continuing[pairs] & (cands.points["interest"][pairs] == 0)
    lengths = np.diff(sugg.mentee_start)
    return {
        "policy_version": policy.version,
        "profiles": len(r.names),
        "mentees": looking,
        "mentees_paused": len(A) - looking,
        "matched": len(matched),
        "unmatched": looking - len(matched),
        "mutual_pairs": int(cands.mutual[pairs].sum()),
        "blocking_pairs": len(r.blocking),
        "mentors": len(B),
        "mentors_open": int(B.active.sum()),
        "places_open": int(B.capacity[B.active].sum()),
        "places_used": len(matched),
        "candidate_pairs": len(cands),
        "total_score": int(scores.sum()) / 100,
        "mean_score": round(float(scores.mean()) / 100, 2) if len(scores) else 0.0,
        "kept": int(cands.continuing[pairs].sum()) if r.had_previous else 0,
        "changed": sum(1 for c in r.changes if c.before is not None),
        "coverage_bound": proof.coverage_bound,
        "few_options": {
            "limit": policy.few_options,
            "mentees": int(proof.few.sum()),
            "matched": int((proof.few & (asg.mentor_of >= 0)).sum()),
            "bound": proof.few_bound,
        },
        "optimal": imp.proven,
        "improvable": {"mutual_pairs": mutual_gap, "score": None if score_gap is None else score_gap / 100},
        "pairs_beyond_cut": int(beyond.sum()),
        "match_rate_by_language": _rates(r.gaps.rate_by_language),
        "match_rate_by_region": _rates(r.gaps.rate_by_region),
        "suggestions": {
            "list_cap_per_place": policy.lists_per_place,
            "list_cap_at_least": policy.lists_at_least,
            "most_lists": int(sugg.lists.max()) if len(sugg.lists) else 0,
            "mentors_at_cap": int((sugg.lists >= sugg.cap).sum()),
            "mentors_suggested": int((sugg.lists > 0).sum()),
            "mentees_wanting": int(sugg.wanting.sum()),
            "mentees_without": int((sugg.wanting & (lengths == 0)).sum()),
            "mentees_with_fewer": int((sugg.wanting & (lengths < policy.suggestions_per_mentee)).sum()),
        },
    }
