"""An endorsement appears on a page only once its subject accepted it, and goes when they take it back.

Real builds of the tiny community: Dana endorsed Amara, and Amara's file accepts Dana's endorsements.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.site.conftest import COMMUNITY, build_tiny

TEXT = "Amara taught me to write a budget that a funder actually reads."


def community_copy(tmp_path: Path) -> Path:
    profiles = tmp_path / "profiles"
    shutil.copytree(COMMUNITY, profiles)
    return profiles


def amara_page(out: Path) -> str:
    return (out / "people" / "amara-okafor.html").read_text(encoding="utf-8")


def test_an_accepted_endorsement_is_shown(tiny_site: Path) -> None:
    assert TEXT in amara_page(tiny_site)


def test_an_endorsement_nobody_accepted_is_not_shown_anywhere(tmp_path: Path) -> None:
    profiles = community_copy(tmp_path)
    amara = profiles / "amara-okafor.yml"
    amara.write_text(amara.read_text(encoding="utf-8").replace("endorsements_accepted: [dana-cohen]\n", ""))
    out = tmp_path / "site"
    build_tiny(out, profiles=profiles)
    assert "What others say" not in amara_page(out)
    leaks = [p for p in out.rglob("*") if p.is_file() and p.suffix in {".html", ".json"} and TEXT in p.read_text()]
    assert leaks == []


def test_accepting_someone_who_wrote_nothing_shows_nothing(tmp_path: Path) -> None:
    profiles = community_copy(tmp_path)
    dana = profiles / "dana-cohen.yml"
    text = dana.read_text(encoding="utf-8")
    start = text.index("endorsements:")
    dana.write_text(text[:start] + text[text.index("consent:") :], encoding="utf-8")
    out = tmp_path / "site"
    build_tiny(out, profiles=profiles)
    assert "What others say" not in amara_page(out)
