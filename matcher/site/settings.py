"""The plugin's settings, checked at start-up: ``COMMUNITY`` and ``MENTOR_COMMONS`` in pelicanconf.py.

``COMMUNITY`` is the community's own settings (``community.toml``, read by :mod:`matcher.settings`):
its name, contact address and staleness rule. ``MENTOR_COMMONS`` holds the plugin's technical
settings; its ``stale_*`` keys default to the community's (pelicanconf.py passes them on; a test
may override them). Like the sitemap plugin's ``_check_config``, a mistake here stops the build
with a message that names the key, instead of a half-built site.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matcher import settings as community_settings

SETTINGS_KEY = "MENTOR_COMMONS"
COMMUNITY_KEY = "COMMUNITY"

DEFAULTS: dict[str, Any] = {
    # the folder of profiles/<id>.yml files the site is built from
    "profiles": "profiles",
    # the matcher's output; a missing file means "no suggestions yet", not an error
    "matches": "matches.json",
    # agreed mentorships, relationships/*.yml; None = the folder beside `profiles` (where validate reads them)
    "relationships": None,
    # introductions asked, accepted and declined, {"asked": n, "accepted": n, "declined": n}, as the nightly
    # writes them; None = build/introductions.json beside `profiles`. A missing file: "no counts in this build"
    "introductions": None,
    # the date staleness is judged by; None = the newest `updated` among the profiles,
    # so the same profiles always give the same site (never today's date)
    "reference_date": None,
    # a profile not updated for this many days is marked stale; after stale_grace_days more it is
    # hidden. None = the community's setting (community.toml [profiles]), as pelicanconf.py passes on
    "stale_after_days": None,
    "stale_grace_days": None,
    # people per page of the directory (as cards) and of a facet page (as short rows)
    "page_size": 50,
    "facet_page_size": 100,
    # build the Pagefind search index (people pages only) into output/pagefind/
    "search": True,
    # about how many people per search shard (output/pagefind/<shard>/, one Pagefind bundle each):
    # an edit indexes one shard again, a search in the browser reads them all (matcher.site.search)
    "search_shard_size": 600,
    # processes that render the pages of a large site; None = one per core (at most 4)
    "processes": None,
    # suggestions shown on a profile page
    "suggestions_shown": 5,
    # how many mentors a "find my mentor" query returns
    "find_results": 20,
    # pages a later plugin or theme adds, e.g. {"template": "join", "url": "join/", "title": "Join"};
    # a theme template named join.html is picked up without being listed here
    "extra_pages": [],
    # building the public site (publishconf.py): refused while community.toml holds placeholders
    "publish": False,
}


class SiteConfigError(ValueError):
    """A ``MENTOR_COMMONS`` setting is missing, unknown or of the wrong kind."""


@dataclass(frozen=True)
class ExtraPage:
    """A page rendered from a theme template with the common context (see the ``join.html`` hook)."""

    template: str
    url: str
    title: str

    @property
    def save_as(self) -> str:
        return f"{self.url}index.html"


@dataclass(frozen=True)
class SiteSettings:
    community: community_settings.Community
    profiles: Path
    matches: Path
    relationships: Path
    introductions: Path
    reference_date: dt.date | None
    stale_after_days: int
    stale_grace_days: int
    page_size: int
    facet_page_size: int
    search: bool
    search_shard_size: int
    processes: int
    suggestions_shown: int
    find_results: int
    extra_pages: tuple[ExtraPage, ...]
    publish: bool


def community_of(pelican_settings: Mapping[str, Any]) -> community_settings.Community:
    """The community's settings, as pelicanconf.py read them from community.toml."""
    community = pelican_settings.get(COMMUNITY_KEY)
    if not isinstance(community, community_settings.Community):
        raise SiteConfigError(
            f"{COMMUNITY_KEY} must be the community's settings: in pelicanconf.py, "
            f"{COMMUNITY_KEY} = matcher.settings.load(matcher.settings.settings_path(...)) (not {community!r})"
        )
    return community


def refuse_placeholders(pelican_settings: Mapping[str, Any]) -> None:
    """For a public build (``MENTOR_COMMONS['publish']``), :class:`PublishRefused` while placeholders remain.

    :func:`matcher.site.build.build_site` calls this before it touches the output folder, so a
    refused build leaves the last published site as it was.
    """
    given = pelican_settings.get(SETTINGS_KEY) or {}
    if not (isinstance(given, Mapping) and given.get("publish")):
        return
    community = community_of(pelican_settings)
    problems = community_settings.publish_problems(community, str(pelican_settings.get("SITEURL") or ""))
    if problems:
        raise community_settings.PublishRefused(community.source, problems)


