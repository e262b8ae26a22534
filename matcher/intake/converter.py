"""The converter's entry points: a body in, an Outcome out; and writing an Outcome's files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from matcher.intake import forms
from matcher.intake.actions import Context, endorse, introduce, join, leave, update
from matcher.intake.answers import clean, heading_of, read_answers
from matcher.intake.outcome import EMAIL_FORM, FORM_NAMES, Outcome, Refused


def convert(
    body: str,
    form_name: str,
    author: str,
    *,
    profiles: Path = Path("profiles"),
    maintainers: frozenset[str] = frozenset(),
    today: dt.date | None = None,
    open_introductions: Sequence[str] = (),
    relationships: Path | None = None,
) -> Outcome:
    """Turn one submitted body into an :class:`Outcome`. Never raises for anything in the body.

    ``open_introductions``: the bodies of the other open introduction issues (for the rate limits);
    ``relationships``: the folder of relationship files (a mentor's running mentorships; default: beside
    ``profiles``).
    """
    author = author.strip().lstrip("@")
    today = today or dt.date.today()
    by_name = forms.forms_by_name()
    form = by_name.get(form_name) if form_name != EMAIL_FORM else by_name["join"]
    if form is None:
        return Outcome(form_name, author, problems=(f"Unknown form '{form_name}'; known: {', '.join(FORM_NAMES)}.",))
    ctx = Context(form, author, profiles, frozenset(m.lower() for m in maintainers), today)
    try:
        body = clean(body)
        if form_name == "concern":
            read_answers(body, form)  # checks the body is this form; nothing to convert
            return Outcome(form_name, author, action="concern")
        if form_name in ("join", EMAIL_FORM):
            return join(ctx, body, form_name == EMAIL_FORM)
        if form_name == "introduce":
            return introduce(ctx, body, open_introductions, relationships or profiles.parent / "relationships")
        return {"update": update, "leave": leave, "endorse": endorse}[form_name](ctx, body)
    except Refused as refused:
        return Outcome(form_name, author, problems=tuple(refused.problems))


def detect_form(body: str) -> str | None:
    """The form whose questions a body answers, by its ``### `` headings; None for any other issue."""
    try:
        text = clean(body)
    except Refused:
        return None
    headings = [h for h in map(heading_of, text.split("\n")) if h is not None]  # English, in whatever languages
    seen = set(headings)
    for form in forms.build_forms():
        labels = [q.label for q in form.questions]
        if headings[: len(labels)] == labels or set(labels) <= seen:
            return form.name
    for form in forms.build_forms():  # opened before an optional question was added to the form: without it
        required = {q.label for q in form.questions if q.required or q.enforce}
        if required <= seen <= {q.label for q in form.questions}:
            return form.name
    return None


def apply(outcome: Outcome, root: Path = Path(".")) -> list[str]:
    """Write the outcome's changes under ``root``; the paths touched."""
    touched = []
    for change in outcome.changes:
        target = root / change.path
        if target.is_symlink():  # never write through a link planted in the repository
            raise ValueError(f"{change.path} is a symbolic link: refusing to write through it")
        if change.text is None:
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(change.text, encoding="utf-8")
        touched.append(change.path)
    return touched
