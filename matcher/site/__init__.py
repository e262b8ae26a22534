"""The published site: a Pelican plugin that renders the directory straight from ``profiles/``.

Enable it in pelicanconf.py with ``PLUGINS = ["matcher.site"]``; Pelican calls :func:`register`.
"""

from matcher.site.plugin import register

__all__ = ["register"]
