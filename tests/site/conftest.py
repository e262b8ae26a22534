"""Shared fixtures for the site tests: a tiny community built once, a local server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from matcher import settings
from matcher.relationships.keys import KEY_ENV
from matcher.site.build import BuildReport, build_site
from matcher.site.joinform import DEFAULT_REPOSITORY

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
COMMUNITY = HERE / "community"
MATCHES = HERE / "community-matches.json"
RELATIONSHIPS = HERE / "relationships"  # beside the profiles, where `python -m matcher validate` reads them
INTRODUCTIONS = HERE / "introductions.json"  # as the nightly writes build/introductions.json
CONTENT = HERE / "content"
HOSTILE = HERE / "hostile"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def tiny_settings() -> settings.Community:
    """community.toml, with the repository pinned: in CI, $GITHUB_REPOSITORY would otherwise name the fork's."""
    community = settings.load(settings.settings_path(ROOT))
    return replace(community, repository=community.repository or DEFAULT_REPOSITORY.removeprefix("https://github.com/"))


def build_tiny(
    out: Path,
    *,
    profiles: Path = COMMUNITY,
    matches: Path | None = MATCHES,
    search: bool = False,
    relationships: Path | None = None,
    key: str | None = None,
    **site: Any,
) -> BuildReport:
    """Build the tiny test community (its own guidance pages, not the project's) into ``out``.

    Its relationships are :data:`RELATIONSHIPS` for the tiny community, none for other ``profiles``
    unless given, read with the relationship ``key`` (none by default, whatever the environment
    holds); its introduction counts :data:`INTRODUCTIONS`. ``site`` overrides any MENTOR_COMMONS setting.
    """
    if relationships is None:
        relationships = RELATIONSHIPS if profiles == COMMUNITY else out.parent / "no-relationships"
    options = {"introductions": str(INTRODUCTIONS), "relationships": str(relationships), **site}
    with pytest.MonkeyPatch.context() as env:
        if key is None:
            env.delenv(KEY_ENV, raising=False)
        else:
            env.setenv(KEY_ENV, key)
        return build_site(
            ROOT / "pelicanconf.py",
            profiles=profiles,
            matches=matches if matches is not None else out.parent / "no-matches.json",
            output=out,
            search=search,
            overrides={"PATH": str(CONTENT), "MENTOR_COMMONS": options, "COMMUNITY": tiny_settings()},
        )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator[Any]:
    """serve(folder) -> base URL of a local server for that folder (127.0.0.1, a free port)."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()


@pytest.fixture(scope="session")
def tiny_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny community, built once with its search index."""
    out = tmp_path_factory.mktemp("tiny") / "output"
    build_tiny(out, search=True)
    return out


def require_chromium() -> None:
    """Skip (with the reason) only outside CI; in CI a missing browser is a failure."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        pytest.fail("CI is set but /usr/bin/chromium is missing: .ci/run installs Debian's chromium")
    pytest.skip("no /usr/bin/chromium on this machine (CI installs it): browser tests skipped")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Chromium for one test module (a module may start its own Playwright: only one runs at a time)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh page (own storage); JavaScript errors on it fail the test."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()
    assert errors == [], errors


def find_step(page: Any, selector: str) -> None:
    """On the find page, go to the step that holds ``selector`` with Back and Next, as a visitor does.

    The form shows one group of questions at a time; a hidden step's boxes can't be ticked.
    """
    where = page.eval_on_selector(
        selector, "el => [...el.form.querySelectorAll('.step')].findIndex(s => s.contains(el))"
    )
    now = page.eval_on_selector("#find-form", "f => [...f.querySelectorAll('.step')].findIndex(s => !s.hidden)")
    assert where >= 0, f"{selector} is in no step of the find form"
    for _ in range(abs(where - now)):
        page.click("#step-next" if where > now else "#step-back")


def find_check(page: Any, selector: str) -> None:
    """Tick a box of the find form, on its step."""
    find_step(page, selector)
    page.check(selector)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example community (profiles/) with the project's guidance pages, its matches and search."""
    import subprocess
    import sys

    folder = tmp_path_factory.mktemp("example")
    matches = folder / "matches.json"
    run = subprocess.run(
        [sys.executable, "-m", "matcher", "match", "--profiles", str(ROOT / "profiles"), "--out", str(matches)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = folder / "output"
    build_site(ROOT / "pelicanconf.py", profiles=ROOT / "profiles", matches=matches, output=out, search=True)
    return out
