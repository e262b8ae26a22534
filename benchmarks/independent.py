"""An independent judge for the matcher benchmark: every eligible pair, and the most any assignment can match.

Written from ``docs/matching.md``, not from the matcher's code: it reads the validated
profiles (``matcher.profile.model.Profile``, the data and nothing of the pipeline), generates pairs per
topic (a mentee who seeks a topic x an open mentor who offers it), applies the hard rules with
its own array code, and solves with other solvers than the pipeline's: scipy's
``maximum_flow`` for the coverage bound, and an OR-tools min-cost flow built here (cost -1 for
each mentee with few options) for the most of them any maximum-coverage assignment matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow

from matcher.matching.policy import Policy
from matcher.profile.model import Profile


@dataclass(frozen=True)
class Judged:
    """Every eligible (mentee, mentor) pair of a community, by index into ``mentees`` and ``mentors``."""

    mentees: tuple[Profile, ...]
    mentors: tuple[Profile, ...]
    a: np.ndarray
    b: np.ndarray

    def count(self) -> np.ndarray:
        """Eligible mentors per mentee."""
        counts: np.ndarray = np.bincount(self.a, minlength=len(self.mentees))
        return counts


def _codes(values: Sequence[object]) -> tuple[np.ndarray, dict[object, int]]:
    table: dict[object, int] = {}
    return np.array([table.setdefault(v, len(table)) for v in values], np.int64), table


def eligible_pairs(people: Sequence[Profile], policy: Policy) -> Judged:
    """Every eligible pair (no previous run: a ``full`` mentor takes no one), by the rules of the docs."""
    # Long on purpose: the rules of the docs in one place, written apart from the matcher's code.
    ordered = sorted(people, key=lambda p: p.id)
    mentees = tuple(p for p in ordered if p.mentee is not None and p.mentee.status == "looking")
    mentors = tuple(p for p in ordered if p.mentor is not None and p.mentor.status == "open")
    rank = {level: k for k, level in enumerate(policy.levels)}
    both, one = rank[policy.both_at_least], rank[policy.one_at_least]
    # language profiles -> classes; a table says which pairs of classes have a working language
    langs = [tuple(sorted((x.code, rank[x.level]) for x in p.languages)) for p in (*mentees, *mentors)]
    lang_class, classes = _codes(langs)
    profiles = [tuple(x) for x in langs if isinstance(x, tuple)]
    profiles = sorted(set(profiles), key=lambda x: classes[x])
    works = np.zeros((len(profiles), len(profiles)), bool)
    for x, lx in enumerate(profiles):
        dx = dict(lx)
        for y, ly in enumerate(profiles):
            works[x, y] = any(min(r, dx[c]) >= both and max(r, dx[c]) >= one for c, r in ly if c in dx)
    country, _ = _codes([p.location.country for p in (*mentees, *mentors)])
    places = [(p.location.country, (p.location.city or "").strip().lower() or None) for p in (*mentees, *mentors)]
    city, _ = _codes(places)
    has_city = np.array([bool(p.location.city) for p in (*mentees, *mentors)])
    fmt_bits = {"video": 1, "in-person": 2, "chat": 4, "email": 8}
    n_a = len(mentees)
    fa = np.array([sum(fmt_bits[f] for f in p.mentee.formats) for p in mentees if p.mentee], np.int64)
    fb = np.array([sum(fmt_bits[f] for f in p.mentor.formats) for p in mentors if p.mentor], np.int64)
    local = np.array([p.mentee is not None and p.mentee.reach == "local" for p in mentees])
    ids_a = {p.id: i for i, p in enumerate(mentees)}
    ids_b = {p.id: j for j, p in enumerate(mentors)}
    n_b = max(len(mentors), 1)
    avoided = {ids_a[p.id] * n_b + ids_b[x] for p in mentees for x in p.avoid if x in ids_b}
    avoided |= {ids_a[x] * n_b + ids_b[p.id] for p in mentors for x in p.avoid if x in ids_a}
    same_person = {ids_a[pid] * n_b + j for pid, j in ids_b.items() if pid in ids_a}
    banned = np.array(sorted(avoided | same_person), np.int64)
    seek: dict[str, list[int]] = {}
    offer: dict[str, list[int]] = {}
    for i, p in enumerate(mentees):
        for t in p.mentee.topics if p.mentee else ():
            seek.setdefault(t, []).append(i)
    for k, p in enumerate(mentors):
        for t in p.mentor.topics if p.mentor else ():
            offer.setdefault(t, []).append(k)
    found: list[np.ndarray] = []
    for topic in sorted(seek):
        ra, rb = np.array(seek[topic], np.int64), np.array(offer.get(topic, []), np.int64)
        if not len(ra) or not len(rb):
            continue
        for lo in range(0, len(ra), 256):
            pa = np.repeat(ra[lo : lo + 256], len(rb))
            pb = np.tile(rb, len(ra[lo : lo + 256]))
            ok = works[lang_class[pa], lang_class[n_a + pb]]
            common = fa[pa] & fb[pb]
            place_same = (
                country[pa] == country[n_a + pb]
                if policy.in_person_needs == "country"
                else (city[pa] == city[n_a + pb]) & has_city[pa] & has_city[n_a + pb]
            )
            ok &= (common != 0) & ((common != 2) | place_same)
            if policy.local_is_a_rule:
                ok &= ~local[pa] | (country[pa] == country[n_a + pb])
            found.append(pa[ok] * n_b + pb[ok])
    codes = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
    codes = codes[~np.isin(codes, banned)]
    return Judged(mentees, mentors, codes // n_b, codes % n_b)


def coverage_bound(j: Judged) -> int:
    """The maximum flow source -> mentee (1) -> mentor (1 per pair) -> sink (capacity), by scipy."""
    n_a, n_b = len(j.mentees), len(j.mentors)
    if len(j.a) == 0:
        return 0
    source, sink = n_a + n_b, n_a + n_b + 1
    capacity = np.array([p.mentor.capacity for p in j.mentors if p.mentor], np.int64)
    tails = np.concatenate([np.full(n_a, source), j.a, n_a + np.arange(n_b)])
    heads = np.concatenate([np.arange(n_a), n_a + j.b, np.full(n_b, sink)])
    caps = np.concatenate([np.ones(n_a, np.int64), np.ones(len(j.a), np.int64), capacity]).astype(np.int32)
    graph = csr_matrix((caps, (tails, heads)), shape=(sink + 1, sink + 1))
    return int(maximum_flow(graph, source, sink).flow_value)


def few_at_max_coverage(j: Judged, limit: int) -> tuple[int, int, int]:
    """(mentees with 1..limit eligible mentors, the most of them a maximum-coverage assignment
    matches, that maximum coverage): a min-cost flow that first maximises the flow, then gives
    -1 per mentee with few options."""
    n_a, n_b = len(j.mentees), len(j.mentors)
    count = j.count()
    few = (count >= 1) & (count <= limit)
    if len(j.a) == 0:
        return int(few.sum()), 0, 0
    source, sink = n_a + n_b, n_a + n_b + 1
    capacity = np.array([p.mentor.capacity for p in j.mentors if p.mentor], np.int64)
    tails = np.concatenate([np.full(n_a, source), j.a, n_a + np.arange(n_b)]).astype(np.int32)
    heads = np.concatenate([np.arange(n_a), n_a + j.b, np.full(n_b, sink)]).astype(np.int32)
    caps = np.concatenate([np.ones(n_a, np.int64), np.ones(len(j.a), np.int64), capacity])
    costs = np.concatenate([-few.astype(np.int64), np.zeros(len(j.a) + n_b, np.int64)])
    solver = min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    solver.set_nodes_supplies(np.array([source, sink], np.int32), np.array([n_a, -n_a], np.int64))
    if solver.solve_max_flow_with_min_cost() != solver.OPTIMAL:
        raise RuntimeError("the independent min-cost flow did not reach an optimum")
    flows = solver.flows(arcs)[:n_a] > 0
    return int(few.sum()), int((flows & few).sum()), int(flows.sum())
