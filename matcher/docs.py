"""Derive the field reference (docs/fields.md) from the schema, so the docs can't drift from the rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matcher import schema

FIELDS_DOC = Path("docs/fields.md")

HEADER = """# Profile fields

<!-- Generated from matcher/profile.schema.json by `python -m matcher docs`. Do not edit by hand:
     change the schema and regenerate; a test fails when this file is stale. -->

Each person is one file, `profiles/<id>.yml`, where `<id>` is lowercase letters, digits and
single hyphens. A profile needs a `mentor` block, a `mentee` block, or both.

| field | required | what it holds | limits and allowed values |
| --- | --- | --- | --- |
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _limits(sub: dict[str, Any]) -> str:
    sub = schema.resolve_node(sub)
    parts: list[str] = []
    if "enum" in sub:
        labels = sub.get("x-labels", {})
        parts.append(", ".join(f"`{v}` ({labels[v]})" if v in labels else f"`{v}`" for v in sub["enum"]))
    if sub.get("type") == "array":
        items = schema.resolve_node(sub.get("items", {}))
        if items is schema.definition("topic"):
            parts.append("topics from [the list below](#topics)")
        elif "enum" in items:
            parts.append("one or more of: " + _limits(items))
        if "minItems" in sub or "maxItems" in sub:
            parts.append(f"{sub.get('minItems', 0)} to {sub.get('maxItems', 'any number of')} entries")
    if "maxLength" in sub:
        parts.append(f"up to {sub['maxLength']} characters" + (", Markdown" if sub.get("x-markdown") else ""))
    if "minimum" in sub:
        parts.append(f"{sub['minimum']} to {sub['maximum']}")
    if "const" in sub:
        parts.append(f"must be `{str(sub['const']).lower()}`")
    fmt = sub.get("format")
    if fmt:
        parts.append(
            {
                "country-code": "ISO 3166-1 alpha-2",
                "language-code": "ISO 639-1 or 639-3",
                "iana-timezone": "IANA time zone",
                "date": "YYYY-MM-DD",
                "uri": "https only",
                "email": "e-mail address",
            }.get(fmt, fmt)
        )
    return "; ".join(parts)


def _rows(node: dict[str, Any], prefix: str, required: set[str]) -> list[str]:
    rows = []
    for name, sub in node.get("properties", {}).items():
        resolved = schema.resolve_node(sub)
        path = f"{prefix}{name}"
        description = resolved.get("description") or sub.get("description") or resolved.get("title", "")
        rows.append(
            f"| `{path}` | {'yes' if name in required else 'no'} | {_cell(description)} | {_cell(_limits(sub))} |"
        )
        if resolved.get("type") == "object":
            rows += _rows(resolved, f"{path}.", set(resolved.get("required", [])))
        items = schema.resolve_node(resolved.get("items", {}))
        if resolved.get("type") == "array" and items.get("type") == "object":
            rows += _rows(items, f"{path}[].", set(items.get("required", [])))
    return rows


def fields_markdown() -> str:
    """The whole field reference as Markdown."""
    root = schema.profile_schema()
    rows = _rows(root, "", set(root["required"]))
    topics = schema.definition("topic")
    vocab = ["", "## Topics", "", "| topic | label | what it covers |", "| --- | --- | --- |"]
    vocab += [
        f"| `{t}` | {topics['x-labels'][t]} | {_cell(topics['x-descriptions'].get(t, ''))} |" for t in topics["enum"]
    ]
    return HEADER + "\n".join(rows) + "\n" + "\n".join(vocab) + "\n"


def write(path: Path = FIELDS_DOC) -> bool:
    """Write the reference; True if the file changed."""
    text = fields_markdown()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
