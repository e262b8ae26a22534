"""The workflows rehearsed end to end (harness.py): what a fork's maintainers would see on GitHub.

Each scenario builds a repository from this working tree with a bare `origin`, plays one event
through one workflow, and checks what happened: branches pushed, pull requests and comments made
through `gh`, annotations, artifacts, the site handed to Pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.rehearsal.harness import ROOT, Job, Rehearsal

JOIN_BODY = (ROOT / "tests/intake/join-mentor.md").read_text(encoding="utf-8").replace("Ana Popescu", "Zora Newcomer")
REAL_SETTINGS = """\
name = "Lisbon Tenants' Mentoring Circle"
description = "Tenants who have been through it, mentoring tenants who are in it."
maintainers = ["ada-maintainer", "bruno-maintainer"]
contact_email = "confidential@tenants-circle.pt"
url = ""

[profiles]
stale_after_days = 365
stale_grace_days = 90
"""


@pytest.fixture
def rehearsal(tmp_path: Path) -> Rehearsal:
    return Rehearsal(tmp_path)


def outcome(jobs: dict[str, Job]) -> dict[str, str]:
    return {name: job.result for name, job in jobs.items()}


def failures(jobs: dict[str, Job]) -> str:
    """Each failed step's log, for an assertion's message."""
    return "\n".join(
        f"{j.name} / {s.name}:\n{s.log[-2000:]}" for j in jobs.values() for s in j.steps if s.outcome == "failure"
    )


def someone_elses_profile(rehearsal: Rehearsal) -> tuple[str, str]:
    """A profile that names its owner's GitHub login: (path, owner)."""
    for path in sorted((rehearsal.work / "profiles").glob("*.yml")):
        found = re.search(r"^github: (\S+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        if found:
            return f"profiles/{path.name}", found.group(1)
    raise AssertionError("no profile in profiles/ names a GitHub login")


def edit_as(rehearsal: Rehearsal, author: str, branch: str, number: int, files: dict[str, str | None]) -> dict:
    rehearsal.branch(branch)
    rehearsal.commit(f"{author}'s change", files, author=author)
    return rehearsal.pull_request(number, branch, author)


def test_a_join_form_becomes_a_branch_a_pull_request_and_one_comment(rehearsal: Rehearsal) -> None:
    event = rehearsal.issue("Join: Zora Newcomer", JOIN_BODY, author="zora-n")
    jobs = rehearsal.run("intake.yml", "issues", event)

    assert outcome(jobs) == {"convert": "success"}, failures(jobs)
    pushed = rehearsal.git(rehearsal.origin, "show", "--name-status", "--format=%an: %s", "intake/issue-1")
    assert pushed.splitlines()[0].startswith("github-actions[bot]: ")
    assert pushed.splitlines()[-1] == "A\tprofiles/zora-newcomer.yml"
    created = rehearsal.calls("pr", "create")
    assert [c["argv"][c["argv"].index("--head") + 1] for c in created] == ["intake/issue-1"]
    assert "On behalf of @zora-n, from issue #1." in next(iter(created[0]["files"].values()))
    comments = rehearsal.gh_state["items"]["1"]["comments"]
    assert len(comments) == 1 and "https://github.com/ada-org/mentors/pull/2" in comments[0]["body"]


def test_the_intake_pull_request_passes_every_check_job_as_the_person_who_asked(rehearsal: Rehearsal) -> None:
    jobs = rehearsal.run("intake.yml", "issues", rehearsal.issue("Join", JOIN_BODY, author="zora-n"))
    assert jobs["convert"].result == "success", failures(jobs)
    event = rehearsal.pull_request(2, "intake/issue-1", author="github-actions[bot]")

    jobs = rehearsal.run("check.yml", "pull_request", event)

    assert outcome(jobs) == {"ownership": "success", "check": "success", "comment": "success"}, failures(jobs)
    assert "Ownership: ok for @zora-n" in jobs["ownership"].log
    assert "::warning file=community.toml,line=" in jobs["check"].log, "placeholders warned of, not failed"
    assert [c["argv"][:4] for c in rehearsal.calls("issue", "view")] == [["issue", "view", "1", "--repo"]]
    posted = rehearsal.gh_state["items"]["2"]["comments"]
    assert len(posted) == 1 and posted[0]["body"] == jobs["check"].summary
    # the change matched from the base branch's result (--previous), as the nightly after a merge would
    head = next(s for s in jobs["check"].steps if s.name == "Match and build the site")
    assert "changed since the previous run" in head.log, head.log


def test_editing_someone_elses_profile_fails_ownership_with_an_annotation_on_the_file(rehearsal: Rehearsal) -> None:
    path, owner = someone_elses_profile(rehearsal)
    text = (rehearsal.work / path).read_text(encoding="utf-8")
    event = edit_as(rehearsal, "mallory", "mallory/edit", 5, {path: text.replace("headline:", "headline: Hacked,")})

    jobs = rehearsal.run("check.yml", "pull_request", event)

    assert jobs["ownership"].result == "failure"
    annotation = next(line for line in jobs["ownership"].log.splitlines() if line.startswith("::error"))
    assert annotation.startswith(f"::error file={path},")
    assert f"@{owner}" in annotation and "@mallory" in annotation


def test_a_pull_request_that_rewrites_the_checker_is_still_judged_by_the_base_branchs(rehearsal: Rehearsal) -> None:
    path, _ = someone_elses_profile(rehearsal)
    text = (rehearsal.work / path).read_text(encoding="utf-8")
    ownership_py = (rehearsal.work / "matcher/intake/ownership.py").read_text(encoding="utf-8")
    tasks_py = (rehearsal.work / "tasks.py").read_text(encoding="utf-8")
    always_pass = "\n\ndef run_cli(args):  # noqa\n    print('Ownership: ok')\n    return 0\n"
    tampered = {
        path: text.replace("headline:", "headline: Hacked,"),
        "matcher/intake/ownership.py": ownership_py + always_pass,
        "tasks.py": tasks_py + "\n\n@task(name='ownership')\ndef _(c, base='', author='', head='', format='', repo=''):"
        "\n    print('Ownership: ok')\n",
    }
    event = edit_as(rehearsal, "mallory", "mallory/tamper", 6, tampered)

    jobs = rehearsal.run("check.yml", "pull_request", event)

    assert jobs["ownership"].result == "failure"
    assert any(line.startswith(f"::error file={path},") for line in jobs["ownership"].log.splitlines())
    assert "Ownership: ok" not in jobs["ownership"].log


def test_the_nightly_builds_the_site_at_the_address_pages_reports_and_deploys_it(rehearsal: Rehearsal) -> None:
    rehearsal.commit("Our community's settings", {"community.toml": REAL_SETTINGS}, author="ada-maintainer")
    squatter = rehearsal.issue("Stale profiles: please confirm or update", "not the bot's", author="someone")
    tracking = rehearsal.issue(
        "Stale profiles: please confirm or update", "the bot's", author="github-actions", bot=True
    )

    jobs = rehearsal.run("nightly.yml", "schedule", {"schedule": "17 3 * * *"})

    assert outcome(jobs) == {"build": "success", "deploy": "success", "relationships": "success", "stale": "success"}, (
        failures(jobs)
    )
    assert rehearsal.pages is not None and rehearsal.deployments == [rehearsal.pages]
    index = (rehearsal.pages / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'(?:href|src)="([^"#]+)"', index)
    internal = [link for link in links if not link.startswith(("mailto:", "https://github.com/"))]
    assert internal and all(link.startswith("https://ada-org.github.io/mentors/") for link in internal), internal
    assert {p.name for p in (rehearsal.artifacts / "match-report").iterdir()} == {"match-report.md", "matches.json"}
    edited = [c["argv"][2] for c in rehearsal.calls("issue", "edit")]
    assert edited == [str(tracking["issue"]["number"])], "only the bot's own tracking issue"
    assert rehearsal.gh_state["items"][str(squatter["issue"]["number"])]["body"] == "not the bot's"


def test_the_next_night_matches_from_the_last_nights_matches(rehearsal: Rehearsal) -> None:
    """matches.json is not in the repository: the second night reads the first night's from its artifact, so
    every pair is kept (none without it: the first night starts afresh, and says so)."""
    rehearsal.commit("Our community's settings", {"community.toml": REAL_SETTINGS}, author="ada-maintainer")
    first = rehearsal.run("nightly.yml", "schedule", {"schedule": "17 3 * * *"})
    assert outcome(first)["build"] == "success", failures(first)
    assert "::notice::No earlier matches.json" in first["build"].log
    before = json.loads((rehearsal.artifacts / "match-report" / "matches.json").read_text(encoding="utf-8"))

    second = rehearsal.run("nightly.yml", "schedule", {"schedule": "17 3 * * *"})

    assert outcome(second)["build"] == "success", failures(second)
    assert "Matching from run 1's matches.json" in second["build"].log
    after = json.loads((rehearsal.artifacts / "match-report" / "matches.json").read_text(encoding="utf-8"))
    assert before["stats"]["kept"] == 0 < before["stats"]["matched"]
    assert after["stats"]["kept"] == after["stats"]["matched"] == before["stats"]["matched"]
    assert [(p["mentee"], p["mentor"]) for p in after["pairs"]] == [(p["mentee"], p["mentor"]) for p in before["pairs"]]
    assert all(p["kept"] for p in after["pairs"]) and not any(p["kept"] for p in before["pairs"])
    assert after["suggestions"] == before["suggestions"]
    listed = rehearsal.calls("run", "list")
    assert len(listed) == 2 and all(c["exit"] == 0 for c in listed)


def test_the_nightly_refuses_placeholder_settings_before_it_builds(rehearsal: Rehearsal) -> None:
    placeholders = (ROOT / "community.toml").read_text(encoding="utf-8")
    assert "mentor-commons-maintainer" in placeholders, "the upstream settings are placeholders"

    jobs = rehearsal.run("nightly.yml", "schedule", {"schedule": "17 3 * * *"})

    assert jobs["build"].result == "failure" and jobs["deploy"].result == "skipped"
    ran = [s.name for s in jobs["build"].steps if s.outcome != "skipped"]
    assert ran[-1] == "Refuse to publish while community.toml holds placeholders"
    assert "::error file=community.toml,line=" in jobs["build"].log
    assert rehearsal.pages is None and not (rehearsal.artifacts / "match-report").exists()


def test_a_change_nobody_can_prove_waits_for_a_maintainers_approval_of_that_commit(rehearsal: Rehearsal) -> None:
    """Editing a profile that names no GitHub login fails until a maintainer approves the reviewed commit."""
    rehearsal.commit("Our community's settings", {"community.toml": REAL_SETTINGS}, author="ada-maintainer")
    path = next(
        f"profiles/{p.name}"
        for p in sorted((rehearsal.work / "profiles").glob("*.yml"))
        if not re.search(r"^github:", p.read_text(encoding="utf-8"), re.MULTILINE)
    )
    text = (rehearsal.work / path).read_text(encoding="utf-8")
    event = edit_as(rehearsal, "helpful-friend", "friend/edit", 7, {path: text.replace("headline:", "headline: New,")})

    jobs = rehearsal.run("check.yml", "pull_request", event)
    assert jobs["ownership"].result == "failure"
    assert f"::error file={path},line=1,title=needs a maintainer::" in jobs["ownership"].log

    # someone who is no maintainer approves: nothing changes
    jobs = rehearsal.run("check.yml", "pull_request_review", rehearsal.review(event, "helpful-friend"))
    assert jobs["ownership"].result == "failure"

    jobs = rehearsal.run("check.yml", "pull_request_review", rehearsal.review(event, "ada-maintainer"))
    assert outcome(jobs) == {"ownership": "success", "check": "skipped", "comment": "skipped"}, failures(jobs)
    assert f"::notice file={path},line=1,title=approved by a maintainer::" in jobs["ownership"].log


def test_an_edited_issue_updates_its_pull_request_title_and_keeps_one_comment(rehearsal: Rehearsal) -> None:
    event = rehearsal.issue("Join: Zora Newcomer", JOIN_BODY, author="zora-n")
    assert rehearsal.run("intake.yml", "issues", event)["convert"].result == "success"
    edited = JOIN_BODY.replace("Zora Newcomer", "Zora Editedname")
    event = {**event, "action": "edited", "issue": {**event["issue"], "body": edited}}

    jobs = rehearsal.run("intake.yml", "issues", event)

    assert outcome(jobs) == {"convert": "success"}, failures(jobs)
    assert len(rehearsal.calls("pr", "create")) == 1
    [edit] = rehearsal.calls("pr", "edit")
    assert edit["argv"][edit["argv"].index("--title") + 1] == "join: zora-editedname"
    assert rehearsal.gh_state["items"]["2"]["title"] == "join: zora-editedname"
    comments = rehearsal.gh_state["items"]["1"]["comments"]
    assert len(comments) == 1 and "now holds your edited answers" in comments[0]["body"]
    pushed = rehearsal.git(rehearsal.origin, "show", "--name-status", "--format=%s", "intake/issue-1")
    assert pushed.splitlines()[-1] == "A\tprofiles/zora-editedname.yml"


def test_a_name_like_someone_elses_is_put_before_the_maintainer(rehearsal: Rehearsal) -> None:
    taken = next(
        re.search(r"^name: (.+)$", p.read_text(encoding="utf-8"), re.MULTILINE).group(1)  # type: ignore[union-attr]
        for p in sorted((rehearsal.work / "profiles").glob("*.yml"))
    )
    body = JOIN_BODY.replace("Zora Newcomer", taken.upper())
    jobs = rehearsal.run("intake.yml", "issues", rehearsal.issue("Join", body, author="lookalike"))
    assert outcome(jobs) == {"convert": "success"}, failures(jobs)
    [created] = rehearsal.calls("pr", "create")
    pr_body = next(iter(created["files"].values()))
    assert "For the maintainer, before merging:" in pr_body
    assert "please confirm that this is a different person" in pr_body


def test_the_nightly_keeps_the_rhythm_of_relationships_once(rehearsal: Rehearsal) -> None:
    """Check-ins and the end of a term: one issue, one comment per moment, one closing pull request, however
    many times the nightly runs; a private relationship is never posted about."""
    import datetime as dt

    from matcher.relationships.keys import person_hash

    today = dt.date.today()
    day = lambda n: (today + dt.timedelta(days=n)).isoformat()  # noqa: E731
    key = "rehearsal-key-" + "k" * 32
    public = (
        f"mentee: aroha-ngata\nmentor: daniel-okafor\npublic: true\nstarted: {day(-60)}\nends: {day(-1)}\n"
        f"status: active\ncheck_ins: [{day(-30)}]\n"
    )
    hashed = [person_hash(key.encode(), pid) for pid in ("youssef-mansour", "thandi-dlamini")]
    private = f"mentee: {hashed[0]}\nmentor: {hashed[1]}\nstarted: {day(-10)}\nends: {day(100)}\nstatus: active\n"
    rehearsal.commit(
        "Settings and two relationships",
        {
            "community.toml": REAL_SETTINGS,
            "relationships/aroha-ngata--daniel-okafor.yml": public,
            "relationships/r-private.yml": private,
            # the example's private relationship was hashed with a key nobody has
            **{f"relationships/{p.name}": None for p in (rehearsal.work / "relationships").glob("r-*.yml")},
        },
        author="ada-maintainer",
    )
    rehearsal.secrets["MENTOR_COMMONS_RELATIONSHIP_KEY"] = key

    jobs = rehearsal.run("nightly.yml", "schedule", {"schedule": "17 3 * * *"})
    assert jobs["relationships"].result == "success", failures(jobs)

    [issue] = [
        i for i in rehearsal.gh_state["items"].values() if i["title"] == "Mentorship: aroha-ngata and daniel-okafor"
    ]
    assert "agreed to work together" in issue["body"] and "/guidance/first-meeting/" in issue["body"]
    bodies = [c["body"] for c in issue["comments"]]
    assert [
        b.split(":")[2] for b in (line for text in bodies for line in text.splitlines() if "mentor-commons:" in line)
    ] == [
        "check-in",
        "ends-soon",
        "term-passed",
    ]
    assert "https://github.com/ada-org/mentors/issues/new?template=endorse.yml" in bodies[-1]
    [closing] = rehearsal.calls("pr", "create")
    assert closing["argv"][closing["argv"].index("--head") + 1] == "relationships/end-aroha-ngata--daniel-okafor"
    ended = rehearsal.git(
        rehearsal.origin,
        "show",
        "relationships/end-aroha-ngata--daniel-okafor:relationships/aroha-ngata--daniel-okafor.yml",
    )
    assert "status: ended" in ended and f"ended: {day(-1)}" in ended
    log = jobs["relationships"].log
    assert "youssef" not in log and "thandi" not in log and "1 message(s) for private relationships" in log

    created = len(rehearsal.calls("issue", "create"))
    again = rehearsal.run("nightly.yml", "schedule", {"schedule": "17 3 * * *"})
    assert again["relationships"].result == "success", failures(again)
    assert len(rehearsal.calls("pr", "create")) == 1 and len(rehearsal.calls("issue", "create")) == created
    assert [c["body"] for c in rehearsal.gh_state["items"][str(issue["number"])]["comments"]] == bodies


def introduction_body(mentee: str, mentor: str, public: bool) -> str:
    from matcher.intake import forms

    answers = {"profile_id": mentee, "mentor_id": mentor, "message": "I want to learn to run campaigns."}
    parts = []
    for q in forms.forms_by_name()["introduce"].questions:
        if q.kind == "ticks":
            answers[q.id] = f"- [{'X' if public else ' '}] {q.options[0][1]}"
        parts.append(f"### {q.label}\n\n{answers[q.id]}\n")
    return "\n".join(parts)


def settle(rehearsal: Rehearsal) -> None:
    """A fork's first step: its settings, and the files generated from them (forms, CODEOWNERS), committed together."""
    import subprocess
    import sys

    (rehearsal.work / "community.toml").write_text(REAL_SETTINGS, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "matcher", "generate"], cwd=rehearsal.work, check=True, capture_output=True)
    rehearsal.commit("Our community's settings", author="ada-maintainer")


