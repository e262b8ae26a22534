"""The site in several languages: the default one at the root, each other under its own folder (``fr/``).

Each language is one build of the same site with its own ``DEFAULT_LANG`` and ``SITEURL`` (the root's
address plus ``/fr``); every page carries the switcher and ``hreflang`` links to the same page in the
others (:mod:`matcher.site.i18n`). The builds share nothing yet but the process: the validation,
matching and community computed once for all languages is the next step (issue 15, performance).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from matcher.site import i18n
from matcher.site.build import BuildReport, build_site


def build_languages(
    settings_file: Path,
    languages: Sequence[str],
    *,
    output: Path,
    overrides: Mapping[str, Any] | None = None,
    **options: Any,
) -> dict[str, BuildReport]:
    """Build the site once per language, the first at ``output`` and each other at ``output/<language>``."""
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
            if n:
                these["DELETE_OUTPUT_DIRECTORY"] = False
            reports[language] = build_site(settings_file, output=folder, overrides=these, **options)
    finally:
        i18n.activate(i18n.DEFAULT)
    return reports
