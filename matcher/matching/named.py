"""Whom ``matches.json`` names: each suggestion list as the ids it names, and the pairs, without the reasons.

This is what the site reads of the matcher's output (:mod:`matcher.site.suggestions`): it shows who
is suggested, never why or how strongly. At 10,000 people the file is 23 MB, nearly all reasons,
and parsing it takes half a second; what it names is 1.8 MB of JSON, read in a tenth of that.

So it is kept in the user's cache folder (:func:`matcher.profile.verdicts.cache_folder`, never the
repository), by the SHA-256 of the file's bytes and of the code that makes it (:func:`key`):

- the matcher keeps it as it writes ``matches.json`` (:func:`of_result`, made from the run itself),
  so the build that follows a match reads the small file, not the large one (a topic edit in
  ``invoke live`` waited 0.3 s for the parse);
- a build that meets a file nobody kept (made elsewhere: the nightly's artifact, a copy) parses it
  once (:func:`of_data`) and keeps what it names for the next build.

Any other bytes, a hand edit included, are another key: a kept entry can never stand for a
different file. The folder holds the last :data:`KEEP` entries.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from matcher.profile.verdicts import cache_folder

FOLDER = "matches-named"
KEEP = 4  # entries kept: a few matcher outputs (a live session's last ones, another checkout's)

# The suggestion lists both ways, and the key that names the other person in each entry.
LIST_KEYS = {"suggestions": "mentor", "mentor_suggestions": "mentee"}


@cache
def _code() -> bytes:
    """This module (which parses a file) and ``output.py`` (whose ``named_of`` makes the same from a run)."""
    sha = hashlib.sha256()
    for path in (Path(__file__), Path(__file__).with_name("output.py")):
        sha.update(path.read_bytes())
    return sha.digest()


def hasher() -> Any:
    """A hash to feed a ``matches.json``'s bytes to: its ``hexdigest()`` is then their :func:`key`."""
    return hashlib.sha256(_code())


def key(raw: bytes) -> str:
    """The cache key of a ``matches.json`` with these bytes (and this module, which says what is kept)."""
    sha = hasher()
    sha.update(raw)
    return str(sha.hexdigest())


def hashed(chunks: Iterable[str], sha: Any) -> Iterator[str]:
    """``chunks`` as they are, each fed to ``sha`` as the UTF-8 a file of them holds."""
    for chunk in chunks:
        sha.update(chunk.encode("utf-8"))
        yield chunk


def of_data(data: Any) -> dict[str, Any] | None:
    """What the parsed file names: every top-level key (as None, but ``pairs`` and the two lists),
    the pairs as they are, and each list as a tuple of the ids it names (None for an entry that names
    nobody). None if the file is not a JSON object. Parse it with :func:`without_reasons` as the
    ``object_hook``: the reasons, most of the file, then never fill memory."""
    if not isinstance(data, Mapping):
        return None
    out: dict[str, Any] = dict.fromkeys(data)  # every key (the others as None): the same files are empty or not
    if "pairs" in data:
        out["pairs"] = data["pairs"]
    for name, other in LIST_KEYS.items():
        if name not in data:
            continue
        lists = data[name]
        if isinstance(lists, Mapping):
            lists = {
                person: tuple(item.get(other) if isinstance(item, dict) else None for item in items)
                if isinstance(items, list)
                else items
                for person, items in lists.items()
            }
        out[name] = lists
    return out


def without_reasons(obj: dict[str, Any]) -> dict[str, Any]:
    """A JSON object of ``matches.json`` as :func:`of_data` needs it: a suggestion's or a pair's reasons left out."""
    obj.pop("reasons", None)
    return obj


def read(path: Path) -> dict[str, Any] | None:
    """What the ``matches.json`` at ``path`` names: kept from before for the same bytes, else parsed (and kept)."""
    raw = path.read_bytes()
    digest = key(raw)
    kept = recall(digest)
    if kept is not None:
        return kept
    named = of_data(json.loads(raw.decode("utf-8"), object_hook=without_reasons))
    if named is not None:
        keep(digest, named)
    return named


def _path(digest: str) -> Path:
    return cache_folder() / FOLDER / f"{digest}.json"


def recall(digest: str) -> dict[str, Any] | None:
    """The entry kept for ``digest``, as :func:`of_data` made it (lists as tuples), or None."""
    try:
        data = json.loads(_path(digest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    for name in LIST_KEYS:  # (JSON has no tuples: every list under these keys was one)
        if isinstance(data.get(name), dict):
            data[name] = {p: tuple(v) if isinstance(v, list) else v for p, v in data[name].items()}
    return data


def keep(digest: str, named: Mapping[str, Any]) -> None:
    """Keep ``named`` for ``digest`` (atomically), and only the newest :data:`KEEP` entries.
    A cache that cannot be written is not an error: the next build parses the file again."""
    path = _path(digest)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(named, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, path)
        others = [p for p in path.parent.glob("*.json") if p != path]
        for old in sorted(others, key=lambda p: p.stat().st_mtime_ns, reverse=True)[KEEP - 1 :]:
            old.unlink(missing_ok=True)
    except OSError:
        return
