"""Every URL of the site, in one place. URLs are folders (``people/ana/``), saved as ``index.html``.

URLs here are relative to the site root; templates prefix them with ``SITEURL``.
"""

from __future__ import annotations

HOME = ""
DIRECTORY = "directory/"
FIND = "find/"
GUIDANCE = "guidance/"
DASHBOARD = "dashboard/"
DATA = "data/"
MENTORS_JSON = "data/mentors.json"
POLICY_JSON = "data/policy.json"


def save_as(url: str) -> str:
    """The output file of a folder URL."""
    return f"{url}index.html"


def person(profile_id: str) -> str:
    return f"people/{profile_id}/"


def paged(url: str, page: int) -> str:
    """Page 1 is the folder itself; later pages live under ``page/N/``."""
    return url if page == 1 else f"{url}page/{page}/"


def facet(key: str, slug: str) -> str:
    return f"{DIRECTORY}{key}/{slug}/"
