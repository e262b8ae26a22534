"""The profile schema: the single source of truth for every field, limit and vocabulary.

Everything else (validator, issue forms, web form, directory facets, docs) reads
the schema through this module; no rule about a field is written anywhere else.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import fastjsonschema
import jsonschema
import pycountry

from matcher.profile import zones

SCHEMA_FILE = "profile.schema.json"


@cache
def profile_schema() -> dict[str, Any]:
    """The profile JSON Schema (2020-12), parsed once."""
    text = resources.files("matcher.profile").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def definition(name: str) -> dict[str, Any]:
    """A ``$defs`` entry of the schema, e.g. ``definition("topic")``."""
    result: dict[str, Any] = profile_schema()["$defs"][name]
    return result


def vocabulary(name: str) -> dict[str, str]:
    """Value -> human label for a controlled vocabulary, in schema order."""
    labels: dict[str, str] = definition(name)["x-labels"]
    return dict(labels)


def id_pattern() -> re.Pattern[str]:
    """The pattern a profile id (and so a file stem) must match."""
    return re.compile(definition("id")["pattern"])


def resolve(pointer_parts: tuple[str | int, ...]) -> dict[str, Any]:
    """The subschema that describes the instance at ``pointer_parts`` ($refs followed)."""
    node = profile_schema()
    for part in pointer_parts:
        node = _deref(node)
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    return _deref(node)


def is_markdown(path: tuple[str | int, ...]) -> bool:
    """Whether the field at ``path`` is Markdown (``x-markdown``): the only text that may hold new lines."""
    return bool(resolve(path).get("x-markdown"))


def resolve_node(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with a local ``$ref`` followed."""
    return _deref(node)


def _deref(node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref and ref.startswith("#/$defs/"):
        return definition(ref.rsplit("/", 1)[1])
    return node


# --- formats: named in the schema, checked with the libraries made for them ----------


@cache
def country_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def language_codes() -> frozenset[str]:
    codes: set[str] = set()
    for lang in pycountry.languages:
        codes.add(lang.alpha_3)
        alpha_2 = getattr(lang, "alpha_2", None)
        if alpha_2:
            codes.add(alpha_2)
    return frozenset(codes)


def timezones() -> frozenset[str]:
    """The valid time zone names: the locked tzdata package's (:mod:`matcher.profile.zones`), not the machine's."""
    return zones.names()


@cache
def zones_by_country() -> dict[str, frozenset[str]]:
    """Country code -> the IANA zones tzdata places in it (zone.tab and zone1970.tab)."""
    found: dict[str, set[str]] = {}
    folder = resources.files("tzdata").joinpath("zoneinfo")
    for table in ("zone.tab", "zone1970.tab"):
        for line in folder.joinpath(table).read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            codes, _coords, zone = line.split("\t")[:3]
            for code in codes.split(","):
                found.setdefault(code, set()).add(zone)
    return {code: frozenset(zones) for code, zones in found.items()}


@cache
def placed_zones() -> frozenset[str]:
    """Zones that tzdata ties to at least one country (UTC, Etc/* and old aliases are not)."""
    return frozenset().union(*zones_by_country().values())


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return str(getattr(country, "common_name", None) or country.name) if country else code


def language_name(code: str) -> str:
    lang = pycountry.languages.get(alpha_2=code) if len(code) == 2 else pycountry.languages.get(alpha_3=code)
    return str(lang.name) if lang else code


_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def is_safe_https_url(value: str) -> bool:
    """An absolute https URL with a real host name and no user:password part."""
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        return False
    host = parts.hostname or ""
    return (
        parts.scheme == "https"
        and "." in host
        and not host.startswith(".")
        and "@" not in parts.netloc
        and port_ok
        and not _SPACE_OR_CONTROL.search(value)
    )


def is_date(value: str) -> bool:
    """A calendar date written YYYY-MM-DD (2026-02-30 is not one)."""
    if len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_URL_MEANINGFUL = re.compile(r"[?&#%/=\\\s<>\"]")


def is_email(value: str) -> bool:
    """A plain address (addr-spec) and nothing else: no name, no comment, no ``?bcc=...&body=...``.

    email-validator checks the syntax (without DNS, so builds stay offline and deterministic).
    Stricter than RFC 5322 on purpose: characters that mean something in a ``mailto:`` link
    (``? & # % / =``) are refused even where the RFC would allow them in the local part, and the
    address must already be in its normal form, so what is published is exactly what was written.
    """
    import email_validator  # (17 ms to load: imported by the first address checked, not by each build)

    if _URL_MEANINGFUL.search(value) or value.count("@") != 1:
        return False
    try:
        checked = email_validator.validate_email(
            value, check_deliverability=False, allow_quoted_local=False, allow_domain_literal=False
        )
    except email_validator.EmailNotValidError:
        return False
    return bool(checked.normalized == value or checked.normalized.lower() == value.lower())


# One implementation per format, shared by both validators below, so they cannot disagree.
FORMAT_CHECKS: dict[str, Callable[[str], bool]] = {
    "date": is_date,
    "email": is_email,
    "uri": is_safe_https_url,
    "country-code": lambda v: v in country_codes(),
    "language-code": lambda v: v in language_codes(),
    "iana-timezone": lambda v: v in timezones(),
}


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """A deep copy of ``node`` with every local ``#/$defs/...`` reference replaced by its target in ``defs``."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline_refs(defs[ref.rsplit("/", 1)[1]], defs)
        return {k: _inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _strings_only(check: Callable[[str], bool]) -> Callable[[Any], bool]:
    """A format applies to text only; other types are the ``type`` keyword's business."""
    return lambda value: not isinstance(value, str) or check(value)


@cache
def format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())
    for name, check in FORMAT_CHECKS.items():
        checker.checks(name)(_strings_only(check))
    return checker


