"""Relationships on the site (issue 10), in real builds of the tiny community and its relationships/.

The tiny community's relationships: Boris is mentored by Amara (public, running); Chen was mentored
by Farah (public, ended; Chen's endorsement of Farah is verified); Elif was mentored by Gus, whose
profile is hidden as stale (so that one leaves no trace); and one private relationship, which
names nobody and which :data:`KEY` (a test key, never a real one) resolves.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.intake import forms, questions
from matcher.profile.validate import validate_paths
from matcher.relationships.model import Relationship
from matcher.site.build import BuildReport
from matcher.site.introduce import Introducer
from matcher.site.joinform import DEFAULT_REPOSITORY
from matcher.site.mentorships import read_mentorships
from matcher.site.outcomes import IntroductionCountsInvalid
from tests.site.checks import all_text
from tests.site.conftest import COMMUNITY, RELATIONSHIPS, build_tiny

KEY = "tiny-community-test-key-not-a-secret-0123456789"  # resolves relationships/r-5d0c81e3a7f2.yml


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    out = tmp_path_factory.mktemp("relationships") / "output"
    return out, build_tiny(out)


@pytest.fixture(scope="module")
def site(built: tuple[Path, BuildReport]) -> Path:
    return built[0]


def page(site: Path, person: str) -> str:
    html = (site / f"people/{person}.html").read_text(encoding="utf-8")
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def section(html: str, heading_id: str) -> str:
    """One section of a profile page, from its heading to the end of the section."""
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def text_of(html: str) -> str:
    """The words, one space apart (a space where a tag was, none before a comma)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" ,", ",")


# --- counts and names on profile pages -----------------------------------------------------------------


def test_a_mentor_page_says_mentoring_n_of_m_and_names_public_mentees(site: Path) -> None:
    amara = text_of(section(page(site, "amara-okafor"), "mentorships"))
    assert "Now Mentoring 1 of 2" in amara
    assert "Completed None yet" in amara
    assert "Mentoring Boris Ivanov, since 1 April 2026, agreed until 1 October 2026" in amara
    boris = text_of(section(page(site, "boris-ivanov"), "mentorships"))
    assert "Mentored by Amara Okafor, since 1 April 2026" in boris
    assert "Mentoring" not in boris.replace("Mentored", "")  # Boris mentors nobody: no "of" count


def test_completed_mentorships_are_counted_on_both_pages(site: Path) -> None:
    farah = text_of(section(page(site, "farah-haddad"), "mentorships"))
    assert "Now Mentoring 0 of 3" in farah and "Completed 1 mentorship" in farah
    assert "Mentored Chen Wei, 15 January 2025 to 30 June 2025" in farah
    chen = text_of(section(page(site, "chen-wei"), "mentorships"))
    assert "Completed 1 mentorship" in chen and "Was mentored by Farah Haddad" in chen


def test_a_relationship_with_someone_unpublished_leaves_no_trace(site: Path, built: tuple[Path, BuildReport]) -> None:
    assert 'id="mentorships"' not in page(site, "elif-yilmaz")  # her only public one was with Gus (hidden)
    for _path, content in all_text(site):
        assert "gus-old" not in content and "Gus Oldfield" not in content
    assert "1 relationship file not shown" in built[1].summary()


def test_a_private_relationship_is_counted_never_named_and_unresolved_without_the_key(
    site: Path, built: tuple[Path, BuildReport]
) -> None:
    assert "1 private relationship not resolved: no key." in built[1].summary()
    dashboard = text_of((site / "dashboard/index.html").read_text(encoding="utf-8"))
    assert "Not counted: 1 private mentorship this build could not read" in dashboard
    assert "hmac-sha256" not in "".join(content for _p, content in all_text(site))


def test_with_the_key_the_totals_count_it_and_no_page_changes(site: Path, tmp_path: Path) -> None:
    """Resolved, the private relationship joins the dashboard's totals; no profile page shows or counts it
    (a count that changed the night its file was added would tell who is in it)."""
    keyed = tmp_path / "keyed"
    report = build_tiny(keyed, key=KEY)
    assert "not resolved" not in report.summary()
    figures = re.findall(
        r'<span class="figure">(\d+)</span> <strong>Mentorships now</strong>',
        (keyed / "dashboard/index.html").read_text(encoding="utf-8"),
    )
    assert figures == ["2"]  # Boris and Amara, and the private one
    assert "Not counted" not in (keyed / "dashboard/index.html").read_text(encoding="utf-8")
    people = sorted(p.name for p in (site / "people").glob("*.html"))
    assert people == sorted(p.name for p in (keyed / "people").glob("*.html"))
    for name in people:
        assert (keyed / "people" / name).read_bytes() == (site / "people" / name).read_bytes(), name


# --- endorsements tied to what happened ------------------------------------------------------------------


