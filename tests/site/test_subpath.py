"""The public site under its public address, as GitHub Pages serves a project: https://OWNER.github.io/REPO/.

The example community (profiles/, content/pages) is built with publishconf.py for a server that
answers only under /our-community/ (404 for anything else, nothing at /), then Chromium opens
every page reachable from the home page, following every same-origin link, and every response
of every page (pages, stylesheets, scripts, icons, JSON, the Pagefind bundle) must be a 200.
A search in the directory and a find-my-mentor query must work there too. The same again for a
site at the root of its host, the other way a site is published.
"""

from __future__ import annotations

import http.server
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

from matcher.site.build import build_site
from tests.site.conftest import ROOT, find_check

pytestmark = pytest.mark.browser

SUB_PATH = "/our-community"
REAL_SETTINGS = """\
name = "Riverside Mentors"
description = "Mentoring for the people of the river towns."
maintainers = ["ada-maintainer", "grace-maintainer"]
contact_email = "safety@riverside-mentors.org"
url = "https://riverside-mentors.org"
repository = "riverside/mentors"
"""


class _PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """The built folder, served only under ``prefix`` (like a GitHub project site): 404 elsewhere."""

    prefix = "/"
    extensions_map = {  # noqa: RUF012 - the standard library's own class attribute, extended
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
    }

    def send_head(self) -> Any:
        path = urlsplit(self.path).path
        if self.prefix != "/" and path == self.prefix.rstrip("/"):
            self.send_response(301)  # as GitHub Pages does for the bare project address
            self.send_header("Location", self.prefix)
            self.end_headers()
            return None
        if not path.startswith(self.prefix):
            self.send_error(404, "outside the site's address")
            return None
        return super().send_head()

    def parse_request(self) -> bool:
        ok = super().parse_request()
        if ok:  # always the file itself, never "304 Not Modified": every answer is a 200 or a failure
            del self.headers["If-Modified-Since"]
        return ok

    def translate_path(self, path: str) -> str:
        inner = urlsplit(path).path.removeprefix(self.prefix.rstrip("/")) or "/"
        return super().translate_path(inner)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Served:
    base: str  # the site's address, as SITEURL: no trailing slash
    folder: Path
    server: http.server.ThreadingHTTPServer

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base)
        return f"{parts.scheme}://{parts.netloc}"


def serve_under(folder: Path, prefix: str) -> Served:
    handler = type("Handler", (_PrefixHandler,), {"prefix": prefix.rstrip("/") + "/"})

    def make(*args: Any, **kwargs: Any) -> Any:
        return handler(*args, directory=str(folder), **kwargs)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{prefix.rstrip('/')}"
    return Served(base=base, folder=folder, server=server)


