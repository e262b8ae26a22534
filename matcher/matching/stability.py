"""Night-to-night stability: last run's pairs, and what changed since, with the reason.

Last run's ``matches.json`` is read for its pairs and for whom its suggestion lists named. A
pair that still passes every rule is a candidate again and earns the policy's ``keep_bonus`` in
the assignment, so it changes only for a real gain. A pair a list named stays listed where
scores tie (:func:`matcher.matching.suggestions.suggest`): one person's edit does not reshuffle
the lists of people it does not concern. :func:`changes` then says, for every mentee whose
mentor changed, why: a profile gone or paused, a rule the pair no longer passes (in the rule's
own words), a clearly better fit, or places needed so that more mentees (or a mutual pair) get
a mentor.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from matcher.matching.assignment import Assignment
from matcher.matching.candidates import Candidates
from matcher.matching.columns import Columns
from matcher.matching.eligibility import check_pair
from matcher.matching.features import Offer, Seeker
from matcher.matching.policy import Policy
from matcher.matching.unmatched import KINDS, held_words, holders, plural


class PreviousError(ValueError):
    """The previous matches file cannot be read; the message says what to do."""


@dataclass(frozen=True)
class Previous:
    """Last run's pairs: mentee id -> (mentor id, score); and its suggestions: mentee id -> the mentors listed."""

    pairs: Mapping[str, tuple[str, float]]
    listed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    mentee: str
    before: str | None  # mentor id, or None when the mentee had none
    after: str | None
    why: str


def read_previous(path: Path) -> Previous:
    """The pairs of a ``matches.json`` written by an earlier run."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PreviousError(f"{path}: no such file (leave out --previous on a first run)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PreviousError(f"{path}: not a readable matches.json ({exc}); fix it or leave out --previous") from None
    pairs = data.get("pairs") if isinstance(data, dict) else None
    if not isinstance(pairs, list):
        raise PreviousError(f"{path}: has no 'pairs' list; is it a matches.json written by `python -m matcher match`?")
    out: dict[str, tuple[str, float]] = {}
    for n, pair in enumerate(pairs):
        if not (isinstance(pair, dict) and isinstance(pair.get("mentee"), str) and isinstance(pair.get("mentor"), str)):
            raise PreviousError(f"{path}: pairs[{n}] needs a 'mentee' and a 'mentor' id")
        out[pair["mentee"]] = (pair["mentor"], float(pair.get("score", 0.0)))
    return Previous(out, _listed(path, data.get("suggestions", {})))


def _listed(path: Path, suggestions: object) -> dict[str, tuple[str, ...]]:
    """Whom each mentee's list named (``suggestions``: mentee id -> a list of objects naming a ``mentor``)."""
    if not isinstance(suggestions, dict):
        raise PreviousError(
            f"{path}: 'suggestions' is not an object of lists; is it a matches.json written by"
            " `python -m matcher match`?"
        )
    out: dict[str, tuple[str, ...]] = {}
    for mentee, items in suggestions.items():
        if not isinstance(items, list) or not all(
            isinstance(i, dict) and isinstance(i.get("mentor"), str) for i in items
        ):
            raise PreviousError(f"{path}: suggestions[{mentee!r}] needs a list of objects, each with a 'mentor' id")
        out[mentee] = tuple(i["mentor"] for i in items)
    return out


def previous_codes(previous: Previous | None, cols: Columns) -> np.ndarray:
    """Last run's pairs whose two people are still here, as sorted pair codes."""
    if previous is None:
        return np.zeros(0, np.int64)
    return _codes(((a, b) for a, (b, _) in previous.pairs.items()), cols)


def listed_codes(previous: Previous | None, cols: Columns) -> np.ndarray:
    """The pairs last run's suggestions listed, both people still here, as sorted pair codes."""
    if previous is None:
        return np.zeros(0, np.int64)
    return _codes(((a, b) for a, mentors in previous.listed.items() for b in mentors), cols)


def _codes(pairs: Iterable[tuple[str, str]], cols: Columns) -> np.ndarray:
    mentee_at = {pid: i for i, pid in enumerate(cols.mentees.ids)}
    mentor_at = {pid: j for j, pid in enumerate(cols.mentors.ids)}
    found = [(mentee_at[a], mentor_at[b]) for a, b in pairs if a in mentee_at and b in mentor_at]
    if not found:
        return np.zeros(0, np.int64)
    arr = np.array(found, np.int64)
    return np.unique(cols.code(arr[:, 0], arr[:, 1]))


