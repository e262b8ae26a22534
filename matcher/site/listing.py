"""Paged listings of people: the directory and one listing per facet value.

A listing is a title, the ids of the people in it (already in display order) and a page
size; :func:`pages_of` cuts it into :class:`ListingPage` values with their URLs and the
pager links worked out, so the template only loops and prints.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from matcher.site import urls
from matcher.site.i18n import gettext


@dataclass(frozen=True, slots=True)
class Pager:
    page: int
    pages: int
    previous: str | None
    next: str | None
    first: str
    last: str


@dataclass(frozen=True, slots=True)
class Crumb:
    label: str
    url: str | None


@dataclass(frozen=True, slots=True)
class ListingPage:
    title: str
    intro: str
    url: str
    save_as: str
    ids: tuple[str, ...]
    total: int
    first_index: int  # 1-based position of the first person on this page
    pager: Pager
    crumbs: tuple[Crumb, ...]
    facet: str | None  # the facet key of a facet listing, None for the whole directory


def pages_of(
    ids: Sequence[str],
    *,
    title: str,
    intro: str,
    url: str,
    page_size: int,
    crumbs: tuple[Crumb, ...] = (),
    facet: str | None = None,
) -> Iterator[ListingPage]:
    """The pages of one listing; an empty listing still has one (empty) page."""
    total = len(ids)
    pages = max(1, -(-total // page_size))
    for page in range(1, pages + 1):
        start = (page - 1) * page_size
        page_url = urls.paged(url, page)
        title_here = (
            title
            if page == 1
            else gettext("%(title)s, page %(page)s of %(pages)s", title=title, page=page, pages=pages)
        )
        yield ListingPage(
            title=title_here,
            intro=intro,
            url=page_url,
            save_as=urls.save_as(page_url),
            ids=tuple(ids[start : start + page_size]),
            total=total,
            first_index=start + 1,
            pager=Pager(
                page=page,
                pages=pages,
                previous=urls.paged(url, page - 1) if page > 1 else None,
                next=urls.paged(url, page + 1) if page < pages else None,
                first=url,
                last=urls.paged(url, pages),
            ),
            crumbs=crumbs,
            facet=facet,
        )
