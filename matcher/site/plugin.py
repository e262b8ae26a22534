"""The Pelican plugin: one generator that publishes the community from ``profiles/`` directly.

As in Pelican's own plugins (``search``, ``sitemap``), :func:`register` connects
``signals.get_generators`` to one generator class. ``generate_context`` checks the
settings, validates the profiles and computes the community (:mod:`matcher.site.community`);
``generate_output`` renders the templates and writes the files (a profile page's values are
computed as it renders, so a large site can share that work between processes). No Markdown
stub per person is written: pages are rendered from the validated profiles themselves.
"""

from __future__ import annotations

import functools
import json
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import blinker
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from matcher import schema
from matcher.loader import paused_gc
from matcher.site import dashboard, export, urls
from matcher.site.community import Community, build_community
from matcher.site.contact import contact_of, fill_in_settings, period_words
from matcher.site.listing import Crumb, ListingPage, pages_of
from matcher.site.search import SearchIndex, record_of
from matcher.site.settings import ExtraPage, SiteConfigError, SiteSettings, check_config

logger = logging.getLogger(__name__)

# Sent once per build with a BuildStats, for the benchmark and the `invoke build` summary.
stats_ready = blinker.signal("mentor-commons-site-stats")

JOIN_TEMPLATE = "join"  # a theme template join.html becomes the page join/, no setting needed
# Below this many pages, forking a second renderer costs more than it saves.
PARALLEL_FROM = 2000
# A guidance page with this slug (content/pages/guidance.md) is the guidance index itself:
# it is published at guidance/ instead of guidance/guidance/, and the plugin writes no other.
GUIDANCE_INDEX_SLUG = "guidance"
# The guidance page on safety and reporting (content/pages/safety.md), linked from every footer.
SAFETY_SLUG = "safety"


class ProfilesInvalid(RuntimeError):
    """The profiles did not validate: the site is not built from bad data."""


