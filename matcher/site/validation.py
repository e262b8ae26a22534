"""Validation for the site build: the same verdict as :func:`matcher.profile.validate.validate_paths`, sooner.

Two ways to spend less time on 10,000 files, both of which fall back to ``validate_paths``
itself as soon as anything is wrong, so a problem is always reported by the one pipeline,
with its exact file, line and words:

- **Remembered files** (``invoke live``): a file whose size and modification time have not
  changed since the last build in this process is not read, parsed or checked again; only the
  rules that span files run over the whole community, as they must.
- **Two processes** (a cold build): a forked copy of this process reads and checks half of
  the files while this one does the other half; the copy sends back the parsed data of its
  clean files (plain dicts), and the rules across files then run here on all of them.

A file's own verdict depends on the file alone (schema and :data:`matcher.profile.rules.FILE_RULES`)
and on the set of ids (:data:`~matcher.profile.rules.PROFILE_RULES`, run here over every file
each time), which is what makes both shortcuts exact.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matcher.profile import loader, schema
from matcher.profile.loader import Document
from matcher.profile.model import Profile
from matcher.profile.validate import Result, cross_checks, validate_paths
from matcher.profile.verdicts import Verdicts, checked, digest_of
from matcher.site.incremental import ByIdentity, profile_hash, remember_profile_hash
from matcher.site.writer import ChildFailed, in_child

__all__ = ["Memo", "Result", "for_build", "memo_for", "validate_folder"]

# The memo is saved whole again once its journal holds this many entries (files read again since).
RESAVE_AFTER = 200
# Below this many files, a second process costs more than it saves.
PARALLEL_FROM = 2000


@dataclass(frozen=True, slots=True)
class _Seen:
    size: int
    mtime_ns: int
    doc: Document
    profile: Profile


@dataclass
class Memo:
    """What the last build found clean, by file: reused while a file's size and modification time stay."""

    files: dict[str, _Seen] = field(default_factory=dict)
    reused: int = 0  # files not read again in the last call
    fresh: list[str] = field(default_factory=list)  # the files read again in the last call
    unsaved: int = 0  # entries in the journal: files read again since the memo was last saved whole

    def save(self, path: Path, code: str) -> None:
        """Keep the memo for the next build in another process (``invoke build`` after an edit), whole.

        ``code`` is the fingerprint of the validator's code and schema: a memo made by other code
        is never used. Only clean files are in it, as the plain data YAML gave. Its journal
        (:meth:`append`) is then deleted: every entry of it is in the memo.
        """
        entries = self._entries(list(self.files.values()))
        names = (json.dumps(name, ensure_ascii=False) for name in self.files)
        files = ",".join(f"{name}:{entry}" for name, entry in zip(names, entries, strict=True))
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(f'{{"code":{json.dumps(code)},"files":{{{files}}}}}', encoding="utf-8")
        os.replace(tmp, path)
        journal_path(path).unlink(missing_ok=True)
        self.unsaved = 0

    def append(self, path: Path, code: str, names: Sequence[str]) -> None:
        """Add the entries of ``names`` to the memo's journal, a line each, which :meth:`load` reads after the
        memo: an edit costs the next process one line, not 10,000 entries written again nor the edited
        file read again. The journal's first line is ``code``: a journal of other code is not read."""
        journal = journal_path(path)
        head = "" if journal.exists() else json.dumps(code) + "\n"
        entries = self._entries([self.files[name] for name in names])
        lines = "".join(
            f"[{json.dumps(name, ensure_ascii=False)},{entry}]\n" for name, entry in zip(names, entries, strict=True)
        )
        with journal.open("a", encoding="utf-8") as out:
            out.write(head + lines)
        self.unsaved += len(names)

    @staticmethod
    def _entries(seen: Sequence[_Seen]) -> list[str]:
        # Each file's entry is encoded once per _Seen (invoke live saves after every edit: one is new).
        # It keeps the profile's hash too (incremental.profile_hash): the next process need not make it.
        return _ENCODED.values(
            seen,
            lambda s: json.dumps(
                [s.size, s.mtime_ns, s.doc.id, s.doc.data, profile_hash(s.profile)], ensure_ascii=False
            ),
        )

    @classmethod
    def load(cls, path: Path, code: str) -> Memo:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("code") != code:
            return cls()
        memo = cls()
        try:
            entries = data["files"]
            journal = _journal(path, code)  # (the newer entries: each after the memo's own)
            memo.unsaved = len(journal)
            for name, entry in [*entries.items(), *journal]:
                size, mtime_ns, pid, raw, digest = entry
                doc = Document(path=name, id=pid, data=raw)
                profile = Profile.from_raw(pid, raw, name)
                # (made by the same code from the same data: the hash of an equal profile, not made again)
                remember_profile_hash(profile, digest)
                memo.files[name] = _Seen(size, mtime_ns, doc, profile)
        except (KeyError, TypeError, ValueError, AttributeError):  # not a memo this code wrote: every file is read
            return cls()
        schema.checked_before()  # (a memo of this code and schema: the schema was checked when it was made)
        return memo


