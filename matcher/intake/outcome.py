"""What the converter decides: files to change, or problems to tell the person, and the limits it applies."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.intake import forms

MAX_BODY_CHARS = 65_536  # GitHub's own limit for an issue body
NO_RESPONSE = "_No response_"
EMAIL_FORM = "email"
FORM_NAMES = (*forms.forms_by_name(), EMAIL_FORM)


@dataclass(frozen=True)
class FileChange:
    """Write ``text`` to ``path`` (relative to the repository), or remove the file when ``text`` is None."""

    path: str
    text: str | None


@dataclass(frozen=True)
class Outcome:
    """What the converter decided: the changes to make, or the problems to tell the person about."""

    form: str
    author: str
    profile_id: str | None = None
    action: str = ""  # join | update | pause | resume | leave | endorse | concern
    changes: tuple[FileChange, ...] = ()
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    review: tuple[str, ...] = ()  # what a maintainer must look at before merging (a name like another's)

    @property
    def ok(self) -> bool:
        return not self.problems


class Refused(Exception):
    """Raised inside the converter to stop with words for the person; never escapes :func:`convert`."""

    def __init__(self, *problems: str) -> None:
        super().__init__(problems[0] if problems else "")
        self.problems = problems
