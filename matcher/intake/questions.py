"""The questions of the forms, from the schema (through :mod:`matcher.profile.fields`): labels, help, limits, choices.

:mod:`matcher.intake.forms` arranges them into forms; the intake reads answers with the same
questions, so a label changes in one place.
"""


from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from matcher.profile import fields

Kind = Literal["text", "markdown", "choice", "choices", "number", "ticks", "languages", "ids", "yaml", "year"]

ACCEPTED_ID = "endorsements_accepted"

# Tokens a person writes in an update form to clear an optional field.
CLEAR_WORD = "delete"
PROFILE_YAML_ID = "profile_yaml"
PROFILE_ID_ID = "profile_id"
REMOVE_PARTS_ID = "remove_parts"


@dataclass(frozen=True)
class Question:
    """One question of a form: where its answer goes in a profile and how it is asked."""

    id: str  # the issue-form id, also the query parameter that prefills it
    label: str
    kind: Kind
    description: str = ""
    path: tuple[str, ...] = ()  # where the answer goes in the profile; () for form-only questions
    options: tuple[tuple[str, str], ...] = ()  # (value, label) in schema order
    required: bool = False  # required by the schema (said in words; enforced by the converter)
    enforce: bool = False  # required on GitHub too (consent only: see the module docstring)
    max_length: int | None = None
    placeholder: str = ""

    def label_for(self, value: str) -> str:
        return dict(self.options).get(value, value)


@dataclass(frozen=True)
class Form:
    """An issue form: the file name, its header and its questions in order."""

    name: str  # the --form name and the file stem
    title: str  # the form's name in GitHub's chooser
    about: str
    issue_title: str
    labels: tuple[str, ...]
    intro: str
    questions: tuple[Question, ...] = field(default_factory=tuple)

    @property
    def file(self) -> str:
        return f"{self.name}.yml"

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)


# --- limits and words, from the schema (through matcher.profile.fields) -----------------------------------

# What a field asks, in the words of someone who has never seen the schema, where the schema's own
# description is written for maintainers (codes, formats, file names). Only words: every limit and
# every choice still comes from the schema. A field with ``x-help`` in the schema uses that instead.
PLAIN_HELP: dict[tuple[str, ...], str] = {
    ("github",): "Only if you have a GitHub account. Then only you (or a maintainer) can change or remove your "
    "profile.",
    ("bio",): "A few sentences about you, in your own words. Put a blank line between paragraphs.",
    ("location", "country"): "The country you live in, by its name, e.g. Moldova, South Africa, Germany.",
    ("location", "timezone"): "Your time zone, so people know when you are awake: the region and the nearest big "
    "city, e.g. Africa/Nairobi, Europe/Chisinau.",
    ("mentor", "offer"): "Your experience and how you like to mentor, in your own words.",
    ("mentee", "goals"): "What you hope to achieve with a mentor, in your own words.",
    ("interested_in",): "People you would like to be matched with: the last part of the address of their page on "
    "the site, e.g. ana-popescu. Your shortlist is public.",
    ("avoid",): "People you must never be suggested with, the same way (the last part of their page's address).",
    ("endorsements_accepted",): "The people whose endorsement of you may appear on your page (the last part of the "
    "address of their page). Nothing anyone writes about you is shown until you list them; take someone out to "
    "remove theirs.",
    ("consent",): "Both are needed to be listed.",
}
# The questions of the join page and the forms that are about a person, not a value.
ID_WORDS = "the last part of the address of your page on the site"


def help_of(f: fields.Field) -> str:
    """The field's question in plain words: the schema's ``x-help``, else the words above, else its description."""
    if "x-help" in f.node:
        return f.help
    return PLAIN_HELP.get(f.path, f.description)


