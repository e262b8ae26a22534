"""The pull request comment on how suggested pairs move."""

from __future__ import annotations

from matcher.intake.pairs_diff import render

BASE = {
    "pairs": [{"mentee": "kofi", "mentor": "lena"}, {"mentee": "ana", "mentor": "sofia"}],
    "suggestions": {"kofi": [{"mentor": "lena"}], "ana": [{"mentor": "sofia"}]},
}


def test_added_removed_and_moved_are_listed() -> None:
    head = {
        "pairs": [{"mentee": "kofi", "mentor": "lena"}, {"mentee": "ana", "mentor": "pedro"}],
        "suggestions": {"kofi": [{"mentor": "lena"}], "ana": [{"mentor": "pedro"}]},
    }
    assert render(BASE, head) == (
        "### How this change moves the suggested pairs\n\n2 pairs before, 2 after (mentee ← mentor).\n\n"
        "**New pairs** (1)\n\n- `ana` ← `pedro`\n\n**Pairs no longer proposed** (1)\n\n- `ana` ← `sofia`\n\n"
        "**First suggestion changed** (1)\n\n- `ana`: `sofia` → `pedro`\n"
    )


def test_no_change_and_missing_inputs_are_said_plainly() -> None:
    assert render(BASE, BASE).endswith("No change: the same 2 pairs and first suggestions.\n")
    assert "nothing to compare" in render(BASE, None)
    assert "No earlier match" in render(None, BASE)
