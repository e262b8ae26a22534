"""5. The forms, one function each: join, update, pause or leave, endorse, introduce."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from matcher.intake import ownership
from matcher.intake.answers import read_answers
from matcher.intake.edit import delete_path, dump, load_round_trip, merge, read_box, set_path, slugify
from matcher.intake.outcome import FileChange, Outcome, Refused
from matcher.intake.questions import CLEAR_WORD, PROFILE_ID_ID, PROFILE_YAML_ID, REMOVE_PARTS_ID, Form
from matcher.intake.words import other_documents, short, validate_text
from matcher.profile import loader, schema
from matcher.profile.text import canonical_login, lookalikes
from matcher.profile.validate import check_document


@dataclass
class Context:
    form: Form
    author: str
    profiles: Path
    maintainers: frozenset[str]
    today: dt.date
    notes: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # answers that couldn't be read, told with the validator's words

    def check(self, text: str, profile_id: str, others: Sequence[loader.Document]) -> None:
        """Refuse with every problem at once: unreadable answers first, then the validator's verdict on the rest."""
        errors = validate_text(text, self.rel(profile_id), profile_id, others, self.today, self.form)
        told = {q.label for q in self.form.questions if any(p.startswith(q.label) for p in self.pending)}
        errors = [e for e in errors if not any(e.startswith(label) for label in told)]
        if self.pending or errors:
            raise Refused(*self.pending, *errors)

    @property
    def is_maintainer(self) -> bool:
        return self.author.lower() in self.maintainers

    def path(self, profile_id: str) -> Path:
        return self.profiles / f"{profile_id}.yml"

    def rel(self, profile_id: str) -> str:
        return f"{self.profiles.as_posix().rstrip('/')}/{profile_id}.yml"

    def existing(self, profile_id: str) -> str:
        if not schema.id_pattern().fullmatch(profile_id):
            raise Refused(
                f"Profile id: '{short(profile_id)}' is not a profile id (lowercase letters, digits and hyphens, e.g. "
                "ana-popescu)."
            )
        path = self.path(profile_id)
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise Refused(
                f"The profile '{profile_id}' is not a plain file in the repository, so it can't be changed here: "
                "a maintainer has to look at it."
            )
        if not path.is_file():
            raise Refused(
                f"Profile id: there is no profile '{profile_id}'. Check the address of your page on the site "
                f"(…/{profile_id}/)."
            )
        return path.read_text(encoding="utf-8")

    def require_owner(self, profile_id: str, text: str) -> None:
        owner = ownership.owner_of(text, self.rel(profile_id))
        if self.is_maintainer or (owner and owner.lower() == self.author.lower()):
            return
        if owner is None:
            raise Refused(
                f"The profile '{profile_id}' names no GitHub login, so only a maintainer can change it. Please write "
                "to the maintainers."
            )
        raise Refused(
            f"The profile '{profile_id}' belongs to the GitHub account @{owner}; this issue was opened by "
            f"@{self.author}. "
            "Only that account or a maintainer can change it."
        )

    def check_login(self, login: object) -> None:
        if isinstance(login, str) and login.lower() != self.author.lower() and not self.is_maintainer:
            raise Refused(
                f"GitHub login: the form says @{short(login, 40)}, but this issue was opened by @{self.author}. You "
                "can only add or "
                "change a profile for your own GitHub account: leave the field empty, or ask that person to open the "
                "issue."
            )


