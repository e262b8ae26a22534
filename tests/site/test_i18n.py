"""The interface's languages: catalogs current against the code, complete per language, and a build in
the pseudo-locale in which no interface string is left in English."""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from markupsafe import Markup

from matcher.site import i18n
from tests.site.conftest import CONTENT, INTRODUCTIONS, MATCHES, RELATIONSHIPS, ROOT, tiny_settings


def _ids(path: Path) -> set[str]:
    with path.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def test_the_catalog_template_is_current(tmp_path: Path) -> None:
    """messages.pot holds exactly what the templates, site Python, scripts and schema mark (invoke i18n-extract)."""
    out = tmp_path / "messages.pot"
    cfg = i18n.LOCALES / "babel.cfg"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(cfg), "-k", "N_", "-k", "ngettext:1,2",
         "--sort-output", "--add-location", "file", "-o", str(out), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    current, committed = _ids(out), _ids(i18n.TEMPLATE)
    assert current == committed, (
        f"messages.pot is stale: run `invoke i18n-extract` then `invoke i18n-update`;"
        f" new {sorted(current - committed)[:10]}, gone {sorted(committed - current)[:10]}"
    )


@pytest.mark.parametrize("language", [lang for lang in i18n.available() if lang != i18n.DEFAULT])
def test_every_catalog_translates_every_message(language: str) -> None:
    with i18n.TEMPLATE.open("rb") as f:
        template = read_po(f)
    problems = i18n.is_stale(template, i18n.read_catalog(language))
    assert not problems, f"{language}: {len(problems)} to do (invoke i18n-update, then translate):\n" + "\n".join(
        problems[:20]
    )


def test_pseudo_strings_keep_placeholders_and_tags() -> None:
    text = i18n.pseudo('Hello <a href="%(url)s">%(name)s</a> {0}')
    assert text.startswith("[") and text.endswith("]")
    assert '<a href="%(url)s">%(name)s</a>' in text and "{0}" in text
    assert "Ĥéļļö" in text


# --- the pseudo-locale build ----------------------------------------------------------------------


class _Visible(HTMLParser):
    """Interface text of a page: text nodes and aria-label/title/placeholder/alt values, with their element.

    People's own words (anything inside an element with ``dir="auto"``, a ``lang`` of its own, or
    ``<bdi>``) are not interface text and are skipped, as are scripts and styles."""

    SKIP = frozenset({"script", "style"})
    ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
    VOID = frozenset({"meta", "link", "input", "br", "img", "hr", "source", "option"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []  # per open element: inside people's words (or a script)?
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        inside = bool(self.stack and self.stack[-1])
        people = tag == "bdi" or names.get("dir") == "auto" or ("lang" in names and tag not in ("html", "a"))
        mine = inside or people or tag in self.SKIP
        if not mine:
            self.found += [str(names[a]) for a in self.ATTRIBUTES if names.get(a)]
        if tag not in self.VOID:
            self.stack.append(mine)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]) and data.strip():
            self.found.append(data.strip())


