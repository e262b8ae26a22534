"""The matcher on a synthetic community, loaded by the real loader: each stage against a brute-force check."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
import stat
import threading
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from matcher.cli import main
from matcher.matching.candidates import build_candidates, tie_bits
from matcher.matching.checks import blocking_pairs
from matcher.matching.columns import edge_points, edge_rules
from matcher.matching.eligibility import check_pair, is_eligible
from matcher.matching.match import MatchResult, run_match
from matcher.matching.output import matches_text
from matcher.matching.policy import Policy, load_policy
from matcher.matching.report import render_report
from matcher.matching.scoring import score_pair
from matcher.matching.stability import Previous, PreviousError, read_previous
from matcher.profile.model import Profile
from matcher.profile.schema import vocabulary
from matcher.profile.validate import load_profiles
from matcher.synth import write_community
from tests import brute
from tests.brute import POLICIES

POLICY = load_policy()
SIZE = 400


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("community")
    write_community(SIZE, 11, out)
    return out


@pytest.fixture(scope="module")
def people(folder: Path) -> tuple[Profile, ...]:
    return load_profiles([folder])


@pytest.fixture(scope="module")
def result(people: tuple[Profile, ...]) -> MatchResult:
    return run_match(people, POLICY)


def _all_pairs(r: MatchResult) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.meshgrid(np.arange(len(r.seekers)), np.arange(len(r.offers)), indexing="ij")
    return a.ravel(), b.ravel()


@pytest.mark.parametrize("name", POLICIES)
def test_vectorised_rules_and_points_are_the_reference(result: MatchResult, name: str) -> None:
    policy = POLICIES[name]
    a, b = _all_pairs(result)
    continuing = (a * 7 + b) % 5 == 0  # some pairs as if last run's, so a full mentor's rule is exercised
    rules = edge_rules(result.cols, a, b, policy, continuing)
    points = edge_points(result.cols, a, b, policy)
    assert len(a) > 20_000
    for k in range(len(a)):
        seeker, offer = result.seekers[a[k]], result.offers[b[k]]
        for r in check_pair(seeker, offer, policy, continuing=bool(continuing[k])):
            assert rules[r.rule][k] == r.passed, (seeker.id, offer.id, r)
        for c in score_pair(seeker, offer, policy).components:
            assert points[c.criterion][k] == c.points_h, (seeker.id, offer.id, c)


def _brute_candidates(r: MatchResult, keep: int) -> set[tuple[int, int]]:
    """Each looking mentee's ``keep`` best eligible mentors by (score without interest, tie bits); for an
    open mentor in fewer than ``mentor_candidates`` of those, their best mentees the same way (ties to
    the first mentee); plus every eligible shortlisted pair: what the candidate stage must return."""
    out: set[tuple[int, int]] = set()
    shortlisted: set[tuple[int, int]] = set()
    by_mentor: dict[int, list[tuple[int, int]]] = {}
    for i, seeker in enumerate(r.seekers):
        ranked = []
        for j, offer in enumerate(r.offers):
            if not is_eligible(seeker, offer, r.policy):
                continue
            score = score_pair(seeker, offer, r.policy)
            no_interest = score.total_h - score.components[-1].points_h
            tie = int(tie_bits(r.cols, np.array([i]), np.array([j]))[0])
            ranked.append(((no_interest << 8) | tie, j))
            by_mentor.setdefault(j, []).append((-((no_interest << 8) | tie), i))
            if offer.id in seeker.shortlist or seeker.id in offer.shortlist:
                shortlisted.add((i, j))
        out.update((i, j) for _, j in sorted(ranked, reverse=True)[:keep])
    chosen = Counter(j for _, j in out)
    for j, mentees in by_mentor.items():
        if chosen[j] < r.policy.mentor_candidates and r.offers[j].status == "open":
            out.update((i, j) for _, i in sorted(mentees)[: r.policy.mentor_candidates])
    return out | shortlisted


@pytest.mark.parametrize("name", POLICIES)
@pytest.mark.parametrize("keep", [3, 10_000])
def test_candidates_are_each_mentees_best_eligible_mentors(people: tuple[Profile, ...], keep: int, name: str) -> None:
    policy = dataclasses.replace(POLICIES[name], candidates=keep, few_options=min(2, keep - 1))
    r = run_match(people, policy)
    cands = build_candidates(r.cols, policy, np.zeros(0, np.int64))
    got = set(zip(cands.a.tolist(), cands.b.tolist(), strict=True))
    assert got == _brute_candidates(r, keep)
    count = np.bincount(cands.a, minlength=len(r.seekers))
    assert (cands.exhaustive == (count < keep)).all()


@pytest.mark.parametrize("name", POLICIES)
@pytest.mark.parametrize("mutual_first", [False, True])
def test_assignment_is_the_lexicographic_optimum_over_every_eligible_pair(
    people: tuple[Profile, ...], result: MatchResult, tmp_path: Path, name: str, mutual_first: bool
) -> None:
    """The most mentees matched, then the most with few options, then (by policy) the most mutual
    pairs, then the best score, over *every* eligible pair: with only 4 candidates per mentee, the
    pairs beyond them must be found, and the result proven optimal. Last run's pairs are given, so
    the keep bonus and a full mentor's rule count too."""
    previous = tmp_path / "matches.json"
    previous.write_text(matches_text(result), encoding="utf-8")
    before = Previous({m: pair for k, (m, pair) in enumerate(sorted(read_previous(previous).pairs.items())) if k % 3})
    policy = dataclasses.replace(POLICIES[name], honour_mutual_first=mutual_first, candidates=4, few_options=3)
    r = run_match(people, policy, before)
    t = brute.truth(r, [(m, x[0]) for m, x in before.pairs.items()])
    best = brute.optimum(t, policy, mutual_first=mutual_first)
    got = brute.achieved(t, r, policy)
    assert r.cands.mutual.sum() > 0 and t.few.sum() > 0
    assert r.proof.coverage_added + r.proof.improvement.added > 0, "the test should need pairs beyond the cut"
    assert (got.matched, got.few) == (best.matched, best.few)
    if mutual_first:
        assert got.mutual == best.mutual
    assert got.value == best.value
    assert r.proof.improvement.proven
    stats = r.stats()
    assert stats["coverage_bound"] == best.matched == stats["matched"]
    assert stats["few_options"]["bound"] == best.few == stats["few_options"]["matched"]
    assert stats["optimal"] and stats["improvable"] == {"mutual_pairs": 0, "score": 0.0}


