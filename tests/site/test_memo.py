"""The validation memo an incremental build keeps for the next process: saved from each file's kept entry,
it reads back as what was remembered, and a file changed since is read again."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from matcher.site import validation

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

    # An edit: saved again, the changed file's entry is the new one, the others' are the ones kept.
    path = sorted(folder.glob("*.yml"))[0]
    path.write_text(path.read_text(encoding="utf-8").replace("headline: ", "headline: Edited, ", 1), encoding="utf-8")
    assert validation.validate_folder(folder, memo).ok and memo.reused == result.files - 1
    memo.save(kept, "code-1")
    changed = validation.Memo.load(kept, "code-1").files[str(path)]
    assert changed.profile.headline.startswith("Edited, ")
    assert validation.validate_folder(folder, validation.Memo.load(kept, "code-1")).ok
