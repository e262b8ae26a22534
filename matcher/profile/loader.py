"""Read profile files safely: size limits, no aliases, no tags, no duplicate keys, YAML 1.2 booleans.

A file is read into a :class:`Document` (the raw mapping plus the line of every field) or a
list of :class:`~matcher.profile.problems.Problem` values. A bad file never stops the run: the
failure is a value that flows on to the reporter, like check-jsonschema's ParseError.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from matcher.profile import yaml_errors
from matcher.profile.problems import Problem, field_path

try:  # the C parser; the pure-Python one is a fallback only where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_BYTES = 64 * 1024  # a long profile is under 8 KiB; anything bigger is a mistake or an attack
MAX_DEPTH = 8  # the schema nests 3 levels; flow-style lists add one or two
MAX_NODES = 5_000

Path_ = tuple[str | int, ...]


class _ProfileLoader(_BaseLoader):
    """CSafeLoader that records field lines, refuses duplicate keys and keeps invalid dates as text."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.key_lines: dict[int, dict[Any, int]] = {}
        self.item_lines: dict[int, list[int]] = {}
        self.duplicates: list[tuple[int, int, Any]] = []  # (id of the mapping, line, key)
        self.nodes = 0
        self.depth = 0

    def _alias_error(self, node: yaml.Node) -> _LimitError:
        return _LimitError("anchors and aliases (& and *) are not allowed in a profile", node.start_mark.line + 1)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # The hot loop of every load: checks are inlined. An alias hands the constructor a node
        # it has already built, so one dict lookup per node refuses alias bombs before anything
        # walks the shared structure.
        if not isinstance(node, yaml.MappingNode):  # pragma: no cover - libyaml guarantees this
            raise yaml.constructor.ConstructorError(None, None, "expected a mapping", node.start_mark)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _LimitError(f"nested more than {MAX_DEPTH} levels deep", node.start_mark.line + 1)
        self.nodes += len(node.value)
        if self.nodes > MAX_NODES:
            raise _LimitError(f"too large: more than {MAX_NODES} values", node.start_mark.line + 1)
        built = self.constructed_objects
        construct = self.construct_object
        mapping: dict[Any, Any] = {}
        lines: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node in built:
                raise self._alias_error(key_node)
            if value_node in built:
                raise self._alias_error(value_node)
            key = construct(key_node, deep=deep)
            if key.__class__ is not str and not isinstance(key, int | float | dt.date):
                raise yaml.constructor.ConstructorError(None, None, "a key must be plain text", key_node.start_mark)
            line = key_node.start_mark.line + 1
            if key in mapping:
                self.duplicates.append((id(mapping), line, key))
                continue  # the first value stands; the duplicate is reported, not merged
            mapping[key] = construct(value_node, deep=deep)
            lines[key] = line
        self.key_lines[id(mapping)] = lines
        self.depth -= 1
        return mapping

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> list[Any]:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _LimitError(f"nested more than {MAX_DEPTH} levels deep", node.start_mark.line + 1)
        self.nodes += len(node.value)
        if self.nodes > MAX_NODES:
            raise _LimitError(f"too large: more than {MAX_NODES} values", node.start_mark.line + 1)
        built = self.constructed_objects
        for child in node.value:
            if child in built:
                raise self._alias_error(child)
        items = [self.construct_object(child, deep=deep) for child in node.value]
        self.item_lines[id(items)] = [child.start_mark.line + 1 for child in node.value]
        self.depth -= 1
        return items

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        # A date stays exactly as written; the schema's `format: date` judges it (2026-13-01
        # fails there with a message) and Profile.from_raw turns it into a datetime.date.
        return self.construct_scalar(node)

    # mappings and lists are built in one pass so that the id() line tables stay valid
    def construct_yaml_map(self, node: yaml.MappingNode) -> Iterator[dict[Any, Any]]:  # type: ignore[override]
        yield self.construct_mapping(node, deep=True)

    def construct_yaml_seq(self, node: yaml.SequenceNode) -> Iterator[list[Any]]:  # type: ignore[override]
        yield self.construct_sequence(node, deep=True)


# YAML 1.2 booleans: only true/false. Under YAML 1.1 `country: NO` (Norway) reads as false
# and `public: yes` as true; here they stay text and the schema says what it expected.
_ProfileLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_ProfileLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_ProfileLoader.add_constructor("tag:yaml.org,2002:map", _ProfileLoader.construct_yaml_map)
_ProfileLoader.add_constructor("tag:yaml.org,2002:seq", _ProfileLoader.construct_yaml_seq)
_ProfileLoader.add_constructor("tag:yaml.org,2002:timestamp", _ProfileLoader.construct_yaml_timestamp)


