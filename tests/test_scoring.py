"""The per-pair reference: policy loading, hard rules, score components, shared test vectors."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from matcher.matching.eligibility import RULES, check_pair, is_eligible
from matcher.matching.features import Offer, Seeker, city_key, offer_of, seeker_of, utc_offset
from matcher.matching.policy import COMPONENTS, PolicyError, load_policy, parse_policy, policy_as_json
from matcher.matching.scoring import overlap_minutes, ratio_h, score_pair
from matcher.matching.vectors import VARIANTS, VECTORS_FILE, variant, variant_path, vectors_text
from matcher.profile import schema
from matcher.profile.model import normal_city
from matcher.profile.validate import load_profiles

ROOT = Path(__file__).resolve().parent.parent
POLICY = load_policy()


def _pair() -> tuple[Seeker, Offer]:
    seeker = Seeker(
        id="a",
        topics=("eu-affairs", "diplomacy", "campaigning"),
        languages=(("ro", "native"),),
        formats=("video",),
        country="MD",
        city="Chișinău",
        utc_offset=120,
        target_sectors=("politics",),
    )
    offer = Offer(
        id="b",
        topics=("eu-affairs", "diplomacy"),
        languages=(("ro", "fluent"), ("en", "native")),
        formats=("video", "chat"),
        country="RO",
        city="Iași",
        utc_offset=120,
        capacity=2,
        sectors=("politics",),
    )
    return seeker, offer


# --- the shared vectors --------------------------------------------------------------


VECTOR_FILES = {"default": (ROOT / VECTORS_FILE, POLICY)} | {
    name: (variant_path(ROOT / VECTORS_FILE, name), variant(POLICY, name)) for name in VARIANTS
}


@pytest.mark.parametrize("name", VECTOR_FILES)
def test_committed_vectors_are_what_the_reference_generates(name: str) -> None:
    path, policy = VECTOR_FILES[name]
    committed = path.read_text(encoding="utf-8")
    assert committed == vectors_text(policy), f"{path.name} is stale: run `python -m matcher vectors`"


@pytest.mark.parametrize("name", VECTOR_FILES)
def test_reference_reproduces_every_vector_from_its_json_inputs(name: str) -> None:
    path, policy = VECTOR_FILES[name]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["policy"] == policy_as_json(policy)
    assert len(data["cases"]) > 200
    for case in data["cases"]:
        seeker, offer = Seeker.from_json(case["seeker"]), Offer.from_json(case["offer"])
        rules = check_pair(seeker, offer, policy, continuing=case["continuing"])
        score = score_pair(seeker, offer, policy)
        assert {r.rule: r.passed for r in rules} == case["eligibility"], case["name"]
        assert {c.criterion: c.points_h for c in score.components} == case["points_h"], case["name"]
        assert score.total_h == case["total_h"] == sum(case["points_h"].values())


def test_the_variants_change_what_they_say() -> None:
    """Each variant file differs from the default where its rule matters: otherwise it checks nothing."""
    default = json.loads((ROOT / VECTORS_FILE).read_text(encoding="utf-8"))["cases"]
    for name in VARIANTS:
        cases = json.loads(variant_path(ROOT / VECTORS_FILE, name).read_text(encoding="utf-8"))["cases"]
        differ = [a["name"] for a, b in zip(default, cases, strict=True) if a["eligibility"] != b["eligibility"]]
        assert differ, name


def _node() -> Path | None:
    found = shutil.which("node")
    if found:
        return Path(found)
    import playwright

    bundled = Path(playwright.__file__).parent / "driver" / "node"
    return bundled if bundled.exists() else None


@pytest.mark.skipif(_node() is None, reason="no JavaScript runtime (node) to run the browser's port")
def test_the_browser_port_agrees_with_every_vector_file(tmp_path: Path) -> None:
    """theme/static/js/scoring.js on every case of every policy's file, in node (the site's browser test
    runs the default file in a real browser)."""
    codes = {
        lang["code"]
        for path, _ in VECTOR_FILES.values()
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]
        for side in ("seeker", "offer")
        for lang in case[side]["languages"]
    }
    labels = {name: schema.vocabulary(name) for name in ("topic", "format", "sector")}
    labels["language"] = {code: schema.language_name(code) for code in sorted(codes)}
    labels["country"] = {code: schema.country_name(code) for code in sorted(schema.country_codes())}
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    script = tmp_path / "check.js"
    script.write_text(
        f"""
