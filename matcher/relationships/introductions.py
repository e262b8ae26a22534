"""Introductions: a mentee asks a mentor; the mentor accepts or declines; an accepted one becomes a relationship.

Pure decisions on typed profiles (the intake and ``python -m matcher relationships respond`` call
them): is the pair allowed to ask, whom to tell and how, and the relationship file an
acceptance writes. Every refusal is a sentence the person can act on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from matcher.matching import eligibility
from matcher.matching.features import offer_of, seeker_of
from matcher.matching.policy import Policy
from matcher.profile.model import Profile
from matcher.relationships import keys
from matcher.relationships.check import add_months
from matcher.relationships.model import Relationship

# the answers of an introduction issue that the counting needs (GitHub's issue-form body); a heading is the
# question's English label, alone (issues opened before the forms spoke several languages) or followed by its
# translations, " · " between them (matcher.intake.multilingual, which this room may not import)
_FIELD = re.compile(
    r"^### (Your profile id|The mentor's profile id)(?: · .*)?\s*\n+\s*([a-z0-9-]+)\s*$", re.MULTILINE
)


@dataclass(frozen=True)
class Limits:
    """community.toml's [introductions]: open introductions at a time, per mentee and per mentor."""

    per_mentee: int = 3
    per_mentor: int = 5


def parties(body: str) -> tuple[str, str] | None:
    """(mentee id, mentor id) of an introduction issue's body, or None if it isn't one."""
    found: dict[str, str] = {m.group(1): m.group(2) for m in _FIELD.finditer(body)}
    mentee, mentor = found.get("Your profile id"), found.get("The mentor's profile id")
    return (mentee, mentor) if mentee and mentor else None


def open_counts(bodies: Iterable[str]) -> tuple[dict[str, int], dict[str, int]]:
    """How many open introductions each mentee asked for and each mentor was asked for."""
    by_mentee: dict[str, int] = {}
    by_mentor: dict[str, int] = {}
    for body in bodies:
        pair = parties(body)
        if pair:
            by_mentee[pair[0]] = by_mentee.get(pair[0], 0) + 1
            by_mentor[pair[1]] = by_mentor.get(pair[1], 0) + 1
    return by_mentee, by_mentor


def refusals(
    mentee: Profile,
    mentor: Profile,
    policy: Policy,
    *,
    active: Sequence[Relationship] = (),
    open_by_mentee: Mapping[str, int] | None = None,
    open_by_mentor: Mapping[str, int] | None = None,
    limits: Limits = Limits(),
) -> list[str]:
    """Why this introduction can't be asked (empty: it can), in words for the mentee."""
    if mentee.mentee is None:
        return [f"Your profile '{mentee.id}' has no mentee part: add what you look for first (Update my profile)."]
    if mentor.mentor is None:
        return [f"'{mentor.id}' offers no mentoring, so you can't ask them for an introduction."]
    if mentee.id in mentor.avoid or mentor.id in mentee.avoid:
        return [f"An introduction between '{mentee.id}' and '{mentor.id}' isn't possible: please ask another mentor."]
    problems = []
    if any(r.mentee == mentee.id and r.mentor == mentor.id and r.active for r in active):
        problems.append(f"You and '{mentor.id}' already work together.")
    if mentor.mentor.status != "open":
        taking = "is not taking new mentees at the moment" if mentor.mentor.status == "full" else "has paused mentoring"
        problems.append(f"'{mentor.id}' {taking}. The directory shows who is open now.")
    running = sum(1 for r in active if r.mentor == mentor.id and r.active)
    if running >= mentor.mentor.capacity:
        problems.append(f"'{mentor.id}' already mentors as many people as they offered ({mentor.mentor.capacity}).")
    failed = [
        r
        for r in eligibility.failed_rules(
            eligibility.check_pair(seeker_of(mentee, policy), offer_of(mentor, policy), policy)
        )
        if r.rule not in ("mentor-open", "avoid", "mentee-looking")
    ]
    problems += [f"You and '{mentor.id}' can't be matched: {r.detail}." for r in failed]
    if (open_by_mentee or {}).get(mentee.id, 0) >= limits.per_mentee:
        problems.append(
            f"You already have {limits.per_mentee} introductions waiting for an answer: please wait for one before "
            "asking another mentor."
        )
    if (open_by_mentor or {}).get(mentor.id, 0) >= limits.per_mentor:
        problems.append(
            f"'{mentor.id}' has {limits.per_mentor} introductions waiting already. Please ask another mentor, or try "
            "again later."
        )
    return problems


def how_to_reach(mentor: Profile) -> str:
    """What the mentee is told when the mentor isn't notified on GitHub: only what the mentor published."""
    contact = mentor.contact
    links = dict(mentor.links.items())
    if contact and contact.email and contact.preferred == "email":
        return f"by e-mail (the address on their page: {contact.email})"
    if "scheduling" in links:
        return f"through their booking page: {links['scheduling']}"
    if "linkedin" in links and (not contact or contact.preferred == "linkedin"):
        return f"on LinkedIn: {links['linkedin']}"
    if contact and contact.email:
        return f"by e-mail (the address on their page: {contact.email})"
    return "through the maintainers, who pass your message on (the address is on the safety page)"


def notified(mentor: Profile) -> bool:
    """The mentor published a GitHub login and chose to be told about introductions there."""
    return bool(mentor.github and mentor.contact and mentor.contact.notify)


