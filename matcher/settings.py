"""A community's settings: ``community.toml``, the one file a fork edits.

Every part reads it through :func:`load`: the site (name, description, contact address, public
address, stale grace period), the stale report, the intake and the issue forms (contact
address, maintainers), the ownership check (maintainers, read from the base branch as text
with :func:`parse`), and the workflows (``python -m matcher settings --check-publish``).

A mistake stops whoever reads it with a message that names the file, the line where it can be
found, and the key. Placeholders (the upstream project's own values, or an address at one of
the domains reserved for examples) are allowed for local builds and tests, and refused by
:func:`publish_problems`, which ``invoke build --publish`` and the nightly deploy call.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from matcher.profile.model import STALE_AFTER_DAYS
from matcher.profile.schema import is_email
from matcher.profile.text import canonical_login, hidden_characters
from matcher.profile.text import message as hidden_message

SETTINGS_FILE = "community.toml"
# Names another settings file (tests, a second community built from the same checkout); every
# reader of the settings (the site's pelicanconf.py, the CLI, the forms generator) honours it.
SETTINGS_ENV = "MENTOR_COMMONS_SETTINGS"
STALE_GRACE_DAYS = 90

PLACEHOLDER_MAINTAINERS = frozenset({"mentor-commons-maintainer"})
# RFC 2606 and RFC 6761 names that can never reach a real inbox
_RESERVED_DOMAINS = ("example.org", "example.com", "example.net", "example", "invalid", "test", "localhost")

_REPOSITORY = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}/[A-Za-z0-9._-]{1,100}")
# a plain addr-spec: no display name, no query, no comments; what a mailto: link can carry as is

_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Z]{2}|-[A-Z][a-z]{3})?")

_KEYS = {
    "": {
        "name",
        "description",
        "maintainers",
        "contact_email",
        "url",
        "repository",
        "languages",
        "profiles",
        "relationships",
        "introductions",
    },
    "profiles": {"stale_after_days", "stale_grace_days"},
    "relationships": {"max_term_months"},
    "introductions": {"max_open_per_mentee", "max_open_per_mentor"},
}


class SettingsError(ValueError):
    """``community.toml`` can't be read, or a setting in it is missing or wrong."""


class PublishRefused(SettingsError):
    """The settings still hold placeholders: the public site is not built."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        listed = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"Not publishing: {len(problems)} setting(s) in {source} to fill in first:\n{listed}")


@dataclass(frozen=True)
class Community:
    name: str
    description: str
    maintainers: frozenset[str]  # lower-case GitHub logins
    contact_email: str
    url: str  # "" or an absolute http(s) address without a trailing slash
    repository: str  # "OWNER/REPO" on GitHub, or "" (then $GITHUB_REPOSITORY, which every workflow run has)
    stale_after_days: int
    stale_grace_days: int
    max_term_months: int = 6  # [relationships]: the longest term before a relationship must be renewed
    introductions_per_mentee: int = 3  # [introductions]: open requests at a time
    introductions_per_mentor: int = 5
    # The site's languages (BCP 47 tags with a catalog in matcher/site/locales), the first at the root,
    # each other under its own folder (fr/); the issue forms ask each question in all of them.
    languages: tuple[str, ...] = ("en",)
    source: str = SETTINGS_FILE
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)  # key -> line in the file

    def where(self, key: str) -> str:
        """``community.toml:LINE: key``, the start of every message about a setting."""
        return f"{self.source}:{self.lines.get(key, 1)}: {key}"

    @property
    def real_maintainers(self) -> frozenset[str]:
        """The maintainers who may be granted anything: never the upstream placeholder."""
        return self.maintainers - PLACEHOLDER_MAINTAINERS

    @property
    def github_repository(self) -> str:
        """OWNER/REPO: the setting, else the repository a workflow runs in ($GITHUB_REPOSITORY), else ""."""
        return self.repository or os.environ.get("GITHUB_REPOSITORY", "").strip()

    @property
    def repository_url(self) -> str:
        """Where people open issues (the forms): https://github.com/OWNER/REPO, or "" when unknown."""
        return f"https://github.com/{self.github_repository}" if self.github_repository else ""

    @property
    def pages_url(self) -> str:
        """The site's address as written here: ``url``, else the GitHub Pages address of ``repository``, else "".

        Only what the file says (never the environment): generated files that are committed
        read it, and must come out the same on a laptop and in CI.
        """
        if self.url:
            return self.url
        owner, _, name = self.repository.partition("/")
        if not owner:
            return ""
        host = f"{owner.lower()}.github.io"
        return f"https://{host}" + ("" if name.lower() == host else f"/{name}")  # a user site has no sub-path


