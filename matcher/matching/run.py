"""What ``python -m matcher match`` and ``python -m matcher explain`` do, for the thin CLI.

``match``: load and validate the profiles, run the pipeline, write ``matches.json`` and the
report, show progress on stderr. ``explain``: every rule and every point for one pair,
eligible or not, and where the pair stands among the mentee's options.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from matcher.matching.policy import PolicyError, load_policy
from matcher.profile.loader import paused_gc

if TYPE_CHECKING:
    from collections.abc import Sequence

    from matcher.matching.features import Seeker
    from matcher.matching.policy import Policy
    from matcher.profile.model import Profile

    # the profiles as the matcher should see them, and what was adjusted (agreed relationships)
    Adjust = Callable[[Path, Sequence[Profile]], tuple[list[Profile], Any]]


class Progress:
    """Stages and a bar on stderr when it is a terminal; one line per stage otherwise; nothing if quiet."""

    def __init__(self, stream: TextIO, quiet: bool) -> None:
        self.stream, self.quiet = stream, quiet
        self.start = time.perf_counter()
        self.bar: Any = None
        self.task: Any = None
        self.last = ""

    def line(self, text: str) -> None:
        if not self.quiet:
            print(f"[{time.perf_counter() - self.start:6.1f} s] {text}", file=self.stream, flush=True)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.quiet:
            return
        if stage == "scoring candidates" and self.stream.isatty():
            if self.bar is None:
                from rich.console import Console
                from rich.progress import Progress as Bar

                self.bar = Bar(console=Console(file=self.stream), transient=True)
                self.bar.start()
                self.task = self.bar.add_task("scoring candidates", total=total)
            self.bar.update(self.task, completed=done)
            return
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        if stage != self.last and done == total:
            self.last = stage
            self.line(f"{stage}: done")

    @contextmanager
    def stage(self, text: str) -> Iterator[None]:
        self.line(text + "…")
        yield


def _as_is(profiles: Path, people: Sequence[Profile]) -> tuple[list[Profile], Any]:
    return list(people), None


def match_command(
    profiles: Path,
    out: Path,
    report: Path,
    previous: Path | None,
    policy_path: Path | None,
    quiet: bool = False,
    adjust: Adjust = _as_is,
) -> int:
    """Run a match; 0 on success, 1 when the inputs have problems (each one printed).

    ``adjust``: the profiles as the matcher should see them, and what was adjusted (the CLI passes
    :func:`matcher.relationships.matching.with_relationships`: the agreed relationships).
    """
    from matcher.matching import named
    from matcher.matching.match import run_match
    from matcher.matching.output import matches_chunks, named_of, write_atomically
    from matcher.matching.report import render_report
    from matcher.matching.stability import PreviousError, read_previous
    from matcher.profile.validate import InvalidProfiles, load_profiles
    from matcher.profile.verdicts import Verdicts

    progress = Progress(sys.stderr, quiet)
    try:
        policy = load_policy(policy_path)
        before = read_previous(previous) if previous else None
    except (PolicyError, PreviousError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with paused_gc():
        with progress.stage(f"loading and validating profiles from {profiles}"):
            try:
                # files found clean before (by the hash of their bytes) are not checked again; nor by the site build
                verdicts = Verdicts.for_folder(profiles) if profiles.is_dir() else None
                people = load_profiles([profiles], verdicts=verdicts)
            except InvalidProfiles as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 1
        progress.line(f"{len(people):,} valid profiles")
        adjusted, fixed = adjust(profiles, people)
        result = run_match(adjusted, policy, before, progress)
        with progress.stage(f"writing {out} and {report}"):
            fixed_json = fixed.as_json() if fixed else None
            written = named.hasher()  # (what the build that follows reads instead of the file: matcher.matching.named)
            write_atomically(out, named.hashed(matches_chunks(result, fixed_json), written))
            named.keep(written.hexdigest(), named_of(result, fixed_json))
            write_atomically(report, iter([render_report(result) + (fixed.report() if fixed else "")]))
    s = result.stats()
    progress.line(
        f"matched {s['matched']:,} of {s['mentees']:,} mentees; {s['blocking_pairs']:,} blocking pairs"
        + (f"; {s['changed']:,} changed since the previous run" if before else "")
    )
    return 0


def _previous_mentor(matches: Path | None, mentee: str) -> tuple[str, float] | None:
    if matches is None or not matches.exists():
        return None
    from matcher.matching.stability import read_previous

    return read_previous(matches).pairs.get(mentee)


def explain_command(
    mentee: str, mentor: str, profiles: Path, matches: Path | None, policy_path: Path | None, adjust: Adjust = _as_is
) -> int:
    """Print the whole reasoning for one pair."""
    from matcher.matching.eligibility import check_pair
    from matcher.matching.features import offer_of, seeker_of
    from matcher.matching.scoring import score_pair
    from matcher.matching.stability import PreviousError
    from matcher.profile.validate import InvalidProfiles, load_profiles

    try:
        policy = load_policy(policy_path)
        people = {p.id: p for p in load_profiles([profiles])}
        current = _previous_mentor(matches, mentee)
    except (PolicyError, InvalidProfiles, PreviousError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for pid, role in ((mentee, "mentee"), (mentor, "mentor")):
        if pid not in people:
            print(f"error: no profile has the id '{pid}' in {profiles}", file=sys.stderr)
            return 1
        if getattr(people[pid], role) is None:
            print(f"error: {pid} has no '{role}' block, so cannot be the {role} of a pair", file=sys.stderr)
            return 1
    adjusted, fixed = adjust(profiles, list(people.values()))
    for pid in (mentee, mentor):
        if fixed and pid in fixed.notes:
            print(f"Agreed relationships: {pid} {fixed.notes[pid]}; the matcher sees the profile with that taken into "
                  "account (relationships/, docs/relationships.md).")  # fmt: skip
    people = {p.id: p for p in adjusted}
    a, b = people[mentee], people[mentor]
    seeker, offer = seeker_of(a, policy), offer_of(b, policy)
    continuing = current is not None and current[0] == mentor
    rules = check_pair(seeker, offer, policy, continuing=continuing)
    score = score_pair(seeker, offer, policy)
    failed = [r.rule for r in rules if not r.passed]
    print(f"{a.name} ({mentee}) as mentee, {b.name} ({mentor}) as mentor — policy {policy.version}")
    print()
    print("Hard rules:")
    for r in rules:
        print(f"  {'pass' if r.passed else 'FAIL'}  {r.rule:<17} {r.detail}")
    print()
    print("Eligible: yes" if not failed else f"Not eligible: excluded by {', '.join(failed)}")
    print()
    print(f"Score: {score.total:g} of {policy.max_score_h / 100:g} points")
    for c in score.components:
        print(f"  {c.points:6.2f} / {policy.weight_h(c.criterion) / 100:<5g} {c.criterion:<9} {c.detail}")
    stages = f"mentee {a.career_stage or 'not given'}, mentor {b.career_stage or 'not given'}"
    print(f"  career stage: {stages} (never scored: a mentor earlier in their career is not ranked lower)")
    print()
    print(_rank_line(seeker, people, policy, score.total_h, mentor, not failed))
    if current is not None:
        where = "this mentor" if continuing else f"{current[0]} (score {current[1]:g})"
        print(f"In {matches}: {mentee} is paired with {where}.")
    elif matches is not None and matches.exists():
        why = _unmatched_why(matches, mentee)
        print(f"In {matches}: {mentee} has no mentor" + (f": {why}." if why else "."))
    return 0


def _unmatched_why(matches: Path, mentee: str) -> str | None:
    """The reason ``matches.json`` gives for a mentee without a mentor (read leniently: an older file may lack it)."""
    import json

    try:
        data = json.loads(matches.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entries = data.get("unmatched") if isinstance(data, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("mentee") == mentee and isinstance(entry.get("why"), str):
            return str(entry["why"])
    return None


def _rank_line(
    seeker: Seeker, people: dict[str, Profile], policy: Policy, total_h: int, mentor: str, eligible_pair: bool
) -> str:
    from matcher.matching.eligibility import is_eligible
    from matcher.matching.features import offer_of
    from matcher.matching.scoring import score_pair

    better = eligible = 0
    for p in people.values():
        if p.mentor is None:
            continue
        offer = offer_of(p, policy)
        if not is_eligible(seeker, offer, policy):
            continue
        eligible += 1
        if p.id != mentor and score_pair(seeker, offer, policy).total_h > total_h:
            better += 1
    from matcher.matching.unmatched import plural

    if not eligible_pair:
        verb = "is" if eligible == 1 else "are"
        return f"{plural(eligible, 'open mentor')} {verb} eligible for this mentee; this one is not."
    if eligible == 1:
        return "This is the only open mentor eligible for this mentee."
    higher = "scores" if better == 1 else "score"
    return (
        f"Among the {plural(eligible, 'open mentor')} eligible for this mentee, "
        f"{better:,} {higher} higher than this one."
    )
