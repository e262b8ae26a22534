"""The intake converter: a submitted issue form's body in, a profile change (or words to fix it) out.

    body ──sections──▶ answers ──values──▶ profile mapping ──YAML──▶ parse + validate ──▶ Outcome

GitHub writes a submitted form as ``### Label`` sections in the form's order, ``_No response_``
for an empty answer, ``None`` for an unset dropdown, ``- [X]`` for a ticked box, and joins a
multi-select with ``, ``. The body is untrusted: it is size-capped, never evaluated, and a
person who types a line like ``### Name`` inside an answer can't move the boundaries: the
known labels are placed in order, and where that placement isn't unique the person is asked
to change the line. The result is checked by the same loader and validator as every profile,
and every problem comes back as a sentence that names the form's question, not a traceback.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from io import StringIO
from pathlib import Path
from typing import Any

import pycountry
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from matcher import forms, loader, ownership, schema
from matcher.forms import CLEAR_WORD, PROFILE_ID_ID, PROFILE_YAML_ID, REMOVE_PARTS_ID, Form, Question
from matcher.problems import Problem
from matcher.text import hidden_characters, lookalikes
from matcher.text import message as hidden_message
from matcher.validate import check_document, cross_checks

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


class _Refused(Exception):
    """Raised inside the converter to stop with words for the person; never escapes :func:`convert`."""

    def __init__(self, *problems: str) -> None:
        super().__init__(problems[0] if problems else "")
        self.problems = problems


# --- 1. the body into answers ------------------------------------------------------------------


def _clean(body: str) -> str:
    if len(body) > MAX_BODY_CHARS:
        raise _Refused(
            f"The issue is {len(body):,} characters long; the limit is {MAX_BODY_CHARS:,}. Please shorten your answers."
        )
    return body.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_sections(body: str, labels: Sequence[str]) -> dict[str, str]:
    """The text under each ``### label``, placing the labels in order; refuses when that is ambiguous."""
    lines = _clean(body).split("\n")
    positions = [[i for i, line in enumerate(lines) if line.rstrip() == f"### {label}"] for label in labels]

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
        raise _Refused(
            f"The question '{missing}' is missing from the issue. Please open a new issue with the form instead of "
            "editing its headings."
        )
    if total > 1:
        doubled = [label for label, found in zip(labels, positions, strict=True) if len(found) > 1]
        raise _Refused(
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


def _unfence(text: str) -> str:
    """The first fenced code block (a ``render: yaml`` answer, or a file quoted in an e-mail), else the text."""
    match = _FENCE.search(text)
    return match.group(1) if match else text


# --- 2. answers into values ---------------------------------------------------------------------


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
        return _unfence(text), []
    if question.kind in ("choice", "number"):
        value = _match_option(text, question)
        if value is None:
            choices = ", ".join(choice for _, choice in question.options)
            return None, [f"{label}: '{_short(text)}' is not one of the choices ({choices})."]
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
            problems.append(f"{label}: '{_short(pending)}' is not one of the choices.")
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
                    f"native'; not '{_short(line)}'."
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
    """Question id -> value for every answered question; ``CLEAR_WORD`` stays a marker when ``clearing``."""
    sections = split_sections(body, [q.label for q in form.questions])
    answers: dict[str, Any] = {}
    problems: list[str] = []
    for question in form.questions:
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


# --- 3. values into a profile file ---------------------------------------------------------------


@cache
def _order() -> dict[tuple[str, ...], int]:
    """Schema order of every field path, so new keys land where a person expects them."""
    order: dict[tuple[str, ...], int] = {}
    for index, (name, _) in enumerate(schema.profile_schema()["properties"].items()):
        order[(name,)] = index
        sub = schema.resolve((name,))
        for inner, key in enumerate(sub.get("properties", {})):
            order[(name, key)] = inner
    return order


def _set(root: CommentedMap, path: tuple[str, ...], value: Any) -> None:
    """Set ``path`` in a round-trip mapping, keeping comments and the position of existing keys."""
    node = root
    for depth, part in enumerate(path[:-1]):
        if not isinstance(node.get(part), CommentedMap):
            _insert(node, path[: depth + 1], CommentedMap())
        node = node[part]
    key = path[-1]
    if key in node:
        node[key] = _styled(value, node[key])
    else:
        _insert(node, path, _styled(value, None))


def _insert(node: CommentedMap, path: tuple[str, ...], value: Any) -> None:
    """Insert the last key of ``path`` into ``node`` at its schema position among the keys there."""
    rank = _order().get(path, 999)
    parent = path[:-1]
    position = sum(1 for k in node if _order().get((*parent, k), 999) <= rank)
    node.insert(position, path[-1], value)


def _styled(value: Any, old: Any) -> Any:
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    if isinstance(value, list):
        seq = CommentedSeq(_styled(v, None) for v in value)
        if (isinstance(old, CommentedSeq) and old.fa.flow_style()) or (
            old is None and value and all(isinstance(v, str) for v in value)
        ):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, dict):
        mapping = CommentedMap()
        for k, v in value.items():
            mapping[k] = _styled(v, None)
        return mapping
    return value