def _line_of(text: str, key: str) -> int:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def parse(text: str, source: str = SETTINGS_FILE) -> Community:
    """The settings in ``text`` (the contents of ``community.toml``), checked."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{source}: {exc}") from None

    def fail(key: str, message: str) -> SettingsError:
        return SettingsError(f"{source}:{_line_of(text, key.rsplit('.', 1)[-1])}: {key}: {message}")

    for table, allowed in _KEYS.items():
        values = data.get(table, {}) if table else data
        if not isinstance(values, Mapping):
            raise fail(table, "must be a table, e.g. [profiles]")
        for key in sorted(set(values) - allowed):
            where = f"{table}.{key}" if table else key
            raise fail(where, f"unknown setting (known: {', '.join(sorted(allowed))})")

    def text_value(key: str, limit: int, required: bool = True) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise fail(key, f"must be text in quotes, not {value!r}")
        value = value.strip()
        if required and not value:
            raise fail(key, "must not be empty")
        if len(value) > limit or any(ord(ch) < 32 for ch in value):
            raise fail(key, f"must be one line of at most {limit} characters")
        hidden = hidden_characters(value)
        if hidden:
            raise fail(key, hidden_message(hidden))
        return value

    name = text_value("name", 80)
    description = text_value("description", 200)

    maintainers = data.get("maintainers")
    if not isinstance(maintainers, list) or not maintainers:
        raise fail("maintainers", 'must be a list of GitHub logins, e.g. ["ada-lovelace", "grace-hopper"]')
    logins: set[str] = set()
    for login in maintainers:
        canonical = canonical_login(login)
        if canonical is None:
            raise fail("maintainers", f"{login!r} is not a GitHub login (letters, digits and single hyphens)")
        logins.add(canonical)

    contact = text_value("contact_email", 254)
    if not is_email(contact):  # the profile's own rule: a plain address, nothing a mailto: link would read
        raise fail("contact_email", f"{contact!r} is not a plain e-mail address such as safety@your-org.org")

    repository = text_value("repository", 140, required=False).removeprefix("https://github.com/").strip("/")
    if repository and not _REPOSITORY.fullmatch(repository):
        raise fail("repository", f"{repository!r} must be the GitHub repository as OWNER/REPO, e.g. our-org/mentors")
    url = text_value("url", 300, required=False).rstrip("/")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in {"https", "http"} or not parts.hostname or parts.query or parts.fragment:
            raise fail("url", f"{url!r} must be an address such as https://mentors.your-org.org or empty")

    def number(where: str, key: str, default: int, low: int, high: int, unit: str) -> int:
        value = data.get(where, {}).get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise fail(f"{where}.{key}", f"must be a whole number of {unit} from {low} to {high}, not {value!r}")
        return value

    def days(key: str, default: int, low: int, high: int) -> int:
        return number("profiles", key, default, low, high, "days")

    languages = data.get("languages", ["en"])
    if not isinstance(languages, list) or not languages or not all(isinstance(x, str) for x in languages):
        raise fail("languages", 'must be a list of language tags, the default first, e.g. ["en", "fr", "ar"]')
    for tag in languages:
        if not _LANGUAGE_TAG.fullmatch(tag):
            raise fail("languages", f"{tag!r} is not a language tag such as en, fr, ar or pt-BR")
    if len(set(languages)) != len(languages):
        raise fail("languages", "names a language twice")

    return Community(
        name=name,
        description=description,
        maintainers=frozenset(logins),
        contact_email=contact,
        url=url,
        repository=repository,
        stale_after_days=days("stale_after_days", STALE_AFTER_DAYS, 30, 3650),
        stale_grace_days=days("stale_grace_days", STALE_GRACE_DAYS, 0, 3650),
        max_term_months=number("relationships", "max_term_months", 6, 1, 24, "months"),
        introductions_per_mentee=number("introductions", "max_open_per_mentee", 3, 1, 20, "requests"),
        introductions_per_mentor=number("introductions", "max_open_per_mentor", 5, 1, 50, "requests"),
        languages=tuple(languages),
        source=source,
        lines={key: _line_of(text, key) for key in _KEYS[""] - {"profiles", "relationships", "introductions"}},
    )


def settings_path(root: Path | str | None = None) -> Path:
    """Where the settings are: ``$MENTOR_COMMONS_SETTINGS`` if set, else ``community.toml`` in ``root`` (or here)."""
    named = os.environ.get(SETTINGS_ENV, "").strip()
    if named:
        return Path(named)
    return Path(root or ".") / SETTINGS_FILE


def load(path: Path | str = SETTINGS_FILE) -> Community:
    """Read and check ``community.toml`` (by default, the one in the current folder)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"{path}: can't read the community settings ({exc.strerror})") from None
    return parse(text, str(path))