def test_blocking_pairs_are_exactly_the_brute_force_ones(result: MatchResult) -> None:
    c, asg = result.cands, result.assignment
    own = {i: int(c.score[e]) for i, e in enumerate(asg.pair.tolist()) if e >= 0}
    mentees_of: dict[int, list[int]] = {}
    for i, j in enumerate(asg.mentor_of.tolist()):
        if j >= 0:
            mentees_of.setdefault(j, []).append(own[i])
    expected = set()
    for e in range(len(c)):
        i, j, s = int(c.a[e]), int(c.b[e]), int(c.score[e])
        if asg.mentor_of[i] == j or s <= own.get(i, -1):
            continue
        taken = mentees_of.get(j, [])
        has_room = len(taken) < result.offers[j].capacity and result.offers[j].status == "open"
        if has_room or (taken and s > min(taken)):
            expected.add(e)
    got = set(blocking_pairs(c, asg, result.cols.mentors.capacity, result.cols.mentors.status).tolist())
    assert got == expected
    assert result.stats()["blocking_pairs"] == len(expected)


def test_every_published_pair_and_suggestion_is_eligible_and_explained_by_the_reference(result: MatchResult) -> None:
    data = json.loads(matches_text(result))
    seekers = {s.id: s for s in result.seekers}
    offers = {o.id: o for o in result.offers}
    entries = [(p["mentee"], p["mentor"], p) for p in data["pairs"]]
    entries += [(mentee, s["mentor"], s) for mentee, items in data["suggestions"].items() for s in items]
    entries += [(s["mentee"], mentor, s) for mentor, items in data["mentor_suggestions"].items() for s in items]
    assert len(entries) > len(data["pairs"]) * 3
    for mentee, mentor, entry in entries:
        seeker, offer = seekers[mentee], offers[mentor]
        assert is_eligible(seeker, offer, POLICY), (mentee, mentor)
        score = score_pair(seeker, offer, POLICY)
        assert entry["score"] == score.total
        assert entry["reasons"] == score.reasons()


