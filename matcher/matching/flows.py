"""Network flows on mentee-mentor pairs: the one place where OR-tools is called, and the duals we derive.

A list of pairs (mentee ``a[k]``, mentor ``b[k]``) is the network

    hub -> mentee (1) -> mentor (1 per pair) -> sink (the mentor's capacity)

with one hub per group of mentees (:func:`min_cost_flow` gives each hub an exact supply, so
"exactly F mentees of this group are matched" is a constraint of the flow, not a weight).
Nodes are numbered in a canonical order (mentee rows, then mentor rows, both sorted), and arcs
are added in the order of the pairs (sorted by mentee, then mentor), so the same pairs always
give the same network and the same optimum, whatever the order of the files.

:func:`potentials` computes node potentials (shortest-path distances in the residual network)
of an optimal min-cost flow: the certificate that lets :mod:`matcher.matching.optimality` check pairs
that are not in the network without solving again.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow as or_max_flow
from ortools.graph.python import min_cost_flow as or_min_cost_flow


class AssignmentError(RuntimeError):
    """The solver did not reach an optimum (a bug, or costs out of range): nothing is written."""


@dataclass(frozen=True)
class Nodes:
    """The mentees and mentors that have at least one pair, and each pair's two node numbers."""

    mentees: np.ndarray  # sorted mentee rows
    mentors: np.ndarray  # sorted mentor rows
    a_node: np.ndarray  # per pair: index into mentees
    b_node: np.ndarray  # per pair: index into mentors

    @classmethod
    def of(cls, a: np.ndarray, b: np.ndarray) -> Nodes:
        mentees, a_node = np.unique(a, return_inverse=True)
        mentors, b_node = np.unique(b, return_inverse=True)
        return cls(mentees, mentors, a_node.reshape(-1), b_node.reshape(-1))


def _bipartite(
    a: np.ndarray, b: np.ndarray, capacity: np.ndarray, wants: np.ndarray | None
) -> tuple[Nodes, np.ndarray, np.ndarray, np.ndarray, int, int]:
    """source -> mentee (``wants[row]``, 1 when None) -> mentor (1) -> sink (capacity): nodes, arcs, source, sink."""
    nodes = Nodes.of(a, b)
    na, nb = len(nodes.mentees), len(nodes.mentors)
    source, sink = na + nb, na + nb + 1
    tails = np.concatenate([np.full(na, source), nodes.a_node, na + np.arange(nb)]).astype(np.int32)
    heads = np.concatenate([np.arange(na), na + nodes.b_node, np.full(nb, sink)]).astype(np.int32)
    first = np.ones(na) if wants is None else wants[nodes.mentees]
    caps = np.concatenate([first, np.ones(len(a)), capacity[nodes.mentors]]).astype(np.int64)
    return nodes, tails, heads, caps, source, sink


def max_flow(a: np.ndarray, b: np.ndarray, capacity: np.ndarray) -> np.ndarray:
    """A maximum matching within the mentors' ``capacity`` (per mentor row): which pairs it uses."""
    if len(a) == 0:
        return np.zeros(0, bool)
    nodes, tails, heads, caps, source, sink = _bipartite(a, b, capacity, None)
    na = len(nodes.mentees)
    solver = or_max_flow.SimpleMaxFlow()
    arcs = solver.add_arcs_with_capacity(tails, heads, caps)
    status = solver.solve(source, sink)
    if status != solver.OPTIMAL:
        raise AssignmentError(f"the max flow ended with status {status!r} on {len(a)} pairs")
    used: np.ndarray = solver.flows(arcs)[na : na + len(a)] > 0
    return used


def max_flow_min_cost(
    a: np.ndarray, b: np.ndarray, wants: np.ndarray, capacity: np.ndarray, cost: np.ndarray
) -> np.ndarray:
    """The most pairs with each mentee in at most ``wants[row]`` of them and each mentor in at most
    ``capacity[row]``, and among those the least total ``cost``: which pairs it uses."""
    if len(a) == 0:
        return np.zeros(0, bool)
    nodes, tails, heads, caps, source, sink = _bipartite(a, b, capacity, wants)
    na, nb = len(nodes.mentees), len(nodes.mentors)
    costs = np.concatenate([np.zeros(na), cost, np.zeros(nb)]).astype(np.int64)
    solver = or_min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    total = int(caps[:na].sum())
    solver.set_nodes_supplies(np.array([source, sink], np.int32), np.array([total, -total], np.int64))
    status = solver.solve_max_flow_with_min_cost()
    if status != solver.OPTIMAL:
        raise AssignmentError(f"the min-cost flow ended with status {status!r} on {len(a)} pairs")
    used: np.ndarray = solver.flows(arcs)[na : na + len(a)] > 0
    return used


