"""The GitHub workflows and Dependabot's settings: valid for GitHub, clean under actionlint and zizmor
(pedantic too), pinned, least privilege, hash-checked installs, and the trust boundaries of `check`
(the job that judges ownership runs only the base branch's code; the jobs that run a pull
request's code can write nothing). What the workflows *do* is rehearsed in tests/rehearsal/."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
DEPENDABOT = GITHUB / "dependabot.yml"
BIN = Path(sys.executable).parent
BASE_SHA = "${{ github.event.pull_request.base.sha }}"

# Every job that may write, and what. Anything else gets read access at most.
WRITERS = {
    ("intake.yml", "convert"): {"contents", "pull-requests", "issues"},
    ("check.yml", "comment"): {"pull-requests"},
    ("nightly.yml", "deploy"): {"pages", "id-token"},
    ("nightly.yml", "stale"): {"issues"},
    ("nightly.yml", "relationships"): {"contents", "issues", "pull-requests"},
    ("introductions.yml", "respond"): {"contents", "issues", "pull-requests"},
}
# the one secret a workflow reads: the key that resolves private relationships, in the one step that needs it
SECRETS = {
    ("nightly.yml", "relationships"): {"MENTOR_COMMONS_RELATIONSHIP_KEY"},
    ("nightly.yml", "build"): {"MENTOR_COMMONS_RELATIONSHIP_KEY"},
    ("introductions.yml", "respond"): {"MENTOR_COMMONS_RELATIONSHIP_KEY"},
}


def tool(name: str) -> str:
    found = shutil.which(name) or str(BIN / name)
    if not Path(found).exists():
        pytest.fail(f"{name} is not installed: pip install --require-hashes -r requirements/test.txt")
    return found


def load(path: Path) -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # `on` stays a key
    return data


def workflow(name: str) -> dict[Any, Any]:
    return load(GITHUB / "workflows" / name)


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job.get("steps", []) if "run" in step]


def checkouts(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in job.get("steps", []) if s.get("uses", "").startswith("actions/checkout@")]


def test_the_workflows_exist() -> None:
    assert [p.name for p in WORKFLOWS] == [
        "canary.yml",
        "check.yml",
        "intake.yml",
        "introductions.yml",
        "nightly.yml",
        "test.yml",
    ]
    assert DEPENDABOT.exists()


def test_workflows_and_dependabot_pass_githubs_schemas() -> None:
    for schema, files in (("vendor.github-workflows", WORKFLOWS), ("vendor.dependabot", [DEPENDABOT])):
        result = subprocess.run(
            [tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_nothing() -> None:
    result = subprocess.run(
        [tool("actionlint"), "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=ROOT
    )
    assert (result.returncode, result.stdout) == (0, "")


@pytest.mark.parametrize("persona", ["regular", "pedantic"])
def test_zizmor_finds_nothing(persona: str) -> None:
    result = subprocess.run(
        [tool("zizmor"), "--offline", "--persona", persona, "--format", "json", *map(str, [*WORKFLOWS, DEPENDABOT])],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    findings = json.loads(result.stdout or "[]")
    assert findings == [], json.dumps(findings, indent=1)[:3000]


def test_actions_are_pinned_to_full_commit_shas_with_their_version_and_the_same_one_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                found = re.search(r"uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$", line)
                assert found, f"{path.name}: {line.strip()}"
                pins.setdefault(found.group(1), set()).add(found.group(2))
    assert {action: shas for action, shas in pins.items() if len(shas) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege_and_concurrency(path: Path) -> None:
    data = load(path)
    assert data["permissions"] == {}, "the workflow grants nothing; each job asks for what it needs"
    assert "group" in data["concurrency"]
    for name, job in data["jobs"].items():
        assert isinstance(job.get("permissions"), dict) and job["permissions"], f"{name}: explicit permissions"
        assert job.get("timeout-minutes"), f"{name}: a timeout"
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        assert writes == WRITERS.get((path.name, name), set()), f"{name} writes {sorted(writes)}"
        assert set(job["permissions"].values()) <= {"read", "write"}, f"{name}: {job['permissions']}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_inside_run_and_no_secrets(path: Path) -> None:
    """Untrusted text (an issue body, a branch name) reaches scripts only through the environment."""
    for step in steps(load(path)):
        assert "${{" not in step.get("run", ""), step.get("name")
    for name, job in load(path)["jobs"].items():
        read = {m for m in re.findall(r"secrets\.(\w+)", json.dumps(job))}
        assert read == SECRETS.get((path.name, name), set()), f"{name} reads secrets {sorted(read)}"
        for step in job.get("steps", []):
            if "secrets." in json.dumps(step):
                assert set(step) <= {"name", "id", "env", "run"} and "secrets." not in step["run"], step.get("name")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials(path: Path) -> None:
    for job in load(path)["jobs"].values():
        for step in checkouts(job):
            assert step["with"]["persist-credentials"] == "false"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_install_is_hash_checked_from_the_lock_except_the_canarys(path: Path) -> None:
    lines = [line for step in steps(load(path)) for line in step.get("run", "").splitlines()]
    installs = [line for line in lines if re.search(r"\bpip install\b", line)]
    assert installs, "every workflow installs something"
    if path.name == "canary.yml":
        assert any("--upgrade -e '.[test]'" in line for line in installs), installs
        assert not any("--require-hashes" in line for line in installs), "the canary tries the newest, unlocked"
        return
    for line in installs:
        assert re.search(r"pip install (--quiet )?--require-hashes -r requirements/(app|test)\.txt", line), line
        assert " -e " not in line


def test_the_canary_tries_the_newest_releases_weekly_with_a_read_only_token() -> None:
    canary = workflow("canary.yml")
    assert set(canary["on"]) == {"schedule", "workflow_dispatch"}
    for job in canary["jobs"].values():
        assert job["permissions"] == {"contents": "read"}
        assert any("invoke test" in script for script in runs(job))


def test_the_test_workflow_runs_the_readmes_test_command_and_lint() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if line.endswith("invoke test"))
    test = workflow("test.yml")
    assert set(test["on"]) == {"pull_request", "push"}
    assert test["on"]["push"]["branches"] == ["main"]
    scripts = [script.strip() for job in test["jobs"].values() for script in runs(job)]
    assert command in scripts
    assert ".venv/bin/invoke lint" in scripts
    assert any("/usr/bin/chromium" in s and "default-jre-headless" in s for s in scripts)


def test_every_task_and_command_a_workflow_calls_exists() -> None:
    listed = subprocess.run(
        [str(BIN / "invoke"), "--list", "--list-format", "json"], capture_output=True, text=True, cwd=ROOT
    )
    tasks = {t["name"] for t in json.loads(listed.stdout)["tasks"]}
    scripts = [step.get("run", "") for path in WORKFLOWS for step in steps(load(path))]
    called = {m.group(1) for script in scripts for m in re.finditer(r"\binvoke ([\w-]+)", script)}
    assert called >= {"intake", "validate", "generate", "match", "build", "pairs-diff", "stale", "test", "lint"}
    assert called - tasks == set(), f"workflows call tasks that tasks.py doesn't define: {sorted(called - tasks)}"
    commands = {m.group(1) for script in scripts for m in re.finditer(r"python -m matcher ([\w-]+)", script)}
    assert commands == {"ownership", "settings", "relationships"}
    for command in commands:
        result = subprocess.run(
            [sys.executable, "-m", "matcher", command, "--help"], capture_output=True, text=True, cwd=ROOT
        )
        assert result.returncode == 0, result.stderr


def test_intake_never_puts_the_issue_body_in_a_script() -> None:
    convert = next(s for s in steps(workflow("intake.yml")) if s.get("id") == "convert")
    assert convert["env"]["ISSUE_BODY"] == "${{ github.event.issue.body }}"
    assert '"$ISSUE_BODY"' in convert["run"]


def test_the_ownership_job_runs_only_the_base_branchs_code() -> None:
    """A pull request's tasks.py or matcher/ can't judge its own ownership: the job's code is the base's."""
    job = workflow("check.yml")["jobs"]["ownership"]
    code, *data = checkouts(job)
    assert "path" not in code["with"] and code["with"]["ref"] == BASE_SHA, "the workspace is the base branch"
    assert [d["with"]["ref"] for d in data] == ["${{ github.event.pull_request.head.sha }}"]
    elsewhere = {d["with"]["path"] for d in data}
    uses = {s["uses"].split("@")[0] for s in job["steps"] if "uses" in s}
    assert uses == {"actions/checkout", "actions/setup-python"}, "no other action touches the pull request"
    for step in job["steps"]:
        if "run" not in step:
            continue
        assert "working-directory" not in step and not re.search(r"\bcd\b|\binvoke\b|\./", step["run"]), step["run"]
        for line in step["run"].splitlines():
            for path in elsewhere:
                if path in line:  # the pull request's checkout is only ever a source of git objects
                    assert re.fullmatch(rf'\s*git fetch [-\w ]*{re.escape(path)} "\$HEAD_SHA"', line), line
    assert any("python -m matcher ownership" in s and "--repo ." in s for s in runs(job))


def test_the_jobs_that_check_out_a_pull_request_can_write_nothing() -> None:
    for path in WORKFLOWS:
        data = load(path)
        if "pull_request" not in data["on"]:
            continue
        for name, job in data["jobs"].items():
            if any(c["with"].get("ref", "") != BASE_SHA for c in checkouts(job)):
                assert "write" not in job["permissions"].values(), f"{path.name}: {name}"


def test_the_comment_job_only_posts_what_the_check_left() -> None:
    job = workflow("check.yml")["jobs"]["comment"]
    assert job["needs"] == "check" and job["permissions"] == {"pull-requests": "write"}
    assert [s.get("uses", "").split("@")[0] for s in job["steps"]] == ["actions/download-artifact", ""]
    assert [script.split()[:3] for script in runs(job)] == [["gh", "pr", "comment"]]


def test_nightly_refuses_placeholders_before_it_builds_at_the_address_pages_reports() -> None:
    data = workflow("nightly.yml")
    assert set(data["on"]) == {"schedule", "workflow_dispatch"}
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    build = data["jobs"]["build"]["steps"]
    order = [s.get("id") or s.get("uses", "").split("@")[0] or s["run"].split()[0:4] for s in build]
    pages = order.index("pages")
    refuse = next(i for i, s in enumerate(build) if "--check-publish" in s.get("run", ""))
    builds = next(i for i, s in enumerate(build) if "invoke build" in s.get("run", ""))
    upload = order.index("actions/upload-pages-artifact")
    assert pages < refuse < builds < upload
    for step in (build[refuse], build[builds]):
        assert step["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert '--siteurl "$SITEURL"' in build[refuse]["run"] and "--publish" in build[builds]["run"]
    assert data["jobs"]["deploy"]["needs"] == "build"


def test_nightly_matches_from_last_nights_matches() -> None:
    """matches.json is not committed: the build job takes last night's from its artifact before `invoke match`
    (which passes it as --previous), reading the artifacts and nothing more."""
    job = workflow("nightly.yml")["jobs"]["build"]
    steps = [s.get("run", "") for s in job["steps"]]
    fetch = next(i for i, run in enumerate(steps) if "gh run download" in run)
    match = next(i for i, run in enumerate(steps) if run.strip() == "invoke match")
    upload = next(i for i, s in enumerate(job["steps"]) if s.get("with", {}).get("name") == "match-report")
    assert fetch < match < upload
    assert "--name match-report" in steps[fetch] and "--workflow nightly.yml" in steps[fetch]
    assert "--status success" in steps[fetch]
    assert 'cp "$RUNNER_TEMP/last-night/matches.json" matches.json' in steps[fetch]
    assert job["steps"][upload]["with"]["path"].split() == ["match-report.md", "matches.json"]
    assert job["permissions"]["actions"] == "read"
    assert job["steps"][fetch]["env"] == {"GH_TOKEN": "${{ github.token }}"}


def test_a_pull_request_is_matched_from_its_base_branchs_result() -> None:
    """The check matches the base branch first, then the change with --previous at the base's result (as the
    nightly after a merge matches from last night's), and compares the two."""
    job = workflow("check.yml")["jobs"]["check"]
    runs = [s.get("run", "") for s in job["steps"]]
    base = next(i for i, run in enumerate(runs) if "(cd .base && invoke match)" in run)
    head = next(i for i, run in enumerate(runs) if "invoke match --previous .base/matches.json" in run)
    diff = next(i for i, run in enumerate(runs) if "invoke pairs-diff --base .base/matches.json" in run)
    assert base < head < diff
    assert "if [ -f .base/matches.json ]" in runs[head] and "invoke build" in runs[head]


