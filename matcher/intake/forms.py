"""Issue forms derived from the profile schema: the questions, and the YAML GitHub reads.

One walk over :func:`matcher.profile.schema.profile_schema` gives the :class:`Question` list of every
form; :mod:`matcher.intake` parses a submitted body with the same questions and
:mod:`matcher.site.joinform` hands them to the site's join page. Nothing here restates a limit
or a vocabulary: labels, choices, lengths and descriptions all come from the schema.

``python -m matcher generate`` writes ``.github/ISSUE_TEMPLATE/*.yml`` (and ``.github/CODEOWNERS``,
:mod:`matcher.intake.codeowners`); ``--check`` fails when a committed file differs from what the schema
and the community's settings give (a test runs it too). From ``community.toml``
(:mod:`matcher.settings`) come the community's name in each form's greeting, the maintainers'
confidential address at the top of the concern form and in ``config.yml``, the site's address, and
the languages each label is written in (English first; :mod:`matcher.intake.multilingual`).

GitHub prefills issue forms from query parameters only for ``input`` and ``textarea`` fields,
never for dropdowns or checkboxes, so the join and update forms also carry one textarea,
``profile_yaml``, that the site's join page fills with the whole profile. That is also why
no question but consent is marked required on GitHub: a person coming from the site has
everything in that box. The converter says in words what is missing instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from matcher.intake.questions import (
    ACCEPTED_ID,
    CLEAR_WORD,
    PROFILE_ID_ID,
    PROFILE_YAML_ID,
    REMOVE_PARTS_ID,
    Form,
    Question,
    _describe,
    _profile_questions,
)
from matcher.profile import fields, schema

# --- the forms ---------------------------------------------------------------------------------


def _id_question(label: str = "Profile id", what: str = "your profile") -> Question:
    sub = schema.definition("id")
    return Question(
        PROFILE_ID_ID,
        label,
        "text",
        f"Required. The last part of the address of {what} on the site: for .../people/ana-popescu.html, write "
        f"ana-popescu. Up to {sub['maxLength']} characters.",
        required=True,
        max_length=sub["maxLength"],
        placeholder="ana-popescu",
    )


def _yaml_question(update: bool) -> Question:
    what = "the changes" if update else "your profile"
    return Question(
        PROFILE_YAML_ID,
        "Profile from the website",
        "yaml",
        "Filled in for you when you come from the join page on the website: leave it as it is, and press Submit. "
        f"Otherwise leave it empty (or paste {what} here, in the same form) and answer below: anything you answer "
        "below is added on top.",
    )


PUBLIC = "Everything you write here, and the profile it becomes, is public on GitHub and in Git history for ever."


def _join_form(profile: tuple[Question, ...]) -> Form:
    """Join: the profile questions, the website's profile box and an optional id."""
    optional_id = Question(
        PROFILE_ID_ID,
        "Profile id",
        "text",
        "Optional. Leave it empty: the address of your page is made from your name (e.g. ana-popescu).",
        max_length=schema.definition("id")["maxLength"],
        placeholder="ana-popescu",
    )
    # a newcomer has no endorsements to accept yet: that question is only on the update form
    join_qs = (_yaml_question(False), *profile[:1], optional_id, *(q for q in profile[1:] if q.id != ACCEPTED_ID))
    return Form(
        "join",
        "Join as a mentor or mentee",
        "Add your profile without Git: a maintainer reviews it, then you are listed.",
        "Join: ",
        ("profile", "join"),
        "Fill in the mentor part, the mentee part, or both. A bot turns your answers into a profile file and "
        "opens a pull request; "
        f"a maintainer reviews it. {PUBLIC}",
        join_qs,
    )


def _update_form(profile: tuple[Question, ...]) -> Form:
    """Update: the same questions, each optional, and a way to stop being a mentor or a mentee."""
    update_qs = (
        _id_question(),
        _yaml_question(True),
        *(
            Question(
                q.id,
                q.label,
                q.kind,
                q.description.replace("Required. ", "").replace("Optional. ", "")
                + (
                    f" Leave it empty to keep what you have; write `{CLEAR_WORD}` to remove it."
                    if q.kind in ("text", "markdown", "ids")
                    else " Leave it empty to keep what you have."
                ),
                q.path,
                q.options,
                False,
                False,
                q.max_length,
                q.placeholder,
            )
            for q in profile
            if q.id != "consent"
        ),
        Question(
            REMOVE_PARTS_ID,
            "Stop being a mentor or a mentee",
            "ticks",
            "Tick to remove that part of your profile (to stop for a while, use the pause form instead).",
            options=(
                ("mentor", str(schema.resolve(("mentor",))["title"])),
                ("mentee", str(schema.resolve(("mentee",))["title"])),
            ),
        ),
    )
    return Form(
        "update",
        "Update my profile",
        "Change some fields of your profile; the rest stays as it is.",
        "Update: ",
        ("profile", "update"),
        f"Only answer what you want to change. Only the GitHub account named in the profile (or a maintainer) can "
        f"change it. {PUBLIC}",
        update_qs,
    )


