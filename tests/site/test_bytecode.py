"""Templates compiled once per process (invoke live): reused for the same source, options and catalog only."""

from __future__ import annotations

from typing import Any

from jinja2 import DictLoader, Environment

from matcher.site import i18n
from matcher.site.bytecode import KeptInMemory

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