def journal_path(memo: Path) -> Path:
    """The memo's journal: the entries of the files read again since it was saved whole (:meth:`Memo.append`)."""
    return memo.with_name(memo.name + ".journal")


def _journal(memo: Path, code: str) -> list[tuple[str, Any]]:
    """The journal's (name, entry) pairs, oldest first; none if there is none or other code wrote it.
    An entry of a file since read again is followed by the newer one; an older one only makes its file
    read again (its size and time are not the file's)."""
    try:
        code_line, *lines = journal_path(memo).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return []
    if code_line != json.dumps(code):
        return []
    entries = []
    for line in lines:
        try:
            name, entry = json.loads(line)
        except ValueError:  # a line cut short (the build was stopped as it wrote): its file is read again
            break
        entries.append((name, entry))
    return entries


_MEMOS: dict[str, Memo] = {}
_ENCODED = ByIdentity()  # a remembered file's entry in the saved memo, as JSON


def memo_for(folder: Path) -> Memo:
    """This process's memo for one profiles folder (``invoke live`` builds again and again in one process)."""
    return _MEMOS.setdefault(str(Path(folder).resolve()), Memo())


def for_build(folder: Path, processes: int, kept: Path | None, code: str) -> tuple[Result, int]:
    """The site build's validation, and how many files it did not check again.

    A cold build (``kept`` is None) reuses the verdicts on files whose bytes the matcher (or the
    last build) found clean (:mod:`matcher.profile.verdicts`). An incremental one reuses this
    process's memo, or the one kept at ``kept`` by the last build (made by the same ``code``).
    """
    if kept is None:
        verdicts = Verdicts.for_folder(folder)
        return validate_folder(folder, processes=processes, verdicts=verdicts), verdicts.reused
    memo = memo_for(folder)
    if not memo.files:
        loaded = Memo.load(kept, code)
        memo.files, memo.unsaved = loaded.files, loaded.unsaved
    result = validate_folder(folder, memo, processes=processes)
    # The files read again go to the memo's journal, a line each (writing 10,000 entries after every
    # edit would cost more); the memo is saved whole once the journal is long.
    if result.ok:
        if not kept.exists() or memo.unsaved + len(memo.fresh) > RESAVE_AFTER:
            memo.save(kept, code)
        elif memo.fresh:
            memo.append(kept, code, memo.fresh)
    return result, memo.reused


def validate_folder(
    folder: Path, memo: Memo | None = None, processes: int = 1, verdicts: Verdicts | None = None
) -> Result:
    """Validate every profile in ``folder`` (reusing ``memo`` and ``verdicts``); ``validate_paths``'s result
    when anything is wrong."""
    with loader.paused_gc():
        result = _clean_result(folder, memo, processes, verdicts)
    if result is not None:
        if verdicts is not None:
            verdicts.save()
        return result
    return validate_paths([folder], verdicts=verdicts)


def _listed(folder: Path, stats: bool) -> list[tuple[str, os.stat_result | None]] | None:
    """The profile files of ``folder`` (:func:`matcher.profile.loader.scan`) as sorted text paths, each with
    its ``stat`` if asked; None where discover would report a problem (validate_paths then words it).
    Text, not ``Path`` objects: at 10,000 files making and printing those took 0.05 s."""
    try:
        entries, problems = loader.scan(folder)
    except OSError:
        return None
    if problems:
        return None
    return sorted((e.path, e.stat(follow_symlinks=False) if stats else None) for e in entries)