def test_pairs_respect_capacity_and_each_mentee_once(result: MatchResult) -> None:
    data = json.loads(matches_text(result))
    mentees = [p["mentee"] for p in data["pairs"]]
    assert len(mentees) == len(set(mentees)) == data["stats"]["matched"]
    load: dict[str, int] = {}
    for p in data["pairs"]:
        load[p["mentor"]] = load.get(p["mentor"], 0) + 1
    capacity = {o.id: o.capacity for o in result.offers}
    assert all(n <= capacity[m] for m, n in load.items())
    unmatched = {u["mentee"] for u in data["unmatched"]}
    looking = {s.id for s in result.seekers if s.looking}
    assert unmatched | set(mentees) == looking and not unmatched & set(mentees)


def test_suggestions_put_the_pair_first_and_are_bounded(result: MatchResult) -> None:
    data = json.loads(matches_text(result))
    pairs = {p["mentee"]: p["mentor"] for p in data["pairs"]}
    for mentee, items in data["suggestions"].items():
        assert len(items) <= POLICY.suggestions_per_mentee
        assert len({s["mentor"] for s in items}) == len(items)
        if mentee in pairs:
            assert items[0] == {**items[0], "mentor": pairs[mentee], "assigned": True}
        assert all(not s["assigned"] for s in items[1:])
    for mentor, items in data["mentor_suggestions"].items():
        mine = sorted(m for m, x in pairs.items() if x == mentor)
        assert sorted(s["mentee"] for s in items if s["assigned"]) == mine
        assert len(items) <= max(POLICY.suggestions_per_mentor, len(mine))


def test_output_is_byte_identical_whatever_the_order(people: tuple[Profile, ...], result: MatchResult) -> None:
    shuffled = list(people)
    random.Random(5).shuffle(shuffled)
    assert matches_text(run_match(tuple(shuffled), POLICY)) == matches_text(result)


def test_a_rerun_with_the_previous_result_keeps_every_pair(
    result: MatchResult, tmp_path: Path, people: tuple[Profile, ...]
) -> None:
    previous = tmp_path / "matches.json"
    previous.write_text(matches_text(result), encoding="utf-8")
    again = run_match(people, POLICY, read_previous(previous))
    assert again.changes == ()
    stats = again.stats()
    assert stats["kept"] == stats["matched"] == result.stats()["matched"]


def test_a_paused_mentor_releases_their_mentees_with_a_reason(
    result: MatchResult, tmp_path: Path, people: tuple[Profile, ...]
) -> None:
    previous = tmp_path / "matches.json"
    previous.write_text(matches_text(result), encoding="utf-8")
    busiest = np.bincount(result.assignment.mentor_of[result.assignment.mentor_of >= 0]).argmax()
    paused = result.offers[int(busiest)].id
    changed = tuple(
        dataclasses.replace(p, mentor=dataclasses.replace(p.mentor, status="paused"))
        if p.id == paused and p.mentor
        else p
        for p in people
    )
    again = run_match(changed, POLICY, read_previous(previous))
    theirs = {c.mentee for c in again.changes if c.before == paused}
    assert theirs == {p["mentee"] for p in json.loads(previous.read_text())["pairs"] if p["mentor"] == paused}
    assert all(
        c.why == "no longer eligible: the mentor takes no new mentees (paused)"
        for c in again.changes
        if c.before == paused
    )
    others = [c for c in again.changes if c.before not in (None, paused)]
    assert len(others) <= len(theirs)  # the rest of the community barely moves