def join(ctx: Context, body: str, email: bool) -> Outcome:
    answers: dict[str, Any] = {}
    problems: list[str] = []
    if email:
        data = read_box(body, "The e-mailed profile")
    else:
        answers, problems = read_answers(body, ctx.form)
        data = read_box(answers.pop(PROFILE_YAML_ID)) if PROFILE_YAML_ID in answers else {}
    ctx.pending.extend(problems)
    node = CommentedMap()
    merge(node, data)
    wanted_id = answers.pop(PROFILE_ID_ID, None)
    for question in ctx.form.questions:
        if question.id in answers and question.path:
            value = answers[question.id]
            if question.id == "consent":
                value = {key: True for key in value}
            set_path(node, question.path, value)
    if not email and "github" not in node:
        set_path(node, ("github",), ctx.author)
    ctx.check_login(node.get("github"))
    set_path(node, ("updated",), ctx.today)
    login = canonical_login(node.get("github"))
    others = other_documents(ctx.profiles, set())
    if login and not ctx.is_maintainer:
        mine = [d for d in others if canonical_login(d.data.get("github")) == login]
        if mine:
            raise Refused(
                f"@{node['github']} already has a profile ({mine[0].path}). Please use the update form to change it."
            )
    taken = {d.id for d in others} | {p.stem for p in ctx.profiles.glob("*.yml")}
    if wanted_id:
        wanted_id = str(wanted_id).strip().lower()
        if not schema.id_pattern().fullmatch(wanted_id) or len(wanted_id) > schema.definition("id")["maxLength"]:
            raise Refused(
                f"Profile id: '{short(wanted_id)}' can't be a file name here: use lowercase letters, digits and "
                "single "
                "hyphens, e.g. ana-popescu (or leave it empty)."
            )
        if wanted_id in taken:
            raise Refused(
                f"Profile id: '{wanted_id}' is taken. Choose another, or use the update form if that profile is yours."
            )
        profile_id = str(wanted_id)
    else:
        base = slugify(str(node.get("name") or ctx.author))
        profile_id = next(c for c in (base, *(f"{base}-{n}" for n in range(2, 100))) if c not in taken)
    text = dump(node)
    ctx.check(text, profile_id, others)
    change = (FileChange(ctx.rel(profile_id), text),)
    review = _lookalike_review(node.get("name"), others)
    return Outcome(ctx.form.name, ctx.author, profile_id, "join", change, notes=tuple(ctx.notes), review=review)


def _lookalike_review(name: object, others: list[loader.Document]) -> tuple[str, ...]:
    """A note for the maintainers when a new name is the same as, or looks like, someone else's."""
    if not isinstance(name, str):
        return ()
    named = [(d.id, d.data["name"]) for d in others if isinstance(d.data.get("name"), str)]
    return tuple(
        f"The name {name!r} is the same as, or looks like, the name of `{other_id}` ({other!r}): "
        "please confirm that this is a different person, not someone posing as them."
        for other_id, other in lookalikes(name, named)
    )


def update(ctx: Context, body: str) -> Outcome:
    answers, problems = read_answers(body, ctx.form, clearing=True)
    ctx.pending.extend(problems)
    profile_id = str(answers.pop(PROFILE_ID_ID, "")).strip()
    if not profile_id:
        raise Refused("Profile id: please say which profile to change (the file name without .yml).")
    text = ctx.existing(profile_id)
    ctx.require_owner(profile_id, text)
    node = load_round_trip(text, ctx.rel(profile_id))
    if PROFILE_YAML_ID in answers:
        box = read_box(answers.pop(PROFILE_YAML_ID))
        ctx.check_login(box.get("github"))
        merge(node, box)
    for part in answers.pop(REMOVE_PARTS_ID, []):
        delete_path(node, (part,))
    for question in ctx.form.questions:
        if question.id not in answers or not question.path:
            continue
        if answers[question.id] == CLEAR_WORD:
            delete_path(node, question.path)
        else:
            if question.path == ("github",):
                ctx.check_login(answers[question.id])
            set_path(node, question.path, answers[question.id])
    return _finish(ctx, profile_id, node, "update")


def _finish(ctx: Context, profile_id: str, node: CommentedMap, action: str) -> Outcome:
    set_path(node, ("updated",), ctx.today)
    text = dump(node)
    others = other_documents(ctx.profiles, {profile_id})
    ctx.check(text, profile_id, others)
    old = load_round_trip(ctx.existing(profile_id), ctx.rel(profile_id)).get("name")
    review = _lookalike_review(node.get("name"), others) if node.get("name") != old else ()
    change = (FileChange(ctx.rel(profile_id), text),)
    return Outcome(ctx.form.name, ctx.author, profile_id, action, change, notes=tuple(ctx.notes), review=review)