def test_an_endorsement_backed_by_a_public_relationship_is_verified(site: Path) -> None:
    farah = section(page(site, "farah-haddad"), "endorsements")
    assert "Chen Wei</bdi></a>, their mentee, 2025" in farah
    assert "Verified mentorship" in farah
    amara = section(page(site, "amara-okafor"), "endorsements")  # Dana's: no relationship on record
    assert "Dana Cohen</bdi></a>, their mentee, 2025" in amara and "Verified" not in amara


def _rel(mentee: str, mentor: str, *, public: bool = True, status: str = "ended") -> Relationship:
    return Relationship(
        f"relationships/{mentee}--{mentor}.yml",
        mentee,
        mentor,
        dt.date(2025, 1, 1),
        dt.date(2025, 6, 1),
        "active" if status == "active" else "ended",
        public=public,
        ended=None if status == "active" else dt.date(2025, 6, 1),
    )


def test_verified_needs_the_right_roles_and_a_public_relationship() -> None:
    people = {p.id: p for p in validate_paths([COMMUNITY]).profiles}
    known = read_mentorships(
        [_rel("chen-wei", "farah-haddad"), _rel("boris-ivanov", "amara-okafor", public=False)], people, files=2
    )
    assert known.verified("chen-wei", "farah-haddad", "was-my-mentor")  # the mentee about their mentor
    assert known.verified("farah-haddad", "chen-wei", "was-my-mentee")  # the mentor about their mentee
    assert not known.verified("farah-haddad", "chen-wei", "was-my-mentor")  # the roles turned round
    assert not known.verified("chen-wei", "farah-haddad", "peer")
    assert not known.verified("boris-ivanov", "amara-okafor", "was-my-mentor")  # private: never tied to names


# --- Ask for an introduction -----------------------------------------------------------------------------


def introduce_links(html: str) -> list[tuple[str, dict[str, str]]]:
    """(where, fields) of every link to a new issue in the html."""
    found = []
    for href in re.findall(r'href="([^"]+)"', html):
        href = href.replace("&amp;", "&")
        if "/issues/new?" in href:
            url = urlsplit(href)
            found.append((f"{url.scheme}://{url.netloc}{url.path}", {k: v[0] for k, v in parse_qs(url.query).items()}))
    return found


def test_open_mentors_with_room_can_be_asked_from_their_page_and_card(site: Path) -> None:
    ids = {q.id for q in forms.forms_by_name()["introduce"].questions}
    for mentor in ("amara-okafor", "farah-haddad", "hana-sato"):
        ((where, fields),) = introduce_links(section(page(site, mentor), "contact"))
        assert where == f"{DEFAULT_REPOSITORY}/issues/new"
        assert fields["template"] == "introduce.yml" and fields["mentor_id"] == mentor
        assert set(fields) - {"template", "title"} <= ids
    for not_open in ("chen-wei", "dana-cohen", "boris-ivanov", "elif-yilmaz"):  # full, paused, two mentees
        assert introduce_links(section(page(site, not_open), "contact")) == []
        assert 'id="introduce"' not in page(site, not_open)
    directory = (site / "directory/index.html").read_text(encoding="utf-8")
    asked = sorted(f["mentor_id"] for _w, f in introduce_links(directory))
    assert asked == ["amara-okafor", "farah-haddad", "hana-sato"]


def test_a_suggested_mentor_can_be_asked_with_the_mentee_filled_in(site: Path) -> None:
    suggested = section(page(site, "boris-ivanov"), "suggested")
    links = {f["mentor_id"]: f for _w, f in introduce_links(suggested)}
    # Amara already mentors Boris: the matcher's last run still suggests her, the page does not
    assert "amara-okafor" in (COMMUNITY.parent / "community-matches.json").read_text(encoding="utf-8")
    assert "Amara Okafor" not in suggested and "Boris Ivanov" not in section(page(site, "amara-okafor"), "suggested")
    assert sorted(links) == ["farah-haddad", "hana-sato"]
    assert all(f[questions.PROFILE_ID_ID] == "boris-ivanov" for f in links.values())


def test_the_email_asks_the_same_questions_of_the_communitys_address() -> None:
    introducer = Introducer(DEFAULT_REPOSITORY, "maintainers@example.org", "Mentor Commons")
    links = introducer.links("amara-okafor", "Amara Okafor", "boris-ivanov")
    to, query = links.email.removeprefix("mailto:").split("?", 1)
    fields = parse_qs(query)
    assert to == "maintainers@example.org" and set(fields) == {"subject", "body"}
    body = fields["body"][0]
    form = forms.forms_by_name()["introduce"]
    for q in form.questions:
        assert f"{q.label}:" in body
    assert "Your profile id: boris-ivanov" in body and "The mentor's profile id: amara-okafor" in body


