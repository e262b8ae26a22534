"""Templates compiled once per process (invoke live): reused for the same source, options and catalog only;
compiled to escape each value as a str, rendering what Jinja's own code renders."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, Environment, select_autoescape
from markupsafe import Markup, escape

from matcher.site import bytecode, i18n
from matcher.site.bytecode import KeptInMemory
from matcher.site.render import escape_text

SOURCE = {"page.html": "<p>{{ _('Directory') }}: {{ name }}</p>"}


def environment(language: str, cache: KeptInMemory, **options: Any) -> Environment:
    env = Environment(loader=DictLoader(SOURCE), extensions=[i18n.CompiledI18n], bytecode_cache=cache, **options)
    env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
    return env


def test_a_template_is_compiled_once_per_catalog_and_options() -> None:
    cache = KeptInMemory()
    compiled: list[str] = []
    original = Environment.compile

    def counting(self: Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(f"{name}")
        return original(self, source, name, *args, **kwargs)

    Environment.compile = counting  # type: ignore[method-assign]
    try:
        pages = [environment(lang, cache).get_template("page.html").render(name="Ana") for lang in ("fr", "fr", "ar")]
        again = environment("ar", cache).get_template("page.html").render(name="Ana")
        other = environment("fr", cache, autoescape=True).get_template("page.html").render(name="<b>")
    finally:
        Environment.compile = original  # type: ignore[method-assign]
    assert pages[0] == pages[1] == "<p>Annuaire: Ana</p>"
    assert pages[2] != pages[0] and again == pages[2], "a template compiled in French is not given to Arabic"
    assert other == "<p>Annuaire: &lt;b&gt;</p>", "nor to an environment with other options"
    assert compiled == ["page.html", "page.html", "page.html"], "French once, Arabic once, autoescaping French once"


def test_a_changed_source_is_compiled_again() -> None:
    cache = KeptInMemory()
    first = environment("fr", cache).get_template("page.html").render(name="Ana")
    SOURCE["page.html"] = "<p>{{ _('Guidance') }}</p>"
    try:
        assert environment("fr", cache).get_template("page.html").render() != first
    finally:
        SOURCE["page.html"] = "<p>{{ _('Directory') }}: {{ name }}</p>"


# --- TextEscaping: each {{ value }} escaped to a str, not a Markup -------------------------------------

# Every way a value reaches a template's output: a page with blocks, a macro and its caller, {% set %}
# blocks, a loop, an include, filters, |safe and |e, Markup from Python, and scoped autoescape.
TEMPLATES = {
    "base.html": "<title>{% block title %}{{ site }}{% endblock %}</title><main>{% block main %}{% endblock %}</main>",
    "_macros.html": (
        "{% macro link(url, text) %}<a href=\"{{ url }}\">{{ text }}</a>{{ caller() if caller }}{% endmacro %}"
    ),
    "part.html": "<i>{{ value }}</i>",
    "page.html": (
        '{% extends "base.html" %}{% from "_macros.html" import link %}'
        "{% block title %}{{ value }} | {{ super() }}{% endblock %}"
        "{% block main %}"
        "{% set kept %}<b>{{ value }}</b>{% endset %}{{ kept }}{{ kept|length }}"
        "{% for v in values %}[{{ loop.index }}:{{ v }}]{% endfor %}"
        "{{ link(url, value) }}{% call link(url, number) %}{{ value|upper }}{% endcall %}"
        "{{ value|safe }}{{ value|e }}{{ safe_html }}{{ values|join(', ') }}{{ none }}{{ number }}"
        "{{ value ~ safe_html }}{{ '<%s>' % value }}"
        '{% include "part.html" %}'
        "{% autoescape false %}{{ value }}{% endautoescape %}{% autoescape true %}{{ value }}{% endautoescape %}"
        "{% endblock %}"
    ),
}


def two_environments(autoescape: Any = True) -> tuple[Environment, Environment]:
    theirs = Environment(loader=DictLoader(TEMPLATES), autoescape=autoescape, bytecode_cache=KeptInMemory())
    ours = Environment(loader=DictLoader(TEMPLATES), autoescape=autoescape)
    bytecode.install(ours)
    return theirs, ours


HOSTILE = st.one_of(
    st.text(alphabet=st.sampled_from(list("<>&\"'`=/ ab\u00e9\u0627\u200f\n")), max_size=20),
    st.text(max_size=20),
)


@settings(max_examples=200, deadline=None)
@given(value=HOSTILE, values=st.lists(HOSTILE, max_size=3), number=st.integers())
def test_text_escaping_renders_what_jinja_renders(value: str, values: list[str], number: int) -> None:
    context = {
        "site": "Mentor <Commons>",
        "value": value,
        "values": values,
        "number": number,
        "none": None,
        "url": f"https://example.org/?q={value}&x=1",
        "safe_html": Markup("<em>kept</em>"),
    }
    for autoescape in (True, False, select_autoescape(["html"])):
        theirs, ours = two_environments(autoescape)
        expected = theirs.get_template("page.html").render(context)
        assert ours.get_template("page.html").render(context) == expected


def test_templates_compiled_by_text_escaping_call_escape_text() -> None:
    theirs, ours = two_environments()
    code = ours.compile(TEMPLATES["part.html"], raw=True)
    assert "escape_text(" in code and "escape(" not in code.replace("escape_text(", "")
    assert "escape(" in theirs.compile(TEMPLATES["part.html"], raw=True)
    assert ours.get_template("part.html").render(value="<x>") == "<i>&lt;x&gt;</i>"


class Renders:
    """An object that renders itself as HTML (as a template may be given): trusted as escape() trusts it."""

    def __html__(self) -> str:
        return "<u>me</u>"

    def __str__(self) -> str:
        return "<not this>"


class Shown:
    def __str__(self) -> str:
        return "a < b & 'c'"


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        st.text(),
        st.integers(),
        st.floats(allow_nan=False),
        st.none(),
        st.booleans(),
        st.text().map(Markup),
        st.text().map(escape),
        st.just(Renders()),
        st.just(Shown()),
    )
)
def test_escape_text_is_markupsafe_escape_as_a_str(value: Any) -> None:
    text = escape_text(value)
    assert isinstance(text, str)
    assert text == str(escape(value))


ITEMS = st.one_of(HOSTILE, HOSTILE.map(Markup), st.integers(), st.none(), st.just(Renders()), st.just(Shown()))


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(ITEMS, max_size=4),
    separator=st.one_of(HOSTILE, HOSTILE.map(Markup), st.just(Renders())),
    autoescape=st.booleans(),
)
def test_the_join_filter_joins_as_jinjas(items: list[Any], separator: Any, autoescape: bool) -> None:
    """``join`` (a separator marked safe under autoescape made cheaper) gives what Jinja's gives, in every case."""
    source = "{{ items|join(separator) }}|{{ items|join(separator)|length }}|{{ pairs|join(separator, attribute='v') }}"
    context = {"items": items, "separator": separator, "pairs": [{"v": item} for item in items]}
    theirs = Environment(autoescape=autoescape).from_string(source).render(context)
    ours_env = Environment(autoescape=autoescape)
    bytecode.install(ours_env)
    assert ours_env.from_string(source).render(context) == theirs


