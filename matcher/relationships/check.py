"""Read and check ``relationships/*.yml``: the schema, the rules of one file, then the rules across files.

The same loader as profiles (C parser, limits, no links or devices, a line for every field) and
the same ``FILE:LINE: FIELD: message`` problems, so ``python -m matcher validate`` reports both in
one run. A problem about a private relationship never names its two people: CI logs are public.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from matcher.profile import loader, schema
from matcher.profile.loader import Document
from matcher.profile.messages import conditional_rule, message
from matcher.profile.model import Profile
from matcher.profile.problems import Problem, field_path
from matcher.relationships import keys
from matcher.relationships.model import Relationship

FOLDER = "relationships"
MAX_TERM_MONTHS = 6  # community.toml's [relationships] max_term_months, by default


@cache
def relationship_schema() -> dict[str, Any]:
    text = resources.files("matcher.relationships").joinpath("relationship.schema.json").read_text(encoding="utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


@cache
def _validator() -> jsonschema.protocols.Validator:
    raw = schema.whole_value_patterns(relationship_schema())
    cls = jsonschema.validators.validator_for(raw)
    cls.check_schema(raw)
    instance: jsonschema.protocols.Validator = cls(raw, format_checker=schema.format_checker())
    return instance


def _resolve(path: tuple[str | int, ...]) -> dict[str, Any]:
    root = relationship_schema()
    node: dict[str, Any] = root
    for part in path:
        node = node.get("items", {}) if isinstance(part, int) else node.get("properties", {}).get(part, {})
    ref = node.get("$ref", "")
    return {**root["$defs"][ref.rsplit("/", 1)[1]], **node} if ref.startswith("#/$defs/") else node


@dataclass
class Result:
    """The relationships that can be used, the problems found, and how many private ones stayed unknown."""

    relationships: list[Relationship] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    unresolved: int = 0  # private relationships read without the key: counted, never guessed

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months, clamped to the month's last day (31 Aug + 6 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def _schema_problems(doc: Document) -> list[Problem]:

    problems = []
    for error in _validator().iter_errors(doc.data):
        rule = conditional_rule(error, relationship_schema())
        if rule is not None:
            problems.append(Problem(doc.path, doc.line_of(rule[0]), field_path(rule[0]), rule[1]))
            continue
        if error.validator == "required":
            for name in error.validator_value:
                if name not in (error.instance or {}):
                    described = _resolve((name,)).get("description", "")
                    missing = f"missing required field '{name}'" + (f": {described}" if described else "")
                    problems.append(Problem(doc.path, 1, name, missing))
            continue
        path, words = message(error, _resolve)
        problems.append(Problem(doc.path, doc.line_of(path), field_path(path), words))
    return problems


def _file_problems(doc: Document, max_term_months: int) -> list[Problem]:
    """Rules within one schema-valid file: who may be named, and dates in order within a term."""
    data, out = doc.data, []

    def problem(key: str, message: str) -> None:
        out.append(Problem(doc.path, doc.line_of((key,)), key, message))

    public = bool(data.get("public", False))
    for role in ("mentee", "mentor"):
        value = data[role]
        if public and keys.is_hash(value):
            problem(role, "a public relationship names both people by their profile ids, not by keyed hashes")
        elif not public and not keys.is_hash(value):
            problem(
                role,
                "a private relationship must not name anyone: write the keyed hash of the id instead "
                "(`python -m matcher relationships hash ID`, run where the key is), or set public: true "
                "if both people agreed to show it",
            )
    if not public and "introduction" in data:
        problem("introduction", "a private relationship names no issue: the issue would tell who is in it")
    day = dt.date.fromisoformat
    started, ends = day(data["started"]), day(data["ends"])
    if ends <= started:
        problem("ends", f"{ends} is not after the start ({started})")
    renewed = sorted(map(day, data.get("renewed", [])))
    if any(not started < r < ends for r in renewed):
        problem("renewed", f"a renewal must fall between the start ({started}) and the end ({ends})")
    term_start = max([started, *renewed])
    limit = add_months(term_start, max_term_months)
    if ends > limit:
        what = "the last renewal" if renewed else "the start"
        problem(
            "ends",
            f"a term is at most {max_term_months} months: from {what} ({term_start}) it can end on {limit} at the "
            "latest; renew it to go on (add the day to renewed and move ends)",
        )
    if "ended" in data:
        ended = day(data["ended"])
        if data["status"] != "ended":
            problem("ended", "only an ended relationship has an end day: set status: ended, or remove ended")
        elif not started <= ended:
            problem("ended", f"{ended} is before the start ({started})")
    for index, check_in in enumerate(map(day, data.get("check_ins", []))):
        if not started <= check_in <= ends:
            at: tuple[str | int, ...] = ("check_ins", index)
            out.append(
                Problem(
                    doc.path, doc.line_of(at), field_path(at), f"{check_in} is outside the term ({started} to {ends})"
                )
            )
    return out


def _who(rel: Relationship, role: str) -> str:
    """How a message names a person: the id for a public relationship, never for a private one."""
    return f"'{getattr(rel, role)}'" if rel.public else f"the {role} (private)"


def _cross_problems(
    found: Sequence[tuple[Document, Relationship]], people: Mapping[str, Profile], key_present: bool
) -> tuple[list[Problem], set[str]]:
    """Rules across files and profiles; the files whose relationship can't be used."""
    problems: list[Problem] = []
    bad: set[str] = set()

    def refuse(doc: Document, key: str, message: str) -> None:
        problems.append(Problem(doc.path, doc.line_of((key,)), key, message))
        bad.add(doc.path)

    for doc, rel in found:
        for role in ("mentee", "mentor"):
            value = getattr(rel, role)
            if keys.is_hash(value):
                if key_present:
                    refuse(doc, role, f"{_who(rel, role)} has no profile any more: end the relationship and remove it")
                continue
            person = people.get(value)
            if person is None:
                refuse(doc, role, f"no profile has the id '{value}' (removed?): a relationship needs both people")
            elif role == "mentor" and person.mentor is None:
                refuse(doc, role, f"'{value}' offers no mentoring (no mentor block), so can't be the mentor here")
            elif role == "mentee" and person.mentee is None:
                refuse(doc, role, f"'{value}' seeks no mentoring (no mentee block), so can't be the mentee here")
        if rel.resolved and rel.mentee == rel.mentor:
            refuse(doc, "mentor", "the mentee and the mentor are the same person")
    usable = [(doc, rel) for doc, rel in found if doc.path not in bad and rel.resolved and rel.active]
    by_pair: dict[tuple[str, str], list[tuple[Document, Relationship]]] = defaultdict(list)
    for doc, rel in usable:
        by_pair[(rel.mentee, rel.mentor)].append((doc, rel))
    by_mentor: dict[str, list[tuple[Document, Relationship]]] = defaultdict(list)
    for same in by_pair.values():
        first, *rest = sorted(same, key=lambda x: (x[1].started, x[0].path))
        by_mentor[first[1].mentor].append(first)
        for doc, rel in rest:
            refuse(
                doc, "status", f"{_who(rel, 'mentee')} and {_who(rel, 'mentor')} already have an active relationship"
            )
    for mentor_id, running in by_mentor.items():
        capacity = people[mentor_id].mentor.capacity if people[mentor_id].mentor else 0  # type: ignore[union-attr]
        ordered = sorted(running, key=lambda x: (x[1].started, x[0].path))
        for doc, rel in ordered[capacity:]:
            refuse(
                doc,
                "mentor",
                f"{_who(rel, 'mentor')} would have {len(ordered)} active relationships, more than their capacity of "
                f"{capacity}: end one first, or raise mentor.capacity in their profile",
            )
    return problems, bad


