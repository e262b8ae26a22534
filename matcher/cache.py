"""Is the matcher's output up to date? A content hash of exactly what the matcher reads.

The matcher reads part of each profile: who (id, name), where (country, city, time zone),
languages, sectors, shortlist and avoid list, and the mentor and mentee blocks without their
prose (``offer``, ``goals``); and it reads the policy. A change to anything else (a bio, a
headline, a link, an endorsement, ``updated``) cannot change ``matches.json``, so ``invoke
build`` and ``invoke live`` do not run the matcher again for it.

It also reads the agreed relationships beside the profiles (``relationships/``, with the key that
resolves the private ones and the community's longest term, ``community.toml``), and the result
is made by code: the matcher's own modules and the libraries installed (numpy, scipy). Any of
those changed, and the matcher runs again.

The key of the inputs a result was made from is written beside it (``matches.json.key``, a
build product like the result). That file also remembers each profile's hash by size and
modification time, so a build after an edit parses only the edited files. A file that cannot
be parsed is hashed whole: any change to it reruns the matcher, which then reports it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matcher.fingerprint import environment, files_digest
from matcher.profile import loader

PACKAGE = Path(__file__).resolve().parent
POLICY = PACKAGE / "matching" / "policy.toml"
# The code a result is made by: the matcher's modules and what they read profiles and relationships with.
MATCHER_CODE = ("matching/*.py", "profile/*.py", "profile/*.json", "relationships/*.py", "settings.py", "cache.py")
RELATIONSHIPS = "relationships"  # beside the profiles folder (matcher.relationships.check.FOLDER)
# Bumped when the projection below changes, so old keys never match new ones.
FORMAT = "match-inputs-2"
# Top-level fields the matcher reads (matcher/features.py: seeker_of, offer_of; names for the report).
MATCHED_FIELDS = ("name", "location", "languages", "sectors", "interested_in", "avoid")
# The prose inside the role blocks: shown on the site, never read by the matcher.
PROSE = {"mentor": ("offer",), "mentee": ("goals",)}


def projection(data: Mapping[str, Any]) -> dict[str, Any]:
    """The part of one raw profile the matcher reads."""
    out = {key: data[key] for key in MATCHED_FIELDS if key in data}
    for role, prose in PROSE.items():
        block = data.get(role)
        if isinstance(block, Mapping):
            out[role] = {k: v for k, v in block.items() if k not in prose}
        elif role in data:
            out[role] = block
    return out


def _code_and_context(profiles: Path) -> str:
    """What besides the profiles and the policy makes a result: the code, the interpreter and libraries
    (:func:`matcher.fingerprint.environment`), the relationships."""
    whole = hashlib.sha256()
    whole.update(files_digest(sorted({p for pattern in MATCHER_CODE for p in PACKAGE.glob(pattern)}), PACKAGE).encode())
    whole.update(f"\n{environment()}".encode())
    folder = profiles.parent / RELATIONSHIPS
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            whole.update(f"\n{path.relative_to(folder)}\t{_digest(path.read_bytes())}".encode())
        from matcher import settings
        from matcher.relationships import keys

        try:  # a private relationship counts only where the key is (a digest of it: never the key)
            key = keys.load_key()
        except keys.UnusableKey:
            key = None
        whole.update(b"\nkey\t" + (_digest(b"mentor-commons relationship key\0" + key).encode() if key else b"none"))
        community = settings.settings_path()
        whole.update(b"\ncommunity\t" + (_digest(community.read_bytes()).encode() if community.is_file() else b"none"))
    return whole.hexdigest()


def _digest(text: str | bytes) -> str:
    return hashlib.sha256(text.encode("utf-8") if isinstance(text, str) else text).hexdigest()


def file_hash(path: Path) -> str:
    """The hash of one profile's matching projection (of its bytes, if it cannot be read as a profile)."""
    doc, problems = loader.read(path)
    if doc is None or problems:
        try:
            return "raw:" + _digest(path.read_bytes())
        except OSError:
            return "unreadable"
    return _digest(json.dumps(projection(doc.data), sort_keys=True, ensure_ascii=False, default=str))