def test_a_mentor_whose_places_are_taken_is_not_offered(tmp_path: Path) -> None:
    community = tmp_path / "community"
    shutil.copytree(COMMUNITY, community)
    amara = community / "amara-okafor.yml"
    amara.write_text(amara.read_text(encoding="utf-8").replace("capacity: 2", "capacity: 1"), encoding="utf-8")
    out = tmp_path / "out"
    build_tiny(out, profiles=community, relationships=RELATIONSHIPS)
    assert "Mentoring 1 of 1" in page(out, "amara-okafor")
    assert introduce_links(page(out, "amara-okafor")) == []
    assert '"introduce":false' in (out / "data/mentors.json").read_text(encoding="utf-8").replace(" ", "")


def test_a_removed_profile_takes_its_relationships_with_it(tmp_path: Path) -> None:
    community = tmp_path / "community"
    shutil.copytree(COMMUNITY, community)
    (community / "boris-ivanov.yml").unlink()
    out = tmp_path / "out"
    report = build_tiny(out, profiles=community, relationships=RELATIONSHIPS, matches=None)
    assert "Mentoring 0 of 2" in page(out, "amara-okafor")
    leftovers = [p for p, content in all_text(out) if re.search(r"boris|ivanov", content, re.IGNORECASE)]
    assert leftovers == []
    assert "2 relationship files not shown" in report.summary()  # Boris's, and Gus's


# --- the dashboard's outcomes ----------------------------------------------------------------------------


def outcome_tables(site: Path) -> dict[str, list[tuple[str, str]]]:
    html = (site / "dashboard/index.html").read_text(encoding="utf-8")
    outcomes = html[html.index('id="outcomes-heading"') : html.index("</section>\n\n", html.index("outcomes-heading"))]
    tables = {}
    for caption, body in re.findall(r'<caption class="visually-hidden">([^<]+)</caption>(.*?)</table>', outcomes, re.S):
        tables[caption] = re.findall(r'<th scope="row">([^<]+)</th><td>(\d+)</td>', body)
    return tables


def test_the_dashboard_reports_outcomes_as_charts_with_tables(site: Path) -> None:
    tables = outcome_tables(site)
    assert tables["Mentorships agreed"] == [("Running now", "1"), ("Completed", "1")]
    assert tables["How long completed mentorships lasted"] == [
        ("Under a month", "0"),
        ("1 to 3 months", "0"),
        ("3 to 6 months", "1"),
        ("More than 6 months", "0"),
    ]
    assert tables["Introductions"] == [("Asked for", "5"), ("Accepted", "2"), ("Declined", "1")]
    dashboard = (site / "dashboard/index.html").read_text(encoding="utf-8")
    assert "Median length: 5.5 months (166 days), over 1 completed mentorship." in dashboard
    for chart in ("chart-mentorships", "chart-lengths", "chart-introductions"):
        assert f'<svg class="chart" id="{chart}"' in dashboard


def test_without_a_counts_file_the_dashboard_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_tiny(out, introductions=str(tmp_path / "none.json"))
    dashboard = (out / "dashboard/index.html").read_text(encoding="utf-8")
    assert "No introduction counts in this build." in dashboard and "chart-introductions" not in dashboard


@pytest.mark.parametrize(
    ("counts", "words"),
    [
        ('{"asked": 3}', "exactly the keys asked, accepted, declined"),
        ('{"asked": 3, "accepted": -1, "declined": 0}', "accepted must be a whole number"),
        ('{"asked": "3", "accepted": 1, "declined": 0}', "asked must be a whole number"),
        ("not json", "not JSON"),
    ],
)
def test_a_bad_counts_file_stops_the_build_in_words(tmp_path: Path, counts: str, words: str) -> None:
    bad = tmp_path / "introductions.json"
    bad.write_text(counts, encoding="utf-8")
    with pytest.raises(IntroductionCountsInvalid, match=re.escape(words)):
        build_tiny(tmp_path / "out", introductions=str(bad))


@settings(max_examples=200, deadline=None)
@given(
    name=st.text(min_size=1, max_size=40),
    mentor=st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True),
    mentee=st.one_of(st.just(""), st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)),
)
def test_links_filled_in_from_the_template_are_the_links_made_whole(name: str, mentor: str, mentee: str) -> None:
    """The links are made once with stand-ins and filled in per pair: the same bytes as made whole,
    whatever the name holds (percent signs, the stand-ins themselves, other scripts)."""
    introducer = Introducer(DEFAULT_REPOSITORY, "maintainers@example.org", "Mentor Commons")
    assert introducer.links(mentor, name, mentee) == introducer._made(mentor, name, mentee)
    tricky = f"{name}_MC-MENTEE-ID_"
    assert introducer.links(mentor, tricky, mentee) == introducer._made(mentor, tricky, mentee)
