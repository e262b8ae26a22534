"""The issue forms: derived from the schema, committed up to date, valid for GitHub."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from matcher.intake import forms, questions, templates
from matcher.profile import schema

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / templates.TEMPLATE_DIR


def test_committed_forms_are_what_the_schema_gives() -> None:
    assert templates.out_of_date_forms(TEMPLATES) == []


def test_a_changed_schema_makes_the_check_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(TEMPLATES, tmp_path / "t")
    labels = dict(schema.definition("topic")["x-labels"])
    monkeypatch.setitem(schema.definition("topic"), "x-labels", {**labels, "leadership": "Leading people"})
    assert templates.out_of_date_forms(tmp_path / "t") == [
        f"{tmp_path / 't' / name}: out of date, the schema, community.toml or a catalog changed: run `python -m "
        "matcher generate` and commit the result"
        for name in ("join.yml", "update.yml")
    ]


def test_choices_and_limits_come_from_the_schema() -> None:
    join = yaml.safe_load((TEMPLATES / "join.yml").read_text(encoding="utf-8"))
    by_id = {e.get("id"): e for e in join["body"]}
    assert by_id["mentor_topics"]["attributes"]["options"] == list(schema.vocabulary("topic").values())
    assert by_id["sectors"]["attributes"]["options"] == list(schema.vocabulary("sector").values())
    assert by_id["mentor_status"]["attributes"]["options"] == list(schema.vocabulary("mentor_status").values())
    capacity = schema.resolve(("mentor", "capacity"))
    assert by_id["mentor_capacity"]["attributes"]["options"] == [
        str(n) for n in range(capacity["minimum"], capacity["maximum"] + 1)
    ]
    name = schema.resolve(("name",))
    assert f"Up to {name['maxLength']} characters" in by_id["name"]["attributes"]["description"]
    consent = schema.resolve(("consent",))["properties"]
    assert [o["label"] for o in by_id["consent"]["attributes"]["options"]] == [s["title"] for s in consent.values()]


def test_field_ids_are_schema_paths_and_every_profile_field_is_asked() -> None:
    join = forms.forms_by_name()["join"]
    asked = {q.path for q in join.questions if q.path}
    for name in schema.profile_schema()["properties"]:
        if name in ("updated", "endorsements", "consent", "endorsements_accepted"):
            continue  # set by the converter, the endorse form, a tick box; accepting is on the update form
        resolved = schema.resolve((name,))
        if resolved.get("type") == "object":
            assert {(name, key) for key in resolved["properties"]} <= asked, name
        else:
            assert (name,) in asked, name
    for q in join.questions:
        if q.path and q.id != "consent":
            assert q.id == "_".join(q.path)
    update = {q.path for q in forms.forms_by_name()["update"].questions}
    assert ("endorsements_accepted",) in update


@pytest.mark.parametrize("form", forms.build_forms(), ids=lambda f: f.name)
def test_ids_and_labels_are_unique(form: questions.Form) -> None:
    assert len({q.id for q in form.questions}) == len(form.questions)
    assert len({q.label for q in form.questions}) == len(form.questions)


def _check_jsonschema(schema_name: str, *files: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("check-jsonschema") or str(Path(__import__("sys").executable).parent / "check-jsonschema")
    return subprocess.run([exe, "--builtin-schema", schema_name, *map(str, files)], capture_output=True, text=True)


def test_issue_forms_pass_githubs_schema() -> None:
    files = sorted(p for p in TEMPLATES.glob("*.yml") if p.name != "config.yml")
    assert [p.stem for p in files] == sorted(forms.forms_by_name())
    result = _check_jsonschema("vendor.github-issue-forms", *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_config_passes_githubs_schema_and_turns_off_blank_issues() -> None:
    result = _check_jsonschema("vendor.github-issue-config", TEMPLATES / "config.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert yaml.safe_load((TEMPLATES / "config.yml").read_text(encoding="utf-8"))["blank_issues_enabled"] is False


def test_a_label_github_would_split_is_refused() -> None:
    q = questions.Question("x", "X", "choices", options=(("a", "Apples, pears"),))
    form = questions.Form("f", "F", "", "", (), "", (q,))
    with pytest.raises(ValueError, match="may not contain ', '"):
        templates.render_form(form)


def test_the_join_pages_spec_comes_from_the_schema() -> None:
    from matcher.site import joinform

    spec = joinform.join_spec()
    by_id = {q["id"]: q for q in spec["questions"]}
    assert [o["value"] for o in by_id["mentor_topics"]["options"]] == list(schema.vocabulary("topic"))
    assert by_id["headline"]["limits"] == {
        k: v for k, v in schema.resolve(("headline",)).items() if k in ("minLength", "maxLength", "pattern")
    }
    assert by_id["languages"]["limits"]["maxItems"] == schema.resolve(("languages",))["maxItems"]
    assert spec["forms"]["join"]["template"] == "join.yml" and spec["yamlField"] == questions.PROFILE_YAML_ID
    # the page asks in people's words: no code, format or file name in a label or its help
    for q in spec["questions"]:
        words = f"{q['label']} {q['help']}"
        for jargon in ("ISO", "IANA", "Markdown", "YAML", ".yml", "profile id", "github login", "contact.email"):
            assert jargon.lower() not in words.lower(), (q["id"], jargon)


def test_every_country_language_and_time_zone_the_join_page_offers_validates() -> None:
    from matcher.site import joinform

    lists = joinform.lists()
    assert {c["value"] for c in lists["countries"]} == schema.country_codes()
    assert {c["value"] for c in lists["languages"]} <= schema.language_codes()
    assert {z["value"] for zones in lists["zones"].values() for z in zones} <= schema.timezones()
    assert set(lists["zones"]) <= schema.country_codes()


def test_countries_and_languages_are_found_by_their_names_in_other_languages() -> None:
    from matcher.site import joinform

    countries = {c["value"]: c for c in joinform.countries()}
    languages = {c["value"]: c for c in joinform.languages()}
    assert "Deutschland" in countries["DE"]["names"] and "Германия" in countries["DE"]["names"]
    assert languages["sw"]["label"] == "Swahili" and languages["el"]["label"] == "Greek"
    assert [z["city"] for z in joinform.zones()["KE"]] == ["Nairobi"]


def test_every_topic_is_in_exactly_one_group() -> None:
    from matcher.site import joinform

    placed = [t for _, topics in joinform.TOPIC_GROUPS for t in topics]
    assert sorted(placed) == sorted(schema.vocabulary("topic")), "a topic is in no group, or in two"


def test_one_walk_of_the_schema_gives_every_field_its_rules() -> None:
    from matcher.profile import fields

    by_path = {f.dotted: f for f in fields.profile_fields()}
    assert by_path["name"].required and by_path["name"].limits["maxLength"] == schema.resolve(("name",))["maxLength"]
    assert not by_path["mentor.topics"].required and by_path["mentor.topics"].required_in_block
    assert by_path["location.country"].required and by_path["location.country"].format == "country-code"
    assert by_path["languages[].code"].limits["pattern"] == schema.resolve(("languages", 0, "code"))["pattern"]
    assert by_path["interested_in"].item_limits["pattern"] == schema.definition("id")["pattern"]
    assert by_path["bio"].markdown and not by_path["headline"].markdown
    assert [v for v, _ in by_path["mentor.topics"].vocabulary] == list(schema.vocabulary("topic"))
    for name in schema.profile_schema()["properties"]:
        assert name in by_path