def leave(ctx: Context, body: str) -> Outcome:
    answers, problems = read_answers(body, ctx.form)
    if problems:
        raise Refused(*problems)
    profile_id = str(answers.get(PROFILE_ID_ID, "")).strip()
    action = answers.get("action")
    if not profile_id or not action:
        raise Refused("Please give your profile id and choose what you would like to do.")
    text = ctx.existing(profile_id)
    ctx.require_owner(profile_id, text)
    if action == "leave":
        return _remove(ctx, profile_id)
    node = load_round_trip(text, ctx.rel(profile_id))
    for part, status in (
        ("mentor", {"pause": "paused", "resume": "open"}),
        ("mentee", {"pause": "paused", "resume": "looking"}),
    ):
        if isinstance(node.get(part), CommentedMap):
            set_path(node, (part, "status"), status[action])
    return _finish(ctx, profile_id, node, action)


def _remove(ctx: Context, profile_id: str) -> Outcome:
    changes = [FileChange(ctx.rel(profile_id), None)]
    for doc in other_documents(ctx.profiles, {profile_id}):
        node = load_round_trip(Path(doc.path).read_text(encoding="utf-8"), doc.path)
        touched = False
        for key in ("interested_in", "avoid", "endorsements", "endorsements_accepted"):
            items = node.get(key)
            if not isinstance(items, list):
                continue
            keep = [x for x in items if x != profile_id and not (isinstance(x, Mapping) and x.get("id") == profile_id)]
            if len(keep) != len(items):
                touched = True
                if keep:
                    for x in [x for x in items if x not in keep]:
                        items.remove(x)
                else:
                    del node[key]
        if touched:
            changes.append(FileChange(ctx.rel(doc.id), dump(node)))
    mentions = len(changes) - 1
    if mentions:
        ctx.notes.append(
            f"Your id is also taken out of {mentions} other profile{'s' if mentions != 1 else ''} that mentioned you."
        )
    ended = _relationships_of(ctx.profiles.parent / "relationships", profile_id)
    changes += [FileChange(path, None) for path in ended]
    if ended:
        ctx.notes.append(f"Your {len(ended)} mentorship record{'s are' if len(ended) != 1 else ' is'} removed too.")
    return Outcome(ctx.form.name, ctx.author, profile_id, "leave", tuple(changes), notes=tuple(ctx.notes))


def _relationships_of(folder: Path, profile_id: str) -> list[str]:
    """The relationship files naming ``profile_id`` (private ones too, where the key is): a leaver leaves no trace."""
    from matcher.relationships import keys

    if not folder.is_dir():
        return []
    key = keys.load_key()
    mine = {profile_id, *([keys.person_hash(key, profile_id)] if key else [])}
    found = []
    for path in loader.discover([folder])[0]:
        doc, _ = loader.read(path)
        if doc is not None and {doc.data.get("mentee"), doc.data.get("mentor")} & mine:
            found.append(path.as_posix())
    return sorted(found)


