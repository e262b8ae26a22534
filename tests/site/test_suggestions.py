"""Whom a page shows of the matcher's list: the fast reading of it gives what the plain rule gives, whether
the list comes from the whole file or from the forked read that keeps only whom each suggestion names."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from matcher.site.suggestions import _for_site, _lists, _picked

IDS = ["ana", "ben", "chen", "dara", "eli", "fay"]
PEOPLE: dict[str, Any] = {pid: f"profile of {pid}" for pid in IDS[:4]}  # eli and fay are not published


def picked_by_rule(person: str, items: list[Any], limit: int, skip: frozenset[str]) -> list[Any]:
    """The first ``limit`` items naming (as ``mentor``) a published person other than ``person``, not in ``skip``."""
    named = [i.get("mentor") if isinstance(i, dict) else None for i in items]
    ok = [o for o in named if isinstance(o, str) and o != person and o in PEOPLE and o not in skip]
    return [PEOPLE[o] for o in ok[: max(limit, 0)]]


NAMED = st.one_of(st.sampled_from(IDS), st.integers(), st.none(), st.lists(st.text(), max_size=1))
ITEMS = st.lists(
    st.one_of(st.fixed_dictionaries({"mentor": NAMED, "score": st.floats()}), st.sampled_from(IDS), st.none()),
    max_size=12,
)


@given(
    st.sampled_from(sorted(PEOPLE)), ITEMS, st.integers(min_value=-1, max_value=6), st.frozensets(st.sampled_from(IDS))
)
def test_the_suggestions_shown_are_the_first_published_others(
    person: str, items: list[Any], limit: int, skip: frozenset[str]
) -> None:
    expected = picked_by_rule(person, items, limit, skip)
    whole = _lists({person: items}, PEOPLE, "mentor")[person]
    assert _picked(person, whole, PEOPLE, limit, skip) == expected
    forked = _for_site_of({"suggestions": {person: items}})
    assert _picked(person, _lists(forked["suggestions"], PEOPLE, "mentor")[person], PEOPLE, limit, skip) == expected


def _for_site_of(data: dict[str, Any]) -> Any:
    import json
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "matches.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return _for_site(path)
