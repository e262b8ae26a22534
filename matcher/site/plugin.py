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
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import blinker
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from matcher.profile import schema
from matcher.profile.loader import paused_gc
from matcher.profile.model import Profile
from matcher.site import bytecode, dashboard, incremental, jobs, outcomes, search, suggestions, urls, validation
from matcher.site.community import Community, build_community
from matcher.site.contact import contact_of, fill_in_settings, period_words
from matcher.site.guidance import SAFETY_SLUG, adopt_guidance_index, guidance_entries
from matcher.site.i18n import gettext
from matcher.site.incremental import BuildState, Job
from matcher.site.introduce import Introducer
from matcher.site.listing import ListingPage
from matcher.site.mentorships import Mentorships, read_mentorships
from matcher.site.search import SearchIndex
from matcher.site.settings import ExtraPage, SiteConfigError, SiteSettings, check_config
from matcher.site.writer import OutputWriter, fork_shares, in_child

logger = logging.getLogger(__name__)

# Sent once per build with a BuildStats, for the benchmark and the `invoke build` summary.
stats_ready = blinker.signal("mentor-commons-site-stats")

JOIN_TEMPLATE = "join"  # a theme template join.html becomes the page join/, no setting needed
# Below this many pages, forking a second renderer costs more than it saves.
PARALLEL_FROM = 400
# Pelican settings outside MENTOR_COMMONS, set by build_site for an incremental build (never by hand):
# the state file of the last build into the same output folder, and the validation memo's folder key.
STATE_SETTING = "MENTOR_COMMONS_STATE"
# ... and whether the search bundle may be finished after the build returns (invoke live).
SEARCH_LATER_SETTING = "MENTOR_COMMONS_SEARCH_LATER"


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
    pages: int = 0  # files written
    unchanged: int = 0  # pages rendered again whose file already held the same bytes
    skipped: int = 0  # pages not rendered: their key is the one the last build recorded
    removed: int = 0  # files the last build wrote that this one does not
    reused_files: int = 0  # profiles not read again (unchanged since the last build in this process)
    counts: dict[str, int] = field(default_factory=dict)
    relationships: int = 0  # used by the site: both people published, public or resolved with the key
    relationships_unresolved: int = 0  # private, and no key in this build: counted, never guessed
    relationships_unusable: int = 0  # files with problems, or naming someone not published: skipped


@dataclass(frozen=True, slots=True)
class NavItem:
    key: str
    label: str
    url: str