def _delete(node: CommentedMap, path: tuple[str, ...]) -> None:
    *parents, key = path
    for part in parents:
        if not isinstance(node.get(part), CommentedMap):
            return
        node = node[part]
    node.pop(key, None)


def _merge(root: CommentedMap, data: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> None:
    """Lay ``data`` over ``root``: mappings merge key by key, everything else replaces."""
    node: Any = root
    for part in prefix:
        node = node[part]
    for key, value in data.items():
        if isinstance(value, Mapping) and isinstance(node.get(key), CommentedMap):
            _merge(root, value, (*prefix, key))
        else:
            _set(root, (*prefix, key), value)


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: comments, order and quoting of untouched fields survive
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    yaml.preserve_quotes = True
    return yaml


def _dump(node: CommentedMap) -> str:
    out = StringIO()
    _yaml().dump(node, out)
    return out.getvalue()


def _load_round_trip(text: str, where: str) -> CommentedMap:
    doc, problems = loader.parse(text, where, Path(where).stem)  # the safe loader screens it first
    if doc is None:
        raise _Refused(*(f"{where} can't be read: {p.message}" for p in problems))
    data = _yaml().load(text)
    if not isinstance(data, CommentedMap):
        raise _Refused(f"{where} is not a profile mapping")
    return data


def _box(text: str, what: str = "Profile from the website") -> dict[str, Any]:
    """The 'Profile from the website' box (or an e-mailed file), read with the same safe loader as every profile."""
    doc, problems = loader.parse(_unfence(text), "the profile box", "box")
    if doc is None or problems:  # duplicate keys, keys that aren't field names: refused, not guessed at
        raise _Refused(*(f"{what}: {p.message} (line {p.line})." for p in problems))
    data = dict(doc.data)
    data.pop("updated", None)  # the converter dates the change itself
    return data


def slugify(name: str) -> str:
    """An id from a name: ASCII letters and digits joined by single hyphens (e.g. 'Ana Popescu' -> 'ana-popescu')."""
    from anyascii import anyascii  # transliterates non-Latin scripts ('Олена' -> 'Olena'); ISC licence

    text = "".join(
        # one ideograph or Hangul block is one syllable: keep syllables apart ('李小龙' -> 'li xiao long')
        f" {anyascii(ch)} " if unicodedata.name(ch, "").startswith(("CJK UNIFIED", "HANGUL SYLLABLE")) else anyascii(ch)
        for ch in unicodedata.normalize("NFKC", name)
        if not unicodedata.category(ch).startswith(("S", "C"))  # no emoji or symbols in an id
    ).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    limit = schema.definition("id")["maxLength"] - 3  # room for a '-99' suffix
    return slug[:limit].strip("-") or "member"


# --- 4. validation and words ----------------------------------------------------------------------


def _short(text: str, limit: int = 80) -> str:
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
    return f"{label}: {_short(problem.message, 300)}"


def _validate(
    text: str, path: str, profile_id: str, others: Sequence[loader.Document], today: dt.date, form: Form
) -> list[str]:
    doc, problems = loader.parse(text, path, profile_id)
    if doc is None:
        return [_words(p, form) for p in problems]
    found = [*problems, *check_document(doc)]
    found += [p for p in cross_checks([*others, doc], today) if p.file == path]
    return list(dict.fromkeys(_words(p, form) for p in found if p.severity == "error"))


def _others(profiles: Path, skip: set[str]) -> list[loader.Document]:
    files, _ = loader.discover([profiles]) if profiles.is_dir() else ([], [])
    docs = []
    for file in files:
        if file.stem in skip:
            continue
        doc, _ = loader.read(file)
        if doc is not None:
            docs.append(doc)
    return docs


# --- 5. the forms, one function each ----------------------------------------------------------------


@dataclass
class _Context:
    form: Form
    author: str
    profiles: Path
    maintainers: frozenset[str]
    today: dt.date
    notes: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)  # answers that couldn't be read, told with the validator's words

    def check(self, text: str, profile_id: str, others: Sequence[loader.Document]) -> None:
        """Refuse with every problem at once: unreadable answers first, then the validator's verdict on the rest."""
        errors = _validate(text, self.rel(profile_id), profile_id, others, self.today, self.form)
        told = {q.label for q in self.form.questions if any(p.startswith(q.label) for p in self.pending)}
        errors = [e for e in errors if not any(e.startswith(label) for label in told)]
        if self.pending or errors:
            raise _Refused(*self.pending, *errors)

    @property
    def is_maintainer(self) -> bool:
        return self.author.lower() in self.maintainers

    def path(self, profile_id: str) -> Path:
        return self.profiles / f"{profile_id}.yml"

    def rel(self, profile_id: str) -> str:
        return f"{self.profiles.as_posix().rstrip('/')}/{profile_id}.yml"

    def existing(self, profile_id: str) -> str:
        if not schema.id_pattern().fullmatch(profile_id):
            raise _Refused(
                f"Profile id: '{_short(profile_id)}' is not a profile id (lowercase letters, digits and hyphens, e.g. "
                "ana-popescu)."
            )
        path = self.path(profile_id)
        if not path.is_file():
            raise _Refused(
                f"Profile id: there is no profile '{profile_id}'. Check the address of your page on the site "
                f"(…/{profile_id}/)."
            )
        return path.read_text(encoding="utf-8")

    def require_owner(self, profile_id: str, text: str) -> None:
        owner = ownership.owner_of(text, self.rel(profile_id))
        if self.is_maintainer or (owner and owner.lower() == self.author.lower()):
            return
        if owner is None:
            raise _Refused(
                f"The profile '{profile_id}' names no GitHub login, so only a maintainer can change it. Please write "
                "to the maintainers."
            )
        raise _Refused(
            f"The profile '{profile_id}' belongs to the GitHub account @{owner}; this issue was opened by "
            f"@{self.author}. "
            "Only that account or a maintainer can change it."
        )

    def check_login(self, login: object) -> None:
        if isinstance(login, str) and login.lower() != self.author.lower() and not self.is_maintainer:
            raise _Refused(
                f"GitHub login: the form says @{_short(login, 40)}, but this issue was opened by @{self.author}. You "
                "can only add or "
                "change a profile for your own GitHub account: leave the field empty, or ask that person to open the "
                "issue."
            )


