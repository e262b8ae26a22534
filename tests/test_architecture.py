"""The package shows the pipeline: rooms that depend one way, and modules small enough to hold in the head."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MATCHER = ROOT / "matcher"

# Who may import whom, room by room (a room is a package under matcher/, or a top-level module).
ALLOWED = {
    # what every cache's key holds besides its own inputs (the interpreter, the libraries)
    "fingerprint": set(),
    "profile": {"fingerprint"},
    "settings": {"profile"},
    "matching": {"profile"},
    "relationships": {"profile", "matching", "settings"},
    "intake": {"profile", "matching", "relationships", "settings"},
    "synth": {"profile", "relationships"},
    "site": {"profile", "matching", "relationships", "intake", "settings", "cache", "fingerprint"},
    # the matcher's cache key: the profiles, and the relationships and settings the matcher also reads
    "cache": {"profile", "relationships", "settings", "fingerprint"},
    "readme": {"site"},
    "generated": {"profile", "matching", "relationships", "intake", "readme"},
    "cli": {"profile", "matching", "relationships", "intake", "synth", "settings", "generated"},
    "__main__": {"cli"},
}


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[0] == "matcher" else None


def imports() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for path in MATCHER.rglob("*.py"):
        source = _room(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("matcher"):
                names = [f"{node.module}.{a.name}" for a in node.names] if node.module == "matcher" else [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.startswith("matcher")]
            else:
                continue
            for name in names:
                target = _room(name)
                if source and target and target != source:
                    edges[source].add(target)
    return edges


def test_every_room_depends_only_on_the_rooms_below_it() -> None:
    edges = imports()
    assert set(edges) <= set(ALLOWED), f"a new room: add it to ALLOWED with its place: {set(edges) - set(ALLOWED)}"
    wrong = {room: sorted(targets - ALLOWED[room]) for room, targets in edges.items() if targets - ALLOWED[room]}
    assert not wrong, f"imports against the grain: {wrong}"


def test_the_allowed_graph_has_no_cycle() -> None:
    seen: dict[str, int] = {}

    def visit(room: str) -> None:
        assert seen.get(room) != 1, f"cycle through {room}"
        if seen.get(room) == 2:
            return
        seen[room] = 1
        for target in ALLOWED.get(room, ()):
            visit(target)
        seen[room] = 2

    for room in ALLOWED:
        visit(room)


def test_no_hand_written_module_is_too_big_without_a_reason() -> None:
    """About 400 lines at most, unless the module says at its top why it is longer."""
    too_big = []
    for path in MATCHER.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 420 and "Long on purpose" not in text[:3000]:
            too_big.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
    assert not too_big, too_big
