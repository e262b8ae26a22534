"""How a change moves the suggested pairs: two ``matches.json`` files in, a short Markdown summary out.

The check workflow runs the matcher on the base branch and on the pull request and comments this
summary, so a reviewer sees who gains or loses a proposed mentor before merging.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

MAX_ROWS = 30  # a comment, not a report: the full lists are in the nightly artifact


def _read(path: Path) -> Mapping[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, Mapping) else None


def pairs(data: Mapping[str, Any]) -> set[tuple[str, str]]:
    """The proposed (mentee, mentor) pairs."""
    return {
        (str(p["mentee"]), str(p["mentor"]))
        for p in data.get("pairs", ())
        if isinstance(p, Mapping) and "mentee" in p and "mentor" in p
    }


def first_choices(data: Mapping[str, Any]) -> dict[str, str]:
    """Each mentee's first suggested mentor."""
    out = {}
    for mentee, items in (data.get("suggestions") or {}).items():
        if isinstance(items, list) and items and isinstance(items[0], Mapping) and "mentor" in items[0]:
            out[str(mentee)] = str(items[0]["mentor"])
    return out


def _rows(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    shown = items[:MAX_ROWS]
    more = [f"- … and {len(items) - MAX_ROWS} more"] if len(items) > MAX_ROWS else []
    return ["", f"**{title}** ({len(items)})", "", *shown, *more]


def render(base: Mapping[str, Any] | None, head: Mapping[str, Any] | None) -> str:
    """Markdown: pairs added and removed, and mentees whose first suggestion changed."""
    lines = ["### How this change moves the suggested pairs"]
    if head is None:
        return (
            "\n".join([*lines, "", "The matcher gave no result for this pull request, so there is nothing to compare."])
            + "\n"
        )
    if base is None:
        return (
            "\n".join([*lines, "", f"No earlier match to compare with; this change proposes {len(pairs(head))} pairs."])
            + "\n"
        )
    before, after = pairs(base), pairs(head)
    added = [f"- `{mentee}` ← `{mentor}`" for mentee, mentor in sorted(after - before)]
    removed = [f"- `{mentee}` ← `{mentor}`" for mentee, mentor in sorted(before - after)]
    old_first, new_first = first_choices(base), first_choices(head)
    moved = [
        f"- `{mentee}`: `{old_first.get(mentee, '(none)')}` → `{new_first.get(mentee, '(none)')}`"
        for mentee in sorted(set(old_first) | set(new_first))
        if old_first.get(mentee) != new_first.get(mentee)
    ]
    if not (added or removed or moved):
        return "\n".join([*lines, "", f"No change: the same {len(after)} pairs and first suggestions."]) + "\n"
    lines.append("")
    lines.append(f"{len(before)} pairs before, {len(after)} after (mentee ← mentor).")
    lines += _rows("New pairs", added)
    lines += _rows("Pairs no longer proposed", removed)
    lines += _rows("First suggestion changed", moved)
    return "\n".join(lines) + "\n"


def compare(base: Path, head: Path) -> str:
    return render(_read(base), _read(head))
