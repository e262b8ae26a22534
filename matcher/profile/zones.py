"""Time zones as the locked ``tzdata`` package has them, never as the machine's own database does.

Python's ``zoneinfo`` reads the system's files first (``/usr/share/zoneinfo``) and falls back on the
``tzdata`` package only for a zone the system lacks; ``available_timezones()`` lists both, with
whatever else the folder holds (``localtime``, on Debian). The system's database is whatever the
machine last installed, so the same profiles were validated, matched (the hours two people share)
and shown (a profile page's UTC offset) differently on a maintainer's laptop, in the nightly and in a
pull request's check; and no cache noticed the machine's update (the matcher's result, the site's
pages and the validator's verdicts are keyed on the installed libraries, ``tzdata`` among them, not
on the system's files). Every zone, and the list of valid names, is the package's: a function of
the lock.
"""

from __future__ import annotations

import zoneinfo
from functools import cache
from importlib import resources

PACKAGE = "tzdata"


@cache
def names() -> frozenset[str]:
    """Every IANA zone name the ``tzdata`` package has (its own list, ``tzdata/zones``)."""
    text = resources.files(PACKAGE).joinpath("zones").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone ``name`` of the ``tzdata`` package (``ZoneInfoNotFoundError`` if it has none by that name).

    Made with ``ZoneInfo.from_file``, so that no file of the system's is read; such a zone cannot be
    pickled (only the offsets computed with it leave the process), and one object per name is kept."""
    if name not in names():
        raise zoneinfo.ZoneInfoNotFoundError(f"No time zone found with key {name}")
    with resources.files(PACKAGE).joinpath("zoneinfo", *name.split("/")).open("rb") as file:
        return zoneinfo.ZoneInfo.from_file(file, key=name)
