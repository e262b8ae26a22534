"""6. What the person reads: the comment on their issue, with their answers quoted inertly."""

from __future__ import annotations

import re
from collections.abc import Sequence

from matcher.intake.outcome import Outcome


def inert(lines: Sequence[str]) -> str:
    """Lines that quote a person's answers, as a fenced code block: shown as typed, never rendered.

    Inside a code block GitHub renders no Markdown, HTML, link, image, autolink or @mention, so
    an answer can't become a live link, a tracking image or a ping in the project's voice. The
    fence is longer than any run of backticks in the text, so the text can't close it.
    """
    body = "\n".join(f"- {line}" for line in lines)
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{body}\n{fence}"


def comment(outcome: Outcome) -> str:
    """The Markdown comment for the issue: what happens next, or what to fix."""
    who = f"@{outcome.author}"
    if not outcome.ok:
        return (
            f"Thank you, {who}. Before this can go ahead, please fix the following (your answers are quoted as "
            f"you typed them):\n\n{inert(outcome.problems)}\n\n"
            "Edit this issue (the ··· menu at its top right, then *Edit*) and fix your answers; the check runs again "
            "when you save."
        )
    if outcome.action == "introduce":
        return f"Thank you, {who}! Your request for an introduction is checked: the pair fits.\n\n" + "\n\n".join(
            outcome.notes
        )
    if outcome.action == "concern":
        return (
            f"Thank you, {who}. A maintainer will read your report. "
            "If anything here is sensitive, please write to the maintainers privately instead."
        )
    files = ", ".join(
        f"`{c.path}`" for c in outcome.changes if c.text is not None and c.path.endswith(f"/{outcome.profile_id}.yml")
    )
    what = {
        "join": f"Your answers became the profile file {files} (your profile id is `{outcome.profile_id}`).",
        "update": f"Your changes are in {files}.",
        "pause": f"Your profile {files} is paused: you stay listed but get no new suggestions.",
        "resume": f"Your profile {files} is open again.",
        "endorse": f"Your endorsement is added to your profile {files}.",
        "leave": f"Your profile `{outcome.profile_id}` will be removed.",
    }[outcome.action]
    notes = "".join(f" {n}" for n in outcome.notes)
    looked = (
        "\n\nYour name is the same as, or looks like, another person's in the directory, so a maintainer will check "
        "that the two of you are different people before the change is merged. Nothing is wrong on your side."
        if outcome.review
        else ""
    )
    return (
        f"Thank you, {who}! {what}{notes}{looked}\n\nA pull request with this change is opened for a maintainer to "
        "review. Once it is merged, "
        "the site shows it after the next nightly build. To change anything later, use the *Update my profile* form."
    )