def _points(score_h: int) -> str:
    return f"{score_h / 100:g}"


def changes(
    previous: Previous,
    cols: Columns,
    cands: Candidates,
    asg: Assignment,
    seekers: Sequence[Seeker],
    offers: Sequence[Offer],
    policy: Policy,
    few: np.ndarray,
    proven: bool,
) -> tuple[Change, ...]:
    """Every mentee whose mentor is not the same as last run, with the reason in words (``few``: mentees
    with few options; ``proven``: the assignment is proven optimal, so its priorities explain every place)."""
    mentee_at = {pid: i for i, pid in enumerate(cols.mentees.ids)}
    mentor_at = {pid: j for j, pid in enumerate(cols.mentors.ids)}
    out: list[Change] = []
    now = {cols.mentees.ids[i]: cols.mentors.ids[j] for i, j in enumerate(asg.mentor_of.tolist()) if j >= 0}
    for mentee in sorted(set(previous.pairs) | set(now)):
        before = previous.pairs.get(mentee, (None, 0.0))[0]
        after = now.get(mentee)
        if before == after:
            continue
        out.append(
            Change(
                mentee,
                before,
                after,
                _why(mentee, before, after, mentee_at, mentor_at, cands, asg, seekers, offers, policy, few, proven),
            )
        )
    return tuple(out)


def _arc(cands: Candidates, i: int, j: int) -> int | None:
    """The index of the candidate pair (i, j), or None."""
    lo, hi = np.searchsorted(cands.a, [i, i + 1])
    at = int(lo + np.searchsorted(cands.b[lo:hi], j))
    return at if at < hi and cands.b[at] == j else None


def _why(
    mentee: str,
    before: str | None,
    after: str | None,
    mentee_at: Mapping[str, int],
    mentor_at: Mapping[str, int],
    cands: Candidates,
    asg: Assignment,
    seekers: Sequence[Seeker],
    offers: Sequence[Offer],
    policy: Policy,
    few: np.ndarray,
    proven: bool,
) -> str:
    if before is None:
        return "newly matched" if mentee_at.get(mentee) is not None else "new"
    if mentee not in mentee_at:
        return "the mentee's profile (or its mentee block) was removed"
    i = mentee_at[mentee]
    if not seekers[i].looking:
        return "the mentee paused: not looking for a mentor now"
    if before not in mentor_at:
        return f"{before}'s profile (or its mentor block) was removed"
    j = mentor_at[before]
    failed = [r.detail for r in check_pair(seekers[i], offers[j], policy, continuing=True) if not r.passed]
    if failed:
        return "no longer eligible: " + "; ".join(failed)
    old = _arc(cands, i, j)
    new = _arc(cands, i, mentor_at[after]) if after is not None else None
    if old is None:  # eligible but not a candidate: only when last run's pair was not given to the candidates
        return "last run's pair is no longer among the mentee's candidates"
    o, keep = int(cands.score[old]), policy.keep_bonus_h
    if new is not None:
        n = int(cands.score[new])
        if policy.honour_mutual_first and cands.mutual[new] and not cands.mutual[old]:
            return f"the mentee and {after} shortlisted each other ({_points(n)} points against {_points(o)})"
        if n > o + keep:
            return (
                f"a better fit: {_points(n)} points with {after} against {_points(o)} with {before} "
                f"(more than the {_points(keep)}-point bonus for keeping a pair)"
            )
    load = int((asg.mentor_of == j).sum())
    if load < offers[j].capacity:
        return (
            f"{before} has a free place, but the assignment as a whole put the mentee elsewhere "
            f"({_points(o)} points with {before}; the most mentees matched, then mutual pairs, then the total score)"
        )
    _, kind = holders(cands, asg, few, np.array([old]), len(offers), policy)
    counts = np.bincount(kind, minlength=len(KINDS)).tolist()
    other = (
        "other mentees, whom the assignment as a whole puts first (the most mentees matched, then with few "
        "options, then mutual pairs, then the total score)"
        if proven
        else "other mentees"
    )
    return f"{before} is full: of {plural(offers[j].capacity, 'place')}, {held_words(counts, other)}"