def _int(options: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = options[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SiteConfigError(f"{SETTINGS_KEY}['{key}'] must be a whole number from {low} to {high}, not {value!r}")
    return value


def _bool(options: Mapping[str, Any], key: str) -> bool:
    value = options[key]
    if not isinstance(value, bool):
        raise SiteConfigError(f"{SETTINGS_KEY}['{key}'] must be True or False, not {value!r}")
    return value


def _processes(options: Mapping[str, Any]) -> int:
    if options["processes"] is None:
        return max(1, min(4, os.cpu_count() or 1))
    return _int(options, "processes", 1, 64)


def check_config(pelican_settings: Mapping[str, Any]) -> SiteSettings:
    """Read and check ``MENTOR_COMMONS``: unknown keys, types and ranges are refused here, once."""
    refuse_placeholders(pelican_settings)  # `pelican -s publishconf.py` too, not only build_site
    if pelican_settings.get("RELATIVE_URLS"):
        raise SiteConfigError(
            "RELATIVE_URLS must be False: listings reuse pre-rendered cards, so links start with SITEURL"
        )
    given = pelican_settings.get(SETTINGS_KEY) or {}
    if not isinstance(given, Mapping):
        raise SiteConfigError(f"{SETTINGS_KEY} must be a dict, not {type(given).__name__}")
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise SiteConfigError(
            f"{SETTINGS_KEY} has unknown key(s): {', '.join(unknown)}; known keys: {', '.join(DEFAULTS)}"
        )
    community = community_of(pelican_settings)
    options = {**DEFAULTS, **given}
    for key in ("stale_after_days", "stale_grace_days"):
        if options[key] is None:
            options[key] = getattr(community, key)

    profiles = Path(options["profiles"])
    if not profiles.is_dir():
        raise SiteConfigError(f"{SETTINGS_KEY}['profiles']: no such folder: {profiles}")
    matches = Path(options["matches"])
    if matches.exists() and not matches.is_file():
        raise SiteConfigError(f"{SETTINGS_KEY}['matches'] must be a file: {matches}")

    relationships = Path(options["relationships"] or profiles.parent / "relationships")
    if relationships.exists() and not relationships.is_dir():
        raise SiteConfigError(f"{SETTINGS_KEY}['relationships'] must be a folder: {relationships}")
    introductions = Path(options["introductions"] or profiles.parent / "build" / "introductions.json")
    if introductions.exists() and not introductions.is_file():
        raise SiteConfigError(f"{SETTINGS_KEY}['introductions'] must be a file: {introductions}")

    reference = options["reference_date"]
    if isinstance(reference, str):
        try:
            reference = dt.date.fromisoformat(reference)
        except ValueError:
            raise SiteConfigError(f"{SETTINGS_KEY}['reference_date'] must be YYYY-MM-DD, not {reference!r}") from None
    if reference is not None and not isinstance(reference, dt.date):
        raise SiteConfigError(f"{SETTINGS_KEY}['reference_date'] must be a date, YYYY-MM-DD or None")

    extra: list[ExtraPage] = []
    for index, page in enumerate(options["extra_pages"]):
        if not isinstance(page, Mapping) or set(page) != {"template", "url", "title"}:
            raise SiteConfigError(
                f"{SETTINGS_KEY}['extra_pages'][{index}] must have exactly the keys template, url, title"
            )
        url = str(page["url"])
        if url.startswith("/") or not url.endswith("/") or ".." in url:
            raise SiteConfigError(
                f"{SETTINGS_KEY}['extra_pages'][{index}]['url'] must be a relative folder URL like 'join/'"
            )
        extra.append(ExtraPage(template=str(page["template"]), url=url, title=str(page["title"])))

    return SiteSettings(
        community=community,
        profiles=profiles,
        matches=matches,
        relationships=relationships,
        introductions=introductions,
        reference_date=reference,
        stale_after_days=_int(options, "stale_after_days", 30, 3650),
        stale_grace_days=_int(options, "stale_grace_days", 0, 3650),
        page_size=_int(options, "page_size", 5, 1000),
        facet_page_size=_int(options, "facet_page_size", 5, 5000),
        search=_bool(options, "search"),
        search_shard_size=_int(options, "search_shard_size", 2, 1_000_000),
        processes=_processes(options),
        suggestions_shown=_int(options, "suggestions_shown", 0, 50),
        find_results=_int(options, "find_results", 1, 500),
        extra_pages=tuple(extra),
        publish=_bool(options, "publish"),
    )
