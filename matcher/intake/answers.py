"""1-2. A submitted body into answers, and answers into values (GitHub's issue-form body format)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import pycountry

from matcher.intake.multilingual import english_of
from matcher.intake.outcome import MAX_BODY_CHARS, NO_RESPONSE, Refused
from matcher.intake.questions import CLEAR_WORD, Form, Question
from matcher.intake.words import short
from matcher.profile.text import hidden_characters
from matcher.profile.text import message as hidden_message


def clean(body: str) -> str:
    if len(body) > MAX_BODY_CHARS:
        raise Refused(
            f"The issue is {len(body):,} characters long; the limit is {MAX_BODY_CHARS:,}. Please shorten your answers."
        )
    return body.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def heading_of(line: str) -> str | None:
    """The English label of a ``### `` heading line: GitHub writes a label in all the form's languages
    (``### Name · Nom · الاسم``), and issues opened before that in English only; None for any other line."""
    return english_of(line[4:].rstrip()) if line.startswith("### ") else None


def split_sections(body: str, labels: Sequence[str]) -> dict[str, str]:
    """The text under each ``### label`` (in English, or followed by its translations), placing the labels in
    order; refuses when that is ambiguous."""
    lines = clean(body).split("\n")
    headings = [heading_of(line) for line in lines]
    positions = [[i for i, heading in enumerate(headings) if heading == label] for label in labels]

    @cache
    def ways(index: int, after: int) -> int:  # placements of labels[index:] after line `after`, capped at 2
        if index == len(labels):
            return 1
        return min(2, sum(ways(index + 1, p) for p in positions[index] if p > after))

    total = ways(0, -1)
    if total == 0:
        missing = (
            next(label for i, label in enumerate(labels) if not positions[i])
            if any(not p for p in positions)
            else labels[0]
        )
        raise Refused(
            f"The question '{missing}' is missing from the issue. Please open a new issue with the form instead of "
            "editing its headings."
        )
    if total > 1:
        doubled = [label for label, found in zip(labels, positions, strict=True) if len(found) > 1]
        raise Refused(
            f"One of your answers contains a line '### {doubled[0]}', which is also a question of this form, so the "
            "answers "
            "can't be told apart. Please edit the issue and change that line (for example, remove the ###)."
        )
    chosen, after = [], -1
    for index in range(len(labels)):
        after = next(p for p in positions[index] if p > after and ways(index + 1, p) > 0)
        chosen.append(after)
    ends = [*chosen[1:], len(lines)]
    return {
        label: "\n".join(lines[start + 1 : end]).strip() for label, start, end in zip(labels, chosen, ends, strict=True)
    }


def _is_empty(text: str, question: Question) -> bool:
    stripped = text.strip()
    return stripped in ("", NO_RESPONSE) or (question.kind in ("choice", "choices", "number") and stripped == "None")


_FENCE = re.compile(r"^```[ \t]*(?:ya?ml)?[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def unfence(text: str) -> str:
    """The first fenced code block (a ``render: yaml`` answer, or a file quoted in an e-mail), else the text."""
    match = _FENCE.search(text)
    return match.group(1) if match else text


def _match_option(text: str, question: Question) -> str | None:
    probe = text.strip().strip("`").casefold()
    for value, label in question.options:
        if probe in (value.casefold(), label.casefold()):
            return value
    return None


def _country(text: str) -> str:
    text = text.strip()
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    try:
        return str(pycountry.countries.lookup(text).alpha_2)
    except LookupError:
        return text  # the validator names the problem and suggests a code


def _language(text: str) -> str:
    text = text.strip()
    if re.fullmatch(r"[a-z]{2,3}", text):
        return text
    try:
        lang = pycountry.languages.lookup(text)
    except LookupError:
        return text
    return str(getattr(lang, "alpha_2", None) or lang.alpha_3)


def _value(text: str, question: Question) -> tuple[Any, list[str]]:
    """One answer as a profile value, plus words for anything that couldn't be read."""
    label = question.label
    if question.kind == "yaml":
        return unfence(text), []
    if question.kind in ("choice", "number"):
        value = _match_option(text, question)
        if value is None:
            choices = ", ".join(choice for _, choice in question.options)
            return None, [f"{label}: '{short(text)}' is not one of the choices ({choices})."]
        return (int(value) if question.kind == "number" else value), []
    if question.kind == "choices":
        chosen, problems, pending = [], [], ""
        for part in text.split(", "):
            pending = f"{pending}, {part}" if pending else part
            value = _match_option(pending, question)
            if value is not None:
                chosen.append(value)
                pending = ""
        if pending:
            problems.append(f"{label}: '{short(pending)}' is not one of the choices.")
        return chosen, problems
    if question.kind == "ticks":
        ticked = re.findall(r"^\s*- \[[xX]\] (.+?)\s*$", text, flags=re.MULTILINE)
        return [value for value, text in question.options if text in ticked], []
    if question.kind == "languages":
        entries, problems = [], []
        for number, line in enumerate((x for x in text.split("\n") if x.strip()), start=1):
            name, _, level = line.strip().lstrip("-* ").rpartition(",")
            if not name:
                name, _, level = line.strip().lstrip("-* ").rpartition(":")
            level_value = _match_option(level, question) if name else None
            if not name or level_value is None:
                levels = ", ".join(text for _, text in question.options)
                problems.append(
                    f"{label}, line {number}: write the language, a comma and your level ({levels}), e.g. 'Romanian, "
                    f"native'; not '{short(line)}'."
                )
                continue
            entries.append({"code": _language(name), "level": level_value})
        return entries, problems
    if question.kind == "ids":
        return [x for x in re.split(r"[\s,;]+", text.strip()) if x], []
    if question.kind == "year":
        return (int(text.strip()) if text.strip().isdigit() else text.strip()), []
    if question.kind == "markdown":
        return text.strip(), []
    value = " ".join(text.split("\n")).strip()  # a one-line input
    if question.path == ("github",):
        value = value.lstrip("@")
    if question.path == ("location", "country"):
        value = _country(value)
    return value, []


def read_answers(body: str, form: Form, *, clearing: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Question id -> value for every answered question; ``CLEAR_WORD`` stays a marker when ``clearing``.

    An optional question whose heading is not in the issue was added to the form after the issue was
    opened: it is read as not answered. A required one missing is refused (its heading was edited).
    """
    present = {heading_of(line) for line in clean(body).split("\n")}
    asked = [q for q in form.questions if q.required or q.enforce or q.label in present]
    sections = split_sections(body, [q.label for q in asked])
    answers: dict[str, Any] = {}
    problems: list[str] = []
    for question in asked:
        text = sections[question.label]
        hidden = [h for h in hidden_characters(text, multiline=True) if h.char not in "\t\r"]
        if hidden:
            problems.append(f"{question.label}: {hidden_message(hidden)}")
            continue
        if _is_empty(text, question):
            continue
        if clearing and text.strip().strip("`").casefold() == CLEAR_WORD:
            answers[question.id] = CLEAR_WORD
            continue
        value, found = _value(text, question)
        problems.extend(found)
        if not found and value not in (None, []):
            answers[question.id] = value
    return answers, problems
