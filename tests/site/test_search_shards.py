"""The search index in shards: how people are cut into shards, what an edit indexes again, and, in headless
Chromium, that the merged shards search as one bundle does (same people, same counts, the directory's order).
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from matcher.profile.validate import validate_paths
from matcher.site import search
from matcher.site.build import build_site
from matcher.site.facets import build_facets
from matcher.site.incremental import BuildState, state_path
from matcher.site.pagefind_service import bundle_uses
from matcher.site.pages import card
from tests.site.conftest import COMMUNITY, HOSTILE, ROOT
from tests.site.test_incremental import build as incremental_build
from tests.site.test_incremental import differences, edit_bio, edit_name

SMALL = 4  # shards of 2 to 12 people: the tiny community (7 published) in a few shards


@dataclass(frozen=True)
class Person:
    id: str


def people(n: int, seed: int = 0) -> list[Any]:
    rng = random.Random(seed)
    return [Person(f"person-{rng.randrange(10**9):09d}") for _ in range(n)]


def manifest(out: Path) -> list[dict[str, Any]]:
    text = (out / "pagefind" / search.MANIFEST).read_text(encoding="utf-8")
    shards: list[dict[str, Any]] = json.loads(text)["shards"]
    return shards


def cards_of(out: Path, shard: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted((out / "pagefind" / shard / search.CARDS_DIR).glob("*.json")):
        found.update(json.loads(path.read_text(encoding="utf-8")))
    return found


def build(out: Path, profiles: Path, *, size: int = SMALL, incremental: bool = True, **kwargs: Any) -> Any:
    """A build with its search, in shards of ``size`` (the incremental tests' build)."""
    return incremental_build(out, profiles, incremental=incremental, search=True, size=size, **kwargs)


# --- the cuts ------------------------------------------------------------------------------


def test_the_cuts_are_a_function_of_the_people_in_order() -> None:
    everyone = people(5000)
    shards = search.plan(everyone, 100)
    assert search.plan(list(everyone), 100) == shards
    assert [p for s in shards for p in s.people] == everyone
    assert len({s.name for s in shards}) == len(shards)
    assert all(s.name == search.shard_name(s.people[0].id) for s in shards)
    sizes = [len(s.people) for s in shards]
    assert all(50 <= n <= search.SHARD_CAP * 100 for n in sizes[:-1])
    assert 30 <= len(shards) <= 70  # about 5000 / 100
    assert len(search.plan(everyone[:40], 600)) == 1  # a small community: one shard


def test_a_person_who_comes_goes_or_moves_changes_few_shards() -> None:
    everyone = people(3000, seed=1)
    before = set(search.plan(everyone, 100))
    rng = random.Random(2)
    changed = []
    for _ in range(150):
        after = list(everyone)
        kind = rng.randrange(3)
        if kind == 0:
            after.insert(rng.randrange(len(after)), Person(f"new-{rng.randrange(10**9)}"))
        elif kind == 1:
            del after[rng.randrange(len(after))]
        else:
            after.insert(rng.randrange(len(after)), after.pop(rng.randrange(len(after))))
        changed.append(len(set(search.plan(after, 100)) - before))
    assert max(changed) <= 3 and sum(changed) / len(changed) < 2, changed


def test_the_shards_are_dealt_out_evenly_largest_first() -> None:
    shards = search.plan(people(10_000, seed=3), 600)
    for hands in (1, 2, 3):
        dealt = search.deal(shards, hands)
        assert sorted(s.name for hand in dealt for s in hand) == sorted(s.name for s in shards)  # each once
        loads = [sum(len(s.people) for s in hand) for hand in dealt]
        assert max(loads) - min(loads) <= max(len(s.people) for s in shards), loads
        for hand in dealt:  # the small ones last
            sizes = [len(s.people) for s in hand]
            assert sizes == sorted(sizes, reverse=True)
    two = [sum(len(s.people) for s in hand) for hand in search.deal(shards, 2)]
    in_turn = [sum(len(s.people) for s in shards[n::2]) for n in range(2)]
    assert max(two) - min(two) < max(in_turn) - min(in_turn)  # better than dealing in turn, on these people
    assert search.deal(shards[:1], 2) == [shards[:1]]  # never a service without a shard
    assert search.deal([], 2) == []


# --- what is written -----------------------------------------------------------------------


def test_each_shard_is_a_bundle_with_its_cards_listed_in_the_directory_order(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = build(out, COMMUNITY, incremental=False)
    published = [p for p in validate_paths([COMMUNITY]).profiles if p.id != "gus-old"]  # gus-old is stale
    shards = manifest(out)
    assert len(shards) > 1
    assert report.stats.indexed == sum(s["people"] for s in shards) == len(published)
    listing = (out / "directory/index.html").read_text(encoding="utf-8")
    order = re.findall(r'<h3 class="card-name"><a href="/people/([^"]+)\.html"', listing)
    in_shards: list[str] = []
    for shard in shards:
        folder = out / "pagefind" / shard["dir"]
        assert (folder / "pagefind.js").is_file() and (folder / "pagefind-entry.json").is_file()
        cards = cards_of(out, shard["dir"])
        assert len(cards) == shard["people"]
        in_shards += cards  # (each card file keyed by id, in the shard's order)
    assert in_shards == order
    by_id = {p.id: p for p in published}
    amara = cards_of(out, next(s["dir"] for s in shards if "amara-okafor" in cards_of(out, s["dir"])))["amara-okafor"]
    assert amara.pop("introduce") is True  # an open mentor: directory.js makes the links
    made = json.loads(json.dumps(search.card_fields(card(by_id["amara-okafor"]))))  # (made without the links)
    assert amara == made
    assert sorted(p.name for p in out.joinpath("pagefind").iterdir()) == sorted([search.MANIFEST, *order_dirs(shards)])


def order_dirs(shards: list[dict[str, Any]]) -> list[str]:
    return [s["dir"] for s in shards]


def test_the_records_meta_holds_no_card() -> None:
    (amara,) = [p for p in validate_paths([COMMUNITY]).profiles if p.id == "amara-okafor"]
    record = search.record_of(amara, "0123456789 abcdef012345")
    assert set(record.meta) == {"title", "roles", "s"}
    assert record.meta["s"] == "0123456789 abcdef012345"


def test_card_files_hold_no_markup() -> None:
    (mallory,) = [p for p in validate_paths([HOSTILE]).profiles if p.id == "mallory-payload"]
    shard = search.Shard(search.shard_name(mallory.id), (mallory,))
    ((name, text),) = search.card_files(shard, {})
    assert "<" not in text and json.loads(text)["mallory-payload"]["name"] == mallory.name
    assert re.fullmatch(r"[0-9a-f]{12}", name)


# --- incremental builds --------------------------------------------------------------------


def shard_of(out: Path, person: str) -> dict[str, Any]:
    return next(s for s in manifest(out) if person in cards_of(out, s["dir"]))


def stamps(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def test_a_bio_edit_indexes_its_shard_again_and_no_other(tmp_path: Path) -> None:
    folder, out, cold = tmp_path / "community", tmp_path / "out", tmp_path / "cold"
    shutil.copytree(COMMUNITY, folder)
    build(out, folder)
    shard = shard_of(out, "boris-ivanov")
    before = stamps(out / "pagefind")
    edit_bio(folder / "boris-ivanov.yml", random.Random(0))
    report = build(out, folder)
    assert report.stats.indexed == shard["people"] < sum(s["people"] for s in manifest(out))
    after = stamps(out / "pagefind")
    touched = {f.split("/")[0] for f in after if before.get(f) != after[f]}
    assert touched == {shard["dir"]}
    assert set(BuildState.load(state_path(out)).records) == {s["dir"] for s in manifest(out)}
    assert build(out, folder).stats.indexed == 0  # nothing changed: nothing indexed
    build(cold, folder, incremental=False)
    assert differences(out, cold) == []


def test_a_shard_written_over_keeps_the_files_its_bundle_names(tmp_path: Path) -> None:
    """A shard is written over its last bundle: Pagefind does not write a hashed file that is there, so
    what stays is what the new bundle's metadata names (a fragment per person), and nothing more."""
    folder, out = tmp_path / "community", tmp_path / "out"
    shutil.copytree(COMMUNITY, folder)
    build(out, folder)
    shard = shard_of(out, "boris-ivanov")
    bundle = out / "pagefind" / shard["dir"]
    before = {p.name for p in (bundle / "fragment").iterdir()}
    edit_bio(folder / "boris-ivanov.yml", random.Random(0))
    build(out, folder)
    after = {p.name for p in (bundle / "fragment").iterdir()}
    assert len(after) == shard["people"] and len(after - before) == 1 and len(before - after) == 1
    uses = bundle_uses(bundle)
    assert all(uses(f"fragment/{name}") for name in after) and not any(uses(f"fragment/{n}") for n in before - after)
    assert bundle_uses(tmp_path / "nothing")("fragment/en_0000000.pf_fragment"), "an unreadable bundle keeps all"


def test_shards_that_no_longer_exist_are_deleted(tmp_path: Path) -> None:
    folder, out, cold = tmp_path / "community", tmp_path / "out", tmp_path / "cold"
    shutil.copytree(COMMUNITY, folder)
    build(out, folder)
    many = order_dirs(manifest(out))
    edit_name(folder / "amara-okafor.yml", random.Random(5))  # she moves in the directory's order
    build(out, folder)
    build(cold, folder, incremental=False)
    assert differences(out, cold) == []
    build(out, folder, size=600)  # one shard
    (one,) = manifest(out)
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == sorted([search.MANIFEST, one["dir"]])
    assert len(many) > 1


def test_a_state_from_before_the_shards_indexes_everything(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out, COMMUNITY)
    state = state_path(out)
    data = json.loads(state.read_text(encoding="utf-8"))
    data["records"] = "0" * 40  # one key for one bundle, as the state held before
    state.write_text(json.dumps(data), encoding="utf-8")
    (out / "pagefind" / "pagefind.js").write_text("// an older bundle's file\n", encoding="utf-8")
    report = build(out, COMMUNITY)
    assert report.stats.indexed == sum(s["people"] for s in manifest(out))
    assert not (out / "pagefind" / "pagefind.js").exists()


def test_invoke_live_moves_the_changed_shard_in_after_the_build(tmp_path: Path) -> None:
    folder, out, cold = tmp_path / "community", tmp_path / "out", tmp_path / "cold"
    shutil.copytree(COMMUNITY, folder)
    build(out, folder)
    shard = shard_of(out, "chen-wei")
    old_cards = cards_of(out, shard["dir"])
    edit_bio(folder / "chen-wei.yml", random.Random(3))
    report = build(out, folder, search_later=True)
    assert report.stats.indexed == 0  # not waited for
    assert cards_of(out, shard["dir"]) == old_cards and (out / "pagefind" / shard["dir"] / "pagefind.js").is_file()
    assert search.finish_later(out, state_path(out)) == shard["people"]
    assert not (out / search.NEXT_BUNDLE_DIR).exists()
    build(cold, folder, incremental=False)
    assert differences(out, cold) == []
    assert build(out, folder).stats.indexed == 0  # the state records the moved shard


# --- in the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example community (profiles/, 46 published) in one bundle, and in shards of about 8."""
    folder = tmp_path_factory.mktemp("shards")
    found = {}
    for label, size in (("one", 600), ("shards", 8)):
        out = folder / label
        build_site(
            ROOT / "pelicanconf.py",
            profiles=ROOT / "profiles",
            matches=ROOT / "matches.json",
            output=out,
            search=True,
            overrides={"MENTOR_COMMONS": {"search_shard_size": size}},
        )
        found[label] = out
    assert len(manifest(found["one"])) == 1 and len(manifest(found["shards"])) >= 4
    return found


def open_directory(page: Any, base: str) -> None:
    page.goto(base + "/directory/")
    page.wait_for_selector("#people-search[data-ready=true]")


def settle(page: Any) -> None:
    page.wait_for_function(
        "document.querySelector('.directory-main').getAttribute('aria-busy') === 'false'"
        " && document.querySelector('#search-status').textContent.length > 0"
    )


def everything_found(page: Any) -> dict[str, Any]:
    """The status, every result (Show more until there is no more), and the facet counts."""
    settle(page)
    while page.is_visible("#search-more"):
        shown = page.locator("#search-results .card").count()
        page.click("#search-more")
        page.wait_for_function(f"document.querySelectorAll('#search-results .card').length > {shown}")
    return {
        "status": page.inner_text("#search-status"),
        "ids": page.eval_on_selector_all(
            "#search-results .card-name a", "links => links.map(a => a.getAttribute('href').split('/').pop())"
        ),
        "counts": page.eval_on_selector_all(
            "[data-count-for]",
            "bs => Object.fromEntries(bs.map(b => [b.getAttribute('data-count-for'), b.textContent]))",
        ),
    }


def search_for(page: Any, words: str, ticks: tuple[str, ...] = ()) -> dict[str, Any]:
    page.click("#people-search button[type=reset]")
    page.wait_for_selector("#everyone", state="visible")
    for tick in ticks:
        name = tick.split("=")[0]
        page.eval_on_selector(f"#people-search details:has(input[name={name}])", "d => { d.open = true; }")
        page.check(f"#people-search input[name={name}][value='{tick.split('=')[1]}']")
    if words:
        page.fill("#q", words)
    return everything_found(page)


@pytest.mark.browser
def test_filters_alone_list_people_in_the_directorys_order_across_shards(
    example_builds: dict[str, Path], serve: Any, page: Any
) -> None:
    out = example_builds["shards"]
    shard_of_id = {pid: n for n, s in enumerate(manifest(out)) for pid in cards_of(out, s["dir"])}
    open_directory(page, serve(out))
    listing = page.eval_on_selector_all(
        "#everyone .card-name a", "links => links.map(a => a.getAttribute('href').split('/').pop())"
    )
    assert len(listing) == len(shard_of_id)  # the whole directory on its first page
    for ticks in (("language=en",), ("role=mentor",), ("role=mentee", "language=en"), ("format=video",)):
        found = search_for(page, "", ticks)
        assert found["ids"] == [i for i in listing if i in set(found["ids"])], ticks
        assert len({shard_of_id[i.removesuffix(".html")] for i in found["ids"]}) >= 3, ticks


@pytest.mark.browser
def test_shards_find_what_one_bundle_finds(example_builds: dict[str, Path], serve: Any, chromium: Any) -> None:
    """The same people and counts as one bundle, for words (some in one shard only, some in none, prefixes
    of a word, a word whose start only some shards have), filters and both: Pagefind's fallback to a shorter
    word in a shard without the word would add strangers ("anastasia" finds Ana only, as one bundle does)."""
    tabs = {}
    for label, out in example_builds.items():
        tabs[label] = chromium.new_page()
        open_directory(tabs[label], serve(out))
    out = example_builds["shards"]
    shown = {pid for shard in manifest(out) for pid in cards_of(out, shard["dir"])}
    published = [p for p in validate_paths([ROOT / "profiles"]).profiles if p.id in shown]  # (not the stale)
    facets = {f.key: f for f in build_facets(published)}
    cases = [
        ("accession", ()),  # Ana Popescu's bio, one shard only
        ("accessi", ()),
        ("anastasia", ()),  # nobody: one bundle falls back to "ana"
        ("ana", ()),
        ("ana policy", ()),
        ("policy", ()),
        ("pol", ()),
        ("xylophonist", ()),
        ("mentor", ()),
        ("rights", ("role=mentor",)),
        ("", ("language=en", "format=video")),
        ("accession grant", ()),  # nobody has both: each word's people
    ]
    for words, ticks in cases:
        one, shards = (search_for(tabs[label], words, ticks) for label in ("one", "shards"))
        assert shards["status"] == one["status"], (words, ticks)
        assert sorted(shards["ids"]) == sorted(one["ids"]), (words, ticks)
        assert shards["counts"] == one["counts"], (words, ticks)
    en = search_for(tabs["shards"], "", ("role=mentor",))
    mentors = set(next(v for v in facets["role"].values if v.value == "mentor").members)
    for value in facets["language"].values:
        assert en["counts"][f"language:{value.value}"] == str(len(mentors & set(value.members))), value.value
    assert search_for(tabs["shards"], "accession", ())["ids"] == ["ana-popescu.html"]


@pytest.mark.browser
def test_every_shard_is_searched_with_one_webassembly(example_builds: dict[str, Path], serve: Any, page: Any) -> None:
    out = example_builds["shards"]
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    open_directory(page, serve(out))
    for shard in manifest(out):
        cards = cards_of(out, shard["dir"])
        pid, view = next(iter(cards.items()))
        found = search_for(page, view["name"], ())
        assert f"{pid}.html" in found["ids"], (shard["dir"], view["name"])
        result = page.locator("#search-results .card", has=page.locator(f"a[href$='/{pid}.html']")).first
        assert result.locator(".card-headline").inner_text() == view["headline"]
        assert result.locator(".avatar").inner_text() == view["initials"]
        badges = [b[1] for b in view["badges"]]
        assert result.locator(".badges .badge").all_inner_texts() == badges
    assert len([u for u in requests if "/wasm." in u]) == 1
    assert {u.split("/pagefind/")[1].split("/")[0] for u in requests if "/pagefind/" in u} >= set(
        order_dirs(manifest(out))
    )
