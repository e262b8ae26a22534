"""Asking for an introduction: the intake checks the pair and tells the mentor only in the way they chose.

Real bodies of the generated `introduce` form, converted by the real intake against a copy of the
example community (real loader, real eligibility rules, real relationship files).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from matcher import intake
from matcher.intake import forms
from matcher.relationships import introductions

ROOT = Path(__file__).resolve().parent.parent
FORM = forms.forms_by_name()["introduce"]


def body(mentee: str, mentor: str, message: str = "I run a small NGO and want to learn fundraising.") -> str:
    answers = {"profile_id": mentee, "mentor_id": mentor, "message": message, "public": ""}
    parts = []
    for q in FORM.questions:
        value = answers[q.id] or ("- [ ] " + q.options[0][1] if q.kind == "ticks" else "_No response_")
        parts.append(f"### {q.label}\n\n{value}\n")
    return "\n".join(parts)


@pytest.fixture
def community(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "profiles", tmp_path / "profiles")
    shutil.copytree(ROOT / "relationships", tmp_path / "relationships")
    return tmp_path


def ask(community: Path, mentee: str, mentor: str, author: str, open_bodies: tuple[str, ...] = ()) -> intake.Outcome:
    return intake.convert(
        body(mentee, mentor),
        "introduce",
        author,
        profiles=community / "profiles",
        open_introductions=open_bodies,
        relationships=community / "relationships",
    )


def test_a_mentor_who_chose_it_is_mentioned_with_how_to_answer(community: Path) -> None:
    outcome = ask(community, "ana-popescu", "thandi-dlamini", "fictional-ana-popescu")
    assert outcome.ok and outcome.changes == () and outcome.action == "introduce"
    text = intake.comment(outcome)
    assert "@fictional-thandi-dlamini: `ana-popescu` asks whether you would mentor them" in text
    assert "`/accept`" in text and "`/decline`" in text


def test_a_mentor_who_did_not_is_not_mentioned_and_the_mentee_gets_their_published_way(community: Path) -> None:
    outcome = ask(community, "ana-popescu", "akosua-boateng", "fictional-ana-popescu")
    text = intake.comment(outcome)
    assert outcome.ok and "@" not in text.replace("@fictional-ana-popescu", "")
    assert "chose not to be told on GitHub" in text and "on LinkedIn: https://" in text


@pytest.mark.parametrize(
    ("mentee", "mentor", "author", "expected"),
    [
        ("ana-popescu", "thandi-dlamini", "mallory", "belongs to the GitHub account @fictional-ana-popescu"),
        ("ana-popescu", "gabriela-ramirez", "fictional-ana-popescu", "'gabriela-ramirez' is not taking new mentees"),
        ("ana-popescu", "nobody-here", "fictional-ana-popescu", "there is no profile 'nobody-here'"),
        ("ana-popescu", "agnieszka-nowak", "fictional-ana-popescu", "'agnieszka-nowak' offers no mentoring"),
    ],
    ids=["not-the-mentee", "mentor-full", "unknown-mentor", "not-a-mentor"],
)
def test_refusals_say_why(community: Path, mentee: str, mentor: str, author: str, expected: str) -> None:
    outcome = ask(community, mentee, mentor, author)
    assert not outcome.ok and any(expected in p for p in outcome.problems), outcome.problems


def test_avoid_is_refused_without_saying_who_avoids_whom(community: Path) -> None:
    thandi = community / "profiles" / "thandi-dlamini.yml"
    thandi.write_text(thandi.read_text(encoding="utf-8").replace("consent:", "avoid: [ana-popescu]\nconsent:"))
    outcome = ask(community, "ana-popescu", "thandi-dlamini", "fictional-ana-popescu")
    assert outcome.problems == ("An introduction between 'ana-popescu' and 'thandi-dlamini' isn't possible: please "
                                "ask another mentor.",)  # fmt: skip


def test_an_ineligible_pair_names_the_rule(community: Path) -> None:
    outcome = ask(community, "ana-popescu", "daniel-okafor", "fictional-ana-popescu")
    assert not outcome.ok and all("can't be matched" in p for p in outcome.problems), outcome.problems


def test_rate_limits_per_mentee_and_per_mentor(community: Path) -> None:
    mine = tuple(body("ana-popescu", m) for m in ("carlos-mendoza", "jonas-weber", "ramon-villanueva"))
    outcome = ask(community, "ana-popescu", "thandi-dlamini", "fictional-ana-popescu", mine)
    assert outcome.problems == (
        "You already have 3 introductions waiting for an answer: please wait for one before asking another mentor.",
    )
    theirs = tuple(body(f"someone-{n}", "thandi-dlamini") for n in range(5))
    outcome = ask(community, "ana-popescu", "thandi-dlamini", "fictional-ana-popescu", theirs)
    assert outcome.problems == (
        "'thandi-dlamini' has 5 introductions waiting already. Please ask another mentor, or try again later.",
    )


def test_a_mentor_at_capacity_through_relationships_is_refused(community: Path) -> None:
    """Daniel takes one mentee and already works with Aroha: the relationship uses his place."""
    (community / "relationships" / "aroha-ngata--daniel-okafor.yml").write_text(
        "mentee: aroha-ngata\nmentor: daniel-okafor\npublic: true\nstarted: 2026-09-01\nends: 2027-03-01\n"
        "status: active\n",
        encoding="utf-8",
    )
    outcome = ask(community, "youssef-mansour", "daniel-okafor", "fictional-youssef-mansour")
    assert any("already mentors as many people as they offered (1)" in p for p in outcome.problems), outcome.problems


def test_the_parties_of_an_issue_body_are_read_back() -> None:
    assert introductions.parties(body("ana-popescu", "thandi-dlamini")) == ("ana-popescu", "thandi-dlamini")
    assert introductions.parties("### Something else\n\nhello\n") is None


def test_the_parties_are_read_back_from_the_headings_in_every_language_too() -> None:
    """GitHub writes the committed form's whole label, English then its translations, as each heading."""
    from tests.test_forms_languages import multilingual_body

    translated = multilingual_body(body("ana-popescu", "thandi-dlamini"), FORM)
    assert "### Your profile id · " in translated
    assert introductions.parties(translated) == ("ana-popescu", "thandi-dlamini")
    assert introductions.open_counts([translated]) == ({"ana-popescu": 1}, {"thandi-dlamini": 1})