def _join(ctx: _Context, body: str, email: bool) -> Outcome:
    answers: dict[str, Any] = {}
    problems: list[str] = []
    if email:
        data = _box(body, "The e-mailed profile")
    else:
        answers, problems = read_answers(body, ctx.form)
        data = _box(answers.pop(PROFILE_YAML_ID)) if PROFILE_YAML_ID in answers else {}
    ctx.pending.extend(problems)
    node = CommentedMap()
    _merge(node, data)
    wanted_id = answers.pop(PROFILE_ID_ID, None)
    for question in ctx.form.questions:
        if question.id in answers and question.path:
            value = answers[question.id]
            if question.id == "consent":
                value = {key: True for key in value}
            _set(node, question.path, value)
    if not email and "github" not in node:
        _set(node, ("github",), ctx.author)
    ctx.check_login(node.get("github"))
    _set(node, ("updated",), ctx.today)
    login = ownership.canonical_login(node.get("github"))
    others = _others(ctx.profiles, set())
    if login and not ctx.is_maintainer:
        mine = [d for d in others if ownership.canonical_login(d.data.get("github")) == login]
        if mine:
            raise _Refused(
                f"@{node['github']} already has a profile ({mine[0].path}). Please use the update form to change it."
            )
    taken = {d.id for d in others} | {p.stem for p in ctx.profiles.glob("*.yml")}
    if wanted_id:
        wanted_id = str(wanted_id).strip().lower()
        if not schema.id_pattern().fullmatch(wanted_id) or len(wanted_id) > schema.definition("id")["maxLength"]:
            raise _Refused(
                f"Profile id: '{_short(wanted_id)}' can't be a file name here: use lowercase letters, digits and "
                "single "
                "hyphens, e.g. ana-popescu (or leave it empty)."
            )
        if wanted_id in taken:
            raise _Refused(
                f"Profile id: '{wanted_id}' is taken. Choose another, or use the update form if that profile is yours."
            )
        profile_id = str(wanted_id)
    else:
        base = slugify(str(node.get("name") or ctx.author))
        profile_id = next(c for c in (base, *(f"{base}-{n}" for n in range(2, 100))) if c not in taken)
    text = _dump(node)
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