def test_an_introduction_accepted_becomes_a_relationship_that_passes_check(rehearsal: Rehearsal) -> None:
    """Ask (intake), accept in public (introductions), then the bot's pull request passes every check job."""
    settle(rehearsal)
    body = introduction_body("ana-popescu", "thandi-dlamini", public=True)
    asked = rehearsal.issue("Introduction: thandi-dlamini", body, author="fictional-ana-popescu",
                            labels=("introduction",))  # fmt: skip
    jobs = rehearsal.run("intake.yml", "issues", asked)
    assert outcome(jobs) == {"convert": "success"}, failures(jobs)
    [told] = rehearsal.gh_state["items"]["1"]["comments"]
    assert "@fictional-thandi-dlamini: `ana-popescu` asks whether you would mentor them" in told["body"]
    assert rehearsal.calls("pr", "create") == []  # asking changes no file

    # someone else can't answer for the mentor
    jobs = rehearsal.run("introductions.yml", "issue_comment", rehearsal.comment(asked, "/accept", "mallory"))
    assert jobs["respond"].result == "success", failures(jobs)
    assert (
        "Only @fictional-thandi-dlamini (or a maintainer)" in rehearsal.gh_state["items"]["1"]["comments"][-1]["body"]
    )

    answer = rehearsal.comment(asked, "/accept public", "fictional-thandi-dlamini")
    jobs = rehearsal.run("introductions.yml", "issue_comment", answer)
    assert outcome(jobs) == {"respond": "success"}, failures(jobs)
    [created] = rehearsal.calls("pr", "create")
    branch = created["argv"][created["argv"].index("--head") + 1]
    assert branch == "relationships/new-ana-popescu--thandi-dlamini"
    recorded = rehearsal.git(rehearsal.origin, "show", f"{branch}:relationships/ana-popescu--thandi-dlamini.yml")
    assert "public: true" in recorded and "introduction: 1" in recorded and "status: active" in recorded

    event = rehearsal.pull_request(3, branch, author="github-actions[bot]")
    jobs = rehearsal.run("check.yml", "pull_request", event)
    assert outcome(jobs) == {"ownership": "success", "check": "success", "comment": "success"}, failures(jobs)
    assert (
        "recorded by the introductions workflow" not in jobs["ownership"].log or "::error" not in jobs["ownership"].log
    )


