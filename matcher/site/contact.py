"""The maintainers' confidential address, as every page shows it: in the footer, on the join page, in guidance.

The address and the words around it come only from ``community.toml`` (checked by
:mod:`matcher.settings`) and from this module; the ``mailto:`` links are built here, encoded,
so nothing after the address can come from anyone's data. The guidance pages are the
maintainers' Markdown: they name the community as ``{community_name}``, the address as
``{contact_email}`` and the staleness rule as ``{stale_after}`` (e.g. "a year") and
``{stale_grace_days}``, which :func:`fill_in_settings` replaces once Pelican has rendered the
page, so a fork's pages say its own name and what its settings do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from matcher import settings
from matcher.site.i18n import gettext, ngettext

ADDRESS_MARKER = "{contact_email}"
NAME_MARKER = "{community_name}"
STALE_AFTER_MARKER = "{stale_after}"
STALE_GRACE_MARKER = "{stale_grace_days}"


@dataclass(frozen=True)
class Contact:
    """The address and the links to it that templates show (they compute nothing)."""

    email: str
    url: str  # mailto: the address
    report_url: str  # mailto: the address, with a subject for a confidential report
    profile_url: str  # mailto: the address, with a subject and a note for a profile sent by e-mail

    def link(self) -> Markup:
        """``<a href="mailto:…">address</a>``, escaped: what the token in a guidance page becomes."""
        return Markup('<a class="contact-email" href="{}">{}</a>').format(self.url, self.email)


def contact_of(community: settings.Community) -> Contact:
    address = community.contact_email
    return Contact(
        email=address,
        url=settings.mailto(address),
        # TRANSLATORS: the subject of the e-mail a reader writes to report a concern; %(site)s is the community's name.
        report_url=settings.mailto(address, subject=gettext("Confidential report (%(site)s)", site=community.name)),
        profile_url=settings.mailto(
            address,
            # TRANSLATORS: the subject and text of the e-mail that sends a profile made on the join page.
            subject=gettext("My profile for %(site)s", site=community.name),
            body=gettext(
                "Hello, I have no GitHub account: my profile file from the join page is attached. Please add it for me."
            ),
        ),
    )


def period_words(days: int) -> str:
    """How pages say the staleness rule, in the page's language: "a year" for 365 days, else the number of days."""
    # TRANSLATORS: how long a profile may go without an update, e.g. "This profile has not been updated for
    # more than a year"; also put into the guidance pages.
    return gettext("a year") if days == 365 else ngettext("%(num)s day", "%(num)s days", days)


def fill_in_settings(content: Any) -> None:
    """Pelican's ``content_object_init``: a guidance page's markers become the community's settings.

    The page's HTML (and its summary) is Pelican's rendering of the maintainers' own Markdown;
    the values are inserted escaped, the address as a link. A page without a marker is left as it is.
    """
    community = getattr(content, "settings", {}).get("COMMUNITY")
    if not isinstance(community, settings.Community):
        return  # the plugin's settings check stops the build with the reason
    values = {
        NAME_MARKER: str(escape(community.name)),
        ADDRESS_MARKER: str(contact_of(community).link()),
        STALE_AFTER_MARKER: period_words(community.stale_after_days),
        STALE_GRACE_MARKER: str(community.stale_grace_days),
    }
    for attribute in ("_content", "_summary"):
        html = getattr(content, attribute, None)
        if isinstance(html, str) and "{" in html:
            for marker, value in values.items():
                html = html.replace(marker, value)
            setattr(content, attribute, html)
