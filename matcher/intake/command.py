"""``python -m matcher intake``: read the body, convert, write the files, the comment and the workflow outputs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from matcher.intake import ownership
from matcher.intake.converter import apply, convert, detect_form
from matcher.intake.reply import comment, inert


def run_cli(args: Any) -> int:
    """``python -m matcher intake``: 0 when the change is written (or the issue is no form), 1 with words to fix."""
    import sys

    text = sys.stdin.read() if args.body == "-" else Path(args.body).read_text(encoding="utf-8", errors="replace")
    form_name = detect_form(text) if args.form == "auto" else args.form
    results: dict[str, str] = {}
    if form_name is None:
        print("This issue doesn't answer one of the profile forms: nothing to do.")
        results["status"] = "ignored"
        _write_outputs(args.outputs, results)
        return 0
    maintainers = ownership.load_maintainers(Path(args.settings))
    today = dt.date.fromisoformat(args.today) if args.today else None
    open_bodies: list[str] = []
    if args.open_introductions:
        import json

        listed = json.loads(Path(args.open_introductions).read_text(encoding="utf-8") or "[]")
        open_bodies = [str(i.get("body") or "") for i in listed if i.get("number") != args.issue]
    outcome = convert(
        text,
        form_name,
        args.author,
        profiles=Path(args.profiles),
        maintainers=maintainers,
        today=today,
        open_introductions=open_bodies,
    )
    words = comment(outcome)
    if outcome.ok and not args.dry_run:
        for path in apply(outcome):
            print(f"{'Removed' if not Path(path).exists() else 'Wrote'} {path}", file=sys.stderr)
    print(words)
    if args.comment:
        Path(args.comment).write_text(words + "\n", encoding="utf-8")
    results = {
        "status": "ok" if outcome.ok else "problems",
        "form": form_name,
        "action": outcome.action,
        "profile_id": outcome.profile_id or "",
        "changed": str(len(outcome.changes)),
        "review": str(len(outcome.review)),
    }
    if args.review and outcome.review:
        Path(args.review).write_text(inert(outcome.review) + "\n", encoding="utf-8")
    _write_outputs(args.outputs, results)
    return 0 if outcome.ok else 1


def _write_outputs(path: str | None, results: Mapping[str, str]) -> None:
    if not path:
        return
    # every value is a fixed word or a validated id: no newline can reach the outputs file
    with open(path, "a", encoding="utf-8") as out:
        for key, value in results.items():
            out.write(f"{key}={value}\n")