def test_a_declined_introduction_is_closed_and_nothing_is_recorded(rehearsal: Rehearsal) -> None:
    rehearsal.commit("Our community's settings", {"community.toml": REAL_SETTINGS}, author="ada-maintainer")
    body = introduction_body("ana-popescu", "thandi-dlamini", public=False)
    asked = rehearsal.issue("Introduction", body, author="fictional-ana-popescu", labels=("introduction",))
    answer = rehearsal.comment(asked, "/decline", "fictional-thandi-dlamini")
    jobs = rehearsal.run("introductions.yml", "issue_comment", answer)
    assert outcome(jobs) == {"respond": "success"}, failures(jobs)
    issue = rehearsal.gh_state["items"]["1"]
    assert issue["state"] == "CLOSED" and issue["state_reason"] == "not planned"
    assert "nothing about it is published" in issue["comments"][-1]["body"]
    assert rehearsal.calls("pr", "create") == []


def test_an_ordinary_comment_changes_nothing(rehearsal: Rehearsal) -> None:
    asked = rehearsal.issue("Join", JOIN_BODY, author="zora-n")
    jobs = rehearsal.run("introductions.yml", "issue_comment", rehearsal.comment(asked, "/thanks!", "zora-n"))
    assert outcome(jobs) == {"respond": "success"}, failures(jobs)
    assert rehearsal.calls("issue", "comment") == [] and rehearsal.calls("pr", "create") == []


