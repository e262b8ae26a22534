"""Incremental builds: each page's key, the state a build leaves, and what the next one may skip.

A page's *key* is a hash of everything its HTML is made from: the code and templates (one
fingerprint), the settings and the site-wide values every page shows, and the page's own
inputs. A profile page's inputs are that person's profile, the profiles of those who endorse
them and of those the matcher suggests to them, and the matcher's lines about them; a
listing's are its place in the directory (title, pager, ids) and the cards of the people on
it. A page whose key is the one the last build recorded, and whose file is still there, is not
rendered again; everything else is rendered, and written only if its bytes changed
(:class:`~matcher.site.writer.OutputWriter`). A file the last build wrote and this one does
not (a removed person, a facet value nobody has any more) is deleted.

The search index is cut into shards of the directory's order, one Pagefind bundle each
(:mod:`matcher.site.search`); the state keeps a hash per shard of what its records and cards are
made from, and only the shards whose hash changed are indexed again (a bio edit: one shard).

The code's fingerprint (:func:`fingerprint`) covers the libraries installed too: after an upgrade
(Babel's names of countries, Jinja's escaping) every page is made again. So an incremental build
is byte-identical to a cold one as long as each key covers its page's inputs;
``tests/site/test_incremental.py`` checks that on random edit sequences.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matcher.fingerprint import environment, files_digest
from matcher.profile.model import Profile
from matcher.profile.verdicts import cache_folder

STATE_FORMAT = "mentor-commons-site-state-1"
ROOT = Path(__file__).resolve().parents[2]
# What pages are made with: the site's code and every module of the matcher package it imports
# (found by reading the imports, so that a change to the matching algorithm alone does not render
# the site again), the templates, and every data file beside the code (the schema, the policy,
# the interface's translations: a corrected French string makes the French pages again).
SITE_CODE = ROOT / "matcher" / "site"
TEMPLATES = ROOT / "theme" / "templates"
_IMPORT = re.compile(r"^\s*(?:from\s+(matcher(?:\.\w+)*)\s+import\s+([\w, ()]+)|import\s+(matcher(?:\.\w+)*))", re.M)
# Settings about how a build runs, not what a page says (an incremental build changes the first).
HOW_NOT_WHAT = frozenset(
    {
        "DELETE_OUTPUT_DIRECTORY",
        "OUTPUT_PATH",
        "OUTPUT_RETENTION",
        "MENTOR_COMMONS_STATE",
        "MENTOR_COMMONS_SEARCH_LATER",
    }
)


@dataclass(frozen=True, slots=True)
class Job:
    """One page to render: its template, its file, how to get its values (when rendered), and its key."""

    template: str
    save_as: str
    values: Callable[[], dict[str, Any]]
    key: str = ""


_SEQUENCES = (list, tuple)


def _plain(value: Any) -> Any:
    """A value as plain JSON data, the same in every process: sets sorted, dataclasses as their fields,
    and an object whose repr is only an address as its type's name."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if type(value) in _SEQUENCES:  # (first: the inputs' long lists of tuples, 0.1 s at 10,000 people)
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__qualname__, {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}]
    if isinstance(value, Mapping):
        return sorted(([_plain(k), _plain(v)] for k, v in value.items()), key=repr)
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=repr)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def digest(*parts: Any) -> str:
    """A short hash of any parts (see :func:`_plain`)."""
    text = json.dumps(_plain(parts), ensure_ascii=False)
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


