"""community.toml read by every part: the stale rule, the publish check, mailto links, the forms and CODEOWNERS."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml

from matcher import settings
from matcher.intake import stale, templates
from matcher.intake.codeowners import render_codeowners
from matcher.profile.model import STALE_AFTER_DAYS
from matcher.profile.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests/site/community"  # judged on 2026-06-01: Farah 2026-01-10, Hana 2025-04-01, Gus 2024-12-01
REAL = """\
name = "Riverside Mentors"
description = "Mentoring for the river towns."
maintainers = ["Grace-Maintainer", "ada-maintainer"]
contact_email = "safety@riverside-mentors.org"
url = "https://riverside-mentors.org"
repository = "riverside/mentors"

[profiles]
stale_after_days = 120
stale_grace_days = 30
"""


def community(text: str = REAL) -> settings.Community:
    return settings.parse(text, "community.toml")


def test_the_committed_settings_are_the_defaults_and_the_rule_is_written_once() -> None:
    ours = settings.load(ROOT / "community.toml")
    assert (ours.stale_after_days, ours.stale_grace_days) == (STALE_AFTER_DAYS, settings.STALE_GRACE_DAYS)
    bare = community(REAL.split("[profiles]")[0])
    assert (bare.stale_after_days, bare.stale_grace_days) == (STALE_AFTER_DAYS, settings.STALE_GRACE_DAYS)
    for module in (
        "matcher/profile/validate.py",
        "matcher/profile/rules.py",
        "matcher/intake/stale.py",
        "matcher/site/community.py",
    ):
        assert "365" not in (ROOT / module).read_text(encoding="utf-8"), module


def test_the_settings_file_can_be_named_in_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(settings.SETTINGS_ENV, raising=False)
    assert settings.settings_path(tmp_path) == tmp_path / "community.toml"
    assert settings.settings_path() == Path("community.toml")
    monkeypatch.setenv(settings.SETTINGS_ENV, str(tmp_path / "other.toml"))
    assert settings.settings_path(ROOT) == tmp_path / "other.toml"


def test_check_publish_names_every_placeholder_then_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITEURL", raising=False)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    placeholder = tmp_path / "community.toml"
    shutil.copyfile(ROOT / "community.toml", placeholder)
    with pytest.raises(settings.PublishRefused) as refused:
        settings.check_publish(placeholder)
    assert [p.split(": ", 2)[1] for p in refused.value.problems] == [
        "maintainers",
        "contact_email",
        "url",
        "repository",
    ]
    assert all(p.startswith(f"{placeholder}:") for p in refused.value.problems)
    assert str(refused.value).startswith(f"Not publishing: 4 setting(s) in {placeholder} to fill in first:\n  ")

    real = tmp_path / "real.toml"
    real.write_text(REAL.replace('url = "https://riverside-mentors.org"', 'url = ""'), encoding="utf-8")
    with pytest.raises(settings.PublishRefused, match="url: no public address"):
        settings.check_publish(real)
    monkeypatch.setenv("SITEURL", "https://owner.github.io/repo")
    assert settings.check_publish(real).name == "Riverside Mentors"
    monkeypatch.setenv(settings.SETTINGS_ENV, str(real))
    assert settings.check_publish().contact_email == "safety@riverside-mentors.org"


@pytest.mark.parametrize(
    "address",
    ["safety@riverside-mentors.org", "a+b@x.org", "o'neil@x.org", "we#1@x.org", "100%@x.org", "a&b@x.org", "a?b@x.org"],
)
def test_a_mailto_link_carries_the_address_and_only_our_words(address: str) -> None:
    link = settings.mailto(address, subject="Report (Riverside & Co)", body="Hello?\nbcc=x")
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and unquote(parts.path) == address and parts.fragment == ""
    assert parse_qs(parts.query) == {"subject": ["Report (Riverside & Co)"], "body": ["Hello?\nbcc=x"]}
    assert settings.mailto(address) == f"mailto:{parts.path}"


def test_the_stale_rule_and_grace_come_from_the_settings() -> None:
    today = dt.date(2026, 6, 1)
    profiles = validate_paths([TINY]).profiles
    assert [p.id for p in stale.stale_profiles(profiles, today, 365)] == ["gus-old", "hana-sato"]
    assert [p.id for p in stale.stale_profiles(profiles, today, 120)] == ["gus-old", "hana-sato", "farah-haddad"]

    text, count = stale.report([TINY], today, community())
    assert count == 3
    assert "Profiles with no update for more than 120 days, as of 2026-06-01." in text
    assert "hidden from the directory 30 days after it became stale" in text
    assert "| `farah-haddad` | 2026-01-10 | 2026-06-10 |" in text  # 2026-01-10 + 120 + 1 + 30 days


def test_the_stale_report_reads_the_settings_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "community.toml"
    path.write_text(REAL, encoding="utf-8")
    monkeypatch.setenv(settings.SETTINGS_ENV, str(path))
    assert stale.report([TINY], dt.date(2026, 6, 1))[1] == 3


def test_the_validators_warning_uses_the_setting() -> None:
    def warned(after: int) -> list[str]:
        result = validate_paths([TINY], today=dt.date(2026, 6, 1), stale_after_days=after)
        return sorted(p.file.rsplit("/", 1)[-1] for p in result.problems if p.field == "updated")

    assert warned(STALE_AFTER_DAYS) == ["gus-old.yml", "hana-sato.yml"]
    assert warned(120) == ["farah-haddad.yml", "gus-old.yml", "hana-sato.yml"]


def test_codeowners_lists_every_maintainer_and_says_where_the_list_lives() -> None:
    text = render_codeowners(community())
    assert "*                @ada-maintainer @grace-maintainer\n" in text
    assert "/community.toml  @ada-maintainer @grace-maintainer\n" in text
    assert "takes the maintainers from community.toml" in text


def test_a_changed_maintainer_makes_the_forms_check_fail(tmp_path: Path) -> None:
    folder, codeowners = tmp_path / "ISSUE_TEMPLATE", tmp_path / "CODEOWNERS"
    assert templates.write_forms(folder, community(), codeowners)
    assert templates.out_of_date_forms(folder, community(), codeowners) == []
    other = community(REAL.replace('"ada-maintainer"', '"ada-lovelace"'))
    assert templates.out_of_date_forms(folder, other, codeowners) == [
        f"{codeowners}: out of date, the maintainers in community.toml changed: run `python -m matcher generate` "
        "and commit the result"
    ]


def test_the_concern_form_starts_with_the_confidential_address_and_config_names_it(tmp_path: Path) -> None:
    files = templates.rendered(tmp_path, community(), None)
    concern = yaml.safe_load(files[tmp_path / "concern.yml"])
    intro = concern["body"][0]["attributes"]["value"]
    assert intro.startswith("Thank you for telling the Riverside Mentors maintainers")
    assert (
        "[safety@riverside-mentors.org](mailto:safety@riverside-mentors.org?subject=Confidential%20report%20%28"
        "Riverside%20Mentors%29)" in intro
    )
    join = yaml.safe_load(files[tmp_path / "join.yml"])
    assert join["body"][0]["attributes"]["value"].startswith("Welcome to Riverside Mentors!")
    config = yaml.safe_load(files[tmp_path / "config.yml"])
    sensitive = config["contact_links"][1]
    assert "safety@riverside-mentors.org" in sensitive["name"] and "safety@riverside-mentors.org" in sensitive["about"]
    assert sensitive["url"] == "https://riverside-mentors.org/guidance/safety/"  # GitHub takes only http(s) links


def test_a_name_with_markdown_in_it_is_shown_as_written(tmp_path: Path) -> None:
    files = templates.rendered(
        tmp_path, community(REAL.replace("Riverside Mentors", "Mentors *of* [the](x) <river>")), None
    )
    intro = yaml.safe_load(files[tmp_path / "join.yml"])["body"][0]["attributes"]["value"]
    assert intro.startswith(r"Welcome to Mentors \*of\* \[the\]\(x\) \<river\>!")


def test_the_repository_comes_from_the_file_or_the_workflow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    bare = community(
        REAL.replace('repository = "riverside/mentors"\n', "").replace(
            'url = "https://riverside-mentors.org"', 'url = ""'
        )
    )
    assert (bare.github_repository, bare.repository_url, bare.pages_url) == ("", "", "")
    monkeypatch.setenv("GITHUB_REPOSITORY", "river-org/mentors")
    assert bare.repository_url == "https://github.com/river-org/mentors"
    assert bare.pages_url == ""  # committed files never read the environment
    named = community(REAL.replace('url = "https://riverside-mentors.org"', 'url = ""'))
    assert named.pages_url == "https://riverside.github.io/mentors"
    user_site = community(
        REAL.replace("riverside/mentors", "riverside/riverside.github.io").replace(
            'url = "https://riverside-mentors.org"', 'url = ""'
        )
    )
    assert user_site.pages_url == "https://riverside.github.io"
    with pytest.raises(settings.SettingsError, match="repository: 'not a repo' must be the GitHub repository"):
        community(REAL.replace("riverside/mentors", "not a repo"))


def test_a_name_with_a_hidden_character_is_refused() -> None:
    with pytest.raises(settings.SettingsError, match=r"name: contains an invisible or control character .*U\+202E"):
        community(REAL.replace("Riverside Mentors", "Riverside\u202eMentors"))


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('"en"', "must be a list of language tags"),
        ("[]", "must be a list of language tags"),
        ('["en", "French"]', "'French' is not a language tag"),
        ('["en", "fr", "en"]', "names a language twice"),
    ],
)
def test_languages_must_be_tags_the_default_first(value: str, words: str) -> None:
    text = (ROOT / "community.toml").read_text(encoding="utf-8")
    text = re.sub(r"^languages = .*$", f"languages = {value}", text, flags=re.MULTILINE)
    with pytest.raises(settings.SettingsError, match=re.escape(words)) as caught:
        settings.parse(text)
    assert f"community.toml:{text.splitlines().index(f'languages = {value}') + 1}: languages" in str(caught.value)


def test_the_example_community_speaks_four_languages_english_first() -> None:
    assert settings.load(ROOT / "community.toml").languages == ("en", "fr", "es", "ar")
