"""Incremental builds give the files a cold build gives; the matcher reruns only for what it reads.

Random sequences of edits (a bio, a headline, a topic, a status, a name, an ``updated`` date, a
person leaving and coming back) are applied to a copy of the tiny community; after each, an
incremental build into one folder is compared, file by file, with a cold build into another.
"""

from __future__ import annotations

import filecmp
import os
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from matcher import fingerprint
from matcher.cache import match_needed, write_stamp
from matcher.profile import schema, verdicts
from matcher.profile.validate import validate_paths
from matcher.site import incremental
from matcher.site.build import build_site
from matcher.site.incremental import state_path
from matcher.site.validation import Memo, validate_folder
from matcher.site.writer import OutputWriter, mark_for_sweep, sweep
from tests.site.conftest import COMMUNITY, CONTENT, MATCHES, ROOT

# Pagefind leaves the order of these to a hash map: they differ between two cold builds too (in each shard).
UNSTABLE = re.compile(r"^pagefind/[0-9a-f]+/(filter/|pagefind\.[^/]*\.pf_meta$|pagefind-entry\.json$)")
# The search index in shards of about this many people: the tiny community (7 published) in a few shards.
SHARD_SIZE = 4


def build(
    out: Path, profiles: Path, *, incremental: bool, search: bool = False, size: int = SHARD_SIZE, **kwargs: Any
) -> Any:
    return build_site(
        ROOT / "pelicanconf.py",
        profiles=profiles,
        matches=MATCHES,
        output=out,
        search=search,
        overrides={"PATH": str(CONTENT), "MENTOR_COMMONS": {"search_shard_size": size}},
        incremental=incremental,
        **kwargs,
    )


def files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def differences(a: Path, b: Path) -> list[str]:
    fa, fb = [f for f in files(a) if not UNSTABLE.match(f)], [f for f in files(b) if not UNSTABLE.match(f)]
    extra = sorted(set(fa) ^ set(fb))
    changed = [f for f in fa if f in fb and not filecmp.cmp(a / f, b / f, shallow=False)]
    # The files Pagefind names by its hash map's order: as many in each folder (none left from a last build).
    unstable = [Counter(Path(f).parent.as_posix() for f in files(x) if UNSTABLE.match(f)) for x in (a, b)]
    counts = [] if unstable[0] == unstable[1] else [f"{unstable[0]} != {unstable[1]}"]
    return extra + changed + counts


# --- edits that keep the community valid -------------------------------------------------


