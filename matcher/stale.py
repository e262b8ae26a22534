"""Stale profiles: no update for a year. Listed nightly in a tracking issue; the site hides them later.

The rule itself lives on the model (:meth:`matcher.model.Profile.is_stale`); the grace period
before a stale profile is hidden is the site's setting (``MENTOR_COMMONS['stale_grace_days']``),
read here only to tell people the date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from matcher.model import STALE_AFTER_DAYS, Profile

TRACKING_TITLE = "Stale profiles: please confirm or update"


def grace_days() -> int:
    try:
        from matcher.site.settings import DEFAULTS
    except ImportError:  # pragma: no cover - the site is optional for this listing
        return 90
    return int(DEFAULTS["stale_grace_days"])


def stale_profiles(profiles: Sequence[Profile], today: dt.date) -> list[Profile]:
    """Profiles with no update for more than a year before ``today``, oldest first."""
    return sorted((p for p in profiles if p.is_stale(today)), key=lambda p: (p.updated, p.id))


def render_markdown(stale: Sequence[Profile], today: dt.date, grace: int) -> str:
    """The tracking issue's body: who, since when, and when they will be hidden."""
    head = (
        f"Profiles with no update for more than {STALE_AFTER_DAYS} days, as of {today.isoformat()}. "
        f"A stale profile is hidden from the directory {grace} days after it became stale; any update "
        "(the *Update my profile* form, or a pull request that changes the file and its `updated` date) brings it "
        "back.\n"
    )
    if not stale:
        return head + "\nNo stale profiles. 🎉\n"
    rows = ["", "| Profile | Last updated | Hidden from | Owner |", "| --- | --- | --- | --- |"]
    for p in stale:
        hidden = p.updated + dt.timedelta(days=STALE_AFTER_DAYS + 1 + grace)
        owner = f"@{p.github}" if p.github else "(no GitHub login: a maintainer should write to them)"
        rows.append(f"| `{p.id}` | {p.updated.isoformat()} | {hidden.isoformat()} | {owner} |")
    return head + "\n".join(rows) + f"\n\n{len(stale)} stale profile{'s' if len(stale) != 1 else ''}.\n"


def report(paths: Sequence[Path], today: dt.date) -> tuple[str, int]:
    """The Markdown listing for the profiles under ``paths`` and how many are stale."""
    from matcher.validate import validate_paths

    result = validate_paths(list(paths), today=today)
    stale = stale_profiles(result.profiles, today)
    return render_markdown(stale, today, grace_days()), len(stale)
