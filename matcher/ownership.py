"""Who may change which profile: a pull request's changed files and author in, a verdict per file out.

The rule, from the schema's ``github`` field: when a profile names a GitHub login, only that
person or a maintainer may change or remove it. The *old* version of a file decides (so nobody
takes a profile over by writing their own login into it), and a new file that names someone
else is impersonation unless a maintainer adds it. Maintainers are the logins in
``.github/CODEOWNERS``, read from the base branch so that a pull request can't name itself.

One exception keeps "leave" possible: when a profile is removed, edits to other people's files
that only take that id out of their lists and endorsements are allowed.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from matcher import loader

PROFILES_DIR = "profiles"
CODEOWNERS = ".github/CODEOWNERS"
_LOGIN = re.compile(r"@([A-Za-z0-9](?:-?[A-Za-z0-9]){0,38})(?![/\w-])")

Status = Literal["added", "modified", "deleted"]


@dataclass(frozen=True)
class Change:
    """One changed file of a pull request, with its text before and after (None when absent)."""

    path: str
    old: str | None
    new: str | None

    @property
    def status(self) -> Status:
        if self.old is None:
            return "added"
        return "deleted" if self.new is None else "modified"


@dataclass(frozen=True)
class Verdict:
    path: str
    allowed: bool
    reason: str
    review: bool = False  # allowed, but a maintainer should look (no owner named, not a profile)


def maintainers_from_codeowners(text: str) -> frozenset[str]:
    """Every individual ``@login`` in a CODEOWNERS file (teams like ``@org/team`` can't be resolved offline)."""
    logins: set[str] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        logins.update(m.group(1).lower() for m in _LOGIN.finditer(line))
    return frozenset(logins)


def load_maintainers(path: Path = Path(CODEOWNERS)) -> frozenset[str]:
    try:
        return maintainers_from_codeowners(path.read_text(encoding="utf-8"))
    except OSError:
        return frozenset()


def is_profile(path: str) -> bool:
    p = PurePosixPath(path)
    return p.parent == PurePosixPath(PROFILES_DIR) and p.suffix == ".yml"


def _data(text: str | None, path: str) -> dict[str, Any] | None:
    if text is None:
        return None
    doc, _ = loader.parse(text, path, PurePosixPath(path).stem)
    return doc.data if doc else None


def owner_of(text: str | None, path: str = "profile.yml") -> str | None:
    """The ``github`` login a profile names, or None (also for a file that can't be read)."""
    data = _data(text, path)
    login = data.get("github") if data else None
    return login if isinstance(login, str) and login.strip() else None


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a.lstrip("@").lower() == b.lstrip("@").lower()


def _without(data: dict[str, Any], gone: set[str]) -> dict[str, Any]:
    """``data`` with the ids in ``gone`` taken out of its lists and endorsements; empty lists dropped."""
    out = dict(data)
    for key in ("interested_in", "avoid"):
        if isinstance(out.get(key), list):
            out[key] = [x for x in out[key] if x not in gone]
    if isinstance(out.get("endorsements"), list):
        out["endorsements"] = [e for e in out["endorsements"] if not (isinstance(e, dict) and e.get("id") in gone)]
    return {k: v for k, v in out.items() if v != [] or k not in ("interested_in", "avoid", "endorsements")}


def _only_unmentions(change: Change, gone: set[str]) -> bool:
    old, new = _data(change.old, change.path), _data(change.new, change.path)
    if old is None or new is None or not gone:
        return False
    return _without(old, gone) == _without(new, set()) and old != new


def check_changes(changes: Sequence[Change], author: str, maintainers: Iterable[str]) -> list[Verdict]:
    """A verdict for every changed file; a pull request is acceptable when none is refused."""
    chiefs = {m.lower() for m in maintainers}
    is_chief = author.lstrip("@").lower() in chiefs
    verdicts: list[Verdict] = []
    removed_ok: set[str] = set()
    # removals first: edits elsewhere may only be taking a leaver's id out
    ordered = sorted(changes, key=lambda c: (c.status != "deleted", c.path))
    for change in ordered:
        path = change.path
        if not is_profile(path):
            verdicts.append(Verdict(path, True, "not a profile: the code owners review it", review=not is_chief))
            continue
        pid = PurePosixPath(path).stem
        if is_chief:
            verdicts.append(Verdict(path, True, f"@{author} is a maintainer"))
            if change.status == "deleted":
                removed_ok.add(pid)
            continue
        old_owner, new_owner = owner_of(change.old, path), owner_of(change.new, path)
        if change.status == "added":
            if new_owner is None:
                verdicts.append(
                    Verdict(
                        path,
                        True,
                        "a new profile without a GitHub login: a maintainer should confirm who it is",
                        review=True,
                    )
                )
            elif _same(new_owner, author):
                verdicts.append(Verdict(path, True, f"a new profile for @{author}, opened by @{author}"))
            else:
                verdicts.append(
                    Verdict(
                        path,
                        False,
                        f"impersonation: the file says `github: {new_owner}`, but this change comes from @{author}; "
                        "only that person (or a maintainer) can add a profile for that account",
                    )
                )
            continue
        if old_owner is not None and _same(old_owner, author):
            if change.status == "deleted":
                removed_ok.add(pid)
                verdicts.append(Verdict(path, True, f"@{author} removes their own profile"))
            elif new_owner is not None and not _same(new_owner, author):
                verdicts.append(Verdict(path, True, f"@{author} hands their profile to @{new_owner}", review=True))
            else:
                verdicts.append(Verdict(path, True, f"@{author} changes their own profile"))
            continue
        if change.status == "modified" and _only_unmentions(change, removed_ok):
            verdicts.append(
                Verdict(path, True, f"only removes mentions of {', '.join(sorted(removed_ok))}, who leave(s)")
            )
            continue
        if old_owner is None:
            if change.status == "modified" and new_owner is not None and not _same(new_owner, author):
                verdicts.append(
                    Verdict(
                        path,
                        False,
                        f"impersonation: the change writes `github: {new_owner}`, but it comes from @{author}",
                    )
                )
            else:
                verdicts.append(
                    Verdict(
                        path,
                        True,
                        "the profile names no GitHub login: a maintainer must confirm who asked for this",
                        review=True,
                    )
                )
                if change.status == "deleted":
                    removed_ok.add(pid)
            continue
        what = "remove" if change.status == "deleted" else "change"
        verdicts.append(
            Verdict(path, False, f"belongs to @{old_owner}: only they or a maintainer may {what} it, not @{author}")
        )
    return sorted(verdicts, key=lambda v: v.path)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def _show(repo: Path, rev: str, path: str) -> str | None:
    result = subprocess.run(["git", "-C", str(repo), "show", f"{rev}:{path}"], capture_output=True)
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", errors="replace")


def changes_from_git(repo: Path, base: str, head: str) -> list[Change]:
    """The files changed between ``base`` and ``head`` (merge base to head, renames as delete + add)."""
    merge_base = _git(repo, "merge-base", base, head).strip()
    listing = _git(repo, "diff", "--name-only", "--no-renames", "-z", merge_base, head)
    paths = sorted(p for p in listing.split("\0") if p)
    return [Change(p, _show(repo, merge_base, p), _show(repo, head, p)) for p in paths]


def maintainers_at(repo: Path, rev: str) -> frozenset[str]:
    """Maintainers as the base branch names them (a pull request can't add itself)."""
    text = _show(repo, rev, CODEOWNERS)
    return maintainers_from_codeowners(text) if text else frozenset()


def render(verdicts: Sequence[Verdict], author: str, fmt: str = "text") -> str:
    refused = [v for v in verdicts if not v.allowed]
    if fmt == "github":
        lines = [f"::error file={v.path},line=1,title=ownership::{v.reason}" for v in refused]
    else:
        lines = [
            f"{v.path}: {'refused' if not v.allowed else 'ok'}{' (needs review)' if v.review else ''}: {v.reason}"
            for v in verdicts
        ]
    profiles = sum(is_profile(v.path) for v in verdicts)
    if refused:
        lines.append(f"Ownership: {len(refused)} of {len(verdicts)} changed file(s) refused for @{author}.")
    else:
        lines.append(f"Ownership: ok for @{author} ({profiles} profile file(s) changed).")
    return "\n".join(lines)


def run_cli(args: Any) -> int:
    """``python -m matcher ownership``: 0 when every change is allowed, 1 when any is refused."""
    repo = Path(args.repo)
    changes = changes_from_git(repo, args.base, args.head)
    verdicts = check_changes(changes, args.author.lstrip("@"), maintainers_at(repo, args.base))
    print(render(verdicts, args.author.lstrip("@"), args.format))
    return 1 if any(not v.allowed for v in verdicts) else 0
