"""Whom a page shows of the matcher's list: the fast reading of it gives what the plain rule gives."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from matcher.site.suggestions import _picked

IDS = ["ana", "ben", "chen", "dara", "eli", "fay"]
PEOPLE: dict[str, Any] = {pid: f"profile of {pid}" for pid in IDS[:4]}  # ben..fay partly unpublished


def picked_by_rule(person: str, items: list[dict[str, Any]], limit: int, skip: frozenset[str]) -> list[Any]:
    """The first ``limit`` items naming a published person other than ``person``, not in ``skip``."""
    named = [i.get("mentor") for i in items]
    ok = [o for o in named if isinstance(o, str) and o != person and o in PEOPLE and o not in skip]
    return [PEOPLE[o] for o in ok[: max(limit, 0)]]


ITEMS = st.lists(
    st.fixed_dictionaries(
        {"mentor": st.one_of(st.sampled_from(IDS), st.integers(), st.none(), st.lists(st.text(), max_size=1))}
    ),
    max_size=12,
)


@given(st.sampled_from(IDS), ITEMS, st.integers(min_value=-1, max_value=6), st.frozensets(st.sampled_from(IDS)))
def test_the_suggestions_shown_are_the_first_published_others(
    person: str, items: list[dict[str, Any]], limit: int, skip: frozenset[str]
) -> None:
    assert _picked(person, items, "mentor", PEOPLE, limit, skip) == picked_by_rule(person, items, limit, skip)
