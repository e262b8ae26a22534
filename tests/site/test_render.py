"""Contributor Markdown becomes safe HTML: an allow-list, https links only, nothing active."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.site.render import ALLOWED_TAGS, markdown_to_safe_html


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>"),
        ("[ok](https://example.org/a)", '<p><a href="https://example.org/a" rel="nofollow ugc noopener">ok</a></p>'),
        ("[js](javascript:alert(1))", "<p>[js](javascript:alert(1))</p>"),
        ("[plain http](http://example.org/)", "<p>plain http</p>"),
        ("[relative](/admin)", "<p>relative</p>"),
        ("[protocol-relative](//evil.example/)", "<p>protocol-relative</p>"),
        ("[data](data:text/html;base64,PHNjcmlwdD4=)", "<p>[data](data:text/html;base64,PHNjcmlwdD4=)</p>"),
        ("<script>alert(1)</script>text", "<p>&lt;script&gt;alert(1)&lt;/script&gt;text</p>"),
        ('<img src="x" onerror="alert(1)">', '<p>&lt;img src="x" onerror="alert(1)"&gt;</p>'),
        (
            "![pic](https://example.org/pic.png)",
            '<p>!<a href="https://example.org/pic.png" rel="nofollow ugc noopener">pic</a></p>',
        ),
        (
            '<a href="https://example.org" onclick="alert(1)">a</a>',
            '<p>&lt;a href="https://example.org" onclick="alert(1)"&gt;a&lt;/a&gt;</p>',
        ),
        ("# Heading\n\nbody", "<p># Heading</p>\n<p>body</p>"),
        ("a & b < c", "<p>a &amp; b &lt; c</p>"),
        (
            "<https://example.org/x>",
            '<p><a href="https://example.org/x" rel="nofollow ugc noopener">https://example.org/x</a></p>',
        ),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
    ],
)
def test_markdown_is_sanitised(source: str, expected: str) -> None:
    assert str(markdown_to_safe_html(source)) == expected


def test_no_text_gives_no_html() -> None:
    assert markdown_to_safe_html(None) == ""
    assert markdown_to_safe_html("") == ""


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


HOSTILE_PIECES = [
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:",
    "[a](",
    ")",
    "<",
    ">",
    '"',
    "'",
    "&",
    "#",
    "![i](https://x.org/i.png)",
    "<a href='https://x.org'>",
    "onmouseover=",
    "<style>",
    "<iframe>",
    "**",
    "`",
    "\n",
    "\n\n",
    "- ",
    "1. ",
    "> ",
    "<https://x.org>",
    "<!--",
    "-->",
    "data:text/html,",
    "vbscript:",
    "text",
    " ",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_PIECES), max_size=30).map("".join))
def test_any_text_renders_inert(text: str) -> None:
    """Whatever a contributor writes, only allowed tags remain, and an href is an https URL."""
    parser = _Tags()
    parser.feed(str(markdown_to_safe_html(text)))
    for tag, attrs in parser.found:
        assert tag in ALLOWED_TAGS, (text, tag)
        for name, value in attrs:
            assert (tag, name) in {("a", "href"), ("a", "rel")}, (text, tag, name)
            if name == "href":
                assert value is not None and re.match(r"^https://[^/\s]+\.[^/\s]+", value), (text, value)


# --- plain prose goes a short way: the same HTML as the whole Markdown and sanitiser path ---------

_PROSE = "abc XYZ 09 .,;:?()/'\"%@$^-+*_`\\[]<>&!~|#={}\t\r\u00a0\u3000\u2003\u0085\x1c·«»é日😀"
# Words between stars, with what may stand beside them, so that emphasis is tried often.
_EMPHASISED = st.lists(
    st.sampled_from(["*", "*a", "a*", "*ab cd*", " ", "(", ")", ".", "a", "**", "_", "\n", "\n\n", "*.*", "é*"]),
    max_size=12,
).map("".join)


def _the_long_way(text: str) -> str:
    from matcher.site import render

    cleaned = render._EMPTY_LINK.sub(r"\1", render._cleaner().clean(render._markdown().render(text)))
    return render._EMPTY_PARAGRAPH.sub("", cleaned).strip()


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.text(alphabet=_PROSE, max_size=12), max_size=6).map("\n".join) | _EMPHASISED)
def test_plain_prose_shortcut_gives_the_same_html(text: str) -> None:
    from matcher.site import render

    short = render._plain_paragraphs(text)
    if short is not None:
        assert short == _the_long_way(text)


@pytest.mark.parametrize(
    "text",
    [
        "I coordinate volunteers in Chișinău.\nHappy to help with grant writing.",
        "First paragraph.\n\n\nSecond, with “quotes” and 'apostrophes' (and brackets).",
        "10 years in trade unions; 3 of them as an organiser.",
        "Je travaille à Dakar — et à distance. ¿Hablamos? 日本語も少し。",
        "Fictional profile.\n\nWorks in *law and justice*, mostly (*pro bono*).",
    ],
)
def test_everyday_prose_takes_the_shortcut(text: str) -> None:
    from matcher.site import render

    assert render._plain_paragraphs(text) == _the_long_way(text)
    assert str(render.markdown_to_safe_html(text)) == _the_long_way(text)


@pytest.mark.parametrize(
    "text",
    ["1. a list", "- item", "> quote", "a  \nhard break", "    code", "**strong**", "_em_", "a & b", "x\u00a0y", "[a](https://e.org)"],
)
def test_markdown_syntax_goes_the_long_way(text: str) -> None:
    from matcher.site import render

    assert render._plain_paragraphs(text) is None
