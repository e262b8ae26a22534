"""Gaps: who is left without a mentor and why, and where supply falls short of demand.

For a mentee with no eligible mentor, the open mentors are narrowed rule by rule (topics,
then language, then format, then reach, then avoid) and the first rule that leaves no one is
the reason, in words a maintainer can act on ("no open mentor speaks Romanian on EU
affairs"). A mentee with eligible mentors who is still unmatched lost out on capacity.
The supply/demand tables count, per topic and per language, the mentees looking, those left
unmatched, and the open mentors with their places, so maintainers know whom to recruit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher import schema
from matcher.assignment import Assignment
from matcher.candidates import Candidates
from matcher.columns import Columns, edge_rules
from matcher.eligibility import country_label, ways
from matcher.features import Offer, Seeker
from matcher.policy import Policy

RECRUIT_ROWS = 15


@dataclass(frozen=True)
class Unmatched:
    mentee: str
    why: str
    rule: str  # the rule that left no one, or "capacity"


@dataclass(frozen=True)
class SupplyRow:
    key: str  # topic or language code
    label: str
    looking: int  # mentees looking who seek it / speak it
    unmatched: int
    mentors: int  # open mentors who offer it / speak it
    places: int  # their capacity


@dataclass(frozen=True)
class Gaps:
    unmatched: tuple[Unmatched, ...]
    by_topic: tuple[SupplyRow, ...]
    by_language: tuple[SupplyRow, ...]
    recruit: tuple[tuple[str, str, int], ...]  # (topic, language, unmatched mentees who need it)


def _or(words: Sequence[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def why_no_mentor(i: int, cols: Columns, seeker: Seeker, policy: Policy) -> tuple[str, str]:
    """(rule, words): the first rule that leaves a mentee with no open mentor."""
    everyone = np.arange(len(cols.mentors))
    rules = edge_rules(cols, np.full(len(everyone), i), everyone, policy)
    left = rules["mentor-open"].copy()
    topics = _or(list(seeker.topics))  # ids: short, and no "or" inside a label
    langs = _or([schema.language_name(code) for code, _ in seeker.languages])
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
            return (
                rule,
                words if rule != "language" else f"{words} ({before} open mentors offer the topics in other languages)",
            )
    return "capacity", "no candidate mentor"  # not reached: an eligible mentor would be a candidate


def _supply(
    rows: list[tuple[str, str]],
    looking: Counter[str],
    unmatched: Counter[str],
    mentors: Counter[str],
    places: Counter[str],
) -> tuple[SupplyRow, ...]:
    out = [SupplyRow(k, lab, looking[k], unmatched[k], mentors[k], places[k]) for k, lab in rows]
    out = [r for r in out if r.looking or r.mentors]
    return tuple(sorted(out, key=lambda r: (-r.unmatched, -(r.looking - r.places), r.key)))


def find_gaps(
    cols: Columns,
    cands: Candidates,
    asg: Assignment,
    seekers: Sequence[Seeker],
    offers: Sequence[Offer],
    policy: Policy,
) -> Gaps:
    """Unmatched mentees with their reason, supply and demand by topic and language, whom to recruit."""
    n_cands = np.bincount(cands.a, minlength=len(seekers))
    unmatched = []
    for i in np.flatnonzero(cols.mentees.active & (asg.mentor_of < 0)).tolist():
        seeker = seekers[i]
        if n_cands[i] == 0:
            rule, why = why_no_mentor(i, cols, seeker, policy)
        else:
            n = int(n_cands[i])
            many = (
                f"the best {n} eligible mentors are"
                if n >= policy.candidates
                else {1: "the only eligible mentor is", 2: "both eligible mentors are"}.get(
                    n, f"all {n} eligible mentors are"
                )
            )
            rule, why = "capacity", f"{many} at capacity with mentees who fit them better or have no other choice"
        unmatched.append(Unmatched(seeker.id, why, rule))
    looking = [s for s in seekers if s.looking]
    left = {u.mentee for u in unmatched}
    open_offers = [o for o in offers if o.status == "open"]
    topic_rows = list(schema.vocabulary("topic").items())
    lang_codes = sorted({c for s in looking for c, _ in s.languages} | {c for o in open_offers for c, _ in o.languages})
    topic_places: Counter[str] = Counter()
    lang_places: Counter[str] = Counter()
    for o in open_offers:
        for t in o.topics:
            topic_places[t] += o.capacity
        for c, _ in o.languages:
            lang_places[c] += o.capacity
    by_topic = _supply(
        topic_rows,
        Counter(t for s in looking for t in s.topics),
        Counter(t for s in looking if s.id in left for t in s.topics),
        Counter(t for o in open_offers for t in o.topics),
        topic_places,
    )
    by_language = _supply(
        [(c, schema.language_name(c)) for c in lang_codes],
        Counter(c for s in looking for c, _ in s.languages),
        Counter(c for s in looking if s.id in left for c, _ in s.languages),
        Counter(c for o in open_offers for c, _ in o.languages),
        lang_places,
    )
    need = Counter((t, c) for s in looking if s.id in left for t in s.topics for c, _ in s.languages)
    recruit = tuple(sorted(((t, c, n) for (t, c), n in need.items()), key=lambda x: (-x[2], x[0], x[1]))[:RECRUIT_ROWS])
    return Gaps(tuple(unmatched), by_topic, by_language, recruit)
