"""4. Validation with the same loader and validator as every profile, in the words of the form's questions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from matcher.intake.questions import Form
from matcher.profile import loader
from matcher.profile.problems import Problem
from matcher.profile.validate import check_document, cross_checks


def short(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label_for(field_path: str, form: Form) -> str:
    parts = tuple(p for p in re.split(r"[.\[\]]+", field_path) if p)
    names = tuple(p for p in parts if not p.isdigit())
    best = None
    for question in form.questions:
        if (
            question.path
            and names[: len(question.path)] == question.path
            and (best is None or len(question.path) > len(best.path))
        ):
            best = question
    if best is None:
        return field_path or "Your profile"
    index = next((int(p) for p in parts[len(best.path) :] if p.isdigit()), None)
    return best.label + (
        f" (entry {index + 1})" if index is not None and best.kind in ("languages", "ids", "choices") else ""
    )


def _words(problem: Problem, form: Form) -> str:
    label = _label_for(problem.field, form)
    if problem.message.startswith("missing required field") and label != "Consent":
        return f"{label}: please answer this question; it is required."
    return f"{label}: {short(problem.message, 300)}"


def validate_text(
    text: str, path: str, profile_id: str, others: Sequence[loader.Document], today: dt.date, form: Form
) -> list[str]:
    doc, problems = loader.parse(text, path, profile_id)
    if doc is None:
        return [_words(p, form) for p in problems]
    found = [*problems, *check_document(doc)]
    found += [p for p in cross_checks([*others, doc], today) if p.file == path]
    return list(dict.fromkeys(_words(p, form) for p in found if p.severity == "error"))


def other_documents(profiles: Path, skip: set[str]) -> list[loader.Document]:
    files, _ = loader.discover([profiles]) if profiles.is_dir() else ([], [])
    docs = []
    for file in files:
        if file.stem in skip:
            continue
        doc, _ = loader.read(file)
        if doc is not None:
            docs.append(doc)
    return docs