class MentorCommonsGenerator(Generator):  # type: ignore[misc]  # Pelican is not typed
    """Profile pages, the directory and its facet pages, find-my-mentor, dashboard and data files."""

    def generate_context(self) -> None:
        self.options: SiteSettings = check_config(self.settings)
        self.stats = BuildStats()
        self.extra_pages = self._extra_pages()
        self.state = self._take_state()

        start = time.perf_counter()
        self.code = incremental.fingerprint() if self.state is not None else ""
        # Compiled templates are kept for the next process, as Python keeps its bytecode: beside an incremental
        # build's state (invoke build after an edit), else in the user's cache folder, so that a build from
        # nothing compiles none (at 10,000 people, 0.33 s of processor time: each forked renderer compiled
        # the page templates again). Named by the code's fingerprint (Jinja and this code compile them).
        if self.state is not None:
            bytecode.KEPT.keep_in(incremental.kept_beside(self.state.path, "templates", self.code[:16]))
        else:
            bytecode.KEPT.keep_in(incremental.kept_in_cache("templates", incremental.fingerprint()[:16]))
        reading = self._read_matches()  # in another process while the profiles are validated
        try:
            result = self._validate()
        finally:
            self.stats.validate_seconds = time.perf_counter() - start
            matches = reading()  # (waited for even when validation fails: no process is left behind)
        if not result.ok:
            errors = [str(p) for p in result.problems if p.severity == "error"]
            shown = "\n".join(errors[:20]) + (f"\n... and {len(errors) - 20} more" if len(errors) > 20 else "")
            raise ProfilesInvalid(
                f"{len(errors)} problem(s) in {self.options.profiles}; the site is not built:\n{shown}"
            )

        start = time.perf_counter()
        relationships = self._relationships(result.profiles)
        with paused_gc():  # like loading the profiles: many objects that all stay alive, no cycles
            self.community: Community = build_community(
                result.profiles,
                reference=self.options.reference_date,
                stale_after_days=self.options.stale_after_days,
                grace_days=self.options.stale_grace_days,
                matches=matches,
                suggestions_shown=self.options.suggestions_shown,
                relationships=relationships,
                introducer=self._introducer(),
                cards_when_asked=self._keyed_search(),  # (made only where a listing or an indexed shard shows them)
            )
            # Pagefind indexes in a forked copy of this process from now on, while the rest of the site's
            # values, the pages' keys and the pages are made (a bio edit's shard is written meanwhile).
            self._index = self._search_index(self.community)
        self.guidance_index = adopt_guidance_index(self.context.get("pages", ()))
        self.guidance = guidance_entries(self.context.get("pages", ()))
        self.stats.compute_seconds = time.perf_counter() - start
        self.stats.profiles = len(result.profiles)
        self.stats.published = len(self.community.profiles)
        self.stats.hidden_stale = self.community.hidden
        self._count_relationships()
        self._share_site_values()

    def _take_state(self) -> BuildState | None:
        """The last incremental build's state, if this build is one (see :mod:`matcher.site.incremental`)."""
        state_file = self.settings.get(STATE_SETTING)
        search.finish_later(Path(self.output_path), Path(state_file) if state_file else None)  # never two at once
        if not state_file:
            return None
        state = BuildState.load(Path(state_file))
        Path(state_file).unlink(missing_ok=True)  # (written again once built: a failed build leaves none)
        return state

    def _count_relationships(self) -> None:
        mentorships = self.community.mentorships
        self.stats.relationships = len(mentorships.relationships)
        self.stats.relationships_unresolved = mentorships.unresolved
        self.stats.relationships_unusable = mentorships.unusable
        if mentorships.unresolved:
            logger.warning("%d private relationship(s) not resolved: no key", mentorships.unresolved)
        if mentorships.unusable:
            logger.warning(
                "%d relationship file(s) not shown: they have problems (python -m matcher validate says which) "
                "or name someone who is not published",
                mentorships.unusable,
            )

    def _share_site_values(self) -> None:
        """Site-wide values every template (Pelican's guidance pages included) can show."""
        self.context["NAV"] = self._nav()
        self.context["GUIDANCE"] = self.guidance
        self.context["GUIDANCE_URL"] = urls.GUIDANCE
        # Whether the site has a search index: without one, the directory loads no script to look for it.
        self.context["SEARCH"] = self.options.search
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
        self.context[jobs.COUNTS] = self.community.counts
        # The same on every page: rendered once here, not on each of thousands of pages.
        footer = self.env.get_template("_footer.html").render(self.context)
        self.context["SITE_FOOTER"] = Markup(footer.strip())  # noqa: S704 - the output of an autoescaping template

    def _validate(self) -> validation.Result:
        """Every profile checked, reusing what the matcher or the last build found (:func:`validation.for_build`)."""
        kept = incremental.profiles_memo_path(self.state.path) if self.state is not None else None
        result, self.stats.reused_files = validation.for_build(
            self.options.profiles, self.options.processes, kept, self.code
        )
        return result

    def _guidance_url(self, slug: str) -> str | None:
        for page in self.context.get("pages", ()):
            if getattr(page, "slug", None) == slug:
                return str(page.url)
        return None

    def _relationships(self, profiles: Sequence[Profile]) -> Callable[[Mapping[str, Profile]], Mentorships]:
        """Check the relationship files against the valid profiles (resolving private ones where the key is);
        the site then keeps those whose two people are published."""
        from matcher.relationships import check, keys

        found = check.check_relationships(
            self.options.relationships,
            profiles,
            key=keys.load_key(),
            max_term_months=self.options.community.max_term_months,
        )
        return functools.partial(read_mentorships, found.relationships, files=found.files, unresolved=found.unresolved)

    def _introducer(self) -> Introducer:
        """Where *Ask for an introduction* opens its form: the community's repository (as on the join page)."""
        from matcher.site.joinform import DEFAULT_REPOSITORY

        community = self.options.community
        return Introducer(community.repository_url or DEFAULT_REPOSITORY, community.contact_email, community.name)

    def _read_matches(self) -> Callable[[], Mapping[str, Any] | None]:
        """Start reading the matcher's output (:func:`matcher.site.suggestions.start_reading`); call to have it."""
        path = self.options.matches
        if not path.is_file():
            logger.info("no %s: profile pages are built without suggestions", path)
            return lambda: None
        return suggestions.start_reading(path)

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
            NavItem("directory", gettext("Directory"), urls.DIRECTORY),
            NavItem("find", gettext("Find a mentor"), urls.FIND),
            NavItem("guidance", gettext("Guidance"), urls.GUIDANCE),
            NavItem("dashboard", gettext("Dashboard"), urls.DASHBOARD),
        ]
        # An extra page's title is the maintainers' (settings); translated where the catalog has it.
        items.extend(NavItem(p.template, gettext(p.title), p.url) for p in self.extra_pages)
        return tuple(items)

    # --- output -----------------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        start = time.perf_counter()
        self._bases: dict[Any, dict[str, Any]] = {}  # per template: its globals and the site context
        community = self.community
        index = self._index
        previous = self.state.pages if self.state is not None else {}
        out = OutputWriter(self.output_path, keep_unchanged=bool(previous))

        site = self._site_key() if self.state is not None else ""
        # An incremental build in a process that keeps nothing for a next one (not invoke live, whose
        # caches would stay in the copy): the single pages and the data files are made, compared and
        # written by a forked copy of this process while it makes the many pages' keys (0.2 s of a
        # bio edit's rebuild at 10,000 people, done on the other core).
        aside = None
        if self.state is not None and not self.settings.get(SEARCH_LATER_SETTING):
            aside = in_child(self._few_rendered, previous, site)
        many = jobs.person_jobs(community, site)
        many += jobs.listing_jobs(community, self.options, self.get_template, self.settings["SITEURL"], site)
        single, data = self._few_jobs(site) if aside is None else ([], [])
        # Every page and data file that changed, shared between processes: the data files (mentors.json
        # is large) and the single pages first, so the process with a single page's share is not the last.
        todo = incremental.to_render([*data, *single, *many], previous, self.output_path)
        processes = self.options.processes if len(todo) >= PARALLEL_FROM else 1
        own, children = fork_shares(todo, processes, functools.partial(self._render_jobs, out))
        done = self._render_jobs(out, own)
        children.join()
        keys = {job.save_as: job.key for job in [*many, *single, *data]}
        # The copy's pages: their keys, and how many it wrote, found unchanged and rendered.
        few_keys, few_written, few_unchanged, few_rendered = aside() if aside is not None else ({}, 0, 0, 0)
        keys |= few_keys
        self.stats.pages_seconds = time.perf_counter() - start
        self.stats.removed = sum(out.remove(f) for f in sorted(set(previous) - set(keys)))
        self.stats.render_seconds = time.perf_counter() - start

        if index is not None:
            start = time.perf_counter()
            self.stats.indexed = index.finish()
            self.stats.search_wait_seconds = time.perf_counter() - start
            if index.keys is not None and self.state is not None:
                self.state.records = index.keys
        # The children's share counts as written (a child keeps its own counts).
        self.stats.pages = out.written + (len(todo) - done) + few_written
        self.stats.unchanged = out.unchanged + few_unchanged
        self.stats.skipped = len(keys) - len(todo) - few_rendered
        self.stats.counts = {
            "people": len(community.profiles),
            "facet_values": sum(len(f.values) for f in community.facets),
        }
        if self.state is not None:  # (saved by build_site once Pelican has written its own pages too)
            self.state.pages = keys
        logger.info(
            "Mentor Commons: %d profiles published, %d files written", len(community.profiles), self.stats.pages
        )
        stats_ready.send(self, stats=self.stats, state=self.state)

    def _few_jobs(self, site: str) -> tuple[list[Job], list[Job]]:
        """The single pages (home, find, guidance...) and the data files, as jobs with their keys."""
        single = jobs.single_jobs(
            self.community,
            self.options,
            site,
            guidance=self.guidance,
            guidance_index=self.guidance_index,
            # (made here, where the dashboard is rendered: in a rebuild, by the forked copy)
            dashboard=dashboard.build_dashboard(self.community.profiles, self.community.matches),
            outcomes=outcomes.build_outcomes(
                self.community.mentorships,
                self.community.reference,
                outcomes.read_introduction_counts(self.options.introductions),
            ),
            extra_pages=self.extra_pages,
        )
        return single, jobs.data_jobs(self.community, site)

    def _few_rendered(self, previous: Mapping[str, str], site: str) -> tuple[dict[str, str], int, int, int]:
        """In a forked copy: the single pages and data files whose key changed, rendered and written; their
        keys, and how many files were written, found unchanged and rendered (by a writer of its own, whose
        counts are these files' only, where there is no fork and this runs in the building process)."""
        out = OutputWriter(self.output_path, keep_unchanged=bool(previous))
        single, data = self._few_jobs(site)
        todo = incremental.to_render([*data, *single], previous, self.output_path)
        self._render_jobs(out, todo)
        return {job.save_as: job.key for job in [*single, *data]}, out.written, out.unchanged, len(todo)

    def _search_index(self, community: Community) -> SearchIndex | None:
        """Start Pagefind on the search shards whose records changed since the last build (all, in a cold one).

        The people are cut into shards of the directory's order (:func:`matcher.site.search.plan`);
        the state keeps each shard's key, so a bio edit indexes one shard again. In ``invoke live``
        (``SEARCH_LATER_SETTING``) the changed shards are written beside the served ones and moved
        in when done, after the build has returned (:func:`matcher.site.search.finish_later`): the
        pages are up at once, the search follows; the state records the shards once they are there.
        """
        if not self.options.search:
            return None
        output = Path(self.output_path)
        shards = search.plan(community.profiles, self.options.search_shard_size)
        previous, services = self.state.records if self.state is not None else {}, self.options.processes
        if self._keyed_search():  # keyed by the forked copy
            card_keys = community.card_keys  # (made here: the listings' keys need them too)
            return search.start_keyed(output, shards, community.cards, card_keys, self.code, previous, services)
        keys = search.shard_keys(self.code, shards, community.card_keys) if self.state is not None else {}
        todo = search.to_index(output, shards, keys, previous)
        # invoke live (the first index is waited for)
        later = bool(self.settings.get(SEARCH_LATER_SETTING)) and self.state is not None and search.is_published(output)
        index = search.start_index(output, shards, todo, community.cards, later=later, services=services)
        if later and index is not None:
            search.finish_later_queue(index, keys)
            return None
        if self.state is not None:
            self.state.records = keys
        return index

    def _keyed_search(self) -> bool:
        """Whether an incremental build's forked indexing copy makes cards and keys (not invoke live's)."""
        return self.options.search and self.state is not None and not self.settings.get(SEARCH_LATER_SETTING)

    def _site_key(self) -> str:
        """What every page shares (:func:`matcher.site.jobs.site_key`)."""
        return jobs.site_key(self.community, self.options, self.context, self.settings, self.code)

    def _render_jobs(self, out: OutputWriter, todo: Iterable[Job]) -> int:
        """Render and write each job; return how many."""
        done = 0
        for job in todo:
            if job.template:
                self._render(out, job.template, job.save_as, **job.values())
            else:  # a data file: its text is its value
                out.write(job.save_as, job.values()["text"])
            done += 1
        return done

    def _render(self, out: OutputWriter, template: Any, save_as: str, **values: Any) -> None:
        """Render a template with the site context and write it.

        Pelican's writer would copy the whole context and fire signals for each of the
        thousands of pages; nothing here needs either, and URLs are absolute (SITEURL), so
        rendering and writing directly is enough.
        """
        if isinstance(template, str):
            template = self.get_template(template)  # cached by Pelican's Generator
        # What Template.render does, but the template's globals and the site context (hundreds of
        # settings) are merged once per template rather than once per page.
        base = self._bases.get(template)
        if base is None:
            base = self._bases[template] = {**template.globals, **self.context}
        context = {**base, "current_url": save_as.removesuffix("index.html"), **values}
        out.write(save_as, jobs.render_with(template, context))


def get_generators(_pelican: Any) -> type[Generator]:
    return MentorCommonsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.content_object_init.connect(fill_in_settings)


__all__ = ["BuildStats", "ListingPage", "MentorCommonsGenerator", "ProfilesInvalid", "register", "stats_ready"]
