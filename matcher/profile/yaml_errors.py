"""YAML's own errors in a contributor's words: the line and column, what is wrong, and what to do.

PyYAML says where a syntax error is as a mark (line and column), but a character it refuses
(NUL, a control character) only as an offset into the text: libyaml's in bytes of UTF-8, the
pure-Python reader's in characters. Either way the problem names the line and column.
"""

from __future__ import annotations

import unicodedata

import yaml

from matcher.profile.problems import Problem

_SYNTAX_HINTS = {
    "did not find expected key": ": check the indentation of this line and the one above",
    "mapping values are not allowed here": ": put text that contains ': ' in quotes",
    "found character '\\t'": ": indent with spaces, not tabs",
    "could not find expected ':'": ": a field needs 'name: value'",
}


def problem(path: str, text: str, exc: yaml.YAMLError) -> Problem:
    """The problem to report for YAML's error ``exc`` on the file ``path`` whose text is ``text``."""
    if isinstance(exc, yaml.constructor.ConstructorError):
        mark = exc.problem_mark
        tag = str(exc.problem or "").replace("could not determine a constructor for the tag", "").strip()
        tag = tag.replace("tag:yaml.org,2002:", "!!")
        message = f"the tag {tag} is not allowed: write plain values" if "tag" in str(exc.problem) else str(exc.problem)
        return Problem(path, mark.line + 1 if mark else 1, "", message)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        detail = str(exc.problem or exc.context or "syntax error")
        detail += next((hint for known, hint in _SYNTAX_HINTS.items() if known in detail), "")
        where = f" (column {mark.column + 1})" if mark else ""
        return Problem(path, mark.line + 1 if mark else 1, "", f"YAML syntax error: {detail}{where}")
    if isinstance(exc, yaml.reader.ReaderError):
        return _refused_character(path, text, exc)
    return Problem(path, 1, "", f"YAML error: {exc}")


def _refused_character(path: str, text: str, exc: yaml.reader.ReaderError) -> Problem:
    char = exc.character if isinstance(exc.character, str) else chr(exc.character)
    at = max(exc.position, 0)
    if at >= len(text) or text[at] != char:  # libyaml counts bytes of UTF-8, the pure-Python reader characters
        at = len(text.encode("utf-8")[:at].decode("utf-8", errors="ignore"))
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    name = unicodedata.name(char, "a control character")
    return Problem(
        path,
        line,
        "",
        f"the character U+{ord(char):04X} ({name}) at column {column} is not allowed in a profile:"
        " delete it, or type the text again",
    )
