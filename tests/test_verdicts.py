"""Verdicts kept by the hash of a file's bytes (matcher/profile/verdicts.py): the same result, sooner.

Every test compares with validate_paths without verdicts, the one pipeline, on the real loader.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from matcher.profile import loader
from matcher.profile import verdicts as verdicts_module
from matcher.profile.validate import check_document, validate_paths
from matcher.profile.verdicts import Verdicts, cache_folder

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "profiles"
INVALID = Path(__file__).resolve().parent / "profiles" / "invalid"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The example community and every invalid example, in one folder (problems of every kind)."""
    target = tmp_path / "profiles"
    shutil.copytree(EXAMPLES, target)
    for path in INVALID.glob("*.yml"):
        shutil.copy(path, target / path.name)
    return target


def test_with_verdicts_the_result_is_the_same_first_and_second_time(folder: Path) -> None:
    expected = validate_paths([folder])
    assert not expected.ok  # problems of every kind, with their lines
    first = Verdicts.for_folder(folder)
    assert validate_paths([folder], verdicts=first) == expected
    assert first.reused == 0 and first.added > 0
    second = Verdicts.for_folder(folder)
    assert validate_paths([folder], verdicts=second) == expected
    assert second.reused == first.added  # every clean file remembered, none checked again
    assert second.added == 0


def test_only_files_clean_on_their_own_are_remembered(folder: Path) -> None:
    """Clean alone: not a word from the loader, the schema or a file rule (a warning is a word)."""
    v = Verdicts.for_folder(folder)
    validate_paths([folder], verdicts=v)
    kept = json.loads(v.path.read_text(encoding="utf-8"))["clean"]  # type: ignore[union-attr]
    alone = set()
    for path in folder.glob("*.yml"):
        doc, problems = loader.read(path)
        if doc is not None and not problems and not check_document(doc):
            alone.add(hashlib.sha256(path.read_bytes()).hexdigest())
    assert set(kept) == alone
    assert len(alone) < len(list(folder.glob("*.yml")))


def test_a_remembered_file_named_by_a_rule_across_files_gets_its_real_line(folder: Path) -> None:
    """A clean, remembered file later points at an id that is gone: the problem has the line of the field."""
    validate_paths([folder], verdicts=Verdicts.for_folder(folder))
    pointing = next(p for p in sorted(folder.glob("*.yml")) if "\ninterested_in:\n  - " in p.read_text("utf-8"))
    target = pointing.read_text("utf-8").split("\ninterested_in:\n  - ", 1)[1].split("\n", 1)[0]
    (folder / f"{target}.yml").unlink()
    v = Verdicts.for_folder(folder)
    result = validate_paths([folder], verdicts=v)
    assert result == validate_paths([folder])
    named = [p for p in result.problems if p.file == str(pointing) and target in p.message]
    assert named and all(p.line > 1 for p in named)
    assert v.reused > 0


def test_an_edited_file_is_checked_again(folder: Path) -> None:
    validate_paths([folder], verdicts=Verdicts.for_folder(folder))
    path = sorted(folder.glob("*.yml"))[0]
    path.write_text(path.read_text("utf-8").replace("name: ", "name: \u202e", 1), encoding="utf-8")
    result = validate_paths([folder], verdicts=Verdicts.for_folder(folder))
    assert result == validate_paths([folder])
    assert any(p.file == str(path) for p in result.problems)


def test_verdicts_of_another_validator_are_not_used(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validate_paths([folder], verdicts=Verdicts.for_folder(folder))
    monkeypatch.setattr(verdicts_module, "validator_key", lambda: "another validator")
    assert Verdicts.for_folder(folder).clean == {}


def test_the_verdicts_live_in_the_cache_folder_not_in_the_repository(folder: Path) -> None:
    v = Verdicts.for_folder(folder)
    validate_paths([folder], verdicts=v)
    assert v.path is not None and v.path.parent == cache_folder()
    assert ROOT not in v.path.parents


def test_a_save_keeps_only_the_files_of_this_run(folder: Path) -> None:
    validate_paths([folder], verdicts=Verdicts.for_folder(folder))
    before = len(Verdicts.for_folder(folder).clean)
    (folder / "ana-popescu.yml").unlink()
    validate_paths([folder], verdicts=Verdicts.for_folder(folder))
    assert len(Verdicts.for_folder(folder).clean) <= before - 1
