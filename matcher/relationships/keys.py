"""Keyed hashes for private relationships: who is in one is known only to whoever holds the key.

A private relationship file names neither person. It holds ``hmac-sha256:<hex>`` of each profile
id instead, keyed with a secret kept only in the repository's Actions secrets
(``MENTOR_COMMONS_RELATIONSHIP_KEY``). CI resolves a hash by hashing every profile id with the
key and looking it up; without the key (a fork, a local build, anyone reading the repository)
the hashes say nothing: a keyed hash can't be recomputed from the public ids, unlike a plain one.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable, Mapping

KEY_ENV = "MENTOR_COMMONS_RELATIONSHIP_KEY"
PREFIX = "hmac-sha256:"
_MIN_KEY_BYTES = 32
_DOMAIN = b"mentor-commons/relationship-person/v1\0"  # a hash made here can't be replayed as another kind


class UnusableKey(ValueError):
    """The key in the environment is unusable (too short)."""


def load_key(environ: Mapping[str, str] | None = None) -> bytes | None:
    """The relationship key from the environment, or None when there is none (forks, local builds)."""
    value = (environ if environ is not None else os.environ).get(KEY_ENV, "")
    if not value:
        return None
    key = value.encode("utf-8")
    if len(key) < _MIN_KEY_BYTES:
        raise UnusableKey(
            f"{KEY_ENV} is {len(key)} bytes long; use at least {_MIN_KEY_BYTES} random bytes "
            "(e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)"
        )
    return key


def person_hash(key: bytes, profile_id: str) -> str:
    """What stands for ``profile_id`` in a private relationship file."""
    return PREFIX + hmac.new(key, _DOMAIN + profile_id.encode("utf-8"), hashlib.sha256).hexdigest()


def is_hash(value: str) -> bool:
    return value.startswith(PREFIX)


def resolver(key: bytes | None, ids: Iterable[str]) -> dict[str, str]:
    """Hash -> profile id for everyone in ``ids`` (empty without a key)."""
    if key is None:
        return {}
    return {person_hash(key, pid): pid for pid in ids}
