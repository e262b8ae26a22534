"""The rehearsal's own rules, on a small workflow written for it: if these drift from GitHub's, the
scenarios prove less than they claim."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.rehearsal.expressions import NotRehearsed, condition, render
from tests.rehearsal.harness import Rehearsal

STEPS = {"a": {"outcome": "success", "outputs": {"status": "OK", "empty": ""}}}

WORKFLOW = """
name: rehearsal-rules
on: workflow_dispatch
permissions: {}
jobs:
  first:
    runs-on: ubuntu-latest
    permissions:
      issues: read
    outputs:
      word: ${{ steps.say.outputs.word }}
    steps:
      - id: say
        env:
          REPO: ${{ github.repository }}
        run: |
          echo "word=hello-$REPO" >> "$GITHUB_OUTPUT"
          echo "LATER=from-env" >> "$GITHUB_ENV"
          mkdir sub
      - working-directory: sub
        run: test "$(basename "$PWD")" = sub && test "$LATER" = from-env && test -s "$GITHUB_EVENT_PATH"
      - name: a token that may only read
        env:
          GH_TOKEN: ${{ github.token }}
        run: gh issue comment 1 --body "hello"
      - name: recovers
        if: failure()
        run: echo recovered
      - name: never
        run: echo never
  second:
    needs: first
    if: always()
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - env:
          WORD: ${{ needs.first.outputs.word }}
        run: echo "got $WORD"
      - run: gh issue view 1 --repo ada-org/mentors
  third:
    needs: first
    runs-on: ubuntu-latest
    permissions: {}
    steps:
      - run: echo never
"""


@pytest.mark.parametrize(
    "expression, failed, expected",
    [
        ("steps.a.outputs.status == 'ok'", False, True),  # strings compare case-insensitively
        ("steps.a.outputs.missing == ''", False, True),  # null equals '' (both 0 as numbers)
        ("steps.a.outputs.empty != ''", False, False),
        ("steps.a.outputs.status == 'ok' || steps.a.outputs.status == 'problems'", False, True),
        ("${{ !(steps.a.outcome == 'success') }}", False, False),
        ("steps.a.outputs.status == 'ok'", True, False),  # no status function: success() && (...)
        ("failure()", True, True),
        ("always()", True, True),
        ("startsWith(github.ref, 'refs/pull/') && contains(github.ref, 'MERGE')", False, True),
    ],
)
def test_conditions_as_github_evaluates_them(expression: str, failed: bool, expected: bool) -> None:
    contexts: dict[str, Any] = {"steps": STEPS, "github": {"ref": "refs/pull/3/merge"}}
    assert condition(expression, contexts, failed) is expected


@pytest.mark.parametrize(
    "template", ["${{ secrets.TOKEN }}", "${{ github.actor }}", "${{ toJSON(github) }}", "${{ 1 < 2 }}"]
)
def test_an_expression_the_rehearsal_does_not_model_fails_loudly(template: str) -> None:
    with pytest.raises(NotRehearsed):
        render(template, {"github": {"ref": "refs/heads/main"}})


def test_outputs_env_working_directory_conditions_and_needs_in_order(tmp_path: Path) -> None:
    rehearsal = Rehearsal(tmp_path)
    (rehearsal.work / ".github/workflows/rules.yml").write_text(WORKFLOW, encoding="utf-8")

    jobs = rehearsal.run("rules.yml", "workflow_dispatch", {})

    first, second = jobs["first"], jobs["second"]
    assert [s.outcome for s in first.steps] == ["success", "success", "failure", "success", "skipped"], first.log
    assert "HTTP 403: Resource not accessible by integration" in first.steps[2].log
    assert (first.result, first.outputs) == ("failure", {"word": "hello-ada-org/mentors"})
    assert second.result == "failure" and "got hello-ada-org/mentors" in second.steps[0].log
    assert "set the GH_TOKEN environment variable" in second.steps[1].log
    assert jobs["third"].result == "skipped"
    assert [c["exit"] for c in rehearsal.gh_state["calls"]] == [1, 4]
