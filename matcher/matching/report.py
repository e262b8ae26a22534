"""The human-readable report of a run (``match-report.md``), for maintainers.

What happened (how many matched, how good, how stable), what changed since last run and
why, who is left without a mentor and why, where supply falls short (whom to recruit), and
the pairs themselves. Long lists are cut at :data:`ROWS` rows with a note pointing to
``matches.json``, which has everything.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from matcher.matching.eligibility import label
from matcher.matching.match import MatchResult
from matcher.matching.reasons import reasons_json
from matcher.matching.unmatched import plural
from matcher.profile import schema

ROWS = 200


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: list[str], rows: Sequence[Sequence[object]], total: int | None = None, more: str = "") -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows[:ROWS]]
    count = len(rows) if total is None else total
    if count > ROWS:
        out.append("")
        out.append(f"… and {count - ROWS:,} more{more}.")
    return [*out, ""]


def _person(result: MatchResult, pid: str | None) -> str:
    if pid is None:
        return "—"
    name = result.names.get(pid)
    return f"{name} (`{pid}`)" if name else f"`{pid}`"


def _miss(r: MatchResult, mentee: str) -> str:
    misses = r.near_misses.get(mentee)
    if not misses:
        return "—"
    m = misses[0]
    return f"{_person(r, m.mentor)}, {m.score_h / 100:g} points, fails only {m.rule}: {m.why}"


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "—"


def render_report(result: MatchResult) -> str:
    """The report as Markdown."""
    r, s = result, result.stats()
    lines = [
        "# Matching report",
        "",
        f"Policy version {s['policy_version']} (`matcher/matching/policy.toml`), {s['profiles']:,} profiles.",
        "",
        "## Summary",
        "",
    ]
    lines += _table(
        ["", ""],
        [
            ["Mentees looking for a mentor", f"{s['mentees']:,} ({s['mentees_paused']:,} paused, not counted)"],
            ["Matched", f"{s['matched']:,} ({_pct(s['matched'], s['mentees'])})"],
            ["Unmatched", f"{s['unmatched']:,}"],
            ["Pairs where both shortlisted each other", f"{s['mutual_pairs']:,}"],
            ["Open mentors", f"{s['mentors_open']:,} of {s['mentors']:,}, with {s['places_open']:,} places"],
            ["Places used", f"{s['places_used']:,}"],
            ["Mean score of a pair", f"{s['mean_score']} of {r.policy.max_score_h / 100:g} points"],
            [
                "Blocking pairs",
                f"{s['blocking_pairs']:,} (a mentee and a mentor who both score each other above "
                "their own pair; the price of matching more mentees)",
            ],
        ],
    )
    lines += _proof(r, s)
    lines += _rates(r)
    lines += _changes(r, s)
    lines += _gaps(r)
    lines += _pairs(r)
    return "\n".join(lines).rstrip() + "\n"


def _proof(r: MatchResult, s: dict[str, Any]) -> list[str]:
    """What the assignment proves: coverage, few options, optimality beyond the candidates; and the lists' load."""
    few, imp, sg = s["few_options"], s["improvable"], s["suggestions"]
    short = s["coverage_bound"] - s["matched"]
    coverage = (
        f"{s['matched']:,}: the most any assignment could match over every eligible pair "
        f"(no augmenting path exists; {plural(r.proof.coverage_searches, 'search', 'searches')})"
        if short == 0
        else f"{s['matched']:,}, {short:,} short of the most possible ({s['coverage_bound']:,})"
    )
    if s["optimal"]:
        beyond = "optimal over every eligible pair (no pair outside the candidates could raise it: proven)"
    elif imp["mutual_pairs"] is None:
        beyond = (
            f"not examined: the flow alone took longer than the time budget ({r.policy.improve_seconds:g} s, "
            "`improve_seconds`); optimal on the candidates"
        )
    else:
        score = "an unknown score" if imp["score"] is None else f"{imp['score']:,.2f} points of total score"
        beyond = (
            f"not proven within the time budget ({r.policy.improve_seconds:g} s): another assignment of as many "
            f"mentees could have at most {imp['mutual_pairs']:,} more mutual pairs and {score}"
        )
    rows = [
        ["Mentees matched", coverage],
        [
            f"Mentees with few options (1 to {few['limit']} eligible mentors)",
            f"{few['matched']:,} of {few['mentees']:,} matched ({_pct(few['matched'], few['mentees'])}); the most "
            f"possible while matching the most mentees: {few['bound']:,}",
        ],
        ["Mutual interest, then score", beyond],
        ["Pairs beyond each mentee's candidates", f"{s['pairs_beyond_cut']:,}"],
        [
            "Suggestion lists",
            f"each mentor in at most {sg['list_cap_per_place']} x capacity lists (at least {sg['list_cap_at_least']}); "
            f"most for one mentor: {sg['most_lists']:,}; {sg['mentors_at_cap']:,} mentors at their cap, "
            f"{sg['mentors_suggested']:,} suggested",
        ],
        [
            "Mentees with an eligible mentor",
            f"{sg['mentees_wanting']:,}: {sg['mentees_without']:,} without a suggestion, "
            f"{sg['mentees_with_fewer']:,} with fewer than {r.policy.suggestions_per_mentee}",
        ],
    ]
    return ["## What the assignment proves", "", *_table(["", ""], rows)]