def _lists(r: MatchResult) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Whom each mentee's and each mentor's list names, as sets (sorted)."""
    data = json.loads(matches_text(r))
    mentees = {k: sorted(s["mentor"] for s in v) for k, v in data["suggestions"].items()}
    return mentees, {k: sorted(s["mentee"] for s in v) for k, v in data["mentor_suggestions"].items()}


def _moved(before: dict[str, list[str]], after: dict[str, list[str]]) -> int:
    return sum(before.get(k) != after.get(k) for k in set(before) | set(after))


def test_a_rerun_with_the_previous_result_keeps_every_list(
    result: MatchResult, tmp_path: Path, people: tuple[Profile, ...]
) -> None:
    previous = tmp_path / "matches.json"
    previous.write_text(matches_text(result), encoding="utf-8")
    before = read_previous(previous)
    assert sum(len(v) for v in before.listed.values()) == sum(len(v) for v in _lists(result)[0].values()) > 0
    assert _lists(run_match(people, POLICY, before)) == _lists(result)


def test_one_mentors_new_topic_moves_few_other_lists(tmp_path: Path) -> None:
    """Night-to-night, the lists stay where scores tie: one mentor's new topic moved some 1,000 of 6,900
    mentees' lists at 10,000 people when the flow chose among equal scores afresh each run."""
    write_community(2000, 11, tmp_path / "community")
    people = load_profiles([tmp_path / "community"])
    previous = tmp_path / "matches.json"
    previous.write_text(matches_text(run_match(people, POLICY)), encoding="utf-8")
    before = read_previous(previous)
    pairs_only = Previous(before.pairs)
    base = _lists(run_match(people, POLICY, before))
    topics = list(vocabulary("topic"))
    mentors = [p for p in people if p.mentor and p.mentor.status == "open"]
    kept = afresh = 0
    for mentor in mentors[:: len(mentors) // 3][:3]:
        assert mentor.mentor is not None
        new = next(t for t in topics if t not in mentor.mentor.topics)
        offer = dataclasses.replace(mentor.mentor, topics=(new, *mentor.mentor.topics[1:]))
        edited = tuple(dataclasses.replace(p, mentor=offer) if p.id == mentor.id else p for p in people)
        with_lists = _lists(run_match(edited, POLICY, before))
        without = _lists(run_match(edited, POLICY, pairs_only))
        kept += _moved(base[0], with_lists[0]) + _moved(base[1], with_lists[1])
        afresh += _moved(base[0], without[0]) + _moved(base[1], without[1])
    assert kept * 2 < afresh, (kept, afresh)
    assert kept < 0.05 * 3 * (len(base[0]) + len(base[1])), kept


def test_a_previous_file_with_unreadable_lists_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "matches.json"
    bad.write_text(json.dumps({"pairs": [], "suggestions": {"ana": [{"score": 1}]}}), encoding="utf-8")
    with pytest.raises(PreviousError, match=r"suggestions\['ana'\] needs a list of objects, each with a 'mentor' id"):
        read_previous(bad)
    bad.write_text(json.dumps({"pairs": [], "suggestions": []}), encoding="utf-8")
    with pytest.raises(PreviousError, match="'suggestions' is not an object of lists"):
        read_previous(bad)
    bad.write_text(json.dumps({"pairs": []}), encoding="utf-8")  # (a file from before the lists were read)
    assert read_previous(bad).listed == {}


def test_report_is_readable(result: MatchResult) -> None:
    text = render_report(result)
    for heading in (
        "# Matching report",
        "## Summary",
        "## Changes since the previous run",
        "## Mentees without a mentor",
        "### Supply and demand by topic",
        "## Pairs",
    ):
        assert heading in text
    stats = result.stats()
    assert f"| Matched | {stats['matched']:,} (" in text


def test_policy_changes_the_pairs(people: tuple[Profile, ...], result: MatchResult) -> None:
    policy: Policy = dataclasses.replace(POLICY, weights_h=(("topics", 0), *POLICY.weights_h[1:]))
    assert matches_text(run_match(people, policy)) != matches_text(result)


def test_cli_match_and_explain(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], result: MatchResult
) -> None:
    copy = tmp_path / "profiles"
    shutil.copytree(folder, copy)
    out = tmp_path / "out" / "matches.json"
    assert main(["match", "--profiles", str(copy), "--out", str(out), "--quiet"]) == 0
    assert out.read_text(encoding="utf-8") == matches_text(result)
    assert (tmp_path / "out" / "match-report.md").read_text(encoding="utf-8") == render_report(result)
    assert main(["match", "--profiles", str(copy), "--out", str(out), "--previous", str(out), "--quiet"]) == 0
    assert json.loads(out.read_text())["stats"]["kept"] == result.stats()["matched"]

    seeker = next(s for s in result.seekers if s.looking)
    stranger = next(o for o in result.offers if not is_eligible(seeker, o, POLICY))
    capsys.readouterr()
    assert main(["explain", seeker.id, stranger.id, "--profiles", str(copy), "--matches", str(out)]) == 0
    text = capsys.readouterr().out
    failed = [r for r in check_pair(seeker, stranger, POLICY) if not r.passed]
    assert f"Not eligible: excluded by {', '.join(r.rule for r in failed)}" in text
    assert all(f"FAIL  {r.rule:<17} {r.detail}" in text for r in failed)
    assert main(["explain", seeker.id, "no-such-person", "--profiles", str(copy)]) == 1
    assert "no profile has the id 'no-such-person'" in capsys.readouterr().err


