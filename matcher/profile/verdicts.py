"""Files found clean before, by the hash of their bytes: ``match`` and the site build check each file once.

``python -m matcher match`` and the site build (``invoke build`` runs one after the other) both
validate every profile. A file's own verdict (the schema and :data:`matcher.profile.rules.FILE_RULES`)
depends on its bytes and on the validator alone, so a file found clean is remembered by the
SHA-256 of its bytes, with the data YAML gave; the next run that meets the same bytes skips
parsing and checking it. The rules across files (ids, references, staleness) always run.

- Only clean files are remembered (no problem at all, warnings included): a file with anything
  to say is read and checked every time, and reported by the one pipeline with its lines.
- The key includes the validator: this package's code and schema, the interpreter and every
  installed library (:mod:`matcher.fingerprint`). A change to any of them starts from nothing.
- The file lives in the user's cache folder (``$MENTOR_COMMONS_CACHE``, else
  ``$XDG_CACHE_HOME/mentor-commons``, else ``~/.cache/mentor-commons``), one per profiles folder,
  never in the repository: nothing a pull request commits can vouch for a file.
- It holds the current files only (a save drops what was not seen), so it never grows past the
  folder it describes.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from matcher.fingerprint import environment, files_digest
from matcher.profile import loader
from matcher.profile.loader import Document, Parsed
from matcher.profile.problems import Problem

CACHE_ENV = "MENTOR_COMMONS_CACHE"
PACKAGE = Path(__file__).resolve().parent
FORMAT = "verdicts-2"


def cache_folder() -> Path:
    """Where caches that must not live in the repository go (see the module's docstring)."""
    if chosen := os.environ.get(CACHE_ENV):
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mentor-commons"


@cache
def validator_key() -> str:
    """The validator as a hash: the profile package's code and schema, whether YAML is parsed by libyaml, and
    the interpreter and libraries (:func:`matcher.fingerprint.environment`: pycountry and tzdata check
    places and time zones, fastjsonschema and jsonschema the schema, PyYAML reads the files)."""
    sha = hashlib.sha256(FORMAT.encode())
    sha.update(files_digest(sorted([*PACKAGE.glob("*.py"), *PACKAGE.glob("*.json")]), PACKAGE).encode())
    sha.update(f"\nlibyaml\t{getattr(yaml, '__with_libyaml__', False)}\n".encode())
    sha.update(environment().encode())
    return sha.hexdigest()


def digest_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@dataclass
class Verdicts:
    """The clean files of one profiles folder, by the hash of their bytes."""

    path: Path | None = None  # where they are kept (None: in memory only)
    clean: dict[str, dict[str, Any]] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    reused: int = 0  # files found clean before, in this run
    added: int = 0  # files found clean for the first time, in this run
    _saved: tuple[int, int] = (-1, -1)

    @classmethod
    def for_folder(cls, folder: Path) -> Verdicts:
        """The verdicts kept for ``folder`` (none if there are none, or they were made by another validator)."""
        name = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:20]
        verdicts = cls(path=cache_folder() / f"{name}.json")
        try:
            kept = json.loads(verdicts.path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
        except (OSError, ValueError):
            return verdicts
        if isinstance(kept, dict) and kept.get("validator") == validator_key() and isinstance(kept.get("clean"), dict):
            verdicts.clean = kept["clean"]
        return verdicts

    def read(self, path: Path) -> tuple[Parsed, str]:
        """Read one file: a clean file seen before comes back parsed, with no problem and no line tables
        (they are only read to word a problem); any other is read, parsed and checked. Also the hash."""
        raw, problems = loader.read_bytes(path)
        if raw is None:
            return (None, problems), ""
        digest = digest_of(raw)
        known = self._recalled(path, digest)
        if known is not None:
            return (known, []), digest
        parsed = checked(raw, path)
        doc, problems = parsed
        if doc is not None and not problems:
            self.remember(digest, doc.data)
        return parsed, digest

    def recall(self, path: Path) -> Document | None:
        """The file parsed, if its bytes were found clean before (else None: read and check it)."""
        raw, _ = loader.read_bytes(path)
        return None if raw is None else self._recalled(path, digest_of(raw))

    def _recalled(self, path: Path, digest: str) -> Document | None:
        data = self.clean.get(digest)
        if data is None:
            return None
        self.seen.add(digest)
        self.reused += 1
        return Document(path=str(path), id=path.stem, data=data)

    def remember(self, digest: str, data: dict[str, Any]) -> None:
        """``data`` is what a clean file with these bytes gives."""
        if digest not in self.clean:
            self.added += 1
        self.clean[digest] = data
        self.seen.add(digest)

    def save(self) -> None:
        """Keep the files seen in this run (if anything changed), atomically."""
        if self.path is None:
            return
        current = {d: self.clean[d] for d in sorted(self.seen) if d in self.clean}
        if self._saved == (self.added, len(current)) or (not self.added and len(current) == len(self.clean)):
            return
        self.clean = current
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        text = json.dumps({"validator": validator_key(), "clean": current}, ensure_ascii=False, separators=(",", ":"))
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, self.path)
        self._saved = (self.added, len(current))


def checked(raw: bytes, path: Path) -> Parsed:
    """Parse one file's bytes and check it alone: the loader's problems, then the schema's and the file rules'."""
    from matcher.profile.validate import check_document  # (validate uses this module)

    doc, problems = loader.parse_bytes(raw, str(path), path.stem)
    if doc is not None:
        problems = problems + check_document(doc)
    return doc, problems


__all__ = ["CACHE_ENV", "Problem", "Verdicts", "cache_folder", "checked", "digest_of", "validator_key"]