def _update(ctx: _Context, body: str) -> Outcome:
    answers, problems = read_answers(body, ctx.form, clearing=True)
    ctx.pending.extend(problems)
    profile_id = str(answers.pop(PROFILE_ID_ID, "")).strip()
    if not profile_id:
        raise _Refused("Profile id: please say which profile to change (the file name without .yml).")
    text = ctx.existing(profile_id)
    ctx.require_owner(profile_id, text)
    node = _load_round_trip(text, ctx.rel(profile_id))
    if PROFILE_YAML_ID in answers:
        box = _box(answers.pop(PROFILE_YAML_ID))
        ctx.check_login(box.get("github"))
        _merge(node, box)
    for part in answers.pop(REMOVE_PARTS_ID, []):
        _delete(node, (part,))
    for question in ctx.form.questions:
        if question.id not in answers or not question.path:
            continue
        if answers[question.id] == CLEAR_WORD:
            _delete(node, question.path)
        else:
            if question.path == ("github",):
                ctx.check_login(answers[question.id])
            _set(node, question.path, answers[question.id])
    return _finish(ctx, profile_id, node, "update")


def _finish(ctx: _Context, profile_id: str, node: CommentedMap, action: str) -> Outcome:
    _set(node, ("updated",), ctx.today)
    text = _dump(node)
    others = _others(ctx.profiles, {profile_id})
    ctx.check(text, profile_id, others)
    old = _load_round_trip(ctx.existing(profile_id), ctx.rel(profile_id)).get("name")
    review = _lookalike_review(node.get("name"), others) if node.get("name") != old else ()
    change = (FileChange(ctx.rel(profile_id), text),)
    return Outcome(ctx.form.name, ctx.author, profile_id, action, change, notes=tuple(ctx.notes), review=review)


def _leave(ctx: _Context, body: str) -> Outcome:
    answers, problems = read_answers(body, ctx.form)
    if problems:
        raise _Refused(*problems)
    profile_id = str(answers.get(PROFILE_ID_ID, "")).strip()
    action = answers.get("action")
    if not profile_id or not action:
        raise _Refused("Please give your profile id and choose what you would like to do.")
    text = ctx.existing(profile_id)
    ctx.require_owner(profile_id, text)
    if action == "leave":
        return _remove(ctx, profile_id)
    node = _load_round_trip(text, ctx.rel(profile_id))
    for part, status in (
        ("mentor", {"pause": "paused", "resume": "open"}),
        ("mentee", {"pause": "paused", "resume": "looking"}),
    ):
        if isinstance(node.get(part), CommentedMap):
            _set(node, (part, "status"), status[action])
    return _finish(ctx, profile_id, node, action)


