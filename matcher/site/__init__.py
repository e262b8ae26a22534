"""The published site: a Pelican plugin that renders the directory straight from ``profiles/``.

Enable it in pelicanconf.py with ``PLUGINS = ["matcher.site"]``; Pelican calls :func:`register`.
"""

from matcher.site import i18n, languages, plugin


def register() -> None:
    from pelican import signals

    plugin.register()
    i18n.register()  # the build's language, in every generator's templates and in the scripts
    signals.page_generator_finalized.connect(languages.untranslated_guidance)  # guidance not translated yet


__all__ = ["register"]