def whole_value_patterns(node: Any) -> Any:
    """A deep copy of ``node`` whose patterns match the whole value in Python, as they do in the browser.

    Both Python validators apply a pattern with ``re.search``, where ``$`` also matches before a
    final new line, so ``github: "login\\n"`` would pass ``^...$``. In ECMA-262 (the schema's
    dialect, and the join page's) ``$`` is the very end. ``\\Z`` is that end in Python.
    """
    if isinstance(node, dict):
        copy = {k: whole_value_patterns(v) for k, v in node.items()}
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            if not (pattern.startswith("^") and pattern.endswith("$") and not pattern.endswith("\\$")):
                raise ValueError(f"schema pattern {pattern!r} must be anchored with ^ and $ to match the whole value")
            copy["pattern"] = pattern[:-1] + "\\Z"
        return copy
    if isinstance(node, list):
        return [whole_value_patterns(v) for v in node]
    return node


@cache
def python_schema() -> dict[str, Any]:
    """The profile schema as the Python validators apply it (patterns anchored at the very end)."""
    result: dict[str, Any] = whole_value_patterns(profile_schema())
    return result


# Whether a process before this one checked this very schema against its metaschema (see checked_before).
_CHECKED_BEFORE = [False]


def checked_before() -> None:
    """Say that an earlier process, running the same code on the same schema, checked the schema: the site
    build's validation memo is kept only for the fingerprint of both (:func:`matcher.site.incremental.fingerprint`)
    and saved only once files were found clean. :func:`validator` then does not check it again: that
    is 0.08 s of a rebuild in a new process, which checks one edited file."""
    _CHECKED_BEFORE[0] = True


@cache
def validator() -> jsonschema.protocols.Validator:
    """A compiled 2020-12 validator with our formats enforced (the schema checked against its metaschema first)."""
    schema = python_schema()
    cls = jsonschema.validators.validator_for(schema)
    if not _CHECKED_BEFORE[0]:
        cls.check_schema(schema)
    instance: jsonschema.protocols.Validator = cls(schema, format_checker=format_checker())
    return instance


# Compiling the fast check costs 0.13 s; the full validator costs 0.3 ms a file more than it does. A process
# compiles it once it has checked this many files without it: checking one edited file (a rebuild in a
# new process, ``match`` after an edit) no longer pays for the compilation, and a whole folder barely notices.
FAST_AFTER = 40
_checked_without = [0]


def fast_check_pays() -> bool:
    """Whether to use :func:`fast_check` for the next file (see :data:`FAST_AFTER`): the verdict is the same."""
    if _checked_without[0] >= FAST_AFTER:
        return True
    _checked_without[0] += 1
    return False


@cache
def fast_check() -> Callable[[Any], Any]:
    """The same schema compiled to Python code (fastjsonschema): a quick yes/no for the common case.

    It answers only "valid or not"; a file it rejects goes through :func:`validator` to get
    every error with its message. The format functions are the ones above, shared.
    """
    compiled: Callable[[Any], Any] = fastjsonschema.compile(
        # $refs inlined: fastjsonschema formats a path string on every $ref call, which
        # dominated its time; our schema's refs are local and not recursive.
        {**_inline_refs(python_schema(), python_schema()["$defs"]), "$schema": "http://json-schema.org/draft-07/schema#"},
        formats={name: _strings_only(check) for name, check in FORMAT_CHECKS.items()},
        use_formats=True,
    )
    return compiled
