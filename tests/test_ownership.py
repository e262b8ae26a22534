"""Ownership on a simulated pull request: a real git repository, a base commit, a branch, an author."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from matcher.cli import main
from matcher.intake import ownership
from matcher.profile.text import canonical_login

FIXTURES = Path(__file__).parent / "intake" / "profiles"
CODEOWNERS = "# maintainers\n* @chief-maintainer @org/reviewers\n/profiles/ @second-maintainer privacy@org.example\n"
SETTINGS = """name = "Test community"
description = "A community for the tests."
maintainers = ["chief-maintainer", "Second-Maintainer", "mentor-commons-maintainer"]
contact_email = "safety@test-community.org"
"""


def git(repo: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "HOME": str(repo),
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A base branch with three profiles (two naming a GitHub login, one not) and CODEOWNERS."""
    root = tmp_path / "repo"
    (root / "profiles").mkdir(parents=True)
    (root / ".github").mkdir()
    for path in FIXTURES.glob("*.yml"):
        (root / "profiles" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (root / ".github" / "CODEOWNERS").write_text(CODEOWNERS, encoding="utf-8")
    (root / "community.toml").write_text(SETTINGS, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def pr(repo: Path, author: str, approved_by: tuple[str, ...] = ()) -> list[ownership.Verdict]:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change", "--allow-empty")
    changes = ownership.changes_from_git(repo, "main", "pr")
    return ownership.check_changes(changes, author, ownership.maintainers_at(repo, "main"), approved_by)


def edit(repo: Path, name: str, old: str, new: str) -> None:
    path = repo / "profiles" / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def verdicts(found: list[ownership.Verdict]) -> list[tuple[str, bool]]:
    return [(v.path, v.allowed) for v in found]


def test_maintainers_come_from_the_base_settings_never_the_placeholder(repo: Path) -> None:
    assert ownership.maintainers_at(repo, "main") == {"chief-maintainer", "second-maintainer"}


def test_codeowners_is_parsed_as_github_does() -> None:
    """Owners follow a path pattern: @login, @org/team, or an e-mail, which names no login at all."""
    owners = ownership.parse_codeowners(CODEOWNERS + "/docs/ @mentor-commons-maintainer\n")
    assert owners.logins == {"chief-maintainer", "second-maintainer", "mentor-commons-maintainer"}
    assert owners.teams == {"org/reviewers"} and owners.emails == {"privacy@org.example"}
    # the e-mail's domain is no login, and the upstream placeholder grants nothing
    assert ownership.maintainers_from_codeowners(CODEOWNERS + "* @mentor-commons-maintainer\n") == {
        "chief-maintainer",
        "second-maintainer",
    }


def test_without_settings_the_base_codeowners_logins_are_the_maintainers(repo: Path) -> None:
    git(repo, "checkout", "-q", "main")
    git(repo, "rm", "-q", "community.toml")
    git(repo, "commit", "-q", "-m", "no settings")
    assert ownership.maintainers_at(repo, "main") == {"chief-maintainer", "second-maintainer"}


def test_the_owner_may_change_their_profile(repo: Path) -> None:
    edit(repo, "kofi-mensah.yml", "Accra\n", "Kumasi\n")
    assert verdicts(pr(repo, "kofi-mensah-example")) == [("profiles/kofi-mensah.yml", True)]


def test_someone_else_may_not_change_or_remove_it(repo: Path) -> None:
    edit(repo, "kofi-mensah.yml", "Accra\n", "Kumasi\n")
    (repo / "profiles" / "lena-fischer.yml").unlink()
    found = pr(repo, "mallory")
    assert verdicts(found) == [("profiles/kofi-mensah.yml", False), ("profiles/lena-fischer.yml", False)]
    assert found[1].reason == "belongs to @lena-fischer-example: only they or a maintainer may remove it, not @mallory"


def test_writing_your_own_login_into_someone_elses_profile_is_refused(repo: Path) -> None:
    """The old version decides: taking a profile over by renaming its owner doesn't work."""
    edit(repo, "kofi-mensah.yml", "github: kofi-mensah-example", "github: mallory")
    assert verdicts(pr(repo, "mallory")) == [("profiles/kofi-mensah.yml", False)]


def test_a_new_profile_for_another_account_is_impersonation(repo: Path) -> None:
    text = (FIXTURES / "kofi-mensah.yml").read_text(encoding="utf-8").replace("kofi-mensah-example", "famous-person")
    (repo / "profiles" / "famous.yml").write_text(text, encoding="utf-8")
    found = pr(repo, "mallory")
    assert verdicts(found) == [("profiles/famous.yml", False)]
    assert found[0].reason.startswith("impersonation: the file says `github: famous-person`")


def test_a_new_profile_for_yourself_is_fine_and_logins_ignore_case(repo: Path) -> None:
    text = (FIXTURES / "kofi-mensah.yml").read_text(encoding="utf-8").replace("kofi-mensah-example", "New-Person")
    (repo / "profiles" / "new-person.yml").write_text(text, encoding="utf-8")
    assert verdicts(pr(repo, "new-person")) == [("profiles/new-person.yml", True)]


def test_a_maintainer_may_change_and_add_anything(repo: Path) -> None:
    edit(repo, "lena-fischer.yml", "Hamburg", "Bremen")
    (repo / "profiles" / "kofi-mensah.yml").unlink()
    text = (FIXTURES / "kofi-mensah.yml").read_text(encoding="utf-8").replace("kofi-mensah-example", "someone")
    (repo / "profiles" / "someone.yml").write_text(text, encoding="utf-8")
    assert all(v.allowed for v in pr(repo, "Chief-Maintainer"))


def test_a_pull_request_cannot_make_its_author_a_maintainer(repo: Path) -> None:
    (repo / ".github" / "CODEOWNERS").write_text("* @mallory\n", encoding="utf-8")
    (repo / "community.toml").write_text(SETTINGS.replace('"chief-maintainer"', '"mallory"'), encoding="utf-8")
    edit(repo, "lena-fischer.yml", "Hamburg", "Bremen")
    found = dict(verdicts(pr(repo, "mallory")))
    assert found == {".github/CODEOWNERS": True, "community.toml": True, "profiles/lena-fischer.yml": False}


def test_editing_a_profile_without_a_login_needs_a_maintainer(repo: Path) -> None:
    edit(repo, "sofia-reyes.yml", "Ciudad de México", "Puebla")
    found = pr(repo, "anyone")
    assert verdicts(found) == [("profiles/sofia-reyes.yml", False)] and found[0].review
    assert "names no GitHub login" in found[0].reason and "a maintainer must approve" in found[0].reason


def test_deleting_a_profile_without_a_login_needs_a_maintainer(repo: Path) -> None:
    (repo / "profiles" / "sofia-reyes.yml").unlink()
    assert verdicts(pr(repo, "anyone")) == [("profiles/sofia-reyes.yml", False)]


def test_a_maintainers_approval_lets_it_through_and_nobody_elses(repo: Path) -> None:
    edit(repo, "sofia-reyes.yml", "Ciudad de México", "Puebla")
    assert verdicts(pr(repo, "anyone", approved_by=("anyone", "mentor-commons-maintainer"))) == [
        ("profiles/sofia-reyes.yml", False)
    ]
    found = ownership.check_changes(
        ownership.changes_from_git(repo, "main", "pr"), "anyone", {"chief-maintainer"}, ["Chief-Maintainer"]
    )
    assert verdicts(found) == [("profiles/sofia-reyes.yml", True)] and found[0].approved_by == "chief-maintainer"


def test_an_approval_never_lets_a_refusal_through(repo: Path) -> None:
    edit(repo, "lena-fischer.yml", "Hamburg", "Bremen")
    assert verdicts(pr(repo, "mallory", approved_by=("chief-maintainer",))) == [("profiles/lena-fischer.yml", False)]


def test_renaming_your_own_file_onto_a_profile_without_login_needs_a_maintainer(repo: Path) -> None:
    git(repo, "rm", "-q", "profiles/sofia-reyes.yml")
    git(repo, "mv", "profiles/kofi-mensah.yml", "profiles/sofia-reyes.yml")
    edit(repo, "sofia-reyes.yml", "github: kofi-mensah-example\n", "")
    found = dict((v.path, (v.allowed, v.review)) for v in pr(repo, "kofi-mensah-example"))
    assert found == {"profiles/kofi-mensah.yml": (True, False), "profiles/sofia-reyes.yml": (False, True)}


def test_handing_your_profile_to_another_login_needs_a_maintainer(repo: Path) -> None:
    edit(repo, "kofi-mensah.yml", "github: kofi-mensah-example", "github: someone-else")
    found = pr(repo, "kofi-mensah-example")
    assert verdicts(found) == [("profiles/kofi-mensah.yml", False)] and found[0].review
    assert "hands their profile to @someone-else" in found[0].reason


def test_a_login_with_a_trailing_new_line_proves_nothing(repo: Path) -> None:
    text = (FIXTURES / "kofi-mensah.yml").read_text(encoding="utf-8")
    (repo / "profiles" / "mallory.yml").write_text(
        text.replace("github: kofi-mensah-example", 'github: "mallory\\n"'), encoding="utf-8"
    )
    found = pr(repo, "mallory")
    assert verdicts(found) == [("profiles/mallory.yml", False)] and found[0].review


@pytest.mark.parametrize("author", ["mallory", "chief-maintainer"])
def test_a_symbolic_link_under_profiles_is_refused_for_anyone(repo: Path, author: str) -> None:
    (repo / "profiles" / "secret.yml").symlink_to("../community.toml")
    found = pr(repo, author)
    assert verdicts(found) == [("profiles/secret.yml", False)] and "symbolic link" in found[0].reason


def test_leaving_may_take_the_leavers_id_out_of_other_profiles(repo: Path) -> None:
    (repo / "profiles" / "kofi-mensah.yml").unlink()
    edit(
        repo,
        "lena-fischer.yml",
        "endorsements:\n  - id: kofi-mensah\n    relation: was-my-mentee\n    year: 2025\n"
        "    text: Kofi prepared every session and asked the hard questions.\n",
        "",
    )
    edit(repo, "sofia-reyes.yml", "avoid: [kofi-mensah]\n", "")
    assert all(v.allowed for v in pr(repo, "kofi-mensah-example"))


def test_but_nothing_else_may_change_in_those_profiles(repo: Path) -> None:
    (repo / "profiles" / "kofi-mensah.yml").unlink()
    edit(repo, "sofia-reyes.yml", "avoid: [kofi-mensah]\n", "")
    edit(repo, "lena-fischer.yml", "Hamburg", "Bremen")
    assert dict(verdicts(pr(repo, "kofi-mensah-example"))) == {
        "profiles/kofi-mensah.yml": True,
        "profiles/lena-fischer.yml": False,
        "profiles/sofia-reyes.yml": True,
    }


def test_renames_count_as_a_removal_and_an_addition(repo: Path) -> None:
    git(repo, "mv", "profiles/lena-fischer.yml", "profiles/lena.yml")
    assert verdicts(pr(repo, "mallory")) == [("profiles/lena-fischer.yml", False), ("profiles/lena.yml", False)]


def test_the_cli_exits_1_and_annotates_refusals(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "lena-fischer.yml", "Hamburg", "Bremen")
    git(repo, "commit", "-q", "-am", "change")
    code = main(
        [
            "ownership",
            "--repo",
            str(repo),
            "--base",
            "main",
            "--head",
            "pr",
            "--author",
            "mallory",
            "--format",
            "github",
        ]
    )
    out = capsys.readouterr().out
    assert code == 1
    assert out.splitlines()[0] == (
        "::error file=profiles/lena-fischer.yml,line=1,title=ownership::belongs to "
        "@lena-fischer-example: only they or a maintainer may change it, not @mallory"
    )


def test_the_cli_annotates_what_needs_a_maintainer_and_exits_1(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What CI runs (--format github) never says only "ok" where a human must look."""
    edit(repo, "sofia-reyes.yml", "Ciudad de México", "Puebla")
    git(repo, "commit", "-q", "-am", "change")
    args = ["ownership", "--repo", str(repo), "--base", "main", "--head", "pr", "--author", "anyone"]
    assert main([*args, "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("::error file=profiles/sofia-reyes.yml,line=1,title=needs a maintainer::")
    assert main([*args, "--format", "github", "--approved-by", "second-maintainer"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("::notice file=profiles/sofia-reyes.yml,line=1,title=approved by a maintainer::")


def test_a_new_name_like_someone_elses_needs_a_maintainer(repo: Path) -> None:
    """Cyrillic "К" and "о" pass for Latin ones: Kofi's name, on a profile Mallory owns."""
    text = (FIXTURES / "kofi-mensah.yml").read_text(encoding="utf-8").replace("kofi-mensah-example", "mallory")
    (repo / "profiles" / "mallory.yml").write_text(text.replace("name: Kofi Mensah", "name: \u041a\u043efi Mensah"))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "lookalike")
    changes = ownership.changes_from_git(repo, "main", "pr")
    names = ownership.names_at(repo, "main")
    assert ("kofi-mensah", "Kofi Mensah") in names and len(names) == 3
    found = ownership.check_changes(changes, "mallory", {"chief-maintainer"}, (), names)
    assert verdicts(found) == [("profiles/mallory.yml", False)] and found[0].review
    assert "looks like, that of kofi-mensah ('Kofi Mensah')" in found[0].reason
    # the same profile with its own name is fine, and a maintainer's approval lets the namesake in
    assert ownership.check_changes(changes, "mallory", {"chief-maintainer"}, ["chief-maintainer"], names)[0].allowed


RELATIONSHIP = """mentee: sofia-reyes
mentor: kofi-mensah
public: true
started: 2026-09-01
ends: 2027-03-01
status: active
"""


def with_relationship(repo: Path, text: str = RELATIONSHIP, name: str = "sofia-reyes--kofi-mensah.yml") -> str:
    """The relationship committed on the base branch; the path."""
    git(repo, "checkout", "-q", "main")
    (repo / "relationships").mkdir(exist_ok=True)
    (repo / "relationships" / name).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "relationship")
    git(repo, "checkout", "-q", "-B", "pr")
    return f"relationships/{name}"


def judge(repo: Path, author: str) -> list[ownership.Verdict]:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "change", "--allow-empty")
    people = ownership.profiles_at(repo, "main")
    logins = {pid: login for pid, d in people.items() if (login := canonical_login(d.get("github")))}
    changes = ownership.changes_from_git(repo, "main", "pr")
    return ownership.check_changes(changes, author, ownership.maintainers_at(repo, "main"), (), (), logins)