@functools.cache  # (the same names are imported by many modules: 60 ms of stats uncached, at each build)
def _module_file(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def code_files() -> list[Path]:
    """The site's modules and, following their imports, every matcher module they use."""
    todo = sorted(SITE_CODE.rglob("*.py"))
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen or "__pycache__" in path.parts:
            continue
        seen.add(path)
        for found in _IMPORT.finditer(path.read_text(encoding="utf-8")):
            package, names, plain = found.groups()
            candidates = (
                [plain] if plain else [package, *(f"{package}.{n.strip()}" for n in names.strip("()").split(","))]
            )
            todo.extend(f for name in candidates if name and (f := _module_file(name)) is not None)
    return sorted(seen)


def data_files() -> list[Path]:
    """Every file of the ``matcher`` package that is not Python (nor its bytecode): what the code reads."""
    return sorted(
        p
        for p in (ROOT / "matcher").rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    )


def fingerprint() -> str:
    """The hash of the code, templates and data files pages are made with (names and bytes), and of the
    interpreter and the libraries installed (:func:`matcher.fingerprint.environment`): pages are made
    with them too (Jinja2 and markupsafe escape, Babel's CLDR data names countries, markdown-it and nh3
    make the bios, PyYAML and jsonschema read the profiles, tzdata gives the UTC offsets), and another
    version of any may change a page."""
    files = files_digest([*code_files(), *sorted(TEMPLATES.rglob("*.html")), *data_files()], ROOT)
    return hashlib.sha256(f"{files}\n{environment()}".encode()).hexdigest()


def site_key(settings: Mapping[str, Any], shared: Mapping[str, Any], code: str) -> str:
    """The key every page shares: code, settings and the site-wide values in every page's context."""
    plain = {k: v for k, v in settings.items() if k.isupper() and k not in HOW_NOT_WHAT}
    return digest(code, plain, dict(shared))


class ByIdentity:
    """Values computed from objects that ``invoke live`` keeps from build to build (the Profile of an
    unchanged file, its card): each is computed once per object, and again only for new objects.

    Each call keeps the objects it was given (so an id is never reused while it is a key) and
    forgets the others. ``key(obj)`` is what else the value is made from (the build's language,
    a mentor's introduction links): the value is computed again when it is not the last one.
    """

    def __init__(self) -> None:
        self._kept: dict[int, tuple[Any, Any, Any]] = {}

    def values(
        self, objects: Iterable[Any], compute: Callable[[Any], Any], key: Callable[[Any], Any] = lambda _: None
    ) -> list[Any]:
        kept, seen, out = self._kept, {}, []
        for obj in objects:
            extra = key(obj)
            known = kept.get(id(obj))
            value = known[2] if known is not None and known[0] is obj and known[1] == extra else compute(obj)
            seen[id(obj)] = (obj, extra, value)
            out.append(value)
        self._kept = seen
        return out

    def one(self, obj: Any, compute: Callable[[Any], Any], key: Any = None) -> Any:
        """One object's value, kept beside the others (for values made lazily, one at a time)."""
        known = self._kept.get(id(obj))
        if known is not None and known[0] is obj and known[1] == key:
            return known[2]
        value = compute(obj)
        self._kept[id(obj)] = (obj, key, value)
        return value

    def remember(self, obj: Any, value: Any, key: Any = None) -> None:
        """Take ``value`` as ``obj``'s (made elsewhere from an equal object: see :func:`remember_profile_hash`)."""
        self._kept[id(obj)] = (obj, key, value)

    def keep_only(self, objects: Iterable[Any]) -> None:
        """Forget every object but these (so that what a build no longer has is not held)."""
        ids = {id(obj) for obj in objects}
        self._kept = {i: found for i, found in self._kept.items() if i in ids}


_PROFILE_HASHES = ByIdentity()


def profile_hashes(profiles: Iterable[Profile]) -> dict[str, str]:
    """Each person's profile as a hash (its repr is its whole content: frozen dataclasses of tuples)."""
    people = list(profiles)
    return {p.id: h for p, h in zip(people, _PROFILE_HASHES.values(people, repr_hash), strict=True)}


def profile_hash(profile: Profile) -> str:
    """One profile's hash, as :func:`profile_hashes` gives it (kept with the others)."""
    value: str = _PROFILE_HASHES.one(profile, repr_hash)
    return value


def remember_profile_hash(profile: Profile, value: str) -> None:
    """Take ``value`` as ``profile``'s hash: the validation memo keeps each profile's hash with its data
    (:class:`matcher.site.validation.Memo`), and a new process rebuilding after an edit loads 10,000
    profiles from it, whose hashes would otherwise be made again from their reprs (0.1 s)."""
    _PROFILE_HASHES.remember(profile, value)


def person_key(
    site: str,
    person: str,
    hashes: Mapping[str, str],
    endorsers: Iterable[str],
    shown: tuple[Sequence[str], Sequence[str]],
) -> str:
    """A profile page's key: the person, who endorses them, and the people their suggestions show (the
    mentors, then the mentees, with their profiles: a name or a headline is shown). The matcher's scores
    are not in it: a change of score that changes nobody shown renders nothing."""
    mentors, mentees = shown
    parts = [site, hashes[person], *sorted(f"{e}:{hashes[e]}" for e in endorsers), "mentors"]
    parts += [f"{o}:{hashes[o]}" for o in mentors] + ["mentees"] + [f"{o}:{hashes[o]}" for o in mentees]
    return hashlib.sha1("\n".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()


def listing_key(site: str, listing: Any, cards: Iterable[str]) -> str:
    """A listing page's key: where it is in the directory (title, pager, ids) and its people's cards."""
    return hashlib.sha1("\n".join([site, repr(listing), *cards]).encode("utf-8"), usedforsecurity=False).hexdigest()


def repr_hash(value: Any) -> str:
    """The hash of a frozen dataclass of tuples and text (a card): its repr is its whole content."""
    return hashlib.sha1(repr(value).encode("utf-8"), usedforsecurity=False).hexdigest()


@dataclass
class BuildState:
    """What the last build wrote: each page's key, the other files, each search shard's hash (by folder)."""

    path: Path
    pages: dict[str, str] = field(default_factory=dict)
    others: list[str] = field(default_factory=list)  # files Pelican wrote (guidance pages), by output path
    records: dict[str, str] = field(default_factory=dict)  # search shard's folder -> its key

    @classmethod
    def load(cls, path: Path) -> BuildState:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path)
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            return cls(path)
        return cls(
            path,
            pages={str(k): str(v) for k, v in (data.get("pages") or {}).items()},
            others=[str(p) for p in data.get("others") or ()],
            records=_records(data.get("records")),
        )

    def save(self) -> None:
        data = {"format": STATE_FORMAT, "pages": self.pages, "others": sorted(self.others), "records": self.records}
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)


