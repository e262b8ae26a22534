"""The synthetic community generator: deterministic, valid, realistic in its mix, and fast."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import subprocess
import sys
import time
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import synth
from matcher.profile import loader, schema
from matcher.profile.validate import validate_paths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def community() -> list[tuple[str, dict]]:
    return synth.generate(5000, 11)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.yml"))}


# --- determinism ----------------------------------------------------------------------------------

def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    a = synth.write_community(300, 7, tmp_path / "a")
    random.seed(12345)  # the global generator must not matter
    b = synth.write_community(300, 7, tmp_path / "b")
    assert [p.name for p in a] == [p.name for p in b] == sorted(p.name for p in a)
    assert len(a) == 300
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_different_seeds_give_different_communities() -> None:
    one, two = synth.generate(300, 1), synth.generate(300, 2)
    assert [pid for pid, _ in one] != [pid for pid, _ in two]
    assert sum(a != b for (_, a), (_, b) in zip(one, two, strict=True)) > 290


def test_output_does_not_depend_on_hash_randomisation() -> None:
    """Set or dict-of-set iteration leaking into the output would differ between these runs."""
    code = ("import hashlib, sys; from matcher import synth; "
            "h = hashlib.sha256(); "
            "[h.update(synth.dump_profile(raw).encode()) for _, raw in synth.iter_community(400, 3)]; "
            "print(h.hexdigest())")
    outputs = set()
    for hash_seed in ("0", "1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=120, check=True)
        outputs.add(run.stdout.strip())
    assert len(outputs) == 1


def test_generate_matches_the_written_files(tmp_path: Path) -> None:
    written = synth.write_community(120, 5, tmp_path)
    generated = dict(synth.generate(120, 5))
    for path in written:
        doc, problems = loader.read(path)
        assert doc is not None and not problems
        assert doc.data == generated[path.stem]


# --- validity -------------------------------------------------------------------------------------

@pytest.mark.parametrize("seed", [1, 2, 99])
def test_every_profile_is_valid_and_references_resolve(tmp_path: Path, seed: int) -> None:
    synth.write_community(300, seed, tmp_path)
    result = validate_paths([tmp_path], today=synth.REFERENCE_DATE)
    assert result.files == 300
    assert result.problems == (), [str(p) for p in result.problems[:10]]
    assert len(result.profiles) == 300


def test_schema_validator_accepts_every_generated_mapping(community: list[tuple[str, dict]]) -> None:
    validator = schema.validator()
    ids = {pid for pid, _ in community}
    assert len(ids) == len(community)
    for pid, raw in community:
        assert schema.id_pattern().fullmatch(pid) and len(pid) <= 64
        errors = [e.message for e in validator.iter_errors(raw)]  # plain JSON types, as the loader gives
        assert not errors, (pid, errors)
        refs = raw.get("interested_in", []) + raw.get("avoid", []) + [e["id"] for e in raw.get("endorsements", [])]
        assert all(r in ids and r != pid for r in refs), pid
        assert not set(raw.get("interested_in", [])) & set(raw.get("avoid", [])), pid


def test_keys_follow_the_schema_order(community: list[tuple[str, dict]]) -> None:
    top = list(schema.profile_schema()["properties"])
    for _, raw in community[:500]:
        assert list(raw) == [k for k in top if k in raw]
        for block in ("location", "mentor", "mentee", "links", "contact", "consent"):
            if block in raw:
                order = list(schema.resolve((block,))["properties"])
                assert list(raw[block]) == [k for k in order if k in raw[block]]


def test_time_zones_belong_to_their_country_and_codes_are_real() -> None:
    zone_tab = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    zones: dict[str, set[str]] = {}
    for line in zone_tab.splitlines():
        if line and not line.startswith("#"):
            code, _, zone = line.split("\t")[:3]
            zones.setdefault(code, set()).add(zone)
    for code, (weight, region, cities, default_tz, natives, seconds) in synth.COUNTRIES.items():
        assert code in schema.country_codes()
        assert weight > 0 and region in synth.NAMES
        assert default_tz in zones[code], code
        for city, tz in cities:
            assert tz in zones[code], (code, city, tz)
        for lang, _ in natives + seconds:
            assert lang in schema.language_codes(), (code, lang)
    continents = {tz.split("/")[0] for _, _, _, tz, _, _ in synth.COUNTRIES.values()}
    assert {"Europe", "Africa", "America", "Asia", "Australia", "Pacific"} <= continents


def test_popularity_rankings_cover_the_vocabulary() -> None:
    topics = set(schema.vocabulary("topic"))
    assert set(synth.DEMAND_ORDER) == topics == set(synth.SUPPLY_ORDER)
    assert len(synth.DEMAND_ORDER) == len(synth.SUPPLY_ORDER) == len(topics)
    assert set(synth.SECTOR_WEIGHTS) == set(schema.vocabulary("sector"))


# --- the mix --------------------------------------------------------------------------------------

def test_role_and_capacity_mix(community: list[tuple[str, dict]]) -> None:
    n = len(community)
    roles = Counter(("mentor" in raw, "mentee" in raw) for _, raw in community)
    assert 0.50 < roles[(False, True)] / n < 0.60  # mentee only
    assert 0.20 < roles[(True, False)] / n < 0.30  # mentor only
    assert 0.15 < roles[(True, True)] / n < 0.25  # both
    mentors = [raw["mentor"] for _, raw in community if "mentor" in raw]
    capacity = Counter(m["capacity"] for m in mentors)
    assert set(capacity) == {1, 2, 3, 4, 5}
    assert capacity[1] > capacity[2] > capacity[3] > capacity[4] > capacity[5]  # skewed low
    status = Counter(m["status"] for m in mentors)
    assert 0.75 < status["open"] / len(mentors) < 0.85
    assert status["full"] > 0 and status["paused"] > 0
    for _, raw in community:
        for role in ("mentor", "mentee"):
            if role in raw:
                assert 1 <= len(raw[role]["topics"]) <= 4
        if "mentor" in raw and "mentee" in raw:
            assert not set(raw["mentor"]["topics"]) & set(raw["mentee"]["topics"])


def test_some_topics_are_in_high_demand_and_short_supply(community: list[tuple[str, dict]]) -> None:
    demand = Counter(t for _, raw in community if "mentee" in raw for t in raw["mentee"]["topics"])
    supply = Counter(t for _, raw in community if "mentor" in raw for t in raw["mentor"]["topics"])
    ratios = {t: demand[t] / max(supply[t], 1) for t in schema.vocabulary("topic")}
    assert max(ratios.values()) > 5 and min(ratios.values()) < 0.5
    top = demand.most_common(3)
    assert top[0][1] > 8 * demand.most_common()[-1][1]  # Zipf-like: the head is far above the tail


def test_places_formats_and_reach(community: list[tuple[str, dict]]) -> None:
    mentees = [raw for _, raw in community if "mentee" in raw]
    local = [m for m in mentees if m["mentee"].get("reach") == "local"]
    assert 0.10 < len(local) / len(mentees) < 0.20
    assert all("city" in m["location"] and "in-person" in m["mentee"]["formats"] for m in local)
    formats = Counter(f for _, raw in community for role in ("mentor", "mentee") if role in raw
                      for f in raw[role]["formats"])
    assert formats["video"] > formats["in-person"] > 0 and formats["chat"] > 0 and formats["email"] > 0
    # local, in-person pairs exist: a local mentee and an in-person mentor in the same city
    mentor_cities = {(raw["location"]["country"], raw["location"].get("city")) for _, raw in community
                     if "mentor" in raw and "in-person" in raw["mentor"]["formats"]}
    assert sum((m["location"]["country"], m["location"]["city"]) in mentor_cities for m in local) > len(local) / 2
    countries = Counter(raw["location"]["country"] for _, raw in community)
    assert len(countries) >= 45


def test_languages_are_plausible(community: list[tuple[str, dict]]) -> None:
    for _, raw in community:
        langs = raw["languages"]
        assert langs[0]["level"] == "native"
        natives = {code for code, _ in synth.COUNTRIES[raw["location"]["country"]][4]}
        assert langs[0]["code"] in natives
    english = sum(any(lang["code"] == "en" for lang in raw["languages"]) for _, raw in community)
    assert 0.5 < english / len(community) < 0.95


def test_relations(community: list[tuple[str, dict]]) -> None:
    shortlists = {pid: set(raw.get("interested_in", ())) for pid, raw in community}
    mutual = sum(1 for pid, picks in shortlists.items() for other in picks if pid in shortlists[other]) // 2
    assert mutual > 50
    assert 0.01 < sum("avoid" in raw for _, raw in community) / len(community) < 0.04
    assert 0.04 < sum("endorsements" in raw for _, raw in community) / len(community) < 0.12
    assert any("target_sectors" in raw.get("mentee", {}) for _, raw in community)
    dates = [dt.date.fromisoformat(raw["updated"]) for _, raw in community]
    assert all(synth.REFERENCE_DATE - dt.timedelta(days=365) <= d < synth.REFERENCE_DATE for d in dates)
    logins = [raw["github"] for _, raw in community if "github" in raw]
    assert len(logins) == len(set(logins)) > 0


def test_names_use_several_scripts(community: list[tuple[str, dict]]) -> None:
    names = [raw["name"] for _, raw in community]
    assert any(any("\u0400" <= ch <= "\u04ff" for ch in n) for n in names)  # Cyrillic
    assert any(any("\u0600" <= ch <= "\u06ff" for ch in n) for n in names)  # Arabic
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in n) for n in names)  # CJK
    assert len(set(names)) > len(names) * 0.5


# --- writing --------------------------------------------------------------------------------------

def test_write_replaces_its_own_old_files_only(tmp_path: Path) -> None:
    synth.write_community(40, 1, tmp_path)
    mine = tmp_path / "someone-real.yml"
    mine.write_text("name: Not generated\n", encoding="utf-8")
    written = synth.write_community(10, 2, tmp_path)
    assert sorted(p.name for p in tmp_path.glob("*.yml")) == sorted([p.name for p in written] + [mine.name])
    assert mine.read_text(encoding="utf-8") == "name: Not generated\n"


def test_cli_writes_the_same_files(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "matcher", "synth", "--count", "25", "--seed", "4", "--out",
                          str(tmp_path / "cli")], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    synth.write_community(25, 4, tmp_path / "api")
    assert digest(tmp_path / "cli") == digest(tmp_path / "api")
    assert len(digest(tmp_path / "cli")) == 25


def test_generation_is_fast(tmp_path: Path) -> None:
    start = time.perf_counter()
    synth.write_community(5000, 1, tmp_path)
    elapsed = time.perf_counter() - start
    assert elapsed < 15, f"5,000 profiles took {elapsed:.1f}s (100,000 must fit well under a minute)"


# --- the emitter ----------------------------------------------------------------------------------

TRICKY = ["NO", "no", "yes", "Off", "null", "~", "true", "2026-01-01", "1e3", "0x1F", ".inf", "- item", "a: b",
          "a #b", "#c", "'quoted'", '"dq"', "@at", "`tick", "%pct", "!tag", "&anchor", "*alias", "[x]", "{y}",
          "trailing ", " leading", "tab\there", "ab\u2028cd", "x\u0085y", "bom\ufeff", "ctrl\x07", "é", "",
          "line one\nline two", "ends with break\n", "two breaks\n\n", "\nstarts with break", "  indented\nx",
          "spaces \nbefore break", "Фікція", "نور", "佐藤 健一", "emoji 🙂", "https://example.org/a b"]


def roundtrip(value: object) -> None:
    data = {"name": value, "bio": value, "interested_in": [value], "location": {"city": value}}
    text = synth.dump_profile(data, comment="a comment\nover two lines")
    doc, problems = loader.parse(text, "x.yml", "x")
    assert doc is not None and not problems, (value, text, problems)
    assert doc.data == data, (value, text)
    assert yaml.safe_load(text) == data, (value, text)  # a YAML 1.1 reader agrees


@pytest.mark.parametrize("value", TRICKY)
def test_emitter_round_trips_tricky_text(value: str) -> None:
    roundtrip(value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=60))
def test_emitter_round_trips_any_text(value: str) -> None:
    roundtrip(value)


def test_emitter_writes_plain_values_where_safe() -> None:
    text = synth.dump_profile({"name": "Ana Popescu", "location": {"country": "NO", "timezone": "Europe/Oslo"},
                               "updated": dt.date(2026, 1, 2), "bio": "Line one.\n\n- item\n"})
    assert text == ('name: Ana Popescu\nlocation:\n  country: "NO"\n  timezone: Europe/Oslo\nupdated: 2026-01-02\n'
                    "bio: |\n  Line one.\n\n  - item\n")
