"""What makes rebuilds cheap changes nothing they produce.

- A profile page's key is the people its suggestions show: the matcher's scores move without a
  page being rendered, and a change of who is shown renders exactly the pages that show it.
- ``matches.json`` read in a forked process is what reading it here gives, errors included.
- The shards of a cold search index dealt out to two Pagefind services give the bundles one gives.
- ``invoke live``'s :func:`~matcher.site.build.settle` collects what an earlier settle froze;
  ``invoke build`` ends with :func:`~matcher.site.build.before_exit`, which leaves the interpreter's
  last collection nothing of the build to walk.
- Pelican's reader cache, used by incremental builds, is keyed by the settings.
"""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from matcher.profile.model import Profile
from matcher.site import suggestions
from matcher.site.build import before_exit, build_site, settle
from matcher.site.validation import validate_folder
from tests.site.conftest import COMMUNITY, CONTENT, MATCHES, ROOT
from tests.site.test_incremental import SHARD_SIZE, differences


def _build(out: Path, matches: Path, *, incremental: bool = True, **site: Any) -> Any:
    return build_site(
        ROOT / "pelicanconf.py",
        profiles=COMMUNITY,
        matches=matches,
        output=out,
        search=bool(site.pop("search", False)),
        overrides={"PATH": str(CONTENT), "MENTOR_COMMONS": {"search_shard_size": SHARD_SIZE, **site}},
        incremental=incremental,
    )


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def _rebuild_with(out: Path, path: Path, data: Any) -> Any:
    """An incremental build after the matcher wrote ``data`` to the same file (the settings unchanged)."""
    return _build(out, _write(path, data))


def test_new_scores_that_show_the_same_people_render_no_page(tmp_path: Path) -> None:
    data = json.loads(MATCHES.read_text(encoding="utf-8"))
    out, path = tmp_path / "out", tmp_path / "matches.json"
    _rebuild_with(out, path, data)
    for key in ("suggestions", "mentor_suggestions"):
        for items in data[key].values():
            for item in items:
                item["score"] = round(item.get("score", 0) / 2 + 1, 2)
                item["reasons"] = [{"criterion": "topics", "detail": "changed", "points": 1.0}]
            items.reverse()  # (each list is shown in name order whatever the rank)
    report = _rebuild_with(out, path, data)
    assert report.stats.pages == 0 and report.stats.unchanged == 0  # nothing even rendered


def test_a_change_of_who_is_shown_renders_the_pages_that_show_it(tmp_path: Path) -> None:
    data = json.loads(MATCHES.read_text(encoding="utf-8"))
    out, cold, path = tmp_path / "out", tmp_path / "cold", tmp_path / "matches.json"
    _rebuild_with(out, path, data)
    pages = sorted((out / "people").glob("*.html"))
    page = {p.stem: p.read_text(encoding="utf-8") for p in pages}
    person = next(p for p in sorted(page) if "Possible mentors" in page[p])
    data["suggestions"][person] = []
    report = _rebuild_with(out, path, data)
    assert report.stats.pages >= 1
    assert "Possible mentors" not in (out / f"people/{person}.html").read_text(encoding="utf-8")
    assert all((out / f"people/{p}.html").read_text(encoding="utf-8") == page[p] for p in page if p != person)
    _build(cold, path, incremental=False)
    assert differences(out, cold) == []


# --- matches.json read beside the validation -----------------------------------------------------


def _shown(read: Any) -> tuple[Any, ...]:
    """What the site shows of a matcher's output: each person's suggested people both ways, the pairs."""
    people = {p.id: p for p in validate_folder(COMMUNITY).profiles}
    matches = suggestions.read_matches(read, people)
    return matches.present, matches.pairs, [matches.shown(p, people, 5) for p in sorted(people)]


def test_matches_read_in_a_forked_process_are_those_read_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(suggestions, "_READ", [])
    forked = suggestions.start_reading(MATCHES)()
    monkeypatch.setattr(suggestions, "_READ", [])
    here = suggestions.read_matches_file(MATCHES)
    assert forked == here
    full = json.loads(MATCHES.read_text(encoding="utf-8"))
    assert _shown(forked) == _shown(full)  # what the site shows, as from the whole file
    assert _shown(forked)[1] and any(mentors for mentors, _ in _shown(forked)[2])


@pytest.mark.parametrize(
    ("text", "present"),
    [("{}", False), ('{"stats": {}}', True), ('{"pairs": []}', True), ("[]", False)],
)
def test_what_the_forked_read_keeps_is_empty_exactly_when_the_file_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, present: bool
) -> None:
    monkeypatch.setattr(suggestions, "_READ", [])
    path = tmp_path / "matches.json"
    path.write_text(text, encoding="utf-8")
    assert _shown(suggestions.start_reading(path)())[0] is present