def _english_fragments() -> set[str]:
    """Pieces of every interface message as they would show in English: placeholders and tags cut out."""
    pieces: set[str] = set()
    with i18n.TEMPLATE.open("rb") as f:
        for message in read_po(f):
            for text in (message.id,) if isinstance(message.id, str) else message.id:
                for piece in re.split(r"%\(\w+\)[sd]|<[^>]*>|\{\w*\}", text):
                    piece = piece.strip(" :;,.()—-")
                    if len(piece) >= 3 and re.search(r"[A-Za-z]{3}", piece):
                        pieces.add(piece)
    return pieces


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pseudo-locale as a language of the site (beside English, as `invoke build` builds languages)."""
    from matcher.site.languages import build_languages

    out = tmp_path_factory.mktemp("pseudo") / "site"
    options = {"introductions": str(INTRODUCTIONS), "relationships": str(RELATIONSHIPS)}
    try:
        build_languages(
            ROOT / "pelicanconf.py",
            [i18n.DEFAULT, i18n.PSEUDO],
            output=out,
            profiles=ROOT / "tests" / "site" / "community",
            matches=MATCHES,
            search=False,
            overrides={"PATH": str(CONTENT), "MENTOR_COMMONS": options, "COMMUNITY": tiny_settings()},
        )
    finally:
        i18n.activate(i18n.DEFAULT)
    return out / i18n.PSEUDO


def untranslated(html: str, fragments: set[str]) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    left = []
    for text in parser.found:
        if i18n.PSEUDO_OPEN in text and i18n.PSEUDO_CLOSE in text:
            continue
        for piece in fragments:
            # A whole text that is an English message, or an English phrase of two words or more in it.
            if text.strip(" :;,.()·—-") == piece or (" " in piece and re.search(rf"\b{re.escape(piece)}\b", text)):
                left.append(f"{text[:80]!r} (English: {piece!r})")
                break
    return left


def test_the_pseudo_locale_build_leaves_no_interface_string_in_english(pseudo_site: Path) -> None:
    fragments = _english_fragments()
    found = {}
    for page in sorted(pseudo_site.rglob("*.html")):
        left = untranslated(page.read_text(encoding="utf-8"), fragments)
        if left:
            found[page.relative_to(pseudo_site).as_posix()] = left
    shown = "\n".join(f"{p}: {', '.join(v[:4])}" for p, v in list(found.items())[:15])
    assert not found, f"untranslated interface strings in {len(found)} page(s):\n{shown}"


def test_the_pseudo_locale_build_says_its_language(pseudo_site: Path) -> None:
    home = (pseudo_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en-XA" dir="ltr">' in home
    script = (pseudo_site / "theme" / "js" / "messages.js").read_text(encoding="utf-8")
    assert "Ŕéɱöṽé" in script  # "Remove from my shortlist", for shortlist.js


@pytest.mark.parametrize("language", ["fr", "ar", i18n.PSEUDO])
def test_strings_translated_as_templates_compile_render_as_jinjas_own_extension_does(language: str) -> None:
    """Every template of the theme, rendered with translations compiled in and with Jinja's i18n
    extension looking them up at render time: the same text (hostile values escaped the same way)."""
    from jinja2 import Environment, FileSystemLoader, Undefined

    hostile = '<script>alert("x")</script> & 100% "quoted"'

    class Anything(Undefined):
        """Any value a template asks for: a hostile string that is also a number, a list and a mapping."""

        def __str__(self) -> str:
            return hostile

        def __iter__(self):  # type: ignore[no-untyped-def]
            return iter(())

        def __len__(self) -> int:
            return 0

        def __int__(self) -> int:
            return 3

        def __getattr__(self, name: str) -> Any:
            if name.startswith("__"):
                raise AttributeError(name)
            return Anything()

        def __getitem__(self, key: Any) -> Any:
            return Anything()

        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return Anything()

    def render(extension: str) -> dict[str, str]:
        env = Environment(
            loader=FileSystemLoader(ROOT / "theme" / "templates"),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=[extension],
            undefined=Anything,
        )
        env.policies["ext.i18n.trimmed"] = True
        env.install_gettext_translations(i18n.translations(language), newstyle=True)  # type: ignore[attr-defined]
        out = {}
        for name in ("base.html", "person.html", "find.html", "dashboard.html", "join.html", "guidance.html"):
            try:
                out[name] = env.get_template(name).render(SITENAME=hostile, MAINTAINERS=[hostile])
            except Exception as exc:  # the same failure either way is the same behaviour
                out[name] = f"failed: {type(exc).__name__}"
        return out

    compiled, looked_up = render("matcher.site.i18n.CompiledI18n"), render("jinja2.ext.i18n")
    assert compiled == looked_up
    rendered = {name: text for name, text in compiled.items() if not text.startswith("failed")}
    assert len(rendered) >= 5, compiled
    assert not [name for name, text in rendered.items() if hostile in text or "&lt;script&gt;" not in text]


class _Catalog:
    """Translations that give each message a test's own text (to reach every kind of placeholder)."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.texts = texts

    def gettext(self, message: str) -> str:
        return self.texts.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return message

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


@pytest.mark.parametrize(
    "translated",
    [
        "<b>%(name)s</b> asks %(other)s",  # filled in as the template's own outputs
        "%(other)s, then <i>%(name)s</i>",  # in another order than the block's
        "100%% of %(name)s",  # a literal percent
        "%(name)s%(other)s",  # nothing between
        "%(name)s and %(name)s again",  # one value twice: formatted as it renders
        "%(name)d",  # another format: formatted as it renders (and fails the same way)
        "%(missing)s",  # a value the block does not give: fails the same way
        "no value at all",
        "50% off %(name)s",  # a lone percent: fails the same way
    ],
)
def test_a_translation_with_values_renders_as_jinja_formats_it(translated: str) -> None:
    """A ``{% trans %}`` with values, its translation's placeholders compiled into the template's own
    outputs, gives exactly what Jinja's own extension gives by formatting it, with hostile values,
    escaped or not (or fails alike)."""
    from jinja2 import DictLoader, Environment

    source = "{% trans name=name, other=other %}Ask {{ name }} for {{ other }}{% endtrans %}"
    values = {"name": "<script>alert('x')</script> & co", "other": Markup("<em>safe</em>")}

    def render(extension: str, autoescape: bool) -> str:
        env = Environment(loader=DictLoader({"t.html": source}), autoescape=autoescape, extensions=[extension])
        catalog = _Catalog({"Ask %(name)s for %(other)s": translated})
        env.install_gettext_translations(catalog, newstyle=True)  # type: ignore[attr-defined]
        try:
            return env.get_template("t.html").render(values)
        except Exception as exc:  # the same failure either way is the same behaviour
            return f"failed: {type(exc).__name__}"

    for autoescape in (True, False):
        compiled = render("matcher.site.i18n.CompiledI18n", autoescape)
        assert compiled == render("jinja2.ext.i18n", autoescape)
    if "%(name)s" in translated and "failed" not in compiled:
        assert "&lt;script&gt;" in render("matcher.site.i18n.CompiledI18n", True)
