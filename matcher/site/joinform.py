"""The site's join page, as data: the questions of the join and update issue forms, with the schema's limits.

The page's script (``theme/static/js/join.js``) renders this spec, checks answers against the
same limits, writes the profile as YAML, and opens the GitHub issue form prefilled through its
``profile_yaml`` field (GitHub prefills only text fields from a URL; see :mod:`matcher.intake.forms`).
Nothing here restates a rule: questions and choices come from :mod:`matcher.intake.forms`, limits,
"required" and vocabularies from :mod:`matcher.profile.fields`. What the page adds is words: an example of
a good answer for each question, and the names of countries and languages in every language that
pycountry's translations hold, so a person can type "Deutschland", "Молдова" or "Kiswahili".

The site build writes the spec and the lists under ``data/`` (:mod:`matcher.site.export`): nothing
here is committed, so it can never be stale.
"""

from __future__ import annotations

import gettext
import os
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

import pycountry

from matcher.intake import forms, questions
from matcher.profile import fields, schema
from matcher.site.pages import people_name

# GitHub answers 414 to a longer address; past this the page offers copy and download instead
URL_LIMIT = 8000
# where issues are opened; a fork sets GITHUB_REPOSITORY_URL in pelicanconf.py (the page prefers it)
DEFAULT_REPOSITORY = "https://github.com/mentor-commons/mentor-commons"

# A good answer to show beside each question (and in its error): words only, no rule.
EXAMPLES = {
    "name": "Amina Yusuf",
    "headline": "Youth worker in Nairobi, helping young people into their first job",
    "location_city": "Nairobi",
    "links_website": "https://example.org",
    "links_linkedin": "https://www.linkedin.com/in/your-name",
    "links_mastodon": "https://mastodon.social/@yourname",
    "links_scheduling": "https://cal.example.org/your-name",
    "contact_email": "amina@example.org",
}
# The website asks these in its own way (a name picker, a place picker) or not at all: the intake
# makes the page address from the name and takes the GitHub account from whoever sends the form.
# Being told of introductions on GitHub is a GitHub matter: it is asked on the GitHub forms only.
ASKED_DIFFERENTLY = {questions.PROFILE_ID_ID, "github", "contact_notify"}
# The page's own help where a form's words fit GitHub's text boxes, not the page's pickers.
WEB_HELP = {
    "location_timezone": "Set from your country. Where a country has several, choose the city whose time is closest "
    "to yours.",
    "languages": "The languages you can mentor or be mentored in. Start typing a language's name, in any language, "
    "and say how well you speak it.",
    "interested_in": "Start typing a name. People on this list are favoured when you are matched. It is public: "
    "anyone can see it on your profile.",
    "avoid": "Start typing a name. You are never suggested to each other. This list is public too.",
    "contact_preferred": "If you choose e-mail, add a public e-mail below; for LinkedIn, a website or a booking "
    "link, add it above.",
}
# Shorter questions where a form's label is the field's name rather than a question.
PLAIN_LABELS = {
    "headline": "Your work in one line",
    "mentor_capacity": "How many mentees at a time",
    "mentor_status": "Are you taking new mentees now?",
    "mentee_status": "Are you looking for a mentor now?",
    "mentee_reach": "Should your mentor be near you?",
    "mentee_target_sectors": "Sectors you want to move into or understand",
    "interested_in": "People you would like to work with",
    "avoid": "People you never want to be matched with",
    "links_website": "Website",
    "links_linkedin": "LinkedIn",
    "links_mastodon": "Mastodon or other fediverse profile",
    "links_scheduling": "A page where people can book a call with you",
    "contact_preferred": "How people should contact you",
    "consent": "Your agreement",
}
# The one consent step, in plain words (the keys and their meaning are the schema's).
CONSENT_WORDS = {
    "public": "I agree that my profile is public, on this site and in its history, for ever.",
    "adult": "I am 18 or over.",
}


def _limits(f: fields.Field) -> dict[str, Any]:
    limits: dict[str, Any] = dict(f.limits)
    if f.path == ("languages",):
        limits["codePattern"] = fields.field("languages", fields.ITEM, "code").limits["pattern"]
    if "pattern" in f.item_limits:
        limits["itemPattern"] = f.item_limits["pattern"]
    return limits


def _without_prefix(label: str) -> str:
    """ "Mentor: topics you can mentor on" -> "Topics you can mentor on" (the page shows the part's heading)."""
    rest = label.split(": ", 1)[-1]
    return rest[:1].upper() + rest[1:]


def _question(q: questions.Question) -> dict[str, Any]:
    f = fields.field(*q.path)
    group = q.path[0] if len(q.path) == 2 and q.path[0] in questions.ROLE_BLOCKS else ""
    options = [{"value": value, "label": label} for value, label in q.options]
    if q.id == "consent":
        options = [{"value": value, "label": CONSENT_WORDS.get(value, label)} for value, label in q.options]
    return {
        "id": q.id,
        "path": list(q.path),
        "label": PLAIN_LABELS.get(q.id) or _without_prefix(q.label),
        "kind": q.kind,
        "help": WEB_HELP.get(q.id) or re.sub(r"^Optional[.,]\s*", "", questions.help_of(f)),
        "group": group,
        "required": f.required_in_block if group else f.required,
        # required once any field of its block (e.g. contact) is filled in
        "withBlock": len(q.path) == 2 and f.required_in_block,
        "options": options,
        "example": EXAMPLES.get(q.id, ""),
        "patternHint": f.pattern_hint,
        "vocabulary": f.vocabulary_name,
        **({"limits": _limits(f)} if q.id != "consent" else {}),
    }


