"""Maintainer tasks: ``invoke --list``. Each task is thin and calls the same code the CLI does."""

from __future__ import annotations

import shlex
import sys
from typing import TYPE_CHECKING, Any

from invoke.context import Context
from invoke.exceptions import Exit
from invoke.tasks import task

if TYPE_CHECKING:
    from matcher.cache import MatchInputs

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


LOCKS = {"requirements/app.txt": [], "requirements/test.txt": ["--extra", "test"]}


@task(help={"upgrade": "take the newest releases the ranges in pyproject.toml allow (default: keep the locked ones)"})
def lock(c: Context, upgrade: bool = False) -> None:
    """Regenerate the hash-checked locks in requirements/ from pyproject.toml's ranges (uv, every platform)."""
    for out, extra in LOCKS.items():
        args = ["pip", "compile", "pyproject.toml", *extra, "--universal", "--python-version", "3.11"]
        args += ["--generate-hashes", "--no-header", "--annotation-style", "line", "--quiet", "-o", out]
        args += ["--upgrade"] if upgrade else []
        c.run(shlex.join([PY, "-m", "uv", *args]), pty=False)


@task
def lint(c: Context) -> None:
    """Static checks: ruff (style and common bugs) and mypy (types, strict) on the code."""
    c.run(f"{PY} -m ruff check matcher tests benchmarks tasks.py pelicanconf.py")
    c.run(f"{PY} -m mypy")


@task(help={"port": "port on localhost (default: 8000)"})
def up(c: Context, port: int = 8000) -> None:
    """The main job: validate the profiles, match them, build the site with its search index, serve it."""
    validate(c)  # stops here, with every problem listed, if a profile is invalid
    match(c)
    build(c)
    serve(c, port=port)


@task(
    help={
        "profiles": "profiles folder (default: profiles)",
        "out": "result file (default: matches.json; the report goes beside it as match-report.md)",
        "previous": "last run's result (default: the existing --out file, so pairs stay from run to run)",
        "fresh": "ignore the last run: no --previous",
    }
)
def match(
    c: Context, profiles: str = "profiles", out: str = "matches.json", previous: str = "", fresh: bool = False
) -> None:
    """Match mentees with mentors: write matches.json and match-report.md (build products, not committed).

    The result is stamped with the key of what it was made from (matcher/cache.py), so the next
    ``invoke build`` does not run the matcher again for an edit it does not read."""
    _match(c, profiles, out, previous, fresh)


def _match(
    c: Context, profiles: str, out: str, previous: str = "", fresh: bool = False, inputs: MatchInputs | None = None
) -> None:
    """Run the matcher, then stamp its result with ``inputs`` (read here first when not given)."""
    from pathlib import Path

    from matcher.cache import match_needed, write_stamp

    if inputs is None:
        inputs = match_needed(Path(out), Path(profiles))[1]  # read before the matcher reads them
    args = ["match", "--profiles", profiles, "--out", out]
    last = previous or (out if Path(out).exists() else "")
    args += ["--previous", last] if last and not fresh else []
    c.run(_cmd(*args), pty=False)
    write_stamp(Path(out), inputs)  # only once the matcher has succeeded


@task
def golden(c: Context) -> None:
    """Regenerate the matcher's golden files (tests/golden/matcher/*/expected.json): review the diff."""
    c.run(f"{PY} -m tests.test_match_golden", pty=False)


@task(help={"quick": "only the 10,000-profile run and the 5,000 side-by-side (skip 100,000)"})
def bench(c: Context, quick: bool = False) -> None:
    """Matcher benchmark: 10k and 100k end to end, 5,000 side by side with HospitalResident and scipy, churn."""
    c.run(f"{PY} benchmarks/bench_match.py" + (" --quick" if quick else ""), pty=False)


@task(name="expected-errors")
def expected_errors(c: Context) -> None:
    """Regenerate tests/profiles/invalid/*.expected from the validator (review the diff)."""
    c.run(f"{PY} -m tests.test_validate")


# --- intake, forms and GitHub workflows (the workflows in .github/workflows call these) ---


def _cmd(*args: str) -> str:
    return shlex.join([PY, "-m", "matcher", *args])  # arguments may come from an issue: never shell-interpolated


@task(help={"check": "write nothing; fail naming each stale file"})
def generate(c: Context, check: bool = False) -> None:
    """Write every generated file (issue forms, CODEOWNERS, field docs, README reference, vectors, golden results)."""
    c.run(_cmd("generate", *(["--check"] if check else [])), pty=False)