class _LimitError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Document:
    """A parsed profile file: its id (file stem), the raw mapping, and the line of each field.

    The line table is built on first use: a valid file never needs it.
    """

    path: str
    id: str
    data: dict[str, Any]
    key_lines: dict[int, dict[Any, int]] = field(default_factory=dict, repr=False)
    item_lines: dict[int, list[int]] = field(default_factory=dict, repr=False)

    @cached_property
    def _tables(self) -> tuple[dict[Path_, int], dict[int, Path_]]:
        return _line_table(self.data, self.key_lines, self.item_lines)

    @property
    def lines(self) -> dict[Path_, int]:
        """Field path -> line."""
        return self._tables[0]

    def path_of_mapping(self, mapping_id: int) -> Path_:
        return self._tables[1].get(mapping_id, ())

    def line_of(self, path: Path_) -> int:
        """The line of the field at ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def _too_deep(text: str, loader: type = _BaseLoader) -> int | None:
    """The line where nesting passes MAX_DEPTH, judged before libyaml's composer sees the text.

    libyaml's composer recurses in C and crashes the process past some 20,000 levels. Every
    level of nesting needs one of ``[ { - : ?``, so their count bounds the depth: below
    ``_SAFE_BOUND`` the composer is safe and construction enforces MAX_DEPTH itself; above it,
    libyaml's event parser (a state machine, no recursion) measures the real depth.

    Newer libyaml (PyYAML 6.0.4 and later) refuses nesting past about 1,000 levels in its
    scanner, with its own message and before it hands over the events that show where
    MAX_DEPTH was passed. Then the text before its refusal is measured instead, so the
    message and line are ours whichever PyYAML and libyaml are installed.
    """
    bound = sum(text.count(ch) for ch in "[{-:?")
    if bound <= _SAFE_BOUND:
        return None
    return _nesting_line(text, loader)


def _nesting_line(text: str, loader: type) -> int | None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1 if event.start_mark else 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        if mark is None or not _is_nesting_refusal(exc):
            return None  # the full load reports the syntax error with its position
        return _nesting_line(text[: mark.index], loader) or mark.line + 1
    except yaml.YAMLError:
        return None
    return None


def _is_nesting_refusal(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml's own depth limit ("exceeded maximum nesting depth"), in any of its wordings."""
    words = f"{exc.problem} {exc.context}".lower()
    return "nesting" in words or "depth" in words


_SAFE_BOUND = 2_000


def _line_table(
    data: Any, key_lines: dict[int, dict[Any, int]], item_lines: dict[int, list[int]]
) -> tuple[dict[Path_, int], dict[int, Path_]]:
    """The line of every field path, and the path of every mapping (by id) for later messages."""
    table: dict[Path_, int] = {}
    mapping_paths: dict[int, Path_] = {}
    stack: list[tuple[Path_, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            mapping_paths[id(node)] = path
            for key, line in key_lines.get(id(node), {}).items():
                table[(*path, key)] = line
                stack.append(((*path, key), node[key]))
        elif isinstance(node, list):
            for index, line in enumerate(item_lines.get(id(node), [])):
                table[(*path, index)] = line
                stack.append(((*path, index), node[index]))
    return table, mapping_paths


Parsed = tuple[Document | None, list[Problem]]

def parse(text: str, path: str, profile_id: str) -> Parsed:
    """Parse one file's text into a Document (None if it cannot be read) and the problems found."""
    deep_line = _too_deep(text)
    if deep_line:
        return None, [Problem(path, deep_line, "", f"nested more than {MAX_DEPTH} levels deep")]
    loader = _ProfileLoader(text)
    try:
        data = loader.get_single_data()
    except _LimitError as exc:
        return None, [Problem(path, exc.line, "", str(exc))]
    except yaml.MarkedYAMLError as exc:
        if _is_nesting_refusal(exc):  # libyaml's own limit, met before construction could apply ours
            line = _nesting_line(text, _BaseLoader) or (exc.problem_mark.line + 1 if exc.problem_mark else 1)
            return None, [Problem(path, line, "", f"nested more than {MAX_DEPTH} levels deep")]
        return None, [yaml_errors.problem(path, text, exc)]
    except yaml.YAMLError as exc:  # (a reader error: a character YAML refuses)
        return None, [yaml_errors.problem(path, text, exc)]
    finally:
        loader.dispose()
    if data is None:
        return None, [
            Problem(path, 1, "", "the file is empty: a profile is a mapping of fields (name: ..., headline: ...)")
        ]
    if not isinstance(data, dict):
        kind = type(data).__name__.replace("str", "text").replace("list", "a list")
        return None, [
            Problem(path, 1, "", f"a profile must be a mapping of fields (name: ..., headline: ...), not {kind}")
        ]
    doc = Document(path=path, id=profile_id, data=data, key_lines=loader.key_lines, item_lines=loader.item_lines)
    problems = [
        Problem(
            path,
            line,
            field_path((*doc.path_of_mapping(owner), str(key))),
            f"duplicate key '{key}': each field may appear once (the first one was kept for checking)",
        )
        for owner, line, key in loader.duplicates
    ]
    bad_keys = [k for k in data if not isinstance(k, str)]
    for key in bad_keys:
        problems.append(
            Problem(path, loader.key_lines[id(data)].get(key, 1), str(key), f"the key {key!r} must be a field name")
        )
    return doc, problems


def read(path: Path) -> Parsed:
    """Read and parse one file with all the limits applied."""
    raw, problems = read_bytes(path)
    if raw is None:
        return None, problems
    return parse_bytes(raw, str(path), path.stem)


def read_bytes(path: Path) -> tuple[bytes | None, list[Problem]]:
    """One file's bytes, read with the limits (a plain file, no link followed, at most MAX_BYTES)."""
    shown = str(path)
    try:
        # O_NOFOLLOW: a link planted under profiles/ is never followed (to a secret, or to /dev/zero)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None, [Problem(shown, 1, "", NOT_A_PLAIN_FILE)]
            raw = handle.read(MAX_BYTES + 1)  # never more than the limit, whatever the file's size
            if len(raw) > MAX_BYTES:
                size = os.fstat(handle.fileno()).st_size
                return None, [
                    Problem(shown, 1, "", f"the file is {size:,} bytes; a profile may be at most {MAX_BYTES:,} bytes")
                ]
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            return None, [Problem(shown, 1, "", NOT_A_PLAIN_FILE)]
        return None, [Problem(shown, 1, "", f"cannot read the file: {exc.strerror or exc}")]
    return raw, []


def parse_bytes(raw: bytes, shown: str, profile_id: str) -> Parsed:
    """Decode (UTF-8, a byte-order mark allowed) and parse one file's bytes."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [
            Problem(
                shown,
                line,
                "",
                f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}): save it as UTF-8",
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse(text, shown, profile_id)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cycle collector while a community loads.

    Loading builds millions of small objects that all stay alive, and each full collection
    would walk all of them again (at 10,000 profiles, loading took 2.5 times as long with it
    on). Profiles hold no reference cycles, so reference counting frees everything else.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


PROFILE_SUFFIX = ".yml"
NOT_A_PLAIN_FILE = (
    "not a plain file (a symbolic link, folder or device): a profile must be an ordinary .yml file, "
    "so that what is checked is what is published"
)


def scan(folder: Path) -> tuple[list[os.DirEntry[str]], list[Problem]]:
    """One profile folder's profile files, as its listing gives them (in no order), and what is wrong in it:
    a ``.yaml`` file, a link, a ``.yml`` that is not a plain file. (The listing's d_type: no stat per file.)"""
    entries: list[os.DirEntry[str]] = []
    problems: list[Problem] = []
    for entry in os.scandir(folder):
        if entry.name.endswith(PROFILE_SUFFIX) and entry.is_file(follow_symlinks=False):
            entries.append(entry)
        elif entry.name.endswith(PROFILE_SUFFIX) or entry.is_symlink():
            problems.append(Problem(str(folder / entry.name), 1, "", NOT_A_PLAIN_FILE))
        elif entry.name.endswith(".yaml"):
            child = folder / entry.name
            problems.append(Problem(str(child), 1, "", f"profile files end in .yml: rename it to {child.stem}.yml"))
    return entries, problems


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """The profile files named by ``paths`` (files, or folders searched for ``*.yml``), sorted.

    A ``.yaml`` file in a profile folder is reported rather than skipped, so nothing a
    contributor wrote is silently ignored.
    """
    files: set[Path] = set()
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            entries, found = scan(path)
            files.update(path / entry.name for entry in entries)
            problems += found
        elif path.is_symlink() or (path.exists() and not path.is_file()):
            problems.append(Problem(str(path), 1, "", NOT_A_PLAIN_FILE))
        elif path.is_file():
            files.add(path)
        else:
            problems.append(Problem(str(path), 1, "", "no such file or folder"))
    return sorted(files, key=str), problems