def test_the_cli_counts_open_issues_but_not_this_one(
    community: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matcher.cli import main

    monkeypatch.chdir(community)
    shutil.copy(ROOT / "community.toml", community / "community.toml")
    issue = tmp_path / "issue.md"
    issue.write_text(body("ana-popescu", "thandi-dlamini"), encoding="utf-8")
    listed = [{"number": 7, "body": issue.read_text()}] + [
        {"number": n, "body": body("ana-popescu", m)} for n, m in ((8, "carlos-mendoza"), (9, "jonas-weber"))
    ]
    (tmp_path / "open.json").write_text(json.dumps(listed), encoding="utf-8")
    args = ["intake", str(issue), "--form", "introduce", "--author", "fictional-ana-popescu"]
    args += ["--open-introductions", str(tmp_path / "open.json"), "--issue", "7", "--dry-run"]
    assert main(args) == 0  # 2 others open: under the limit of 3


def test_leaving_removes_the_leavers_relationships_and_acceptances(community: Path) -> None:
    """Sipho leaves: his ended relationship with Thandi goes, and Thandi no longer accepts his endorsement."""
    form = forms.forms_by_name()["leave"]
    answers = {"profile_id": "sipho-nkosi", "action": dict(form.question("action").options)["leave"]}
    leave = "\n".join(f"### {q.label}\n\n{answers.get(q.id, '_No response_')}\n" for q in form.questions)
    outcome = intake.convert(
        leave, "leave", "chief", profiles=community / "profiles", maintainers=frozenset({"chief"})
    )  # Sipho has no GitHub login: he wrote to the maintainers
    assert outcome.ok, outcome.problems
    removed = {c.path.split("/")[-1] for c in outcome.changes if c.text is None}
    assert removed == {"sipho-nkosi.yml", "sipho-nkosi--thandi-dlamini.yml"}
    thandi = next(c.text for c in outcome.changes if c.path.endswith("thandi-dlamini.yml"))
    assert thandi is not None and "sipho-nkosi" not in thandi


def test_the_dashboard_gets_numbers_only() -> None:
    issues = [
        {"number": 1, "body": body("ana-popescu", "thandi-dlamini"), "stateReason": "",
         "comments": [{"body": "Agreed: `ana-popescu` and `thandi-dlamini` start today"}]},
        {"number": 2, "body": body("ana-popescu", "jonas-weber"), "stateReason": "NOT_PLANNED", "comments": []},
        {"number": 3, "body": body("ana-popescu", "carlos-mendoza"), "stateReason": "", "comments": []},
        {"number": 4, "body": "### Something else\n\nnot an introduction", "comments": []},
    ]  # fmt: skip
    assert introductions.counts(issues) == {"asked": 3, "accepted": 1, "declined": 1}
