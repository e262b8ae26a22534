"""Maintainer tasks: ``invoke --list``. Each task is thin and calls the same code the CLI does."""

from __future__ import annotations

import sys

from invoke import task
from invoke.context import Context

PY = sys.executable


@task(help={"paths": "profile files or folders (default: profiles/)", "format": "text, json or github"})
def validate(c: Context, paths: str = "profiles", format: str = "text") -> None:
    """Check every profile against the schema and each other."""
    c.run(f"{PY} -m matcher validate --format {format} {paths}", pty=False)


@task(help={"count": "how many profiles", "seed": "random seed", "out": "folder to write into"})
def synth(c: Context, count: int = 1000, seed: int = 1, out: str = "build/synth") -> None:
    """Write a synthetic community for tests and benchmarks."""
    c.run(f"{PY} -m matcher synth --count {count} --seed {seed} --out {out}")


@task(help={"k": "only tests matching this expression", "browser": "include browser tests (default: yes)"})
def test(c: Context, k: str = "", browser: bool = True) -> None:
    """Run the test suite (browser tests in headless Chromium included)."""
    args = ["-q"]
    if k:
        args += ["-k", repr(k)]
    if not browser:
        args += ["-m", "'not browser'"]
    c.run(f"{PY} -m pytest {' '.join(args)}", pty=False)


@task
def lint(c: Context) -> None:
    """Static checks: ruff (style and common bugs) and mypy (types, strict) on the code."""
    c.run(f"{PY} -m ruff check matcher tests benchmarks tasks.py pelicanconf.py")
    c.run(f"{PY} -m mypy")


@task
def up(c: Context) -> None:
    """The main job: validate the profiles, then (as they land) match, build and serve the site."""
    validate(c)


@task(name="expected-errors")
def expected_errors(c: Context) -> None:
    """Regenerate tests/profiles/invalid/*.expected from the validator (review the diff)."""
    c.run(f"{PY} -m tests.test_validate")
