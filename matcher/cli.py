"""The command line: ``python -m matcher COMMAND``. Thin: parse arguments, call one function."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from matcher.profile.problems import REPORTERS, escape_data
from matcher.relationships.command import add_relationship_commands

DEFAULT_PROFILES = Path("profiles")
DEFAULT_RELATIONSHIPS = Path("relationships")


def _cmd_validate(args: argparse.Namespace) -> int:
    from matcher import settings
    from matcher.profile.validate import validate_paths

    paths = [Path(p) for p in args.paths] or [DEFAULT_PROFILES]
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    try:
        community = settings.load(settings.settings_path())
    except settings.SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = validate_paths(paths, today=today, stale_after_days=community.stale_after_days)
    problems, files, ok = list(result.problems), result.files, result.ok
    folder = Path(args.relationships) if args.relationships else (None if args.paths else DEFAULT_RELATIONSHIPS)
    if folder is not None and folder.is_dir():
        from matcher.relationships import check, keys

        try:
            key = keys.load_key()
        except keys.UnusableKey as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        rels = check.check_relationships(
            folder, result.profiles, key=key, today=today, max_term_months=community.max_term_months
        )
        problems, files, ok = sorted(problems + rels.problems), files + rels.files, ok and rels.ok
        if rels.unresolved and args.format == "text":
            print(f"{rels.unresolved} private relationship(s) not resolved: no {keys.KEY_ENV} here (only CI has it).")
    print(REPORTERS[args.format](problems, files))
    return 0 if ok else 1


def _cmd_synth(args: argparse.Namespace) -> int:
    from matcher.synth import write_community

    if args.count < 1:
        print("error: --count must be at least 1", file=sys.stderr)
        return 2
    written = write_community(args.count, args.seed, Path(args.out))
    print(f"Wrote {len(written)} synthetic profiles to {args.out} (seed {args.seed}).")
    if args.relationships:
        from matcher.synth import generate
        from matcher.synth.relationships import write_relationships

        folder = Path(args.relationships_out or Path(args.out).parent / "relationships")
        made = write_relationships(generate(args.count, args.seed), args.relationships, args.seed, folder)
        print(f"Wrote {len(made)} synthetic relationships to {folder}.")
    return 0


def _cmd_vectors(args: argparse.Namespace) -> int:
    from matcher.matching.policy import load_policy
    from matcher.matching.vectors import write_vectors

    path = write_vectors(Path(args.out), load_policy(Path(args.policy) if args.policy else None))
    print(f"Wrote {path}")
    return 0


def _cmd_intake(args: argparse.Namespace) -> int:
    from matcher.intake import run_cli

    return run_cli(args)


def _cmd_ownership(args: argparse.Namespace) -> int:
    from matcher.intake.ownership import run_cli

    return run_cli(args)


def _cmd_stale(args: argparse.Namespace) -> int:
    from matcher.intake.stale import report

    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    text, count = report([Path(p) for p in args.paths] or [DEFAULT_PROFILES], today)
    print(text)
    if args.count_to:
        Path(args.count_to).write_text(f"{count}\n", encoding="utf-8")
    return 0


def _cmd_settings(args: argparse.Namespace) -> int:
    import json
    import os

    from matcher import settings

    path = args.settings or os.environ.get("MENTOR_COMMONS_SETTINGS") or settings.SETTINGS_FILE
    try:
        community = settings.load(path)
    except settings.SettingsError as exc:
        print(_annotate(str(exc), args.format, path), file=sys.stderr if args.format == "text" else sys.stdout)
        return 1
    if not args.check_publish:
        print(json.dumps(settings.as_dict(community), indent=2, ensure_ascii=False))
        return 0
    siteurl = args.siteurl if args.siteurl is not None else os.environ.get("SITEURL") or None
    problems = settings.publish_problems(community, siteurl)
    for problem in problems:
        print(_annotate(problem, args.format, path, args.severity))
    if problems:
        print(f"Not publishing: {len(problems)} setting(s) in {path} to fill in first.", file=sys.stderr)
        return 1
    print(f"{path}: ready to publish at {siteurl or community.url}")
    return 0


def _annotate(message: str, fmt: str, path: str, severity: str = "error") -> str:
    """A settings problem as words, or as a GitHub annotation on community.toml's line."""
    if fmt != "github":
        return message
    head, _, text = message.partition(": ")
    line = head.rsplit(":", 1)[-1]
    line = line if line.isdigit() else "1"
    return f"::{severity} file={path},line={line},title=Community settings::{escape_data(text)}"


