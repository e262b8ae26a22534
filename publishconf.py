"""Pelican settings for publishing: pelicanconf.py plus the site's public address.

The address is $SITEURL if set (the nightly workflow sets it from GitHub Pages, e.g.
https://<owner>.github.io/<repo>), else community.toml's ``url``. Links are absolute URLs
under it; search and find-my-mentor work under a sub-path too (they take the site root from
the page). A public build is refused, before anything is written, while community.toml still
holds placeholders (``MENTOR_COMMONS["publish"]``; see matcher.settings.publish_problems).
"""

from __future__ import annotations

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
# Read pelicanconf afresh: an earlier build in this process may have read other settings.
sys.modules.pop("pelicanconf", None)

from pelicanconf import *  # noqa: E402, F403
from pelicanconf import COMMUNITY, MENTOR_COMMONS  # noqa: E402

SITEURL = (os.environ.get("SITEURL", "").strip() or COMMUNITY.url).rstrip("/")
# `pelican -s publishconf.py` run by hand: refuse here, before Pelican empties the output folder
from matcher.settings import check_publish  # noqa: E402

check_publish(COMMUNITY.source, SITEURL)
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
MENTOR_COMMONS = {**MENTOR_COMMONS, "publish": True}
