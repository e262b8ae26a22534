"""Who may change which profile: a pull request's changed files and author in, a verdict per file out.

The rule, from the schema's ``github`` field: when a profile names a GitHub login, only that
person or a maintainer may change or remove it. The *old* version of a file decides (so nobody
takes a profile over by writing their own login into it), and a new file that names someone
else is impersonation unless a maintainer adds it.

Maintainers are the ``maintainers`` of ``community.toml`` as the *base* branch has it, so a pull
request can't name itself; the upstream placeholder never counts. (A repository without that
file falls back to the ``@login`` owners of its base CODEOWNERS, parsed as GitHub does: an
``@org/team`` grants nothing here because membership can't be checked offline, and an e-mail
owner names no login.)

Three outcomes per file: *allowed*; *refused* (someone else's profile, impersonation, a link
or other non-regular file under ``profiles/``); and *needs a maintainer*, where nobody can be
proved to own the change: editing, removing or renaming onto a profile that names no login,
and handing your own profile to another login. A file that needs a maintainer fails the check
(exit 1, an annotation on the file) until a maintainer approves the pull request on GitHub;
the workflow passes the approvers with ``--approved-by``, from GitHub's review list, which
only GitHub can write.

One exception keeps "leave" possible: when a profile is removed, edits to other people's files
that only take that id out of their lists and endorsements are allowed.

Long on purpose: every rule of who may change what (profiles, relationships, approvals) sits in
one place a reviewer can read from top to bottom; the git plumbing at the end only reads data.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from matcher import settings
from matcher.profile import loader
from matcher.profile.problems import escape_data
from matcher.profile.text import canonical_login, lookalikes

PROFILES_DIR = "profiles"
CODEOWNERS = ".github/CODEOWNERS"
_TEAM = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}/[A-Za-z0-9][A-Za-z0-9._-]*")

Status = Literal["added", "modified", "deleted"]
REGULAR, LINK, SUBMODULE = "100644", "120000", "160000"


@dataclass(frozen=True)
class Change:
    """One changed file of a pull request, with its text before and after (None when absent)."""

    path: str
    old: str | None
    new: str | None
    mode: str = REGULAR  # git's mode of the new file: 100644/100755 regular, 120000 link, 160000 submodule

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
    review: bool = False  # nobody is proved to own this change: a maintainer must approve it
    approved_by: str = ""  # the maintainer whose approval let a review through


@dataclass(frozen=True)
class Owners:
    """What a CODEOWNERS file names, sorted by kind: only ``logins`` can ever be maintainers."""

    logins: frozenset[str]
    teams: frozenset[str]
    emails: frozenset[str]
    unknown: tuple[str, ...]


def parse_codeowners(text: str) -> Owners:
    """Owners as GitHub reads them: after each path pattern, ``@login``, ``@org/team`` or an e-mail."""
    logins: set[str] = set()
    teams: set[str] = set()
    emails: set[str] = set()
    unknown: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        for owner in line.split()[1:]:  # the first word is the path pattern
            name = owner[1:] if owner.startswith("@") else ""
            if name and _TEAM.fullmatch(name):
                teams.add(name.lower())
            elif name and canonical_login(name):
                logins.add(name.lower())
            elif not name and "@" in owner and not owner.startswith("@"):
                emails.add(owner.lower())
            else:
                unknown.append(owner)
    return Owners(frozenset(logins), frozenset(teams), frozenset(emails), tuple(unknown))


def maintainers_from_codeowners(text: str) -> frozenset[str]:
    """The individual ``@login`` owners of a CODEOWNERS file, never the upstream placeholder."""
    return parse_codeowners(text).logins - settings.PLACEHOLDER_MAINTAINERS


def maintainers_from_settings(text: str, source: str = settings.SETTINGS_FILE) -> frozenset[str]:
    """The maintainers a ``community.toml`` names, never the upstream placeholder."""
    return settings.parse(text, source).real_maintainers


def load_maintainers(path: Path = Path(settings.SETTINGS_FILE)) -> frozenset[str]:
    """Maintainers from a settings file in the working tree (the intake's view; CI reads the base branch)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return frozenset()
    if path.name == "CODEOWNERS":
        return maintainers_from_codeowners(text)
    return maintainers_from_settings(text, str(path))


def is_profile(path: str) -> bool:
    p = PurePosixPath(path)
    return p.parent == PurePosixPath(PROFILES_DIR) and p.suffix == ".yml"


def _data(text: str | None, path: str) -> dict[str, Any] | None:
    if text is None:
        return None
    doc, _ = loader.parse(text, path, PurePosixPath(path).stem)
    return doc.data if doc else None


def owner_of(text: str | None, path: str = "profile.yml") -> str | None:
    """The canonical ``github`` login a profile names, or None (also for a file that can't be read)."""
    data = _data(text, path)
    return canonical_login(data.get("github")) if data else None


def _same(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and canonical_login(a) == canonical_login(b) is not None


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


def check_changes(
    changes: Sequence[Change],
    author: str,
    maintainers: Iterable[str],
    approved_by: Iterable[str] = (),
    base_names: Sequence[tuple[str, str]] = (),
    logins: Mapping[str, str] | None = None,
) -> list[Verdict]:
    """A verdict for every changed file; a pull request is acceptable when every verdict is allowed.

    ``approved_by``: the logins that approved the pull request on GitHub. A maintainer among them
    lets through the changes that need one (``review``); nothing lets a refusal through.
    ``base_names``: ``(id, name)`` of every profile on the base branch, so that a new name that
    is the same as, or looks like, someone else's waits for a maintainer. ``logins``: profile id ->
    GitHub login on the base branch, so that either person of a public relationship may end it.
    """
    chiefs = {m.lower() for m in maintainers} - settings.PLACEHOLDER_MAINTAINERS
    login = canonical_login(author) or author
    approver = next((a for a in sorted(canonical_login(x) or "" for x in approved_by) if a in chiefs), "")
    verdicts: list[Verdict] = []
    removed_ok: set[str] = set()
    # removals first: edits elsewhere may only be taking a leaver's id out
    for change in sorted(changes, key=lambda c: (c.status != "deleted", c.path)):
        verdict = _judge(change, login, login in chiefs, removed_ok, logins)
        if verdict.allowed and login not in chiefs and is_profile(change.path):
            verdict = _lookalike(change, verdict, base_names)
        if verdict.review and not verdict.allowed and approver:
            verdict = Verdict(
                verdict.path, True, f"{verdict.reason}; approved by maintainer @{approver}", True, approver
            )
        verdicts.append(verdict)
    return sorted(verdicts, key=lambda v: v.path)


def _lookalike(change: Change, verdict: Verdict, base_names: Sequence[tuple[str, str]]) -> Verdict:
    """``verdict``, or "needs a maintainer" when the change brings a name like another person's."""
    new, old = _data(change.new, change.path), _data(change.old, change.path)
    name = new.get("name") if new else None
    if not isinstance(name, str) or (old is not None and old.get("name") == name):
        return verdict
    me = PurePosixPath(change.path).stem
    found = lookalikes(name, [(pid, other) for pid, other in base_names if pid != me])
    if not found:
        return verdict
    others = ", ".join(f"{pid} ({other!r})" for pid, other in found[:3])
    return _needs_maintainer(change.path, f"the name {name!r} is the same as, or looks like, that of {others}")


RELATIONSHIPS_DIR = "relationships"
BOT = "github-actions[bot]"


def is_relationship(path: str) -> bool:
    p = PurePosixPath(path)
    return p.parent == PurePosixPath(RELATIONSHIPS_DIR) and p.suffix == ".yml"


def _judge_relationship(change: Change, author: str, logins: Mapping[str, str] | None) -> Verdict:
    """Neither person creates a relationship alone; either person of a public one may end it."""
    path = change.path
    if change.status == "added":
        if author == BOT:
            return Verdict(path, True, "recorded by the introductions workflow after both people agreed")
        return Verdict(
            path,
            False,
            "a relationship is recorded when both people agree: the mentor answers `/accept` on the introduction, "
            "or a maintainer records it",
        )
    old = _data(change.old, path) or {}
    parties = {
        (logins or {}).get(str(old.get(role)), "").lower() for role in ("mentee", "mentor") if old.get("public")
    } - {""}
    if author.lower() not in parties:
        who = (
            "a private relationship (nobody can be proved to be in it here)"
            if not old.get("public")
            else ("a relationship @" + author + " is not part of")
        )
        return _needs_maintainer(path, f"this changes {who}")
    if change.status == "deleted":
        return Verdict(path, True, f"@{author} ends their relationship and removes its record")
    new = _data(change.new, path) or {}
    ending = {**old, "status": "ended", "ended": new.get("ended")}
    if new.get("status") == "ended" and new.get("ended") and new == ending:
        return Verdict(path, True, f"@{author} ends their relationship")
    return _needs_maintainer(path, f"@{author} changes more than the end of their relationship (a renewal needs both)")


def _needs_maintainer(path: str, reason: str) -> Verdict:
    return Verdict(path, False, f"{reason}: a maintainer must approve this pull request", review=True)


def _judge(
    change: Change, author: str, is_chief: bool, removed_ok: set[str], logins: Mapping[str, str] | None = None
) -> Verdict:
    """One file's verdict; ``removed_ok`` collects the ids whose removal was allowed."""
    path = change.path
    under_profiles = PurePosixPath(path).parts[:1] == (PROFILES_DIR,)
    if under_profiles and change.new is not None and change.mode not in (REGULAR, "100755"):
        kind = {LINK: "a symbolic link", SUBMODULE: "a submodule"}.get(change.mode, f"a file of mode {change.mode}")
        return Verdict(path, False, f"{kind} under profiles/: only plain .yml files may be there, for anyone")
    if is_relationship(path) and not is_chief:
        return _judge_relationship(change, author, logins)
    if not is_profile(path):
        if is_chief:
            return Verdict(path, True, f"not a profile; @{author} is a maintainer")
        return Verdict(path, True, "not a profile: the code owners review it in the pull request", review=True)
    pid = PurePosixPath(path).stem
    if is_chief:
        if change.status == "deleted":
            removed_ok.add(pid)
        return Verdict(path, True, f"@{author} is a maintainer")
    old_owner, new_owner = owner_of(change.old, path), owner_of(change.new, path)
    if change.status == "added":
        if new_owner is None:
            return _needs_maintainer(
                path, "a new profile that names no GitHub login, so nobody can be proved to own it"
            )
        if _same(new_owner, author):
            return Verdict(path, True, f"a new profile for @{author}, opened by @{author}")
        return Verdict(
            path,
            False,
            f"impersonation: the file says `github: {new_owner}`, but this change comes from @{author}; "
            "only that person (or a maintainer) can add a profile for that account",
        )
    if old_owner is not None and _same(old_owner, author):
        if change.status == "deleted":
            removed_ok.add(pid)
            return Verdict(path, True, f"@{author} removes their own profile")
        if new_owner is not None and not _same(new_owner, author):
            return _needs_maintainer(path, f"@{author} hands their profile to @{new_owner}")
        if new_owner is None:
            return _needs_maintainer(path, f"@{author} takes their GitHub login out of their profile")
        return Verdict(path, True, f"@{author} changes their own profile")
    if change.status == "modified" and _only_unmentions(change, removed_ok):
        return Verdict(path, True, f"only removes mentions of {', '.join(sorted(removed_ok))}, who leave(s)")
    if old_owner is None:
        if change.status == "modified" and new_owner is not None and not _same(new_owner, author):
            return Verdict(
                path, False, f"impersonation: the change writes `github: {new_owner}`, but it comes from @{author}"
            )
        what = "removes" if change.status == "deleted" else "changes"
        if change.status == "deleted":
            removed_ok.add(pid)  # counted only once a maintainer approves: the verdict itself fails until then
        return _needs_maintainer(
            path, f"@{author} {what} a profile that names no GitHub login, so nobody can be proved to own it"
        )
    what = "remove" if change.status == "deleted" else "change"
    return Verdict(path, False, f"belongs to @{old_owner}: only they or a maintainer may {what} it, not @{author}")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def _show(repo: Path, rev: str, path: str) -> str | None:
    result = subprocess.run(["git", "-C", str(repo), "show", f"{rev}:{path}"], capture_output=True)
    if result.returncode != 0:
        return None
    return result.stdout.decode("utf-8", errors="replace")


def changes_from_git(repo: Path, base: str, head: str) -> list[Change]:
    """The files changed between ``base`` and ``head`` (merge base to head, renames as delete + add), with modes."""
    merge_base = _git(repo, "merge-base", base, head).strip()
    raw = _git(repo, "diff", "--raw", "--no-renames", "--no-abbrev", "-z", merge_base, head).split("\0")
    changes = []
    # -z --raw: ":OLDMODE NEWMODE OLDSHA NEWSHA STATUS\0PATH\0" for each file
    for meta, path in zip(raw[0::2], raw[1::2], strict=False):
        if not meta.startswith(":"):
            continue
        new_mode = meta[1:].split()[1]
        changes.append(Change(path, _show(repo, merge_base, path), _show(repo, head, path), new_mode))
    return sorted(changes, key=lambda c: c.path)


def maintainers_at(repo: Path, rev: str) -> frozenset[str]:
    """Maintainers as the base branch names them (a pull request can't add itself).

    ``community.toml`` when the base has one (a broken one names nobody, so only owners may
    change their own profiles until it is fixed); otherwise the base's CODEOWNERS logins.
    """
    text = _show(repo, rev, settings.SETTINGS_FILE)
    if text is not None:
        try:
            return maintainers_from_settings(text)
        except settings.SettingsError:
            return frozenset()
    codeowners = _show(repo, rev, CODEOWNERS)
    return maintainers_from_codeowners(codeowners) if codeowners else frozenset()


def profiles_at(repo: Path, rev: str) -> dict[str, dict[str, Any]]:
    """Every profile's raw data at ``rev``, read as data (one ``git cat-file --batch``, no checkout)."""
    listing = _git(repo, "ls-tree", "-z", f"{rev}:{PROFILES_DIR}")
    blobs = []
    for entry in listing.split("\0"):
        meta, _, name = entry.partition("\t")
        if name.endswith(".yml") and meta.split()[1:2] == ["blob"]:
            blobs.append((name[:-4], meta.split()[2]))
    feed = "".join(f"{sha}\n" for _, sha in blobs).encode()
    out = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch"], input=feed, capture_output=True, check=True)
    data, found, at = out.stdout, {}, 0
    for pid, _sha in blobs:
        header_end = data.index(b"\n", at)
        size = int(data[at:header_end].split()[2])
        text = data[header_end + 1 : header_end + 1 + size].decode("utf-8", errors="replace")
        at = header_end + 1 + size + 1
        parsed = _data(text, f"{PROFILES_DIR}/{pid}.yml")
        if parsed:
            found[pid] = parsed
    return found


def names_at(repo: Path, rev: str) -> list[tuple[str, str]]:
    """``(id, name)`` of every profile at ``rev``."""
    return [(pid, d["name"]) for pid, d in profiles_at(repo, rev).items() if isinstance(d.get("name"), str)]


def _annotation(v: Verdict) -> str:
    if not v.allowed:
        title = "needs a maintainer" if v.review else "ownership"
        return f"::error file={v.path},line=1,title={title}::{escape_data(v.reason)}"
    if v.approved_by:
        return f"::notice file={v.path},line=1,title=approved by a maintainer::{escape_data(v.reason)}"
    return f"::warning file={v.path},line=1,title=for the reviewers::{escape_data(v.reason)}"


def render(verdicts: Sequence[Verdict], author: str, fmt: str = "text") -> str:
    refused = [v for v in verdicts if not v.allowed]
    waiting = [v for v in refused if v.review]
    if fmt == "github":
        lines = [_annotation(v) for v in verdicts if not v.allowed or v.review]
    else:
        lines = [f"{v.path}: {_word(v)}: {v.reason}" for v in verdicts]
    profiles = sum(is_profile(v.path) for v in verdicts)
    if refused:
        lines.append(
            f"Ownership: {len(refused)} of {len(verdicts)} changed file(s) not accepted for @{author}"
            + (f" ({len(waiting)} waiting for a maintainer's approval)." if waiting else ".")
        )
    else:
        lines.append(f"Ownership: ok for @{author} ({profiles} profile file(s) changed).")
    return "\n".join(lines)


def _word(v: Verdict) -> str:
    if not v.allowed:
        return "needs a maintainer" if v.review else "refused"
    return "ok (approved)" if v.approved_by else ("ok (for the reviewers)" if v.review else "ok")


def run_cli(args: Any) -> int:
    """``python -m matcher ownership``: 0 when every change is accepted, 1 otherwise."""
    repo = Path(args.repo)
    author = args.author.lstrip("@")
    approvers = [a for a in (args.approved_by or "").replace(",", " ").split() if a]
    changes = changes_from_git(repo, args.base, args.head)
    people = profiles_at(repo, args.base)
    names = [(pid, d["name"]) for pid, d in people.items() if isinstance(d.get("name"), str)]
    logins = {pid: login for pid, d in people.items() if (login := canonical_login(d.get("github")))}
    verdicts = check_changes(changes, author, maintainers_at(repo, args.base), approvers, names, logins)
    print(render(verdicts, author, args.format))
    return 1 if any(not v.allowed for v in verdicts) else 0
