"""The site reads community.toml: its name, address and staleness rule, and a public build refuses placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from matcher.settings import PublishRefused
from matcher.site.build import build_site
from tests.site.checks import html_files, parse
from tests.site.conftest import COMMUNITY, CONTENT, MATCHES, ROOT

PLACEHOLDER = (ROOT / "community.toml").read_text(encoding="utf-8")
REAL = """\
name = "Riverside <Mentors> & Friends"
description = "Mentoring for the river towns: \\"ask us\\"."
maintainers = ["ada-maintainer", "grace-maintainer"]
contact_email = "safety+reports@riverside-mentors.org"
url = "https://riverside-mentors.org/"
repository = "riverside/mentors"

[profiles]
stale_after_days = 120
stale_grace_days = 200
"""


def settings_file(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "community.toml"
    path.write_text(text, encoding="utf-8")
    return path


def build(out: Path, conf: str = "pelicanconf.py", content: Path = CONTENT, **site: object) -> None:
    build_site(
        ROOT / conf,
        profiles=COMMUNITY,
        matches=MATCHES,
        output=out,
        search=False,
        overrides={"PATH": str(content), "MENTOR_COMMONS": site},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_public_build_with_placeholders_refuses_and_leaves_the_last_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "output"
    out.mkdir()
    (out / "index.html").write_text("the site published yesterday\n", encoding="utf-8")
    (out / "people").mkdir()
    (out / "people/ana.html").write_text("Ana\n", encoding="utf-8")
    before = snapshot(out)
    settings = settings_file(tmp_path / "settings", PLACEHOLDER)
    monkeypatch.setenv("MENTOR_COMMONS_SETTINGS", str(settings))
    monkeypatch.delenv("SITEURL", raising=False)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)  # set in every GitHub Actions run

    with pytest.raises(PublishRefused) as refused:
        build(out, "publishconf.py")

    message = str(refused.value)
    assert message.startswith(f"Not publishing: 4 setting(s) in {settings} to fill in first:")
    for key in ("maintainers", "contact_email", "url", "repository"):
        assert re.search(rf"^  {re.escape(str(settings))}:\d+: {key}: ", message, re.MULTILINE), (key, message)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "settings"]  # nothing moved aside either


def test_siteurl_from_the_environment_counts_as_the_address(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_file(tmp_path / "settings", REAL.replace('url = "https://riverside-mentors.org/"', 'url = ""'))
    monkeypatch.setenv("MENTOR_COMMONS_SETTINGS", str(settings))
    monkeypatch.delenv("SITEURL", raising=False)
    with pytest.raises(PublishRefused, match=r"url: no public address"):
        build(tmp_path / "a", "publishconf.py")
    monkeypatch.setenv("SITEURL", "https://someone.github.io/mentors/")
    build(tmp_path / "b", "publishconf.py")
    assert 'href="https://someone.github.io/mentors/directory/"' in (tmp_path / "b/index.html").read_text("utf-8")


def test_a_real_community_is_published_under_its_own_name_and_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MENTOR_COMMONS_SETTINGS", str(settings_file(tmp_path / "settings", REAL)))
    monkeypatch.delenv("SITEURL", raising=False)
    out = tmp_path / "output"
    build(out, "publishconf.py", content=ROOT / "content")  # the project's own guidance pages

    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Riverside &lt;Mentors&gt; &amp; Friends</title>" in home  # escaped, never raw
    assert '<meta name="description" content="Mentoring for the river towns: &#34;ask us&#34;.">' in home
    assert 'href="https://riverside-mentors.org/theme/css/site.css"' in home  # the trailing slash dropped
    mailto = (
        "mailto:safety+reports@riverside-mentors.org"
        "?subject=Confidential%20report%20%28Riverside%20%3CMentors%3E%20%26%20Friends%29"
    )
    for page in html_files(out):
        text = page.read_text(encoding="utf-8")
        assert f'href="{mailto}">safety+reports@riverside-mentors.org</a>' in text, page  # every footer
        assert "maintainers@example.org" not in text, page  # no placeholder left
        assert "Mentor Commons" not in text.replace("copy of Mentor Commons", ""), page  # (the software's name stays)
        assert "{" + "community_name}" not in text and "{" + "contact_email}" not in text, page
        assert "<Mentors>" not in text, page

    safety = (out / "guidance/safety/index.html").read_text(encoding="utf-8")
    assert (
        "write to the maintainers' confidential e-mail address: "
        '<a class="contact-email" href="mailto:safety+reports@riverside-mentors.org">'
        "safety+reports@riverside-mentors.org</a>." in safety
    )
    join = (out / "join/index.html").read_text(encoding="utf-8")
    assert 'data-contact="safety+reports@riverside-mentors.org"' in join
    assert (
        'data-contact-url="mailto:safety+reports@riverside-mentors.org?subject=My%20profile%20for%20Riverside%20'
        "%3CMentors%3E%20%26%20Friends&amp;body=" in join
    )


def test_the_staleness_rule_is_the_communitys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tiny community is judged on 2026-06-01 (its newest profile): after 120 days Farah (2026-01-10) is
    stale, and after 120 + 200 Hana (2025-04-01), shown by default, is hidden."""
    default, strict = tmp_path / "default", tmp_path / "strict"
    build(default)
    monkeypatch.setenv("MENTOR_COMMONS_SETTINGS", str(settings_file(tmp_path / "settings", REAL)))
    build(strict)
    people = {p.name for p in (default / "people").iterdir()}
    kept = {p.name for p in (strict / "people").iterdir()}
    assert people - kept == {"hana-sato.html"}
    notices = [
        p.name for p in (strict / "people").iterdir() if "not been updated for more than 120 days" in p.read_text()
    ]
    assert notices == ["farah-haddad.html"], "a stale profile says the community's period, not 'a year'"


def test_every_address_of_a_site_under_a_sub_path_stays_under_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a browser: every link, script, stylesheet and data address of every page starts with SITEURL
    (or is external, a fragment, or a mailto:), so nothing is fetched from the host's root."""
    site = "https://owner.github.io/our-community"
    monkeypatch.setenv("MENTOR_COMMONS_SETTINGS", str(settings_file(tmp_path / "settings", REAL)))
    monkeypatch.setenv("SITEURL", site + "/")
    out = tmp_path / "output"
    build(out, "publishconf.py", content=ROOT / "content", page_size=5, facet_page_size=5)  # pagers too
    wrong = []
    for path in html_files(out):
        for tag, attribute, url in parse(path).links:
            if url.startswith(("#", "mailto:", site + "/")) or (
                url.startswith("https://") and "owner.github.io" not in url
            ):
                continue
            wrong.append(f"{path.relative_to(out)}: <{tag} {attribute}={url!r}>")
    assert wrong == [], wrong[:10]
