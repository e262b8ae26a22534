"""The search index: people pages are handed to Pagefind while the rest of the site renders.

Pagefind's indexing service (``pagefind --service``, the process behind its Python API) is
fed each profile page as soon as it is rendered, so it indexes on a second core while
Python renders the directory; the bundle (index, filters and Pagefind's own JavaScript) is
written into ``output/pagefind/`` at the end. Only people pages are indexed: the
directory's search is a search for people. What is searchable on a page is marked in the
template (``data-pagefind-body``, ``data-pagefind-ignore``); its filters are the page's
``data-pagefind-filter`` elements, so the index and the static facet pages agree.

The messages are those of ``pagefind.service`` (base64 JSON, comma-terminated). Its
asyncio client polls for each answer with a 0.1 s sleep, which takes minutes for 10,000
pages, so this module speaks the same protocol with a plain reader thread.
"""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from pathlib import Path
from typing import IO, Any

from pagefind.service import get_executable

BUNDLE_DIR = "pagefind"


class SearchIndexError(RuntimeError):
    """Pagefind refused a page or could not write the bundle."""


class SearchIndex:
    """A running Pagefind service: :meth:`add` pages, then :meth:`write` the bundle."""

    def __init__(self, language: str = "en") -> None:
        executable = get_executable()
        if executable is None:
            raise SearchIndexError("the Pagefind binary is missing: install the `pagefind[bin]` package")
        self._process = subprocess.Popen(
            [str(executable), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self._errors: list[str] = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, args=(self._process.stdout,), name="pagefind-reader", daemon=True)
        self._reader.start()
        answer = self._wait(self._send({"type": "NewIndex", "config": {"force_language": language}}))
        self._index_id: int = answer["index_id"]
        self._added: list[int] = []
        self.pages = 0

    def _send(self, payload: dict[str, Any]) -> int:
        self._next_id += 1
        message = base64.b64encode(json.dumps({"message_id": self._next_id, "payload": payload}).encode("utf-8"))
        assert self._process.stdin is not None
        self._process.stdin.write(message + b",")
        return self._next_id

    def _read(self, stream: IO[bytes] | None) -> None:
        assert stream is not None
        buffer = b""
        while True:
            chunk = stream.read1(1 << 16) if hasattr(stream, "read1") else stream.read(1 << 16)
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                response = json.loads(base64.b64decode(raw))
                payload = response.get("payload", {})
                with self._cond:
                    if payload.get("type") == "Error":
                        self._errors.append(str(payload.get("message")))
                    message_id = response.get("message_id")
                    if message_id is not None:
                        self._answers[message_id] = payload
                    self._cond.notify_all()
        with self._cond:
            self._cond.notify_all()

    def _wait(self, message_id: int) -> dict[str, Any]:
        assert self._process.stdin is not None
        self._process.stdin.flush()
        with self._cond:
            while message_id not in self._answers:
                if not self._reader.is_alive():
                    raise SearchIndexError(f"the Pagefind service stopped: {'; '.join(self._errors) or 'no message'}")
                self._cond.wait(timeout=1)
            answer = self._answers.pop(message_id)
        if answer.get("type") == "Error":
            raise SearchIndexError(f"Pagefind: {answer.get('message')}")
        return answer

    def add(self, url: str, html: str) -> None:
        """Queue one rendered page; ``url`` is where the browser opens it, from the site root."""
        self._added.append(
            self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_path": None, "file_contents": html})
        )
        self.pages += 1

    def write(self, output: Path) -> int:
        """Wait until every page is indexed, write ``output/pagefind/``; return how many pages were indexed."""
        try:
            for message_id in self._added:
                self._wait(message_id)
            self._wait(self._send({"type": "WriteFiles", "index_id": self._index_id, "output_path": str(output / BUNDLE_DIR)}))
            if self._errors:
                raise SearchIndexError(f"Pagefind refused {len(self._errors)} page(s): {self._errors[0]}")
        finally:
            self.close()
        return self.pages

    def close(self) -> None:
        if self._process.poll() is None:
            assert self._process.stdin is not None
            try:
                self._process.stdin.close()
            except BrokenPipeError:
                pass
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._reader.join(timeout=10)