def _set_line(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^{key}: .*$", text, flags=re.MULTILINE):
        text = re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
    elif re.search(rf"^{key}: [|>]-?\n(  .*\n)+", text, flags=re.MULTILINE):
        text = re.sub(rf"^{key}: [|>]-?\n(  .*\n)+", f"{key}: {value}\n", text, count=1, flags=re.MULTILINE)
    else:
        text += f"{key}: {value}\n"
    path.write_text(text, encoding="utf-8")


def edit_bio(path: Path, rng: random.Random) -> str:
    _set_line(path, "bio", f"Edited bio number {rng.randrange(1000)}, with **emphasis**.")
    return "bio"


def edit_headline(path: Path, rng: random.Random) -> str:
    _set_line(path, "headline", f"A new headline {rng.randrange(1000)}")
    return "headline"


def edit_name(path: Path, rng: random.Random) -> str:
    _set_line(path, "name", rng.choice(["Zoë Example", "Ana Edited", "Фарид Новый"]))
    return "name"


def edit_updated(path: Path, rng: random.Random) -> str:
    _set_line(path, "updated", f"2026-0{rng.randrange(1, 7)}-1{rng.randrange(10)}")
    return "updated"


def edit_topic(path: Path, rng: random.Random) -> str:
    text = path.read_text(encoding="utf-8")
    found = re.search(r"^(mentor|mentee):\n(?:  .*\n)*?  topics: \[([^\]]*)\]", text, flags=re.MULTILINE)
    block = re.search(r"^(mentor|mentee):\n(?:  .*\n)*?  topics:\n    - (.*)\n", text, flags=re.MULTILINE)
    topics = list(schema.vocabulary("topic"))
    if found:
        old = found.group(2).split(",")[0].strip()
        new = rng.choice([t for t in topics if t not in found.group(2)])
        text = text[: found.start(2)] + found.group(2).replace(old, new, 1) + text[found.end(2) :]
    elif block:
        new = rng.choice([t for t in topics if f"- {t}\n" not in text])
        text = text[: block.start(2)] + new + text[block.end(2) :]
    else:
        return "nothing"
    path.write_text(text, encoding="utf-8")
    return "topic"


def edit_status(path: Path, rng: random.Random) -> str:
    text = path.read_text(encoding="utf-8")
    other = {"open": "paused", "paused": "open"}
    swapped = re.sub(r"^  status: (open|paused)$", lambda m: f"  status: {other[m[1]]}", text, count=1, flags=re.M)
    path.write_text(swapped, encoding="utf-8")
    return "status"


EDITS = (edit_bio, edit_headline, edit_name, edit_updated, edit_topic, edit_status)


def leave_or_return(folder: Path, aside: Path, rng: random.Random) -> str:
    """Someone nobody else names leaves (their file goes aside), or someone who left comes back."""
    back = sorted(aside.glob("*.yml"))
    if back and rng.random() < 0.5:
        shutil.move(str(back[0]), folder / back[0].name)
        return "return"
    others = {p: p.read_text(encoding="utf-8") for p in folder.glob("*.yml")}
    free = [p for p in others if all(p.stem not in text for q, text in others.items() if q != p)]
    if not free:
        return "nothing"
    shutil.move(str(rng.choice(sorted(free))), aside)
    return "leave"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_builds_are_cold_builds_after_random_edits(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    folder, aside = tmp_path / "community", tmp_path / "aside"
    shutil.copytree(COMMUNITY, folder)
    aside.mkdir()
    warm, cold = tmp_path / "warm", tmp_path / "cold"
    build(warm, folder, incremental=True, search=True)
    for step in range(6):
        if rng.random() < 0.2:
            done = leave_or_return(folder, aside, rng)
        else:
            done = rng.choice(EDITS)(rng.choice(sorted(folder.glob("*.yml"))), rng)
        assert validate_paths([folder]).ok, done
        search = step % 3 == 2
        build(warm, folder, incremental=True, search=search)
        shutil.rmtree(cold, ignore_errors=True)
        build(cold, folder, incremental=False, search=search)
        if not search:  # a build without search leaves the last index; compare what both have
            shutil.rmtree(warm / "pagefind", ignore_errors=True)
        else:  # every shard's bundle and cards, as many shards as the people make
            assert len(list((cold / "pagefind").glob("*/cards/*.json"))) > 1, (step, done)
        assert differences(warm, cold) == [], (step, done)


def test_a_build_with_nothing_changed_renders_no_page_and_writes_no_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out, COMMUNITY, incremental=True)
    before = {f: (out / f).stat().st_mtime_ns for f in files(out)}
    report = build(out, COMMUNITY, incremental=True)
    stats = report.stats  # type: ignore[attr-defined]
    assert stats.pages == 0 and stats.skipped > 0
    plugin_files = [f for f in before if f.startswith(("people/", "directory/", "data/"))]
    assert all((out / f).stat().st_mtime_ns == before[f] for f in plugin_files)


def test_a_page_deleted_from_the_output_is_written_again(tmp_path: Path) -> None:
    """A file missing from the output is rendered again, its key unchanged: a profile page (one folder of
    many pages), a facet page (a folder of its own, gone with it) and a data file."""
    out = tmp_path / "out"
    build(out, COMMUNITY, incremental=True)
    person = sorted(f for f in files(out) if f.startswith("people/"))[0]
    facet = next(f for f in files(out) if f.startswith("directory/") and f.count("/") == 3)
    data = next(f for f in files(out) if f.startswith("data/"))
    kept = {f: (out / f).read_bytes() for f in (person, facet, data)}
    (out / person).unlink()
    shutil.rmtree((out / facet).parent)
    (out / data).unlink()
    report = build(out, COMMUNITY, incremental=True)
    assert report.stats.pages == 3  # type: ignore[attr-defined]
    assert {f: (out / f).read_bytes() for f in kept} == kept


def test_a_bio_edit_renders_that_page_only(tmp_path: Path) -> None:
    folder, out = tmp_path / "community", tmp_path / "out"
    shutil.copytree(COMMUNITY, folder)
    build(out, folder, incremental=True)
    edit_bio(folder / "boris-ivanov.yml", random.Random(0))
    report = build(out, folder, incremental=True)
    assert report.stats.pages == 1  # type: ignore[attr-defined]
    assert "Edited bio number" in (out / "people/boris-ivanov.html").read_text(encoding="utf-8")


def test_the_data_files_are_made_only_when_what_they_are_made_of_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mentors.json, people.json and the find page's form are keyed on their inputs, not made to compare their
    text: a mentee's bio makes none, a mentor's bio makes mentors.json (the same bytes: not written), a name
    makes both files, a mentor who stops taking mentees the form and mentors.json."""
    from matcher.site import export

    folder, out = tmp_path / "community", tmp_path / "out"
    shutil.copytree(COMMUNITY, folder)
    made: list[str] = []
    for name in ("mentors_json", "people_json", "find_form"):
        real = getattr(export, name)
        monkeypatch.setattr(export, name, lambda c, real=real, name=name: made.append(name) or real(c))

    def rebuild() -> list[str]:
        made.clear()
        build(out, folder, incremental=True, search_later=True)  # (in this process: no forked copy)
        return sorted(made)

    assert rebuild() == ["find_form", "mentors_json", "people_json"]
    edit_bio(folder / "boris-ivanov.yml", random.Random(1))  # a mentee
    assert rebuild() == []
    before = (out / "data/mentors.json").stat().st_mtime_ns
    edit_bio(folder / "amara-okafor.yml", random.Random(1))  # a mentor
    assert rebuild() == ["mentors_json"]
    assert (out / "data/mentors.json").stat().st_mtime_ns == before
    edit_name(folder / "amara-okafor.yml", random.Random(1))
    assert rebuild() == ["mentors_json", "people_json"]
    path = folder / "amara-okafor.yml"
    path.write_text(re.sub(r"(?m)^(  status:) open$", r"\1 paused", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert rebuild() == ["find_form", "mentors_json"]
    cold = tmp_path / "cold"
    build(cold, folder, incremental=False)
    assert differences(out, cold) == []


def test_a_change_of_the_community_counts_makes_only_the_pages_that_show_them(tmp_path: Path) -> None:
    """The counts (people, mentors open to new mentees...) show on the home page and the directory only: a
    mentor who pauses makes those again, and the pages that show that mentor, not every page. A template
    that others share and shows the counts puts them back in every page's key."""
    folder, out = tmp_path / "community", tmp_path / "out"
    shutil.copytree(COMMUNITY, folder)
    build(out, folder, incremental=True)
    path = folder / "amara-okafor.yml"
    path.write_text(re.sub(r"(?m)^(  status:) open$", r"\1 paused", path.read_text(encoding="utf-8")), encoding="utf-8")
    before = {f: (out / f).stat().st_mtime_ns for f in files(out)}
    stats = build(out, folder, incremental=True).stats  # type: ignore[attr-defined]
    changed = {f for f in files(out) if (out / f).stat().st_mtime_ns != before.get(f)}
    assert {"index.html", "directory/index.html"} <= changed
    people = [f for f in before if f.startswith("people/")]
    assert stats.skipped >= len(people) // 2, "profile pages that do not show the counts were not made again"
    cold = tmp_path / "cold"
    build(cold, folder, incremental=False)
    assert differences(out, cold) == []
    from matcher.site import jobs

    assert jobs.counted_in() == {"home.html", "directory.html"}
    shared = tmp_path / "templates"
    shutil.copytree(ROOT / "theme/templates", shared)
    base = shared / "base.html"
    shown = base.read_text(encoding="utf-8").replace("</body>", "{{ COMMUNITY_COUNTS.people }}</body>")
    base.write_text(shown, encoding="utf-8")
    assert jobs.counted_in(shared) is None


def test_an_upgraded_library_makes_every_page_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Babel names the countries, Jinja escapes, markdown-it makes the bios: a page made by another
    version of one of them is not the page a cold build makes now."""
    found = fingerprint.installed()
    assert {"jinja2", "babel", "markdown_it_py", "nh3", "pyyaml"} <= {n.rsplit("-", 2)[0].lower() for n in found}
    out = tmp_path / "out"
    build(out, COMMUNITY, incremental=True)
    assert build(out, COMMUNITY, incremental=True).stats.unchanged == 0  # type: ignore[attr-defined]  # none made
    upgraded = [n.replace("babel-", "babel-99.") if n.lower().startswith("babel-") else n for n in found]
    assert upgraded != found
    monkeypatch.setattr(fingerprint, "installed", lambda: upgraded)
    fingerprint.environment.cache_clear()  # (kept per process)
    try:
        again = build(out, COMMUNITY, incremental=True).stats  # type: ignore[attr-defined]
    finally:
        fingerprint.environment.cache_clear()
        verdicts.validator_key.cache_clear()
    assert again.skipped == 0 and again.unchanged > 0  # every page made again (the same bytes: not written)


def test_every_data_file_the_code_reads_makes_every_page_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The translations, the schema and the policy are read to make pages: a corrected French string must make
    the French pages again (it did not: the catalogs were not in the code's fingerprint, and an incremental
    build kept pages a cold build no longer makes). Each data file's bytes change the fingerprint."""
    found = {p.relative_to(ROOT).as_posix() for p in incremental.data_files()}
    assert {
        "matcher/site/locales/fr/LC_MESSAGES/messages.po",
        "matcher/site/locales/messages.pot",
        "matcher/profile/profile.schema.json",
        "matcher/matching/policy.toml",
    } <= found
    assert not any(f.endswith((".py", ".pyc")) for f in found)
    before = incremental.fingerprint()
    real = Path.read_bytes
    for name in ("matcher/site/locales/ar/LC_MESSAGES/messages.po", "matcher/matching/policy.toml"):
        edited = ROOT / name
        monkeypatch.setattr(Path, "read_bytes", lambda self, e=edited: real(self) + (b"#" if self == e else b""))
        assert incremental.fingerprint() != before, name
    monkeypatch.setattr(Path, "read_bytes", real)
    assert incremental.fingerprint() == before


def test_a_cold_build_forgets_the_state(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out, COMMUNITY, incremental=True)
    assert state_path(out).exists()
    build(out, COMMUNITY, incremental=False)
    assert not state_path(out).exists()


def test_a_failed_build_leaves_no_state(tmp_path: Path) -> None:
    folder, out = tmp_path / "community", tmp_path / "out"
    shutil.copytree(COMMUNITY, folder)
    build(out, folder, incremental=True)
    (folder / "boris-ivanov.yml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(RuntimeError):
        build(out, folder, incremental=True)
    assert not state_path(out).exists()


# --- validation shortcuts give validate_paths' verdict ----------------------------------


@pytest.mark.parametrize("folder", [COMMUNITY, ROOT / "profiles", ROOT / "tests/site/hostile"])
def test_validation_for_the_site_is_validate_paths(folder: Path) -> None:
    expected = validate_paths([folder])
    assert validate_folder(folder, processes=2) == expected
    memo = Memo()
    assert validate_folder(folder, memo) == expected
    assert validate_folder(folder, memo) == expected


@pytest.mark.parametrize("oddity", ["a .yaml file", "a profile that is a link", "a folder named .yml", "a link"])
def test_a_folder_with_what_discover_reports_gets_validate_paths_words(tmp_path: Path, oddity: str) -> None:
    """The site's validation lists the folder itself (text paths, no Path objects); anything discover
    reports (a .yaml file, a link, something not a plain file) takes it to validate_paths' words."""
    folder = tmp_path / "community"
    shutil.copytree(COMMUNITY, folder)
    first = sorted(folder.glob("*.yml"))[0]
    if oddity == "a .yaml file":
        first.rename(first.with_suffix(".yaml"))
    elif oddity == "a profile that is a link":
        first.rename(tmp_path / first.name)
        first.symlink_to(tmp_path / first.name)
    elif oddity == "a folder named .yml":
        (folder / "notes.yml").mkdir()
    else:
        (folder / "README").symlink_to(first)
    expected = validate_paths([folder])
    assert not expected.ok
    assert validate_folder(folder, Memo()) == expected
    assert validate_folder(folder, processes=2) == expected


def test_remembered_files_are_read_again_when_they_change(tmp_path: Path) -> None:
    folder = tmp_path / "community"
    shutil.copytree(COMMUNITY, folder)
    memo = Memo()
    validate_folder(folder, memo)
    edit_headline(folder / "chen-wei.yml", random.Random(1))
    os.utime(folder / "chen-wei.yml", ns=(time.time_ns(), time.time_ns() + 10**9))
    result = validate_folder(folder, memo)
    assert memo.reused == len(files(folder)) - 1
    assert result == validate_paths([folder])
    (folder / "chen-wei.yml").write_text("name: [unclosed\n", encoding="utf-8")
    assert validate_folder(folder, memo) == validate_paths([folder])  # the words of validate_paths


def test_the_two_process_path_is_used_and_agrees(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from matcher.site import validation

    monkeypatch.setattr(validation, "PARALLEL_FROM", 0)
    assert validate_folder(COMMUNITY, processes=2) == validate_paths([COMMUNITY])


# --- the writer ---------------------------------------------------------------------------


def test_the_writer_leaves_identical_files_alone(tmp_path: Path) -> None:
    writer = OutputWriter(str(tmp_path), keep_unchanged=True)
    assert writer.write("a/b.html", "é") is True
    stamp = (tmp_path / "a/b.html").stat().st_mtime_ns
    assert writer.write("a/b.html", "é") is False
    assert (tmp_path / "a/b.html").stat().st_mtime_ns == stamp
    assert writer.write("a/b.html", "e") is True
    assert (tmp_path / "a/b.html").read_text(encoding="utf-8") == "e"
    assert writer.remove("a/b.html") and not writer.remove("a/b.html")


def test_a_folder_written_over_keeps_only_what_was_written_again(tmp_path: Path) -> None:
    """A search shard is written over its last bundle: the files not written again are then deleted."""
    writer = OutputWriter(str(tmp_path))
    for name in ("a.json", "fragment/b.pf", "fragment/c.pf", "index/d.pf"):
        writer.write(name, name)
    mark_for_sweep(str(tmp_path))
    writer.write("fragment/b.pf", "b again")  # written again, over the old file
    writer.write("index/e.pf", "new")
    assert sweep(str(tmp_path)) == 3
    assert files(tmp_path) == ["fragment/b.pf", "index/e.pf"]
    assert (tmp_path / "fragment/b.pf").read_text(encoding="utf-8") == "b again"


# --- the matcher's key ----------------------------------------------------------------------


def test_the_matcher_reruns_only_for_what_it_reads(tmp_path: Path) -> None:
    folder, matches, policy = tmp_path / "community", tmp_path / "matches.json", tmp_path / "policy.toml"
    shutil.copytree(COMMUNITY, folder)
    shutil.copy(ROOT / "matcher/matching/policy.toml", policy)
    needed, inputs = match_needed(matches, folder, policy)
    assert needed  # no result yet
    shutil.copy(MATCHES, matches)
    write_stamp(matches, inputs)
    assert not match_needed(matches, folder, policy)[0]
    for edit in (edit_bio, edit_headline, edit_updated):
        edit(folder / "amara-okafor.yml", random.Random(2))
        assert not match_needed(matches, folder, policy)[0], edit.__name__
    for edit in (edit_topic, edit_status, edit_name):
        shutil.copy(COMMUNITY / "farah-haddad.yml", folder / "farah-haddad.yml")
        write_stamp(matches, match_needed(matches, folder, policy)[1])
        edit(folder / "farah-haddad.yml", random.Random(3))
        assert match_needed(matches, folder, policy)[0], edit.__name__
    write_stamp(matches, match_needed(matches, folder, policy)[1])
    policy.write_text(policy.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert match_needed(matches, folder, policy)[0]


def test_files_only_touched_are_hashed_once_and_the_stamp_remembers_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout or a copy gives every file a new time and the same bytes: the matcher need not run,
    and the stamp learns the new times, so the next build does not hash 10,000 files again. A file or two
    (an edited bio) are hashed again rather than the whole stamp written."""
    from matcher import cache

    folder, matches, policy = tmp_path / "community", tmp_path / "matches.json", tmp_path / "policy.toml"
    shutil.copytree(COMMUNITY, folder)
    monkeypatch.setattr(cache, "REMEMBER_FROM", 3)  # (the tiny community has fewer files than a checkout)
    shutil.copy(ROOT / "matcher/matching/policy.toml", policy)
    shutil.copy(MATCHES, matches)
    write_stamp(matches, match_needed(matches, folder, policy)[1])
    files = sorted(folder.glob("*.yml"))
    for path in files:
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    needed, inputs = match_needed(matches, folder, policy)
    assert not needed and inputs.hashed == len(files)
    needed, inputs = match_needed(matches, folder, policy)
    assert not needed and inputs.hashed == 0
    edit_bio(files[0], random.Random(4))  # a bio: hashed, the same key, not worth writing the stamp
    assert match_needed(matches, folder, policy)[1].hashed == 1
    assert match_needed(matches, folder, policy)[1].hashed == 1
    for path in files[1:3]:
        edit_bio(path, random.Random(5))
    assert match_needed(matches, folder, policy)[1].hashed == 3  # now it is
    assert match_needed(matches, folder, policy)[1].hashed == 0


def test_invoke_match_stamps_its_result(tmp_path: Path) -> None:
    """`invoke match` leaves its result stamped, as `invoke build` does: the next build need not match."""
    folder, matches = tmp_path / "community", tmp_path / "matches.json"
    shutil.copytree(COMMUNITY, folder)
    run = [sys.executable, "-m", "invoke", "match", "--profiles", str(folder), "--out", str(matches)]
    subprocess.run(run, cwd=ROOT, check=True, capture_output=True)
    needed, inputs = match_needed(matches, folder)
    assert not needed and inputs.hashed == 0
    edit_topic(folder / "farah-haddad.yml", random.Random(3))
    assert match_needed(matches, folder)[0]


def test_the_matcher_reruns_when_its_code_libraries_or_relationships_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The matcher also reads the agreed relationships beside the profiles (with the key for the private
    ones, and community.toml's longest term), and its result is made by its code and by numpy and scipy."""
    from matcher import cache

    folder, matches = tmp_path / "community", tmp_path / "matches.json"
    shutil.copytree(COMMUNITY, folder)
    shutil.copy(MATCHES, matches)
    monkeypatch.delenv("MENTOR_COMMONS_RELATIONSHIP_KEY", raising=False)

    def current() -> bool:
        needed, inputs = match_needed(matches, folder)
        write_stamp(matches, inputs)
        return needed

    current()
    assert not current()
    shutil.copytree(ROOT / "tests" / "site" / "relationships", tmp_path / "relationships")  # beside the profiles
    assert current(), "relationships agreed"
    assert not current()
    first = sorted((tmp_path / "relationships").rglob("*.yml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert current(), "a relationship changed"
    monkeypatch.setenv("MENTOR_COMMONS_RELATIONSHIP_KEY", "k" * 40)
    assert current(), "the key that resolves private relationships"
    assert not current()
    assert "k" * 40 not in cache.stamp_path(matches).read_text(encoding="utf-8")
    monkeypatch.setattr(fingerprint, "installed", lambda: ["numpy-99.0.dist-info"])
    fingerprint.environment.cache_clear()  # (kept per process)
    try:
        assert current(), "another numpy"
    finally:
        fingerprint.environment.cache_clear()
    monkeypatch.setattr(cache, "MATCHER_CODE", (*cache.MATCHER_CODE, "cli.py"))
    assert current(), "the matcher's code"


def test_invoke_live_finishes_the_search_index_after_the_pages(tmp_path: Path) -> None:
    from matcher.site.search import NEXT_BUNDLE_DIR, finish_later

    folder, warm, cold = tmp_path / "community", tmp_path / "warm", tmp_path / "cold"
    shutil.copytree(COMMUNITY, folder)
    build(warm, folder, incremental=True, search=True)
    edit_bio(folder / "boris-ivanov.yml", random.Random(4))
    report = build_site(
        ROOT / "pelicanconf.py",
        profiles=folder,
        matches=MATCHES,
        output=warm,
        search=True,
        overrides={"PATH": str(CONTENT), "MENTOR_COMMONS": {"search_shard_size": SHARD_SIZE}},
        incremental=True,
        search_later=True,
    )
    assert report.stats.indexed == 0  # not waited for
    assert (warm / "pagefind").is_dir()  # the old bundle serves meanwhile
    indexed = finish_later(warm, state_path(warm))
    assert 0 < indexed < len(list(folder.glob("*.yml"))) - 1  # Boris's shard, of the 7 published (one is stale)
    assert not (warm / NEXT_BUNDLE_DIR).exists()
    build(cold, folder, incremental=False, search=True)
    assert differences(warm, cold) == []
    again = build(warm, folder, incremental=True, search=True)
    assert again.stats.indexed == 0  # type: ignore[attr-defined]  # the bundle is recorded as up to date