@dataclass(frozen=True)
class MatchInputs:
    """The key of one set of inputs, and each file's hash by (size, mtime) for the next look."""

    key: str
    files: dict[str, tuple[int, int, str]]
    hashed: int = 0  # files whose hash was not in the memo (new, edited, or only touched: a checkout, a copy)

    @classmethod
    def read(
        cls, profiles: Path, policy: Path = POLICY, memo: Mapping[str, tuple[int, int, str]] | None = None
    ) -> MatchInputs:
        files: dict[str, tuple[int, int, str]] = {}
        known = memo or {}
        hashed = 0
        for entry in sorted(os.scandir(profiles), key=lambda e: e.name):
            if not entry.name.endswith(loader.PROFILE_SUFFIX):
                continue
            st = entry.stat()
            seen = known.get(entry.name)
            if seen is not None and tuple(seen[:2]) == (st.st_size, st.st_mtime_ns):
                files[entry.name] = (st.st_size, st.st_mtime_ns, seen[2])
            else:
                files[entry.name] = (st.st_size, st.st_mtime_ns, file_hash(Path(entry.path)))
                hashed += 1
        whole = hashlib.sha256(FORMAT.encode())
        whole.update(_digest(policy.read_bytes()).encode() if policy.exists() else b"no policy")
        whole.update(_code_and_context(profiles).encode())
        for name, (_size, _mtime, digest) in files.items():
            whole.update(f"\n{name}\t{digest}".encode())
        return cls(key=whole.hexdigest(), files=files, hashed=hashed)


def stamp_path(matches: Path) -> Path:
    return matches.with_name(matches.name + ".key")


def _stamp(matches: Path) -> dict[str, Any]:
    try:
        data = json.loads(stamp_path(matches).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == FORMAT else {}


def write_stamp(matches: Path, inputs: MatchInputs) -> None:
    """Record that ``matches`` was made from ``inputs`` (call it once the matcher has succeeded)."""
    data = {"format": FORMAT, "key": inputs.key, "files": inputs.files}
    stamp_path(matches).write_text(json.dumps(data, sort_keys=True) + "\n", encoding="utf-8")


def _older_than_sources(matches: Path, profiles: Path, policy: Path) -> bool:
    """The rule before keys existed (and for a result made by hand with `invoke match`): by modification time."""
    made = matches.stat().st_mtime
    return any(p.stat().st_mtime > made for p in [*profiles.glob("*.yml"), policy] if p.exists())


# A look that hashed this many files (their times changed, not what the matcher reads: a checkout, a copy)
# writes the stamp again with their new times. Fewer (an edited bio) cost less to hash again next time
# (0.3 ms each) than the stamp of 10,000 files costs to write (20 ms).
REMEMBER_FROM = 16


def match_needed(matches: Path, profiles: Path, policy: Path = POLICY) -> tuple[bool, MatchInputs]:
    """Whether the matcher must run for ``profiles``, and the inputs' key (to stamp the result with).

    No result: yes. A stamp: only if the key differs. No stamp (a result made with `invoke
    match`): by modification time, as before; a result found current is stamped then.
    """
    stamp = _stamp(matches)
    memo = {name: (int(v[0]), int(v[1]), str(v[2])) for name, v in (stamp.get("files") or {}).items()}
    inputs = MatchInputs.read(profiles, policy, memo)
    if not matches.exists():
        return True, inputs
    if stamp:
        if stamp.get("key") != inputs.key:
            return True, inputs
        if inputs.hashed >= REMEMBER_FROM:  # the same inputs, many files touched (a checkout): remembered
            write_stamp(matches, inputs)
        return False, inputs
    if _older_than_sources(matches, profiles, policy):
        return True, inputs
    write_stamp(matches, inputs)
    return False, inputs
