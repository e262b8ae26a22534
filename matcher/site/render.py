"""Contributor Markdown to safe HTML: Markdown first, then an allow-list sanitiser (nh3).

Only the fields the schema marks ``x-markdown: true`` (bio, mentor offer, mentee goals)
go through here; every other field is plain text that the templates escape. The
allow-list has no images, no raw HTML, no headings (a bio must not break the page's
outline) and links only to https addresses, opened as user content (``nofollow ugc``).
"""

from __future__ import annotations

import re
from functools import cache

import markdown
import nh3
from markupsafe import Markup

from matcher.schema import is_safe_https_url

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "blockquote", "code", "pre"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
LINK_REL = "nofollow ugc noopener"
# script and style vanish with their text; every other unknown tag leaves its text behind.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript", "textarea", "select"})


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
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
        url_schemes={"https"},
        link_rel=LINK_REL,
        attribute_filter=_only_https,
        strip_comments=True,
    )


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists"], output_format="html")


# Text with none of these characters, on one line, and not starting like a list, a quote or
# a heading, is one plain paragraph for Markdown: it skips the parser (a third of the build's
# time at 10,000 profiles) and goes straight to the sanitiser. tests/site/test_render.py
# checks that both paths give the same HTML.
_MARKDOWN_CHARS = frozenset("\\`*_[]<>&#!|~{}=\n\r\t")
_BLOCK_START = re.compile(r"\s|[-+>]|\d+[.)]")


def is_plain_paragraph(text: str) -> bool:
    """True when Markdown would render ``text`` as ``<p>text</p>`` and nothing else."""
    return not _MARKDOWN_CHARS.intersection(text) and not _BLOCK_START.match(text) and not text.endswith(" ")


def markdown_to_safe_html(text: str | None) -> Markup:
    """Render contributor Markdown and sanitise it; the only HTML from a profile that is marked safe."""
    if not text:
        return Markup("")
    if is_plain_paragraph(text):
        html = f"<p>{text}</p>"
    else:
        html = _markdown().reset().convert(text)
    cleaned = _EMPTY_LINK.sub(r"\1", _cleaner().clean(html))
    return Markup(_EMPTY_PARAGRAPH.sub("", cleaned).strip())
