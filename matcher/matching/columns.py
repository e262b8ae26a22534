"""The per-pair rules and score, vectorised: the same answers as the reference, for millions of pairs.

A community's mentees and mentors become columns of small integers and bit masks
(:class:`Side`); what two people's features make of each other is precomputed once per
*class* pair in small tables (:class:`Tables`: working language and its points by language
profile, shared working hours by UTC offset, formats in common). :func:`edge_rules` and
:func:`edge_points` then answer any list of (mentee, mentor) index pairs with array
operations. Tests check them against :func:`~matcher.matching.eligibility.check_pair` and
:func:`~matcher.matching.scoring.score_pair` on the same pairs; :mod:`matcher.matching.reasons` re-derives every
published score with the reference and stops if one differs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.matching.eligibility import RULES
from matcher.matching.features import Offer, Seeker, city_key
from matcher.matching.policy import COMPONENTS, Policy
from matcher.matching.scoring import overlap_minutes, ratio_h
from matcher.profile import schema

TOPIC_BITS = {t: i for i, t in enumerate(schema.vocabulary("topic"))}
SECTOR_BITS = {s: i for i, s in enumerate(schema.vocabulary("sector"))}
FORMAT_BITS = {f: i for i, f in enumerate(schema.vocabulary("format"))}
IN_PERSON = 1 << FORMAT_BITS["in-person"]
STATUS = {"open": 0, "full": 1, "paused": 2}
NO_CITY_MENTEE, NO_CITY_MENTOR = -1, -2  # different sentinels: an unknown city never equals another


def _mask(values: Sequence[str], bits: dict[str, int]) -> int:
    out = 0
    for value in values:
        out |= 1 << bits[value]
    return out


def id_hash8(person_id: str, salt: bytes) -> int:
    """An 8-bit hash of an id: the tie-break bits. Depends on the id only, never on input order."""
    return hashlib.blake2b(person_id.encode("utf-8"), digest_size=1, key=salt).digest()[0]


@dataclass(frozen=True)
class Side:
    """One side of the market as columns; row ``i`` is ``ids[i]`` (ids sorted)."""

    ids: tuple[str, ...]
    person: np.ndarray  # int32: index of the person in the whole community (same person on both sides)
    topics: np.ndarray  # uint64 bit mask over the topic vocabulary
    n_topics: np.ndarray  # int32
    lang_class: np.ndarray  # int32 row/column of Tables.language_h
    offset_class: np.ndarray  # int32 row/column of Tables.hours_h
    formats: np.ndarray  # int32 bit mask over the format vocabulary
    country: np.ndarray  # int32
    city: np.ndarray  # int32 (NO_CITY_* when not given)
    sectors: np.ndarray  # int64 bit mask
    target_sectors: np.ndarray  # int64 bit mask (mentees; 0 for mentors)
    local: np.ndarray  # bool: reach local (mentees)
    wants_local: np.ndarray  # bool: wants in-person or local (mentees)
    active: np.ndarray  # bool: mentee looking / mentor open
    status: np.ndarray  # int8: mentor STATUS code (mentees: 0)
    capacity: np.ndarray  # int32 (mentees: 1)
    hash8: np.ndarray  # uint8 tie-break bits of the id

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Tables:
    """What two classes make of each other: points in hundredths, -1 where a rule fails."""

    language_h: np.ndarray  # int16 [mentee class, mentor class]: points, -1 = no working language
    hours_h: np.ndarray  # int16 [offset class, offset class]
    formats: np.ndarray  # int8 [mentee formats, mentor formats]: 0 none, 1 fine, 2 only in person
    offsets: tuple[int, ...]  # minutes east of UTC of each offset class


@dataclass(frozen=True)
class Columns:
    """Both sides and their tables, plus the sparse relations (shortlists, avoid) as sorted pair codes."""

    mentees: Side
    mentors: Side
    tables: Tables
    mentee_wants: np.ndarray  # int64 sorted codes a * n_mentors + b: the mentee shortlisted the mentor
    mentor_wants: np.ndarray  # int64 sorted codes: the mentor shortlisted the mentee
    avoided: np.ndarray  # int64 sorted codes: either asked to avoid the other

    def code(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return a.astype(np.int64) * max(len(self.mentors), 1) + b.astype(np.int64)


def _side(
    views: Sequence[Seeker | Offer],
    lang_classes: dict[tuple[tuple[str, str], ...], int],
    offsets: dict[int, int],
    countries: dict[str, int],
    cities: dict[tuple[str, str], int],
    persons: dict[str, int],
    mentee: bool,
) -> Side:
    n = len(views)
    topics = np.zeros(n, np.uint64)
    sectors = np.zeros(n, np.int64)
    targets = np.zeros(n, np.int64)
    cols = {
        name: np.zeros(n, np.int32)
        for name in ("n_topics", "lang", "offset", "formats", "country", "city", "capacity", "person")
    }
    local, wants_local, active = np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, bool)
    status, hash8 = np.zeros(n, np.int8), np.zeros(n, np.uint8)
    salt = b"mentee" if mentee else b"mentor"
    for i, v in enumerate(views):
        topics[i] = _mask(v.topics, TOPIC_BITS)
        cols["n_topics"][i] = len(v.topics)
        cols["lang"][i] = lang_classes.setdefault(tuple(sorted(v.languages)), len(lang_classes))
        cols["offset"][i] = offsets[v.utc_offset]
        cols["formats"][i] = _mask(v.formats, FORMAT_BITS)
        cols["country"][i] = countries[v.country]
        key = city_key(v.city)
        cols["city"][i] = cities[(v.country, key)] if key else (NO_CITY_MENTEE if mentee else NO_CITY_MENTOR)
        cols["person"][i] = persons[v.id]
        sectors[i] = _mask(v.sectors, SECTOR_BITS)
        hash8[i] = id_hash8(v.id, salt)
        if isinstance(v, Seeker):
            targets[i] = _mask(v.target_sectors, SECTOR_BITS)
            local[i] = v.reach == "local"
            wants_local[i] = "in-person" in v.formats or v.reach == "local"
            active[i] = v.looking
            cols["capacity"][i] = 1
        else:
            status[i] = STATUS[v.status]
            active[i] = v.status == "open"
            cols["capacity"][i] = v.capacity
    return Side(
        ids=tuple(v.id for v in views),
        person=cols["person"],
        topics=topics,
        n_topics=cols["n_topics"],
        lang_class=cols["lang"],
        offset_class=cols["offset"],
        formats=cols["formats"],
        country=cols["country"],
        city=cols["city"],
        sectors=sectors,
        target_sectors=targets,
        local=local,
        wants_local=wants_local,
        active=active,
        status=status,
        capacity=cols["capacity"],
        hash8=hash8,
    )


def _level_masks(classes: list[tuple[tuple[str, str], ...]], lang_bits: dict[str, int], policy: Policy) -> np.ndarray:
    """[level rank, class, word]: bit set where the class speaks that language at that rank or better."""
    words = max(1, (len(lang_bits) + 63) // 64)
    out = np.zeros((len(policy.levels), len(classes), words), np.uint64)
    for c, langs in enumerate(classes):
        for code, level in langs:
            bit = lang_bits[code]
            for r in range(policy.rank(level) + 1):
                out[r, c, bit // 64] |= np.uint64(1 << (bit % 64))
    return out


def _language_table(a_masks: np.ndarray, b_masks: np.ndarray, policy: Policy) -> np.ndarray:
    """Points of the best working language for every class pair; -1 when there is none."""
    both, one = policy.rank(policy.both_at_least), policy.rank(policy.one_at_least)
    points = np.array(
        [ratio_h(policy.weight_h("language"), policy.strength_pct(level), 100) for level in policy.levels], np.int16
    )
    na, nb = a_masks.shape[1], b_masks.shape[1]
    table = np.full((na, nb), -1, np.int16)
    for start in range(0, na, 256):
        a = a_masks[:, start : start + 256, None, :]
        b = b_masks[:, None, :, :]
        work = a[both] & b[both] & (a[one] | b[one])
        best = np.full(work.shape[:2], -1, np.int16)
        for r in range(len(policy.levels)):  # the weaker level of the best working language, rising
            best = np.where(((a[r] & b[r] & work) != 0).any(axis=-1), r, best)
        table[start : start + 256] = np.where(best >= 0, points[np.maximum(best, 0)], -1)
    return table


def _format_table() -> np.ndarray:
    table = np.zeros((16, 16), np.int8)
    for fa in range(16):
        for fb in range(16):
            common = fa & fb
            table[fa, fb] = 0 if common == 0 else (2 if common == IN_PERSON else 1)
    return table


def build_columns(seekers: Sequence[Seeker], offers: Sequence[Offer], policy: Policy) -> Columns:
    """Columns for both sides (each sorted by id, as given) and the class tables."""
    everyone: list[Seeker | Offer] = [*seekers, *offers]
    persons = {pid: i for i, pid in enumerate(sorted({v.id for v in everyone}))}
    countries = {c: i for i, c in enumerate(sorted({v.country for v in everyone}))}
    city_keys = sorted({(v.country, k) for v in everyone if (k := city_key(v.city))})
    cities = {key: i for i, key in enumerate(city_keys)}
    offsets = {o: i for i, o in enumerate(sorted({v.utc_offset for v in everyone}))}
    a_classes: dict[tuple[tuple[str, str], ...], int] = {}
    b_classes: dict[tuple[tuple[str, str], ...], int] = {}
    mentees = _side(seekers, a_classes, offsets, countries, cities, persons, mentee=True)
    mentors = _side(offers, b_classes, offsets, countries, cities, persons, mentee=False)
    lang_bits = {code: i for i, code in enumerate(sorted({c for cls in [*a_classes, *b_classes] for c, _ in cls}))}
    language = _language_table(
        _level_masks(list(a_classes), lang_bits, policy), _level_masks(list(b_classes), lang_bits, policy), policy
    )
    offset_list = tuple(offsets)
    hours = np.array(
        [
            [ratio_h(policy.weight_h("hours"), overlap_minutes(x, y, policy), policy.work_minutes) for y in offset_list]
            for x in offset_list
        ],
        np.int16,
    ).reshape(len(offset_list), len(offset_list))
    tables = Tables(language_h=language, hours_h=hours, formats=_format_table(), offsets=offset_list)
    columns = Columns(mentees, mentors, tables, np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
    mentee_at = {pid: i for i, pid in enumerate(mentees.ids)}
    mentor_at = {pid: i for i, pid in enumerate(mentors.ids)}
    wants, wanted, avoided = [], [], []
    for i, s in enumerate(seekers):
        wants += [(i, mentor_at[x]) for x in s.shortlist if x in mentor_at]
        avoided += [(i, mentor_at[x]) for x in s.avoid if x in mentor_at]
    for j, o in enumerate(offers):
        wanted += [(mentee_at[x], j) for x in o.shortlist if x in mentee_at]
        avoided += [(mentee_at[x], j) for x in o.avoid if x in mentee_at]

    def codes(pairs: list[tuple[int, int]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0, np.int64)
        arr = np.array(pairs, np.int64)
        return np.unique(columns.code(arr[:, 0], arr[:, 1]))

    return Columns(mentees, mentors, tables, codes(wants), codes(wanted), codes(avoided))


def in_sorted(codes: np.ndarray, sorted_codes: np.ndarray) -> np.ndarray:
    """Whether each code is in ``sorted_codes`` (sorted, unique)."""
    if len(sorted_codes) == 0:
        return np.zeros(len(codes), bool)
    at = np.minimum(np.searchsorted(sorted_codes, codes), len(sorted_codes) - 1)
    found: np.ndarray = sorted_codes[at] == codes
    return found


def topic_points(policy: Policy, offered: np.ndarray, sought: np.ndarray | int) -> np.ndarray:
    """:func:`~matcher.matching.scoring.ratio_h` of the topics weight, element-wise."""
    w = policy.weight_h("topics")
    points: np.ndarray = (2 * w * offered.astype(np.int64) + sought) // (2 * np.asarray(sought, np.int64))
    return points


def edge_rules(
    cols: Columns, a: np.ndarray, b: np.ndarray, policy: Policy, continuing: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Every hard rule for each pair (mentee ``a[k]``, mentor ``b[k]``): rule name -> bool array."""
    A, B, t = cols.mentees, cols.mentors, cols.tables
    cont = np.zeros(len(a), bool) if continuing is None else continuing
    same_country = A.country[a] == B.country[b]
    fmt = t.formats[A.formats[a], B.formats[b]]
    place = same_country if policy.in_person_needs == "country" else A.city[a] == B.city[b]
    keep_full = (B.status[b] == STATUS["full"]) & cont & policy.full_keeps_previous
    code = cols.code(a, b)
    rules = {
        "different-people": A.person[a] != B.person[b],
        "mentee-looking": A.active[a],
        "mentor-open": (B.status[b] == STATUS["open"]) | keep_full,
        "topics": (A.topics[a] & B.topics[b]) != 0,
        "language": t.language_h[A.lang_class[a], B.lang_class[b]] >= 0,
        "format": (fmt == 1) | ((fmt == 2) & place),
        "reach": ~(A.local[a] & policy.local_is_a_rule) | same_country,
        "avoid": ~in_sorted(code, cols.avoided),
    }
    assert tuple(rules) == RULES
    return rules