def _limits(f: fields.Field) -> str:
    parts = []
    limits = f.limits
    if "maxLength" in limits:
        low = limits.get("minLength", 0)
        parts.append(
            f"{low} to {limits['maxLength']} characters" if low > 1 else f"Up to {limits['maxLength']} characters"
        )
    if f.type == "array":
        low, high = limits.get("minItems", 0), limits.get("maxItems")
        if high is not None:
            parts.append(f"choose {low} to {high}" if low else f"up to {high}")
    if "minimum" in limits and "maximum" in limits:
        parts.append(f"{limits['minimum']} to {limits['maximum']}")
    return "; ".join(parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text.endswith((".", "?", "!")) else text + "."


def _describe(f: fields.Field, required: bool | str, extra: str = "") -> str:
    """``Required.``/``Optional.`` (or a given lead), the field's question in plain words, then its limits."""
    description = re.sub(r"^Optional[.,]\s*", "", help_of(f).strip())
    lead = required if isinstance(required, str) else ("Required." if required else "Optional.")
    words = [lead, _sentence(description[:1].upper() + description[1:])]
    limits = _limits(f)
    if limits:
        words.append(_sentence(limits[:1].upper() + limits[1:]))
    if extra:
        words.append(extra)
    return " ".join(w for w in words if w.strip())


def _title(f: fields.Field) -> str:
    if f.title:
        return f.title
    described = re.sub(r"^Optional[.,]\s*", "", f.description).split(";")[0].split(". ")[0].rstrip(". ")
    return described or f.name.replace("_", " ").capitalize()


GROUP_PREFIX = {"mentor": "Mentor", "mentee": "Mentee", "location": "", "links": "Link", "contact": "Contact"}
# The parts of a profile whose fields are required only once the part is there (said as "Required for mentors.")
ROLE_BLOCKS = ("mentor", "mentee")
# Not asked in the profile forms: the converter sets `updated`; endorsements have their own form; a GitHub

NOT_ASKED = {("updated",), ("endorsements",)}


def _profile_questions() -> Iterator[Question]:
    """Every profile field a person can answer in a form, in schema order."""
    for f in fields.top_level():
        if f.path in NOT_ASKED:
            continue
        if f.name == "consent":
            yield Question(
                id="consent",
                label=_title(f),
                kind="ticks",
                path=("consent",),
                required=True,
                enforce=False,
                description=help_of(f) + " Already agreed on the website? Then it is in the box above: leave these.",
                options=tuple((c.name, c.title) for c in fields.children(f.path)),
            )
            continue
        if f.is_block:
            yield from _group(f)
            continue
        yield _leaf(f, f.required, "")


def _group(block: fields.Field) -> Iterator[Question]:
    prefix = GROUP_PREFIX.get(block.name, block.name.capitalize())
    for f in fields.children(block.path):
        if f.path in NOT_ASKED:
            continue
        # a group's own fields are required only once the group is used; say so in words
        yield _leaf(f, f.required, prefix, group_required=f.required_in_block and block.name in ROLE_BLOCKS)


def _leaf(f: fields.Field, required: bool, prefix: str, group_required: bool = False) -> Question:
    path = f.path
    qid = "_".join(path)
    label = _title(f)
    if prefix == "Link":
        label = f"Link: {path[-1]}"
    elif prefix and not label.lower().startswith(prefix.lower()):
        label = f"{prefix}: {label[:1].lower()}{label[1:]}"
    # a mentor's or mentee's own fields are required once that part is filled in
    lead: bool | str = f"Required for {path[0]}s." if group_required else required
    if path == ("languages",):
        level = fields.field("languages", fields.ITEM, "level").vocabulary
        words = (
            f"One per line: the language's name, a comma, and how well you speak it ({', '.join(x for _, x in level)})."
        )
        return Question(
            qid,
            label,
            "languages",
            _describe(f, lead, words),
            path,
            level,
            required,
            placeholder="Romanian, native\nEnglish, fluent",
        )
    if f.type == "array" and f.vocabulary:
        return Question(qid, label, "choices", _describe(f, lead), path, f.vocabulary, required)
    if f.type == "array":
        return Question(
            qid,
            label,
            "ids",
            _describe(f, lead, "Separate them with commas."),
            path,
            (),
            required,
            placeholder="ana-popescu, kofi-mensah",
        )
    if f.vocabulary:
        return Question(qid, label, "choice", _describe(f, lead), path, f.vocabulary, required)
    if f.type == "integer":
        values = tuple((str(n), str(n)) for n in range(f.limits["minimum"], f.limits["maximum"] + 1))
        return Question(qid, label, "number", _describe(f, lead), path, values, required)
    kind: Kind = "markdown" if f.markdown else "text"
    return Question(qid, label, kind, _describe(f, lead), path, (), required, max_length=f.limits.get("maxLength"))


