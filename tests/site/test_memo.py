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


def test_files_read_again_go_to_the_journal_and_the_memo_is_saved_whole_once_it_is_long(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing 10,000 entries after every edit costs more than a line: an edit's entry is appended to the
    memo's journal, which a new process reads after the memo (it reads no file again); once the journal
    holds more than RESAVE_AFTER entries, the memo is saved whole and the journal deleted."""
    monkeypatch.setattr(validation, "RESAVE_AFTER", 5)
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    kept = tmp_path / "memo.json"
    journal = validation.journal_path(kept)
    validation._MEMOS.clear()
    assert validation.for_build(folder, 1, kept, "code")[0].ok and kept.exists() and not journal.exists()
    saved = kept.read_bytes()
    paths = sorted(folder.glob("*.yml"))

    def edit(path: Path, words: str) -> None:
        path.write_text(path.read_text(encoding="utf-8").replace("headline: ", f"headline: {words}, ", 1), "utf-8")

    edit(paths[0], "Edited")
    result, reused = validation.for_build(folder, 1, kept, "code")
    assert result.ok and reused == len(paths) - 1
    assert kept.read_bytes() == saved, "one edit: the memo is not written again"
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 2, "the code, then the edited file's entry"

    validation._MEMOS.clear()  # a new process: the memo and its journal from disk
    result, reused = validation.for_build(folder, 1, kept, "code")
    assert reused == len(paths), "no file is read again"
    assert next(p for p in result.profiles if p.id == paths[0].stem).headline.startswith("Edited, ")

    edit(paths[0], "Again")  # the same file twice: the newer entry wins
    assert validation.for_build(folder, 1, kept, "code")[1] == len(paths) - 1
    validation._MEMOS.clear()
    result, reused = validation.for_build(folder, 1, kept, "code")
    assert reused == len(paths)
    assert next(p for p in result.profiles if p.id == paths[0].stem).headline.startswith("Again, Edited, ")

    # A journal cut short is read up to the cut; one written by other code is not read at all.
    journal.write_text(journal.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    validation._MEMOS.clear()
    assert validation.for_build(folder, 1, kept, "code")[1] == len(paths) - 1, "the cut entry's file is read again"
    lines = journal.read_text(encoding="utf-8").splitlines()
    journal.write_text("\n".join(['"other code"', *lines[1:]]) + "\n", encoding="utf-8")
    assert validation.Memo.load(kept, "code").unsaved == 0
    unedited = validation.Memo.load(kept, "code").files[str(paths[0])].profile.headline
    assert not unedited.startswith(("Edited", "Again")), "the memo's own entry: the journal of other code is not read"
    journal.write_text("\n".join(lines) + "\n", encoding="utf-8")

    for n, other in enumerate(paths[1:8]):  # more than RESAVE_AFTER files read again: saved whole
        edit(other, f"Edit {n}")
    assert validation.for_build(folder, 1, kept, "code")[0].ok
    assert kept.read_bytes() != saved and not journal.exists()
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


def test_a_memo_of_the_same_code_spares_the_check_of_the_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checking the schema against its metaschema is 0.08 s of a rebuild in a new process; a memo made by
    the same code and schema (its key) says an earlier process checked it. Another key's memo does not."""
    import jsonschema

    from matcher.profile import schema

    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    memo = validation.Memo()
    assert validation.validate_folder(folder, memo).ok
    kept = tmp_path / "memo.json"
    memo.save(kept, "code-1")
    checks: list[object] = []
    real = jsonschema.Draft202012Validator.check_schema
    monkeypatch.setattr(
        jsonschema.Draft202012Validator, "check_schema", classmethod(lambda cls, s: checks.append(s) or real(s))
    )

    def compiled_after(load: str) -> int:
        monkeypatch.setattr(schema, "_CHECKED_BEFORE", [False])
        schema.validator.cache_clear()
        validation.Memo.load(kept, load)
        before = len(checks)
        schema.validator()
        return len(checks) - before

    try:
        assert compiled_after("other code") == 1
        assert compiled_after("code-1") == 0
    finally:
        schema.validator.cache_clear()


def test_the_memo_spares_the_cross_checks_of_kept_files_only_among_the_same_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept file passed the rules of one file in its community before, among the same ids: they run on the
    files read again alone. A profile that goes (its id with it), or one that comes, runs them on every
    file again: a kept file that names the one gone is refused, as a build from nothing refuses it."""
    from matcher.profile import rules

    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    memo = validation.Memo()
    assert validation.validate_folder(folder, memo).ok
    looked: list[str] = []
    original = rules.PROFILE_RULES

    def counting(doc, ctx):  # type: ignore[no-untyped-def]
        looked.append(doc.id)
        return iter(())

    monkeypatch.setattr(rules, "PROFILE_RULES", (*original, counting))
    edited = folder / "ana-popescu.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("headline: ", "headline: Edited, ", 1), "utf-8")
    assert validation.validate_folder(folder, memo).ok
    assert looked == ["ana-popescu"], "only the file read again is cross-checked"

    # Someone whose profile a kept file names leaves: every file is checked again, and the reference is refused.
    named = next(p for p in sorted(folder.glob("*.yml")) if "interested_in:" in p.read_text(encoding="utf-8"))
    target = next(
        line.strip(" -[]\n").split(",")[0].strip()
        for line in named.read_text(encoding="utf-8").split("interested_in:", 1)[1].splitlines()[:2]
        if line.strip(" -[]")
    )
    (folder / f"{target}.yml").unlink()
    looked.clear()
    result = validation.validate_folder(folder, memo)
    assert set(looked) == {p.stem for p in folder.glob("*.yml")}
    assert not result.ok
    assert any(p.file == str(named) and f"no profile has the id '{target}'" in p.message for p in result.problems)
