"""Hostile input: every case is one clear error line, no code runs, nothing crashes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.profile import loader
from matcher.profile.validate import check_document, validate_paths

MINIMAL = """name: Test Person
headline: Teacher in Oslo who mentors
location: {country: NO, timezone: Europe/Oslo}
languages: [{code: nb, level: native}]
sectors: [education]
mentor: {topics: [leadership], capacity: 1, formats: [video], status: open}
consent: {public: true, adult: true}
updated: 2026-10-01
"""


def read(tmp_path: Path, name: str, content: bytes | str):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return loader.read(path)


def test_ten_megabyte_file_is_refused_before_parsing(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "huge.yml", b"name: " + b"x" * (10 * 1024 * 1024))
    assert doc is None
    assert [p.message for p in problems] == ["the file is 10,485,766 bytes; a profile may be at most 65,536 bytes"]


def test_python_tags_run_no_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    doc, problems = read(tmp_path, "evil.yml", f'name: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert doc is None and not marker.exists()
    assert problems[0].message == "the tag '!!python/object/apply:os.system' is not allowed: write plain values"


def test_alias_bomb_is_refused_without_expansion(tmp_path: Path) -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    doc, problems = read(tmp_path, "bomb.yml", "\n".join(rows) + "\n")
    assert doc is None
    assert (problems[0].line, problems[0].message) == (1, "anchors and aliases (& and *) are not allowed in a profile")


def test_markdown_emphasis_and_ampersands_are_not_mistaken_for_aliases(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        "name: Test Person", "name: Test Person\nbio: 'I like *R&D* and [links](https://example.org)'"
    )
    doc, problems = read(tmp_path, "ok.yml", text)
    assert problems == [] and doc is not None
    assert doc.data["bio"] == "I like *R&D* and [links](https://example.org)"


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "deep.yml", "a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert doc is None
    assert [(p.line, p.message) for p in problems] == [(1, "nested more than 8 levels deep")]


DEEP_TEXTS = {
    "flow": ("a: " + "[" * 5000 + "]" * 5000 + "\n", 1),
    "block sequences": ("a:\n" + "".join("  " * i + "- \n" for i in range(3000)), 9),
    "block mappings": ("a:\n" + "".join("  " * i + "- x:\n" for i in range(3000)), 5),
}


@pytest.mark.parametrize("kind", sorted(DEEP_TEXTS))
@pytest.mark.parametrize(
    "parser",
    [
        # libyaml (PyYAML 6.0.4 and later) refuses nesting past ~1,000 levels with its own message
        pytest.param(getattr(yaml, "CSafeLoader", None), id="libyaml"),
        # the pure-Python parser (like older libyaml) hands over every event, however deep
        pytest.param(yaml.SafeLoader, id="python"),
    ],
)
def test_deep_nesting_line_whichever_parser(kind: str, parser: type | None) -> None:
    if parser is None:
        pytest.skip("PyYAML built without libyaml")
    text, line = DEEP_TEXTS[kind]
    assert loader._too_deep(text, parser) == line


def test_non_utf8_points_at_the_line(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "latin1.yml", b"name: Test\nheadline: Caf\xe9 owner\n")
    assert doc is None
    assert (problems[0].line, problems[0].message) == (
        2,
        "the file is not UTF-8 text (byte 0xe9 at offset 24): save it as UTF-8",
    )


def test_duplicate_keys_are_reported_not_merged(tmp_path: Path) -> None:
    doc, problems = read(tmp_path, "dup.yml", MINIMAL + "name: Someone Else\n")
    assert doc is not None and doc.data["name"] == "Test Person"
    assert [(p.line, p.field) for p in problems] == [(9, "name")]


def test_yaml_12_booleans_keep_norway_and_refuse_yes(tmp_path: Path) -> None:
    doc, _ = read(tmp_path, "test-person.yml", MINIMAL)
    assert doc is not None and doc.data["location"]["country"] == "NO"
    assert check_document(doc) == []
    doc2, _ = read(tmp_path, "test-person.yml", MINIMAL.replace("public: true", "public: yes"))
    assert doc2 is not None
    assert [p.message for p in check_document(doc2)] == [
        "must be true: this file and its Git history are public, for ever"
    ]


def test_dates_are_kept_as_written_and_typed_as_dates(tmp_path: Path) -> None:
    (tmp_path / "test-person.yml").write_text(MINIMAL)
    result = validate_paths([tmp_path])
    assert result.problems == ()
    assert result.profiles[0].updated == dt.date(2026, 10, 1)  # the typed Profile has a real date
    doc, _ = read(tmp_path, "d.yml", MINIMAL.replace("2026-10-01", "2026-02-30"))
    assert doc is not None and doc.data["updated"] == "2026-02-30"  # kept as written, not repaired
    assert [p.message for p in check_document(doc)] == ["'2026-02-30' is not a date: write it as YYYY-MM-DD"]


def test_a_list_or_scalar_file_is_not_a_profile(tmp_path: Path) -> None:
    for content, kind in (("- a\n- b\n", "a list"), ("just text\n", "text"), ("42\n", "int")):
        doc, problems = read(tmp_path, "x.yml", content)
        assert doc is None and problems[0].message.endswith(f"not {kind}")


def test_yaml_files_with_other_suffix_are_reported_not_skipped(tmp_path: Path) -> None:
    (tmp_path / "someone.yaml").write_text(MINIMAL)
    result = validate_paths([tmp_path])
    assert [p.message for p in result.problems] == ["profile files end in .yml: rename it to someone.yml"]


# --- properties: the validator never crashes, whatever the input -----------------------------

yaml_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=400)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30) | st.dates()
trees = st.recursive(
    scalars,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=12), kids, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(yaml_text)
def test_parse_never_raises_on_arbitrary_text(text: str) -> None:
    doc, problems = loader.parse(text, "fuzz.yml", "fuzz")
    assert (doc is None) == bool(problems) or doc is not None
    if doc is not None:
        check_document(doc)  # must not raise either
    for p in problems:
        assert p.file == "fuzz.yml" and p.line >= 1 and p.message


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "name",
                "headline",
                "location",
                "languages",
                "sectors",
                "mentor",
                "mentee",
                "consent",
                "updated",
                "links",
                "endorsements",
                "avoid",
                "bio",
            ]
        )
        | st.text(max_size=8),
        trees,
        max_size=10,
    )
)
def test_validator_never_crashes_on_arbitrary_structures(data: dict) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    doc, _ = loader.parse(text, "fuzz.yml", "fuzz")
    if doc is not None:
        for problem in check_document(doc):
            assert problem.line >= 1 and problem.message