def test_cli_reports_a_broken_previous_file(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "old.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["match", "--profiles", str(folder), "--out", str(tmp_path / "m.json"), "--previous", str(bad)]) == 1
    assert "not a readable matches.json" in capsys.readouterr().err
    assert not (tmp_path / "m.json").exists()


def test_the_report_sent_to_a_pipe_or_through_a_link_leaves_them_in_place(folder: Path, tmp_path: Path) -> None:
    """``--report /dev/null`` once put a regular file in place of the device (renamed over it, as root);
    a pipe stands for it here. A link to the output is followed, and stays a link."""
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_text(encoding="utf-8")), daemon=True)
    reader.start()
    real = tmp_path / "kept" / "matches.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "matches.json"
    link.symlink_to(real)
    assert main(["match", "--profiles", str(folder), "--out", str(link), "--report", str(pipe), "--quiet"]) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert got and got[0].startswith("# Matching report")
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["pairs"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept", "matches.json", "report.pipe"]  # no temporary file


def test_the_example_community_gets_explained_pairs() -> None:
    root = Path(__file__).resolve().parent.parent
    people = load_profiles([root / "profiles"])
    r = run_match(people, POLICY)
    data = json.loads(matches_text(r))
    by_id = {p.id: p for p in people}
    assert data["pairs"], "the example community should produce pairs"
    for pair in data["pairs"]:
        words = {reason["criterion"] for reason in pair["reasons"]}
        assert "topics" in words and "language" in words, pair  # every pair says what and in which language
        assert pair["score"] == round(sum(reason["points"] for reason in pair["reasons"]), 2)
    for unmatched in data["unmatched"]:
        assert unmatched["why"] and unmatched["rule"]
    report = render_report(r)
    some = data["pairs"][0]
    assert by_id[some["mentee"]].name in report and by_id[some["mentor"]].name in report


def test_lists_filled_in_rounds_keep_the_caps(people: tuple[Profile, ...], monkeypatch: pytest.MonkeyPatch) -> None:
    """A large community's lists are filled in rounds instead of by a flow: the caps and the first
    suggestion of everyone with an eligible mentor hold the same."""
    import matcher.matching.suggestions

    by_flow = run_match(people, POLICY).stats()["suggestions"]
    monkeypatch.setattr(matcher.matching.suggestions, "FLOW_PAIRS", 0)
    r = run_match(people, POLICY)
    s = r.stats()["suggestions"]
    assert s["mentees_without"] == 0 and (r.suggestions.lists <= r.suggestions.cap).all()
    assert s["mentees_with_fewer"] >= by_flow["mentees_with_fewer"]  # the flow is the most suggestions
    lengths = np.diff(r.suggestions.mentee_start)
    assert lengths.max() <= POLICY.suggestions_per_mentee
