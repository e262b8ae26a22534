"""What every cached result is made with besides its own inputs: the interpreter and the libraries.

Three caches skip work when a key is the one they last saw: the validator's verdicts on clean
files (:func:`matcher.profile.verdicts.validator_key`), the matcher's result
(:mod:`matcher.cache`) and the site's pages (:func:`matcher.site.incremental.fingerprint`).
Each key holds the code that made its result (its own files, named and hashed with
:func:`files_digest`) and :func:`environment`, defined here once, so that what one cache
notices every cache notices:

- the Python that runs: its version, and the Unicode database's (names are normalised, compared
  and sorted with it);
- every installed distribution, by name and version: YAML's parser and jsonschema read the
  profiles, pycountry and tzdata (every time zone is the package's: :mod:`matcher.profile.zones`)
  check them, numpy and OR-Tools match them, Babel, Jinja2 and markupsafe, markdown-it and nh3
  make their pages. A key that listed some of them (the validator's, which listed four) missed
  an upgrade of the others.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path


def installed() -> list[str]:
    """The installed distributions, as their ``.dist-info`` folders name them (``numpy-2.3.5.dist-info``):
    name and version, read without parsing any metadata (that took 60 ms)."""
    found: set[str] = set()
    for entry in sys.path:
        with contextlib.suppress(OSError):
            found.update(name for name in os.listdir(entry or ".") if name.endswith(".dist-info"))
    return sorted(found)


@cache
def environment() -> str:
    """The interpreter and the installed libraries, as text for a key (once per process: the modules a
    process has loaded are the ones it started with, whatever is installed meanwhile)."""
    interpreter = f"python\t{sys.implementation.name} {sys.version}\nunicode\t{unicodedata.unidata_version}"
    return "\n".join([interpreter, "libraries", *installed()])


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """The SHA-256 of each file's name (relative to ``root``) and bytes, in the order given."""
    sha = hashlib.sha256()
    for path in paths:
        data = path.read_bytes()
        sha.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        sha.update(data)
    return sha.hexdigest()
