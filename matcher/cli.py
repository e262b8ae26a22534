"""The command line: ``python -m matcher COMMAND``. Thin: parse arguments, call one function."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from matcher.problems import REPORTERS

DEFAULT_PROFILES = Path("profiles")


def _cmd_validate(args: argparse.Namespace) -> int:
    from matcher.validate import validate_paths

    paths = [Path(p) for p in args.paths] or [DEFAULT_PROFILES]
    today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    result = validate_paths(paths, today=today)
    print(REPORTERS[args.format](result.problems, result.files))
    return 0 if result.ok else 1


def _cmd_synth(args: argparse.Namespace) -> int:
    from matcher.synth import write_community

    if args.count < 1:
        print("error: --count must be at least 1", file=sys.stderr)
        return 2
    written = write_community(args.count, args.seed, Path(args.out))
    print(f"Wrote {len(written)} synthetic profiles to {args.out} (seed {args.seed}).")
    return 0


def _cmd_docs(args: argparse.Namespace) -> int:
    from matcher import docs

    if args.check:
        stale = docs.FIELDS_DOC.read_text(encoding="utf-8") != docs.fields_markdown() if docs.FIELDS_DOC.exists() else True
        if stale:
            print(f"{docs.FIELDS_DOC} is stale: run `python -m matcher docs` and commit the result")
            return 1
        print(f"{docs.FIELDS_DOC} is up to date")
        return 0
    changed = docs.write()
    print(f"{'Wrote' if changed else 'Unchanged:'} {docs.FIELDS_DOC}")
    return 0


def _cmd_vectors(args: argparse.Namespace) -> int:
    from matcher.policy import load_policy
    from matcher.vectors import write_vectors

    path = write_vectors(Path(args.out), load_policy(Path(args.policy) if args.policy else None))
    print(f"Wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m matcher", description="Mentor Commons: validate profiles, match mentees and mentors.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser("validate", help="check profiles against the schema and each other",
                              description="Check every profile; print every problem as FILE:LINE: FIELD: message, then a count.")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="profile files or folders (default: profiles/)")
    validate.add_argument("--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)")
    validate.add_argument("--today", metavar="YYYY-MM-DD", help="the date to judge staleness by (default: today)")
    validate.set_defaults(func=_cmd_validate)

    synth = sub.add_parser("synth", help="write a synthetic community for tests and benchmarks")
    synth.add_argument("--count", type=int, required=True, help="how many profiles")
    synth.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same files")
    synth.add_argument("--out", required=True, help="folder to write into")
    synth.set_defaults(func=_cmd_synth)
    docs = sub.add_parser("docs", help="regenerate docs/fields.md from the schema")
    docs.add_argument("--check", action="store_true", help="only check that it is up to date (exit 1 if not)")
    docs.set_defaults(func=_cmd_docs)

    vectors = sub.add_parser("vectors", help="regenerate tests/vectors/scoring.json, the scoring cases shared with the browser",
                             description="Write the per-pair eligibility and score test vectors from the Python reference.")
    vectors.add_argument("--out", default="tests/vectors/scoring.json", help="file to write (default: tests/vectors/scoring.json)")
    vectors.add_argument("--policy", metavar="FILE", help="policy file (default: matcher/policy.toml)")
    vectors.set_defaults(func=_cmd_vectors)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    result: int = args.func(args)
    return result