def min_cost_flow(
    a: np.ndarray,
    b: np.ndarray,
    capacity: np.ndarray,
    cost: np.ndarray,
    group: np.ndarray,
    supply: np.ndarray,
) -> np.ndarray:
    """The least-cost matching that matches exactly ``supply[g]`` mentees of each group ``g``
    (``group``: per mentee row), within the mentors' capacity; which pairs it uses.

    Raises :class:`AssignmentError` when the supplies cannot be met (a bug upstream: they come
    from maximum flows on the same pairs)."""
    if len(a) == 0:
        return np.zeros(0, bool)
    nodes = Nodes.of(a, b)
    na, nb, ng = len(nodes.mentees), len(nodes.mentors), len(supply)
    hubs, sink = na + nb + np.arange(ng), na + nb + ng
    tails = np.concatenate([hubs[group[nodes.mentees]], nodes.a_node, na + np.arange(nb)]).astype(np.int32)
    heads = np.concatenate([np.arange(na), na + nodes.b_node, np.full(nb, sink)]).astype(np.int32)
    caps = np.concatenate([np.ones(na), np.ones(len(a)), capacity[nodes.mentors]]).astype(np.int64)
    costs = np.concatenate([np.zeros(na), cost, np.zeros(nb)]).astype(np.int64)
    solver = or_min_cost_flow.SimpleMinCostFlow()
    arcs = solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    total = int(supply.sum())
    solver.set_nodes_supplies(
        np.concatenate([hubs, [sink]]).astype(np.int32), np.concatenate([supply, [-total]]).astype(np.int64)
    )
    status = solver.solve()
    if status != solver.OPTIMAL:
        raise AssignmentError(f"the min-cost flow ended with status {status!r} on {len(a)} pairs")
    used: np.ndarray = solver.flows(arcs)[na : na + len(a)] > 0
    return used


@dataclass(frozen=True)
class Potentials:
    """Node potentials of an optimal flow: every residual arc has a reduced cost of 0 or more.

    A pair (i, j) not in the network, with cost ``-w``, could only lower the cost if
    ``-w + mentee[i] - mentor[j] < 0``; when no pair does, the flow is optimal on all pairs."""

    mentee: np.ndarray  # int64 per mentee row
    mentor: np.ndarray  # int64 per mentor row (mentors outside the network: the sink's)
    rounds: int


def ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenation of ``arange(s, e)`` for each (s, e)."""
    lengths = ends - starts
    if lengths.sum() == 0:
        return np.zeros(0, np.int64)
    offsets = np.repeat(starts - np.r_[0, np.cumsum(lengths)[:-1]], lengths)
    out: np.ndarray = np.arange(int(lengths.sum())) + offsets
    return out


def potentials(
    a: np.ndarray,
    b: np.ndarray,
    used: np.ndarray,
    weight: np.ndarray,
    capacity: np.ndarray,
    group: np.ndarray,
    n_mentees: int,
    n_mentors: int,
) -> Potentials:
    """Shortest-path distances in the residual network of the optimal flow ``used`` (pair costs
    ``-weight``, mentees fed by their ``group``'s hub) from a virtual root joined to every mentor,
    hub and the sink, by Bellman-Ford rounds on arrays, each round only from the nodes that
    changed; there is no negative cycle at an optimum, so it ends. Mentors get the highest
    potentials that are feasible (the lowest "prices"), and each mentee the one its single
    incoming arc allows (tight), so pairs outside the network are rejected whenever a
    certificate can reject them."""
    # Long on purpose: one Bellman-Ford loop whose arrays would otherwise be passed around by the dozen.
    if len(a) == 0:
        return Potentials(np.zeros(n_mentees, np.int64), np.zeros(n_mentors, np.int64), 0)
    arc_of = np.full(n_mentees, -1, np.int64)  # the matched pair of each mentee
    arc_of[a[used]] = np.flatnonzero(used)
    arc_start = np.searchsorted(a, np.arange(n_mentees + 1))
    load = np.bincount(b[used], minlength=n_mentors)
    free = load < capacity
    loaded = load > 0
    in_net = np.diff(arc_start) > 0
    has = arc_of >= 0
    n_groups = int(group.max()) + 1 if len(group) else 1
    p_i = np.zeros(n_mentees, np.int64)
    p_j = np.zeros(n_mentors, np.int64)
    p_h = np.zeros(n_groups, np.int64)
    p_t = 0
    todo = np.flatnonzero(in_net)  # mentees whose incoming arc's tail changed
    rounds = 0
    while len(todo):
        rounds += 1
        if rounds > 4 * (n_mentees + n_mentors) + 10:
            raise AssignmentError("the residual network has a negative cycle: the flow was not optimal")
        arc = arc_of[todo]
        p_i[todo] = np.where(arc >= 0, p_j[b[np.maximum(arc, 0)]] + weight[np.maximum(arc, 0)], p_h[group[todo]])
        # mentors reached from those mentees over their unused pairs
        idx = ranges(arc_start[todo], arc_start[todo + 1])
        idx = idx[~used[idx]]
        new_j = p_j.copy()
        np.minimum.at(new_j, b[idx], p_i[a[idx]] - weight[idx])
        # hubs, from the matched mentees among them; the sink, from the mentors with a free place
        new_h = p_h.copy()
        matched_now = todo[has[todo]]
        if len(matched_now):
            np.minimum.at(new_h, group[matched_now], p_i[matched_now])
        new_t = min(p_t, int(new_j[free].min())) if free.any() else p_t
        new_j = np.where(loaded, np.minimum(new_j, new_t), new_j)
        new_t = min(new_t, int(new_j[free].min())) if free.any() else new_t
        moved_j = new_j < p_j
        moved_h = new_h < p_h
        p_j, p_h, p_t = new_j, new_h, new_t
        again = has & moved_j[b[np.maximum(arc_of, 0)]]
        again |= ~has & in_net & moved_h[group]
        todo = np.flatnonzero(again)
    outside = np.ones(n_mentors, bool)
    outside[b] = False
    p_j = np.where(outside, p_t, p_j)
    return Potentials(p_i, p_j, rounds)
