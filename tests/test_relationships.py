"""Relationship files: every bad input is one clear line on its file, and a private one never names anyone.

Real files, read by the real loader, checked against the example community's real profiles.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from matcher.cli import main
from matcher.profile.validate import validate_paths
from matcher.relationships import keys
from matcher.relationships.check import add_months, check_relationships

ROOT = Path(__file__).resolve().parent.parent
PROFILES = validate_paths([ROOT / "profiles"]).profiles
KEY = b"k" * 32
TODAY = dt.date(2026, 11, 20)

PUBLIC = """mentee: aroha-ngata
mentor: daniel-okafor
public: true
topics: [leadership]
started: 2026-09-01
ends: 2027-03-01
status: active
"""


def check(
    tmp_path: Path, files: dict[str, str], key: bytes | None = KEY
) -> tuple[list[str], list[tuple[str, str]], int]:
    folder = tmp_path / "relationships"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = check_relationships(folder, PROFILES, key=key, today=TODAY)
    lines = [f"{Path(p.file).name}:{p.line}: {p.field}: {p.message}" for p in result.problems if p.severity == "error"]
    return lines, [(r.mentee, r.mentor) for r in result.relationships], result.unresolved


def private(mentee: str, mentor: str, extra: str = "") -> str:
    return (
        f"mentee: {keys.person_hash(KEY, mentee)}\nmentor: {keys.person_hash(KEY, mentor)}\n"
        f"started: 2026-10-01\nends: 2027-04-01\nstatus: active\n{extra}"
    )


def test_a_public_relationship_is_read(tmp_path: Path) -> None:
    assert check(tmp_path, {"a.yml": PUBLIC}) == ([], [("aroha-ngata", "daniel-okafor")], 0)


def test_a_private_one_is_resolved_with_the_key_and_counted_without(tmp_path: Path) -> None:
    files = {"r-1.yml": private("youssef-mansour", "thandi-dlamini")}
    assert check(tmp_path, files) == ([], [("youssef-mansour", "thandi-dlamini")], 0)
    assert check(tmp_path, files, key=None) == ([], [], 1)
    assert check(tmp_path, files, key=b"another key of at least 32 bytes!") == (
        [
            "r-1.yml:1: mentee: the mentee (private) has no profile any more: end the relationship and remove it",
            "r-1.yml:2: mentor: the mentor (private) has no profile any more: end the relationship and remove it",
        ],
        [],
        0,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PUBLIC.replace("public: true\n", ""), "a.yml:1: mentee: a private relationship must not name anyone"),
        (
            PUBLIC.replace("mentee: aroha-ngata", f"mentee: {keys.person_hash(KEY, 'aroha-ngata')}"),
            "a.yml:1: mentee: a public relationship names both people by their profile ids",
        ),
        (PUBLIC.replace("aroha-ngata", "nobody-here"), "a.yml:1: mentee: no profile has the id 'nobody-here'"),
        (
            PUBLIC.replace("mentor: daniel-okafor", "mentor: agnieszka-nowak"),
            "a.yml:2: mentor: 'agnieszka-nowak' offers no mentoring (no mentor block)",
        ),
        (
            PUBLIC.replace("mentee: aroha-ngata", "mentee: daniel-okafor"),
            "a.yml:1: mentee: 'daniel-okafor' seeks no mentoring (no mentee block)",
        ),
        (PUBLIC.replace("ends: 2027-03-01", "ends: 2026-08-01"), "a.yml:6: ends: 2026-08-01 is not after the start"),
        (
            PUBLIC.replace("ends: 2027-03-01", "ends: 2027-03-02"),
            "a.yml:6: ends: a term is at most 6 months: from the start (2026-09-01) it can end on 2027-03-01",
        ),
        (PUBLIC.replace("status: active", "status: ended"), "a.yml:7: status: an ended relationship needs the day"),
        (PUBLIC + "check_ins: [2027-04-01]\n", "a.yml:8: check_ins[0]: 2027-04-01 is outside the term"),
        (PUBLIC.replace("started: 2026-09-01", "started: 2026-02-30"), "a.yml:5: started: '2026-02-30' is not a"),
        (PUBLIC + "agreement: http://example.org/a\n", "a.yml:8: agreement: "),
        (PUBLIC + "colour: blue\n", "a.yml:8: colour: unknown field 'colour'"),
        (
            PUBLIC.replace("daniel-okafor", "aroha-ngata"),
            "a.yml:2: mentor: the mentee and the mentor are the same person",
        ),
    ],
    ids=[
        "private-names-people",
        "public-with-hash",
        "unknown-id",
        "mentee-as-mentor",
        "mentor-as-mentee",
        "dates-in-wrong-order",
        "term-too-long",
        "ended-without-day",
        "check-in-outside",
        "no-such-date",
        "agreement-not-https",
        "unknown-field",
        "same-person",
    ],
)
def test_bad_input_is_one_clear_line(tmp_path: Path, text: str, expected: str) -> None:
    lines, usable, _ = check(tmp_path, {"a.yml": text})
    assert any(line.startswith(expected) for line in lines), lines
    assert usable == []


def test_a_renewal_starts_a_new_term(tmp_path: Path) -> None:
    renewed = PUBLIC.replace("ends: 2027-03-01", "ends: 2027-08-01") + "renewed: [2027-02-15]\n"
    assert check(tmp_path, {"a.yml": renewed})[0] == []
    too_long = renewed.replace("ends: 2027-08-01", "ends: 2027-08-16")
    assert "from the last renewal (2027-02-15) it can end on 2027-08-15" in check(tmp_path, {"a.yml": too_long})[0][0]


def test_two_active_relationships_of_the_same_pair_overlap(tmp_path: Path) -> None:
    later = PUBLIC.replace("started: 2026-09-01", "started: 2026-10-01").replace("ends: 2027-03-01", "ends: 2027-04-01")
    lines, usable, _ = check(tmp_path, {"a.yml": PUBLIC, "b.yml": later})
    assert lines == ["b.yml:7: status: 'aroha-ngata' and 'daniel-okafor' already have an active relationship"]
    assert usable == [("aroha-ngata", "daniel-okafor")]


def test_a_mentor_over_capacity_is_refused_without_naming_private_people(tmp_path: Path) -> None:
    """Daniel takes one mentee; the second (private) relationship is refused, and its message names nobody."""
    second = private("youssef-mansour", "daniel-okafor").replace("2026-10-01", "2026-10-02")
    lines, usable, _ = check(tmp_path, {"a.yml": PUBLIC, "r-2.yml": second})
    assert lines == [
        "r-2.yml:2: mentor: the mentor (private) would have 2 active relationships, more than their capacity of 1: "
        "end one first, or raise mentor.capacity in their profile"
    ]
    assert usable == [("aroha-ngata", "daniel-okafor")]
    assert not any("youssef" in line or "daniel" in line for line in lines)


def test_an_ended_relationship_uses_no_capacity(tmp_path: Path) -> None:
    ended = PUBLIC.replace("status: active", "status: ended\nended: 2026-10-01").replace(
        "aroha-ngata", "youssef-mansour"
    )
    assert check(tmp_path, {"a.yml": PUBLIC, "b.yml": ended})[0] == []


def test_months_are_calendar_months() -> None:
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


def test_validate_reports_profiles_and_relationships_in_one_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "relationships"
    folder.mkdir()
    (folder / "a.yml").write_text(PUBLIC.replace("public: true\n", ""), encoding="utf-8")
    monkeypatch.delenv(keys.KEY_ENV, raising=False)
    code = main(["validate", str(ROOT / "profiles"), "--relationships", str(folder), "--today", "2026-11-20"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{folder}/a.yml:1: mentee: a private relationship must not name anyone" in out


def test_the_example_relationships_are_valid() -> None:
    result = check_relationships(ROOT / "relationships", PROFILES, key=None, today=TODAY)
    assert result.ok and result.unresolved == 1 and len(result.relationships) == 2


def test_a_short_key_is_refused_in_words() -> None:
    with pytest.raises(keys.UnusableKey, match="at least 32"):
        keys.load_key({keys.KEY_ENV: "short"})


def test_the_rhythm_plans_each_moment_once_and_nothing_public_for_private_ones() -> None:
    from matcher.relationships import rhythm
    from matcher.relationships.model import Relationship

    day = dt.date.fromisoformat
    public = Relationship("relationships/a.yml", "aroha-ngata", "daniel-okafor", day("2026-06-01"), day("2026-12-01"),
                          "active", public=True, check_ins=(day("2026-07-01"), day("2027-01-01")))  # fmt: skip
    private = Relationship("relationships/r.yml", "hmac-sha256:" + "a" * 64, "hmac-sha256:" + "b" * 64,
                           day("2026-11-01"), day("2027-05-01"), "active")  # fmt: skip
    plan = rhythm.plan([public, private], day("2026-12-02"))
    assert [(m.kind, m.day.isoformat()) for m in plan.messages] == [
        ("started", "2026-06-01"),
        ("check-in", "2026-07-01"),
        ("ends-soon", "2026-11-17"),
        ("term-passed", "2026-12-01"),
    ]
    assert len({m.marker for m in plan.messages}) == 4
    assert plan.closing == (public,) and plan.private_unsaid == 1
    assert rhythm.plan([public], day("2026-06-01")).closing == ()


def test_ending_a_file_keeps_its_comments() -> None:
    from matcher.relationships import rhythm

    text = "# agreed on the introduction issue\n" + PUBLIC
    out = rhythm.ended(text, dt.date(2027, 3, 1))
    assert out.startswith("# agreed on the introduction issue\n")
    assert "status: ended\n" in out and "ended: 2027-03-01\n" in out and "topics: [leadership]" in out


def test_synthetic_relationships_pass_every_check(tmp_path: Path) -> None:
    from matcher.synth import generate, write_community
    from matcher.synth.relationships import write_relationships

    write_community(400, 5, tmp_path / "profiles")
    made = write_relationships(generate(400, 5), 80, 5, tmp_path / "relationships")
    assert len(made) == 80
    profiles = validate_paths([tmp_path / "profiles"]).profiles
    result = check_relationships(tmp_path / "relationships", profiles, key=None, today=dt.date(2026, 11, 1))
    assert result.ok, result.problems[:3]
    assert len(result.relationships) == 80


def test_the_matcher_sees_fixed_pairs_full_mentors_and_ended_pairs_apart() -> None:
    import dataclasses

    from matcher.relationships.matching import apply
    from matcher.relationships.model import Relationship

    people = {p.id: p for p in PROFILES}
    day = dt.date.fromisoformat
    fixed = Relationship("relationships/a.yml", "aroha-ngata", "daniel-okafor", day("2026-09-01"), day("2027-03-01"),
                         "active", public=True, topics=("leadership",))  # fmt: skip
    ended = Relationship("relationships/b.yml", "youssef-mansour", "thandi-dlamini", day("2025-01-01"),
                         day("2025-06-01"), "ended", public=True, ended=day("2025-06-01"))  # fmt: skip
    seen, done = apply(PROFILES, [fixed, ended])
    by_id = {p.id: p for p in seen}
    assert by_id["daniel-okafor"].mentor.status == "paused"  # type: ignore[union-attr]  # his one place is taken
    assert by_id["aroha-ngata"].mentee.status == "paused"  # type: ignore[union-attr]  # leadership was all she sought
    assert "thandi-dlamini" in by_id["youssef-mansour"].avoid and "youssef-mansour" in by_id["thandi-dlamini"].avoid
    assert done.as_json() == {
        "active": [{"ends": "2027-03-01", "mentee": "aroha-ngata", "mentor": "daniel-okafor", "started": "2026-09-01"}],
        "active_private": 0,
    }
    # both shortlisting each other again lifts the separation
    again = [
        dataclasses.replace(p, interested_in=(*p.interested_in, other))
        if (p.id, other) in {("youssef-mansour", "thandi-dlamini"), ("thandi-dlamini", "youssef-mansour")}
        else p
        for p in PROFILES
        for other in ("thandi-dlamini" if p.id == "youssef-mansour" else "youssef-mansour",)
    ]
    seen, done = apply(again, [ended])
    assert done.ended_apart == () and "thandi-dlamini" not in {p.id: p for p in seen}["youssef-mansour"].avoid
    assert people["daniel-okafor"].mentor.status == "open"  # type: ignore[union-attr]  # the profiles themselves untouched
