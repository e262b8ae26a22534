"""What matches.json names, kept by its bytes' hash: made by the run, read by the build, never stale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from matcher.cli import main
from matcher.matching import named
from matcher.matching.match import MatchResult, run_match
from matcher.matching.output import matches_text, named_of
from matcher.matching.policy import load_policy
from matcher.matching.stability import read_previous
from matcher.profile.model import Profile
from matcher.profile.validate import load_profiles
from matcher.synth import write_community

POLICY = load_policy()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("community")
    write_community(300, 5, out)
    return out


@pytest.fixture(scope="module")
def people(folder: Path) -> tuple[Profile, ...]:
    return load_profiles([folder])


def parsed(text: str) -> dict[str, Any] | None:
    return named.of_data(json.loads(text, object_hook=named.without_reasons))


@pytest.mark.parametrize("relationships", [None, {"private": 2, "public": [{"mentee": "a", "mentor": "b"}]}])
def test_what_a_run_names_is_what_its_file_names(
    people: tuple[Profile, ...], tmp_path: Path, relationships: dict[str, Any] | None
) -> None:
    first = run_match(people, POLICY)
    path = tmp_path / "matches.json"
    path.write_text(matches_text(first), encoding="utf-8")
    again = run_match(people, POLICY, read_previous(path))  # kept pairs: "kept" is true in some
    runs: list[MatchResult] = [first, again]
    assert any(p["kept"] for p in named_of(again)["pairs"])
    for result in runs:
        made = named_of(result, relationships)
        assert made == parsed(matches_text(result, relationships))
        assert list(made) == list(json.loads(matches_text(result, relationships)))  # every key, in the file's order
        assert made["suggestions"] and made["mentor_suggestions"] and made["pairs"]


def test_the_build_after_a_match_reads_what_the_matcher_kept(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "matches.json"
    assert main(["match", "--profiles", str(folder), "--out", str(out), "--quiet"]) == 0
    raw = out.read_bytes()
    kept = named.recall(named.key(raw))
    assert kept is not None, "the matcher left nothing for the build"
    assert kept == parsed(raw.decode("utf-8"))
    assert named.read(out) == kept
    assert all(isinstance(ids, tuple) for ids in kept["suggestions"].values())


def test_other_bytes_are_never_served_what_was_kept_for_a_file(tmp_path: Path) -> None:
    path = tmp_path / "matches.json"
    data = {"pairs": [], "suggestions": {"ana": [{"mentor": "bo", "reasons": ["long"]}]}, "mentor_suggestions": {}}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert named.read(path)["suggestions"] == {"ana": ("bo",)}
    path.write_text(json.dumps(data).replace('"bo"', '"cy"'), encoding="utf-8")  # the same size, by hand
    assert named.read(path)["suggestions"] == {"ana": ("cy",)}
    # A damaged entry is read past: the file is parsed again, and the entry written again.
    digest = named.key(path.read_bytes())
    (named.cache_folder() / named.FOLDER / f"{digest}.json").write_text("{damaged", encoding="utf-8")
    assert named.read(path)["suggestions"] == {"ana": ("cy",)}
    assert named.recall(digest) == named.read(path)


def test_only_the_newest_entries_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MENTOR_COMMONS_CACHE", str(tmp_path / "cache"))
    for n in range(named.KEEP + 3):
        named.keep(f"{n:064x}", {"pairs": [n]})
    left = sorted(p.stem for p in (tmp_path / "cache" / named.FOLDER).iterdir())
    assert len(left) == named.KEEP
    assert named.recall(f"{named.KEEP + 2:064x}") == {"pairs": [named.KEEP + 2]}
