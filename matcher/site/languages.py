"""The site in several languages: the default one at the root, each other under its own folder (``fr/``).

Each language is one build of the same site with its own ``DEFAULT_LANG`` and ``SITEURL`` (the root's
address plus ``/fr``); every page carries the switcher and ``hreflang`` links to the same page in the
others (:mod:`matcher.site.i18n`). The builds share the validation (the verdicts of clean files,
:mod:`matcher.profile.verdicts`) and the matcher's output.

Guidance: ``content/pages`` is written in the default language; a translation is a file of the same
name in ``content/translations/<language>/`` with the same ``Slug`` and a ``Lang``. A language's build
reads both (:func:`language_overrides`); a translated page replaces the original, and a page not
translated yet is published in the original language, at the same address, saying so and linking
the original (:func:`untranslated_guidance`). ``{filename}`` links between guidance pages resolve to
the page of the reader's language whichever folder the link was written in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from matcher.site import i18n
from matcher.site.build import BuildReport, build_site

TRANSLATIONS = "translations"  # content/translations/<language>/: guidance pages in that language


def language_overrides(settings_file: Path, language: str, default: str) -> dict[str, Any]:
    """The Pelican settings of one language's build beyond its language and address: where its guidance is."""
    if language == default:
        return {}
    from pelican.settings import read_settings

    base = read_settings(str(settings_file))
    content = Path(settings_file).resolve().parent / str(base.get("PATH", "content"))
    paths = list(base.get("PAGE_PATHS", ["pages"]))
    folder = f"{TRANSLATIONS}/{i18n.html_lang(language)}"
    if (content / folder).is_dir():
        paths.append(folder)
    # The originals say nothing of their language: they are in the default one.
    return {"PAGE_PATHS": paths, "DEFAULT_METADATA": {**base.get("DEFAULT_METADATA", {}), "lang": default}}


def untranslated_guidance(generator: Any) -> None:
    """``page_generator_finalized``: guidance not translated into the build's language is published as written.

    Pelican keeps a page whose only version is in another language as the original, but gives it the
    address of a translation (``PAGE_LANG_SAVE_AS``, which is empty): it gets its own address back,
    and ``untranslated`` (the original's address at the default language's root) for page.html to
    say so. ``{filename}`` links are aliased so that each resolves to the version that is published.
    """
    settings = generator.settings
    languages = settings.get(i18n.LANGUAGES_SETTING) or ()
    if len(languages) < 2:
        return
    root = str(settings.get(i18n.ROOT_SETTING, ""))
    folder = f"{TRANSLATIONS}/{i18n.html_lang(i18n.language_of(settings))}/"
    content = generator.context.setdefault("generated_content", {})
    for page in generator.pages:
        name = Path(page.relative_source_path).name
        if page.in_default_lang:  # a translation: links written to the original find it
            if page.relative_source_path.startswith(folder):
                content[f"pages/{name}"] = page
            continue
        page.override_url = settings["PAGE_URL"].format(**page.url_format)
        page.override_save_as = settings["PAGE_SAVE_AS"].format(**page.url_format)
        page.untranslated = f"{root}/{page.override_url}"
        content.setdefault(f"{folder}{name}", page)  # links written in a translation to a page not translated


def build_languages(
    settings_file: Path,
    languages: Sequence[str],
    *,
    output: Path,
    overrides: Mapping[str, Any] | None = None,
    **options: Any,
) -> dict[str, BuildReport]:
    """Build the site once per language, the first at ``output`` and each other at ``output/<language>``.

    ``exiting`` (among ``options``, see :func:`matcher.site.build.build_site`) is the last build's only."""
    exiting = bool(options.pop("exiting", False))
    extra = dict(overrides or {})
    root = str(extra.get("SITEURL", ""))
    if not root:
        from pelican.settings import read_settings

        root = str(read_settings(str(settings_file)).get("SITEURL", ""))
    shared = {i18n.LANGUAGES_SETTING: tuple(languages), i18n.ROOT_SETTING: root}
    reports = {}
    try:
        for n, language in enumerate(languages):
            folder = output if n == 0 else output / i18n.html_lang(language)
            these = {**extra, **shared, "DEFAULT_LANG": language, "SITEURL": root if n == 0 else f"{root}/{language}"}
            these |= language_overrides(settings_file, language, languages[0])
            if n:
                these["DELETE_OUTPUT_DIRECTORY"] = False
            last = exiting and n == len(languages) - 1
            reports[language] = build_site(settings_file, output=folder, overrides=these, exiting=last, **options)
    finally:
        i18n.activate(i18n.DEFAULT)
    return reports
