"""*Ask for an introduction*: the prefilled ``introduce`` issue form, and the same questions by e-mail.

The questions are the ``introduce`` form's (:func:`matcher.intake.forms.forms_by_name`), so a link names
only its real field ids, and the e-mail asks the same questions in the same words. The e-mail goes
to the community's contact address (:func:`matcher.settings.mailto` encodes everything): it is the
way for people without a GitHub account, and for anyone who wants to ask privately, since an issue
is public. The intake checks the pair either way (both ids, eligibility, an open mentor, avoid,
capacity, rate limits); a link only saves typing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import cache, cached_property
from urllib.parse import quote, urlencode

from matcher.intake import forms, questions
from matcher.intake.questions import Form
from matcher.settings import mailto

FORM = "introduce"
MENTOR_FIELD = "mentor_id"
MESSAGE_FIELD = "message"
PUBLIC_FIELD = "public"
# The browser fills these in for a mentor it shows (find-my-mentor, search results): ids are
# [a-z0-9-] and names are percent-encoded, so neither can make or break a placeholder.
ID_PLACEHOLDER = "__ID__"
NAME_PLACEHOLDER = "__NAME__"


# Stand-ins for the links' templates (Introducer._templates): characters percent-encoding keeps, and
# replaced in one pass, so a name that happens to hold one is never filled in again.
_ID, _NAME, _MENTEE = "_MC-MENTOR-ID_", "_MC-MENTOR-NAME_", "_MC-MENTEE-ID_"
_STAND_IN = re.compile("(" + "|".join(map(re.escape, (_ID, _NAME, _MENTEE))) + ")")


# A link cut at its stand-ins: text, stand-in, text, ..., text (what re.split gives with the group).
Parts = tuple[str, ...]


def _parts(link: str) -> Parts:
    return tuple(_STAND_IN.split(link))


def _filled(parts: Parts, values: dict[str, str]) -> str:
    """The link with each stand-in replaced by its value: in one pass, so a value that happens to hold
    a stand-in is never filled in again."""
    filled = list(parts)
    filled[1::2] = [values[stand_in] for stand_in in parts[1::2]]
    return "".join(filled)


@functools.lru_cache(maxsize=1 << 16)  # each person's id and name, on every page that suggests them
def _encoded(value: str) -> str:
    return quote(value, safe="")


@cache
def introduce_form() -> Form:
    return forms.forms_by_name()[FORM]


@dataclass(frozen=True, slots=True)
class IntroduceLinks:
    """The two ways to ask one mentor: the GitHub form (public) and an e-mail to the maintainers (private)."""

    github: str
    email: str


@dataclass(frozen=True)
class Introducer:
    """Makes the links for a community: where its issues are opened, and its contact address."""

    repository_url: str  # https://github.com/OWNER/REPO
    contact_email: str
    community_name: str

    def links(self, mentor_id: str, mentor_name: str, mentee_id: str = "") -> IntroduceLinks:
        """The prefilled form and e-mail for asking ``mentor_id``; ``mentee_id`` too when it is known.

        Made from :meth:`_made` once per community with stand-ins, then filled in: every character
        is percent-encoded on its own, so encoding the parts is encoding the whole. (A profile page
        lists several mentors, each with these links: 35,000 links at 10,000 people.)
        """
        with_mentee, without = self._templates
        github, email = with_mentee if mentee_id else without
        values = {_ID: _encoded(mentor_id), _NAME: _encoded(mentor_name), _MENTEE: _encoded(mentee_id)}
        return IntroduceLinks(github=_filled(github, values), email=_filled(email, values))

    @cached_property
    def _templates(self) -> tuple[tuple[Parts, Parts], tuple[Parts, Parts]]:
        """The links with stand-ins (which percent-encoding leaves as they are), with a mentee and without,
        each cut at its stand-ins."""
        with_mentee = self._made(_ID, _NAME, _MENTEE)
        without = self._made(_ID, _NAME, "")
        return (
            (_parts(with_mentee.github), _parts(with_mentee.email)),
            (_parts(without.github), _parts(without.email)),
        )

    def _made(self, mentor_id: str, mentor_name: str, mentee_id: str) -> IntroduceLinks:
        form = introduce_form()
        params = {"template": form.file, "title": f"{form.issue_title}{mentor_name}"}
        if mentee_id:
            params[questions.PROFILE_ID_ID] = mentee_id
        params[MENTOR_FIELD] = mentor_id
        github = f"{self.repository_url.rstrip('/')}/issues/new?{urlencode(params, quote_via=quote)}"
        return IntroduceLinks(github=github, email=self._email(form, mentor_id, mentor_name, mentee_id))

    def _email(self, form: Form, mentor_id: str, mentor_name: str, mentee_id: str) -> str:
        label = {q.id: q.label for q in form.questions}
        public = dict(form.question(PUBLIC_FIELD).options)[PUBLIC_FIELD]
        body = "\n".join(
            (
                f"Hello, I would like an introduction to {mentor_name}.",
                "",
                f"{label[questions.PROFILE_ID_ID]}: {mentee_id}",
                f"{label[MENTOR_FIELD]}: {mentor_id}",
                f"{label[MESSAGE_FIELD]}: ",
                "",
                "",
                f"{label[PUBLIC_FIELD]}: no (private). Write yes instead if: {public}.",
            )
        )
        subject = f"{form.issue_title}{mentor_name} ({self.community_name})"
        return mailto(self.contact_email, subject=subject, body=body)

    def templates(self) -> IntroduceLinks:
        """The links with placeholders for the mentor's id and name, for the pages' scripts."""
        return self.links(ID_PLACEHOLDER, NAME_PLACEHOLDER)