const S = require({json.dumps(str(ROOT / "theme/static/js/scoring.js"))});
const fs = require("fs");
const labels = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const out = [];
for (const file of process.argv.slice(3)) {{
  const v = JSON.parse(fs.readFileSync(file, "utf8"));
  for (const c of v.cases) {{
    const rules = S.checkPair(c.seeker, c.offer, v.policy, labels, c.continuing);
    const score = S.scorePair(c.seeker, c.offer, v.policy, labels);
    const got = {{eligibility: {{}}, details: {{}}, points_h: {{}}, total_h: score.total_h}};
    got.eligible = rules.every(r => r.passed);
    for (const r of rules) {{ got.eligibility[r.rule] = r.passed; got.details[r.rule] = r.detail; }}
    for (const k of score.components) {{ got.points_h[k.criterion] = k.points_h; got.details[k.criterion] = k.detail; }}
    out.push(got);
  }}
}}
process.stdout.write(JSON.stringify(out));
""",
        encoding="utf-8",
    )
    files = [str(path) for path, _ in VECTOR_FILES.values()]
    node = _node()
    assert node is not None
    done = subprocess.run(
        [str(node), str(script), str(tmp_path / "labels.json"), *files], capture_output=True, text=True, check=True
    )
    answers = json.loads(done.stdout)
    cases = [case for f in files for case in json.loads(Path(f).read_text(encoding="utf-8"))["cases"]]
    keys = ("eligibility", "eligible", "points_h", "total_h", "details")
    wrong = [(c["name"], k) for c, got in zip(cases, answers, strict=True) for k in keys if got[k] != c[k]]
    assert wrong == [], wrong[:5]
    assert len(cases) == 3 * len(json.loads((ROOT / VECTORS_FILE).read_text(encoding="utf-8"))["cases"])


def test_vectors_exercise_every_rule_failing_and_every_component_scoring() -> None:
    data = json.loads((ROOT / VECTORS_FILE).read_text(encoding="utf-8"))
    failed = {rule for case in data["cases"] for rule, ok in case["eligibility"].items() if not ok}
    assert failed == set(RULES)
    scored = {name for case in data["cases"] for name, points in case["points_h"].items() if points}
    assert scored == set(COMPONENTS)
    assert {True, False} <= {case["eligible"] for case in data["cases"]}


# --- policy ----------------------------------------------------------------------------


def test_policy_json_is_plain_json_with_integer_points() -> None:
    exported = policy_as_json(POLICY)
    assert json.loads(json.dumps(exported)) == exported
    assert all(isinstance(v, int) for v in exported["weights_h"].values())
    assert exported["hours"]["reference_instant"] == "2026-01-15T12:00:00Z"


@pytest.mark.parametrize(
    ("dotted", "value", "message"),
    [
        ("weights.topics", -1, "'weights.topics' must be a number of points"),
        ("weights.topics", 1.234, "at most two decimals"),
        ("languages.one_at_least", "perfect", "is not allowed (choose one of: conversational, fluent, native)"),
        ("hours.start", "9am", "not a time of day"),
        ("assignment.candidates", 0, "must be a whole number from 1 to 10000"),
        ("assignment.few_options", 50, "'assignment.few_options' = 50 must be below 'assignment.candidates' = 50"),
        ("assignment.improve_seconds", -1, "'assignment.improve_seconds' must be a number of seconds from 0 to 3600"),
        ("suggestions.lists_per_place", 0, "'suggestions.lists_per_place' must be a whole number from 1 to 1000"),
    ],
)
def test_a_bad_policy_value_is_named(dotted: str, value: object, message: str) -> None:
    table = tomllib.loads((ROOT / "matcher/matching/policy.toml").read_text(encoding="utf-8"))
    section, key = dotted.split(".")
    table[section][key] = value
    with pytest.raises(PolicyError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_policy(table)


def test_a_missing_policy_key_is_named() -> None:
    table = tomllib.loads((ROOT / "matcher/matching/policy.toml").read_text(encoding="utf-8"))
    del table["weights"]["hours"]
    with pytest.raises(PolicyError, match=r"missing key 'weights\.hours'"):
        parse_policy(table)


# --- rules -----------------------------------------------------------------------------


def test_every_rule_is_answered_in_order_with_words() -> None:
    seeker, offer = _pair()
    results = check_pair(seeker, offer, POLICY)
    assert [r.rule for r in results] == list(RULES)
    assert all(r.passed and r.detail for r in results)


def test_two_conversational_speakers_have_no_working_language() -> None:
    seeker, offer = _pair()
    seeker = replace(seeker, languages=(("en", "conversational"),))
    offer = replace(offer, languages=(("en", "conversational"),))
    language = next(r for r in check_pair(seeker, offer, POLICY) if r.rule == "language")
    assert not language.passed
    assert "both need conversational or better and one of them fluent or better" in language.detail


def test_in_person_only_needs_the_same_country() -> None:
    seeker, offer = _pair()
    seeker = replace(seeker, formats=("in-person",))
    offer = replace(offer, formats=("in-person",))
    assert not is_eligible(seeker, offer, POLICY)
    assert is_eligible(seeker, replace(offer, country="MD"), POLICY)


def test_the_format_words_name_only_the_ways_that_passed() -> None:
    """A Moldova-Kenya pair who both tick in person and chat can meet by chat, never "in person"."""
    seeker, offer = _pair()
    seeker = replace(seeker, formats=("in-person", "chat"), country="MD")
    offer = replace(offer, formats=("in-person", "chat"), country="KE", city="Nairobi")
    fmt = next(r for r in check_pair(seeker, offer, POLICY) if r.rule == "format")
    assert fmt.passed and fmt.detail == "can meet by text chat (not in person: not in the same country)"
    same = next(r for r in check_pair(seeker, replace(offer, country="MD"), POLICY) if r.rule == "format")
    assert same.detail == "can meet in person (both in Moldova) or by text chat"


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("  Chișinău ", "Chișinău"),
        ("Chișinău\ufeff", "Chișinău"),
        ("\u001fChișinău\u0085", "Chișinău"),
        ("\u00a0Chis\u0326ina\u0306u\u3000", "Chișinău"),
        (" \t", None),
        (None, None),
    ],
)
def test_a_city_is_normalised_once_the_same_way_everywhere(raw: str | None, normal: str | None) -> None:
    assert normal_city(raw) == normal
    assert city_key(raw) == (normal.lower() if normal else None)


def test_full_mentor_keeps_only_last_runs_pair() -> None:
    seeker, offer = _pair()
    full = replace(offer, status="full")
    assert not is_eligible(seeker, full, POLICY)
    assert is_eligible(seeker, full, POLICY, continuing=True)
    assert not is_eligible(seeker, replace(offer, status="paused"), POLICY, continuing=True)


def test_avoid_works_both_ways() -> None:
    seeker, offer = _pair()
    assert not is_eligible(replace(seeker, avoid=("b",)), offer, POLICY)
    assert not is_eligible(seeker, replace(offer, avoid=("a",)), POLICY)


# --- score -----------------------------------------------------------------------------


def test_score_components_and_words() -> None:
    seeker, offer = _pair()
    score = score_pair(seeker, offer, POLICY)
    points = {c.criterion: c.points for c in score.components}
    assert points == {"topics": 23.33, "language": 8.0, "hours": 10.0, "sector": 10.0, "location": 0.0, "interest": 0.0}
    assert score.total == 51.33
    words = {r["criterion"]: r["detail"] for r in score.reasons()}
    assert words["topics"] == "offers 2 of the 3 topics sought: EU affairs, Diplomacy and international relations"
    assert words["language"] == "both speak Romanian (mentee native, mentor fluent)"
    assert "location" not in words  # no points, no reason


def test_a_younger_mentor_is_never_penalised() -> None:
    profiles = {p.id: p for p in load_profiles([ROOT / "tests/profiles/valid"])}
    kofi = seeker_of(profiles["kofi-mensah"], POLICY)
    lena = profiles["lena-fischer"]
    assert lena.career_stage == "senior"
    younger = offer_of(replace(lena, career_stage="student"), POLICY)
    assert score_pair(kofi, younger, POLICY) == score_pair(kofi, offer_of(lena, POLICY), POLICY)


@pytest.mark.parametrize(
    ("a", "b", "minutes"),
    [
        (0, 0, 540),
        (0, 60, 480),
        (0, 540, 0),
        (0, 720, 0),
        (780, -600, 480),  # Auckland/Honolulu: a day apart
        (330, 120, 330),
        (345, -360, 0),
    ],
)
def test_overlap_of_working_hours(a: int, b: int, minutes: int) -> None:
    assert overlap_minutes(a, b, POLICY) == minutes == overlap_minutes(b, a, POLICY)


def test_ratio_rounds_half_up_in_integers() -> None:
    assert ratio_h(3500, 2, 3) == 2333
    assert ratio_h(1000, 1, 8) == 125
    assert ratio_h(1, 1, 2) == 1


def test_offsets_use_the_reference_instant_not_today() -> None:
    # January: Sydney is on summer time (+11), Berlin is not (+1)
    assert utc_offset("Australia/Sydney", POLICY.reference_instant) == 660
    assert utc_offset("Europe/Berlin", POLICY.reference_instant) == 60


def test_views_from_real_profiles() -> None:
    profiles = {p.id: p for p in load_profiles([ROOT / "tests/profiles/valid"])}
    kofi = seeker_of(profiles["kofi-mensah"], POLICY)
    lena = offer_of(profiles["lena-fischer"], POLICY)
    assert kofi.shortlist == ("lena-fischer",) and kofi.utc_offset == 0 and lena.utc_offset == 60
    assert is_eligible(kofi, lena, POLICY)
    score = score_pair(kofi, lena, POLICY)
    assert {c.criterion for c in score.components if c.points_h} == {
        "topics",
        "language",
        "hours",
        "sector",
        "interest",
    }
    with pytest.raises(ValueError, match="lena-fischer is not a mentee"):
        seeker_of(profiles["lena-fischer"], POLICY)
