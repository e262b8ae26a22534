"""The search index: one Pagefind record per person, indexed while the site renders.

Pagefind's indexing service (``pagefind --service``, the process behind its Python API)
receives one *custom record* per published person (the same call as the Python API's
``PagefindIndex.add_custom_record``): the words to search, the result card's fields
(``meta``), the facet values (``filters``, from :func:`matcher.site.facets.values_of`, the
function the static facet pages use, so search and facet pages always agree) and a sort key.
No HTML is parsed: the records are sent as soon as the community is computed, and Pagefind
indexes and writes ``output/pagefind/`` (its index and its own JavaScript) on another core
while Python renders the pages.

The wire format is that of the ``pagefind.service`` module: base64-encoded JSON messages,
each followed by a comma. Its asyncio client waits 0.1 s before reading each answer, which
takes many minutes for 10,000 records, so this module reads answers with a plain thread.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pagefind.service import get_executable

from matcher.profile.model import Profile
from matcher.site import i18n, urls
from matcher.site.facets import values_of
from matcher.site.pages import (
    Card,
    badges_of,
    card,
    country_name,
    language_name,
    latin_reading,
    place_words,
    sort_key,
    vocabulary,
)

BUNDLE_DIR = "pagefind"


def index_language() -> str:
    """The language Pagefind stems and splits words for: the build's (each language has its own bundle)."""
    language = i18n.current()
    return "en" if language == i18n.PSEUDO else language.split("-")[0].lower()


