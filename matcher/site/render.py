"""Contributor Markdown to safe HTML: CommonMark with raw HTML off, then an allow-list sanitiser (nh3).

Only the fields the schema marks ``x-markdown: true`` (bio, mentor offer, mentee goals)
go through here; every other field is plain text that the templates escape.

Two locks, each enough alone: the Markdown parser (markdown-it-py, CommonMark) never lets
raw HTML through (``<script>`` is shown as text), and nh3 then keeps only an allow-list:
paragraphs, emphasis, lists, quotes, code and links, with no images, no headings (a bio
must not break the page's outline) and no attributes but a link's ``href``, which must be
an absolute https URL; links open as user content (``rel="nofollow ugc noopener"``).
"""

from __future__ import annotations

import re
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from matcher.profile.schema import is_safe_https_url

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
LINK_REL = "nofollow ugc noopener"
# Markdown syntax the site does not render: headings, images, horizontal rules stay text.
DISABLED_RULES = ("heading", "lheading", "image", "hr", "html_block", "html_inline")

# A link whose address the sanitiser removed (not https) is left as its text.
_EMPTY_LINK = re.compile(r'<a rel="nofollow ugc noopener">(.*?)</a>', re.DOTALL)
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")


def _only_https(tag: str, attribute: str, value: str) -> str | None:
    """Keep an href only when it is an absolute https URL the schema would accept as a link."""
    if tag == "a" and attribute == "href":
        return value if is_safe_https_url(value) else None
    return value


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"https"},
        link_rel=LINK_REL,
        attribute_filter=_only_https,
        strip_comments=True,
    )


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable(
        list(DISABLED_RULES)
    )


def markdown_to_safe_html(text: str | None) -> Markup:
    """Render contributor Markdown and sanitise it; the only HTML from a profile that is marked safe."""
    if not text:
        return Markup("")
    cleaned = _EMPTY_LINK.sub(r"\1", _cleaner().clean(_markdown().render(text)))
    return Markup(_EMPTY_PARAGRAPH.sub("", cleaned).strip())  # noqa: S704 - sanitised by nh3 just above