def test_a_broken_matches_file_fails_in_this_process_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(suggestions, "_READ", [])
    path = tmp_path / "matches.json"
    path.write_text('{"suggestions": {', encoding="utf-8")
    with pytest.raises(json.JSONDecodeError):
        suggestions.start_reading(path)()


# --- the search index in two services ---------------------------------------------------------


def test_shards_dealt_out_to_two_services_are_the_bundles_of_one(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    a = _build(one, MATCHES, incremental=False, search=True, processes=1)
    b = _build(two, MATCHES, incremental=False, search=True, processes=2)
    assert len(list((two / "pagefind").glob("*/pagefind-entry.json"))) > 2  # several shards, so both served
    assert a.stats.indexed == b.stats.indexed > 0
    assert differences(one, two) == []


# --- invoke live between builds ---------------------------------------------------------------


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_settle_freezes_what_is_kept_and_collects_what_an_earlier_settle_froze() -> None:
    import weakref

    try:
        kept = _Cycle()
        gone = weakref.ref(kept)
        settle()
        assert gc.get_freeze_count() > 0
        del kept
        gc.collect()
        assert gone() is not None  # frozen: not collected while frozen
        settle()
        assert gone() is None  # the next settle collects it
    finally:
        gc.unfreeze()


def test_before_exit_leaves_the_last_collection_nothing_of_the_build(tmp_path: Path) -> None:
    report = _build(tmp_path / "out", MATCHES)
    kept = validate_folder(COMMUNITY).profiles  # what a build holds until the process ends
    try:
        assert any(isinstance(o, Profile) for o in gc.get_objects())
        before_exit()
        assert gc.get_freeze_count() > 0
        assert not any(isinstance(o, Profile) for o in gc.get_objects()), "frozen: no collection walks them"
        assert kept and report.stats.pages
    finally:
        gc.unfreeze()


def test_before_exit_keeps_what_the_modules_hold_to_the_end() -> None:
    """An ending interpreter clears each module; what ours held is kept whole instead (not taken apart object
    by object): after ``before_exit``, a value a module drops stays alive, until something unfreezes it."""
    import weakref

    from matcher.site import incremental

    class Held:
        pass

    incremental._HELD_FOR_THIS_TEST = Held()  # type: ignore[attr-defined]
    alive = weakref.ref(incremental._HELD_FOR_THIS_TEST)  # type: ignore[attr-defined]
    try:
        before_exit()
        del incremental._HELD_FOR_THIS_TEST  # type: ignore[attr-defined]  # as the interpreter clears the module
        gc.collect()
        assert alive() is not None
    finally:
        gc.unfreeze()
    gc.collect()
    assert alive() is None  # only the freeze kept it


def test_an_exiting_build_freezes_what_it_made_before_the_collector_is_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``invoke build``: the collector, paused during the build, would walk all it made at the first object
    made after; ``exiting`` freezes it first. The profiles the build keeps (its validation memo) are
    never in a collection's reach, and no collection walked what the build made."""
    collections: list[int] = []
    gc.collect()

    def count(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":  # how many objects this collection walks
            collections.append(sum(len(gc.get_objects(g)) for g in range(info["generation"] + 1)))

    gc.callbacks.append(count)
    try:
        report = build_site(
            ROOT / "pelicanconf.py",
            profiles=COMMUNITY,
            matches=MATCHES,
            output=tmp_path / "out",
            overrides={"PATH": str(CONTENT), "MENTOR_COMMONS": {"search_shard_size": SHARD_SIZE}},
            incremental=True,
            exiting=True,
        )
        assert report.stats.pages and gc.get_freeze_count() > 0
        assert not any(isinstance(o, Profile) for o in gc.get_objects()), "frozen: no collection walks them"
        assert max(collections, default=0) < 5_000, f"a collection walked the build's objects: {collections}"
    finally:
        gc.callbacks.remove(count)
        gc.unfreeze()


# --- Pelican's reader cache -------------------------------------------------------------------


def test_the_reader_cache_is_kept_per_settings_and_reused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(out, MATCHES)
    root = tmp_path / ".out.pelican-cache"
    (first,) = list(root.iterdir())
    assert any(first.iterdir())  # Pelican saved what its readers made
    again = _build(out, MATCHES)
    assert again.stats.pages == 0 and [p.name for p in root.iterdir()] == [first.name]
    _build(out, MATCHES, page_size=6)  # another setting: another cache, the old one deleted
    (second,) = list(root.iterdir())
    assert second.name != first.name
    shutil.rmtree(out)
    cold = tmp_path / "cold"
    _build(out, MATCHES)
    _build(cold, MATCHES, incremental=False)
    assert differences(out, cold) == []
