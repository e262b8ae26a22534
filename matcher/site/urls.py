"""Every URL of the site, in one place, relative to the site root (templates prefix ``SITEURL``).

Pages are folders saved as ``index.html`` (``directory/topic/leadership/``), except the
profile pages, which are files in one folder (``people/ana-popescu.html``): 10,000 folders
cost seconds to create and to delete on an ordinary disk, 10,000 files in one folder do not.
"""

from __future__ import annotations

HOME = ""
DIRECTORY = "directory/"
FIND = "find/"
GUIDANCE = "guidance/"
DASHBOARD = "dashboard/"
JOIN = "join/"
DATA = "data/"
MENTORS_JSON = "data/mentors.json"
POLICY_JSON = "data/policy.json"
PEOPLE_JSON = "data/people.json"  # everyone's id and name: the join page's name pickers
# The join page's questions and its country, language and time zone lists (from the schema,
# pycountry and tzdata: written by each build, never committed).
JOIN_FORM_JSON = "data/join/form.json"
JOIN_PLACES_JSON = "data/join/places.json"


def save_as(url: str) -> str:
    """The output file of a folder URL."""
    return f"{url}index.html"


PEOPLE = "people/"


def person(profile_id: str) -> str:
    """A profile page's URL, which is also its output file."""
    return f"{PEOPLE}{profile_id}.html"


def paged(url: str, page: int) -> str:
    """Page 1 is the folder itself; later pages live under ``page/N/``."""
    return url if page == 1 else f"{url}page/{page}/"


def facet(key: str, slug: str) -> str:
    return f"{DIRECTORY}{key}/{slug}/"
