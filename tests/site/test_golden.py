"""The golden site: the tiny community's build, file by file, against tests/golden/site/.

A change to a template, the plugin or the theme's pages shows up here as a diff to review.
Regenerate after an intended change, and read the diff before committing it:

    python -m tests.site.test_golden        (or: invoke site-golden)

The theme's static files (copied as they are), Pagefind's bundle (binary, its own
version's) and the join page (the intake form's, tested with it) are left out.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

from tests.site.conftest import ROOT, build_tiny

GOLDEN = ROOT / "tests" / "golden" / "site"
LEFT_OUT = ("theme", "pagefind", "join")
# The join page's lists of every country, language and time zone (pycountry's and tzdata's, tested
# in tests/test_forms.py): 400 kB that would make every review of this folder unreadable.
LEFT_OUT_FILES = ("data/join/places.json",)


def _files(root: Path) -> dict[str, Path]:
    return {
        p.relative_to(root).as_posix(): p
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and p.relative_to(root).parts[0] not in LEFT_OUT
        and p.relative_to(root).as_posix() not in LEFT_OUT_FILES
    }


def build_golden(out: Path) -> dict[str, Path]:
    build_tiny(out, search=False)
    return _files(out)


def test_the_tiny_site_matches_its_golden_copy(tmp_path: Path) -> None:
    built = build_golden(tmp_path / "output")
    golden = _files(GOLDEN)
    assert sorted(built) == sorted(golden), "files differ: run `python -m tests.site.test_golden` and review the diff"
    for name, path in built.items():
        new, old = path.read_text(encoding="utf-8"), golden[name].read_text(encoding="utf-8")
        if new != old:
            diff = "".join(
                difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"golden/{name}", f"built/{name}", n=2)
            )
            raise AssertionError(
                f"{name} differs from its golden copy"
                f" (regenerate with `python -m tests.site.test_golden`):\n{diff[:4000]}"
            )


def regenerate() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        built = build_golden(Path(tmp) / "output")
        if GOLDEN.exists():
            shutil.rmtree(GOLDEN)
        for name, path in built.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    print(
        f"wrote {len(built)} files to {GOLDEN.relative_to(ROOT)}: review `git diff {GOLDEN.relative_to(ROOT)}`",
        file=sys.stderr,
    )


if __name__ == "__main__":
    regenerate()
