"""The published site: a Pelican plugin that renders the directory straight from ``profiles/``.

Enable it in pelicanconf.py with ``PLUGINS = ["matcher.site"]``; Pelican calls :func:`register`.
"""

from matcher.site import i18n, plugin


def register() -> None:
    plugin.register()
    i18n.register()  # the build's language, in every generator's templates and in the scripts


__all__ = ["register"]
