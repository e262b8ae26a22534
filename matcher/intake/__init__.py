"""Intake: what arrives from outside Git and who may change what.

- the converter, a submitted issue form's body in, a profile change (or words to fix it) out:

      body ──sections──▶ answers ──values──▶ profile mapping ──YAML──▶ parse + validate ──▶ Outcome

  :mod:`.answers` (the body into answers and values), :mod:`.edit` (values into a profile file,
  keeping comments), :mod:`.words` (validation in the words of the form's questions),
  :mod:`.actions` (the forms, one function each), :mod:`.converter` (the entry points),
  :mod:`.reply` (what the person reads), :mod:`.command` (``python -m matcher intake``);
- :mod:`.ownership`: which changes of a pull request its author may make;
- :mod:`.pairs_diff`: how a change moves the suggested pairs, for the pull request.

GitHub writes a submitted form as ``### Label`` sections in the form's order (a label in English, then in
the community's other languages: :mod:`.multilingual`; read by its English part), ``_No response_``
for an empty answer, ``None`` for an unset dropdown, ``- [X]`` for a ticked box, and joins a
multi-select with ``, ``. The body is untrusted: it is size-capped, never evaluated, and a
person who types a line like ``### Name`` inside an answer can't move the boundaries: the
known labels are placed in order, and where that placement isn't unique the person is asked
to change the line. The result is checked by the same loader and validator as every profile,
and every problem comes back as a sentence that names the form's question, not a traceback.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matcher.intake.answers import read_answers, split_sections
    from matcher.intake.command import run_cli
    from matcher.intake.converter import apply, convert, detect_form
    from matcher.intake.edit import slugify
    from matcher.intake.outcome import EMAIL_FORM, MAX_BODY_CHARS, FileChange, Outcome
    from matcher.intake.reply import comment

__all__ = [
    "EMAIL_FORM",
    "MAX_BODY_CHARS",
    "FileChange",
    "Outcome",
    "apply",
    "comment",
    "convert",
    "detect_form",
    "read_answers",
    "run_cli",
    "slugify",
    "split_sections",
]

# The module of each name above, imported when the name is first used: the site's build imports the
# form definitions alone (matcher.intake.forms), and with them the converter and ruamel.yaml cost every
# build 25 ms at start. (No module here is named like a name it offers: importing it would hide the name.)
_FROM = {
    "read_answers": "answers",
    "split_sections": "answers",
    "run_cli": "command",
    "apply": "converter",
    "convert": "converter",
    "detect_form": "converter",
    "slugify": "edit",
    "EMAIL_FORM": "outcome",
    "MAX_BODY_CHARS": "outcome",
    "FileChange": "outcome",
    "Outcome": "outcome",
    "comment": "reply",
}


def __getattr__(name: str) -> Any:
    if name not in _FROM:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_FROM[name]}"), name)
    globals()[name] = value
    return value
