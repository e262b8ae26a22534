"""The schema itself: well-formed, its vocabularies labelled, and its two compiled forms in agreement."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.profile import schema

ROOT = Path(__file__).resolve().parent.parent
VALID = yaml.safe_load((ROOT / "tests/profiles/valid/lena-fischer.yml").read_text(encoding="utf-8"))
VALID["updated"] = VALID["updated"].isoformat()


def test_schema_is_valid_2020_12() -> None:
    doc = schema.profile_schema()
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(doc)


def test_every_vocabulary_value_has_a_label() -> None:
    for name, definition in schema.profile_schema()["$defs"].items():
        if "enum" in definition:
            assert list(definition["x-labels"]) == definition["enum"], name
            assert all(label.strip() for label in definition["x-labels"].values()), name


def test_topics_cover_the_people_we_serve() -> None:
    topics = set(schema.vocabulary("topic"))
    assert {
        "career-change",
        "job-interviews",
        "promotion",
        "leadership",
        "policy-advocacy",
        "eu-affairs",
        "digital-skills",
        "social-media",
        "intercultural-work",
        "women-in-male-dominated-fields",
        "sector-change",
        "trade-union-work",
        "fundraising",
        "nonprofit-management",
    } <= topics


def fast_ok(instance: Any) -> bool:
    try:
        schema.fast_check()(instance)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def full_ok(instance: Any) -> bool:
    return not any(True for _ in schema.validator().iter_errors(instance))


FIELDS = [
    ("name",),
    ("headline",),
    ("bio",),
    ("location", "country"),
    ("location", "timezone"),
    ("location", "city"),
    ("languages", 0, "code"),
    ("languages", 0, "level"),
    ("sectors", 0),
    ("mentor", "capacity"),
    ("mentor", "topics", 1),
    ("mentor", "status"),
    ("links", "website"),
    ("links", "linkedin"),
    ("contact", "email"),
    ("consent", "public"),
    ("updated",),
    ("endorsements", 0, "year"),
    ("github",),
    ("pronouns",),
]
VALUES = (
    st.none()
    | st.booleans()
    | st.integers(-5, 20)
    | st.text(max_size=20)
    | st.sampled_from(
        [
            "DE",
            "XX",
            "de",
            "Europe/Berlin",
            "Mars/Base",
            "2026-02-30",
            "2026-02-28",
            "https://example.org/x",
            "http://example.org",
            "https://user:pw@example.org",
            "a@b.org",
            "open",
            "closed",
            "<b>",
            "leadership",
            "x" * 3000,
            "line\nbreak",
            "policy-advocacy",
            "ro",
            "zzz",
        ]
    )
)


def set_path(data: dict, path: tuple, value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FIELDS), VALUES), min_size=1, max_size=3))
def test_fast_and_full_validators_agree(mutations: list) -> None:
    instance = copy.deepcopy(VALID)
    for path, value in mutations:
        set_path(instance, path, value)
    assert fast_ok(instance) == full_ok(instance), mutations


def test_the_valid_fixture_is_valid_for_both() -> None:
    assert fast_ok(VALID) and full_ok(VALID)


@pytest.mark.parametrize(
    ("vocabulary", "literal"),
    [
        ("language_level", "LanguageLevel"),
        ("mentor_status", "MentorStatus"),
        ("mentee_status", "MenteeStatus"),
        ("relation", "Relation"),
        ("reach", "Reach"),
        ("career_stage", "CareerStage"),
        ("contact_method", "ContactMethod"),
        ("format", "Format"),
    ],
)
def test_the_models_types_are_the_schemas_vocabularies(vocabulary: str, literal: str) -> None:
    """The typed model and the schema can't drift: each Literal is exactly its enum, in order."""
    import typing

    from matcher.profile import model

    assert typing.get_args(getattr(model, literal)) == tuple(schema.definition(vocabulary)["enum"])


def test_time_zones_are_the_locked_packages_not_the_machines(tmp_path: Path) -> None:
    """The machine's own zone files, which Python's zoneinfo reads first, change no verdict, match or page:
    every zone is the locked tzdata package's (a machine updated its database, and the same profiles
    were validated, matched and shown otherwise, with no cache noticing)."""
    import datetime as dt
    import zoneinfo
    from importlib import resources

    from matcher.matching import features
    from matcher.profile import zones
    from matcher.site import pages

    def forget() -> None:
        zoneinfo.ZoneInfo.clear_cache()
        for cached in (zones.zone, zones.names, features.utc_offset, pages.utc_offset):
            cached.cache_clear()

    # A machine whose Europe/Chisinau has Tokyo's rules, with a zone name tzdata does not have.
    tokyo = resources.files("tzdata").joinpath("zoneinfo", "Asia", "Tokyo").read_bytes()
    (tmp_path / "Europe").mkdir()
    (tmp_path / "Europe" / "Chisinau").write_bytes(tokyo)
    (tmp_path / "localtime").write_bytes(tokyo)
    winter = dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC)
    zoneinfo.reset_tzpath(to=[str(tmp_path)])
    forget()
    try:
        assert winter.astimezone(zoneinfo.ZoneInfo("Europe/Chisinau")).utcoffset() == dt.timedelta(hours=9)
        assert "localtime" in zoneinfo.available_timezones()  # (what the machine offers)
        assert pages.utc_offset("Europe/Chisinau", winter.date()) == "UTC+02:00"
        assert features.utc_offset("Europe/Chisinau", winter) == 120
        assert not schema.FORMAT_CHECKS["iana-timezone"]("localtime")
        assert schema.FORMAT_CHECKS["iana-timezone"]("Europe/Chisinau")
        with pytest.raises(zoneinfo.ZoneInfoNotFoundError):
            zones.zone("localtime")
    finally:
        zoneinfo.reset_tzpath()
        forget()