def _rates(r: MatchResult) -> list[str]:
    """Match rates by region and by language: who is left behind."""
    g = r.gaps
    lines = [
        "## Match rates",
        "",
        "By region of the mentee's country (the continent or ocean of its time zones in tzdata's `zone.tab`):",
        "",
    ]
    lines += _table(
        ["Region", "Mentees looking", "Matched", "Rate"],
        [[x.label, f"{x.looking:,}", f"{x.matched:,}", _pct(x.matched, x.looking)] for x in g.rate_by_region],
    )
    lines += ["By language (a mentee counts once for each language they speak):", ""]
    lines += _table(
        ["Language", "Mentees looking", "Matched", "Rate"],
        [[x.label, f"{x.looking:,}", f"{x.matched:,}", _pct(x.matched, x.looking)] for x in g.rate_by_language],
        more=" in `matches.json` (`stats.match_rate_by_language`)",
    )
    return lines


def _changes(r: MatchResult, s: dict[str, Any]) -> list[str]:
    if not r.had_previous:
        return ["## Changes since the previous run", "", "No previous run was given (`--previous`).", ""]
    new = sum(1 for c in r.changes if c.before is None)
    lines = [
        "## Changes since the previous run",
        "",
        f"{plural(s['kept'], 'pair')} kept, {plural(s['changed'], 'mentee')} changed or lost their mentor, "
        f"{new:,} newly matched.",
        "",
    ]
    moved = [c for c in r.changes if c.before is not None]
    if moved:
        lines += _table(
            ["Mentee", "Before", "Now", "Why"],
            [[_person(r, c.mentee), _person(r, c.before), _person(r, c.after), c.why] for c in moved],
            more=" in `matches.json` (`changes`)",
        )
    return lines


def _gaps(r: MatchResult) -> list[str]:
    g = r.gaps
    lines = ["## Mentees without a mentor", ""]
    if not r.unmatched:
        return [*lines, "Everyone looking has a mentor.", ""]
    by_rule = Counter(u.rule for u in r.unmatched)
    lines += ["By the rule that left them without one:", ""]
    lines += _table(
        ["Reason", "Mentees"], [[rule, n] for rule, n in sorted(by_rule.items(), key=lambda x: (-x[1], x[0]))]
    )
    lines += _table(
        ["Mentee", "Why", "Nearest miss"],
        [[_person(r, u.mentee), u.why, _miss(r, u.mentee)] for u in r.unmatched],
        more=" in `matches.json` (`unmatched`, `near_misses`)",
    )
    if g.recruit:
        lines += [
            "### Whom to recruit",
            "",
            "Topics and languages most needed by the mentees left without a mentor:",
            "",
        ]
        lines += _table(
            ["Topic", "Language", "Mentees waiting"],
            [[label("topic", t), schema.language_name(c), n] for t, c, n in g.recruit],
        )
    lines += ["### Supply and demand by topic", ""]
    lines += _table(
        ["Topic", "Mentees looking", "Unmatched", "Open mentors", "Places"],
        [[row.label, row.looking, row.unmatched, row.mentors, row.places] for row in g.by_topic],
    )
    lines += ["### Supply and demand by language", ""]
    lines += _table(
        ["Language", "Mentees looking", "Unmatched", "Open mentors", "Places"],
        [[row.label, row.looking, row.unmatched, row.mentors, row.places] for row in g.by_language],
    )
    return lines


def _pairs(r: MatchResult) -> list[str]:
    asg, cands = r.assignment, r.cands
    matched = np.flatnonzero(asg.pair >= 0)
    lines = ["## Pairs", ""]
    if not len(matched):
        return [*lines, "No pairs.", ""]
    shown = matched[:ROWS]
    edges = asg.pair[shown]
    reasons = reasons_json(r.cols, r.seekers, r.offers, cands, edges, r.policy)
    rows = []
    for i, e, why in zip(shown.tolist(), edges.tolist(), reasons, strict=True):
        words = "; ".join(x["detail"] for x in json.loads(why))
        marks = (" (mutual)" if cands.mutual[e] else "") + (" (kept)" if cands.continuing[e] else "")
        rows.append(
            [
                _person(r, r.seekers[i].id),
                _person(r, r.offers[int(cands.b[e])].id) + marks,
                f"{int(cands.score[e]) / 100:g}",
                words,
            ]
        )
    return lines + _table(
        ["Mentee", "Mentor", "Score", "Why"], rows, total=len(matched), more=" in `matches.json` (`pairs`)"
    )
