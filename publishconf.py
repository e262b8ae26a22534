"""Pelican settings for publishing: pelicanconf.py plus the site's public address.

The address comes from the environment (SITEURL, e.g. https://example.org or
https://<owner>.github.io/<repo>), so a fork publishes under its own name without editing
this file. Links are absolute-path URLs under it; search and find-my-mentor work under a
sub-path too (they take the site root from the page).
"""

from __future__ import annotations

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))

from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
