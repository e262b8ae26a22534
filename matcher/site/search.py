"""The search index: Pagefind bundles in shards of the directory's order, indexed while the site renders.

(Long on purpose: the shards, their bundles from the service to the browser, and how a rebuild
writes them again are one design, told and kept in one place.)

**Shards.** The published people, in the directory's order (open mentors first, then by name),
are cut into consecutive *shards* of about ``MENTOR_COMMONS['search_shard_size']`` people
(:func:`plan`): past half that size, a cut falls after a person whose id hashes to 0 modulo half
the size. The cuts depend on the people alone: a cold build and an incremental one cut alike, a
bio or headline edit changes exactly one shard, a person who comes, goes or moves one or two.
Each shard is a whole Pagefind bundle in ``output/pagefind/<name>/``, its name a short hash of
its first person's id (it does not shift when a shard before it splits);
``output/pagefind/shards.json`` lists the folders in order. The browser
(``theme/static/js/directory.js``) loads the first bundle's ``pagefind.js`` and merges the others
(``mergeIndex``): searches run on every shard and facet counts are summed over them. Pagefind
sorts merged results by score with a stable sort; a search with filters and no words gives every
result the same score, and each shard lists them in the order its records were added (the
directory's), so they come in the directory's order. (Pagefind's ``sort`` option would not: its
scores are each result's rank *within its shard*, so merged shards would interleave; the records
have no sort key.) Pagefind searches an index in which no word starts with a search word for the
longest word the search word starts with ("ana" for "anastasia"), or drops the word from the
query: one bundle does that only when nobody has such a word, a shard whenever its people don't,
so directory.js leaves those shards out of that word's results (each shard carries a synthetic
filter naming it). The shards then find the people one bundle finds;
``tests/site/test_search_shards.py`` compares the two in Chromium.

**Records.** Pagefind's indexing service (``pagefind --service``, the process behind its Python
API) receives one *custom record* per person (the Python API's ``add_custom_record``): the words
to search, the facet values (``filters``, from :func:`matcher.site.facets.values_of`, the
function the static facet pages use, so search and facet pages agree) and little ``meta``: the
name as ``title`` (Pagefind ranks a name match first), the role words (searchable nowhere else)
and ``s``, where the card is. Pagefind 1.5 indexes every meta field as words, so the directory
card is not meta: it is written beside the bundle, in ``<shard>/cards/<hash>.json`` files of
:data:`CARD_CHUNK` people each, named by a hash of their text (a browser never keeps an old
one), which directory.js fetches for the results it shows. No HTML is parsed: the records are
sent as soon as the community is computed, by a forked copy of the building process, and
Pagefind writes the bundles while the build makes its pages' keys and renders them. A service
process holds one index per shard (``NewIndex``), each written to its own folder; it handles its
messages one at a time, so the shards are dealt out (:func:`deal`: the largest first, each to
the least loaded) to as many services as the site has rendering processes
(``MENTOR_COMMONS['processes']``): with one, a cold build at 10,000 people ended waiting 2 to
3 s for it after the last page.

**Incremental builds** keep a hash per shard of what its records and cards are made from
(:func:`shard_keys`: the code, the Pagefind binary, each member's profile and introduction
links); only shards whose hash changed are indexed again, each written over its last bundle,
its files not written again deleted after (:func:`~matcher.site.writer.mark_for_sweep`: three
to four times faster than into an emptied folder), and folders of shards that no longer exist
are deleted.

The Pagefind process is spoken to by :class:`~matcher.site.pagefind_service.PagefindService`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matcher.profile.model import Profile
from matcher.site import i18n, incremental
from matcher.site.pagefind_service import PagefindService, SearchIndexError, bundle_uses, get_executable
from matcher.site.pages import Card, card
from matcher.site.records import SearchRecord, card_fields, record_of
from matcher.site.writer import ChildFailed, OutputWriter, in_child, mark_for_sweep, sweep

BUNDLE_DIR = "pagefind"
MANIFEST = "shards.json"  # in BUNDLE_DIR: the shard folders in the directory's order
CARDS_DIR = "cards"  # in each shard's folder
SHARD_CAP = 3  # a shard ends at this many times the size, whatever the hashes say
# People per card file: a page of results (24) fetches a few small files, not whole shards' cards.
CARD_CHUNK = 8


def index_language() -> str:
    """The language Pagefind stems and splits words for: the build's (each language has its own bundle)."""
    language = i18n.current()
    return "en" if language == i18n.PSEUDO else language.split("-")[0].lower()


