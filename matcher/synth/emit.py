"""The emitter: readable, safe YAML for one synthetic profile (every value quoted that a YAML reader could misread)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

# --- the emitter: readable, safe YAML for one profile ------------------------------------------

# A bare word: ids, codes, vocabulary values, time zones.
_PLAIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_./+@-]*\Z")
# Free text that reads the same as a plain scalar: starts with a letter, no ':', '#', quotes
# that open a scalar, tabs or line breaks, and no trailing space.
_PLAIN_TEXT = re.compile(r"[^\W\d_][\w .,;()'’/?!–—-]*[\w.,;()'’/?!–—-]\Z|[^\W\d_]\Z")
_PLAIN_URL = re.compile(r"https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%/@-]*)?\Z")
# Words a YAML 1.1 reader (PyYAML's safe_load, many other tools) takes for booleans or null.
_SPECIAL_WORDS = frozenset({"yes", "no", "y", "n", "on", "off", "true", "false", "null", "~"})
# Characters that may not appear raw in a quoted scalar or a literal block.
_ESCAPE = re.compile("[\x00-\x1f\"\\\\\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_NAMED_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\0": "\\0"}
_BLOCK_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]| \n| \\Z")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    named = _NAMED_ESCAPES.get(ch)
    if named:
        return named
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _quoted(text: str) -> str:
    return '"' + _ESCAPE.sub(_escape, text) + '"'


_SCALAR_CACHE: dict[str, str] = {}
_SCALAR_CACHE_LIMIT = 4096


def _scalar(value: object, indent: int) -> str:
    """One scalar; multi-line text becomes a literal block indented by ``indent``."""
    if type(value) is str:
        cached = _SCALAR_CACHE.get(value)
        if cached is not None:
            return cached
        text = _text(value, indent)
        if "\n" not in text and len(value) <= 40 and len(_SCALAR_CACHE) < _SCALAR_CACHE_LIMIT:
            _SCALAR_CACHE[value] = text
        return text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, str):
        return _text(value, indent)
    raise TypeError(f"cannot write {type(value).__name__} in a profile")


def _text(value: str, indent: int) -> str:
    if value.lower() in _SPECIAL_WORDS:
        return _quoted(value)
    if _PLAIN_WORD.match(value) or _PLAIN_URL.match(value):
        return value
    if "\n" in value:
        block = _literal(value, indent)
        if block:
            return block
        return _quoted(value)
    if _PLAIN_TEXT.match(value):
        return value
    return _quoted(value)


def _literal(text: str, indent: int) -> str | None:
    """``|`` / ``|-`` block for Markdown text, or None when a quoted scalar is needed."""
    if text[0] in " \n" or text.endswith("\n\n") or _BLOCK_UNSAFE.search(text):
        return None
    chomp = "" if text.endswith("\n") else "-"
    pad = " " * indent
    body = text[:-1] if text.endswith("\n") else text
    lines = [pad + line if line else "" for line in body.split("\n")]
    return f"|{chomp}\n" + "\n".join(lines)


def _emit_entry(prefix: str, value: object, indent: int, out: list[str]) -> None:
    """``prefix`` is everything up to and including ``key:``; ``indent`` is the key's column."""
    kind = type(value)
    if kind is str or kind is int or kind is bool:
        out.append(prefix + " " + _scalar(value, indent + 2))
    elif kind is list or kind is tuple:
        if not value:
            out.append(prefix + " []")
            return
        out.append(prefix)
        _emit_seq(value, indent + 2, out)  # type: ignore[arg-type]
    elif kind is dict or isinstance(value, Mapping):
        if not value:
            out.append(prefix + " {}")
            return
        out.append(prefix)
        _emit_map(value, indent + 2, out)  # type: ignore[arg-type]
    else:
        out.append(prefix + " " + _scalar(value, indent + 2))


_KEYS: set[str] = set()


def _key(key: object) -> str:
    """A field name, checked once: keys are always written bare."""
    if not isinstance(key, str):
        raise ValueError(f"not a field name: {key!r}")
    if key in _KEYS:
        return key
    if not _PLAIN_WORD.match(key) or key.lower() in _SPECIAL_WORDS:
        raise ValueError(f"not a field name: {key!r}")
    if len(_KEYS) < 256:
        _KEYS.add(key)
    return key


def _emit_map(mapping: Mapping[str, Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, value in mapping.items():
        _emit_entry(pad + (key if key in _KEYS else _key(key)) + ":", value, indent, out)


def _emit_seq(items: Sequence[Any], indent: int, out: list[str]) -> None:
    pad = " " * indent
    for item in items:
        kind = type(item)
        if kind is dict or (kind is not str and isinstance(item, Mapping)):
            if not item:
                raise TypeError("empty mappings inside lists are not used in profiles")
            prefix = pad + "- "
            for key, value in item.items():
                _emit_entry(prefix + (key if key in _KEYS else _key(key)) + ":", value, indent + 2, out)
                prefix = pad + "  "
        elif kind is list or kind is tuple:
            raise TypeError("nested lists are not used in profiles")
        else:
            out.append(pad + "- " + _scalar(item, indent + 2))


def dump_profile(data: Mapping[str, Any], comment: str | None = None) -> str:
    """A profile as YAML text: keys in the given order, lists indented, Markdown as ``|`` blocks.

    Values are written plain only when every YAML reader (1.1 or 1.2) reads them back as
    the same text; anything else is double-quoted with escapes. ``updated`` dates are
    written as bare ISO dates. ``comment`` lines go first, each prefixed with ``# ``.
    """
    out: list[str] = []
    if comment:
        out.extend("# " + line if line else "#" for line in comment.split("\n"))
    _emit_map(data, 0, out)
    return "\n".join(out) + "\n"