def _remove(ctx: _Context, profile_id: str) -> Outcome:
    changes = [FileChange(ctx.rel(profile_id), None)]
    for doc in _others(ctx.profiles, {profile_id}):
        node = _load_round_trip(Path(doc.path).read_text(encoding="utf-8"), doc.path)
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
            changes.append(FileChange(ctx.rel(doc.id), _dump(node)))
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


def _endorse(ctx: _Context, body: str) -> Outcome:
    answers, problems = read_answers(body, ctx.form)
    if problems:
        raise _Refused(*problems)
    profile_id = str(answers.get(PROFILE_ID_ID, "")).strip()
    if not profile_id:
        raise _Refused("Your profile id: please say which profile is yours (the endorsement is stored there).")
    text = ctx.existing(profile_id)
    ctx.require_owner(profile_id, text)
    node = _load_round_trip(text, ctx.rel(profile_id))
    entry = {key: answers.get(f"endorsement_{key}") for key in ("id", "relation", "year", "text")}
    missing = [ctx.form.question(f"endorsement_{k}").label for k, v in entry.items() if v in (None, "")]
    if missing:
        raise _Refused(*(f"{label}: please answer this question." for label in missing))
    existing = node.get("endorsements")
    items = [e for e in (existing or []) if not (isinstance(e, Mapping) and e.get("id") == entry["id"])]
    _set(node, ("endorsements",), [*items, entry])
    node["endorsements"].fa.set_block_style()
    subject = str(entry["id"])
    accepted = _load_round_trip(ctx.existing(subject), ctx.rel(subject)).get("endorsements_accepted") or []
    if profile_id in accepted:
        ctx.notes.append(f"`{subject}` already accepts your endorsements, so it shows on their page after the build.")
    else:
        ctx.notes.append(
            f"It appears on `{subject}`'s page only once they accept it: they add your id `{profile_id}` to "
            "*Endorsements you accept* with the *Update my profile* form (and can take it out again at any time)."
        )
    return _finish(ctx, profile_id, node, "endorse")


def _introduce(ctx: _Context, body: str, open_bodies: Sequence[str], folder: Path) -> Outcome:
    """A mentee asks a mentor: check the pair, then say whom we told and how (no file changes)."""
    from matcher import settings
    from matcher.model import Profile
    from matcher.policy import load_policy
    from matcher.relationships import check, introductions, keys

    answers, problems = read_answers(body, ctx.form)
    if problems:
        raise _Refused(*problems)
    mentee_id = str(answers.get(PROFILE_ID_ID, "")).strip()
    mentor_id = str(answers.get("mentor_id", "")).strip().lower()
    missing = [ctx.form.question(q).label for q, v in ((PROFILE_ID_ID, mentee_id), ("mentor_id", mentor_id)) if not v]
    if missing or not str(answers.get("message", "")).strip():
        labels = missing or [ctx.form.question("message").label]
        raise _Refused(*(f"{label}: please answer this question." for label in labels))
    mentee_text = ctx.existing(mentee_id)
    ctx.require_owner(mentee_id, mentee_text)  # only the mentee (or a maintainer) asks on their behalf
    mentor_text = ctx.existing(mentor_id)
    people = {}
    for pid, text in ((mentee_id, mentee_text), (mentor_id, mentor_text)):
        doc, found = loader.parse(text, ctx.rel(pid), pid)
        if doc is None or found or check_document(doc):
            raise _Refused(f"The profile '{pid}' has problems to fix first; a maintainer has been told.")
        people[pid] = Profile.from_raw(pid, doc.data, doc.path)
    community = settings.load(settings.settings_path())
    limits = introductions.Limits(community.introductions_per_mentee, community.introductions_per_mentor)
    valid = [d for d in _others(ctx.profiles, set()) if not check_document(d)]
    all_profiles = [Profile.from_raw(d.id, d.data, d.path) for d in valid]
    active = check.check_relationships(folder, all_profiles, key=keys.load_key()).relationships
    by_mentee, by_mentor = introductions.open_counts(open_bodies)
    refused = introductions.refusals(
        people[mentee_id], people[mentor_id], load_policy(), active=active,
        open_by_mentee=by_mentee, open_by_mentor=by_mentor, limits=limits,
    )  # fmt: skip
    if refused:
        raise _Refused(*refused)
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
    ctx = _Context(form, author, profiles, frozenset(m.lower() for m in maintainers), today)
    try:
        body = _clean(body)
        if form_name == "concern":
            read_answers(body, form)  # checks the body is this form; nothing to convert
            return Outcome(form_name, author, action="concern")
        if form_name in ("join", EMAIL_FORM):
            return _join(ctx, body, form_name == EMAIL_FORM)
        if form_name == "introduce":
            return _introduce(ctx, body, open_introductions, relationships or profiles.parent / "relationships")
        return {"update": _update, "leave": _leave, "endorse": _endorse}[form_name](ctx, body)
    except _Refused as refused:
        return Outcome(form_name, author, problems=tuple(refused.problems))


