"""3. Values into a profile file: ruamel.yaml round-trip edits that keep comments, order and style."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from matcher.intake.answers import unfence
from matcher.intake.outcome import Refused
from matcher.profile import loader, schema


@cache
def _order() -> dict[tuple[str, ...], int]:
    """Schema order of every field path, so new keys land where a person expects them."""
    order: dict[tuple[str, ...], int] = {}
    for index, (name, _) in enumerate(schema.profile_schema()["properties"].items()):
        order[(name,)] = index
        sub = schema.resolve((name,))
        for inner, key in enumerate(sub.get("properties", {})):
            order[(name, key)] = inner
    return order


def set_path(root: CommentedMap, path: tuple[str, ...], value: Any) -> None:
    """Set ``path`` in a round-trip mapping, keeping comments and the position of existing keys."""
    node = root
    for depth, part in enumerate(path[:-1]):
        if not isinstance(node.get(part), CommentedMap):
            _insert(node, path[: depth + 1], CommentedMap())
        node = node[part]
    key = path[-1]
    if key in node:
        node[key] = _styled(value, node[key])
    else:
        _insert(node, path, _styled(value, None))


def _insert(node: CommentedMap, path: tuple[str, ...], value: Any) -> None:
    """Insert the last key of ``path`` into ``node`` at its schema position among the keys there."""
    rank = _order().get(path, 999)
    parent = path[:-1]
    position = sum(1 for k in node if _order().get((*parent, k), 999) <= rank)
    node.insert(position, path[-1], value)


def _styled(value: Any, old: Any) -> Any:
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, list):
        seq = CommentedSeq(_styled(v, None) for v in value)
        if (isinstance(old, CommentedSeq) and old.fa.flow_style()) or (
            old is None and value and all(isinstance(v, str) for v in value)
        ):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap()
        for k, v in value.items():
            mapping[k] = _styled(v, None)
        return mapping
    return value


def delete_path(node: CommentedMap, path: tuple[str, ...]) -> None:
    *parents, key = path
    for part in parents:
        if not isinstance(node.get(part), CommentedMap):
            return
        node = node[part]
    node.pop(key, None)


def merge(root: CommentedMap, data: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> None:
    """Lay ``data`` over ``root``: mappings merge key by key, everything else replaces."""
    node: Any = root
    for part in prefix:
        node = node[part]
    for key, value in data.items():
        if isinstance(value, Mapping) and isinstance(node.get(key), CommentedMap):
            merge(root, value, (*prefix, key))
        else:
            set_path(root, (*prefix, key), value)


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments, order and quoting of untouched fields survive
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    return yaml


def dump(node: CommentedMap) -> str:
    out = StringIO()
    _yaml().dump(node, out)
    return out.getvalue()


def load_round_trip(text: str, where: str) -> CommentedMap:
    doc, problems = loader.parse(text, where, Path(where).stem)  # the safe loader screens it first
    if doc is None:
        raise Refused(*(f"{where} can't be read: {p.message}" for p in problems))
    data = _yaml().load(text)
    if not isinstance(data, CommentedMap):
        raise Refused(f"{where} is not a profile mapping")
    return data


def read_box(text: str, what: str = "Profile from the website") -> dict[str, Any]:
    """The 'Profile from the website' box (or an e-mailed file), read with the same safe loader as every profile."""
    doc, problems = loader.parse(unfence(text), "the profile box", "box")
    if doc is None or problems:  # duplicate keys, keys that aren't field names: refused, not guessed at
        raise Refused(*(f"{what}: {p.message} (line {p.line})." for p in problems))
    data = dict(doc.data)
    data.pop("updated", None)  # the converter dates the change itself
    return data


def slugify(name: str) -> str:
    """An id from a name: ASCII letters and digits joined by single hyphens (e.g. 'Ana Popescu' -> 'ana-popescu')."""
    from anyascii import anyascii  # transliterates non-Latin scripts ('Олена' -> 'Olena'); ISC licence

    text = "".join(
        # one ideograph or Hangul block is one syllable: keep syllables apart ('李小龙' -> 'li xiao long')
        f" {anyascii(ch)} " if unicodedata.name(ch, "").startswith(("CJK UNIFIED", "HANGUL SYLLABLE")) else anyascii(ch)
        for ch in unicodedata.normalize("NFKC", name)
        if not unicodedata.category(ch).startswith(("S", "C"))  # no emoji or symbols in an id
    ).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    limit = schema.definition("id")["maxLength"] - 3  # room for a '-99' suffix
    return slug[:limit].strip("-") or "member"