def edge_points(cols: Columns, a: np.ndarray, b: np.ndarray, policy: Policy) -> dict[str, np.ndarray]:
    """Every score component for each pair, in hundredths: component name -> int32 array."""
    A, B, t = cols.mentees, cols.mentors, cols.tables
    offered = np.bitwise_count(A.topics[a] & B.topics[b])
    same_country = A.country[a] == B.country[b]
    same_city = A.city[a] == B.city[b]
    target = (A.target_sectors[a] & B.sectors[b]) != 0
    shared = (A.sectors[a] & B.sectors[b]) != 0
    code = cols.code(a, b)
    mentee_wants, mentor_wants = in_sorted(code, cols.mentee_wants), in_sorted(code, cols.mentor_wants)
    points = {
        "topics": topic_points(policy, offered, A.n_topics[a]),
        "language": np.maximum(t.language_h[A.lang_class[a], B.lang_class[b]], 0),
        "hours": t.hours_h[A.offset_class[a], B.offset_class[b]],
        "sector": np.where(target, policy.weight_h("sector"), np.where(shared, policy.sector_shared_current_h, 0)),
        "location": np.where(
            A.wants_local[a] & same_country,
            np.where(same_city, policy.weight_h("location"), policy.location_same_country_h),
            0,
        ),
        "interest": np.where(
            mentee_wants & mentor_wants,
            policy.weight_h("interest"),
            np.where(mentee_wants, policy.interest_mentee_h, np.where(mentor_wants, policy.interest_mentor_h, 0)),
        ),
    }
    assert tuple(points) == COMPONENTS
    return {name: np.asarray(value, np.int32) for name, value in points.items()}


def edge_total(points: dict[str, np.ndarray]) -> np.ndarray:
    total: np.ndarray = np.asarray(np.sum(np.stack(list(points.values())), axis=0), np.int32)
    return total