@dataclass(frozen=True, slots=True)
class Shard:
    """Consecutive people of the directory's order, one Pagefind bundle in ``pagefind/<name>/``."""

    name: str
    people: tuple[Profile, ...]


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _cut_after(profile_id: str, modulus: int) -> bool:
    return int(_hash(profile_id)[:12], 16) % modulus == 0


def shard_name(first_id: str) -> str:
    """A shard's folder: a hash of its first person's id (ids are unique, so names are too)."""
    return _hash(f"shard\n{first_id}")[:10]


def plan(profiles: Sequence[Profile], size: int) -> list[Shard]:
    """The people (in the directory's order) cut into shards of about ``size``: a pure function of the people.

    Content-defined, as in deduplicating backups: once a shard holds ``size // 2`` people, it ends
    after the next person whose id hashes to 0 modulo ``size // 2``, or at ``SHARD_CAP * size``
    people. A person who comes, goes or moves shifts the cuts near them only (measured on
    10,000 people: 1.3 shards changed on average, 2 at most); without the lower bound the sizes
    would vary from a handful to the cap, and an edit would usually fall in a large shard.
    """
    low = max(1, size // 2)
    shards: list[Shard] = []
    start = 0
    for n, profile in enumerate(profiles):
        held = n + 1 - start
        if held >= SHARD_CAP * size or (held >= low and _cut_after(profile.id, low)):
            shards.append(Shard(shard_name(profiles[start].id), tuple(profiles[start : n + 1])))
            start = n + 1
    if start < len(profiles):
        shards.append(Shard(shard_name(profiles[start].id), tuple(profiles[start:])))
    return shards


def _pagefind_version() -> str:
    """The Pagefind binary (path, size, time): an upgraded one writes every shard again (its JS must match)."""
    executable = get_executable()
    if executable is None:
        return ""
    with contextlib.suppress(OSError):
        found = Path(executable).stat()
        return f"{executable}:{found.st_size}:{found.st_mtime_ns}"
    return str(executable)


def shard_keys(code: str, shards: Sequence[Shard], card_keys: Mapping[str, str]) -> dict[str, str]:
    """Each shard's hash of what its bundle and cards are made from: the code, the Pagefind binary,
    the language, its name and what each member's record and card are made of (in order:
    :attr:`~matcher.site.community.Community.card_keys`, their profile and introduction links).
    The same hash as the last build's, and the shard's folder is still right."""
    common = "\n".join([code, _pagefind_version(), index_language()])
    keys = {}
    for shard in shards:
        sha = hashlib.sha1(f"{common}\n{shard.name}".encode(), usedforsecurity=False)
        for profile in shard.people:
            sha.update(f"\n{profile.id}\n{card_keys.get(profile.id, 'no card')}".encode())
        keys[shard.name] = sha.hexdigest()
    return keys


# --- the cards -------------------------------------------------------------------------

def card_files(shard: Shard, cards: Mapping[str, Card]) -> list[tuple[str, str]]:
    """(name, JSON text) of the shard's card files, :data:`CARD_CHUNK` people each, keyed by id (in order).

    The text is ``json.dumps``'d, with ``<`` escaped too (``\\u003c``): a contributor's words are
    data, and the file holds no markup whichever way it is read.
    """
    files = []
    for start in range(0, len(shard.people), CARD_CHUNK):
        people = shard.people[start : start + CARD_CHUNK]
        chunk = {p.id: dict(sorted(card_fields(cards.get(p.id) or card(p)).items())) for p in people}  # in order
        text = json.dumps(chunk, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        files.append((_hash(text)[:12], text))
    return files


# --- the Pagefind service ----------------------------------------------------------------


def deal(shards: Sequence[Shard], hands: int) -> list[list[Shard]]:
    """The shards dealt out to ``hands`` Pagefind services (at most one per shard), so that they finish together.

    The largest first, each to the service with the fewest people so far (the first of those on a
    tie): the last shards to be indexed are small ones, and the work is even to within one of them.
    Taken in turn instead, the 18 shards of 10,000 people gave one service 5,187 people and the
    other 4,813, and the build ended waiting for the first.
    """
    count = max(1, min(hands, len(shards)))
    hands_of: list[list[Shard]] = [[] for _ in range(count)]
    loads = [0] * count
    for shard in sorted(shards, key=lambda s: -len(s.people)):  # (a stable sort: equal sizes in order)
        lightest = loads.index(min(loads))
        hands_of[lightest].append(shard)
        loads[lightest] += len(shard.people)
    return [hand for hand in hands_of if hand]


class SearchIndex:
    """Pagefind services writing some shards' bundles (one index each) into ``bundle``;
    :meth:`finish` returns once they are written and published (:func:`publish`).

    Each service handles its messages one after the other, so a cold build's shards are dealt
    out to ``services`` of them (two on a machine with two cores): while the pages render,
    indexing keeps pace, and the build does not end waiting for a single service's queue.
    """

    def __init__(self, output: Path, shards: Sequence[Shard], *, later: bool = False) -> None:
        executable = get_executable()
        if executable is None:
            raise SearchIndexError("the Pagefind binary is missing: install the `pagefind[bin]` package")
        self.executable: Path | str = executable
        self.output = output
        self.shards = list(shards)  # all of them, in order: the manifest
        self.later = later
        # where the bundles are written: in place, or (invoke live) beside the served ones, then moved
        self.bundle = output / (NEXT_BUNDLE_DIR if later else BUNDLE_DIR)
        self.language = index_language()
        self._services: list[PagefindService] = []
        self._writers: list[threading.Thread] = []
        self._failures: list[BaseException] = []
        self._written: list[str] = []
        self._over: list[str] = []  # shards written over their last bundle
        self._lock = threading.Lock()
        self.records = 0
        self._waiting: Callable[[], tuple[int, list[str], str | None]] = lambda: (0, [], None)
        self.keys: dict[str, str] | None = None  # the shards' keys, when the forked copy made them (start_keyed)

    # --- the bundles --------------------------------------------------------------------

    def add_all(self, todo: Sequence[Shard], cards: Mapping[str, Card], services: int = 1) -> None:
        """Write the cards and send the records of the ``todo`` shards, let Pagefind index and write
        each shard's bundle, in a forked copy of this process (:func:`matcher.site.writer.in_child`)
        while this one goes on: making the records takes a second or two at 10,000 people, and the
        pipe is only as fast as Pagefind reads it. A copy, not threads here: the build can start it
        as soon as the people are known and still fork its renderers after (a process with threads
        must not fork), and its work never waits for this process's lock on the interpreter.
        The shards are dealt out to ``services`` Pagefind processes (at most one per shard) by :func:`deal`."""
        self._waiting = in_child(_index_all, self, todo, cards, services)

    def _start(self, todo: Sequence[Shard], cards: Mapping[str, Card], services: int) -> None:
        """One thread per Pagefind service, each sending its share of the shards."""
        for share in deal(todo, services):
            service = PagefindService(self.executable)
            self._services.append(service)
            writer = threading.Thread(target=self._index, args=(service, share, cards), name="pagefind", daemon=True)
            self._writers.append(writer)
            writer.start()

    def _index(self, service: PagefindService, todo: Sequence[Shard], cards: Mapping[str, Card]) -> None:
        try:
            config = {"type": "NewIndex", "config": {"force_language": self.language}}
            # every index first, so that Pagefind indexes one shard while the next one's records are made
            index_ids = [service.answer(service.send(config))["index_id"] for _ in todo]
            sent = []
            for shard, index_id in zip(todo, index_ids, strict=True):
                folder = self.bundle / shard.name
                if self.later:  # (a folder of its own, moved in once written)
                    shutil.rmtree(folder, ignore_errors=True)
                elif mark_for_sweep(str(folder)):  # written over: what it no longer uses goes after (sweep)
                    self._over.append(shard.name)
                cards_out = OutputWriter(str(folder / CARDS_DIR))
                for n, (name, text) in enumerate(card_files(shard, cards)):
                    cards_out.write(f"{name}.json", text)
                    for position in range(n * CARD_CHUNK, min(len(shard.people), (n + 1) * CARD_CHUNK)):
                        record = record_of(shard.people[position], f"{shard.name} {name}")
                        sent.append(service.send(self._payload(index_id, record)))
                sent.append(service.send({"type": "WriteFiles", "index_id": index_id, "output_path": str(folder)}))
                sent.append(service.send({"type": "DeleteIndex", "index_id": index_id}))  # its memory freed
                service.flush()  # this shard's messages go now: another thread may be making records
            for message_id in sent:
                service.answer(message_id)
            with self._lock:
                self.records += sum(len(shard.people) for shard in todo)
                self._written.extend(shard.name for shard in todo)
        except BaseException as exc:  # handed to finish(), on the main thread
            with self._lock:
                self._failures.append(exc)

    def _payload(self, index_id: int, record: SearchRecord) -> dict[str, Any]:
        return {
            "type": "AddRecord",
            "index_id": index_id,
            "url": record.url,
            "content": record.content,
            "language": self.language,
            "meta": record.meta,
            "filters": record.filters,
        }

    def _wait(self) -> tuple[int, list[str], str | None]:
        """Wait for the threads and let the services end; (records, shards written, the first failure)."""
        try:
            for writer in self._writers:
                writer.join()
        finally:
            self.close()
        for name in set(self._over) & set(self._written):  # written over their last bundle
            sweep(str(self.bundle / name), bundle_uses(self.bundle / name))
        failure = f"{self._failures[0]}" if self._failures else None
        return self.records, self._written, failure

    def finish(self) -> int:
        """Wait until the bundles are written, then publish them; return how many records they hold."""
        try:
            self.records, self._written, failure = self._waiting()
        except ChildFailed as exc:
            raise SearchIndexError(f"the process writing the search index failed: {exc}") from exc
        if failure is not None:
            raise SearchIndexError(failure)
        if self.later:  # each shard replaced in one move (the manifest, written last, lists the new ones)
            (self.output / BUNDLE_DIR).mkdir(exist_ok=True)
            for name in sorted(self._written):
                shutil.rmtree(self.output / BUNDLE_DIR / name, ignore_errors=True)
                (self.bundle / name).rename(self.output / BUNDLE_DIR / name)
            shutil.rmtree(self.bundle, ignore_errors=True)
        publish(self.output, self.shards)
        return self.records

    def close(self) -> None:
        for service in self._services:
            service.close()


def _index_all(
    index: SearchIndex, todo: Sequence[Shard], cards: Mapping[str, Card], services: int
) -> tuple[int, list[str], str | None]:
    """In the forked copy: the threads that feed the services, until every bundle is written."""
    index._start(todo, cards, services)
    return index._wait()


def start_keyed(
    output: Path,
    shards: Sequence[Shard],
    cards: Mapping[str, Card],
    card_keys: Mapping[str, str],
    code: str,
    previous: Mapping[str, str],
    services: int,
) -> SearchIndex:
    """:func:`start_index` for an incremental build whose process ends with it (``invoke build``): the
    forked copy makes the shards' keys (:func:`shard_keys`) and compares them with ``previous``, off the
    build's own path, then indexes the shards whose key changed (making their people's cards only:
    ``cards`` may make them when asked, :class:`~matcher.site.community.CardsWhenAsked`); ``finish``
    gives the shards' keys as the index's ``keys``."""
    index = SearchIndex(output, shards)
    waiting = in_child(_keyed_index_all, index, code, previous, cards, card_keys, services)

    def result() -> tuple[int, list[str], str | None]:
        records, written, failure, index.keys = waiting()
        return records, written, failure

    index._waiting = result
    return index


def _keyed_index_all(
    index: SearchIndex,
    code: str,
    previous: Mapping[str, str],
    cards: Mapping[str, Card],
    card_keys: Mapping[str, str],
    services: int,
) -> tuple[int, list[str], str | None, dict[str, str]]:
    keys = shard_keys(code, index.shards, card_keys)
    todo = to_index(index.output, index.shards, keys, previous)
    return (*(_index_all(index, todo, cards, services) if todo else (0, [], None)), keys)


def manifest_text(shards: Sequence[Shard]) -> str:
    """``pagefind/shards.json``: each shard's folder and how many people it holds, in the directory's order."""
    shards_list = [{"dir": shard.name, "people": len(shard.people)} for shard in shards]
    return json.dumps({"shards": shards_list}, separators=(",", ":")) + "\n"


def publish(output: Path, shards: Sequence[Shard]) -> None:
    """Write the manifest of ``shards`` (their folders are written), then delete what else is in ``pagefind/``
    (shards that no longer exist, or an older layout)."""
    root = output / BUNDLE_DIR
    root.mkdir(parents=True, exist_ok=True)
    text = manifest_text(shards)
    manifest = root / MANIFEST
    if not manifest.is_file() or manifest.read_text(encoding="utf-8") != text:
        tmp = root / f".{MANIFEST}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, manifest)
    keep = {MANIFEST, *(shard.name for shard in shards)}
    for entry in root.iterdir():
        if entry.name not in keep:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def is_published(output: Path) -> bool:
    """Whether ``output`` has a search index (its manifest) the browser can already use."""
    return (output / BUNDLE_DIR / MANIFEST).is_file()


def to_index(
    output: Path, shards: Iterable[Shard], keys: Mapping[str, str], previous: Mapping[str, str]
) -> list[Shard]:
    """The shards whose key is not the last build's (all of them without keys), or whose bundle is missing."""
    root = output / BUNDLE_DIR
    return [
        shard
        for shard in shards
        if not keys
        or previous.get(shard.name) != keys.get(shard.name)
        or not (root / shard.name / "pagefind-entry.json").is_file()
    ]


# `invoke live`: bundles still being written when their build returned, with their shards' keys.
NEXT_BUNDLE_DIR = ".pagefind-next"
_LATER: list[tuple[SearchIndex, dict[str, str]]] = []
_LATER_LOCK = threading.Lock()


def start_index(
    output: Path,
    shards: Sequence[Shard],
    todo: Sequence[Shard],
    cards: Mapping[str, Card],
    *,
    later: bool = False,
    services: int = 1,
) -> SearchIndex | None:
    """Start Pagefind on the ``todo`` shards (of ``shards``, all of them in order); None when there is none
    (the manifest is published at once). The bundles are written in ``output/pagefind/<shard>/``, or,
    ``later``, in ``output/.pagefind-next/<shard>/``, which the index's ``finish`` moves in once written."""
    if not todo:
        publish(output, shards)
        return None
    if later:
        shutil.rmtree(output / NEXT_BUNDLE_DIR, ignore_errors=True)
    index = SearchIndex(output, shards, later=later)
    index.add_all(todo, cards, services)
    return index


def finish_later_queue(index: SearchIndex, keys: dict[str, str]) -> None:
    """Leave ``index`` (its shards having ``keys``) to :func:`finish_later`."""
    _LATER.append((index, keys))


def finish_later(output: Path, state_file: Path | None) -> int:
    """Wait for the search bundles a build left to be written, move them in, record them; return their records.

    ``invoke live`` calls it in a thread after each build, and each build first (so that two
    indexes are never written at once).
    """
    done = 0
    with _LATER_LOCK:
        while _LATER:
            index, keys = _LATER.pop(0)
            done = index.finish()
            if state_file is not None and state_file.exists():
                state = incremental.BuildState.load(state_file)
                state.records = keys
                state.save()
    return done