@dataclass
class BuildStats:
    profiles: int = 0
    published: int = 0
    hidden_stale: int = 0
    validate_seconds: float = 0.0
    compute_seconds: float = 0.0
    render_seconds: float = 0.0
    pages_seconds: float = 0.0  # part of render_seconds: profile, directory and facet pages
    search_wait_seconds: float = 0.0  # indexing runs beside rendering; this is the wait after it
    indexed: int = 0
    pages: int = 0
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Job:
    """One page to render: its template, its file, and how to get its values (computed when rendered)."""

    template: str
    save_as: str
    values: Callable[[], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class NavItem:
    key: str
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class GuidanceEntry:
    title: str
    url: str
    summary: Markup
    order: int


def adopt_guidance_index(pages: Iterable[Any]) -> Any | None:
    """Publish the hand-written guidance index page (if any) at guidance/; return it."""
    for page in pages:
        if getattr(page, "slug", None) == GUIDANCE_INDEX_SLUG:
            page.override_url = urls.GUIDANCE
            page.override_save_as = urls.save_as(urls.GUIDANCE)
            return page
    return None


def guidance_entries(pages: Iterable[Any]) -> tuple[GuidanceEntry, ...]:
    """The guidance pages (content/pages/*.md) in their ``Order``, then by title; not the index itself."""
    entries = []
    for page in pages:
        if getattr(page, "slug", None) == GUIDANCE_INDEX_SLUG:
            continue
        raw_order = str(page.metadata.get("order", "")).strip()
        order = int(raw_order) if raw_order.isdigit() else 1000
        # Summary and content are rendered by Pelican from the maintainers' own Markdown in
        # content/pages (reviewed like code), not from profiles, so they are trusted HTML.
        entries.append(
            GuidanceEntry(
                title=str(page.title),
                url=str(page.url),
                summary=Markup(page.summary or ""),  # noqa: S704 - the maintainers' guidance (see above)
                order=order,
            )
        )
    return tuple(sorted(entries, key=lambda e: (e.order, e.title.casefold(), e.url)))


class MentorCommonsGenerator(Generator):  # type: ignore[misc]  # Pelican is not typed
    """Profile pages, the directory and its facet pages, find-my-mentor, dashboard and data files."""

    def generate_context(self) -> None:
        self.options: SiteSettings = check_config(self.settings)
        self._folders: set[str] = set()
        self.stats = BuildStats()
        self.extra_pages = self._extra_pages()

        from matcher.validate import validate_paths

        start = time.perf_counter()
        result = validate_paths([self.options.profiles])
        self.stats.validate_seconds = time.perf_counter() - start
        if not result.ok:
            errors = [str(p) for p in result.problems if p.severity == "error"]
            shown = "\n".join(errors[:20]) + (f"\n... and {len(errors) - 20} more" if len(errors) > 20 else "")
            raise ProfilesInvalid(
                f"{len(errors)} problem(s) in {self.options.profiles}; the site is not built:\n{shown}"
            )

        start = time.perf_counter()
        with paused_gc():  # like loading the profiles: many objects that all stay alive, no cycles
            self.community: Community = build_community(
                result.profiles,
                reference=self.options.reference_date,
                stale_after_days=self.options.stale_after_days,
                grace_days=self.options.stale_grace_days,
                matches=self._read_matches(),
                suggestions_shown=self.options.suggestions_shown,
            )
            self.dashboard = dashboard.build_dashboard(self.community.profiles, self.community.matches)
        self.guidance_index = adopt_guidance_index(self.context.get("pages", ()))
        self.guidance = guidance_entries(self.context.get("pages", ()))
        self.stats.compute_seconds = time.perf_counter() - start
        self.stats.profiles = len(result.profiles)
        self.stats.published = len(self.community.profiles)
        self.stats.hidden_stale = self.community.hidden

        # Site-wide values every template (Pelican's guidance pages included) can show.
        self.context["NAV"] = self._nav()
        self.context["GUIDANCE"] = self.guidance
        self.context["GUIDANCE_URL"] = urls.GUIDANCE
        # The maintainers' confidential address (community.toml), shown in every page's footer.
        self.context["CONTACT"] = contact_of(self.options.community)
        self.context["SAFETY_URL"] = self._guidance_url(SAFETY_SLUG)
        self.context["STALE_PERIOD"] = period_words(self.options.stale_after_days)
        # Who runs the community (community.toml): named on the home page and in every footer.
        self.context["MAINTAINERS"] = tuple(sorted(self.options.community.maintainers))
        # The shortlist (in the browser) becomes `interested_in`: the schema's rules for it.
        self.context["SHORTLIST_RULES"] = {
            "id_pattern": schema.definition("id")["pattern"],
            "max": schema.profile_schema()["properties"]["interested_in"]["maxItems"],
        }
        self.context["COMMUNITY_COUNTS"] = {
            "people": len(self.community.profiles),
            "mentors": sum(1 for p in self.community.profiles if p.mentor),
            "open_mentors": sum(1 for p in self.community.profiles if p.mentor and p.mentor.accepting),
            "mentees": sum(1 for p in self.community.profiles if p.mentee),
            "looking": sum(1 for p in self.community.profiles if p.mentee and p.mentee.looking),
        }

    def _guidance_url(self, slug: str) -> str | None:
        for page in self.context.get("pages", ()):
            if getattr(page, "slug", None) == slug:
                return str(page.url)
        return None

    def _read_matches(self) -> Mapping[str, Any] | None:
        path = self.options.matches
        if not path.is_file():
            logger.info("no %s: profile pages are built without suggestions", path)
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, Mapping) else None

    def _extra_pages(self) -> tuple[ExtraPage, ...]:
        pages = list(self.options.extra_pages)
        known = set(self.env.list_templates())
        for page in pages:
            if f"{page.template}.html" not in known:
                raise SiteConfigError(f"MENTOR_COMMONS['extra_pages']: the theme has no template {page.template}.html")
        if f"{JOIN_TEMPLATE}.html" in known and all(p.template != JOIN_TEMPLATE for p in pages):
            pages.append(ExtraPage(template=JOIN_TEMPLATE, url=f"{JOIN_TEMPLATE}/", title="Join"))
        return tuple(pages)

    def _nav(self) -> tuple[NavItem, ...]:
        items = [
            NavItem("directory", "Directory", urls.DIRECTORY),
            NavItem("find", "Find a mentor", urls.FIND),
            NavItem("guidance", "Guidance", urls.GUIDANCE),
            NavItem("dashboard", "Dashboard", urls.DASHBOARD),
        ]
        items.extend(NavItem(p.template, p.title, p.url) for p in self.extra_pages)
        return tuple(items)

    # --- output -----------------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        start = time.perf_counter()
        community = self.community
        output = Path(self.output_path)

        pages_start = time.perf_counter()
        own, children = self._share_jobs(self._page_jobs())  # forked before any thread is started
        # Pagefind indexes and writes the search bundle in its own process while pages render.
        index = SearchIndex(output) if self.options.search else None
        if index is not None:
            index.add_all(record_of(profile, n) for n, profile in enumerate(community.profiles))
        self._render_jobs(own)
        self._join(children)
        self.stats.pages_seconds = time.perf_counter() - pages_start

        self._render("home", urls.save_as(urls.HOME), section="home", guidance=self.guidance[:4])
        self._render(
            "find",
            urls.save_as(urls.FIND),
            section="find",
            form=export.find_form(community),
            find_results=self.options.find_results,
            person_url_template=urls.person("__ID__"),
            mentors_url=urls.MENTORS_JSON,
            policy_url=urls.POLICY_JSON,
        )
        if self.guidance_index is None:
            self._render("guidance", urls.save_as(urls.GUIDANCE), section="guidance", guidance=self.guidance)
        self._render("dashboard", urls.save_as(urls.DASHBOARD), section="dashboard", dashboard=self.dashboard)
        for page in self.extra_pages:
            self._render(
                page.template,
                page.save_as,
                section=page.template,
                extra_page=page,
                vocabularies=export.vocabularies(),
                join_data={
                    "form": urls.JOIN_FORM_JSON,
                    "places": urls.JOIN_PLACES_JSON,
                    "people": urls.PEOPLE_JSON,
                    "person": urls.person("__ID__"),
                },
            )
        self._render("404", "404.html", section="")
        self._write(urls.MENTORS_JSON, export.mentors_json(community))
        self._write(urls.POLICY_JSON, export.policy_json())
        self._write(urls.PEOPLE_JSON, export.people_json(community))
        self._write(urls.JOIN_FORM_JSON, export.join_form_json())
        self._write(urls.JOIN_PLACES_JSON, export.join_places_json())
        self.stats.render_seconds = time.perf_counter() - start

        if index is not None:
            start = time.perf_counter()
            self.stats.indexed = index.finish()
            self.stats.search_wait_seconds = time.perf_counter() - start
        self.stats.counts = {
            "people": len(community.profiles),
            "facet_values": sum(len(f.values) for f in community.facets),
        }
        logger.info(
            "Mentor Commons: %d profiles published, %d files written", len(community.profiles), self.stats.pages
        )
        stats_ready.send(self, stats=self.stats)

    def _page_jobs(self) -> list[Job]:
        """The many pages: one per person, the directory's pages and every facet value's pages."""
        community = self.community
        siteurl = self.settings["SITEURL"]
        # A person's card and short row are rendered once and reused on every listing page.
        card_template, row_template = self.get_template("card"), self.get_template("row")
        # (The output of an autoescaping template is safe HTML: it is marked so to be reused as is.)
        cards = {pid: Markup(card_template.render(card=c, SITEURL=siteurl)) for pid, c in community.cards.items()}  # noqa: S704
        rows = {pid: Markup(row_template.render(card=c, SITEURL=siteurl)) for pid, c in community.cards.items()}  # noqa: S704

        jobs = [
            Job("person", urls.person(profile.id), functools.partial(_person_values, community, profile))
            for profile in community.profiles
        ]
        for listing in pages_of(
            community.order,
            title="Directory",
            intro="Everyone in the community: mentors open to new mentees first, then mentees looking, then by name.",
            url=urls.DIRECTORY,
            page_size=self.options.page_size,
        ):
            values: Callable[[], dict[str, Any]] = functools.partial(
                dict,
                listing=listing,
                cards=[cards[i] for i in listing.ids],
                facets=community.facets,
                section="directory",
            )
            jobs.append(Job("directory", listing.save_as, values))
        crumb = Crumb("Directory", urls.DIRECTORY)
        for facet in community.facets:
            for value in facet.values:
                for listing in pages_of(
                    value.members,
                    title=f"{facet.title}: {value.label}",
                    intro=f"{value.count} {'person' if value.count == 1 else 'people'}, open mentors first.",
                    url=value.url,
                    page_size=self.options.facet_page_size,
                    crumbs=(crumb, Crumb(facet.title, None)),
                    facet=facet.key,
                ):
                    listed = [rows[i] for i in listing.ids]
                    values = functools.partial(dict, listing=listing, rows=listed, section="directory")
                    jobs.append(Job("listing", listing.save_as, values))
        return jobs

    def _share_jobs(self, jobs: list[Job]) -> tuple[list[Job], list[tuple[Any, int]]]:
        """On a large site, start forked copies of this process on a share of the jobs each.

        The profile pages are most of the work (their content is computed as they render);
        a forked copy inherits the templates and the computed community, so nothing is sent
        between processes, and the files are the same either way. Returns this process's
        share and the children (with the size of their share).
        """
        processes = self.options.processes
        if processes < 2 or "fork" not in multiprocessing.get_all_start_methods() or len(jobs) < PARALLEL_FROM:
            return jobs, []
        shares = [jobs[i::processes] for i in range(processes)]
        for folder in sorted({os.path.dirname(job.save_as) for job in jobs}):  # made once, not raced for
            self._write_folder(os.path.join(self.output_path, folder))
        context = multiprocessing.get_context("fork")
        children = []
        for share in shares[1:]:
            child = context.Process(target=self._render_jobs, args=(share,), name="render")
            child.start()
            children.append((child, len(share)))
        return shares[0], children

    def _join(self, children: list[tuple[Any, int]]) -> None:
        for child, count in children:
            child.join()
            if child.exitcode != 0:
                raise RuntimeError(f"a process rendering pages failed (exit code {child.exitcode})")
            self.stats.pages += count

    def _render_jobs(self, jobs: list[Job]) -> None:
        for job in jobs:
            self._render(job.template, job.save_as, **job.values())

    def _render(self, template: Any, save_as: str, **values: Any) -> str:
        """Render a template with the site context, write it, and return the HTML.

        Pelican's writer would copy the whole context and fire signals for each of the
        thousands of pages; nothing here needs either, and URLs are absolute (SITEURL), so
        rendering and writing directly is enough.
        """
        if isinstance(template, str):
            template = self.get_template(template)  # cached by Pelican's Generator
        html: str = template.render({**self.context, "current_url": save_as.removesuffix("index.html"), **values})
        self._write(save_as, html)
        return html

    def _write(self, save_as: str, text: str) -> None:
        path = os.path.join(self.output_path, save_as)
        self._write_folder(os.path.dirname(path))
        # os.write, not open(): a text file object costs more than the write itself, 11,000 times.
        data = memoryview(text.encode("utf-8"))
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            while data:
                data = data[os.write(fd, data) :]
        finally:
            os.close(fd)
        self.stats.pages += 1

    def _write_folder(self, folder: str) -> None:
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)


def _person_values(community: Community, profile: Any) -> dict[str, Any]:
    """A profile page's values, computed when the page is rendered (in whichever process renders it)."""
    return {"person": community.page_of(profile), "section": "directory"}


def get_generators(_pelican: Any) -> type[Generator]:
    return MentorCommonsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(fill_in_settings)


__all__ = ["BuildStats", "ListingPage", "MentorCommonsGenerator", "ProfilesInvalid", "register", "stats_ready"]
