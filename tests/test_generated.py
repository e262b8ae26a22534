"""Every generated file is what its source gives today; the README documents every command, task and setting."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from matcher import generated, readme, settings
from matcher.cli import build_parser
from matcher.site.settings import DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = list(generated.registry(build_parser()))


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("entry", ENTRIES, ids=[str(e.path) for e in ENTRIES])
def test_generated_file_is_up_to_date(entry: generated.Generated) -> None:
    assert entry.path.read_text(encoding="utf-8") == entry.render(), (
        f"{entry.path} is out of date: run `python -m matcher generate` and review the diff"
    )


def test_the_registry_covers_every_kind_of_derived_file() -> None:
    paths = {str(e.path) for e in ENTRIES}
    assert {"README.md", "docs/fields.md", ".github/CODEOWNERS", ".github/ISSUE_TEMPLATE/config.yml"} <= paths
    assert "tests/vectors/scoring.json" in paths
    assert sum(p.startswith(".github/ISSUE_TEMPLATE/") for p in paths) >= 7
    assert sum(p.startswith("tests/golden/matcher/") for p in paths) >= 6


def test_check_fails_on_a_stale_file_and_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = generated.Generated(tmp_path / "x.md", lambda: "new\n", "a test")
    (tmp_path / "x.md").write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(generated, "registry", lambda parser: iter([fake]))
    assert generated.out_of_date(build_parser()) == [fake]
    assert generated.write(build_parser()) == [tmp_path / "x.md"] and generated.out_of_date(build_parser()) == []


def test_every_site_setting_is_documented_in_the_readme() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [key for key in DEFAULTS if f"| `{key}` |" not in text]
    assert not missing
    rows = readme.site_settings_table()[2:]
    assert all(not row.endswith("|  |") for row in rows), "a MENTOR_COMMONS default has no comment above it"


def test_every_community_setting_is_explained_in_community_toml() -> None:
    """community.toml documents itself: every key the loader knows is in the file, with a comment above."""
    text = (ROOT / "community.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    for table, keys in settings._KEYS.items():
        for key in keys - set(settings._KEYS):
            assert key in (data.get(table, {}) if table else data), (
                f"community.toml lacks {table + '.' if table else ''}{key}"
            )
            before = text[: re.search(rf"^{key}\s*=", text, re.MULTILINE).start()].rstrip().splitlines()  # type: ignore[union-attr]
            above = next(line for line in reversed(before) if not re.match(r"^\w+\s*=", line))  # a group shares one
            assert above.startswith("#"), f"community.toml: {key} has no comment above it"
