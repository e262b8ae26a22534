"""Synthetic communities for tests and benchmarks: ``python -m matcher synth --count N --seed S --out DIR``.

- :mod:`.world`: the data (countries, time zones, cities, languages, names, jobs, topic popularity);
- :mod:`.emit`: a small YAML emitter for one profile;
- :mod:`.generate`: the passes that make people, their relations and their profiles, and write them;
- :mod:`.relationships`: agreed relationships among a synthetic community's people.
"""

from matcher.synth.emit import dump_profile
from matcher.synth.generate import generate, iter_community, slug, write_community
from matcher.synth.world import (
    COUNTRIES,
    DEMAND_ORDER,
    MARKER,
    NAMES,
    REFERENCE_DATE,
    SECTOR_WEIGHTS,
    SUPPLY_ORDER,
)

__all__ = [
    "COUNTRIES",
    "DEMAND_ORDER",
    "MARKER",
    "NAMES",
    "REFERENCE_DATE",
    "SECTOR_WEIGHTS",
    "SUPPLY_ORDER",
    "dump_profile",
    "generate",
    "iter_community",
    "slug",
    "write_community",
]