def _leave_form() -> Form:
    """Pause, resume or leave."""
    mentor_status = fields.field("mentor", "status").vocabulary
    mentee_status = fields.field("mentee", "status").vocabulary
    leave_qs = (
        _id_question(),
        Question(
            "action",
            "What would you like to do?",
            "choice",
            "Pausing keeps you listed but takes you out of new matches; leaving removes your profile file and every "
            "mention of your id in other profiles.",
            options=(
                ("pause", f"Pause: mentor '{dict(mentor_status)['paused']}', mentee '{dict(mentee_status)['paused']}'"),
                (
                    "resume",
                    f"Resume: mentor '{dict(mentor_status)['open']}', mentee '{dict(mentee_status)['looking']}'",
                ),
                ("leave", "Leave: remove my profile and everything about me"),
            ),
            required=True,
        ),
        Question(
            "reason",
            "Anything you want to tell us?",
            "markdown",
            "Optional. Not stored in any profile.",
            max_length=1000,
        ),
    )
    return Form(
        "leave",
        "Pause or leave",
        "Pause your profile, resume it, or remove it and everything about you.",
        "Leave or pause: ",
        ("profile", "leave"),
        "Leaving removes your profile file and your id from everyone else's lists and endorsements. Git history "
        "still holds old versions; "
        "ask the maintainers if you need those removed too.",
        leave_qs,
    )


def _endorse_form() -> Form:
    """Endorse someone: stored in the author's own profile."""
    relation = fields.field("endorsements", fields.ITEM, "relation")
    year = fields.field("endorsements", fields.ITEM, "year")
    text = fields.field("endorsements", fields.ITEM, "text")
    endorse_qs: tuple[Question, ...] = (
        _id_question("Your profile id", "your own profile"),
        Question(
            "endorsement_id",
            "Who are you endorsing?",
            "text",
            "Required. Their profile id (the file name without .yml). The endorsement is stored in your profile, "
            "written by you.",
            required=True,
            max_length=schema.definition("id")["maxLength"],
            placeholder="kofi-mensah",
        ),
        Question(
            "endorsement_relation",
            "How do you know them?",
            "choice",
            _describe(relation, True),
            options=relation.vocabulary,
            required=True,
        ),
        Question(
            "endorsement_year",
            "Year",
            "year",
            _describe(year, True, "The year you worked together."),
            required=True,
        ),
        Question(
            "endorsement_text",
            text.title,
            "markdown",
            _describe(text, True, "Plain text."),
            required=True,
            max_length=text.limits["maxLength"],
        ),
    )
    # the endorsement's own fields: their paths let the converter name the question in the validator's words
    endorse_qs = (
        endorse_qs[0],
        *(replace(q, path=("endorsements", q.id.removeprefix("endorsement_"))) for q in endorse_qs[1:]),
    )
    return Form(
        "endorse",
        "Endorse someone you worked with",
        "Add a short endorsement of a mentor or mentee to your profile.",
        "Endorse: ",
        ("profile", "endorse"),
        f"The endorsement is stored in your own profile. {PUBLIC}",
        endorse_qs,
    )


def _concern_form() -> Form:
    """Report a concern: nothing is converted, maintainers read it."""
    concern_qs = (
        Question(
            "concern_kind",
            "What is it about?",
            "choice",
            "Required.",
            options=(
                ("harassment", "Harassment or abuse"),
                ("impersonation", "Someone pretending to be someone else"),
                ("fake", "A fake or spam profile"),
                ("other", "Something else"),
            ),
            required=True,
        ),
        Question(
            "concern_profile",
            "Which profile?",
            "text",
            "Optional. The profile id, if it is about one.",
            max_length=schema.definition("id")["maxLength"],
        ),
        Question(
            "concern_details",
            "What happened?",
            "markdown",
            "Required. This issue is public: do not write private details here. For anything sensitive, write to the "
            "maintainers privately, at the address at the top of this form.",
            required=True,
            max_length=4000,
        ),
    )
    return Form(
        "concern",
        "Report a concern",
        "Harassment, impersonation or a fake profile.",
        "Concern: ",
        ("concern",),
        "Thank you for telling us. Maintainers read every report. This issue is public: for anything sensitive, "
        "write to the maintainers "
        "privately instead (the address is in the guidance).",
        concern_qs,
    )


def build_forms() -> tuple[Form, ...]:
    """The issue forms, all from the schema, one function each."""
    profile = tuple(_profile_questions())
    return (
        _join_form(profile),
        _update_form(profile),
        _leave_form(),
        _endorse_form(),
        _concern_form(),
        _introduce_form(),
    )


def _introduce_form() -> Form:
    """Ask for an introduction: the mentee names a mentor; the intake checks the pair and tells the mentor."""
    id_max = schema.definition("id")["maxLength"]
    return Form(
        "introduce",
        "Ask for an introduction",
        "Ask a mentor whether they would work with you.",
        "Introduction: ",
        ("introduction",),
        "The mentor is told (on GitHub, if they chose that; otherwise you get their published way to reach them). "
        "If you both agree, the mentorship is recorded for a limited time. This issue is public: to ask privately, "
        "write to the maintainers instead (the address is on the safety page).",
        (
            _id_question("Your profile id", "your profile"),
            Question(
                "mentor_id",
                "The mentor's profile id",
                "text",
                "Required. The mentor's page address ends with it (e.g. thandi-dlamini).",
                required=True,
                max_length=id_max,
                placeholder="thandi-dlamini",
            ),
            Question(
                "message",
                "A short message",
                "markdown",
                "Required. Who you are and what you hope to learn, in a few sentences. Up to 1000 characters.",
                required=True,
                max_length=1000,
            ),
            Question(
                "public",
                "If we agree",
                "ticks",
                "Optional. A mentorship is private unless both of you choose to show it.",
                options=(("public", "I'm happy for our mentorship to be shown publicly, if the mentor is too"),),
            ),
        ),
    )


def forms_by_name() -> dict[str, Form]:
    return {f.name: f for f in build_forms()}


def all_questions(forms: Sequence[Form] | None = None) -> list[Question]:
    return [q for form in (forms or build_forms()) for q in form.questions]