def detect_form(body: str) -> str | None:
    """The form whose questions a body answers, by its ``### `` headings; None for any other issue."""
    try:
        text = _clean(body)
    except _Refused:
        return None
    headings = [line[4:].rstrip() for line in text.split("\n") if line.startswith("### ")]
    for form in forms.build_forms():
        labels = [q.label for q in form.questions]
        if headings[: len(labels)] == labels or set(labels) <= set(headings):
            return form.name
    return None


def apply(outcome: Outcome, root: Path = Path(".")) -> list[str]:
    """Write the outcome's changes under ``root``; the paths touched."""
    touched = []
    for change in outcome.changes:
        target = root / change.path
        if change.text is None:
            target.unlink(missing_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(change.text, encoding="utf-8")
        touched.append(change.path)
    return touched


# --- 6. what the person reads -------------------------------------------------------------------------


def _inert(lines: Sequence[str]) -> str:
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
            f"you typed them):\n\n{_inert(outcome.problems)}\n\n"
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


def run_cli(args: Any) -> int:
    """``python -m matcher intake``: 0 when the change is written (or the issue is no form), 1 with words to fix."""
    import sys

    text = sys.stdin.read() if args.body == "-" else Path(args.body).read_text(encoding="utf-8", errors="replace")
    form_name = detect_form(text) if args.form == "auto" else args.form
    results: dict[str, str] = {}
    if form_name is None:
        print("This issue doesn't answer one of the profile forms: nothing to do.")
        results["status"] = "ignored"
        _write_outputs(args.outputs, results)
        return 0
    maintainers = ownership.load_maintainers(Path(args.settings))
    today = dt.date.fromisoformat(args.today) if args.today else None
    open_bodies: list[str] = []
    if args.open_introductions:
        import json

        listed = json.loads(Path(args.open_introductions).read_text(encoding="utf-8") or "[]")
        open_bodies = [str(i.get("body") or "") for i in listed if i.get("number") != args.issue]
    outcome = convert(
        text,
        form_name,
        args.author,
        profiles=Path(args.profiles),
        maintainers=maintainers,
        today=today,
        open_introductions=open_bodies,
    )
    words = comment(outcome)
    if outcome.ok and not args.dry_run:
        for path in apply(outcome):
            print(f"{'Removed' if not Path(path).exists() else 'Wrote'} {path}", file=sys.stderr)
    print(words)
    if args.comment:
        Path(args.comment).write_text(words + "\n", encoding="utf-8")
    results = {
        "status": "ok" if outcome.ok else "problems",
        "form": form_name,
        "action": outcome.action,
        "profile_id": outcome.profile_id or "",
        "changed": str(len(outcome.changes)),
        "review": str(len(outcome.review)),
    }
    if args.review and outcome.review:
        Path(args.review).write_text(_inert(outcome.review) + "\n", encoding="utf-8")
    _write_outputs(args.outputs, results)
    return 0 if outcome.ok else 1


def _write_outputs(path: str | None, results: Mapping[str, str]) -> None:
    if not path:
        return
    # every value is a fixed word or a validated id: no newline can reach the outputs file
    with open(path, "a", encoding="utf-8") as out:
        for key, value in results.items():
            out.write(f"{key}={value}\n")
