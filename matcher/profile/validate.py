"""Validate profiles: every problem in every file, with file, line, field and a suggestion.

The pipeline, for files on disk: read each with the safe loader (:mod:`matcher.profile.loader`), let
the schema decide (:mod:`matcher.profile.schema`; its errors in words by :mod:`matcher.profile.messages`), run
the rules the schema can't state (:mod:`matcher.profile.rules`: one file, one file in its community,
all files), then turn the valid files into typed :class:`~matcher.profile.model.Profile` objects.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import fastjsonschema
import jsonschema

from matcher.profile import loader, rules, schema
from matcher.profile.loader import Document
from matcher.profile.messages import conditional_rule, message
from matcher.profile.model import STALE_AFTER_DAYS, Profile
from matcher.profile.problems import Problem, field_path
from matcher.profile.verdicts import Verdicts


@dataclass(frozen=True)
class Result:
    """What validation found: the valid profiles (sorted by id), every problem, how many files were read."""

    profiles: tuple[Profile, ...]
    problems: tuple[Problem, ...]
    files: int

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def schema_problems(doc: Document) -> list[Problem]:
    """The schema's verdict on one file, one line per field (and per if/then rule)."""
    if schema.fast_check_pays():
        try:
            schema.fast_check()(doc.data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass
    errors: list[jsonschema.ValidationError] = list(schema.validator().iter_errors(doc.data))
    if not errors:
        return []
    problems: list[Problem] = []
    # a format error says more than the pattern that backs it up: show one line per field
    specific = {tuple(e.absolute_path) for e in errors if e.validator != "pattern"}
    seen_rules: set[str] = set()
    for error in errors:
        if error.validator == "pattern" and tuple(error.absolute_path) in specific:
            continue
        rule = conditional_rule(error)
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
                    words = f"missing required field '{name}'" + (f": {described}" if described else "")
                    problems.append(Problem(doc.path, doc.line_of(base), field_path(path), words))
            continue
        path, words = message(error)
        problems.append(Problem(doc.path, doc.line_of(path), field_path(path), words))
    return problems


def check_document(doc: Document) -> list[Problem]:
    """The schema's verdict on one file, plus every rule about one file that the schema can't state."""
    return schema_problems(doc) + [problem for rule in rules.FILE_RULES for problem in rule(doc)]


def cross_checks(
    docs: Sequence[Document],
    today: dt.date | None = None,
    stale_after_days: int = STALE_AFTER_DAYS,
    changed: Sequence[Document] | None = None,
) -> list[Problem]:
    """Rules that span files: references resolve and are not yourself, one file per GitHub login, staleness.

    ``changed``: the rules of one file in its community (:data:`rules.PROFILE_RULES`) are applied to these
    alone, the others of ``docs`` having passed them before among the same ids on the same day (an
    incremental build's memo); the rules of all files together always see them all."""
    ctx = rules.Context(frozenset(doc.id for doc in docs), today, stale_after_days)
    each = docs if changed is None else changed
    found = [problem for doc in each for rule in rules.PROFILE_RULES for problem in rule(doc, ctx)]
    return found + [problem for rule in rules.COMMUNITY_RULES for problem in rule(docs)]


def validate_paths(
    paths: Sequence[Path],
    today: dt.date | None = None,
    stale_after_days: int = STALE_AFTER_DAYS,
    verdicts: Verdicts | None = None,
) -> Result:
    """Load and check every profile under ``paths``; the whole pipeline from files to Profiles.

    ``stale_after_days`` is community.toml's setting: a profile older than that on ``today`` is warned about.
    ``verdicts`` (:mod:`matcher.profile.verdicts`): files found clean before are not parsed or checked
    again; the result is the same, problems and lines included.
    """
    with loader.paused_gc():
        return _validate_paths(paths, today, stale_after_days, verdicts)


def _validate_paths(
    paths: Sequence[Path], today: dt.date | None, stale_after_days: int, verdicts: Verdicts | None
) -> Result:
    files, problems = loader.discover(paths)
    docs: list[Document] = []
    bad: set[str] = set()
    remembered: dict[str, Path] = {}  # files whose verdict was remembered: parsed without their line tables
    verdicts = verdicts if verdicts is not None else Verdicts()  # (in memory only: nothing remembered before)
    for path in files:
        (doc, found), _ = verdicts.read(path)  # its own checks included
        if doc is not None and not found and not doc.key_lines:
            remembered[doc.path] = path
        problems.extend(found)
        if doc is None:
            bad.add(str(path))
            continue
        docs.append(doc)
        if any(p.severity == "error" for p in found):
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
    named = {p.file for p in cross} & set(remembered)
    if named:  # a rule across files has something to say about a remembered file: read it whole, for its lines
        docs = [_read_whole(remembered[d.path]) if d.path in named else d for d in docs]
        cross = cross_checks(docs, today, stale_after_days)
    problems.extend(cross)
    bad.update(p.file for p in cross if p.severity == "error")
    profiles = tuple(
        sorted(
            (Profile.from_raw(doc.id, doc.data, doc.path) for doc in docs if doc.path not in bad), key=lambda p: p.id
        )
    )
    verdicts.save()
    return Result(profiles=profiles, problems=tuple(sorted(set(problems))), files=len(files))


def _read_whole(path: Path) -> Document:
    doc, _ = loader.read(path)
    assert doc is not None  # it was read clean a moment ago
    return doc


def load_profiles(paths: Sequence[Path], verdicts: Verdicts | None = None) -> tuple[Profile, ...]:
    """The valid profiles under ``paths``; raises :class:`InvalidProfiles` if any file has an error."""
    result = validate_paths(paths, verdicts=verdicts)
    if not result.ok:
        raise InvalidProfiles(result)
    return result.profiles


class InvalidProfiles(Exception):
    """Raised by :func:`load_profiles` when validation found errors; carries the full result."""

    def __init__(self, result: Result) -> None:
        errors = [p for p in result.problems if p.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) in the profiles; run `python -m matcher validate` to see them")
        self.result = result