@task(
    help={
        "body": "the issue body, or an e-mail with the profile YAML in it",
        "form": "join, update, leave, endorse, concern, email, or auto (default)",
        "author": "the GitHub login of whoever opened the issue (a maintainer's login for e-mail)",
        "comment": "write the reply for the person to this file",
        "outputs": "append key=value results to this file (the workflow passes $GITHUB_OUTPUT)",
        "review": "write what a maintainer must check before merging (a name like another person's) to this file",
        "open_introductions": "JSON of the open introduction issues (from `gh issue list`), for the rate limits",
        "issue": "this issue's number",
        "dry_run": "print the result, write no profile file",
    }
)
def intake(
    c: Context,
    body: str,
    author: str,
    form: str = "auto",
    comment: str = "",
    outputs: str = "",
    review: str = "",
    open_introductions: str = "",
    issue: int = 0,
    dry_run: bool = False,
) -> None:
    """Turn a submitted issue form (or an e-mailed profile) into a profile change, or words to fix it."""
    args = ["intake", body, "--form", form, "--author", author]
    args += ["--comment", comment] if comment else []
    args += ["--outputs", outputs] if outputs else []
    args += ["--review", review] if review else []
    args += ["--open-introductions", open_introductions] if open_introductions else []
    args += ["--issue", str(issue)] if issue else []
    args += ["--dry-run"] if dry_run else []
    c.run(_cmd(*args), pty=False)


@task(
    help={
        "base": "the base revision",
        "head": "the pull request's revision",
        "author": "the login the change comes from",
        "format": "text or github",
        "repo": "the git repository to read (default: .)",
        "approved_by": "logins that approved the pull request on GitHub (a maintainer's approval passes reviews)",
    }
)
def ownership(
    c: Context, base: str, author: str, head: str = "HEAD", format: str = "text", repo: str = ".", approved_by: str = ""
) -> None:
    """Check that every changed profile may be changed by its author (or a maintainer)."""
    args = ["ownership", "--base", base, "--head", head, "--author", author, "--format", format, "--repo", repo]
    args += ["--approved-by", approved_by] if approved_by else []
    c.run(_cmd(*args), pty=False)


@task(help={"today": "judge by this date (YYYY-MM-DD; default today)", "out": "also write the Markdown to this file"})
def stale(c: Context, today: str = "", out: str = "") -> None:
    """List stale profiles (no update for community.toml's stale_after_days), as Markdown for the tracking issue."""
    result = c.run(_cmd("stale", *(["--today", today] if today else [])), pty=False)
    if out and result is not None:
        from pathlib import Path

        Path(out).write_text(result.stdout, encoding="utf-8")


@task(
    name="pairs-diff",
    help={"base": "matches.json of the base branch", "head": "matches.json of the change", "out": "write here"},
)
def pairs_diff(c: Context, base: str, head: str = "matches.json", out: str = "") -> None:
    """Summarise how a change moves the suggested pairs (Markdown, for the pull request comment)."""
    from pathlib import Path

    from matcher.intake.pairs_diff import compare

    text = compare(Path(base), Path(head))
    Path(out).write_text(text, encoding="utf-8") if out else print(text, end="")


# --- the site ---------------------------------------------------------------------------


def _site_matches(profiles: str, matches: str) -> str:
    """The matcher's output that belongs to these profiles: matches.json for profiles/, else one beside the build."""
    from pathlib import Path

    if matches:
        return matches
    return (
        "matches.json"
        if Path(profiles).resolve() == Path("profiles").resolve()
        else f"build/matches-{Path(profiles).name}.json"
    )


def _out_of_date(matches: str, profiles: str) -> MatchInputs | None:
    """The matcher's inputs when it must run (what it reads of the profiles, or the policy, changed), else None.

    A bio, a headline or a link is not read by the matcher: editing one does not rerun it (matcher/cache.py).
    """
    from pathlib import Path

    from matcher.cache import match_needed

    needed, inputs = match_needed(Path(matches), Path(profiles))
    return inputs if needed else None


@task(
    help={
        "profiles": "profiles folder (default: profiles)",
        "matches": "the matcher's output (default: matches.json for profiles/; rerun when missing or stale)",
        "out": "output folder (default: output)",
        "publish": "use publishconf.py (the public SITEURL from the environment)",
        "search": "build the Pagefind search index (default: yes)",
    }
)
def build(
    c: Context,
    profiles: str = "profiles",
    matches: str = "",
    out: str = "output",
    publish: bool = False,
    search: bool = True,
) -> None:
    """Build the whole site into output/ (profiles validated, matcher run if its output is stale, search index)."""
    if publish:
        from matcher.settings import PublishRefused, check_publish

        try:
            check_publish()  # before anything is matched or built: the last published site stays as it was
        except PublishRefused as refused:
            raise Exit(str(refused), code=1) from None
    _build(c, profiles, matches, out, publish=publish, search=search)


def _build(
    c: Context,
    profiles: str,
    matches: str,
    out: str,
    *,
    publish: bool = False,
    search: bool = True,
    later: bool = False,
) -> None:
    """Match if what the matcher reads changed, then build incrementally: only what an edit changed is
    rendered again (the first build into a folder, or one after a change of code, renders everything)."""
    from pathlib import Path

    from matcher.site.build import build_site

    matches = _site_matches(profiles, matches)
    stale_inputs = _out_of_date(matches, profiles)
    if stale_inputs is not None:
        _match(c, profiles, matches, inputs=stale_inputs)
    settings = "publishconf.py" if publish else "pelicanconf.py"
    options: dict[str, Any] = {
        "profiles": profiles,
        "matches": matches,
        "search": search,
        "incremental": True,
        "search_later": later,
        "exiting": not later,  # invoke live builds again (and settles); invoke build ends here
    }
    languages = _languages()
    if len(languages) == 1:
        print(build_site(settings, output=out, **options).summary())
    else:
        from matcher.site.languages import build_languages as build_all

        reports = build_all(Path(settings), languages, output=Path(out), **options)
        for language, report in reports.items():
            print(f"[{language}] {report.summary()}")


