"""The hash-checked locks in requirements/ agree with pyproject.toml, and the install commands use them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOCKS = {"app": PROJECT["dependencies"], "test": PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]}
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(name: str) -> dict[str, list[tuple[Version, str]]]:
    """Every `name==version ; marker` line of a lock, and that each is followed by at least one hash."""
    lines = (ROOT / "requirements" / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    found: dict[str, list[tuple[Version, str]]] = {}
    for index, line in enumerate(lines):
        match = _PIN.match(line)
        if not match:
            continue
        assert lines[index + 1].strip().startswith("--hash=sha256:"), f"{name}.txt: {line} has no hash"
        found.setdefault(canonicalize_name(match[1]), []).append((Version(match[2]), (match[3] or "").strip()))
    return found


@pytest.mark.parametrize("lock", sorted(LOCKS))
def test_every_direct_dependency_is_locked_within_its_range(lock: str) -> None:
    locked = pins(lock)
    for spec in LOCKS[lock]:
        req = Requirement(spec)
        versions = locked.get(canonicalize_name(req.name))
        assert versions, f"requirements/{lock}.txt lacks {req.name}: run `invoke lock`"
        for version, marker in versions:
            if not marker or Marker(marker).evaluate():
                assert req.specifier.contains(version, prereleases=True), (
                    f"requirements/{lock}.txt pins {req.name}=={version}, outside {req.specifier}: run `invoke lock`"
                )


def test_the_test_lock_holds_the_app_lock() -> None:
    """The same versions of the app whichever lock installed it: tests test what the site runs."""
    app, test = pins("app"), pins("test")
    assert {name: app[name] for name in app} == {name: test[name] for name in app}


def test_every_install_command_checks_hashes() -> None:
    """The README, .ci/run and every workflow install from a lock with --require-hashes (the canary excepted)."""
    sources = [ROOT / "README.md", ROOT / ".ci" / "run", *sorted((ROOT / ".github" / "workflows").glob("*.yml"))]
    for path in sources:
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\bpip install\b", line) and "canary" not in path.name:
                assert "--require-hashes -r requirements/" in line, f"{path.name}: unlocked install: {line.strip()}"
