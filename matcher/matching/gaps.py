"""Gaps: where supply falls short of demand, and who is left behind.

The supply/demand tables count, per topic and per language, the mentees looking, those left
unmatched, and the open mentors with their places, so maintainers know whom to recruit. Match
rates by language (a mentee counts for each language they speak) and by region (of their
country, from :mod:`matcher.matching.regions`) show whether some groups are matched less often than
others. Why each unmatched mentee is unmatched is :mod:`matcher.matching.unmatched`'s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.matching.assignment import Assignment
from matcher.matching.columns import Columns
from matcher.matching.features import Offer, Seeker
from matcher.matching.regions import region
from matcher.profile import schema

RECRUIT_ROWS = 15


@dataclass(frozen=True)
class SupplyRow:
    key: str  # topic or language code
    label: str
    looking: int  # mentees looking who seek it / speak it
    unmatched: int
    mentors: int  # open mentors who offer it / speak it
    places: int  # their capacity


@dataclass(frozen=True)
class Rate:
    key: str  # language code or region
    label: str
    looking: int
    matched: int


@dataclass(frozen=True)
class Gaps:
    by_topic: tuple[SupplyRow, ...]
    by_language: tuple[SupplyRow, ...]
    recruit: tuple[tuple[str, str, int], ...]  # (topic, language, unmatched mentees who need it)
    rate_by_language: tuple[Rate, ...]  # every language a looking mentee speaks, most speakers first
    rate_by_region: tuple[Rate, ...]  # by region of the mentee's country (matcher.matching.regions), largest first


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


def _rates(groups: list[tuple[str, str, bool]]) -> tuple[Rate, ...]:
    """(key, label, matched) per looking mentee and group they belong to -> one row per group, largest first."""
    looking: Counter[str] = Counter(k for k, _, _ in groups)
    matched: Counter[str] = Counter(k for k, _, m in groups if m)
    labels = {k: lab for k, lab, _ in groups}
    rows = [Rate(k, labels[k], looking[k], matched[k]) for k in looking]
    return tuple(sorted(rows, key=lambda r: (-r.looking, r.key)))


def find_gaps(cols: Columns, asg: Assignment, seekers: Sequence[Seeker], offers: Sequence[Offer]) -> Gaps:
    """Supply and demand by topic and language, whom to recruit, and match rates by language and region."""
    looking = [s for s in seekers if s.looking]
    has = {cols.mentees.ids[i] for i in np.flatnonzero(asg.mentor_of >= 0).tolist()}
    left = {s.id for s in looking if s.id not in has}
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
    names = {c: schema.language_name(c) for c in lang_codes}
    by_lang = _rates([(c, names[c], s.id in has) for s in looking for c, _ in s.languages])
    by_region = _rates([(region(s.country), region(s.country), s.id in has) for s in looking])
    return Gaps(by_topic, by_language, recruit, by_lang, by_region)
