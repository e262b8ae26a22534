"""Validate profiles: every problem in every file, with file, line, field and a suggestion.

Per file, the schema (:mod:`matcher.schema`) decides; across files, :func:`cross_checks`
looks at what one file can't know alone (ids that exist, a GitHub login used once).
Valid files come out as typed :class:`~matcher.model.Profile` objects.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import pycountry

from matcher import loader, schema, text
from matcher.loader import Document
from matcher.model import STALE_AFTER_DAYS, Profile
from matcher.problems import Problem, field_path


@dataclass(frozen=True)
class Result:
    """What validation found: the valid profiles (sorted by id), every problem, how many files were read."""

    profiles: tuple[Profile, ...]
    problems: tuple[Problem, ...]
    files: int

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def _suggest(value: object, choices: Iterable[str]) -> str:
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
    hint = _suggest(value, sub.get("enum", []))
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


def _message(
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
        return (*path, name), f"unknown field '{name}'{_suggest(name, allowed)}; allowed here: {', '.join(allowed)}"
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
        hint = _suggest(str(value).upper(), schema.country_codes())
        if not hint and isinstance(value, str):
            try:
                hint = f" (did you mean '{pycountry.countries.search_fuzzy(value)[0].alpha_2}'?)"
            except LookupError:
                hint = ""
        return f"'{value}' is not an ISO 3166-1 alpha-2 country code{hint}"
    if fmt == "language-code":
        hint = _suggest(str(value).lower(), schema.language_codes())
        if isinstance(value, str):
            lang = pycountry.languages.get(name=value.title())
            if lang is not None:
                hint = f" (did you mean '{getattr(lang, 'alpha_2', lang.alpha_3)}'?)"
        return f"'{value}' is not an ISO 639 language code{hint}"
    if fmt == "iana-timezone":
        return f"'{value}' is not an IANA time zone{_suggest(value, schema.timezones())}"
    if fmt == "date":
        return f"'{value}' is not a date: write it as YYYY-MM-DD"
    if fmt == "uri":
        return f"'{value}' is not a safe link: use a full https:// address"
    if fmt == "email":
        return f"'{value}' is not an e-mail address"
    return f"'{value}' is not a valid {fmt}"


def _conditional_rule(
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


def check_document(doc: Document) -> list[Problem]:
    """The schema's verdict on one file, plus rules about one file that the schema can't state."""
    instance = doc.data
    problems: list[Problem] = []
    try:
        schema.fast_check()(instance)
        errors: list[jsonschema.ValidationError] = []
    except fastjsonschema.JsonSchemaException:
        errors = list(schema.validator().iter_errors(instance))
    # a format error says more than the pattern that backs it up: show one line per field
    specific = {tuple(e.absolute_path) for e in errors if e.validator != "pattern"}
    seen_rules: set[str] = set()
    for error in errors:
        if error.validator == "pattern" and tuple(error.absolute_path) in specific:
            continue
        rule = _conditional_rule(error)
        if rule is not None:
            if rule[1] not in seen_rules:  # one line per rule, however many keywords it tripped
                seen_rules.add(rule[1])
                problems.append(Problem(doc.path, doc.line_of(rule[0]), field_path(rule[0]), rule[1]))
            continue
        if error.validator == "required":
            # one line per missing field, each pointing at the block it belongs in
            base = tuple(error.absolute_path)
            for name in error.validator_value:
                if name not in (error.instance or {}):
                    path = (*base, name)
                    described = schema.resolve(path).get("description", "")
                    message = f"missing required field '{name}'" + (f": {described}" if described else "")
                    problems.append(Problem(doc.path, doc.line_of(base), field_path(path), message))
            continue
        path, message = _message(error)
        problems.append(Problem(doc.path, doc.line_of(path), field_path(path), message))
    problems.extend(_unique_by(doc))
    problems.extend(_consistency(doc))
    problems.extend(_hidden_characters(doc))
    if not schema.id_pattern().fullmatch(doc.id):
        problems.append(
            Problem(
                doc.path,
                1,
                "",
                f"the file name '{doc.id}' must be lowercase letters, digits and single hyphens (e.g. ana-popescu.yml)",
            )
        )
    return problems


def _hidden_characters(doc: Document) -> list[Problem]:
    """Every text value (and key) with a control, bidi, zero-width or other invisible character."""
    problems = []
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), doc.data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                hidden = text.hidden_characters(key) if isinstance(key, str) else []
                if hidden:
                    where = doc.line_of(path)
                    problems.append(Problem(doc.path, where, field_path(path), "a field name " + text.message(hidden)))
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, index), value) for index, value in enumerate(node))
        elif isinstance(node, str):
            found = text.hidden_characters(node, multiline=schema.is_markdown(path))
            if found:
                problems.append(Problem(doc.path, doc.line_of(path), field_path(path), text.message(found)))
    return problems


def _consistency(doc: Document) -> list[Problem]:
    """Rules between fields of one file: a time zone of the country, endorsements not after the profile."""
    problems = []
    location = doc.data.get("location")
    if isinstance(location, dict):
        country, zone = location.get("country"), location.get("timezone")
        zones = schema.zones_by_country().get(country) if isinstance(country, str) else None
        if zones and isinstance(zone, str) and zone in schema.placed_zones() and zone not in zones:
            path = ("location", "timezone")
            examples = ", ".join(sorted(zones)[:3])
            problems.append(
                Problem(
                    doc.path,
                    doc.line_of(path),
                    field_path(path),
                    f"'{zone}' is not a time zone of {country} (for example: {examples}); check both",
                    "warning",
                )
            )
    updated = _date_or_none(doc.data.get("updated"))
    endorsements = doc.data.get("endorsements")
    if updated and isinstance(endorsements, list):
        for index, item in enumerate(endorsements):
            year = item.get("year") if isinstance(item, dict) else None
            if isinstance(year, int) and not isinstance(year, bool) and year > updated.year:
                at: tuple[str | int, ...] = ("endorsements", index, "year")
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(at),
                        field_path(at),
                        f"{year} is after the profile's date ({updated}): an endorsement is about work already done",
                    )
                )
    return problems


def _unique_by(doc: Document) -> list[Problem]:
    """``x-unique-by``: list items that must differ in one key (a language listed once)."""
    problems = []
    for name, sub in schema.profile_schema()["properties"].items():
        key = sub.get("x-unique-by")
        items = doc.data.get(name)
        if not key or not isinstance(items, list):
            continue
        seen: set[object] = set()
        for index, item in enumerate(items):
            value = item.get(key) if isinstance(item, dict) else None
            if not isinstance(value, str):
                continue  # a missing or mistyped key is the schema's to report
            if value in seen:
                path = (name, index, key)
                problems.append(
                    Problem(doc.path, doc.line_of(path), field_path(path), f"'{value}' is listed more than once")
                )
            seen.add(value)
    return problems


def cross_checks(
    docs: Sequence[Document], today: dt.date | None = None, stale_after_days: int = STALE_AFTER_DAYS
) -> list[Problem]:
    """Rules that span files: references resolve and are not yourself, one file per GitHub login."""
    known = {doc.id for doc in docs}
    problems: list[Problem] = []
    logins: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        data = doc.data
        login = data.get("github")
        if isinstance(login, str):
            logins[login.lower()].append(doc)
        refs: list[tuple[tuple[str | int, ...], object]] = []
        for name in ("interested_in", "avoid", "endorsements_accepted"):
            if isinstance(data.get(name), list):
                refs.extend(((name, i), ref) for i, ref in enumerate(data[name]))
        if isinstance(data.get("endorsements"), list):
            refs.extend(
                (("endorsements", i, "id"), e.get("id"))
                for i, e in enumerate(data["endorsements"])
                if isinstance(e, dict)
            )
        for path, ref in refs:
            if not isinstance(ref, str):
                continue
            if ref == doc.id:
                problems.append(
                    Problem(
                        doc.path, doc.line_of(path), field_path(path), "refers to yourself: list other people's ids"
                    )
                )
            elif ref not in known:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(path),
                        field_path(path),
                        f"no profile has the id '{ref}'{_suggest(ref, known)}",
                    )
                )
        both = set(_strs(data.get("interested_in"))) & set(_strs(data.get("avoid")))
        for ref in sorted(both):
            index = data["avoid"].index(ref)
            problems.append(
                Problem(
                    doc.path,
                    doc.line_of(("avoid", index)),
                    f"avoid[{index}]",
                    f"'{ref}' is in both interested_in and avoid: keep one",
                )
            )
        updated = _date_or_none(data.get("updated"))
        if today and updated:
            if updated > today:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(("updated",)),
                        "updated",
                        f"{updated} is in the future: use the date of your change",
                    )
                )
            elif (today - updated).days > stale_after_days:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(("updated",)),
                        "updated",
                        f"not updated since {updated}: confirm the profile is still current"
                        " (profiles without an update for a year are hidden from the directory)",
                        "warning",
                    )
                )
    for login, owners in sorted(logins.items()):
        if len(owners) > 1:
            names = ", ".join(d.path for d in owners)
            for doc in owners:
                problems.append(
                    Problem(
                        doc.path,
                        doc.line_of(("github",)),
                        "github",
                        f"the GitHub login '{login}' is used by more than one file ({names}): one person, one profile",
                    )
                )
    return problems


def _date_or_none(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and schema.is_date(value) else None


def _strs(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def validate_paths(
    paths: Sequence[Path], today: dt.date | None = None, stale_after_days: int = STALE_AFTER_DAYS
) -> Result:
    """Load and check every profile under ``paths``; the whole pipeline from files to Profiles.

    ``stale_after_days`` is community.toml's setting: a profile older than that on ``today`` is warned about.
    """
    with loader.paused_gc():
        return _validate_paths(paths, today, stale_after_days)


def _validate_paths(paths: Sequence[Path], today: dt.date | None, stale_after_days: int) -> Result:
    files, problems = loader.discover(paths)
    docs: list[Document] = []
    bad: set[str] = set()
    for path in files:
        doc, found = loader.read(path)
        problems.extend(found)
        if doc is None:
            bad.add(str(path))
            continue
        docs.append(doc)
        per_file = check_document(doc)
        problems.extend(per_file)
        if found or any(p.severity == "error" for p in per_file):
            bad.add(doc.path)
    ids: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        ids[doc.id].append(doc)
    for same in ids.values():
        if len(same) > 1:
            for doc in same:
                problems.append(
                    Problem(doc.path, 1, "", f"two files have the id '{doc.id}': {', '.join(d.path for d in same)}")
                )
                bad.add(doc.path)
    cross = cross_checks(docs, today, stale_after_days)
    problems.extend(cross)
    bad.update(p.file for p in cross if p.severity == "error")
    profiles = tuple(
        sorted(
            (Profile.from_raw(doc.id, doc.data, doc.path) for doc in docs if doc.path not in bad), key=lambda p: p.id
        )
    )
    return Result(profiles=profiles, problems=tuple(sorted(set(problems))), files=len(files))


def load_profiles(paths: Sequence[Path]) -> tuple[Profile, ...]:
    """The valid profiles under ``paths``; raises :class:`InvalidProfiles` if any file has an error."""
    result = validate_paths(paths)
    if not result.ok:
        raise InvalidProfiles(result)
    return result.profiles


class InvalidProfiles(Exception):
    """Raised by :func:`load_profiles` when validation found errors; carries the full result."""

    def __init__(self, result: Result) -> None:
        errors = [p for p in result.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) in the profiles; run `python -m matcher validate` to see them")
        self.result = result