def relationship_file(
    mentee: Profile,
    mentor: Profile,
    *,
    public: bool,
    started: dt.date,
    max_term_months: int,
    topics: Sequence[str],
    introduction: int | None,
    key: bytes | None,
) -> str:
    """The YAML of the relationship an acceptance creates: public with ids, or private with keyed hashes."""
    ends = add_months(started, max_term_months)
    check_ins = [add_months(started, 1), add_months(started, max(1, max_term_months // 2))]
    lines = []
    if public:
        lines += [f"mentee: {mentee.id}", f"mentor: {mentor.id}", "public: true"]
    else:
        if key is None:
            raise ValueError("a private relationship needs the key: only where it is can the file be written")
        lines += [f"mentee: {keys.person_hash(key, mentee.id)}", f"mentor: {keys.person_hash(key, mentor.id)}"]
    if topics:
        lines.append(f"topics: [{', '.join(topics)}]")
    lines += [f"started: {started}", f"ends: {ends}", "status: active"]
    lines.append(f"check_ins: [{', '.join(str(d) for d in sorted(set(check_ins)) if d < ends)}]")
    if public and introduction:
        lines.append(f"introduction: {introduction}")
    return "\n".join(lines) + "\n"


def shared_topics(mentee: Profile, mentor: Profile) -> list[str]:
    if mentee.mentee is None or mentor.mentor is None:
        return []
    offered = set(mentor.mentor.topics)
    return [t for t in mentee.mentee.topics if t in offered][:5]


# --- answering: /accept or /decline on the introduction issue ----------------------------------

_COMMAND = re.compile(r"^\s*/(accept|decline)\b[ \t]*(public)?", re.IGNORECASE)
_PUBLIC_TICK = re.compile(r"^- \[[xX]\] I'm happy for our mentorship to be shown publicly", re.MULTILINE)


@dataclass(frozen=True)
class Answer:
    """What a comment on an introduction decides: nothing, a refusal, a decline, or a relationship to record."""

    status: str  # ignored | refused | declined | accepted
    reply: str = ""
    path: str = ""  # the relationship file to add (accepted)
    text: str = ""
    public: bool = False


def command(comment: str) -> tuple[str, bool] | None:
    """("accept" or "decline", public?) when the comment's first line is a command, else None."""
    found = _COMMAND.match(comment)
    return (found.group(1).lower(), bool(found.group(2))) if found else None


def answer(
    issue_body: str,
    comment: str,
    commenter: str,
    people: Mapping[str, Profile],
    maintainers: frozenset[str],
    *,
    policy: Policy,
    active: Sequence[Relationship],
    today: dt.date,
    max_term_months: int,
    issue: int,
    key: bytes | None,
    taken: Iterable[str] = (),
    token: str = "",
) -> Answer:
    """The mentor (or a maintainer) answers; an acceptance becomes a relationship file, public only if both said so."""
    said, pair = command(comment), parties(issue_body)
    if said is None or pair is None:
        return Answer("ignored")
    verb, mentor_public = said
    mentee, mentor = (people.get(pid) for pid in pair)
    if mentee is None or mentor is None:
        return Answer("refused", "One of the two profiles is gone, so this request can't go on.")
    who = commenter.lower().lstrip("@")
    if who != (mentor.github or "").lower() and who not in maintainers:
        named = f"@{mentor.github}" if mentor.github else "the mentor"
        return Answer("refused", f"Only {named} (or a maintainer) can answer this request.")
    if verb == "decline":
        return Answer(
            "declined",
            "Thank you for answering. This request is closed; nothing about it is published anywhere. "
            f"`{mentee.id}`: the directory shows other mentors who fit.",
        )
    problems = [p for p in refusals(mentee, mentor, policy, active=active) if "waiting" not in p]
    if problems:
        return Answer("refused", "This can't be recorded yet: " + " ".join(problems))
    public = mentor_public and bool(_PUBLIC_TICK.search(issue_body))
    if not public and key is None:
        return Answer(
            "refused",
            "Agreed, thank you both! Private mentorships are recorded by a maintainer who holds the key; "
            "they have been asked to do it.",
        )
    text = relationship_file(
        mentee, mentor, public=public, started=today, max_term_months=max_term_months,
        topics=shared_topics(mentee, mentor), introduction=issue, key=key,
    )  # fmt: skip
    names = set(taken)
    stem = f"{mentee.id}--{mentor.id}" if public else f"r-{token}"
    stem = next(s for s in (stem, *(f"{stem}-{n}" for n in range(2, 100))) if f"{s}.yml" not in names)
    shown = "publicly, as you both chose" if public else "privately: the file names neither of you"
    return Answer(
        "accepted",
        f"Agreed: `{mentee.id}` and `{mentor.id}` start today, for {max_term_months} months. A pull request records "
        f"it {shown}. The guidance on a first meeting and on writing an agreement is on the site.",
        f"relationships/{stem}.yml",
        text,
        public,
    )


# --- the dashboard's counts ------------------------------------------------------------------------


def counts(issues: Sequence[Mapping[str, object]]) -> dict[str, int]:
    """Introductions asked, accepted and declined, from ``gh issue list --json number,body,stateReason,comments``.

    Only numbers leave this function: nothing about who asked whom, and nothing about a declined
    request but that it was one of the declined.
    """
    asked = accepted = declined = 0
    for issue in issues:
        if parties(str(issue.get("body") or "")) is None:
            continue
        asked += 1
        comments = issue.get("comments") or []
        bodies = (
            [str(c.get("body") or "") for c in comments if isinstance(c, Mapping)] if isinstance(comments, list) else []
        )
        if any(b.startswith("Agreed") for b in bodies):
            accepted += 1
        elif str(issue.get("stateReason") or "").upper() == "NOT_PLANNED":
            declined += 1
    return {"asked": asked, "accepted": accepted, "declined": declined}
