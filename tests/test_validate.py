"""The validator against fixture folders: valid profiles pass, each invalid case gives exactly its expected lines."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.profile.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path("tests/profiles")  # relative, so messages match the .expected files
VALID = FIXTURES / "valid"
INVALID = FIXTURES / "invalid"
TODAY = dt.date(2026, 11, 22)
CASES = sorted(p.stem for p in (ROOT / INVALID).glob("*.yml"))


def problems_for(case: str) -> list[str]:
    result = validate_paths([VALID, INVALID / f"{case}.yml"], today=TODAY)
    return [str(p) for p in result.problems if Path(p.file).stem == case]


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_valid_fixtures_have_no_problems() -> None:
    result = validate_paths([VALID], today=TODAY)
    assert result.problems == ()
    assert [p.id for p in result.profiles] == ["kofi-mensah", "lena-fischer", "sofia-reyes"]


@pytest.mark.parametrize("case", CASES)
def test_invalid_case_reports_exactly_the_expected_lines(case: str) -> None:
    expected = (ROOT / INVALID / f"{case}.expected").read_text(encoding="utf-8").splitlines()
    assert problems_for(case) == expected


def test_every_invalid_case_has_an_expectation_and_fails() -> None:
    for case in CASES:
        assert (ROOT / INVALID / f"{case}.expected").exists(), case
        lines = problems_for(case)
        assert lines, f"{case} produced no problem"


def test_all_files_reported_in_one_run_with_count_and_exit_code() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "matcher", "validate", str(VALID), str(INVALID), "--today", "2026-11-22"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 1
    files_with_errors = {line.split(":", 1)[0] for line in run.stdout.splitlines() if line.startswith("tests/")}
    # every invalid case except the stale one (a warning) shows up in the same run
    assert {Path(f).stem for f in files_with_errors} >= set(CASES)
    assert run.stdout.splitlines()[-1].endswith(f"({len(CASES) + 3} files checked).")


def test_exit_codes_ok_and_bad_usage() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "matcher", "validate", str(VALID), "--today", "2026-11-22"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stdout
    assert "no problems" in ok.stdout
    usage = subprocess.run(
        [sys.executable, "-m", "matcher", "validate", "--format", "xml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert usage.returncode == 2
    missing = subprocess.run(
        [sys.executable, "-m", "matcher", "validate", "no/such/folder"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert missing.returncode == 1
    assert "no/such/folder:1: no such file or folder" in missing.stdout


def test_json_format_lists_every_problem() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "matcher",
            "validate",
            "--format",
            "json",
            str(VALID),
            str(INVALID / "unknown-topic.yml"),
            "--today",
            "2026-11-22",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    payload = json.loads(run.stdout.rsplit("\n", 0)[0])
    assert payload["errors"] == 4 and payload["files"] == 4
    first = payload["problems"][0]
    assert first == {
        "file": "tests/profiles/invalid/unknown-topic.yml",
        "line": 10,
        "field": "mentee.topics[0]",
        "message": "'policy advokacy' is not a known topic (did you mean 'policy-advocacy'?)",
        "severity": "error",
    }


def test_github_format_emits_annotations_on_lines() -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "matcher",
            "validate",
            "--format",
            "github",
            str(VALID),
            str(INVALID / "unknown-topic.yml"),
            "--today",
            "2026-11-22",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    first = run.stdout.splitlines()[0]
    assert first.startswith("::error file=tests/profiles/invalid/unknown-topic.yml,line=10,title=mentee.topics[0]::")


def test_profiles_come_out_typed_with_dates_as_dates() -> None:
    result = validate_paths([VALID], today=TODAY)
    lena = next(p for p in result.profiles if p.id == "lena-fischer")
    assert lena.updated == dt.date(2026, 10, 1)
    assert lena.mentor is not None and lena.mentor.capacity == 3 and lena.mentor.accepting
    assert lena.level_of("de") == "native"
    kofi = next(p for p in result.profiles if p.id == "kofi-mensah")
    assert kofi.mentee is not None and kofi.mentee.reach == "anywhere" and kofi.mentee.looking
    assert kofi.mentor is None and kofi.location.city is None


def test_an_invalid_file_is_not_turned_into_a_profile() -> None:
    result = validate_paths([VALID, INVALID / "unknown-topic.yml"], today=TODAY)
    assert "unknown-topic" not in {p.id for p in result.profiles}
    assert not result.ok


def regenerate() -> None:
    """Write every invalid case's .expected from the current validator (then review the diff)."""
    import os

    os.chdir(ROOT)
    for case in CASES:
        (INVALID / f"{case}.expected").write_text("\n".join(problems_for(case)) + "\n", encoding="utf-8")
        print(f"wrote {INVALID / case}.expected")


if __name__ == "__main__":
    regenerate()


def test_the_fast_check_is_compiled_only_once_it_pays(monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking one edited file (a rebuild in a new process) does not compile fastjsonschema (0.13 s); a folder
    does, after FAST_AFTER files; the problems are the same either way, bad files included."""
    from matcher.profile import schema

    bad = sorted((Path(__file__).parent / "profiles" / "invalid").glob("*.yml"))
    good = sorted((Path(__file__).resolve().parent.parent / "profiles").glob("*.yml"))
    monkeypatch.setattr(schema, "_checked_without", [0])
    schema.fast_check.cache_clear()
    assert validate_paths([good[0]]).ok
    assert schema.fast_check.cache_info().currsize == 0, "one file: the full validator alone"
    slow = []
    for path in bad:  # each checked as if it were the process's first
        schema._checked_without[0] = 0
        slow.append(validate_paths([path]).problems)
    monkeypatch.setattr(schema, "_checked_without", [schema.FAST_AFTER])
    assert [validate_paths([path]).problems for path in bad] == slow
    assert schema.fast_check.cache_info().currsize == 1, "past FAST_AFTER files: compiled, and used"
    monkeypatch.setattr(schema, "_checked_without", [0])
    assert not any(schema.fast_check_pays() for _ in range(schema.FAST_AFTER))
    assert schema.fast_check_pays()
