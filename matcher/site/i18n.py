"""The interface in the reader's language: gettext catalogs managed with Babel.

One catalog per language, ``matcher/site/locales/<lang>/LC_MESSAGES/messages.po``, holds every
interface string of the templates (Jinja's i18n extension), of the site's Python (this module's
:func:`gettext` and :func:`ngettext`) and of the browser's scripts (``_()`` and ``ngettext()`` in
``theme/static/js``), plus the labels of the schema's vocabularies (extracted from
``matcher/profile/profile.schema.json`` by :func:`extract_schema`: the schema stays their one source).
``messages.pot`` is their template; ``invoke i18n-extract`` / ``i18n-update`` / ``i18n-compile``
keep them, and tests/site/test_i18n.py fails when they are stale.

A build renders one language, the Pelican setting ``DEFAULT_LANG``; the build compiles that
language's catalog in memory (no ``.mo`` file is committed), installs it in every generator's
Jinja environment and makes it the one :func:`gettext` answers from. Country and language names
come from CLDR through Babel, in the page's language.

:data:`PSEUDO` is a pseudo-locale made from the template itself (accented, a third longer, in
brackets): a build in it shows any interface string that was not marked as plain English.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import nodes
from jinja2.ext import InternationalizationExtension
from jinja2.lexer import Token, TokenStream

from matcher.site import bytecode

LOCALES = Path(__file__).resolve().parent / "locales"
TEMPLATE = LOCALES / "messages.pot"
DOMAIN = "messages"
DEFAULT = "en"
# The pseudo-locale of the tests: its catalog is made from messages.pot, never written.
PSEUDO = "en-XA"
# Written right to left (CLDR's character order for the language).
RTL = frozenset({"ar", "fa", "he", "ur", "ps", "dv", "yi", "ckb", "sd", "ug"})


def N_(message: str) -> str:
    """Mark a constant for the catalog; it is translated where it is shown (with :func:`gettext`)."""
    return message


# The navigation's labels, made by the plugin in English and translated where they are shown.
NAV_LABELS = (N_("Directory"), N_("Find a mentor"), N_("Guidance"), N_("Dashboard"), N_("Join"))

_translations: NullTranslations = NullTranslations()
_language = DEFAULT


# --- the active language -----------------------------------------------------------------


def activate(language: str) -> None:
    """Make ``language`` the one :func:`gettext` and the name functions answer in."""
    global _translations, _language
    _language = language
    _translations = translations(language)


def current() -> str:
    return _language


def gettext(message: str, **values: Any) -> str:
    """``message`` in the active language, with ``%(name)s`` filled from ``values`` (if any)."""
    text = _translations.gettext(message)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
    """The form of the active language for ``n`` (``%(num)s`` is ``n``), filled like :func:`gettext`."""
    return _translations.ngettext(singular, plural, n) % {"num": n, **values}


def direction(language: str) -> str:
    return "rtl" if language.split("-")[0].split("_")[0] in RTL else "ltr"


def html_lang(language: str) -> str:
    """The BCP 47 tag of ``lang=""``: ``pt-BR``, not gettext's ``pt_BR``."""
    return language.replace("_", "-")


# --- catalogs ----------------------------------------------------------------------------


def po_path(language: str) -> Path:
    return LOCALES / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> tuple[str, ...]:
    """English and every language with a catalog, in that order."""
    found = sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (DEFAULT, *(html_lang(f) for f in found))


def read_catalog(language: str) -> Catalog:
    if language == PSEUDO:
        return pseudo_catalog()
    with po_path(language).open("rb") as f:
        return read_po(f, locale=language.replace("-", "_"))