class SearchIndexError(RuntimeError):
    """Pagefind failed: the site is not published without its search."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """What the search knows about one person."""

    url: str  # from the site root, e.g. /people/ana-popescu/
    content: str
    meta: dict[str, str]
    filters: dict[str, list[str]]
    sort: dict[str, str]


_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>\[\]<]+")


def plain_words(markdown_text: str | None) -> str:
    """Markdown as the words a visitor would type: link targets and markup characters dropped."""
    if not markdown_text:
        return ""
    return " ".join(_MARKUP.sub(" ", _LINK_TARGET.sub("]", markdown_text)).split())


class SearchIndex:
    """A Pagefind service fed with records; :meth:`finish` returns once the bundle is written."""

    def __init__(self, output: Path, bundle: Path | None = None) -> None:
        executable = get_executable()
        if executable is None:
            raise SearchIndexError("the Pagefind binary is missing: install the `pagefind[bin]` package")
        self.output = output
        self.bundle = bundle or output / BUNDLE_DIR  # where the bundle is written (then moved, in invoke live)
        self._process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, args=(self._process.stdout,), name="pagefind", daemon=True)
        self._reader.start()
        self.language = index_language()
        new_index = {"type": "NewIndex", "config": {"force_language": self.language}}
        self._index_id: int = self._answer(self._send(new_index))["index_id"]
        self._writer: threading.Thread | None = None
        self._failure: BaseException | None = None
        self.records = 0

    # --- the wire ---------------------------------------------------------------------

    def _send(self, payload: dict[str, Any]) -> int:
        self._next_id += 1
        message = json.dumps({"message_id": self._next_id, "payload": payload}, ensure_ascii=False)
        assert self._process.stdin is not None
        self._process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
        return self._next_id

    def _read(self, stream: IO[bytes] | None) -> None:
        assert stream is not None
        buffer = b""
        while chunk := stream.read1(1 << 16):  # type: ignore[attr-defined]
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                response = json.loads(base64.b64decode(raw))
                with self._cond:
                    self._answers[response.get("message_id") or 0] = response.get("payload", {})
                    self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def _answer(self, message_id: int) -> dict[str, Any]:
        assert self._process.stdin is not None
        self._process.stdin.flush()
        with self._cond:
            while message_id not in self._answers:
                if not self._reader.is_alive():
                    problem = self._answers.get(0, {}).get("message", "it stopped")
                    raise SearchIndexError(f"the Pagefind service failed: {problem}")
                self._cond.wait(timeout=1)
            answer = self._answers.pop(message_id)
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind: {answer.get('message')}")
        return answer

    # --- the index --------------------------------------------------------------------

    def add_all(self, records: Iterable[SearchRecord]) -> None:
        """Make and send every record, let Pagefind index them and write the bundle: all in a thread.

        ``records`` is consumed in that thread (making them takes a second or two at 10,000
        people, and the pipe is only as fast as Pagefind reads it), so the pages render meanwhile.
        """
        self._writer = threading.Thread(target=self._index, args=(records,), name="pagefind-write", daemon=True)
        self._writer.start()

    def _index(self, records: Iterable[SearchRecord]) -> None:
        try:
            sent = [self._send(self._payload(record)) for record in records]
            self.records = len(sent)
            assert self._process.stdin is not None
            self._process.stdin.flush()
            for message_id in sent:
                self._answer(message_id)
            bundle = str(self.bundle)
            self._answer(self._send({"type": "WriteFiles", "index_id": self._index_id, "output_path": bundle}))
        except BaseException as exc:  # handed to finish(), on the main thread
            self._failure = exc

    def _payload(self, record: SearchRecord) -> dict[str, Any]:
        return {
            "type": "AddRecord",
            "index_id": self._index_id,
            "url": record.url,
            "content": record.content,
            "language": self.language,
            "meta": record.meta,
            "filters": record.filters,
            "sort": record.sort,
        }

    def finish(self) -> int:
        """Wait until the bundle is written; return how many records it holds."""
        try:
            if self._writer is not None:
                self._writer.join()
            if self._failure is not None:
                raise SearchIndexError(str(self._failure)) from self._failure
        finally:
            self.close()
        return self.records

    def close(self) -> None:
        if self._process.poll() is None:
            assert self._process.stdin is not None
            with contextlib.suppress(BrokenPipeError):
                self._process.stdin.close()
            try:
                self._process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._reader.join(timeout=10)


# `invoke live`: bundles still being written when their build returned, with their records' key.
NEXT_BUNDLE_DIR = ".pagefind-next"
_LATER: list[tuple[SearchIndex, str]] = []
_LATER_LOCK = threading.Lock()


def start_index(output: Path, *, later: bool = False) -> SearchIndex:
    """A Pagefind service that writes ``output/pagefind`` (whole: the old bundle is removed first), or, ``later``,
    ``output/.pagefind-next``, which :func:`finish_later` swaps in once it is written."""
    bundle = output / (NEXT_BUNDLE_DIR if later else BUNDLE_DIR)
    shutil.rmtree(bundle, ignore_errors=True)
    return SearchIndex(output, bundle)


def finish_later_queue(index: SearchIndex, key: str) -> None:
    """Leave ``index`` (whose records have ``key``) to :func:`finish_later`."""
    _LATER.append((index, key))


def finish_later(output: Path, state_file: Path | None) -> int:
    """Wait for the search bundle a build left to be written, swap it in, record it; return its records.

    ``invoke live`` calls it in a thread after each build, and each build first (so that two
    bundles are never written at once).
    """
    done = 0
    with _LATER_LOCK:
        while _LATER:
            index, key = _LATER.pop(0)
            done = index.finish()
            shutil.rmtree(output / BUNDLE_DIR, ignore_errors=True)
            (output / NEXT_BUNDLE_DIR).rename(output / BUNDLE_DIR)
            if state_file is not None and state_file.exists():
                from matcher.site.incremental import BuildState

                state = BuildState.load(state_file)
                state.records = key
                state.save()
    return done


def records_key(code: str, profiles: Sequence[Profile], cards: Mapping[str, Card]) -> str:
    """A hash of what the records are made from (the code, each profile in the directory's order, its card):
    when it is the last build's, the last bundle is still right."""
    sha = hashlib.sha1(code.encode("utf-8"), usedforsecurity=False)
    for profile in profiles:
        sha.update(repr(profile).encode("utf-8"))
        sha.update(repr(cards.get(profile.id)).encode("utf-8"))
    return sha.hexdigest()


# The card fields a search result needs that the record's other meta fields don't already hold
# (directory.js falls back to meta title, headline and place; it reads the name for the label of
# the introduction links). Pagefind 1.5 indexes every meta field as words: each field repeated
# here was indexed twice, and the whole card cost Pagefind a third of its time at 10,000 people.
CARD_FIELDS = ("badges", "colour", "initials", "introduce", "languages", "more_topics", "name", "reading", "topics")


def _card_meta(view: Card) -> dict[str, Any]:
    """The card fields a result needs; for an open mentor, only that they may be asked for an introduction
    (directory.js makes the links from the page's templates: indexed, they cost Pagefind a fifth of its time)."""
    fields = {k: v for k in CARD_FIELDS if (v := getattr(view, k)) is not None}  # (no asdict: 10,000 deep copies)
    if fields.get("introduce"):
        fields["introduce"] = True
    return fields


def record_of(profile: Profile, position: int = 0, card_view: Card | None = None) -> SearchRecord:
    """The search record of one published person: their words, card fields, facet values and sort key.

    ``meta["card"]`` holds what the directory's card shows (as JSON), so a search result looks
    like the listing (``card_view``, the community's card with its links, else one made here);
    ``position`` is the person's place in the directory's order (open mentors
    first), the order of results that have no words to rank them by.
    """
    topic_labels = vocabulary("topic")
    topics = dict.fromkeys(
        [*(profile.mentor.topics if profile.mentor else ()), *(profile.mentee.topics if profile.mentee else ())]
    )
    place = country_name(profile.location.country)
    if profile.location.city:
        place = place_words(profile.location.city, place)
    words = [
        profile.name,
        latin_reading(profile.name) or "",
        profile.pronouns or "",
        profile.headline,
        plain_words(profile.bio),
        " ".join(topic_labels[t] for t in topics),
        plain_words(profile.mentor.offer) if profile.mentor else "",
        plain_words(profile.mentee.goals) if profile.mentee else "",
        place,
        " ".join(language_name(code) for code in profile.language_codes),
        " ".join(vocabulary("sector")[s] for s in profile.sectors),
    ]
    return SearchRecord(
        url=f"/{urls.person(profile.id)}",
        content=" ".join(w for w in words if w),
        meta={
            "title": profile.name,
            "headline": profile.headline,
            "place": place,
            "roles": " · ".join(label for _, label in badges_of(profile)),
            "card": json.dumps(
                _card_meta(card_view or card(profile)),
                ensure_ascii=False,
                sort_keys=True,
                separators=(",", ":"),
            ),
        },
        filters={key: list(values) for key, values in values_of(profile).items() if values},
        sort={"name": sort_key(profile.name, profile.id), "order": f"{position:07d}"},
    )
