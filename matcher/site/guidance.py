"""The maintainers' guidance pages (content/pages/*.md, rendered by Pelican) as the site's pages list them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from matcher.site import urls

# A guidance page with this slug (content/pages/guidance.md) is the guidance index itself:
# it is published at guidance/ instead of guidance/guidance/, and the plugin writes no other.
GUIDANCE_INDEX_SLUG = "guidance"
# The guidance page on safety and reporting (content/pages/safety.md), linked from every footer.
SAFETY_SLUG = "safety"


@dataclass(frozen=True, slots=True)
class GuidanceEntry:
    title: str
    url: str
    summary: Markup
    order: int
    lang: str | None = None  # the page's language, when it is not the build's (not translated yet)


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
                lang=str(page.lang) if getattr(page, "untranslated", None) else None,
            )
        )
    return tuple(sorted(entries, key=lambda e: (e.order, e.title.casefold(), e.url)))
