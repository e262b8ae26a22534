"""Checks over a built site, shared by the tests: every internal link resolves, nothing active sneaks in."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

URL_ATTRIBUTES = {"href", "src", "action", "data-mentors", "data-policy", "data-site"}


@dataclass
class Page:
    path: Path
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attribute, value)
    ids: set[str] = field(default_factory=set)
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.tags.append((tag, values))
        if "id" in values:
            self.page.ids.add(values["id"])
        for name, value in values.items():
            if name in URL_ATTRIBUTES:
                self.page.links.append((tag, name, value))


def parse(path: Path) -> Page:
    page = Page(path)
    collector = _Collector(page)
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return page


def html_files(root: Path) -> Iterator[Path]:
    yield from sorted(p for p in root.rglob("*.html") if "pagefind" not in p.relative_to(root).parts)


def target_of(root: Path, page_path: Path, url: str) -> Path | None:
    """The file an internal URL points at (None for external links)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page_path
    base = root if path.startswith("/") else page_path.parent
    target = (base / path.lstrip("/")).resolve()
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def broken_links(root: Path) -> list[str]:
    """Every internal link (and fragment) that does not resolve, as 'page: url'."""
    pages = {p.resolve(): parse(p) for p in html_files(root)}
    problems = []
    for path, page in pages.items():
        for _tag, _attr, url in page.links:
            target = target_of(root, path, url)
            if target is None:
                continue
            if not target.exists():
                problems.append(f"{path.relative_to(root.resolve())}: {url}")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if fragment not in ids:
                    problems.append(f"{path.relative_to(root.resolve())}: {url} (no id '{fragment}')")
    return problems


def all_text(root: Path) -> Iterator[tuple[Path, str]]:
    """Every file's text, Pagefind's gzip'd index files opened: what a visitor or a crawler could read."""
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        yield path, raw.decode("utf-8", errors="replace")
