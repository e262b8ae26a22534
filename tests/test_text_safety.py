"""Text that hides what it says is refused on every route; real names in every script are not.

Each case is a real profile file read by the real loader and checked by the validator, which
is what a pull request, the intake and the site build all go through.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.profile import schema, text
from matcher.profile.validate import validate_paths

VALID = Path(__file__).parent / "profiles" / "valid" / "sofia-reyes.yml"
BASE = VALID.read_text(encoding="utf-8").replace("avoid: [kofi-mensah]\n", "")


def check(tmp_path: Path, old: str, new: str) -> list[str]:
    """The problems of sofia-reyes.yml with ``old`` replaced by ``new`` (a YAML fragment)."""
    assert old in BASE
    path = tmp_path / "sofia-reyes.yml"
    path.write_text(BASE.replace(old, new, 1), encoding="utf-8")
    result = validate_paths([path], today=None)
    return [f"{p.line}: {p.field}: {p.message}" for p in result.problems if p.severity == "error"]


def q(value: str) -> str:
    """``value`` as a double-quoted YAML scalar with every non-ASCII character escaped (\\u or \\U)."""

    def escape(char: str) -> str:
        if char in '"\\':
            return "\\" + char
        if " " <= char <= "~":
            return char
        return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"

    return '"' + "".join(map(escape, value)) + '"'


# Names and text people really write. ZWNJ/ZWJ between letters or marks, and in emoji sequences.
REAL_TEXT = {
    "Persian, ZWNJ": "زهرا می‌خواهد",  # "Zahra wants", with the everyday ZWNJ
    "Sinhala, ZWJ (yansaya)": "ශ්‍රීමතී පෙරේරා",
    "Devanagari, ZWJ half form": "क्‍षमा शर्मा",
    "Malayalam, ZWJ chillu": "അവന്‍ നായര്‍",
    "Arabic": "سميرة الإدريسي",
    "Georgian": "ნინო ბერიძე",
    "Chinese": "王秀英",
    "combining accents": "Nguyễn Thị Minh",
    "emoji ZWJ sequence": "Coder 👩‍💻",
}

# What a reader can't see, or that changes how the text around it shows.
HIDDEN = {
    "right-to-left override": "Ana Popescu\u202egpj.exe",
    "right-to-left isolate": "Ana \u2067Popescu",
    "left-to-right mark": "Ana\u200e Popescu",
    "arabic letter mark": "Ana\u061cPopescu",
    "zero-width space": "Ana\u200bPopescu",
    "word joiner": "Ana\u2060Popescu",
    "byte order mark inside": "Ana\ufeffPopescu",
    "soft hyphen": "Ana Pope\u00adscu",
    "NUL": "Ana\x00",
    "C1 control (NEL)": "Ana\x85Popescu",
    "escape (C0)": "Ana\x1b[31m",
    "tag characters": "Ana\U000e0041\U000e0042",
    "hangul filler": "Ana \u3164",
    "line separator": "Ana\u2028Popescu",
    "private use": "Ana \ue000",
    "ZWJ at the start": "\u200dAna",
    "ZWNJ beside a space": "Ana \u200cPopescu",
    "ZWJ between Latin and a digit": "Ana\u200d1",
}


@pytest.mark.parametrize("value", REAL_TEXT.values(), ids=list(REAL_TEXT))
def test_real_names_in_every_script_pass(tmp_path: Path, value: str) -> None:
    assert check(tmp_path, "name: Sofía Reyes", f"name: {q(value)}") == []


@pytest.mark.parametrize("value", HIDDEN.values(), ids=list(HIDDEN))
def test_hidden_characters_are_refused_in_a_name(tmp_path: Path, value: str) -> None:
    found = check(tmp_path, "name: Sofía Reyes", f"name: {q(value)}")
    assert any(line.startswith("1: name: contains an invisible or control character") for line in found), found


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("pronouns: they/them", "pronouns: " + q("they\u202e/them"), "pronouns"),
        ("  city: Ciudad de México", "  city: " + q("Ciudad\u200bde México"), "location.city"),
        (
            "headline: Digital campaigner who also wants to learn fundraising",
            "headline: " + q("\u2066Digital"),
            "headline",
        ),
        ("sectors: [civil-society, media]", "sectors: [civil-society, media]\nbio: " + q("Hi\u202e there"), "bio"),
    ],
)
def test_every_text_field_is_checked(tmp_path: Path, old: str, new: str, field: str) -> None:
    found = check(tmp_path, old, new)
    assert any(f": {field}: contains an invisible or control character" in line for line in found), found


def test_markdown_may_hold_new_lines_but_one_line_fields_may_not(tmp_path: Path) -> None:
    bio = "sectors: [civil-society, media]\nbio: |\n  First paragraph.\n\n  Second paragraph.\n"
    assert check(tmp_path, "sectors: [civil-society, media]", bio.rstrip("\n")) == []
    found = check(tmp_path, "pronouns: they/them", 'pronouns: "they/them\\n"')
    assert found and "pronouns" in found[0]


def test_the_message_names_the_character(tmp_path: Path) -> None:
    found = check(tmp_path, "name: Sofía Reyes", f"name: {q(HIDDEN['right-to-left override'])}")
    assert "U+202E (Right-To-Left Override)" in found[0] and "at character 12" in found[0]


@given(st.text(min_size=1, max_size=20))
def test_nothing_refused_is_left_in_what_passes(value: str) -> None:
    """Whatever passes holds no Cc/Cf/Zl/Zp/Co/Cs character except an allowed joiner."""
    import unicodedata

    if text.hidden_characters(value):
        return
    for index, char in enumerate(value):
        if unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp", "Co", "Cs"}:
            assert char in (text.ZWJ, text.ZWNJ) and index > 0


# --- every pattern matches the whole value, never "all but a final new line" --------------


def _patterns(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for v in node.values() for p in _patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in _patterns(v)]
    return []


def test_every_schema_pattern_is_anchored_at_both_ends() -> None:
    patterns = _patterns(schema.profile_schema())
    assert len(patterns) >= 10
    assert all(p.startswith("^") and p.endswith("$") for p in patterns)
    assert all(p.endswith("\\Z") for p in _patterns(schema.python_schema()))


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("pronouns: they/them", 'github: "sofia-reyes\\n"\npronouns: they/them', "github"),
        ("  country: MX", '  country: "MX\\n"', "location.country"),
        ("  - {code: es, level: native}", '  - {code: "es\\n", level: native}', "languages[0].code"),
        ("pronouns: they/them", 'pronouns: they/them\nlinks: {website: "https://example.org/\\n"}', "links.website"),
    ],
)
def test_a_trailing_new_line_is_refused(tmp_path: Path, old: str, new: str, field: str) -> None:
    found = check(tmp_path, old, new)
    assert any(f": {field}: " in line for line in found), found


def test_two_files_cannot_share_a_login_by_a_trailing_new_line(tmp_path: Path) -> None:
    for name, login in (("sofia-reyes", "sofia-example"), ("other-person", "sofia-example\n")):
        (tmp_path / f"{name}.yml").write_text(BASE + f"github: {q(login)}\n", encoding="utf-8")
    result = validate_paths([tmp_path])
    assert {p.file.rsplit("/", 1)[-1] for p in result.problems if p.field == "github"} == {"other-person.yml"}


# --- contact.email is a plain address, nothing a mailto: link would read as more -----------


@pytest.mark.parametrize(
    "address",
    [
        "sofia@example.org?bcc=someone@evil.example&body=hello",
        "sofia?bcc=x@example.org",
        "sofia@example.org&subject=hi",
        "Sofia <sofia@example.org>",
        "sofia@example.org#x",
        "sofia%40x@example.org",
        '"sofia"@example.org',
        "sofia@example.org\n",
    ],
)
def test_contact_email_must_be_a_plain_address(tmp_path: Path, address: str) -> None:
    found = check(
        tmp_path, "pronouns: they/them", f"pronouns: they/them\ncontact: {{preferred: email, email: {q(address)}}}"
    )
    assert any(": contact.email: " in line for line in found), found


@pytest.mark.parametrize("address", ["sofia@example.org", "sofia.reyes+mentor@example.org", "софия@пример.рф"])
def test_plain_addresses_in_any_script_pass(tmp_path: Path, address: str) -> None:
    assert (
        check(
            tmp_path, "pronouns: they/them", f"pronouns: they/them\ncontact: {{preferred: email, email: {q(address)}}}"
        )
        == []
    )


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x7f", "\ufffe"])
def test_a_raw_control_character_is_placed_at_its_line_and_column(tmp_path: Path, char: str) -> None:
    # Written as it is, not escaped in quotes: YAML's reader refuses it before anything is parsed, and
    # gives only an offset into the text (libyaml's in bytes: "í" and "é" before it take two each).
    found = check(tmp_path, "  city: Ciudad de México", f"  city: Ciudad de México{char}")
    line = BASE.splitlines().index("  city: Ciudad de México") + 1
    column = len("  city: Ciudad de México") + 1
    assert found == [
        f"{line}: : the character U+{ord(char):04X} ({unicodedata.name(char, 'a control character')}) at column"
        f" {column} is not allowed in a profile: delete it, or type the text again"
    ], found
