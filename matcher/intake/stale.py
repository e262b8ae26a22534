"""Stale profiles: no update for a while. Listed nightly in a tracking issue; the site hides them later.

The rule itself lives on the model (:meth:`matcher.profile.model.Profile.is_stale`). How long "a while"
is, and the grace period before a stale profile is hidden from the site, are the community's
settings (``[profiles]`` in ``community.toml``, :mod:`matcher.settings`), the same ones the site
reads, so the dates this report announces are the dates the site keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from matcher import settings
from matcher.profile.model import Profile

TRACKING_TITLE = "Stale profiles: please confirm or update"


def stale_profiles(profiles: Sequence[Profile], today: dt.date, after_days: int) -> list[Profile]:
    """Profiles with no update for more than ``after_days`` before ``today``, oldest first."""
    return sorted((p for p in profiles if p.is_stale(today, after_days)), key=lambda p: (p.updated, p.id))


def hidden_from(profile: Profile, after_days: int, grace_days: int) -> dt.date:
    """The first day the site no longer shows ``profile`` (unless it is updated before)."""
    return profile.updated + dt.timedelta(days=after_days + 1 + grace_days)


def render_markdown(stale: Sequence[Profile], today: dt.date, community: settings.Community) -> str:
    """The tracking issue's body: who, since when, and when they will be hidden."""
    after, grace = community.stale_after_days, community.stale_grace_days
    head = (
        f"Profiles with no update for more than {after} days, as of {today.isoformat()}. "
        f"A stale profile is hidden from the directory {grace} days after it became stale; any update "
        "(the *Update my profile* form, or a pull request that changes the file and its `updated` date) brings it "
        "back.\n"
    )
    if not stale:
        return head + "\nNo stale profiles. 🎉\n"
    rows = ["", "| Profile | Last updated | Hidden from | Owner |", "| --- | --- | --- | --- |"]
    for p in stale:
        hidden = hidden_from(p, after, grace)
        owner = f"@{p.github}" if p.github else "(no GitHub login: a maintainer should write to them)"
        rows.append(f"| `{p.id}` | {p.updated.isoformat()} | {hidden.isoformat()} | {owner} |")
    return head + "\n".join(rows) + f"\n\n{len(stale)} stale profile{'s' if len(stale) != 1 else ''}.\n"


def report(paths: Sequence[Path], today: dt.date, community: settings.Community | None = None) -> tuple[str, int]:
    """The Markdown listing for the profiles under ``paths`` and how many are stale.

    ``community`` defaults to the settings file (``$MENTOR_COMMONS_SETTINGS``, else ``community.toml``).
    """
    from matcher.profile.validate import validate_paths

    community = community or settings.load(settings.settings_path())
    result = validate_paths(list(paths), today=today, stale_after_days=community.stale_after_days)
    stale = stale_profiles(result.profiles, today, community.stale_after_days)
    return render_markdown(stale, today, community), len(stale)
