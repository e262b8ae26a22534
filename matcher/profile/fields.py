"""One walk over the profile schema: every field with its words, its rules and its vocabulary.

The field reference (:mod:`matcher.profile.docs`), the issue forms (:mod:`matcher.intake.forms`) and the site's
join page (:mod:`matcher.site.joinform`) all read :func:`profile_fields` instead of walking the schema
themselves, so "is this required?", "how long may it be?" and "which values are allowed?" are
answered in one place, the same way for all of them.

A field's ``path`` names the keys from the profile's root; ``"[]"`` stands for "each item of
this list" (``("languages", "[]", "code")`` is ``languages[].code``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from matcher.profile import schema

ITEM = "[]"
LIMIT_KEYS = ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum", "pattern")


@dataclass(frozen=True)
class Field:
    """One profile field as the schema describes it ($refs followed)."""

    path: tuple[str, ...]
    title: str
    description: str  # the schema's, for maintainers (docs/fields.md)
    help: str  # in the words of someone who has never seen the schema: ``x-help``, else the description
    type: str  # "string", "integer", "array", "object", "boolean" ("" for a const)
    required: bool  # needed in every valid profile: the field and every block around it are required
    required_in_block: bool  # needed once its block (mentor, location, contact, a list's item) is there
    limits: Mapping[str, Any]  # minLength, maxLength, minItems, maxItems, minimum, maximum, pattern
    item_limits: Mapping[str, Any]  # the same, for each item of a list of plain values (e.g. an id's pattern)
    vocabulary: tuple[tuple[str, str], ...]  # (value, label) of the field or its items, in schema order
    vocabulary_name: str  # the $defs entry the vocabulary comes from ("topic"), or ""
    markdown: bool  # x-markdown: may hold Markdown (and new lines)
    format: str  # the schema's format, e.g. "country-code" ("" if none)
    pattern_hint: str  # x-pattern-hint: what the pattern asks for, in words
    node: Mapping[str, Any]  # the resolved schema node, for what is particular to one field

    @property
    def dotted(self) -> str:
        """``mentor.topics``, ``languages[].code``."""
        text = ""
        for part in self.path:
            text += part if part == ITEM else (f".{part}" if text else part)
        return text

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def block(self) -> tuple[str, ...]:
        """The path of the object this field is in (``()`` at the profile's root)."""
        return self.path[:-1]

    @property
    def is_block(self) -> bool:
        return self.type == "object"


def _vocabulary(node: Mapping[str, Any], raw: Mapping[str, Any]) -> tuple[tuple[tuple[str, str], ...], str]:
    items_raw = node.get("items", {}) if node.get("type") == "array" else {}
    source_raw = items_raw or raw
    source = schema.resolve_node(dict(source_raw))
    if "enum" not in source:
        return (), ""
    labels = source.get("x-labels") or {}
    ref = str(source_raw.get("$ref", ""))
    name = ref.rsplit("/", 1)[1] if ref.startswith("#/$defs/") else ""
    return tuple((str(v), str(labels.get(v, v))) for v in source["enum"]), name


def _field(path: tuple[str, ...], raw: Mapping[str, Any], chain_required: bool, in_block: bool) -> Field:
    node = schema.resolve_node(dict(raw))
    items = schema.resolve_node(dict(node.get("items", {}))) if node.get("type") == "array" else {}
    vocabulary, vocabulary_name = _vocabulary(node, raw)
    description = str(node.get("description") or raw.get("description") or "")
    return Field(
        path=path,
        title=str(node.get("title") or raw.get("title") or ""),
        description=description,
        help=str(node.get("x-help") or raw.get("x-help") or description),
        type=str(node.get("type", "")),
        required=chain_required and in_block,
        required_in_block=in_block,
        limits={key: node[key] for key in LIMIT_KEYS if key in node},
        item_limits={key: items[key] for key in LIMIT_KEYS if key in items} if items.get("type") != "object" else {},
        vocabulary=vocabulary,
        vocabulary_name=vocabulary_name,
        markdown=bool(node.get("x-markdown")),
        format=str(node.get("format", "")),
        pattern_hint=str(node.get("x-pattern-hint", "")),
        node=node,
    )


def _walk(node: Mapping[str, Any], prefix: tuple[str, ...], chain_required: bool) -> Iterator[Field]:
    required = set(node.get("required", ()))
    for name, raw in node.get("properties", {}).items():
        path = (*prefix, name)
        field = _field(path, raw, chain_required, name in required)
        yield field
        resolved = field.node
        if resolved.get("type") == "object":
            yield from _walk(resolved, path, field.required)
        items = schema.resolve_node(dict(resolved.get("items", {}))) if resolved.get("type") == "array" else {}
        if items.get("type") == "object":
            yield from _walk(items, (*path, ITEM), field.required and field.limits.get("minItems", 0) > 0)


def profile_fields() -> tuple[Field, ...]:
    """Every field of a profile, blocks and list items included, in the schema's order.

    Not cached: a walk takes well under a millisecond, and a test that changes the schema in
    memory sees its change everywhere at once.
    """
    return tuple(_walk(schema.profile_schema(), (), True))


def field(*path: str) -> Field:
    """The field at ``path``, e.g. ``field("location", "country")``."""
    for f in profile_fields():
        if f.path == path:
            return f
    raise KeyError(".".join(path))


def top_level() -> tuple[Field, ...]:
    return tuple(f for f in profile_fields() if len(f.path) == 1)


def children(block: tuple[str, ...]) -> tuple[Field, ...]:
    """The fields directly inside ``block`` (an object, or ``(*list, "[]")`` for a list's items)."""
    return tuple(f for f in profile_fields() if f.block == block)