def _clean_result(folder: Path, memo: Memo | None, processes: int, verdicts: Verdicts | None) -> Result | None:
    """The result when every file is clean, else None (the caller asks ``validate_paths`` for the words)."""
    # (a file's size and time say whether the memo's entry is still right: a cold build has no memo)
    listed = _listed(folder, stats=memo is not None)
    if listed is None:
        return None
    files = [name for name, _ in listed]
    stats = {name: st for name, st in listed if st is not None}
    known = memo.files if memo is not None else {}
    reused: dict[str, _Seen] = {}
    fresh: list[str] = []
    for name in files:
        seen = known.get(name)
        st = stats.get(name)
        if seen is not None and st is not None and (seen.size, seen.mtime_ns) == (st.st_size, st.st_mtime_ns):
            reused[name] = seen
        else:
            fresh.append(name)
    recalled: dict[str, Document] = {}
    if verdicts is not None:  # files whose bytes match must not be checked again (the matcher checked them)
        recalled = {name: doc for name in fresh if (doc := verdicts.recall(Path(name))) is not None}
        fresh = [name for name in fresh if name not in recalled]
    found = _check_files([Path(name) for name in fresh], processes)
    if found is None:
        return None
    by_path = {path: doc for path, (doc, _digest) in found.items()}
    if verdicts is not None:
        for doc, digest in found.values():
            verdicts.remember(digest, doc.data)
    by_path.update(recalled)
    docs = [reused[name].doc if name in reused else by_path[name] for name in files]
    # Among the same ids, a file the memo kept passed the rules of one file in its community already
    # (they read the file and the ids: at 10,000 people, 0.1 s saved on every build after an edit).
    same_ids = bool(known) and {seen.doc.id for seen in known.values()} == {doc.id for doc in docs}
    if cross_checks(docs, changed=[by_path[name] for name in files if name not in reused] if same_ids else None):
        return None
    profiles: list[Profile] = []
    for name, doc in zip(files, docs, strict=True):
        seen = reused.get(name)
        profile = seen.profile if seen is not None else Profile.from_raw(doc.id, doc.data, doc.path)
        profiles.append(profile)
        if memo is not None and seen is None:  # (a reused entry stays the same object: see Memo.save)
            st = stats[name]
            known[name] = _Seen(st.st_size, st.st_mtime_ns, doc, profile)
    if memo is not None:
        for gone in set(known) - set(stats):
            del known[gone]
        memo.reused = len(reused)
        memo.fresh = [name for name in files if name not in reused]
    profiles.sort(key=lambda p: p.id)
    return Result(profiles=tuple(profiles), problems=(), files=len(files))


def _check(paths: Sequence[Path]) -> dict[str, tuple[Document, str]] | None:
    """Read and check each file alone (with the hash of its bytes); None as soon as one has a problem."""
    out: dict[str, tuple[Document, str]] = {}
    for path in paths:
        raw, _problems = loader.read_bytes(path)
        if raw is None:
            return None
        doc, found = checked(raw, path)
        if doc is None or found:
            return None
        # A clean file's line tables are never read again (a problem means validate_paths): let them go.
        doc.key_lines.clear()
        doc.item_lines.clear()
        out[str(path)] = (doc, digest_of(raw))
    return out


def _check_files(paths: Sequence[Path], processes: int) -> dict[str, tuple[Document, str]] | None:
    if processes < 2 or len(paths) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return _check(paths)
    theirs, mine = paths[1::2], paths[0::2]
    waiting = in_child(_checked_data, theirs)
    own = _check(mine)
    try:
        sent = waiting()
    except ChildFailed:
        sent = None
    if own is None or sent is None:
        return None
    # Line tables are not sent: they are only read to word a problem, and a problem means validate_paths.
    own.update({path: (Document(path=path, id=pid, data=data), digest) for path, pid, data, digest in sent})
    return own


def _checked_data(paths: Sequence[Path]) -> list[tuple[str, str, dict[str, Any], str]] | None:
    """:func:`_check`'s result without the documents' line tables (what a child sends back)."""
    docs = _check(paths)
    return None if docs is None else [(path, doc.id, doc.data, digest) for path, (doc, digest) in docs.items()]
