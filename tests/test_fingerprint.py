"""One fingerprint of the interpreter and the installed libraries, in the key of every cache.

The validator's verdicts, the matcher's result and the site's pages each skip work when their key
is the last one's. A library upgrade that reached one key and not another left that cache serving
what the old library made (the validator's key listed four libraries, not pycountry nor tzdata,
which check places and time zones), and none of them knew which Python ran.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher import cache, fingerprint
from matcher.profile import verdicts
from matcher.site import incremental

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fresh() -> Iterator[None]:
    """Forget the keys computed with the real environment, before and after (they are kept per process)."""
    fingerprint.environment.cache_clear()
    verdicts.validator_key.cache_clear()
    yield
    fingerprint.environment.cache_clear()
    verdicts.validator_key.cache_clear()


def keys() -> tuple[str, str, str]:
    fingerprint.environment.cache_clear()
    verdicts.validator_key.cache_clear()
    return verdicts.validator_key(), cache._code_and_context(ROOT / "profiles"), incremental.fingerprint()


def _upgraded(name: str) -> list[str]:
    found = fingerprint.installed()
    assert any(n.lower().startswith(f"{name}-") for n in found), f"{name} is not installed"
    return [n.replace(f"{name}-", f"{name}-99.") if n.lower().startswith(f"{name}-") else n for n in found]


@pytest.mark.parametrize("library", ["pycountry", "tzdata", "fastjsonschema", "jinja2", "ortools"])
def test_an_upgraded_library_changes_every_cache_key(
    monkeypatch: pytest.MonkeyPatch, fresh: None, library: str
) -> None:
    before = keys()
    upgraded = _upgraded(library)
    with monkeypatch.context() as patch:
        patch.setattr(fingerprint, "installed", lambda: upgraded)
        after = keys()
    assert [a != b for a, b in zip(before, after, strict=True)] == [True, True, True]
    assert keys() == before  # (nothing else changed them)


def test_another_python_changes_every_cache_key(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    before = keys()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "version", sys.version.replace(".", ".9", 1))
        after = keys()
    assert [a != b for a, b in zip(before, after, strict=True)] == [True, True, True]


def test_each_key_still_holds_its_own_code(monkeypatch: pytest.MonkeyPatch, fresh: None) -> None:
    """A change to one room's code changes the keys of the caches it makes results for, and only those."""
    before = keys()
    real = Path.read_bytes
    edited = ROOT / "matcher" / "profile" / "rules.py"  # the validator's, read by the matcher and the site too
    with monkeypatch.context() as patch:
        patch.setattr(Path, "read_bytes", lambda self: real(self) + (b"#" if self == edited else b""))
        assert [a != b for a, b in zip(before, keys(), strict=True)] == [True, True, True]
    template = ROOT / "theme" / "templates" / "person.html"  # the site's only
    with monkeypatch.context() as patch:
        patch.setattr(Path, "read_bytes", lambda self: real(self) + (b"#" if self == template else b""))
        assert [a != b for a, b in zip(before, keys(), strict=True)] == [False, False, True]