def _is_placeholder_email(address: str) -> bool:
    domain = address.rsplit("@", 1)[-1].lower()
    return any(domain == d or domain.endswith("." + d) for d in _RESERVED_DOMAINS)


def publish_problems(community: Community, siteurl: str | None = None) -> list[str]:
    """Why this community's site must not be published yet (empty: it may be), in words."""
    problems: list[str] = []
    if not community.real_maintainers:
        problems.append(
            f"{community.where('maintainers')}: still the placeholder {sorted(community.maintainers)}; "
            "put the GitHub logins of the people who run your program there"
        )
    if _is_placeholder_email(community.contact_email):
        problems.append(
            f"{community.where('contact_email')}: {community.contact_email} is a placeholder that reaches nobody; "
            "people reporting harassment need a real, confidential address"
        )
    address = community.url if siteurl is None else siteurl
    if not address:
        problems.append(
            f"{community.where('url')}: no public address; set it there, or SITEURL in the environment "
            "(the nightly workflow sets it from GitHub Pages)"
        )
    if not community.github_repository:
        problems.append(
            f"{community.where('repository')}: which GitHub repository takes the forms? Set it (OWNER/REPO), or "
            "build in a workflow, where GITHUB_REPOSITORY says it"
        )
    return problems


def check_publish(path: Path | str | None = None, siteurl: str | None = None) -> Community:
    """The settings for a public build; :class:`PublishRefused` (in words) while placeholders remain.

    ``path`` defaults to :func:`settings_path`; ``siteurl`` to ``$SITEURL``, then the file's ``url``
    (as publishconf.py chooses it). For ``tasks.py`` and the workflows, before anything is built.
    """
    community = load(path if path is not None else settings_path())
    address = siteurl if siteurl is not None else (os.environ.get("SITEURL", "").strip() or None)
    problems = publish_problems(community, address)
    if problems:
        raise PublishRefused(community.source, problems)
    return community


def mailto(address: str, subject: str = "", body: str = "") -> str:
    """A ``mailto:`` link to ``address`` (a checked plain address) with our own subject and body, encoded.

    Everything is percent-encoded (RFC 6068), so neither a character of the address nor of the
    words can end the address early or add a header: nothing after it comes from anyone's data.
    """
    query = "&".join(f"{key}={quote(value, safe='')}" for key, value in (("subject", subject), ("body", body)) if value)
    return f"mailto:{quote(address, safe='@+')}" + (f"?{query}" if query else "")


def as_dict(community: Community) -> dict[str, Any]:
    """The settings as plain values, for ``python -m matcher settings`` and templates."""
    return {
        "name": community.name,
        "description": community.description,
        "maintainers": sorted(community.maintainers),
        "contact_email": community.contact_email,
        "url": community.url,
        "languages": list(community.languages),
        "profiles": {
            "stale_after_days": community.stale_after_days,
            "stale_grace_days": community.stale_grace_days,
        },
        "relationships": {"max_term_months": community.max_term_months},
        "introductions": {
            "max_open_per_mentee": community.introductions_per_mentee,
            "max_open_per_mentor": community.introductions_per_mentor,
        },
    }
