"""Templates compiled once per process: ``invoke live`` builds again and again, each time with a new
Pelican and so new Jinja environments, which would otherwise parse and compile every template anew.

A Jinja bytecode cache (Jinja's own interface, as ``FileSystemBytecodeCache``), kept in memory. A
compiled template is reused only for the same source (Jinja's checksum), the same options of the
environment that compiled it, and the same catalog: :class:`~matcher.site.i18n.CompiledI18n`
translates the interface's strings as a template compiles, so a template compiled in French is
never given to a build in Arabic.

The templates are compiled by :class:`TextEscaping`, Jinja's code generator with one change:
an autoescaped ``{{ value }}`` calls :func:`matcher.site.render.escape_text` (the same text as
``markupsafe.escape``, as a str) instead of ``escape``, which makes a Markup of each value only for
it to be joined into the page's string. Rendering 10,000 profile pages took 12% less processor time.
A translated ``{% trans %}`` with values is compiled the same way (:func:`filled_in`, used by
:class:`~matcher.site.i18n.CompiledI18n`): its text, with the values as the template's own outputs.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, nodes
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.compiler import CodeGenerator, Frame

from matcher.site.render import join_filter

I18N = "matcher.site.i18n.CompiledI18n"
ESCAPE = "escape_text"  # the name the compiled templates call it by


class TextEscaping(CodeGenerator):
    """Jinja's code generator, but each autoescaped output is escaped by :func:`~matcher.site.render.escape_text`.

    An output's value only ever becomes part of the string the template returns (Jinja joins a
    page's, a block's, a macro's outputs, and marks the joined string safe itself), so a plain
    escaped str is all it needs. Everything else (constants escaped as the template compiles,
    ``|e``, ``Markup`` in expressions, non-autoescaped templates) is Jinja's own.
    """

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        self.writeline(f"from matcher.site.render import escape_text as {ESCAPE}")
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile:
            self.write(f"({ESCAPE} if context.eval_ctx.autoescape else str)(")
        elif frame.eval_ctx.autoescape:
            self.write(f"{ESCAPE}(")
        else:
            self.write("str(")
        if finalize.src is not None:
            self.write(finalize.src)


_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%|%")


def filled_in(text: str, variables: Mapping[str, nodes.Expr]) -> list[nodes.Node] | None:
    """A translation's ``%(name)s`` placeholders as the template's own outputs, between its text:
    ``Ask <bdi>%(name)s</bdi>`` is output as ``Ask <bdi>``, then ``{{ name }}`` (escaped as every value
    is), then ``</bdi>``. The page is the same as formatting the translation with the escaped values
    (``Markup.__mod__``), which costs a Python call per value and per placeholder, on every render.
    None when the text holds any other ``%`` format, or names a value twice (formatting evaluates each
    value once) or one it is not given: formatted as it renders, as before."""
    parts: list[nodes.Node] = []
    used: set[str] = set()
    end = 0
    for found in _PLACEHOLDER.finditer(text):
        literal = text[end : found.start()] + ("%" if found.group() == "%%" else "")
        end = found.end()
        name = found.group(1)
        if found.group() == "%" or (name is not None and (name in used or name not in variables)):
            return None
        if literal:
            parts.append(nodes.TemplateData(literal))
        if name is not None:
            used.add(name)
            parts.append(variables[name])
    if text[end:]:
        parts.append(nodes.TemplateData(text[end:]))
    return parts


def install(environment: Environment) -> None:
    """Compile ``environment``'s templates with :class:`TextEscaping`, once per process (:data:`KEPT`), and
    join lists with :func:`~matcher.site.render.join_filter`."""
    environment.code_generator_class = TextEscaping
    environment.bytecode_cache = KEPT
    environment.filters["join"] = join_filter


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
        environment.code_generator_class,
    )
    return (*options, tuple(sorted(environment.extensions)))


class KeptInMemory(BytecodeCache):
    """In memory, and (:meth:`keep_in`) in a folder for the next process: ``invoke build`` after an edit,
    and a build from nothing, compile no template (60 ms at 10,000 people in one process; 0.33 s in
    all where each forked renderer compiled the page templates again). A file there is named by a hash
    of all the memory's key says, the catalog by its messages rather than its identity; the folder is
    named by the build's code's fingerprint (Jinja's and ours: how a template compiles), and Jinja's
    own header in each file names the Python that wrote it. An option whose text differs from process
    to process (a function's address) only means the file is not found. Like Pelican's cache and
    Python's own ``__pycache__``, the folder is the building machine's (beside an incremental build's
    state, else in the user's cache folder): it is never published, and other code uses another."""

    def __init__(self) -> None:
        self._kept: dict[tuple[Any, ...], tuple[Any, Any]] = {}  # key -> (catalog, code)
        self._catalogs: dict[int, tuple[Any, str]] = {}  # id -> (catalog, the hash of its messages)
        self.folder: Path | None = None

    def keep_in(self, folder: Path | None) -> None:
        """Keep the compiled templates in ``folder`` too (None: in memory only)."""
        self.folder = folder

    def _key(self, bucket: Bucket) -> tuple[tuple[Any, ...], Any]:
        catalog = getattr(bucket.environment.extensions.get(I18N), "compiled", None)
        return (bucket.key, bucket.checksum, _made_with(bucket.environment), id(catalog)), catalog

    def _file(self, key: tuple[Any, ...], catalog: Any) -> Path | None:
        if self.folder is None:
            return None
        name = repr((*key[:3], self._messages(catalog)))
        return self.folder / f"{hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()}.jinja"

    def _messages(self, catalog: Any) -> str:
        found = self._catalogs.get(id(catalog))
        if found is None or found[0] is not catalog:
            messages = sorted(getattr(catalog, "_catalog", {}).items(), key=repr)  # (none: English as written)
            digest = hashlib.sha1(repr((type(catalog).__name__, messages)).encode(), usedforsecurity=False)
            found = self._catalogs[id(catalog)] = (catalog, digest.hexdigest())
        return found[1]

    def load_bytecode(self, bucket: Bucket) -> None:
        key, catalog = self._key(bucket)
        found = self._kept.get(key)
        if found is not None and found[0] is catalog:  # (the catalog is kept too: its id is never reused)
            bucket.code = found[1]
            return
        path = self._file(key, catalog)
        if path is not None and path.is_file():
            unreadable = (OSError, ValueError, EOFError, TypeError, pickle.UnpicklingError)
            with contextlib.suppress(*unreadable), path.open("rb") as f:
                bucket.load_bytecode(f)  # (Jinja checks its header and the source's checksum, or resets)
            if bucket.code is not None:
                self._kept[key] = (catalog, bucket.code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        key, catalog = self._key(bucket)
        self._kept[key] = (catalog, bucket.code)
        path = self._file(key, catalog)
        if path is not None:
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.{os.getpid()}")
                with tmp.open("wb") as f:
                    bucket.write_bytecode(f)
                os.replace(tmp, path)

    def clear(self) -> None:
        self._kept.clear()


KEPT = KeptInMemory()
