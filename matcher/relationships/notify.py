"""Post the rhythm's plan on GitHub through the ``gh`` CLI: comments once each, a pull request to end a term.

Run by the nightly workflow (``python -m matcher relationships notify``) with a token that may
write issues, pull requests and contents. Everything is looked up before it is posted, so a
second run on the same day changes nothing: a comment is posted only if its marker is not on the
issue yet, an issue opened only if the bot has none for the relationship, a closing pull request
only if its branch has none.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from matcher.relationships import rhythm
from matcher.relationships.model import Relationship

BOT = "app/github-actions"


def gh(*args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(["gh", *args], capture_output=True, text=True, env={**os.environ, **(env or {})})
    if result.returncode:
        raise RuntimeError(f"gh {' '.join(args[:2])} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def git(*args: str) -> str:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout.strip()


@dataclass
class Report:
    commented: list[str] = field(default_factory=list)
    opened: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    skipped: int = 0

    def summary(self, unsaid: int) -> str:
        lines = [
            f"Relationship messages: {len(self.commented)} comment(s), {len(self.opened)} issue(s) opened, "
            f"{self.skipped} already posted.",
            f"Pull requests ending a term: {len(self.closing)}.",
        ]
        if unsaid:
            lines.append(f"{unsaid} message(s) for private relationships were not posted: they name nobody in public.")
        return "\n".join(lines)


def _issue_for(message: rhythm.Message, text: str, report: Report) -> str | None:
    """The issue that carries this relationship's messages; opened with ``text`` when there is none."""
    if message.relationship.introduction:
        return str(message.relationship.introduction)
    number = gh(
        "issue", "list", "--state", "all", "--author", BOT, "--search", f'"{message.title}" in:title',
        "--json", "number,title", "--jq", "map(select(.title == env.TITLE)) | first | .number // empty",
        env={"TITLE": message.title},
    )  # fmt: skip
    if number:
        return number
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    url = gh("issue", "create", "--title", message.title, "--body-file", handle.name)
    report.opened.append(url)
    return None  # the new issue's body is this message


def _post(message: rhythm.Message, text: str, report: Report) -> None:
    number = _issue_for(message, text, report)
    if number is None:
        return
    seen = gh("issue", "view", number, "--json", "body,comments", "--jq", "[.body, .comments[].body] | join(\"\\n\")")
    if message.marker in seen:
        report.skipped += 1
        return
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as handle:
        handle.write(text)
    report.commented.append(gh("issue", "comment", number, "--body-file", handle.name))


def _close(rel: Relationship, report: Report) -> None:
    """A pull request that marks ``rel`` as ended on the last day of its term (once: one branch each)."""
    stem = PurePosixPath(rel.source).stem
    branch = f"relationships/end-{stem}"
    exists = gh("pr", "list", "--head", branch, "--state", "all", "--json", "number", "--jq", "length")
    if exists not in ("", "0"):
        return
    path = Path(rel.source)
    git("switch", "--quiet", "--create", branch)
    try:
        path.write_text(rhythm.ended(path.read_text(encoding="utf-8"), rel.ends), encoding="utf-8")
        git("add", "--", str(path))
        git("commit", "--quiet", "--message", f"End {stem}: its term passed on {rel.ends}")
        git("push", "--force", "--quiet", "origin", branch)
    finally:
        git("switch", "--quiet", "-")
    who = f"`{rel.mentee}` and `{rel.mentor}`" if rel.public else "a private relationship (it names nobody)"
    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as handle:
        handle.write(
            f"The term of {who} ended on {rel.ends}: this marks `{rel.source}` as ended. If the two of them renewed "
            "it instead, close this pull request and renew the file (move `ends`, add the day to `renewed`).\n"
        )
    report.closing.append(
        gh("pr", "create", "--head", branch, "--title", f"End {stem} (term passed)", "--body-file", handle.name)
    )


def notify(relationships: Sequence[Relationship], today: dt.date, site: str, repository: str) -> str:
    """Post everything due by ``today``; the summary for the workflow's log."""
    planned = rhythm.plan(relationships, today)
    report = Report()
    for message in planned.messages:
        _post(message, rhythm.body(message, site, repository), report)
    for rel in planned.closing:
        _close(rel, report)
    return report.summary(planned.private_unsaid)
