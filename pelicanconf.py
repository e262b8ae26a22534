"""Pelican settings for the site (local builds). publishconf.py adds the public URL.

What the community decides (its name, tagline, contact address, public address, when a profile
is stale) is in community.toml, read here (or the file $MENTOR_COMMONS_SETTINGS names); this
file holds only how the site is built. The people pages, the directory, find-my-mentor and the
dashboard come from the plugin ``matcher.site`` (settings in COMMUNITY and MENTOR_COMMONS,
checked when the build starts). The guidance pages are content/pages/*.md, rendered by Pelican.
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
if str(_HERE) not in sys.path:  # the matcher package, whichever folder Pelican is run from
    sys.path.insert(0, str(_HERE))

from matcher import settings as _settings  # noqa: E402 - needs the path above

COMMUNITY = _settings.load(_settings.settings_path(_HERE))
SITENAME = COMMUNITY.name
SITE_TAGLINE = COMMUNITY.description
GITHUB_REPOSITORY_URL = COMMUNITY.repository_url  # the join page opens the forms here ("" = the upstream's)
SITEURL = ""  # root-relative links for `invoke serve`; publishconf.py sets the real address
RELATIVE_URLS = False
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PATH = "content"
THEME = "theme"
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
STATIC_PATHS: list[str] = []
OUTPUT_PATH = "output"
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_RETENTION: list[str] = []

PLUGIN_PATHS = ["."]
PLUGINS = ["matcher.site"]

MENTOR_COMMONS = {
    "profiles": "profiles",
    "matches": "matches.json",
    "reference_date": None,  # None: the newest `updated` date among the profiles (never today's)
    "stale_after_days": COMMUNITY.stale_after_days,
    "stale_grace_days": COMMUNITY.stale_grace_days,
    "page_size": 50,
}

# Autoescape everything; only sanitised profile HTML and the maintainers' own guidance
# pages are marked safe (in Python, or with |safe on page.content). Each build makes its own
# environment, so templates need no reload checks; the interface's constant strings are
# translated once, as a template compiles (matcher.site.i18n.CompiledI18n).
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "auto_reload": False,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": ["matcher.site.i18n.CompiledI18n"],
}

# Guidance pages live in content/pages and are published under guidance/<slug>/.
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
PAGE_URL = "guidance/{slug}/"
PAGE_SAVE_AS = "guidance/{slug}/index.html"
PAGE_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
# No blog: the home page is the plugin's, and no archive, tag, category or author page.
DIRECT_TEMPLATES: list[str] = []
INDEX_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
SLUGIFY_SOURCE = "basename"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.toc": {"permalink": False},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}
