"""Golden files: small hand-made communities whose right answer can be argued (see each case's README.md).

Each case is a folder ``tests/golden/matcher/<case>/`` with ``profiles/*.yml``, optionally
``previous.json`` (last run's result), and ``expected.json``: the exact ``matches.json`` the
matcher must write. Regenerate with ``invoke golden`` (``python -m tests.test_match_golden``)
and review the diff like code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from matcher.matching.match import run_match
from matcher.matching.output import matches_text
from matcher.matching.policy import load_policy
from matcher.matching.stability import read_previous
from matcher.profile.validate import load_profiles
from matcher.relationships.matching import with_relationships

GOLDEN = Path(__file__).resolve().parent / "golden" / "matcher"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "profiles").is_dir())


def render(case: str) -> str:
    folder = GOLDEN / case
    previous = read_previous(folder / "previous.json") if (folder / "previous.json").exists() else None
    people, fixed = with_relationships(folder / "profiles", load_profiles([folder / "profiles"]))
    return matches_text(run_match(people, load_policy(), previous), fixed.as_json() if fixed else None)


@pytest.mark.parametrize("case", CASES)
def test_matches_are_the_reviewed_ones(case: str) -> None:
    expected = (GOLDEN / case / "expected.json").read_text(encoding="utf-8")
    assert render(case) == expected, (
        f"{case}: output differs from expected.json; run `invoke golden` and review the diff"
    )


def _pairs(case: str) -> dict[str, str]:
    data = json.loads((GOLDEN / case / "expected.json").read_text(encoding="utf-8"))
    return {p["mentee"]: p["mentor"] for p in data["pairs"]}


def _unmatched(case: str) -> dict[str, str]:
    data = json.loads((GOLDEN / case / "expected.json").read_text(encoding="utf-8"))
    return {u["mentee"]: u["rule"] for u in data["unmatched"]}


# The arguments of each case's README, checked on the reviewed files so a regeneration cannot
# silently accept a wrong answer.


def test_count_before_score() -> None:
    assert _pairs("count-before-score") == {"ion-munteanu": "maria-rusu", "ana-lungu": "tom-becker"}


def test_mutual_first() -> None:
    assert _pairs("mutual-first") == {"kofi-owusu": "lena-vogel", "jonas-weber": "uwe-krause"}


def test_languages_and_formats() -> None:
    assert _pairs("languages-and-formats") == {"amelie-roux": "pierre-martin", "diego-navarro": "carmen-ruiz"}
    assert _unmatched("languages-and-formats") == {"sven-berg": "language", "lucia-gomez": "format"}
    data = json.loads((GOLDEN / "languages-and-formats" / "expected.json").read_text(encoding="utf-8"))
    nearest = {m: [(x["mentor"], x["rule"]) for x in items] for m, items in data["near_misses"].items()}
    assert nearest == {"sven-berg": [("pierre-martin", "language")], "lucia-gomez": [("carmen-ruiz", "format")]}


def test_avoid_and_local() -> None:
    assert _pairs("avoid-and-local") == {
        "iryna-melnyk": "anna-nowak",
        "taras-lysenko": "olga-shevchenko",
        "mykola-bondar": "petro-koval",
    }


def test_previous_run() -> None:
    data = json.loads((GOLDEN / "previous-run" / "expected.json").read_text(encoding="utf-8"))
    pairs = {p["mentee"]: (p["mentor"], p["kept"]) for p in data["pairs"]}
    assert pairs["mihai-stays"] == ("radu-kept", True)  # a slightly better mentor is not worth a change
    assert pairs["bianca-full"] == ("ioana-full", True)  # a full mentor keeps last run's pair
    assert pairs["andrei-better"] == ("sorin-new", False)  # a clearly better fit is
    assert pairs["cristina-moves"][0] != "victor-paused"  # the mentor paused
    why = {c["mentee"]: c["why"] for c in data["changes"]}
    assert why["andrei-better"].startswith("a better fit")
    assert why["cristina-moves"] == "no longer eligible: the mentor takes no new mentees (paused)"
    assert _unmatched("previous-run") == {"paul-new": "topics"}  # the only youth-work mentor is full
    nearest = data["near_misses"]["paul-new"][0]
    assert (nearest["mentor"], nearest["rule"]) == ("ioana-full", "mentor-open")


def test_load_spreading() -> None:
    data = json.loads((GOLDEN / "load-spreading" / "expected.json").read_text(encoding="utf-8"))
    lists = [s["mentor"] for items in data["suggestions"].values() for s in items]
    assert len(data["suggestions"]) == 12 and lists.count("star-mentor") == 10  # capped, not in all twelve
    assert all(lists.count(m) <= 10 for m in set(lists))
    assert all(data["suggestions"].values())  # everyone has a suggestion
    assert data["stats"]["few_options"] == {"limit": 3, "mentees": 6, "matched": 6, "bound": 6}
    assert {u["mentee"] for u in data["unmatched"]} == {
        "achieng-onyango",
        "eunice-wambui",
        "halima-juma",
        "njeri-kariuki",
        "wanjiru-mwangi",
    }
    assert all(u["places"].get("few_options") == 6 for u in data["unmatched"])


def regenerate() -> None:
    for case in CASES:
        path = GOLDEN / case / "expected.json"
        text = render(case)
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        path.write_text(text, encoding="utf-8")
        print(f"{'Wrote' if changed else 'Unchanged:'} {path.relative_to(GOLDEN.parent.parent.parent)}")


if __name__ == "__main__":
    regenerate()
    sys.exit(0)


def test_agreed_relationships() -> None:
    """A fixed pair takes its mentor's only place, its mentee stops looking; an ended pair isn't proposed again."""
    data = json.loads((GOLDEN / "agreed-relationships" / "expected.json").read_text(encoding="utf-8"))
    assert _pairs("agreed-relationships") == {"victor-lupu": "greta-hansen", "irina-gutu": "greta-hansen"}
    assert data["relationships"] == {
        "active": [{"ends": "2027-03-01", "mentee": "elena-ciobanu", "mentor": "radu-popa", "started": "2026-09-01"}],
        "active_private": 0,
    }
    assert "elena-ciobanu" not in data["suggestions"]  # she has a mentor: not looking any more
    assert all(s["mentor"] != "nicu-rusu" for s in data["suggestions"].get("irina-gutu", []))
