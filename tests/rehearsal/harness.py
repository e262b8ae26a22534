"""An offline rehearsal of our GitHub workflows: every job's steps run here, in order, as a runner runs them.

A test tool, not a product. It takes the workflow files as they are and runs their `run:` steps
with bash (`-eo pipefail`, as GitHub does) in the runner's environment: GITHUB_WORKSPACE,
RUNNER_TEMP, GITHUB_REPOSITORY, GITHUB_EVENT_PATH (the event payload as JSON), GITHUB_OUTPUT,
GITHUB_ENV and GITHUB_STEP_SUMMARY, the workflow's, job's and step's `env:`, `working-directory:`
and `if:`, step outputs (`steps.X.outputs.Y`) and job outputs (`needs.X.outputs.Y`), jobs in
`needs` order. Git is real: a temporary repository made from this working tree is pushed to a
local bare repository that plays `origin`, pull requests are `refs/pull/N/head` and `.../merge` in
it, and `actions/checkout` is reproduced with git and the same inputs (`ref`, `path`,
`fetch-depth`). `gh` is a stand-in (gh.py) that answers from, and records into, a JSON state.

Its limits, on purpose:
- `actions/setup-python` does nothing: this project's virtualenv (the running interpreter's bin/)
  comes first on PATH. The install step `python -m pip install --require-hashes -r requirements/X`
  runs as `pip install --dry-run --no-index ...`: no network and nothing changes, but pip still
  reads the lock, refuses a line without a hash, and fails when the virtualenv is not what the
  lock says. Installing for real needs the network and minutes per job.
- The other actions are small stand-ins built from their documented inputs and outputs:
  upload/download-artifact copy to and from a folder, configure-pages answers the scenario's
  address, upload-pages-artifact and deploy-pages are recorded. Any other action fails.
- Expressions: only what our workflows use (github, steps, needs and runner contexts, string and
  number literals, == != && || ! and parentheses, success() failure() always() cancelled(),
  startsWith() contains()). Anything else raises NotRehearsed.
- Jobs run one after another on this machine, not on fresh virtual machines in parallel. Not
  reproduced: matrix, services, containers, shells other than bash, continue-on-error, timeouts,
  concurrency groups, environment protection rules, a fork's read-only token, apt-get. test.yml
  and canary.yml are not rehearsed: they run the test suite this rehearsal belongs to.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tests.rehearsal.expressions import NotRehearsed, condition, render

ROOT = Path(__file__).resolve().parents[2]
GH = Path(__file__).resolve().parent / "gh.py"
INSTALL = re.compile(r"python -m pip install (--quiet )?--require-hashes -r requirements/\w+\.txt")


@dataclass
class Step:
    name: str
    outcome: str  # success, failure or skipped
    log: str = ""
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class Job:
    name: str
    result: str  # success, failure or skipped
    steps: list[Step] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    summary: str = ""

    @property
    def log(self) -> str:
        return "\n".join(f"## {s.name} [{s.outcome}]\n{s.log}" for s in self.steps)


@dataclass
class _Place:
    """Where one job runs: its workspace and RUNNER_TEMP, its contexts, and its environment so far."""

    workspace: Path
    temp: Path
    contexts: dict[str, Any]
    env: dict[str, str] = field(default_factory=dict)


def _file_commands(path: Path) -> dict[str, str]:
    """`name=value` lines and `name<<DELIMITER` blocks, as GITHUB_OUTPUT and GITHUB_ENV hold them."""
    found: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            found[name] = "\n".join(block)
        elif "=" in line:
            name, value = line.split("=", 1)
            found[name] = value
    return found


class Rehearsal:
    """A repository with a bare `origin`, a GitHub stand-in, and `run()` for one workflow and event."""

    def __init__(self, tmp: Path, repository: str = "ada-org/mentors", base_url: str = "") -> None:
        self.tmp, self.repository = tmp, repository
        owner, name = repository.split("/")
        self.base_url = base_url or f"https://{owner}.github.io/{name}"
        self.origin, self.work = tmp / "origin.git", tmp / "clone"
        self.artifacts, self.ref = tmp / "artifacts", "refs/heads/main"
        self.pages: Path | None = None  # what upload-pages-artifact was given, copied
        self.deployments: list[Path] = []
        self.caches: dict[str, Path] = {}  # actions/cache/save: key -> what was kept, in the order saved
        self.secrets: dict[str, str] = {}  # the repository's Actions secrets; a missing one reads as ""
        self.bin, self.home, self.state = tmp / "bin", tmp / "home", tmp / "github.json"
        for folder in (self.bin, self.home, self.artifacts):
            folder.mkdir(parents=True)
        (self.bin / "gh").write_text(f'#!/bin/sh\nexec "{sys.executable}" "{GH}" "$@"\n', encoding="utf-8")
        (self.bin / "gh").chmod(0o755)
        self.state.write_text(json.dumps({"repository": repository, "items": {}, "tokens": {}, "calls": []}))
        # this working tree as it is (tracked and new files), as one commit on main
        files = self.git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
        for name in filter(None, files):
            if (ROOT / name).is_file():
                (self.work / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, self.work / name)
        self.git(tmp, "init", "--quiet", "--bare", "--initial-branch=main", str(self.origin))
        self.git(self.work, "init", "--quiet", "--initial-branch=main")
        self.git(self.work, "remote", "add", "origin", self.origin.as_uri())
        self.commit("The project as it is", author="ada-maintainer")

    # -- setting the scene --

    def git(self, cwd: Path, *args: str, author: str = "rehearsal") -> str:
        env = {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": f"{author}@users.noreply.github.com"}
        env |= {"GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": f"{author}@users.noreply.github.com"}
        env |= {"HOME": str(self.home), "GIT_CONFIG_NOSYSTEM": "1", "PATH": os.environ["PATH"]}
        done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"git {' '.join(args)}: {done.stderr}")
        return done.stdout.strip()

    def commit(self, message: str, files: dict[str, str | None] | None = None, author: str = "rehearsal") -> str:
        """Write (or, with None, remove) files in the clone, commit them, push the branch; the new sha."""
        for name, content in (files or {}).items():
            path = self.work / name
            if content is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
        self.git(self.work, "add", "--all")
        self.git(self.work, "commit", "--quiet", "--allow-empty", "-m", message, author=author)
        self.git(self.work, "push", "--quiet", "--force", "origin", "HEAD")
        return self.git(self.work, "rev-parse", "HEAD")

    def branch(self, name: str, base: str = "main") -> None:
        self.git(self.work, "switch", "--quiet", "--force-create", name, f"origin/{base}" if base != name else base)

    def issue(
        self, title: str, body: str, author: str, bot: bool = False, labels: tuple[str, ...] = ()
    ) -> dict[str, Any]:
        """An open issue, in GitHub's state and as the payload of its `issues` event."""
        state = json.loads(self.state.read_text())
        number = max(map(int, state["items"]), default=0) + 1
        login = f"app/{author}" if bot else author
        state["items"][str(number)] = {
            "number": number,
            "is_pr": False,
            "title": title,
            "body": body,
            "author": login,
            "state": "OPEN",
            "labels": list(labels),
            "comments": [],
            "url": f"https://github.com/{self.repository}/issues/{number}",
        }
        self.state.write_text(json.dumps(state))
        user = {"login": f"{author}[bot]" if bot else author, "type": "Bot" if bot else "User"}
        issue = {"number": number, "title": title, "body": body, "state": "open", "user": user}
        issue["labels"] = [{"name": label} for label in labels]
        return {"action": "opened", "issue": issue, "repository": {"full_name": self.repository}}

    def pull_request(self, number: int, branch: str, author: str, base: str = "main") -> dict[str, Any]:
        """refs/pull/N/head and refs/pull/N/merge in origin, and the payload of the `pull_request` event."""
        head = self.git(self.origin, "rev-parse", f"refs/heads/{branch}")
        base_sha = self.git(self.origin, "rev-parse", f"refs/heads/{base}")
        self.git(self.work, "fetch", "--quiet", "origin")
        self.git(self.work, "switch", "--quiet", "--detach", base_sha)
        self.git(self.work, "merge", "--quiet", "--no-ff", "-m", f"Merge {head} into {base_sha}", head)
        # (GitHub moves both refs on every push, the merge one to a new merge commit: forced, as here)
        self.git(self.work, "push", "--quiet", "--force", "origin", f"{head}:refs/pull/{number}/head")
        self.git(self.work, "push", "--quiet", "--force", "origin", f"HEAD:refs/pull/{number}/merge")
        repo = {"full_name": self.repository}
        self._register_pr(number, branch, author)
        return {
            "action": "opened",
            "number": number,
            "pull_request": {
                "number": number,
                "user": {"login": author},
                "head": {"ref": branch, "sha": head, "repo": repo},
                "base": {"ref": base, "sha": base_sha, "repo": repo},
            },
            "repository": repo,
        }

    def comment(self, event: dict[str, Any], body: str, author: str) -> dict[str, Any]:
        """A comment on the issue of ``event``, kept by GitHub, and the payload of its `issue_comment` event."""
        state = json.loads(self.state.read_text())
        entry = state["items"][str(event["issue"]["number"])]
        entry["comments"].append({"id": len(entry["comments"]) + 1, "author": author, "body": body})
        self.state.write_text(json.dumps(state))
        comment = {"body": body, "user": {"login": author, "type": "User"}}
        return {"action": "created", "issue": event["issue"], "comment": comment, "repository": event["repository"]}

    def review(self, event: dict[str, Any], reviewer: str, verdict: str = "APPROVED") -> dict[str, Any]:
        """A review of the pull request of ``event``, kept by GitHub, and the `pull_request_review` payload."""
        pr = event["pull_request"]
        self._register_pr(pr["number"], pr["head"]["ref"], pr["user"]["login"])
        state = json.loads(self.state.read_text())
        review = {"user": {"login": reviewer}, "state": verdict, "commit_id": pr["head"]["sha"]}
        state["items"][str(pr["number"])].setdefault("reviews", []).append(review)
        self.state.write_text(json.dumps(state))
        return {**event, "action": "submitted", "review": {**review, "state": verdict.lower()}}

    def _register_pr(self, number: int, branch: str, author: str) -> None:
        """The pull request as GitHub keeps it (once), so that `gh` calls about it find it."""
        state = json.loads(self.state.read_text())
        state["items"].setdefault(
            str(number),
            {
                "number": number,
                "is_pr": True,
                "head": branch,
                "title": "",
                "body": "",
                "author": author,
                "state": "OPEN",
                "comments": [],
                "url": f"https://github.com/{self.repository}/pull/{number}",
            },
        )
        self.state.write_text(json.dumps(state))

    # -- what happened --

    @property
    def gh_state(self) -> dict[str, Any]:
        """GitHub as the stand-in left it: items (issues and pull requests), tokens, and every call."""
        state: dict[str, Any] = json.loads(self.state.read_text())
        return state

    def calls(self, *prefix: str) -> list[dict[str, Any]]:
        """The `gh` calls whose argv starts with `prefix`."""
        return [c for c in self.gh_state["calls"] if c["argv"][: len(prefix)] == list(prefix)]

    # -- the run --

    def run(self, workflow: str, event_name: str, event: dict[str, Any]) -> dict[str, Job]:
        """Play `event` through `workflow` (read from the clone): every job, in `needs` order."""
        spec = yaml.load((self.work / ".github/workflows" / workflow).read_text(), Loader=yaml.BaseLoader)
        event_path = self.tmp / f"event-{workflow}-{getattr(self, 'runs', 0) + 1}.json"
        event_path.write_text(json.dumps(event))
        pull = event_name in ("pull_request", "pull_request_review")
        self.ref = f"refs/pull/{event['number']}/merge" if pull else "refs/heads/main"
        self.runs = getattr(self, "runs", 0) + 1  # each run its own jobs' folders and artifacts, as on GitHub
        self.artifacts = self.tmp / f"run-{self.runs}" / "artifacts"
        self.artifacts.mkdir(parents=True)
        owner, sha = self.repository.split("/")[0], self.git(self.origin, "rev-parse", self.ref)
        github = {"event": event, "event_name": event_name, "repository": self.repository, "ref": self.ref}
        github |= {"repository_owner": owner, "sha": sha}
        env = {"GITHUB_EVENT_NAME": event_name, "GITHUB_EVENT_PATH": str(event_path), "GITHUB_REF": self.ref}
        env |= {"GITHUB_REF_NAME": self.ref.removeprefix("refs/heads/").removeprefix("refs/pull/")}
        env |= {"GITHUB_REPOSITORY": self.repository, "GITHUB_REPOSITORY_OWNER": owner, "GITHUB_SHA": sha}
        env |= {k: render(v, {"github": github}) for k, v in spec.get("env", {}).items()}
        jobs: dict[str, Job] = {}
        pending = dict(spec["jobs"])
        while pending:
            name = next(n for n, j in pending.items() if set(_listed(j.get("needs"))) <= set(jobs))
            jobs[name] = self._job(name, pending.pop(name), github, env, jobs)
        # the finished run, for `gh run list` and `gh run download` in the runs that follow
        state = self.gh_state
        failed = any(job.result == "failure" for job in jobs.values())
        branch = env["GITHUB_REF_NAME"]
        state.setdefault("runs", []).append(
            {"databaseId": self.runs, "workflowName": workflow, "headBranch": branch,
             "conclusion": "failure" if failed else "success", "artifacts": str(self.artifacts)}
        )  # fmt: skip
        self.state.write_text(json.dumps(state))
        return jobs

    def _job(self, name: str, spec: dict[str, Any], github: dict[str, Any], env: dict[str, str],
             done: dict[str, Job]) -> Job:  # fmt: skip
        needs = {n: {"result": done[n].result, "outputs": done[n].outputs} for n in _listed(spec.get("needs"))}
        token = self._token(spec.get("permissions", {}))
        contexts: dict[str, Any] = {"github": github | {"token": token}, "needs": needs, "steps": {}}
        contexts["secrets"] = _Secrets(self.secrets)
        if not condition(spec.get("if", ""), contexts, any(n["result"] != "success" for n in needs.values())):
            return Job(name, "skipped")
        folder = self.tmp / f"run-{self.runs}" / "jobs" / name
        place = _Place(folder / "workspace", folder / "temp", contexts)
        place.workspace.mkdir(parents=True)
        place.temp.mkdir(parents=True)
        contexts["runner"] = {"temp": str(place.temp), "os": "Linux"}
        place.env = {
            "PATH": f"{self.bin}:{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home), "LANG": "C.UTF-8", "CI": "true", "GITHUB_ACTIONS": "true", "RUNNER_OS": "Linux",
            "GITHUB_WORKSPACE": str(place.workspace), "RUNNER_TEMP": str(place.temp),
            "GH_REHEARSAL_STATE": str(self.state), "GIT_CONFIG_NOSYSTEM": "1",
            **{k: v for k, v in os.environ.items() if k.startswith(("OPENBLAS_", "TMPDIR"))},
            **env,
            **{k: render(v, contexts) for k, v in spec.get("env", {}).items()},
        }  # fmt: skip
        job = Job(name, "success")
        for index, step in enumerate(spec["steps"]):
            label = step.get("name") or step.get("uses") or step["run"].splitlines()[0]
            unknown = set(step) - {"name", "id", "if", "env", "run", "uses", "with", "working-directory"}
            if unknown:
                raise NotRehearsed(f"{name}: {label}: the rehearsal doesn't model {sorted(unknown)}")
            if not condition(step.get("if", ""), contexts, job.result == "failure"):
                ran = Step(label, "skipped")
            elif "uses" in step:
                ran = self._action(label, step["uses"], step.get("with", {}), place)
            else:
                ran = self._script(label, step, place, index)
                job.summary += (place.temp / f"_summary_{index}").read_text()
            job.steps.append(ran)
            contexts["steps"][step.get("id", f"__{index}")] = {
                "outcome": ran.outcome,
                "conclusion": ran.outcome,
                "outputs": ran.outputs,
            }
            job.result = "failure" if ran.outcome == "failure" else job.result
        job.outputs = {k: render(v, contexts) for k, v in spec.get("outputs", {}).items()}
        return job

    def _token(self, permissions: dict[str, str]) -> str:
        """A token for one job, which the `gh` stand-in knows by its permissions."""
        state = self.gh_state
        token = f"ghs_rehearsal_{len(state['tokens'])}"
        state["tokens"][token] = permissions
        self.state.write_text(json.dumps(state))
        return token

    def _script(self, label: str, step: dict[str, Any], place: _Place, index: int) -> Step:
        script = step["run"]
        if INSTALL.search(script):  # see the module's docstring
            script = INSTALL.sub(lambda m: m.group(0).replace("install", "install --dry-run --no-index", 1), script)
        files = {name: place.temp / f"_{name}_{index}" for name in ("output", "env", "summary", "script.sh")}
        for path in files.values():
            path.write_text("")
        files["script.sh"].write_text(script)
        env = place.env | {k: render(v, place.contexts) for k, v in step.get("env", {}).items()}
        env |= {"GITHUB_OUTPUT": str(files["output"]), "GITHUB_ENV": str(files["env"])}
        env |= {"GITHUB_STEP_SUMMARY": str(files["summary"])}
        cwd = place.workspace / render(step.get("working-directory", "."), place.contexts)
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(files["script.sh"])],
            cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900,
        )  # fmt: skip
        place.env |= _file_commands(files["env"])  # for the steps after this one
        outcome = "success" if done.returncode == 0 else "failure"
        return Step(label, outcome, done.stdout, _file_commands(files["output"]))

    def _action(self, label: str, uses: str, given: dict[str, str], place: _Place) -> Step:
        action = uses.split("@")[0]
        inputs = {k: render(v, place.contexts) for k, v in given.items()}
        stand_in = getattr(self, "_" + action.removeprefix("actions/").replace("-", "_").replace("/", "_"), None)
        if not action.startswith("actions/") or stand_in is None:
            raise NotRehearsed(f"the rehearsal has no stand-in for {action}")
        try:
            outputs = stand_in(inputs, place.workspace)
        except RuntimeError as failed:
            return Step(label, "failure", str(failed))
        return Step(label, "success", f"{action} {json.dumps(inputs)}", outputs or {})

    # -- the actions' stand-ins: (inputs, workspace) -> outputs --

    def _checkout(self, inputs: dict[str, str], workspace: Path) -> None:
        dest = workspace / inputs.get("path", ".")
        dest.mkdir(parents=True, exist_ok=True)
        ref, depth = inputs.get("ref") or self.ref, int(inputs.get("fetch-depth", "1"))
        self.git(dest, "init", "--quiet")
        self.git(dest, "remote", "add", "origin", self.origin.as_uri())
        if depth == 0:
            self.git(dest, "fetch", "--quiet", "--tags", "origin", "+refs/heads/*:refs/remotes/origin/*")
        self.git(dest, "fetch", "--quiet", "--no-tags", *([f"--depth={depth}"] if depth else []), "origin", ref)
        branch = ref.removeprefix("refs/heads/") if ref.startswith("refs/heads/") else None
        self.git(dest, "checkout", "--quiet", *(["-B", branch] if branch else ["--detach"]), "FETCH_HEAD")

    def _setup_python(self, inputs: dict[str, str], workspace: Path) -> None:
        pass  # the running interpreter's virtualenv is first on PATH

    def _upload_artifact(self, inputs: dict[str, str], workspace: Path) -> None:
        paths = [workspace / p.strip() for p in inputs["path"].splitlines() if p.strip()]
        files = [f for p in paths for f in ([p] if p.is_file() else sorted(p.rglob("*")) if p.is_dir() else [])]
        if not files and inputs.get("if-no-files-found", "warn") == "error":
            raise RuntimeError(f"No files were found with the provided path: {inputs['path']}")
        root = Path(os.path.commonpath([p if p.is_dir() else p.parent for p in paths if p.exists()] or [workspace]))
        for file in (f for f in files if f.is_file()):
            target = self.artifacts / inputs.get("name", "artifact") / file.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, target)

    def _download_artifact(self, inputs: dict[str, str], workspace: Path) -> None:
        source = self.artifacts / inputs["name"]
        if not source.is_dir():
            raise RuntimeError(f"Unable to download artifact(s): Artifact not found for name: {inputs['name']}")
        shutil.copytree(source, workspace / inputs.get("path", "."), dirs_exist_ok=True)

    def _cache_restore(self, inputs: dict[str, str], workspace: Path) -> dict[str, str]:
        """The newest saved cache whose key is the key, else starts with a restore key (as GitHub looks)."""
        wanted = [inputs["key"], *(k.strip() for k in inputs.get("restore-keys", "").splitlines() if k.strip())]
        for prefix in wanted:
            exact = prefix == inputs["key"]
            found = [k for k in reversed(self.caches) if k == prefix or (not exact and k.startswith(prefix))]
            if found:
                shutil.copytree(self.caches[found[0]], workspace, dirs_exist_ok=True, symlinks=True)
                return {"cache-hit": str(found[0] == inputs["key"]).lower(), "cache-matched-key": found[0]}
        return {"cache-hit": "false"}

    def _cache_save(self, inputs: dict[str, str], workspace: Path) -> None:
        """Keep the paths under the key; a key already saved is not saved again (as on GitHub)."""
        if inputs["key"] in self.caches:
            return
        kept = self.tmp / "caches" / str(len(self.caches))
        for name in (p.strip() for p in inputs["path"].splitlines() if p.strip()):
            source = workspace / name
            if source.is_dir():
                shutil.copytree(source, kept / name, symlinks=True)
            elif source.is_file():
                (kept / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, kept / name)
        self.caches[inputs["key"]] = kept

    def _configure_pages(self, inputs: dict[str, str], workspace: Path) -> dict[str, str]:
        origin, _, path = self.base_url.partition("://")[2].partition("/")
        return {
            "base_url": self.base_url,
            "origin": self.base_url.removesuffix("/" + path) if path else self.base_url,
            "host": origin,
            "base_path": f"/{path}" if path else "",
        }

    def _upload_pages_artifact(self, inputs: dict[str, str], workspace: Path) -> None:
        source = workspace / inputs.get("path", "_site/")
        if not source.is_dir():
            raise RuntimeError(f"tar: {source}: Cannot open: No such file or directory")
        self.pages = self.artifacts / "github-pages"
        shutil.copytree(source, self.pages)

    def _deploy_pages(self, inputs: dict[str, str], workspace: Path) -> dict[str, str]:
        if self.pages is None:
            raise RuntimeError("Fetching artifact metadata failed: no artifact named github-pages")
        self.deployments.append(self.pages)
        return {"page_url": self.base_url + "/"}


class _Secrets(dict[str, str]):
    """`secrets.X`: what the scenario set, else "" (as on GitHub, where a missing secret is empty)."""

    def get(self, key: str, default: Any = None) -> str:  # type: ignore[override]
        return super().get(key, "")


def _listed(value: Any) -> list[str]:
    return [] if value is None else [value] if isinstance(value, str) else list(value)
