"""The `${{ }}` expressions of GitHub workflows, as far as ours use them (see harness.py's docstring).

Values follow GitHub's rules: strings compare case-insensitively, values of different types
compare as numbers (null and '' are both 0), `&&` and `||` return an operand, and an `if:`
without a status function means `success() && (...)`. Anything else raises NotRehearsed.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any


class NotRehearsed(ValueError):
    """Something of a workflow the rehearsal doesn't model: teach it, rather than guess."""


_TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*')|(\d+(?:\.\d+)?)|(==|!=|&&|\|\||[!()\[\],.])|([A-Za-z_][\w-]*))")
_FUNCTIONS = {"startswith": 2, "contains": 2, "success": 0, "failure": 0, "always": 0, "cancelled": 0}


def _truthy(value: Any) -> bool:
    return not (value in (None, False, "", 0) or (isinstance(value, float) and math.isnan(value)))


def _number(value: Any) -> float:
    if value is None or isinstance(value, bool | int | float):
        return float(value or 0)
    if isinstance(value, str):
        try:
            return float(value.strip() or 0)
        except ValueError:
            return math.nan
    return math.nan


def _equal(a: Any, b: Any) -> bool:
    """GitHub's loose equality: strings case-insensitively, mixed types as numbers."""
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    if type(a) is type(b) and not isinstance(a, int | float):
        return bool(a == b)
    return _number(a) == _number(b)


def text(value: Any) -> str:
    """An expression's value as GitHub writes it into a string."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return json.dumps(value) if isinstance(value, dict | list) else str(value)


class Expression:
    """Parse and evaluate one expression against `contexts`; `status` answers success() and friends."""

    def __init__(self, source: str, contexts: dict[str, Any], status: dict[str, bool]) -> None:
        self.source, self.contexts, self.status = source, contexts, status
        self.tokens: list[tuple[str, str]] = []
        pos, source = 0, source.strip()
        while pos < len(source):
            match = _TOKEN.match(source, pos)
            if not match or match.end() == pos:
                raise NotRehearsed(f"can't read {source[pos:]!r} in {source!r}")
            kind = ["str", "num", "op", "name"][next(i for i, g in enumerate(match.groups()) if g is not None)]
            self.tokens.append((kind, match.group(match.lastindex or 0)))
            pos = match.end()

    def value(self) -> Any:
        result = self._or()
        if self.tokens:
            raise NotRehearsed(f"unexpected {self.tokens[0][1]!r} in {self.source!r}")
        return result

    def _peek(self, *ops: str) -> bool:
        return bool(self.tokens) and self.tokens[0][0] == "op" and self.tokens[0][1] in ops

    def _take(self, op: str | None = None) -> tuple[str, str]:
        if not self.tokens or (op and self.tokens[0] != ("op", op)):
            raise NotRehearsed(f"expected {op or 'more'} in {self.source!r}")
        return self.tokens.pop(0)

    def _or(self) -> Any:
        left = self._and()
        while self._peek("||"):
            self._take()
            right = self._and()
            left = left if _truthy(left) else right
        return left

    def _and(self) -> Any:
        left = self._compare()
        while self._peek("&&"):
            self._take()
            right = self._compare()
            left = right if _truthy(left) else left
        return left

    def _compare(self) -> Any:
        left = self._unary()
        while self._peek("==", "!="):
            op = self._take()[1]
            right = self._unary()
            left = _equal(left, right) == (op == "==")
        return left

    def _unary(self) -> Any:
        if self._peek("!"):
            self._take()
            return not _truthy(self._unary())
        return self._primary()

    def _primary(self) -> Any:
        kind, token = self._take()
        if (kind, token) == ("op", "("):
            inner = self._or()
            self._take(")")
            return inner
        if kind == "str":
            return token[1:-1].replace("''", "'")
        if kind == "num":
            return float(token)
        if kind != "name":
            raise NotRehearsed(f"unexpected {token!r} in {self.source!r}")
        if token in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[token]
        if self._peek("("):
            return self._call(token)
        if token not in self.contexts:
            raise NotRehearsed(f"the rehearsal has no context {token!r} ({self.source!r})")
        value, depth = self.contexts[token], 0
        while self._peek(".", "["):
            bracket = self._take()[1] == "["
            key = self._index() if bracket else self._take()[1]
            if token == "github" and depth == 0 and key not in value:
                raise NotRehearsed(f"the rehearsal doesn't model github.{key} ({self.source!r})")
            value, depth = (value.get(key) if isinstance(value, dict) else None), depth + 1
        return value

    def _index(self) -> Any:
        key = self._or()
        self._take("]")
        return key

    def _call(self, name: str) -> Any:
        if name.lower() not in _FUNCTIONS:
            raise NotRehearsed(f"the rehearsal doesn't model {name}() ({self.source!r})")
        self._take("(")
        args = []
        while not self._peek(")"):
            args.append(self._or())
            if self._peek(","):
                self._take()
        self._take(")")
        if len(args) != _FUNCTIONS[name.lower()]:
            raise NotRehearsed(f"{name}() takes {_FUNCTIONS[name.lower()]} arguments")
        if not args:
            return self.status[name.lower()]
        a, b = (text(x).lower() for x in args)
        return a.startswith(b) if name.lower() == "startswith" else b in a


def render(template: str, contexts: dict[str, Any]) -> str:
    """`template` with every ${{ expression }} replaced by its value."""
    no_status = {"success": True, "failure": False, "always": True, "cancelled": False}
    return re.sub(r"\$\{\{(.*?)\}\}", lambda m: text(Expression(m.group(1), contexts, no_status).value()), template)


def condition(source: str, contexts: dict[str, Any], failed: bool) -> bool:
    """An `if:`; without a status function it means `success() && (...)`, as on GitHub."""
    source = source.strip()
    source = source[3:-2] if source.startswith("${{") and source.endswith("}}") else source
    status = {"success": not failed, "failure": failed, "always": True, "cancelled": False}
    if not source:
        return not failed
    if not re.search(r"\b(success|failure|always|cancelled)\s*\(", source):
        source = f"success() && ({source})"
    return _truthy(Expression(source, contexts, status).value())