def _records(value: Any) -> dict[str, str]:
    """The shards' keys as saved (a state from before the search had shards held one key: none kept)."""
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def state_path(output: Path) -> Path:
    """Where a build into ``output`` keeps its state: beside it, never inside (nothing of it is published)."""
    return output.with_name(f".{output.name}.build-state.json")


def kept_beside(state: Path, kind: str, key: str) -> Path:
    """A folder of what builds keep for the next process (``kind``: Pelican's cache, the compiled
    templates), beside the state, in a folder named by ``key`` (what it was made with); the folders
    of other keys are deleted."""
    return _only_key(state.with_name(state.name.replace("build-state.json", kind)), key)


def kept_in_cache(kind: str, key: str) -> Path:
    """:func:`kept_beside` for a build that keeps no state: in the user's cache folder
    (:func:`matcher.profile.verdicts.cache_folder`, never the repository), the folders of other keys deleted."""
    return _only_key(cache_folder() / f"site-{kind}", key)


def _only_key(root: Path, key: str) -> Path:
    """``root / key``, the other folders of ``root`` deleted (what other code, or other settings, made)."""
    if root.is_dir():
        for other in root.iterdir():
            if other.name != key:
                shutil.rmtree(other, ignore_errors=True)
    return root / key


def profiles_memo_path(state: Path) -> Path:
    """Where the validation memo of the same builds is kept (:class:`matcher.site.validation.Memo`)."""
    return state.with_name(state.name.replace("build-state", "build-profiles"))


def to_render(jobs: Iterable[Job], previous: Mapping[str, str], output: str) -> list[Job]:
    """The jobs whose key changed since the last build, or whose file is missing (each folder listed once:
    10,000 profile pages in one folder are one listing, not 10,000 look-ups)."""
    listed: dict[str, frozenset[str]] = {}

    def there(save_as: str) -> bool:
        folder, name = os.path.split(save_as)
        names = listed.get(folder)
        if names is None:
            try:
                names = listed[folder] = frozenset(os.listdir(os.path.join(output, folder)))
            except OSError:  # (no such folder: nothing in it is there)
                names = listed[folder] = frozenset()
        return name in names

    return [job for job in jobs if not job.key or previous.get(job.save_as) != job.key or not there(job.save_as)]
