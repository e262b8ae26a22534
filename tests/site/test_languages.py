"""The site in French beside English: lang and dir, the switcher keeps the page, hreflang, names from CLDR;
screenshots for review in build/screenshots/<language>/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from matcher.site.languages import build_languages
from tests.site.conftest import CONTENT, INTRODUCTIONS, MATCHES, RELATIONSHIPS, ROOT, tiny_settings

SHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("languages") / "site"
    options = {"introductions": str(INTRODUCTIONS), "relationships": str(RELATIONSHIPS)}
    build_languages(
        ROOT / "pelicanconf.py",
        ["en", "fr"],
        output=out,
        profiles=ROOT / "tests" / "site" / "community",
        matches=MATCHES,
        search=False,
        overrides={"PATH": str(CONTENT), "MENTOR_COMMONS": options, "COMMUNITY": tiny_settings()},
    )
    return out


def test_each_language_has_its_pages_lang_and_alternates(two_languages: Path) -> None:
    fr = (two_languages / "fr" / "directory" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in fr
    assert '<link rel="alternate" hreflang="en" href="/directory/">' in fr
    assert '<link rel="alternate" hreflang="fr" href="/fr/directory/">' in fr
    assert "Tout le monde : les mentors disponibles d’abord" in fr
    assert "Japon" in fr  # the country facet, named by CLDR in French
    en = (two_languages / "directory" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in en and "Everyone: open mentors first" in en


def test_each_language_has_the_whole_theme(two_languages: Path) -> None:
    """The second language is built inside the first one's folder: neither build takes the other's files.
    (Seen once, while build.py was being changed by another hand: the root's theme/js empty. Not seen
    since, in every run of this module and in fifteen two-language builds in a row.)"""
    scripts = sorted(p.name for p in (ROOT / "theme" / "static" / "js").iterdir() if p.is_file())
    assert scripts
    for folder in (two_languages, two_languages / "fr"):
        written = sorted(p.name for p in (folder / "theme" / "js").iterdir())
        assert set(scripts) <= set(written), (folder, written)
        assert all((folder / "theme" / "js" / name).stat().st_size > 0 for name in scripts)


@pytest.mark.browser
def test_the_switcher_keeps_the_page(two_languages: Path, serve: Any, page: Any) -> None:
    base = serve(two_languages)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(base + "/fr/people/farah-haddad.html")
    assert page.locator("html").get_attribute("lang") == "fr"
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        for path in ("", "directory/", "find/", "dashboard/", "people/farah-haddad.html", "guidance/"):
            page.goto(f"{base}/fr/{path}")
            name = (path.strip("/").replace("/", "-").removesuffix(".html") or "home") + f"-{width}.png"
            (SHOTS / "fr").mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / "fr" / name), full_page=False)
    page.goto(base + "/fr/people/farah-haddad.html")
    page.locator('.language-switch a[hreflang="en"]').click()
    page.wait_for_url(base + "/people/farah-haddad.html")
    assert page.locator("html").get_attribute("lang") == "en"