def endorse(ctx: Context, body: str) -> Outcome:
    answers, problems = read_answers(body, ctx.form)
    if problems:
        raise Refused(*problems)
    profile_id = str(answers.get(PROFILE_ID_ID, "")).strip()
    if not profile_id:
        raise Refused("Your profile id: please say which profile is yours (the endorsement is stored there).")
    text = ctx.existing(profile_id)
    ctx.require_owner(profile_id, text)
    node = load_round_trip(text, ctx.rel(profile_id))
    entry = {key: answers.get(f"endorsement_{key}") for key in ("id", "relation", "year", "text")}
    missing = [ctx.form.question(f"endorsement_{k}").label for k, v in entry.items() if v in (None, "")]
    if missing:
        raise Refused(*(f"{label}: please answer this question." for label in missing))
    existing = node.get("endorsements")
    items = [e for e in (existing or []) if not (isinstance(e, Mapping) and e.get("id") == entry["id"])]
    set_path(node, ("endorsements",), [*items, entry])
    node["endorsements"].fa.set_block_style()
    subject = str(entry["id"])
    accepted = load_round_trip(ctx.existing(subject), ctx.rel(subject)).get("endorsements_accepted") or []
    if profile_id in accepted:
        ctx.notes.append(f"`{subject}` already accepts your endorsements, so it shows on their page after the build.")
    else:
        ctx.notes.append(
            f"It appears on `{subject}`'s page only once they accept it: they add your id `{profile_id}` to "
            "*Endorsements you accept* with the *Update my profile* form (and can take it out again at any time)."
        )
    return _finish(ctx, profile_id, node, "endorse")


def introduce(ctx: Context, body: str, open_bodies: Sequence[str], folder: Path) -> Outcome:
    """A mentee asks a mentor: check the pair, then say whom we told and how (no file changes)."""
    from matcher import settings
    from matcher.matching.policy import load_policy
    from matcher.profile.model import Profile
    from matcher.relationships import check, introductions, keys

    answers, problems = read_answers(body, ctx.form)
    if problems:
        raise Refused(*problems)
    mentee_id = str(answers.get(PROFILE_ID_ID, "")).strip()
    mentor_id = str(answers.get("mentor_id", "")).strip().lower()
    missing = [ctx.form.question(q).label for q, v in ((PROFILE_ID_ID, mentee_id), ("mentor_id", mentor_id)) if not v]
    if missing or not str(answers.get("message", "")).strip():
        labels = missing or [ctx.form.question("message").label]
        raise Refused(*(f"{label}: please answer this question." for label in labels))
    mentee_text = ctx.existing(mentee_id)
    ctx.require_owner(mentee_id, mentee_text)  # only the mentee (or a maintainer) asks on their behalf
    mentor_text = ctx.existing(mentor_id)
    people = {}
    for pid, text in ((mentee_id, mentee_text), (mentor_id, mentor_text)):
        doc, found = loader.parse(text, ctx.rel(pid), pid)
        if doc is None or found or check_document(doc):
            raise Refused(f"The profile '{pid}' has problems to fix first; a maintainer has been told.")
        people[pid] = Profile.from_raw(pid, doc.data, doc.path)
    community = settings.load(settings.settings_path())
    limits = introductions.Limits(community.introductions_per_mentee, community.introductions_per_mentor)
    valid = [d for d in other_documents(ctx.profiles, set()) if not check_document(d)]
    all_profiles = [Profile.from_raw(d.id, d.data, d.path) for d in valid]
    active = check.check_relationships(folder, all_profiles, key=keys.load_key()).relationships
    by_mentee, by_mentor = introductions.open_counts(open_bodies)
    refused = introductions.refusals(
        people[mentee_id], people[mentor_id], load_policy(), active=active,
        open_by_mentee=by_mentee, open_by_mentor=by_mentor, limits=limits,
    )  # fmt: skip
    if refused:
        raise Refused(*refused)
    mentor = people[mentor_id]
    if introductions.notified(mentor):
        ctx.notes.append(
            f"@{mentor.github}: `{mentee_id}` asks whether you would mentor them (their message is above). Reply "
            "`/accept` to agree (`/accept public` if you are both happy to show it), or `/decline`: no reason "
            "needed, and nothing about a declined request is published."
        )
    else:
        ctx.notes.append(
            f"`{mentor_id}` chose not to be told on GitHub, so they are not mentioned here. Please reach them "
            f"{introductions.how_to_reach(mentor)}, and mention this issue. If you agree to work together, "
            f"`{mentor_id}` (or a maintainer) replies here with `/accept`."
        )
    return Outcome(ctx.form.name, ctx.author, mentee_id, "introduce", notes=tuple(ctx.notes))