def _languages() -> tuple[str, ...]:
    """The site's languages (community.toml), the default first."""
    from matcher.settings import load, settings_path

    return load(settings_path()).languages


@task(help={"out": "the built site (default: output)", "port": "port on localhost (default: 8000)"})
def serve(c: Context, out: str = "output", port: int = 8000) -> None:
    """Serve the built site on http://localhost:8000/."""
    from pathlib import Path

    from matcher.site.serve import serve as serve_site

    serve_site(Path(out), port)


@task(help={"profiles": "profiles folder (default: profiles)", "out": "output folder", "port": "port on localhost"})
def live(c: Context, profiles: str = "profiles", out: str = "output", port: int = 8000) -> None:
    """Build, serve on localhost, and rebuild whenever a profile, page, template or setting changes."""
    import threading
    from pathlib import Path

    from matcher.site.build import finish_live
    from matcher.site.serve import live as live_site

    def rebuild() -> None:
        # The pages are served as soon as they are written; the search index follows in the background.
        _build(c, profiles, "", out, later=True)
        threading.Thread(target=finish_live, args=(Path(out).resolve(),), daemon=True).start()

    sources = [Path(profiles), Path("content"), Path("theme"), Path("pelicanconf.py")]
    live_site(Path(out), sources, rebuild, port)


@task(name="site-golden")
def site_golden(c: Context) -> None:
    """Regenerate the site's golden copy (tests/golden/site/) from the tiny test community: review the diff."""
    c.run(f"{PY} -m tests.site.test_golden", pty=False)


@task(
    name="bench-site",
    help={
        "count": "profiles (default: 10000)",
        "seed": "random seed",
        "languages": "the languages to time against the first alone (default: community.toml's; '' for none)",
    },
)
def bench_site(c: Context, count: int = 10_000, seed: int = 7, languages: str | None = None) -> None:
    """Site benchmark: ours against Hugo plus Pagefind from nothing, rebuilds after an edit, and languages."""
    codes = ",".join(_languages()) if languages is None else languages
    extra = f" --languages {codes}" if "," in codes else ""
    c.run(f"{PY} benchmarks/bench_site.py --count {count} --seed {seed}{extra}", pty=False)


# --- the site's languages (matcher/site/locales: gettext catalogs, managed with Babel) ---

PYBABEL = f"{PY} -m babel.messages.frontend"
LOCALES = "matcher/site/locales"


@task(name="i18n-extract")
def i18n_extract(c: Context) -> None:
    """Collect every marked interface string (templates, site Python, scripts, schema labels) into messages.pot."""
    c.run(
        f"{PYBABEL} extract -F {LOCALES}/babel.cfg -k N_ -k ngettext:1,2 -c TRANSLATORS: --sort-output"
        f" --add-location file --no-wrap --project 'Mentor Commons' -o {LOCALES}/messages.pot .",
        pty=False,
    )


@task(name="i18n-update", help={"language": "start a new language's catalog (e.g. es) instead"})
def i18n_update(c: Context, language: str = "") -> None:
    """Bring every language's catalog up to date with messages.pot (new strings appear untranslated)."""
    if language:
        c.run(f"{PYBABEL} init -D messages -i {LOCALES}/messages.pot -d {LOCALES} -l {language} --no-wrap", pty=False)
        return
    c.run(
        f"{PYBABEL} update -D messages -i {LOCALES}/messages.pot -d {LOCALES} --no-wrap --ignore-obsolete"
        " --no-fuzzy-matching",
        pty=False,
    )


@task(name="i18n-compile", help={"out": "folder for the .mo files (the build compiles in memory; this checks them)"})
def i18n_compile(c: Context, out: str = "build/locales") -> None:
    """Compile the catalogs, with Babel's checks (placeholders, plural forms): what the build does in memory."""
    c.run(f"rm -rf {out} && mkdir -p {out} && cp -r {LOCALES}/. {out}/", pty=False)
    c.run(f"{PYBABEL} compile -D messages -d {out} --statistics", pty=False)


@task(
    name="build-languages",
    help={"languages": "comma-separated, the default first (default: community.toml's)", "out": "output folder"},
)
def build_languages(c: Context, languages: str = "", out: str = "output", profiles: str = "profiles") -> None:
    """Build the site in several languages: the first at the root, each other under its own folder (fr/)."""
    from pathlib import Path

    from matcher.site.languages import build_languages as build_all

    codes = languages.split(",") if languages else list(_languages())
    where: dict[str, Any] = {"output": Path(out), "profiles": Path(profiles), "matches": Path("matches.json")}
    reports = build_all(Path("pelicanconf.py"), codes, **where)
    for language, report in reports.items():
        print(language, report.summary())
