"""Templates compiled once per process: ``invoke live`` builds again and again, each time with a new
Pelican and so new Jinja environments, which would otherwise parse and compile every template anew.

A Jinja bytecode cache (Jinja's own interface, as ``FileSystemBytecodeCache``), kept in memory. A
compiled template is reused only for the same source (Jinja's checksum), the same options of the
environment that compiled it, and the same catalog: :class:`~matcher.site.i18n.CompiledI18n`
translates the interface's strings as a template compiles, so a template compiled in French is
never given to a build in Arabic.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache

I18N = "matcher.site.i18n.CompiledI18n"


def _made_with(environment: Environment) -> tuple[Any, ...]:
    """What, besides the source, a template's compiled code depends on."""
    options = (
        environment.block_start_string,
        environment.variable_start_string,
        environment.comment_start_string,
        environment.line_statement_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        repr(environment.autoescape),
        repr(environment.finalize),
        repr(sorted(environment.policies.items(), key=repr)),
    )
    return (*options, tuple(sorted(environment.extensions)))


class KeptInMemory(BytecodeCache):
    def __init__(self) -> None:
        self._kept: dict[tuple[Any, ...], tuple[Any, Any]] = {}  # key -> (catalog, code)

    def _key(self, bucket: Bucket) -> tuple[tuple[Any, ...], Any]:
        catalog = getattr(bucket.environment.extensions.get(I18N), "compiled", None)
        return (bucket.key, bucket.checksum, _made_with(bucket.environment), id(catalog)), catalog

    def load_bytecode(self, bucket: Bucket) -> None:
        key, catalog = self._key(bucket)
        found = self._kept.get(key)
        if found is not None and found[0] is catalog:  # (the catalog is kept too: its id is never reused)
            bucket.code = found[1]

    def dump_bytecode(self, bucket: Bucket) -> None:
        key, catalog = self._key(bucket)
        self._kept[key] = (catalog, bucket.code)

    def clear(self) -> None:
        self._kept.clear()


KEPT = KeptInMemory()
