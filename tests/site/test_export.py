"""The data files the pages' scripts read: made from each person's part, which ``invoke live`` keeps
from build to build, they are byte for byte the documents written whole."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from matcher.profile import schema
from matcher.profile.model import Profile
from matcher.profile.validate import validate_paths
from matcher.site import export
from matcher.site.community import Community, build_community
from matcher.site.introduce import Introducer
from matcher.site.pages import country_name, language_name, vocabulary

ROOT = Path(__file__).resolve().parents[2]


def _community(profiles: list[Profile] | None = None) -> Community:
    found = validate_paths([ROOT / "profiles"]).profiles
    return build_community(profiles or found, introducer=Introducer("https://github.com/o/r", "m@example.org", "MC"))


def _whole_mentors(community: Community) -> str:
    """mentors.json as one document, written in one go."""
    policy = export._policy()
    mentors = [export._mentor_record(p, policy, community.can_introduce(p)) for p in community.profiles if p.mentor]
    mentors.sort(key=lambda m: str(m["offer"]["id"]))
    labels = {name: vocabulary(name) for name in ("topic", "format", "sector", "language_level")}
    codes = sorted({code for p in community.profiles for code in p.language_codes})
    labels["language"] = {code: language_name(code) for code in codes}
    labels["country"] = {code: country_name(code) for code in sorted(schema.country_codes())}
    return export._json({"policy_version": policy.version, "labels": labels, "mentors": mentors})


def test_mentors_json_is_the_document_written_whole() -> None:
    community = _community()
    text = export.mentors_json(community)
    assert text == _whole_mentors(community)
    data = json.loads(text)
    assert [m["offer"]["id"] for m in data["mentors"]] == sorted(p.id for p in community.profiles if p.mentor)


def test_people_json_is_the_document_written_whole() -> None:
    community = _community()
    text = export.people_json(community)
    people = json.loads(text)["people"]
    assert text == export._json({"people": people})
    assert [p["id"] for p in people] == sorted(p.id for p in community.profiles)


def test_a_changed_profile_changes_its_part_and_only_that() -> None:
    """The parts kept for unchanged profiles are reused; a changed one is made again (invoke live)."""
    found = list(validate_paths([ROOT / "profiles"]).profiles)
    first = _community(found)
    before = json.loads(export.people_json(first))["people"]
    mentors_before = json.loads(export.mentors_json(first))["mentors"]
    index = next(i for i, p in enumerate(found) if p.mentor)
    found[index] = dataclasses.replace(found[index], name="Renamed Person", headline="A new headline")
    second = _community(found)
    after = json.loads(export.people_json(second))["people"]
    assert export.mentors_json(second) == _whole_mentors(second)
    changed = [a for a, b in zip(after, before, strict=True) if a != b]
    assert [c["name"] for c in changed] == ["Renamed Person"]
    mentors_after = json.loads(export.mentors_json(second))["mentors"]
    assert [m["headline"] for m in mentors_after if m not in mentors_before] == ["A new headline"]


def test_place_names_kept_in_the_cache_folder_are_the_ones_made_now() -> None:
    """The join page's country and language names are read once from pycountry's catalogs, then from the
    user's cache folder (tests point it at a temporary one): the data file is the same either way."""
    from matcher.profile.verdicts import cache_folder
    from matcher.site import joinform

    joinform._place_names.cache_clear()
    for old in cache_folder().glob("place-names-*.json"):
        old.unlink()
    made = export.join_places_json()
    kept = list(cache_folder().glob("place-names-*.json"))
    assert len(kept) == 1
    joinform._place_names.cache_clear()
    assert export.join_places_json() == made
    assert joinform._place_names()["countries"] == joinform._countries_now()
    assert joinform._place_names()["languages"] == joinform._languages_now()
    kept[0].write_text("{not json", encoding="utf-8")  # a damaged copy is made again, not trusted
    joinform._place_names.cache_clear()
    assert export.join_places_json() == made