def join_spec() -> dict[str, Any]:
    """The questions, in the order people answer, and how the page sends them."""
    by_name = forms.forms_by_name()
    asked = [_question(q) for q in by_name["join"].questions if q.path and q.id not in ASKED_DIFFERENTLY]
    id_field = fields.field("interested_in")
    return {
        "repository": DEFAULT_REPOSITORY,
        "urlLimit": URL_LIMIT,
        "yamlField": questions.PROFILE_YAML_ID,
        "idField": questions.PROFILE_ID_ID,
        "idPattern": id_field.item_limits["pattern"],
        "forms": {
            name: {"template": by_name[name].file, "titlePrefix": by_name[name].issue_title}
            for name in ("join", "update")
        },
        "groups": {part: fields.field(part).title for part in questions.ROLE_BLOCKS},
        "topicGroups": topic_groups(),
        "questions": asked,
    }


# --- the lists: countries, languages and time zones, by name -------------------------------------


def fold(text: str) -> str:
    """How names are compared: accents dropped, case folded (the page folds what is typed the same way)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


@cache
def _translations(domain: str) -> tuple[gettext.NullTranslations, ...]:
    """pycountry's own translations of its names (Debian's iso-codes), every locale it ships."""
    folder = os.path.join(os.path.dirname(pycountry.__file__), "locales")
    found = []
    for locale in sorted(os.listdir(folder)):
        if os.path.exists(os.path.join(folder, locale, "LC_MESSAGES", f"{domain}.mo")):
            found.append(gettext.translation(domain, folder, languages=[locale]))
    return tuple(found)


def _other_names(domain: str, names: Iterable[str], own: str) -> list[str]:
    """The names in other languages, without repeats (of the English one, or of each other)."""
    seen = {fold(own)}
    out = []
    for name in names:
        for translation in (gettext.NullTranslations(), *_translations(domain)):
            candidate = translation.gettext(name).split(" (", 1)[0].strip()
            key = fold(candidate)
            if candidate and key not in seen:
                seen.add(key)
                out.append(candidate)
    return out


@cache
def countries() -> list[dict[str, Any]]:
    out = []
    for country in pycountry.countries:
        code = country.alpha_2
        label = schema.country_name(code)
        out.append({"value": code, "label": label, "names": _other_names("iso3166-1", [country.name], label)})
    return sorted(out, key=lambda c: (fold(c["label"]), c["value"]))


@cache
def languages() -> list[dict[str, Any]]:
    out = []
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None)
        if not code:
            continue
        label = people_name(code)
        out.append({"value": code, "label": label, "names": _other_names("iso639-3", [lang.name], label)})
    return sorted(out, key=lambda c: (fold(c["label"]), c["value"]))


def _zone_label(zone: str) -> str:
    """Africa/Nairobi -> Nairobi; America/Argentina/Buenos_Aires -> Buenos Aires."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


@cache
def zones() -> dict[str, list[dict[str, str]]]:
    """Country code -> its time zones, each with the city it is named after, in that order."""
    from matcher.site.export import timezone_choices  # the offsets the find page uses too

    offsets = {c.value: c.label.split(" ", 1)[0] for c in timezone_choices()}
    known = schema.timezones()
    out = {}
    for code, found in sorted(schema.zones_by_country().items()):
        usable = sorted((z for z in found if z in known), key=lambda z: (_zone_label(z), z))
        out[code] = [{"value": z, "city": _zone_label(z), "offset": offsets.get(z, "")} for z in usable]
    return out


def lists() -> dict[str, Any]:
    """What the join page needs to turn names into the codes a profile holds."""
    return {"countries": countries(), "languages": languages(), "zones": zones()}


# --- topic groups ----------------------------------------------------------------------------------

# Headings for the topics, so 36 of them can be read at a glance. Presentation only: which topics
# exist, and their labels, are the schema's; a test fails when a topic is in no group or in two.
TOPIC_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "Work and career",
        (
            "career-change",
            "job-search",
            "job-interviews",
            "promotion",
            "pay-negotiation",
            "self-advocacy",
            "sector-change",
            "networking",
            "women-in-male-dominated-fields",
            "wellbeing",
        ),
    ),
    (
        "Leading and organising",
        (
            "leadership",
            "people-management",
            "workplace-relations",
            "project-management",
            "nonprofit-management",
            "volunteer-management",
            "fundraising",
            "entrepreneurship",
        ),
    ),
    (
        "Public life and rights",
        (
            "policy-advocacy",
            "eu-affairs",
            "diplomacy",
            "standing-for-election",
            "human-rights",
            "grassroots-insight",
            "campaigning",
            "trade-union-work",
            "workers-rights",
            "inclusion",
            "youth-work",
            "intercultural-work",
        ),
    ),
    (
        "Skills",
        (
            "digital-skills",
            "social-media",
            "data-and-evidence",
            "communications",
            "public-speaking",
            "research-and-writing",
        ),
    ),
)


def topic_groups() -> list[dict[str, Any]]:
    """The groups with the schema's topics in them; a topic no group names goes under "Other"."""
    vocabulary = schema.vocabulary("topic")
    groups = [{"title": title, "topics": [t for t in topics if t in vocabulary]} for title, topics in TOPIC_GROUPS]
    placed = {t for g in groups for t in g["topics"]}
    rest = [t for t in vocabulary if t not in placed]
    if rest:
        groups.append({"title": "Other", "topics": rest})
    return [g for g in groups if g["topics"]]
