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
from typing import Any

import nh3
from jinja2 import pass_eval_context
from jinja2.filters import sync_do_join
from jinja2.nodes import EvalContext
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

try:  # markupsafe's C escaping of a str to a str (its escape() wraps it, and makes a Markup of it in Python)
    from markupsafe._speedups import _escape_inner
except ImportError:  # pragma: no cover - a markupsafe without it: the same through its public function

    def _escape_inner(s: str, /) -> str:
        return str(escape(s))

from matcher.profile.schema import is_safe_https_url

ALLOWED_TAGS = frozenset({"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "pre"})
ALLOWED_ATTRIBUTES = {"a": {"href"}}
LINK_REL = "nofollow ugc noopener"
# Markdown syntax the site does not render: headings, images, horizontal rules stay text.
DISABLED_RULES = ("heading", "lheading", "image", "hr", "html_block", "html_inline")

# A link whose address the sanitiser removed (not https) is left as its text.
_EMPTY_LINK = re.compile(r'<a rel="nofollow ugc noopener">(.*?)</a>', re.DOTALL)
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>")

# Plain prose, which most profile text is: lines of words and ordinary punctuation with no
# Markdown syntax. For such text the two steps above only wrap each paragraph in <p>, so that is
# done directly; a property test compares the two ways on text full of syntax characters.
# A line goes the long way if it has a character with a meaning in Markdown or HTML (or one the
# sanitiser writes as an entity), starts the way a list, quote or underline can, or has space at
# either end (an indent, a hard break, or space Markdown would trim).
_SYNTAX = re.compile(r"[\\`*_\[\]<>&!~|#={}\x00-\x1f\x7f-\x9f\u00a0\u2028\u2029]")
_BLOCK_START = re.compile(r"[-+]|\d{1,9}[.)]")
# ... except simple emphasis: *words* opened after a space or a bracket (or at the start of the line),
# closed before a space, punctuation or the end, with a letter or digit just inside either star.
_EMPHASIS = re.compile(r"(?<![^\s(])\*(\w(?:[^*]*?\w)?)\*(?=[\s.,;:?!)]|$)")


def escape_text(value: object, /) -> str:
    """``markupsafe.escape(value)`` as a plain str: what an autoescaping template does to each ``{{ value }}``.

    The compiled templates call this instead (:class:`matcher.site.bytecode.TextEscaping`): their
    output is joined into one string anyway, and ``escape`` spends more time making each Markup
    (in Python) than escaping it (in C): a profile page has some 150 values, 10,000 pages make
    1.8 million. Same text for every value; a property test compares the two.
    """
    if type(value) is str:
        return _escape_inner(value)
    html = getattr(value, "__html__", None)
    if html is not None:  # Markup, or any object that renders itself (as escape() trusts it to)
        text = html()
        return text if isinstance(text, str) else str(text)
    return _escape_inner(str(value))


@pass_eval_context
def join_filter(eval_ctx: EvalContext, value: Any, d: Any = "", attribute: Any = None) -> str:
    """Jinja's ``join`` filter, with one case made cheaper: the pages' own, a separator marked safe
    (``_(", ")``) under autoescape, where Jinja's ``Markup.join`` makes a Markup of each item. The same
    text (each item escaped, unless it is markup), as one Markup; any other case is Jinja's."""
    if attribute is not None or not eval_ctx.autoescape or not isinstance(d, Markup):
        return sync_do_join(eval_ctx, value, d, attribute)
    return Markup(str(d).join([escape_text(x if isinstance(x, str) else str(x)) for x in value]))  # noqa: S704


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
    plain = _plain_paragraphs(text)
    if plain is not None:
        return Markup(plain)  # noqa: S704 - only letters, digits, spaces and punctuation with no meaning in HTML
    cleaned = _EMPTY_LINK.sub(r"\1", _cleaner().clean(_markdown().render(text)))
    return Markup(_EMPTY_PARAGRAPH.sub("", cleaned).strip())  # noqa: S704 - sanitised by nh3 just above


def _plain_paragraphs(text: str) -> str | None:
    """``text`` as HTML paragraphs when it is plain prose (see ``_SYNTAX``), else None."""
    paragraphs: list[list[str]] = [[]]
    for line in text.split("\n"):
        if not line:
            if paragraphs[-1]:
                paragraphs.append([])
            continue
        words = _EMPHASIS.sub(r"\1", line) if "*" in line else line
        if words != words.strip() or _SYNTAX.search(words) or _BLOCK_START.match(line):
            return None
        paragraphs[-1].append(_EMPHASIS.sub(r"<em>\1</em>", line) if words is not line else line)
    return "\n".join("<p>" + "\n".join(lines) + "</p>" for lines in paragraphs if lines)