def test_nobody_records_a_relationship_alone(repo: Path) -> None:
    (repo / "relationships").mkdir()
    (repo / "relationships" / "x.yml").write_text(RELATIONSHIP, encoding="utf-8")
    found = judge(repo, "kofi-mensah-example")
    assert verdicts(found) == [("relationships/x.yml", False)] and "both people agree" in found[0].reason
    assert verdicts(judge(repo, "github-actions[bot]")) == [("relationships/x.yml", True)]


def test_either_person_of_a_public_relationship_may_end_it(repo: Path) -> None:
    path = with_relationship(repo)
    ended = RELATIONSHIP.replace("status: active", "status: ended\nended: 2026-12-01")
    (repo / path).write_text(ended, encoding="utf-8")
    assert verdicts(judge(repo, "kofi-mensah-example")) == [(path, True)]
    found = judge(repo, "mallory")
    assert verdicts(found) == [(path, False)] and found[0].review  # not theirs: a maintainer must look


def test_a_renewal_by_one_person_needs_a_maintainer(repo: Path) -> None:
    path = with_relationship(repo)
    (repo / path).write_text(RELATIONSHIP.replace("ends: 2027-03-01", "ends: 2027-06-01"), encoding="utf-8")
    found = judge(repo, "kofi-mensah-example")
    assert verdicts(found) == [(path, False)] and "a renewal needs both" in found[0].reason


def test_a_private_relationship_is_changed_only_with_a_maintainer(repo: Path) -> None:
    private = (
        "mentee: hmac-sha256:"
        + "a" * 64
        + "\nmentor: hmac-sha256:"
        + "b" * 64
        + "\n"
        + RELATIONSHIP.split("public: true\n")[1]
    )
    path = with_relationship(repo, private, "r-1234.yml")
    (repo / path).unlink()
    found = judge(repo, "kofi-mensah-example")
    assert verdicts(found) == [(path, False)] and "private relationship" in found[0].reason
