"""Regions of the world for match rates, from a maintained source: tzdata's ``zone.tab``.

pycountry has countries but no regions, and no UN M49 table is in the lock. tzdata (in the
lock, updated several times a year) lists every country with its time zones, and the first
part of a zone's name is its area (``Europe/Chisinau``, ``Africa/Nairobi``): the continent or
ocean the zone is in. A country's region is the area of the first zone ``zone.tab`` lists for
it (Russia's is Europe, Spain's Europe, the United States' America). Coarse (the Americas are
one region, and Türkiye is in Europe), but nobody's hand-written list.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

OTHER = "Other"
LABELS = {
    "Africa": "Africa",
    "America": "Americas",
    "Antarctica": "Antarctica",
    "Arctic": "Arctic",
    "Asia": "Asia",
    "Atlantic": "Atlantic islands",
    "Australia": "Australia",
    "Europe": "Europe",
    "Indian": "Indian Ocean islands",
    "Pacific": "Pacific islands",
}


@cache
def _areas() -> dict[str, str]:
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        country, _, zone = line.split("\t")[:3]
        out.setdefault(country, zone.split("/")[0])
    return out


def region(country: str) -> str:
    """The region of an ISO 3166 country code, e.g. ``"MD"`` -> ``"Europe"``; ``"Other"`` when tzdata has none."""
    area = _areas().get(country)
    return LABELS.get(area, area) if area else OTHER
