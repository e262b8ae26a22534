"""``python -m matcher relationships hash|notify|respond|counts``: the commands of the relationships room.

Parsing stays thin here; each action calls one function of :mod:`matcher.relationships`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from matcher.profile.problems import REPORTERS


def run(args: argparse.Namespace) -> int:
    import os

    from matcher.relationships import check, keys

    try:
        key = keys.load_key()
    except keys.UnusableKey as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.action == "counts":
        import json

        from matcher.relationships import introductions

        listed = json.loads(Path(args.issues).read_text(encoding="utf-8") or "[]")
        text = json.dumps(introductions.counts(listed), indent=2, sort_keys=True) + "\n"
        if not args.out:
            print(text, end="")
            return 0
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")
        return 0
    if args.action == "hash":
        if key is None:
            print(f"error: {keys.KEY_ENV} is not set: only where the key is can a private relationship be written")
            return 2
        for profile_id in args.ids:
            print(keys.person_hash(key, profile_id))
        return 0
    from matcher.profile.validate import validate_paths

    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    profiles = validate_paths([Path(args.profiles)], today=today).profiles
    from matcher import settings

    term = settings.load(settings.settings_path()).max_term_months
    result = check.check_relationships(Path(args.relationships), profiles, key=key, today=today, max_term_months=term)
    if not result.ok:
        print(REPORTERS["text"](result.problems, result.files), file=sys.stderr)
        print("error: the relationship files have problems (above): nothing was posted", file=sys.stderr)
        return 1
    if args.action == "respond":
        return _respond(args, profiles, result.relationships, key, today, term)
    from matcher.relationships.notify import notify

    site = args.site or os.environ.get("SITEURL", "")
    repository = args.repository or os.environ.get("GITHUB_REPOSITORY", "")
    print(notify(result.relationships, today, site, repository))
    return 0


def _respond(args: argparse.Namespace, profiles: Any, active: Any, key: bytes | None, today: dt.date, term: int) -> int:
    """`relationships respond`: a comment on an introduction issue, answered; outputs for the workflow."""
    import secrets as _secrets

    from matcher import settings
    from matcher.matching.policy import load_policy
    from matcher.relationships import introductions

    community = settings.load(settings.settings_path())
    decided = introductions.answer(
        Path(args.issue_body).read_text(encoding="utf-8"),
        Path(args.comment_body).read_text(encoding="utf-8"),
        args.commenter,
        {p.id: p for p in profiles},
        community.real_maintainers,
        policy=load_policy(),
        active=active,
        today=today,
        max_term_months=term,
        issue=args.issue,
        key=key,
        taken=[p.name for p in Path(args.relationships).glob("*.yml")],
        token=_secrets.token_hex(6),  # a private file's name must not identify the pair
    )
    if decided.path:
        target = Path(decided.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(decided.text, encoding="utf-8")
    if args.reply and decided.reply:
        Path(args.reply).write_text(decided.reply + "\n", encoding="utf-8")
    if args.outputs:
        with open(args.outputs, "a", encoding="utf-8") as out:  # fixed words and a checked path only
            out.write(f"status={decided.status}\npath={decided.path}\npublic={str(decided.public).lower()}\n")
    print(decided.reply or "Not an answer to an introduction: nothing to do.")
    return 0


def add_relationship_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    rel = sub.add_parser(
        "relationships",
        help="keyed hashes for private relationships; the nightly's check-in comments and end-of-term pull requests",
        description="`hash ID...` prints what stands for each id in a private relationship file (needs the key); "
        "`notify` posts what is due on GitHub through gh (the nightly runs it); `respond` answers an /accept or "
        "/decline on an introduction issue (the introductions workflow runs it).",
    )
    rel.add_argument("action", choices=["hash", "notify", "respond", "counts"])
    rel.add_argument("ids", nargs="*", metavar="ID", help="profile ids to hash")
    rel.add_argument("--profiles", default="profiles", help="profiles folder (default: profiles)")
    rel.add_argument("--relationships", default="relationships", help="relationships folder (default: relationships)")
    rel.add_argument("--today", metavar="YYYY-MM-DD", help="the day to plan for (default: today)")
    rel.add_argument("--site", metavar="URL", help="the site's public address, for guidance links (default: $SITEURL)")
    rel.add_argument("--repository", metavar="OWNER/REPO", help="for the endorse links (default: $GITHUB_REPOSITORY)")
    rel.add_argument("--issue-body", metavar="FILE", help="respond: the introduction issue's body")
    rel.add_argument("--comment-body", metavar="FILE", help="respond: the comment that may be /accept or /decline")
    rel.add_argument("--commenter", default="", help="respond: who wrote the comment (a GitHub login)")
    rel.add_argument("--issue", type=int, default=0, help="respond: the introduction issue's number")
    rel.add_argument("--reply", metavar="FILE", help="respond: write the reply for the issue here")
    rel.add_argument("--outputs", metavar="FILE", help="respond: append key=value results ($GITHUB_OUTPUT)")
    rel.add_argument("--issues", metavar="FILE", help="counts: JSON from `gh issue list --label introduction`")
    rel.add_argument("--out", metavar="FILE", help="counts: write the numbers here (default: print them)")
    rel.set_defaults(func=run)


