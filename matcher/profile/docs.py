"""Derive the field reference (docs/fields.md) from the schema, so the docs can't drift from the rules."""

from __future__ import annotations

from pathlib import Path

from matcher.profile import fields, schema

FIELDS_DOC = Path("docs/fields.md")

HEADER = """# Profile fields

<!-- Generated from matcher/profile/profile.schema.json by `python -m matcher generate`. Do not edit by hand:
     change the schema and regenerate; a test fails when this file is stale. -->

Each person is one file, `profiles/<id>.yml`, where `<id>` is lowercase letters, digits and
single hyphens. A profile needs a `mentor` block, a `mentee` block, or both.

| field | required | what it holds | limits and allowed values |
| --- | --- | --- | --- |
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _enum_words(vocabulary: tuple[tuple[str, str], ...], labels: bool) -> str:
    return ", ".join(f"`{v}` ({label})" if labels else f"`{v}`" for v, label in vocabulary)


def _limits(f: fields.Field) -> str:
    node = f.node
    parts: list[str] = []
    has_labels = bool(schema.resolve_node(dict(node.get("items", node))).get("x-labels"))
    if f.vocabulary and f.type != "array":
        parts.append(_enum_words(f.vocabulary, has_labels))
    if f.type == "array":
        if f.vocabulary_name == "topic":
            parts.append("topics from [the list below](#topics)")
        elif f.vocabulary:
            parts.append("one or more of: " + _enum_words(f.vocabulary, has_labels))
        if "minItems" in f.limits or "maxItems" in f.limits:
            parts.append(f"{f.limits.get('minItems', 0)} to {f.limits.get('maxItems', 'any number of')} entries")
    if "maxLength" in f.limits:
        parts.append(f"up to {f.limits['maxLength']} characters" + (", Markdown" if f.markdown else ""))
    if "minimum" in f.limits:
        parts.append(f"{f.limits['minimum']} to {f.limits['maximum']}")
    if "const" in node:
        parts.append(f"must be `{str(node['const']).lower()}`")
    if f.format:
        parts.append(FORMAT_WORDS.get(f.format, f.format))
    return "; ".join(parts)


FORMAT_WORDS = {
    "country-code": "ISO 3166-1 alpha-2",
    "language-code": "ISO 639-1 or 639-3",
    "iana-timezone": "IANA time zone",
    "date": "YYYY-MM-DD",
    "uri": "https only",
    "email": "e-mail address",
}


def _rows() -> list[str]:
    rows = []
    for f in fields.profile_fields():
        description = f.description or f.title
        required = "yes" if f.required_in_block else "no"
        rows.append(f"| `{f.dotted}` | {required} | {_cell(description)} | {_cell(_limits(f))} |")
    return rows


def fields_markdown() -> str:
    """The whole field reference as Markdown."""
    rows = _rows()
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
