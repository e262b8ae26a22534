"""Schema errors in words a contributor can act on: the field, what is wrong, and a "did you mean".

Shared by every schema-checked file (profiles, relationships): :func:`message` turns one
jsonschema error into a field path and a sentence, :func:`conditional_rule` finds the words a
root ``allOf`` if/then rule carries in its ``x-message``, :func:`suggest` offers the closest of
the allowed values.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterable
from typing import Any

import jsonschema
import pycountry

from matcher.profile import schema


def suggest(value: object, choices: Iterable[str]) -> str:
    if not isinstance(value, str):
        return ""
    choices = list(choices)
    lowered = {c.lower(): c for c in choices}
    probe = value.strip().lower().replace(" ", "-").replace("_", "-")
    if probe in lowered:
        return f" (did you mean '{lowered[probe]}'?)"
    close = difflib.get_close_matches(probe, list(lowered), n=1, cutoff=0.6)
    return f" (did you mean '{lowered[close[0]]}'?)" if close else ""


def _suggest_label(value: object, sub: dict[str, Any]) -> str:
    """Match against the human labels too: 'Policy and advocacy' -> 'policy-advocacy'."""
    labels: dict[str, str] = sub.get("x-labels", {})
    hint = suggest(value, sub.get("enum", []))
    if hint or not isinstance(value, str):
        return hint
    by_label = {label.lower(): key for key, label in labels.items()}
    close = difflib.get_close_matches(value.lower(), list(by_label), n=1, cutoff=0.6)
    return f" (did you mean '{by_label[close[0]]}'?)" if close else ""


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
    "number": "a number",
}


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "empty"
    return {str: "text", int: "a number", float: "a number", list: "a list", dict: "a mapping", dt.date: "a date"}.get(
        type(value), type(value).__name__
    )


def _enum_noun(sub: dict[str, Any]) -> str:
    """'a known topic' for the $defs/topic vocabulary, and so on, named by the schema."""
    for name, definition in schema.profile_schema()["$defs"].items():
        if definition is sub:
            return f"a known {name.replace('_', ' ')}"
    return "an allowed value"


def message(
    error: jsonschema.ValidationError, resolve: Callable[[tuple[str | int, ...]], dict[str, Any]] = schema.resolve
) -> tuple[tuple[str | int, ...], str]:
    """A (field path, message) a contributor can act on, for one schema error (``resolve``: path -> subschema)."""
    path = tuple(error.absolute_path)
    sub = resolve(path) if error.validator != "additionalProperties" else {}
    value = error.instance
    v = error.validator
    if v == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extras = sorted(set(value) - set(allowed), key=str)
        name = extras[0] if extras else "?"
        return (*path, name), f"unknown field '{name}'{suggest(name, allowed)}; allowed here: {', '.join(allowed)}"
    if v == "enum":
        hint = _suggest_label(value, sub)
        choices = sub.get("enum", [])
        if not hint and len(choices) <= 6:
            hint = f" (choose one of: {', '.join(choices)})"
        return path, f"'{value}' is not {_enum_noun(sub)}{hint}"
    if v == "const":
        return path, f"must be true: {sub.get('description', '')}".rstrip(": ")
    if v == "type":
        expected = error.validator_value
        words = " or ".join(_TYPE_WORDS.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
        shown = f" ({value!r})" if isinstance(value, bool | int) or (isinstance(value, str) and len(value) < 40) else ""
        return path, f"must be {words}, not {_kind(value)}{shown}"
    if v == "maxLength":
        return path, f"is {len(value)} characters long; the limit is {error.validator_value}"
    if v == "minLength":
        return path, f"is too short: at least {error.validator_value} characters"
    if v in ("maxItems", "minItems"):
        bound = "at most" if v == "maxItems" else "at least"
        return (
            path,
            f"has {len(value)} entr{'y' if len(value) == 1 else 'ies'}; {bound} {error.validator_value} allowed",
        )
    if v in ("minimum", "maximum"):
        return path, f"{value} is out of range: {sub.get('minimum', '?')} to {sub.get('maximum', '?')}"
    if v == "uniqueItems":
        seen: set[str] = set()
        dupes = [x for x in map(str, value) if x in seen or seen.add(x)]  # type: ignore[func-returns-value]
        return path, f"lists '{dupes[0] if dupes else '?'}' more than once"
    if v == "format":
        return path, _format_message(error.validator_value, value)
    if v == "pattern":
        return path, f"{value!r} is not in the expected form: {sub.get('x-pattern-hint', error.validator_value)}"
    if v == "anyOf" and "x-anyOf-message" in error.schema:
        return path, str(error.schema["x-anyOf-message"])
    return path, error.message


def _format_message(fmt: str, value: object) -> str:
    if fmt == "country-code":
        hint = suggest(str(value).upper(), schema.country_codes())
        if not hint and isinstance(value, str):
            try:
                hint = f" (did you mean '{pycountry.countries.search_fuzzy(value)[0].alpha_2}'?)"
            except LookupError:
                hint = ""
        return f"'{value}' is not an ISO 3166-1 alpha-2 country code{hint}"
    if fmt == "language-code":
        hint = suggest(str(value).lower(), schema.language_codes())
        if isinstance(value, str):
            lang = pycountry.languages.get(name=value.title())
            if lang is not None:
                hint = f" (did you mean '{getattr(lang, 'alpha_2', lang.alpha_3)}'?)"
        return f"'{value}' is not an ISO 639 language code{hint}"
    if fmt == "iana-timezone":
        return f"'{value}' is not an IANA time zone{suggest(value, schema.timezones())}"
    if fmt == "date":
        return f"'{value}' is not a date: write it as YYYY-MM-DD"
    if fmt == "uri":
        return f"'{value}' is not a safe link: use a full https:// address"
    if fmt == "email":
        return f"'{value}' is not an e-mail address"
    return f"'{value}' is not a valid {fmt}"


def conditional_rule(
    error: jsonschema.ValidationError, root: dict[str, Any] | None = None
) -> tuple[tuple[str, ...], str] | None:
    """(field, message) of the root ``allOf`` if/then rule this error comes from, if any (``root``: the schema)."""
    parts = list(error.schema_path)
    if len(parts) < 3 or parts[0] != "allOf" or parts[2] != "then":
        return None
    then = (root or schema.profile_schema())["allOf"][parts[1]]["then"]
    if "x-message" not in then:
        return None
    return tuple(then.get("x-field", ())), str(then["x-message"])
