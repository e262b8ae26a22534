"""Serve the built site on localhost, and (for ``invoke live``) rebuild it when a source changes."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {  # noqa: RUF012 - the standard library's own class attribute, extended
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:  # one line per request is noise here
        pass


def start_server(folder: Path, port: int = 8000, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """A static server for ``folder`` on ``host:port`` (in a background thread); ``shutdown()`` stops it."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, name="site-server", daemon=True).start()
    return server


def serve(folder: Path, port: int = 8000) -> None:
    """Serve ``folder`` until interrupted."""
    if not (folder / "index.html").exists():
        raise SystemExit(f"{folder}/index.html does not exist: run `invoke build` first")
    server = start_server(folder, port)
    print(f"Serving {folder} on http://localhost:{port}/ (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        server.shutdown()


def _snapshot(sources: Iterable[Path]) -> dict[Path, float]:
    state: dict[Path, float] = {}
    for source in sources:
        paths = [source] if source.is_file() else [p for p in source.rglob("*") if p.is_file()]
        for path in paths:
            state[path] = path.stat().st_mtime
    return state


def live(
    folder: Path, sources: list[Path], rebuild: Callable[[], None], port: int = 8000, interval: float = 1.0
) -> None:
    """Build, serve, and build again whenever a file under ``sources`` changes (until interrupted)."""
    rebuild()
    server = start_server(folder, port)
    print(f"Serving {folder} on http://localhost:{port}/ and rebuilding on changes (Ctrl-C to stop)", flush=True)
    seen = _snapshot(sources)
    try:
        while True:
            time.sleep(interval)
            now = _snapshot(sources)
            if now != seen:
                seen = now
                try:
                    rebuild()
                except Exception as exc:  # a bad edit is reported, and the last good site stays up
                    print(f"build failed: {exc}", flush=True)
    except KeyboardInterrupt:
        server.shutdown()
