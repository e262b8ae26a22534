"""The validation memo an incremental build keeps for the next process: saved from each file's kept entry,
it reads back as what was remembered, and a file changed since is read again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from matcher.site import incremental, validation

ROOT = Path(__file__).resolve().parents[2]


def test_the_memo_reads_back_as_it_was_saved(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    memo = validation.Memo()
    result = validation.validate_folder(folder, memo)
    assert result.ok and len(memo.files) == result.files
    kept = tmp_path / "memo.json"
    memo.save(kept, "code-1")
    json.loads(kept.read_text(encoding="utf-8"))  # one JSON document
    again = validation.Memo.load(kept, "code-1")
    assert {n: (s.size, s.mtime_ns, s.doc) for n, s in again.files.items()} == {
        n: (s.size, s.mtime_ns, s.doc) for n, s in memo.files.items()
    }
    assert [s.profile for s in again.files.values()] == [s.profile for s in memo.files.values()]
    assert validation.Memo.load(kept, "other code").files == {}, "a memo made by other code is never used"
    entries = json.loads(kept.read_text(encoding="utf-8"))
    entries["files"] = {name: entry[:4] for name, entry in entries["files"].items()}  # an entry it cannot read
    (tmp_path / "short.json").write_text(json.dumps(entries), encoding="utf-8")
    assert validation.Memo.load(tmp_path / "short.json", "code-1").files == {}

    # An edit: saved again, the changed file's entry is the new one, the others' are the ones kept.
    path = sorted(folder.glob("*.yml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("headline: ", "headline: Edited, ", 1), encoding="utf-8")
    assert validation.validate_folder(folder, memo).ok and memo.reused == result.files - 1
    memo.save(kept, "code-1")
    changed = validation.Memo.load(kept, "code-1").files[str(path)]
    assert changed.profile.headline.startswith("Edited, ")
    assert validation.validate_folder(folder, validation.Memo.load(kept, "code-1")).ok


def test_the_saved_memo_may_lag_a_few_files_which_are_then_read_again(tmp_path: Path) -> None:
    """Writing 10,000 entries after every edit costs more than reading a few files again: the memo is saved
    once more than RESAVE_AFTER files were read again since, and a lagging entry never hides an edit."""
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    kept = tmp_path / "memo.json"
    validation._MEMOS.clear()
    assert validation.for_build(folder, 1, kept, "code")[0].ok and kept.exists()
    saved = kept.read_bytes()
    paths = sorted(folder.glob("*.yml"))
    path = paths[0]
    path.write_text(path.read_text(encoding="utf-8").replace("headline: ", "headline: Edited, ", 1), encoding="utf-8")
    result, reused = validation.for_build(folder, 1, kept, "code")
    assert result.ok and reused == len(paths) - 1
    assert kept.read_bytes() == saved, "one edit: not saved again"

    validation._MEMOS.clear()  # a new process: the memo from disk, which lags one file
    result, reused = validation.for_build(folder, 1, kept, "code")
    assert reused == len(paths) - 1, "the lagging file is read again"
    assert next(p for p in result.profiles if p.id == path.stem).headline.startswith("Edited, ")

    for other in paths[1 : validation.RESAVE_AFTER + 2]:
        other.write_text(other.read_text(encoding="utf-8").replace("headline: ", "headline: Again, ", 1), "utf-8")
    assert validation.for_build(folder, 1, kept, "code")[0].ok
    assert kept.read_bytes() != saved, "many read again: saved"
    validation._MEMOS.clear()
    assert validation.for_build(folder, 1, kept, "code")[1] == len(paths)
    validation._MEMOS.clear()


def test_the_memo_keeps_each_profiles_hash_so_a_new_process_need_not_make_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    memo = validation.Memo()
    assert validation.validate_folder(folder, memo).ok
    made = incremental.profile_hashes(s.profile for s in memo.files.values())
    kept = tmp_path / "memo.json"
    memo.save(kept, "code-1")

    again = validation.Memo.load(kept, "code-1")
    loaded = [s.profile for s in again.files.values()]
    assert all(p is not s.profile for p, s in zip(loaded, memo.files.values(), strict=True))  # new objects

    def refuse(_value: object) -> str:
        raise AssertionError("a profile loaded from the memo was hashed again")

    monkeypatch.setattr(incremental, "repr_hash", refuse)
    assert incremental.profile_hashes(loaded) == made
    monkeypatch.undo()
    assert {p.id: incremental.repr_hash(p) for p in loaded} == made  # and they are the hashes of these profiles