def test_a_second_push_to_a_pull_request_renders_only_what_it_changed(rehearsal: Rehearsal) -> None:
    """The check job keeps its build in the pull request's own cache; the next push restores it, and
    `invoke build` renders again only the pages the new commit changed."""
    path, owner = someone_elses_profile(rehearsal)
    text = (rehearsal.work / path).read_text(encoding="utf-8")
    event = edit_as(rehearsal, owner, "own/headline", 9, {path: text.replace("headline:", "headline: Now,", 1)})
    first = rehearsal.run("check.yml", "pull_request", event)
    assert first["check"].result == "success", failures(first)
    assert len(rehearsal.caches) == 1 and next(iter(rehearsal.caches)).startswith("site-pr-9-")

    rehearsal.git(rehearsal.work, "switch", "--quiet", "--force-create", "own/headline", "origin/own/headline")
    rehearsal.commit("a second push", {path: text.replace("headline:", "headline: Later,", 1)}, author=owner)
    second = rehearsal.run("check.yml", "pull_request", rehearsal.pull_request(9, "own/headline", owner))
    assert second["check"].result == "success", failures(second)

    pages = r"published \(\d+ hidden as stale\), (\d+) pages written"
    written = [int(n) for n in re.findall(pages, second["check"].log)]
    cold = [int(n) for n in re.findall(pages, first["check"].log)]
    assert written and cold and len(written) == len(cold), second["check"].log[-3000:]
    assert all(0 < w < c / 5 for w, c in zip(written, cold, strict=True)), (written, cold)
    assert len(rehearsal.caches) == 2, "each push keeps its own build"