def test_the_stale_job_edits_only_an_issue_the_bot_opened() -> None:
    script = runs(workflow("nightly.yml")["jobs"]["stale"])[-1]
    assert "--author app/github-actions" in script and '.author.login == "app/github-actions"' in script


def test_dependabot_proposes_grouped_weekly_updates_for_the_locks_and_the_actions() -> None:
    updates = load(DEPENDABOT)["updates"]
    assert {u["package-ecosystem"] for u in updates} == {"pip", "github-actions"}
    for update in updates:
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly"
        assert [g["patterns"] for g in update["groups"].values()] == [["*"]]


def test_no_workflow_runs_on_pull_request_target() -> None:
    """`pull_request_review` runs like `pull_request` (a fork gets a read-only token), never like `_target`."""
    triggers = {name for path in WORKFLOWS for name in load(path)["on"]}
    assert triggers == {
        "issues",
        "issue_comment",
        "pull_request",
        "pull_request_review",
        "push",
        "schedule",
        "workflow_dispatch",
    }


def test_the_comment_workflow_never_runs_pull_request_code() -> None:
    """`issue_comment` also fires on pull requests: the job skips them and checks out only the default branch."""
    flow = load(ROOT / ".github" / "workflows" / "introductions.yml")
    job = flow["jobs"]["respond"]
    assert "github.event.issue.pull_request == null" in job["if"]
    assert [s.get("with", {}).get("ref") for s in checkouts(job)] == [None]