def _cmd_generate(args: argparse.Namespace) -> int:
    from matcher import generated

    if args.check:
        behind = generated.out_of_date(build_parser())
        for g in behind:
            print(f"{g.path}: out of date (made from {g.source}): run `python -m matcher generate`, commit the result")
        if not behind:
            print("Every generated file is up to date.")
        return 1 if behind else 0
    written = generated.write(build_parser())
    print("\n".join(f"Wrote {p}" for p in written) if written else "Every generated file was up to date.")
    return 0


def _add_github_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The commands behind the issue forms and workflows (see CONTRIBUTING.md)."""

    intake = sub.add_parser(
        "intake",
        help="turn a submitted issue form's body into a profile change",
        description="Read an issue-form body (or an e-mailed profile with --form email), write the profile "
        "change, and print the comment for the person: what happens next or what to fix.",
    )
    intake.add_argument("body", metavar="BODY_FILE", help="the issue body (or e-mail text); - for standard input")
    intake.add_argument(
        "--form", required=True, help="join, update, leave, endorse, concern, email, or auto (detect from the headings)"
    )
    intake.add_argument("--author", required=True, help="the GitHub login of the person who opened the issue")
    intake.add_argument("--profiles", default=str(DEFAULT_PROFILES), help="the profiles folder (default: profiles)")
    intake.add_argument("--today", metavar="YYYY-MM-DD", help="the date written to `updated` (default: today)")
    intake.add_argument("--settings", default="community.toml", help="where the maintainers are listed")
    intake.add_argument("--review", metavar="FILE", help="write what a maintainer must check (a lookalike name) here")
    intake.add_argument(
        "--open-introductions",
        metavar="FILE",
        help="JSON of the open introduction issues ([{number, body}], from `gh issue list`), for the rate limits",
    )
    intake.add_argument("--issue", type=int, help="this issue's number (left out of the open introductions)")
    intake.add_argument("--dry-run", action="store_true", help="print the result but write no file")
    intake.add_argument("--comment", metavar="FILE", help="also write the comment for the issue to FILE")
    intake.add_argument(
        "--outputs", metavar="FILE", help="append key=value results (status, profile_id, action, branch) to FILE"
    )
    intake.set_defaults(func=_cmd_intake)

    owner = sub.add_parser(
        "ownership",
        help="check who may change the profiles a pull request touches",
        description="A profile naming `github: X` may be changed or removed only by X or a maintainer.",
    )
    owner.add_argument("--base", required=True, help="the base revision (maintainers are read from it)")
    owner.add_argument("--head", default="HEAD", help="the pull request's revision (default: HEAD)")
    owner.add_argument("--author", required=True, help="the GitHub login the change comes from")
    owner.add_argument("--repo", default=".", help="the git repository (default: .)")
    owner.add_argument(
        "--approved-by",
        metavar="LOGINS",
        default="",
        help="logins that approved the pull request on GitHub; a maintainer's approval lets through what needs one",
    )
    owner.add_argument("--format", choices=("text", "github"), default="text", help="output format (default: text)")
    owner.set_defaults(func=_cmd_ownership)

    stale = sub.add_parser("stale", help="list stale profiles (no update for stale_after_days), as Markdown")
    stale.add_argument("paths", nargs="*", metavar="PATH", help="profile files or folders (default: profiles/)")
    stale.add_argument("--today", metavar="YYYY-MM-DD", help="the date to judge by (default: today)")
    stale.add_argument("--count-to", metavar="FILE", help="also write how many are stale to FILE")
    stale.set_defaults(func=_cmd_stale)

    conf = sub.add_parser(
        "settings",
        help="check community.toml and show the settings every part uses",
        description="Read and check the community's settings; with --check-publish, refuse while placeholders remain.",
    )
    conf.add_argument(
        "--settings", metavar="FILE", help="settings file (default: $MENTOR_COMMONS_SETTINGS, then community.toml)"
    )
    conf.add_argument("--check-publish", action="store_true", help="exit 1, in words, if the site must not go public")
    conf.add_argument("--siteurl", metavar="URL", help="the public address to publish at (default: $SITEURL, then url)")
    conf.add_argument("--format", choices=["text", "github"], default="text", help="words, or GitHub annotations")
    conf.add_argument(
        "--severity",
        choices=["error", "warning"],
        default="error",
        help="GitHub annotations as errors (default) or as warnings (pull requests: a reminder, not a failure)",
    )
    conf.set_defaults(func=_cmd_settings)


def _cmd_match(args: argparse.Namespace) -> int:
    from matcher.matching.run import match_command

    out = Path(args.out)
    report = Path(args.report) if args.report else out.with_name("match-report.md")
    previous = Path(args.previous) if args.previous else None
    policy = Path(args.policy) if args.policy else None
    from matcher.relationships.matching import with_relationships

    return match_command(
        Path(args.profiles), out, report, previous, policy, quiet=args.quiet, adjust=with_relationships
    )


def _cmd_explain(args: argparse.Namespace) -> int:
    from matcher.matching.run import explain_command

    policy = Path(args.policy) if args.policy else None
    from matcher.relationships.matching import with_relationships

    return explain_command(
        args.mentee, args.mentor, Path(args.profiles), Path(args.matches), policy, adjust=with_relationships
    )


def _add_match_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    profiles_help = "profiles folder (default: profiles/)"
    policy_help = "policy file (default: matcher/matching/policy.toml)"
    match = sub.add_parser(
        "match",
        help="match mentees with mentors: write matches.json and a report",
        description="Pairs within every mentor's capacity, suggestions for everyone, gaps, and what changed "
        "since the previous run. Progress goes to stderr.",
    )
    match.add_argument("--profiles", default=str(DEFAULT_PROFILES), metavar="DIR", help=profiles_help)
    match.add_argument("--out", default="matches.json", metavar="FILE", help="result file (default: matches.json)")
    match.add_argument("--report", metavar="FILE", help="Markdown report (default: match-report.md beside --out)")
    previous_help = (
        "last run's matches.json: its pairs stay unless a real gain justifies a change, its lists where scores tie"
    )
    match.add_argument("--previous", metavar="FILE", help=previous_help)
    match.add_argument("--policy", metavar="FILE", help=policy_help)
    match.add_argument("--quiet", action="store_true", help="no progress on stderr")
    match.set_defaults(func=_cmd_match)

    explain = sub.add_parser(
        "explain",
        help="show every rule and point for one mentee-mentor pair",
        description="The whole reasoning for one pair, eligible or not.",
    )
    explain.add_argument("mentee", metavar="MENTEE", help="the mentee's id (file name without .yml)")
    explain.add_argument("mentor", metavar="MENTOR", help="the mentor's id")
    explain.add_argument("--profiles", default=str(DEFAULT_PROFILES), metavar="DIR", help=profiles_help)
    explain.add_argument(
        "--matches", default="matches.json", metavar="FILE", help="a run's result, to show the mentee's pair if present"
    )
    explain.add_argument("--policy", metavar="FILE", help=policy_help)
    explain.set_defaults(func=_cmd_explain)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matcher", description="Mentor Commons: validate profiles, match mentees and mentors."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser(
        "validate",
        help="check profiles against the schema and each other",
        description="Check every profile; print every problem as FILE:LINE: FIELD: message, then a count.",
    )
    validate.add_argument("paths", nargs="*", metavar="PATH", help="profile files or folders (default: profiles/)")
    validate.add_argument("--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)")
    validate.add_argument("--today", metavar="YYYY-MM-DD", help="the date to judge staleness by (default: today)")
    validate.add_argument(
        "--relationships",
        metavar="DIR",
        help="also check the relationship files here (default: relationships/, when no PATH is given)",
    )
    validate.set_defaults(func=_cmd_validate)

    synth = sub.add_parser("synth", help="write a synthetic community for tests and benchmarks")
    synth.add_argument("--count", type=int, required=True, help="how many profiles")
    synth.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same files")
    synth.add_argument("--out", required=True, help="folder to write into")
    synth.add_argument("--relationships", type=int, default=0, metavar="N", help="also write N active relationships")
    synth.add_argument("--relationships-out", metavar="DIR", help="where (default: relationships/ beside --out)")
    synth.set_defaults(func=_cmd_synth)

    vectors = sub.add_parser(
        "vectors",
        help="regenerate tests/vectors/scoring.json, the scoring cases shared with the browser",
        description="Write the per-pair eligibility and score test vectors from the Python reference.",
    )
    vectors.add_argument(
        "--out", default="tests/vectors/scoring.json", help="file to write (default: tests/vectors/scoring.json)"
    )
    vectors.add_argument("--policy", metavar="FILE", help="policy file (default: matcher/matching/policy.toml)")
    vectors.set_defaults(func=_cmd_vectors)
    gen = sub.add_parser(
        "generate",
        help="write (or --check) every generated file: issue forms, CODEOWNERS, docs/fields.md, the README's "
        "reference, the shared vectors, the golden results",
    )
    gen.add_argument("--check", action="store_true", help="write nothing; exit 1 naming each stale file")
    gen.set_defaults(func=_cmd_generate)
    _add_github_commands(sub)
    add_relationship_commands(sub)
    _add_match_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    result: int = args.func(args)
    return result