def check_relationships(
    folder: Path,
    profiles: Sequence[Profile],
    *,
    key: bytes | None = None,
    max_term_months: int = MAX_TERM_MONTHS,
    today: dt.date | None = None,
) -> Result:
    """Every file in ``folder`` checked against the valid ``profiles``; private ones resolved with ``key``."""
    result = Result()
    if not folder.exists():
        return result
    files, result.problems = loader.discover([folder])
    result.files = len(files)
    people = {p.id: p for p in profiles}
    names = keys.resolver(key, people)
    found: list[tuple[Document, Relationship]] = []
    for path in files:
        doc, problems = loader.read(path)
        result.problems.extend(problems)
        if doc is None:
            continue
        problems = _schema_problems(doc)
        problems += [] if problems else _file_problems(doc, max_term_months)
        result.problems.extend(problems)
        if problems:
            continue
        mentee, mentor = (names.get(doc.data[r], doc.data[r]) for r in ("mentee", "mentor"))
        found.append((doc, Relationship.from_raw(doc.path, doc.data, mentee, mentor)))
    cross, bad = _cross_problems(found, people, key is not None)
    result.problems.extend(cross)
    for doc, rel in found:
        if doc.path in bad:
            continue
        if not rel.resolved:
            result.unresolved += 1
            continue
        if today and rel.active and rel.ends < today:
            result.problems.append(
                Problem(
                    doc.path,
                    doc.line_of(("ends",)),
                    "ends",
                    f"the term ended on {rel.ends}: close it (status: ended) or renew it",
                    "warning",
                )
            )
        result.relationships.append(rel)
    result.relationships.sort(key=lambda r: r.source)
    result.problems.sort()
    return result