def test_a_template_compiled_by_an_earlier_process_is_read_from_the_folder(tmp_path: Any) -> None:
    """``invoke build`` after an edit: the templates the last build compiled are read back, in the
    same catalog only; a damaged file is compiled again."""
    compiled: list[str] = []
    original = Environment.compile

    def counting(self: Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(f"{name}")
        return original(self, source, name, *args, **kwargs)

    def new_process() -> KeptInMemory:
        cache = KeptInMemory()
        cache.keep_in(tmp_path)
        return cache

    Environment.compile = counting  # type: ignore[method-assign]
    try:
        first = environment("fr", new_process()).get_template("page.html").render(name="Ana")
        assert compiled == ["page.html"] and len(list(tmp_path.iterdir())) == 1
        again = environment("fr", new_process()).get_template("page.html").render(name="Ana")
        assert again == first and compiled == ["page.html"], "read back, not compiled"
        arabic = environment("ar", new_process()).get_template("page.html").render(name="Ana")
        assert arabic != first and compiled == ["page.html", "page.html"], "another catalog: compiled"
        for path in tmp_path.iterdir():
            path.write_bytes(path.read_bytes()[:20])  # cut short
        assert environment("fr", new_process()).get_template("page.html").render(name="Ana") == first
        assert compiled == ["page.html"] * 3, "a damaged file: compiled again"
    finally:
        Environment.compile = original  # type: ignore[method-assign]


def test_a_build_from_nothing_compiles_no_template_an_earlier_build_compiled(
    tmp_path: Any, monkeypatch: Any
) -> None:
    """As Python keeps its bytecode: a cold build in a new process (``invoke build``, the nightly) reads
    the page templates the last one compiled from the user's cache folder (at 10,000 people each forked
    renderer compiled them again: 0.33 s of processor time), and compiles them again for other code."""
    from matcher.profile.verdicts import CACHE_ENV
    from matcher.site import incremental
    from matcher.site.build import build_site
    from tests.site.conftest import COMMUNITY, MATCHES, ROOT

    compiled: list[str] = []
    original = Environment.compile

    def counting(self: Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any) -> Any:
        compiled.append(f"{name}")
        return original(self, source, name, *args, **kwargs)

    def cold_build_in_a_new_process(n: int) -> list[str]:
        bytecode.KEPT.clear()  # (what a new process has in memory)
        compiled.clear()
        out = tmp_path / f"out{n}"
        build_site(ROOT / "pelicanconf.py", profiles=COMMUNITY, matches=MATCHES, output=out, search=False)
        return sorted(compiled)

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))  # (a cache no other test's build has filled)
    monkeypatch.setattr(Environment, "compile", counting)
    first = cold_build_in_a_new_process(1)
    assert {"person.html", "card.html", "base.html"} <= set(first)
    assert cold_build_in_a_new_process(2) == []
    monkeypatch.setattr(incremental, "fingerprint", lambda: "other code")
    assert cold_build_in_a_new_process(3) == first