def test_a_review_reruns_only_the_ownership_job() -> None:
    """An approval changes the ownership verdict; the jobs that run the pull request's code don't run again."""
    check = load(ROOT / ".github" / "workflows" / "check.yml")
    assert set(check["on"]["pull_request_review"]["types"]) == {"submitted", "dismissed"}
    assert "if" not in check["jobs"]["ownership"]
    assert check["jobs"]["check"]["if"] == "github.event_name == 'pull_request'"
    assert check["jobs"]["comment"]["needs"] == "check"


def test_the_check_job_builds_on_its_pull_requests_last_build_only() -> None:
    """The check job restores the site its pull request's last run built, so that `invoke build` renders only
    what a push changed; the cache key names the pull request, and nothing else is restored or saved."""
    job = workflow("check.yml")["jobs"]["check"]
    names = [s.get("uses", "").split("@")[0] or s.get("name", "") for s in job["steps"]]
    restore, build, save = (
        names.index("actions/cache/restore"),
        names.index("Match and build the site"),
        names.index("actions/cache/save"),
    )
    assert restore < build < save
    for index in (restore, save):
        given = job["steps"][index]["with"]
        assert given["key"] == "site-pr-${{ github.event.pull_request.number }}-${{ github.sha }}"
        assert given["path"].split() == ["output", ".output.build-state.json"]
    assert job["steps"][restore]["with"]["restore-keys"] == "site-pr-${{ github.event.pull_request.number }}-"
    assert names.count("actions/cache/restore") == names.count("actions/cache/save") == 1
    assert "actions/cache" not in names, "no cache saved behind the job's back (the combined action saves at its end)"
