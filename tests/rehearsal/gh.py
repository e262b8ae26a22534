"""A stand-in for the GitHub CLI, for the workflow rehearsal: `gh` on the rehearsal's PATH runs this.

It answers the calls our workflows make from a JSON state file ($GH_REHEARSAL_STATE: the repository,
its issues and pull requests, the tokens the jobs hold and their permissions) and records every
call in that file (argv, and the content of any --body-file), as GitHub would answer them:
a missing GH_TOKEN, a token without the permission a call needs, an unknown issue or branch, and
any flag or command it doesn't know all fail, loudly. `--jq` goes through the system's jq.
Not GitHub: no search syntax beyond a quoted phrase `in:title`, no pagination, no rate limits.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

BOT = "app/github-actions"
VALUED = {"--repo", "-R", "--json", "--jq", "-q", "--body", "-b", "--body-file", "-F", "--title", "-t", "--head"}
VALUED |= {"-H", "--base", "-B", "--state", "-s", "--author", "-A", "--search", "-S", "--limit", "-L", "--label", "-l"}
VALUED |= {"--reason", "-r", "--workflow", "--branch", "--status", "--name", "--dir"}
FLAGS = {"--edit-last", "--create-if-none", "--paginate"}
ALIASES = {"-R": "--repo", "-q": "--jq", "-b": "--body", "-F": "--body-file", "-t": "--title", "-H": "--head"}
ALIASES |= {"-B": "--base", "-s": "--state", "-A": "--author", "-S": "--search", "-L": "--limit", "-l": "--label"}
# what each call needs of the job's token (any one of them); read is implied by write
NEEDS = {
    ("auth", "setup-git"): [],
    ("issue", "view"): [("issues", "read")],
    ("issue", "list"): [("issues", "read")],
    ("issue", "comment"): [("issues", "write")],
    ("issue", "edit"): [("issues", "write")],
    ("issue", "create"): [("issues", "write")],
    ("issue", "close"): [("issues", "write")],
    ("pr", "view"): [("pull-requests", "read")],
    ("pr", "list"): [("pull-requests", "read")],
    ("pr", "create"): [("pull-requests", "write")],
    ("pr", "comment"): [("pull-requests", "write"), ("issues", "write")],
    ("pr", "edit"): [("pull-requests", "write")],
    ("api", "reviews"): [("pull-requests", "read")],
    ("run", "list"): [("actions", "read")],
    ("run", "download"): [("actions", "read")],
}
REVIEWS = re.compile(r"^repos/([^/]+/[^/]+)/pulls/(\d+)/reviews$")


class Refused(Exception):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def parse(argv: list[str]) -> tuple[list[str], dict[str, Any]]:
    positional: list[str] = []
    options: dict[str, Any] = {}
    args = iter(argv)
    for arg in args:
        name, _, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in VALUED:
            options[ALIASES.get(name, name)] = inline or next(args)
        elif name in FLAGS:
            options[name] = True
        elif arg.startswith("-"):
            raise Refused(f"rehearsal gh: unknown flag {arg!r}: teach tests/rehearsal/gh.py about it", 2)
        else:
            positional.append(arg)
    return positional, options


def permitted(state: dict[str, Any], command: tuple[str, str]) -> None:
    if command not in NEEDS:
        raise Refused(f"rehearsal gh: unknown command `gh {' '.join(command)}`", 2)
    token = os.environ.get("GH_TOKEN") or os.environ.get("GITHUB_TOKEN")
    if not token:
        raise Refused("gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable.", 4)
    granted = state["tokens"].get(token)
    if granted is None:
        raise Refused("HTTP 401: Bad credentials (https://api.github.com/graphql)")
    rank = {"read": 1, "write": 2}
    if NEEDS[command] and not any(rank.get(granted.get(s, ""), 0) >= rank[lvl] for s, lvl in NEEDS[command]):
        raise Refused(f"HTTP 403: Resource not accessible by integration ({' or '.join(map(str, NEEDS[command]))})")


def repository(state: dict[str, Any], options: dict[str, Any]) -> None:
    repo = options.get("--repo") or os.environ.get("GH_REPO")
    if repo is None:
        inside = subprocess.run(["git", "rev-parse", "--git-dir"], capture_output=True).returncode == 0
        if not inside:
            raise Refused("failed to run git: fatal: not a git repository (or any of the parent directories): .git")
        repo = state["repository"]
    if repo != state["repository"]:
        raise Refused(f"GraphQL: Could not resolve to a Repository with the name '{repo}'.")


def body(options: dict[str, Any], call: dict[str, Any]) -> str:
    if "--body-file" in options:
        path = options["--body-file"]
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        call["files"][path] = text
        return text
    if "--body" in options:
        return str(options["--body"])
    raise Refused("rehearsal gh: give --body or --body-file", 2)


def item(state: dict[str, Any], number: str, kind: str) -> dict[str, Any]:
    found = state["items"].get(number)
    if found is None or (kind == "pr") != found["is_pr"]:
        what = "pull request" if kind == "pr" else "issue"
        raise Refused(f"GraphQL: Could not resolve to an {what} with the number of {number}. (repository.{kind})")
    return dict(found)


def new_item(state: dict[str, Any], **fields: Any) -> dict[str, Any]:
    number = str(max(map(int, state["items"]), default=0) + 1)
    kind = "pull" if fields.get("is_pr") else "issues"
    url = f"https://github.com/{state['repository']}/{kind}/{number}"
    entry = {"number": int(number), "url": url, "state": "OPEN", "author": BOT, "comments": [], **fields}
    state["items"][number] = entry
    return entry


def comment(state: dict[str, Any], number: str, kind: str, options: dict[str, Any], call: dict[str, Any]) -> str:
    entry = state["items"][str(item(state, number, kind)["number"])]
    text = body(options, call)
    mine = [c for c in entry["comments"] if c["author"] == BOT]
    if options.get("--edit-last"):
        if mine:
            mine[-1]["body"] = text
            return f"{entry['url']}#issuecomment-{mine[-1]['id']}"
        if not options.get("--create-if-none"):
            raise Refused("no comments found for current user")
    entry["comments"].append({"id": len(entry["comments"]) + 1, "author": BOT, "body": text})
    return f"{entry['url']}#issuecomment-{len(entry['comments'])}"


def view(entry: dict[str, Any], options: dict[str, Any]) -> str:
    """The fields --json asks for, through --jq when given (as gh does: strings printed raw)."""
    fields = options.get("--json", "").split(",")

    def record(e: dict[str, Any]) -> dict[str, Any]:
        return {f: {"login": e[f], "is_bot": e[f] == BOT} if f == "author" else e.get(f) for f in fields}

    data = [record(e) for e in entry["list"]] if "list" in entry else record(entry)
    return jq(data, options)


def reviews(state: dict[str, Any], path: str, options: dict[str, Any]) -> str:
    """`gh api repos/OWNER/REPO/pulls/N/reviews`: the reviews GitHub keeps, as its REST API lists them."""
    found = REVIEWS.match(path)
    if not found or found.group(1) != state["repository"]:
        raise Refused(f"rehearsal gh: `gh api {path}` is not rehearsed", 2)
    listed = item(state, found.group(2), "pr").get("reviews", [])
    return jq(listed, options)


def download(state: dict[str, Any], run_id: str, options: dict[str, Any]) -> str:
    """`gh run download ID --name NAME --dir DIR`: one artifact of a finished run, its files into DIR."""
    run = next((r for r in state.get("runs", []) if str(r["databaseId"]) == run_id), None)
    if run is None:
        raise Refused(f"HTTP 404: Not Found (https://api.github.com/repos/{state['repository']}/actions/runs/{run_id})")
    if "--name" not in options:
        raise Refused("rehearsal gh: give --name (every artifact at once is not rehearsed)", 2)
    source = Path(run["artifacts"]) / options["--name"]
    if not source.is_dir():
        raise Refused("no artifact matches any of the names or patterns provided")
    shutil.copytree(source, Path(options.get("--dir", ".")), dirs_exist_ok=True)
    return ""


def jq(data: Any, options: dict[str, Any]) -> str:
    if "--jq" not in options:
        return json.dumps(data)
    if shutil.which("jq") is None:
        raise Refused("rehearsal gh: --jq needs jq on PATH (Debian: apt-get install jq)", 2)
    result = subprocess.run(["jq", "-r", options["--jq"]], input=json.dumps(data), capture_output=True, text=True)
    if result.returncode:
        raise Refused(f"rehearsal gh: jq failed: {result.stderr.strip()}")
    return result.stdout.rstrip("\n")


def answer(state: dict[str, Any], argv: list[str], call: dict[str, Any]) -> str:
    positional, options = parse(argv)
    kind, verb, *rest = [*positional, "", ""]
    if kind == "api":
        permitted(state, ("api", "reviews"))
        return reviews(state, verb, options)
    command = kind, verb
    permitted(state, command)
    if command == ("auth", "setup-git"):
        return ""
    repository(state, options)
    target = rest[0]
    if kind == "run" and verb == "list":  # newest first, as gh lists them; the rehearsal's finished runs only
        found = [
            r
            for r in reversed(state.get("runs", []))
            if options.get("--workflow", r["workflowName"]) == r["workflowName"]
            and options.get("--branch", r["headBranch"]) == r["headBranch"]
            and options.get("--status", r["conclusion"]) == r["conclusion"]
        ]
        return view({"list": found[: int(options.get("--limit", 20))]}, options)
    if kind == "run" and verb == "download":
        return download(state, target, options)
    if verb == "view" and kind == "issue":
        return view(item(state, target, "issue"), options)
    if verb == "view":  # a pull request by number or by its head branch
        prs = [e for e in state["items"].values() if e["is_pr"] and target in (str(e["number"]), e["head"])]
        if not prs:
            raise Refused(f'no pull requests found for branch "{target}"')
        return view(prs[-1], options)
    if verb == "comment":
        return comment(state, target, kind, options, call)
    if verb == "list" and kind == "pr":
        wanted = options.get("--state", "open").upper()
        found = [
            e
            for e in state["items"].values()
            if e["is_pr"] and wanted in (e["state"], "ALL") and options.get("--head", e["head"]) == e["head"]
        ]
        return view({"list": found}, options)
    if verb == "list":
        phrase = options.get("--search", "").partition('"')[2].partition('"')[0].lower()
        wanted = options.get("--state", "open").upper()
        found = [
            e
            for e in state["items"].values()
            if not e["is_pr"]
            and wanted in (e["state"], "ALL")
            and options.get("--author", e["author"]) == e["author"]
            and options.get("--label", "") in ("", *e.get("labels", []))
            and phrase in e["title"].lower()
        ]
        return view({"list": found}, options)
    if verb == "close" and kind == "issue":
        entry = state["items"][str(item(state, target, "issue")["number"])]
        entry["state"] = "CLOSED"
        entry["state_reason"] = options.get("--reason", "completed")
        return ""
    if verb == "edit" and kind == "pr":
        prs = [e for e in state["items"].values() if e["is_pr"] and target in (str(e["number"]), e["head"])]
        if not prs:
            raise Refused(f'no pull requests found for branch "{target}"')
        entry = state["items"][str(prs[-1]["number"])]
        entry.update({k: v for k, v in (("title", options.get("--title")),) if v})
        if "--body-file" in options or "--body" in options:
            entry["body"] = body(options, call)
        return str(entry["url"])
    if verb == "edit":
        state["items"][str(item(state, target, "issue")["number"])]["body"] = body(options, call)
        return f"https://github.com/{state['repository']}/issues/{target}"
    if verb == "create" and kind == "issue":
        return str(new_item(state, is_pr=False, title=options["--title"], body=body(options, call))["url"])
    if verb == "create":
        head = options["--head"]
        if any(e["is_pr"] and e["head"] == head and e["state"] == "OPEN" for e in state["items"].values()):
            raise Refused(f'a pull request for branch "{head}" into branch "main" already exists')
        return str(new_item(state, is_pr=True, head=head, title=options["--title"], body=body(options, call))["url"])
    raise Refused(f"rehearsal gh: `gh {kind} {verb}` is not rehearsed", 2)


def main(argv: list[str]) -> int:
    path = Path(os.environ["GH_REHEARSAL_STATE"])
    state = json.loads(path.read_text(encoding="utf-8"))
    call: dict[str, Any] = {"argv": argv, "files": {}}
    try:
        out, code = answer(state, argv, call), 0
    except Refused as refused:
        out, code = "", refused.code
        print(refused, file=sys.stderr)
    call["exit"] = code
    state["calls"].append(call)
    path.write_text(json.dumps(state, indent=1), encoding="utf-8")
    if out:
        print(out)
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
