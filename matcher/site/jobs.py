"""The pages the plugin renders, one :class:`~matcher.site.incremental.Job` each, with its key.

A profile page per person, the directory's pages (cards), each facet value's pages (rows), and
the single pages (home, find, guidance, dashboard, the theme's extra pages, 404). A many-page
job's values are computed when it is rendered, in whichever process renders it; a single
page's are computed here, since its key is the hash of them. With no site key (a build that
keeps no state), the jobs have no keys and every page is rendered.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from matcher.profile.model import Profile
from matcher.site import export, i18n, incremental, urls
from matcher.site.community import CardsWhenAsked, Community
from matcher.site.i18n import N_, gettext, ngettext
from matcher.site.incremental import Job
from matcher.site.listing import Crumb, ListingPage, pages_of
from matcher.site.settings import ExtraPage, SiteSettings

DIRECTORY_INTRO = N_(
    "Everyone in the community: mentors open to new mentees first, then mentees looking, then by name."
)


COUNTS = "COMMUNITY_COUNTS"  # the community's counts, in every page's context (Community.counts)
_REFERENCE = re.compile(r"""{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")


@functools.cache
def counted_in(folder: Path = incremental.TEMPLATES) -> frozenset[str] | None:
    """The templates that show the community's counts, when only pages of their own do (the home page and
    the directory): a mentor who pauses, someone who joins, changes them, and makes those pages again,
    not 10,000 profile pages. None when a template that others extend or include shows them."""
    sources = {p.name: p.read_text(encoding="utf-8") for p in folder.rglob("*.html")}
    shared = {name for text in sources.values() for name in _REFERENCE.findall(text)}
    showing = frozenset(name for name, text in sources.items() if COUNTS in text)
    return None if showing & shared else showing


def site_for(site: str, template: str, community: Community) -> str:
    """The key every page of ``template`` shares: the site's, with the community's counts where it shows them."""
    counted = counted_in()
    if not site or counted is None or f"{template}.html" not in counted:
        return site
    return incremental.digest(site, community.counts)


def site_key(
    community: Community, options: SiteSettings, context: Mapping[str, Any], settings: Mapping[str, Any], code: str
) -> str:
    """What every page shares: code, templates, settings and the site-wide values of every page's context
    (the community's counts only where a template others share shows them: :func:`site_for`)."""
    names = ("NAV", "GUIDANCE", "CONTACT", "SAFETY_URL", "STALE_PERIOD", "MAINTAINERS", "SHORTLIST_RULES")
    shared = {name: context.get(name) for name in (*names, *((COUNTS,) if counted_in() is None else ()))}
    shared |= {
        "reference": community.reference.isoformat(),
        # Who works with whom (relationships/) shows on profile pages and in their links to ask.
        "mentorships": community.mentorships,
        "introducer": community.introducer,
        "options": options,
    }
    return incremental.site_key(settings, shared, code)


def person_jobs(community: Community, site: str) -> list[Job]:
    """A profile page per published person (its values are computed when it is rendered)."""
    hashes = incremental.profile_hashes(community.profiles) if site else {}
    matches = community.matches
    site = site_for(site, "person", community)

    def key(person: str) -> str:
        endorsers = [author.id for author, _ in community.endorsed.get(person, ())]
        partners = community.mentorships.partners(person)  # not suggested: as on the page (Community.page_of)
        shown = matches.shown(person, community.by_id, community.suggestions_shown, partners)
        return incremental.person_key(site, person, hashes, endorsers, shown)

    return [
        Job("person", urls.person(p.id), functools.partial(_person_values, community, p), key(p.id) if site else "")
        for p in community.profiles
    ]


# Each card's HTML as a card and as a row, by card (invoke live: a card unchanged is not rendered again).
_KEPT_HTML = {"card": incremental.ByIdentity(), "row": incremental.ByIdentity()}


def render_with(template: Any, parent: dict[str, Any]) -> str:
    """What ``template.render(**values)`` does, given its whole context (the template's globals too).

    The context is made without the globals' names apart: those name what an imported template
    (``{% from "_introduce.html" import ... %}``) would be given beyond its own globals, which are
    the same environment's, so nothing; finding that out costs more than rendering a card.
    """
    environment = template.environment
    context = environment.context_class(environment, parent, template.name, template.blocks)
    try:
        return str(environment.concat(template.root_render_func(context)))
    except Exception:
        environment.handle_exception()
        raise


def listing_jobs(
    community: Community,
    options: SiteSettings,
    template: Callable[[str], Any],
    siteurl: str,
    site: str,
) -> list[Job]:
    """The directory's pages (cards) and each facet value's pages (rows); a person's card and row are
    rendered once (in each process) and reused on every listing they are on, and in ``invoke live``
    on the next build too, while the card is the same object (made again when its person changed).
    A listing's key holds its people's :attr:`~matcher.site.community.Community.card_keys`."""
    language = i18n.current()
    if not isinstance(community.cards, CardsWhenAsked):  # (made when asked: in a process that keeps nothing)
        for kept in _KEPT_HTML.values():
            kept.keep_only(community.cards.values())

    def item(kind: str, pid: str) -> Markup:
        def render(view: Any) -> Markup:
            loaded = template(kind)
            # (The output of an autoescaping template is safe HTML: it is marked so to be reused as is.)
            return Markup(render_with(loaded, {**loaded.globals, "card": view, "SITEURL": siteurl}))  # noqa: S704

        html: Markup = _KEPT_HTML[kind].one(community.cards[pid], render, key=(language, siteurl))
        return html

    def card(pid: str) -> Markup:
        return item("card", pid)

    def row(pid: str) -> Markup:
        return item("row", pid)

    card_keys = community.card_keys if site else {}
    facets_key = incremental.digest(
        [(f.key, f.title, [(v.url, v.label, v.count) for v in f.values]) for f in community.facets]
    )
    introduce = community.introducer.templates() if community.introducer else None
    directory_site, facet_site = site_for(site, "directory", community), site_for(site, "listing", community)
    jobs = []
    directory = gettext("Directory")
    for listing in pages_of(
        community.order,
        title=directory,
        intro=gettext(DIRECTORY_INTRO),
        url=urls.DIRECTORY,
        page_size=options.page_size,
    ):
        values = functools.partial(
            _listing_values,
            listing,
            card,
            facets=community.facets,
            section="directory",
            introduce=introduce,
        )
        # (Only the first page shows the filters, with their counts: the others don't change with them.)
        shown = directory_site + facets_key if listing.pager.page == 1 else directory_site
        key = incremental.listing_key(shown, listing, [card_keys[i] for i in listing.ids]) if site else ""
        jobs.append(Job("directory", listing.save_as, values, key))
    crumb = Crumb(directory, urls.DIRECTORY)
    for facet in community.facets:
        for value in facet.values:
            for listing in pages_of(
                value.members,
                # TRANSLATORS: the title of a facet's page, e.g. "Language: Swahili", "Offers help with: Fundraising".
                title=gettext("%(facet)s: %(value)s", facet=facet.title, value=value.label),
                intro=ngettext(
                    "%(num)s person, open mentors first.", "%(num)s people, open mentors first.", value.count
                ),
                url=value.url,
                page_size=options.facet_page_size,
                crumbs=(crumb, Crumb(facet.title, None)),
                facet=facet.key,
            ):
                values = functools.partial(_listing_values, listing, row, section="directory")
                key = incremental.listing_key(facet_site, listing, [card_keys[i] for i in listing.ids]) if site else ""
                jobs.append(Job("listing", listing.save_as, values, key))
    return jobs


def single_jobs(
    community: Community,
    options: SiteSettings,
    site: str,
    *,
    guidance: Sequence[Any],
    guidance_index: Any | None,
    dashboard: Any,
    outcomes: Any,
    extra_pages: Iterable[ExtraPage],
) -> list[Job]:
    """Home, find, guidance (unless a guidance page is its index), dashboard, the theme's extra pages, 404."""
    pages: list[tuple[str, str, dict[str, Any]]] = [
        ("home", urls.save_as(urls.HOME), {"section": "home", "guidance": guidance[:4]}),
        (
            "find",
            urls.save_as(urls.FIND),
            {
                "section": "find",
                # (made when the page is: keyed on what it is made of, 0.06 s with its key at 10,000 people)
                "form": Lazy(functools.partial(export.find_form, community), export.find_form_inputs(community)),
                "find_results": options.find_results,
                "person_url_template": urls.person("__ID__"),
                "introduce": community.introducer.templates() if community.introducer else None,
                "mentors_url": urls.MENTORS_JSON,
                "policy_url": urls.POLICY_JSON,
            },
        ),
    ]
    if guidance_index is None:
        pages.append(("guidance", urls.save_as(urls.GUIDANCE), {"section": "guidance", "guidance": guidance}))
    dashboard_values = {"section": "dashboard", "dashboard": dashboard, "outcomes": outcomes}
    pages.append(("dashboard", urls.save_as(urls.DASHBOARD), dashboard_values))
    join_data = {
        "form": urls.JOIN_FORM_JSON,
        "places": urls.JOIN_PLACES_JSON,
        "people": urls.PEOPLE_JSON,
        "person": urls.person("__ID__"),
    }
    for page in extra_pages:
        values = {
            "section": page.template,
            "extra_page": page,
            "vocabularies": export.vocabularies(),
            "join_data": join_data,
        }
        pages.append((page.template, page.save_as, values))
    pages.append(("404", "404.html", {"section": ""}))
    return [
        Job(
            template,
            save_as,
            functools.partial(_made, values),
            incremental.digest(site_for(site, template, community), template, save_as, _keyed(values)) if site else "",
        )
        for template, save_as, values in pages
    ]


@dataclass(frozen=True)
class Lazy:
    """A page's value made only when the page is rendered; its key has ``inputs``, what it is made of."""

    make: Callable[[], Any]
    inputs: Any


def _keyed(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.inputs if isinstance(v, Lazy) else v for k, v in values.items()}


def _made(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.make() if isinstance(v, Lazy) else v for k, v in values.items()}


def data_jobs(community: Community, site: str) -> list[Job]:
    """The data files the pages' scripts read, as jobs whose values hold the ``text`` (no template).

    Each is keyed, when there is a key, on what its text is made of: the files made from everyone's
    profiles on each person's part of them (:func:`matcher.site.export.mentors_json_inputs`), the
    others on the code and settings only (the site key). A file is made only when its key changed:
    making mentors.json and people.json to compare their text took a rebuild in a new process 0.2 s.
    """
    files: list[tuple[str, Callable[[], Any], Callable[[], str]]] = [
        (
            urls.MENTORS_JSON,
            functools.partial(export.mentors_json_inputs, community),
            functools.partial(export.mentors_json, community),
        ),
        (urls.POLICY_JSON, tuple, export.policy_json),
        (
            urls.PEOPLE_JSON,
            functools.partial(export.people_json_inputs, community),
            functools.partial(export.people_json, community),
        ),
        (urls.JOIN_FORM_JSON, tuple, export.join_form_json),
        (urls.JOIN_PLACES_JSON, tuple, export.join_places_json),
    ]
    return [
        Job("", path, functools.partial(_text, make), incremental.digest(site, path, made_of()) if site else "")
        for path, made_of, make in files
    ]


def _text(make: Callable[[], str]) -> dict[str, Any]:
    return {"text": make()}


def _listing_values(listing: ListingPage, item: Callable[[str], Markup], **values: Any) -> dict[str, Any]:
    """A listing page's values: its people as cards (directory) or rows (facet pages)."""
    name = "cards" if listing.facet is None else "rows"
    return {"listing": listing, name: [item(i) for i in listing.ids], **values}


def _person_values(community: Community, profile: Profile) -> dict[str, Any]:
    """A profile page's values, computed when the page is rendered (in whichever process renders it)."""
    return {"person": community.page_of(profile), "section": "directory"}
