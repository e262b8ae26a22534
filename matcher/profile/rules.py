"""The rules the schema can't state, one function each: a rule reads documents and yields problems.

Like ``check-peps``, each rule is small, named for what it checks, and listed in one of three
registries that :mod:`matcher.profile.validate` runs in order:

- :data:`FILE_RULES` look at one file alone (a language listed twice, a time zone of another
  country, an invisible character, a file name that can't be an id);
- :data:`PROFILE_RULES` look at one file in its community (its references exist, it isn't in
  the future, it isn't stale);
- :data:`COMMUNITY_RULES` look at all files together (one GitHub login, one profile).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from matcher.profile import schema, text
from matcher.profile.loader import Document
from matcher.profile.messages import suggest
from matcher.profile.problems import Problem, field_path

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Context:
    """What a rule about one file in its community may know."""

    known: frozenset[str]  # every profile id
    today: dt.date | None
    stale_after_days: int


def _problem(doc: Document, path: Path_, message: str, severity: str = "error") -> Problem:
    return Problem(doc.path, doc.line_of(path), field_path(path), message, severity)  # type: ignore[arg-type]


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and schema.is_date(value) else None


def _strs(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


# --- one file alone ------------------------------------------------------------------------------


def listed_once(doc: Document) -> Iterator[Problem]:
    """``x-unique-by``: list items that must differ in one key (a language listed once)."""
    for name, sub in schema.profile_schema()["properties"].items():
        key, items = sub.get("x-unique-by"), doc.data.get(name)
        if not key or not isinstance(items, list):
            continue
        seen: set[object] = set()
        for index, item in enumerate(items):
            value = item.get(key) if isinstance(item, dict) else None
            if not isinstance(value, str):
                continue  # a missing or mistyped key is the schema's to report
            if value in seen:
                yield _problem(doc, (name, index, key), f"'{value}' is listed more than once")
            seen.add(value)


def time_zone_of_the_country(doc: Document) -> Iterator[Problem]:
    """A warning when the time zone is a real one, but of another country."""
    location = doc.data.get("location")
    if not isinstance(location, dict):
        return
    country, zone = location.get("country"), location.get("timezone")
    zones = schema.zones_by_country().get(country) if isinstance(country, str) else None
    if zones and isinstance(zone, str) and zone in schema.placed_zones() and zone not in zones:
        examples = ", ".join(sorted(zones)[:3])
        message = f"'{zone}' is not a time zone of {country} (for example: {examples}); check both"
        yield _problem(doc, ("location", "timezone"), message, "warning")


def endorsements_after_the_work(doc: Document) -> Iterator[Problem]:
    """An endorsement is about work already done: its year is not after the profile's date."""
    updated, endorsements = _date(doc.data.get("updated")), doc.data.get("endorsements")
    if not updated or not isinstance(endorsements, list):
        return
    for index, item in enumerate(endorsements):
        year = item.get("year") if isinstance(item, dict) else None
        if isinstance(year, int) and not isinstance(year, bool) and year > updated.year:
            message = f"{year} is after the profile's date ({updated}): an endorsement is about work already done"
            yield _problem(doc, ("endorsements", index, "year"), message)


def nothing_hidden(doc: Document) -> Iterator[Problem]:
    """Every text value (and key) free of controls, bidi, zero-width and other invisible characters."""
    stack: list[tuple[Path_, Any]] = [((), doc.data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                hidden = text.hidden_characters(key) if isinstance(key, str) else []
                if hidden:
                    yield _problem(doc, path, "a field name " + text.message(hidden))
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, index), value) for index, value in enumerate(node))
        elif isinstance(node, str):
            found = text.hidden_characters(node, multiline=schema.is_markdown(path))
            if found:
                yield _problem(doc, path, text.message(found))


def file_name_is_an_id(doc: Document) -> Iterator[Problem]:
    if not schema.id_pattern().fullmatch(doc.id):
        message = (
            f"the file name '{doc.id}' must be lowercase letters, digits and single hyphens (e.g. ana-popescu.yml)"
        )
        yield Problem(doc.path, 1, "", message)


FILE_RULES: tuple[Callable[[Document], Iterator[Problem]], ...] = (
    listed_once,
    time_zone_of_the_country,
    endorsements_after_the_work,
    nothing_hidden,
    file_name_is_an_id,
)


# --- one file in its community -------------------------------------------------------------------


def references_exist(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Ids in the shortlist, avoid, accepted endorsements and endorsements: other people's, and real."""
    data = doc.data
    refs: list[tuple[Path_, object]] = []
    for name in ("interested_in", "avoid", "endorsements_accepted"):
        if isinstance(data.get(name), list):
            refs.extend(((name, i), ref) for i, ref in enumerate(data[name]))
    if isinstance(data.get("endorsements"), list):
        refs.extend(
            (("endorsements", i, "id"), e.get("id")) for i, e in enumerate(data["endorsements"]) if isinstance(e, dict)
        )
    for path, ref in refs:
        if not isinstance(ref, str):
            continue
        if ref == doc.id:
            yield _problem(doc, path, "refers to yourself: list other people's ids")
        elif ref not in ctx.known:
            yield _problem(doc, path, f"no profile has the id '{ref}'{suggest(ref, ctx.known)}")


def shortlist_or_avoid(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Someone can be wished for or avoided, not both."""
    both = set(_strs(doc.data.get("interested_in"))) & set(_strs(doc.data.get("avoid")))
    for ref in sorted(both):
        index = doc.data["avoid"].index(ref)
        yield Problem(
            doc.path,
            doc.line_of(("avoid", index)),
            f"avoid[{index}]",
            f"'{ref}' is in both interested_in and avoid: keep one",
        )


def updated_in_the_past(doc: Document, ctx: Context) -> Iterator[Problem]:
    updated = _date(doc.data.get("updated"))
    if ctx.today and updated and updated > ctx.today:
        yield _problem(doc, ("updated",), f"{updated} is in the future: use the date of your change")


def still_current(doc: Document, ctx: Context) -> Iterator[Problem]:
    """A warning once a profile has had no update for community.toml's ``stale_after_days``."""
    updated = _date(doc.data.get("updated"))
    if ctx.today and updated and updated <= ctx.today and (ctx.today - updated).days > ctx.stale_after_days:
        yield _problem(
            doc,
            ("updated",),
            f"not updated since {updated}: confirm the profile is still current (after {ctx.stale_after_days} days "
            "without an update a profile is listed as stale, and later hidden from the directory)",
            "warning",
        )


PROFILE_RULES: tuple[Callable[[Document, Context], Iterator[Problem]], ...] = (
    references_exist,
    shortlist_or_avoid,
    updated_in_the_past,
    still_current,
)


# --- all files together --------------------------------------------------------------------------


def one_login_one_profile(docs: Sequence[Document]) -> Iterator[Problem]:
    """A GitHub login (compared as GitHub does, whole and case-insensitive) names one profile."""
    owners: dict[str, list[Document]] = defaultdict(list)
    for doc in docs:
        login = text.canonical_login(doc.data.get("github"))
        if login:
            owners[login].append(doc)
    for login, same in sorted(owners.items()):
        if len(same) > 1:
            names = ", ".join(d.path for d in same)
            message = f"the GitHub login '{login}' is used by more than one file ({names}): one person, one profile"
            for doc in same:
                yield _problem(doc, ("github",), message)


COMMUNITY_RULES: tuple[Callable[[Sequence[Document]], Iterator[Problem]], ...] = (one_login_one_profile,)
