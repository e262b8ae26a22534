"""Contributor Markdown becomes safe HTML: an allow-list, https links only, nothing active."""

from __future__ import annotations

import markdown
import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.site.render import _cleaner, is_plain_paragraph, markdown_to_safe_html


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>"),
        ("[ok](https://example.org/a)", '<p><a href="https://example.org/a" rel="nofollow ugc noopener">ok</a></p>'),
        ("[js](javascript:alert(1))", "<p>js</p>"),
        ("[plain http](http://example.org/)", "<p>plain http</p>"),
        ("[relative](/admin)", "<p>relative</p>"),
        ("[protocol-relative](//evil.example/)", "<p>protocol-relative</p>"),
        ("[data](data:text/html;base64,PHNjcmlwdD4=)", "<p>data</p>"),
        ("<script>alert(1)</script>text", "<p>text</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
        ("![pic](https://example.org/pic.png)", ""),
        ("<iframe src='https://example.org'></iframe>after", "<p>after</p>"),
        ('<a href="https://example.org" onclick="alert(1)">a</a>', '<p><a href="https://example.org" rel="nofollow ugc noopener">a</a></p>'),
        ("# Heading\n\nbody", "Heading\n<p>body</p>"),
        ("<style>body{display:none}</style>x", "<p>x</p>"),
        ('<b style="color:red">b</b>', "<p><b>b</b></p>"),
        ("a & b < c", "<p>a &amp; b &lt; c</p>"),
    ],
)
def test_markdown_is_sanitised(source: str, expected: str) -> None:
    assert str(markdown_to_safe_html(source)) == expected


def test_no_text_gives_no_html() -> None:
    assert markdown_to_safe_html(None) == ""
    assert markdown_to_safe_html("") == ""


PLAIN = st.text(alphabet=st.sampled_from(list("abcdefghij ,.;:'\"?()/-+%$@0123456789ÄéŞ") + ["ß", "中"]), max_size=80)


@settings(max_examples=400, deadline=None)
@given(PLAIN)
def test_the_plain_text_shortcut_gives_what_markdown_gives(text: str) -> None:
    """Text that skips the Markdown parser must come out exactly as if it had not."""
    if not text or not is_plain_paragraph(text):
        return
    full = _cleaner().clean(markdown.Markdown(extensions=["sane_lists"]).convert(text)).strip()
    assert str(markdown_to_safe_html(text)) == full


@pytest.mark.parametrize("text", ["- a list", "1. first", "> quote", "# title", "a *b*", "x\ny", "  indented", "[a](b)", "a_b_c"])
def test_markdown_syntax_never_takes_the_shortcut(text: str) -> None:
    assert not is_plain_paragraph(text)


def test_output_passes_the_sanitiser_again_unchanged() -> None:
    """What the site marks safe is already clean: sanitising it again changes nothing."""
    html = str(markdown_to_safe_html("Hi **there** [x](https://example.org) <em>y</em>\n\n- a\n- b"))
    assert nh3.clean(html, tags={"p", "strong", "a", "em", "ul", "li"}, attributes={"a": {"href", "rel"}}, link_rel=None) == html
