"""How names sort and read: the shortcuts for ASCII names give exactly what the general rule gives."""

from __future__ import annotations

import unicodedata

from anyascii import anyascii
from hypothesis import given
from hypothesis import strategies as st

from matcher.site.pages import latin_reading, sort_key


def sort_key_by_rule(name: str, profile_id: str) -> str:
    folded = unicodedata.normalize("NFKD", anyascii(name))
    folded = "".join(ch for ch in folded if ch.isalnum() or ch == " ").casefold()
    return f"{' '.join(folded.split())}\t{name.casefold()}\t{profile_id}"


def latin_reading_by_rule(name: str) -> str | None:
    if all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name):
        return None
    reading = " ".join(anyascii(name).split())
    return reading if reading and reading != name else None


NAMES = st.one_of(
    st.text(alphabet=st.characters(max_codepoint=127)),  # ASCII: the shortcut
    st.text(),  # anything: the rule
    st.sampled_from(["Ana Popescu", "Фарид Алиев", "Zoë Ørsted", "李小龙", "Nguyễn Thị Minh Khai", "Óli Jónsson"]),
)


@given(NAMES)
def test_a_name_sorts_and_reads_as_the_rule_says(name: str) -> None:
    sort_key.cache_clear()
    latin_reading.cache_clear()
    assert sort_key(name, "id-1") == sort_key_by_rule(name, "id-1")
    assert latin_reading(name) == latin_reading_by_rule(name)


def test_readings_of_names_in_other_scripts() -> None:
    assert latin_reading("Ana Popescu") is None and latin_reading("Zoë Ørsted") is None
    assert latin_reading("Фарид Алиев") == "Farid Aliev"
    assert sort_key("Фарид", "f").startswith("farid\t")