def build_published(folder: Path, served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example community with its matches and search, built as the nightly deploy builds it."""
    settings = folder / "community.toml"
    settings.write_text(REAL_SETTINGS, encoding="utf-8")
    matches = folder / "matches.json"
    run = subprocess.run(
        [sys.executable, "-m", "matcher", "match", "--profiles", str(ROOT / "profiles"), "--out", str(matches)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    with monkeypatch.context() as m:
        m.setenv("MENTOR_COMMONS_SETTINGS", str(settings))
        m.setenv("SITEURL", served.base)
        build_site(
            ROOT / "publishconf.py",
            profiles=ROOT / "profiles",
            matches=matches,
            output=served.folder,
            overrides={"MENTOR_COMMONS": {"search_shard_size": 8}},  # its search in shards, under the address too
        )


@pytest.fixture(scope="module", params=[SUB_PATH, "/"], ids=["sub-path", "root"])
def published(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("published")
    served = serve_under(folder / "output", request.param)
    with pytest.MonkeyPatch.context() as monkeypatch:
        build_published(folder, served, monkeypatch)
    yield served
    served.server.shutdown()


@dataclass
class Crawl:
    pages: list[str] = field(default_factory=list)
    responses: dict[str, int] = field(default_factory=dict)  # every URL requested -> its last status
    total: int = 0  # responses in all, a URL counted each time a page loads it
    bad: list[str] = field(default_factory=list)  # "status url (from page)"
    failed: list[str] = field(default_factory=list)


def crawl(browser: Any, served: Served) -> Crawl:
    """Every page reachable from the home page (and the 404 page), with every request each one makes."""
    result = Crawl()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    current = {"page": ""}

    def on_response(response: Any) -> None:
        result.responses[response.url] = response.status
        result.total += 1
        if response.status != 200:
            result.bad.append(f"{response.status} {response.url} (from {current['page']})")

    context.on("response", on_response)
    aborted: list[tuple[str, str]] = []

    def on_failed(request: Any) -> None:
        # The browser cancels what a page still loads when the crawl moves on (a favicon, fetched after
        # "load"): that says nothing of the server. Such a file must have been answered 200 elsewhere.
        if request.failure == "net::ERR_ABORTED":
            aborted.append((request.url, current["page"]))
        else:
            result.failed.append(f"{request.url}: {request.failure} (from {current['page']})")

    context.on("requestfailed", on_failed)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(f"{current['page']}: {exc}"))
    queue, seen = [served.base + "/", served.base + "/404.html"], set()
    while queue:
        url = queue.pop(0)
        # One visit per page: join/?role=mentor&topic=x is the join page, with the same files.
        if urlsplit(url).path in seen:
            continue
        seen.add(urlsplit(url).path)
        current["page"] = url
        tab.goto(url, wait_until="load")
        # the pages that fetch once loaded: wait until they have (the directory's search, find-my-mentor)
        if tab.query_selector("#people-search"):
            tab.wait_for_selector("#people-search[data-ready=true]", state="attached")
        if tab.query_selector("#find"):
            tab.wait_for_selector("#find[data-ready=true]", state="attached")
        result.pages.append(url)
        links = tab.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for link in links:
            target = urldefrag(link).url
            if target.startswith(served.origin + "/") and urlsplit(target).path not in seen:
                queue.append(target)
    context.close()
    assert errors == [], errors
    never = [(url, page) for url, page in aborted if url not in result.responses]
    result.failed += [f"{url}: aborted, never answered (from {page})" for url, page in never]
    return result


def test_every_page_and_every_file_it_loads_answers_200(chromium: Any, published: Served) -> None:
    found = crawl(chromium, published)
    pagefind = [u for u in found.responses if "/pagefind/" in u]
    data = [u for u in found.responses if "/data/" in u]
    print(
        f"\n{published.base}: {len(found.pages)} pages crawled, {found.total} responses for "
        f"{len(found.responses)} distinct URLs "
        f"({len(pagefind)} Pagefind files, {len(data)} data files), {len(found.bad)} not 200, "
        f"{len(found.failed)} failed"
    )
    assert found.bad == [], found.bad[:20]
    assert found.failed == [], found.failed[:20]
    html_pages = sum(1 for p in published.folder.rglob("*.html") if "pagefind" not in p.parts)
    assert len(found.pages) == html_pages  # every page is reachable by links (404.html seeded)
    assert all(u.startswith(published.base + "/") for u in found.responses), [
        u for u in found.responses if not u.startswith(published.base + "/")
    ][:5]
    assert any(re.search(r"/pagefind/[0-9a-f]+/pagefind\.js$", u) for u in pagefind)
    assert len({u.split("/pagefind/")[1].split("/")[0] for u in pagefind if "/cards/" in u or ".pf_meta" in u}) > 1
    assert any(u.endswith("/data/mentors.json") for u in data) and any(u.endswith("/data/policy.json") for u in data)


def test_search_in_the_directory_finds_a_word_of_a_bio(chromium: Any, published: Served) -> None:
    tab = chromium.new_page()
    statuses: list[tuple[int, str]] = []
    tab.on("response", lambda r: statuses.append((r.status, r.url)))
    tab.goto(published.base + "/directory/")
    tab.wait_for_selector("#people-search[data-ready=true]", state="attached")
    tab.fill("#q", "accession")  # a word only Ana Popescu's bio holds
    tab.wait_for_selector("#search-results .card-name a")
    tab.wait_for_selector(".directory-main[aria-busy=false]")
    hrefs = tab.eval_on_selector_all("#search-results .card-name a", "links => links.map(a => a.href)")
    assert hrefs == [published.base + "/people/ana-popescu.html"], hrefs
    tab.click("#search-results .card-name a")
    tab.wait_for_load_state()
    assert tab.url == hrefs[0]
    assert tab.query_selector("h1") is not None
    assert [s for s in statuses if s[0] != 200] == []
    tab.close()


def test_find_my_mentor_ranks_mentors_and_links_to_them(chromium: Any, published: Served) -> None:
    tab = chromium.new_page()
    statuses: list[tuple[int, str]] = []
    tab.on("response", lambda r: statuses.append((r.status, r.url)))
    tab.goto(published.base + "/find/")
    tab.wait_for_selector("#find[data-ready=true]", state="attached")
    find_check(tab, "#find-form input[name=topic][value='fundraising']")
    find_check(tab, "#find-form input[name=language][value='en']")
    tab.click("#find-form button[type=submit]")
    tab.wait_for_selector("#find-results:not([hidden])")
    links = tab.eval_on_selector_all("#find-results a[href*='/people/']", "links => links.map(a => a.href)")
    assert links and all(h.startswith(published.base + "/people/") for h in links), links
    tab.goto(links[0])
    assert tab.query_selector("h1") is not None
    assert [s for s in statuses if s[0] != 200] == []
    tab.close()


def test_the_join_page_names_the_address_to_send_a_profile_to(chromium: Any, published: Served) -> None:
    from tests.site.test_join_browser import fill_like_a_person

    tab = chromium.new_page()
    statuses: list[tuple[int, str]] = []
    tab.on("response", lambda r: statuses.append((r.status, r.url)))
    tab.goto(published.base + "/join/")
    tab.wait_for_selector("#join-form:not([hidden])")
    fill_like_a_person(tab)
    link = tab.locator("#join-email a")
    assert link.inner_text() == "safety@riverside-mentors.org"
    assert link.get_attribute("href").startswith(  # nothing the person typed goes into it
        "mailto:safety@riverside-mentors.org?subject=My%20profile%20for%20Riverside%20Mentors&body=Hello%2C%20"
    )
    assert [s for s in statuses if s[0] != 200] == []
    tab.close()


def test_the_settings_are_the_communitys_own(published: Served) -> None:
    home = (published.folder / "index.html").read_text(encoding="utf-8")
    assert "<title>Riverside Mentors</title>" in home
    assert (
        'href="mailto:safety@riverside-mentors.org?subject=Confidential%20report%20%28Riverside%20Mentors%29"' in home
    )
    assert "example.org" not in home
    safety = (published.folder / "guidance/safety/index.html").read_text(encoding="utf-8")
    assert (
        '<a class="contact-email" href="mailto:safety@riverside-mentors.org">safety@riverside-mentors.org</a>' in safety
    )


def test_ask_for_an_introduction_opens_the_communitys_own_form(published: Served) -> None:
    pages = [p.read_text(encoding="utf-8") for p in (published.folder / "people").glob("*.html")]
    form = 'href="https://github.com/riverside/mentors/issues/new?template=introduce.yml&amp;'
    asks = [p for p in pages if form in p]
    assert asks, "some open mentor can be asked"
    assert all("mailto:safety@riverside-mentors.org?subject=Introduction" in p for p in asks)
    assert not any("mentor-commons/mentor-commons/issues" in p for p in pages)