@cache
def translations(language: str) -> NullTranslations:
    """The language's catalog, compiled in memory (English: the strings as written)."""
    if language == DEFAULT:
        return NullTranslations()
    catalog = read_catalog(language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def is_stale(template: Catalog, catalog: Catalog) -> list[str]:
    """What a language's catalog lacks against the template (messages missing, or without a translation)."""
    problems = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        if found is None:
            problems.append(f"missing: {message.id!r}")
        elif found.fuzzy or not (all(found.string) if isinstance(found.string, tuple) else found.string):
            problems.append(f"untranslated: {message.id!r}")
    return problems


# --- the browser's strings ---------------------------------------------------------------


def js_messages(language: str) -> dict[str, Any]:
    """The messages of theme/static/js in ``language``: a string, or a plural's forms by CLDR category.

    The scripts choose a plural form with ``Intl.PluralRules``, which speaks CLDR categories
    ("one", "few"...); gettext numbers its forms by its own formula, so each category is mapped
    to the form gettext would choose for the numbers of that category.
    """
    if language == DEFAULT:
        return {}
    catalog = read_catalog(language)
    locale = Locale.parse("en" if language == PSEUDO else language.replace("-", "_"))
    tr = translations(language)
    out: dict[str, Any] = {}
    for message in catalog:
        if not message.id or not any(path.endswith(".js") for path, _ in message.locations):
            continue
        if not isinstance(message.id, str):
            singular, plural = message.id[0], message.id[1]
            forms: dict[str, str] = {}
            for n in (*range(0, 200), 1000, 1000000):
                forms.setdefault(locale.plural_form(n), tr.ngettext(singular, plural, n))
            out[singular] = forms
        else:
            out[message.id] = tr.gettext(message.id)
    return dict(sorted(out.items()))


def js_messages_script(language: str) -> str:
    """theme/js/messages.js of a language's build: the scripts' strings, loaded before them."""
    data = json.dumps(js_messages(language), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    data = data.replace("</", "<\\/")
    return f'window.MC_LANG = "{html_lang(language)}";\nwindow.MC_MESSAGES = {data};\n'


# --- names from CLDR ---------------------------------------------------------------------


@cache
def _locale(language: str) -> Locale | None:
    if language in (DEFAULT, PSEUDO):
        return None
    return Locale.parse(language.replace("-", "_"))


def country_name(code: str, english: str) -> str:
    """A country's name in the active language (CLDR); ``english`` is the English site's own."""
    return _name(_language, "territories", code, english)


def language_name(code: str, english: str) -> str:
    """A language's name in the active language (CLDR: "swahili", "السواحيلية")."""
    return _name(_language, "languages", code, english)


@cache
def _name(language: str, table: str, code: str, english: str) -> str:
    if language == PSEUDO:
        return pseudo(english)
    locale = _locale(language)
    if locale is None:
        return english
    names: Mapping[str, str] = getattr(locale, table)
    return names.get(code.upper() if table == "territories" else code, english)


# --- the pseudo-locale -------------------------------------------------------------------

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
# What must stay as written: placeholders, HTML tags and entities.
_KEEP = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]*>|&\w+;")
PSEUDO_OPEN, PSEUDO_CLOSE = "[", "]"


def pseudo(text: str) -> str:
    """``[Ƒîñð å ɱéñţöŕ ····]``: accented, about a third longer, bracketed; placeholders and tags kept."""
    if not text.strip():
        return text
    parts = []
    last = 0
    for m in _KEEP.finditer(text):
        parts.append(text[last : m.start()].translate(_ACCENTS))
        parts.append(m.group())
        last = m.end()
    parts.append(text[last:].translate(_ACCENTS))
    padding = "·" * max(1, len(text) // 3)
    return f"{PSEUDO_OPEN}{''.join(parts)} {padding}{PSEUDO_CLOSE}"


@cache
def pseudo_catalog() -> Catalog:
    with TEMPLATE.open("rb") as f:
        template = read_po(f)
    catalog = Catalog(locale="en", domain=DOMAIN)
    for message in template:
        if not message.id:
            continue
        string: Any = pseudo(message.id) if isinstance(message.id, str) else tuple(pseudo(s) for s in message.id)
        catalog.add(message.id, string, locations=message.locations, context=message.context)
    return catalog


# --- extraction of the schema's labels ----------------------------------------------------


def extract_schema(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extractor: every ``x-labels`` value of the profile schema, with its vocabulary as comment."""
    schema = json.load(fileobj)

    def walk(node: Any, where: str) -> Iterator[tuple[int, str, str, list[str]]]:
        if isinstance(node, dict):
            labels = node.get("x-labels")
            if isinstance(labels, dict):
                for value, label in labels.items():
                    yield 1, "gettext", label, [f"{where}: {value}"]
            for key, child in node.items():
                if key != "x-labels":
                    yield from walk(child, key)
        elif isinstance(node, list):
            for child in node:
                yield from walk(child, where)

    yield from walk(schema, "schema")


# --- the Pelican side --------------------------------------------------------------------
# Settings of a build in several languages (set by matcher.site.languages, never by hand):
# the languages of the site, in the switcher's order, and the address of the default one.
LANGUAGES_SETTING = "MENTOR_COMMONS_LANGUAGES"
ROOT_SETTING = "MENTOR_COMMONS_ROOT_URL"


def language_of(settings: Mapping[str, Any]) -> str:
    """The build's language as a BCP 47 tag (Pelican may hand ``DEFAULT_LANG`` over lower-cased)."""
    language, _, region = str(settings.get("DEFAULT_LANG") or DEFAULT).replace("_", "-").partition("-")
    return f"{language.lower()}-{region.upper()}" if region else language.lower()


class CompiledI18n(InternationalizationExtension):
    """Jinja's i18n extension, with every constant interface string translated once, when a template compiles.

    Jinja's own extension looks each string up and formats it on every render: at 10,000
    profile pages, half a million calls. A build has one language, and the environment is the
    build's, so a ``{% trans %}`` block without a plural and a ``_("...")`` of a literal are
    translated when the template is compiled, into the same output: the translation marked safe
    (as newstyle gettext does under autoescape), its ``%(name)s`` filled with the escaped values.
    Plurals, and ``_()`` of anything but a literal, are looked up as they render, as before.
    """

    def _install(self, translations: Any, newstyle: bool | None = None) -> None:
        super()._install(translations, newstyle)
        self.compiled = translations
        if self.environment.cache is not None:
            self.environment.cache.clear()  # a template compiled in another language must not be reused

    def _translated(self, message: str) -> str:
        translations = getattr(self, "compiled", None)
        return message if translations is None else str(translations.gettext(message))

    def filter_stream(self, stream: TokenStream) -> Any:
        """``_("literal")`` becomes the literal's translation, marked safe: ``"Traduit"|safe``."""
        tokens = list(stream)
        i = 0
        while i < len(tokens):
            t = tokens[i]
            if (
                t.type == "name"
                and t.value == "_"
                and i + 3 < len(tokens)
                and (i == 0 or tokens[i - 1].type != "dot")
                and (tokens[i + 1].type, tokens[i + 2].type, tokens[i + 3].type) == ("lparen", "string", "rparen")
            ):
                try:
                    text = self._translated(tokens[i + 2].value) % {}  # as newstyle gettext formats
                except (TypeError, ValueError, KeyError):
                    yield t  # left to fail as it would at render time
                    i += 1
                    continue
                yield Token(t.lineno, "string", text)
                yield Token(t.lineno, "pipe", "|")
                yield Token(t.lineno, "name", "safe")
                i += 4
                continue
            yield t
            i += 1

    def _make_node(
        self,
        singular: str,
        plural: str | None,
        context: str | None,
        variables: dict[str, nodes.Expr],
        plural_expr: nodes.Expr | None,
        vars_referenced: bool,
        num_called_num: bool,
    ) -> nodes.Output:
        if plural_expr is not None or context is not None or not self.environment.newstyle_gettext:  # type: ignore[attr-defined]
            return super()._make_node(
                singular, plural, context, variables, plural_expr, vars_referenced, num_called_num
            )
        text = self._translated(singular)
        parts = bytecode.filled_in(text, variables) if self.environment.finalize is None else None
        if parts is not None:
            return nodes.Output(parts)
        node: nodes.Expr = nodes.MarkSafeIfAutoescape(nodes.Const(text))
        if variables:
            pairs = [nodes.Pair(nodes.Const(key), value) for key, value in variables.items()]
            node = nodes.Mod(node, nodes.Dict(pairs))
        else:
            node = nodes.MarkSafeIfAutoescape(nodes.Const(text % {}))
        return nodes.Output([node])


def install(generator: Any) -> None:
    """``generator_init``: the build's language in the generator's Jinja environment and in the context."""
    language = language_of(generator.settings)
    activate(language)
    env = generator.env
    plain = "jinja2.ext.InternationalizationExtension"
    if plain in env.extensions:  # a pelicanconf.py that names Jinja's own: the same, translated once
        del env.extensions[plain]
    if f"{__name__}.CompiledI18n" not in env.extensions:
        env.add_extension(CompiledI18n)
    env.policies["ext.i18n.trimmed"] = True  # as extracted (babel.cfg): one space for any run of white space
    env.install_gettext_translations(translations(language), newstyle=True)
    bytecode.install(env)  # invoke live: each template compiled once per language
    root = str(generator.settings.get(ROOT_SETTING, generator.settings.get("SITEURL", "")))
    languages = generator.settings.get(LANGUAGES_SETTING) or (language,)
    generator.context["LANG"] = html_lang(language)
    generator.context["DIR"] = direction(language)
    generator.context["LANGUAGES"] = tuple(
        {
            "code": html_lang(code),
            "name": native_name(code),
            "dir": direction(code),
            "root": root if code == languages[0] else f"{root}/{html_lang(code)}",
            "current": code == language,
        }
        for code in languages
    )


def native_name(language: str) -> str:
    """A language's name in itself, as a switcher shows it: "Français", "العربية"."""
    if language == PSEUDO:
        return pseudo("English")
    name = Locale.parse(language.replace("-", "_")).get_display_name() or language
    return name[:1].upper() + name[1:]


def write_scripts(pelican: Any) -> None:
    """``finalized``: the scripts' strings of the build's language, beside the scripts (theme/js/messages.js)."""
    settings = pelican.settings
    folder = Path(settings["OUTPUT_PATH"]) / settings.get("THEME_STATIC_DIR", "theme") / "js"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "messages.js"
    text = js_messages_script(language_of(settings))
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")


def register() -> None:
    from pelican import signals

    signals.generator_init.connect(install)
    signals.finalized.connect(write_scripts)
