"""The site's join page, as data: the questions of the join and update issue forms, with the schema's limits.

The page's script (``theme/static/js/join.js``) renders this spec, checks answers against the
same limits, writes the profile as YAML, and opens the GitHub issue form prefilled through its
``profile_yaml`` field (GitHub prefills only text fields from a URL; see :mod:`matcher.intake.forms`).
Nothing here restates a rule: questions and choices come from :mod:`matcher.intake.forms`, limits,
"required" and vocabularies from :mod:`matcher.profile.fields`. What the page adds is words: an example of
a good answer for each question, and the names of countries and languages in every language that
pycountry's translations hold, so a person can type "Deutschland", "Молдова" or "Kiswahili".

The site build writes the spec and the lists under ``data/`` (:mod:`matcher.site.export`): nothing
here is committed, so it can never be stale. It writes them in the build's language: the page's own
words here are marked for the catalog, and those the intake and the schema give the questions are
extracted from the spec itself (:func:`extract_join_words`, see ``locales/babel.cfg``).
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import pycountry

from matcher.intake import forms, questions
from matcher.profile import fields, schema
from matcher.profile.verdicts import cache_folder, validator_key
from matcher.site import i18n
from matcher.site.i18n import N_
from matcher.site.pages import country_name, language_name, people_name

# GitHub answers 414 to a longer address; past this the page offers copy and download instead
URL_LIMIT = 8000
# where issues are opened; a fork sets GITHUB_REPOSITORY_URL in pelicanconf.py (the page prefers it)
DEFAULT_REPOSITORY = "https://github.com/mentor-commons/mentor-commons"

# A good answer to show beside each question (and in its error): words only, no rule.
EXAMPLES = {
    "name": "Amina Yusuf",
    "headline": N_("Youth worker in Nairobi, helping young people into their first job"),
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
    "location_timezone": N_(
        "Set from your country. Where a country has several, choose the city whose time is closest to yours."
    ),
    "languages": N_(
        "The languages you can mentor or be mentored in. Start typing a language's name, in any language, "
        "and say how well you speak it."
    ),
    "interested_in": N_(
        "Start typing a name. People on this list are favoured when you are matched. It is public: "
        "anyone can see it on your profile."
    ),
    "avoid": N_("Start typing a name. You are never suggested to each other. This list is public too."),
    "contact_preferred": N_(
        "If you choose e-mail, add a public e-mail below; for LinkedIn, a website or a booking link, add it above."
    ),
}
# Shorter questions where a form's label is the field's name rather than a question.
PLAIN_LABELS = {
    "headline": N_("Your work in one line"),
    "mentor_capacity": N_("How many mentees at a time"),
    "mentor_status": N_("Are you taking new mentees now?"),
    "mentee_status": N_("Are you looking for a mentor now?"),
    "mentee_reach": N_("Should your mentor be near you?"),
    "mentee_target_sectors": N_("Sectors you want to move into or understand"),
    "interested_in": N_("People you would like to work with"),
    "avoid": N_("People you never want to be matched with"),
    "links_website": N_("Website"),
    "links_linkedin": "LinkedIn",
    "links_mastodon": N_("Mastodon or other fediverse profile"),
    "links_scheduling": N_("A page where people can book a call with you"),
    "contact_preferred": N_("How people should contact you"),
    "consent": N_("Your agreement"),
}
# The one consent step, in plain words (the keys and their meaning are the schema's).
CONSENT_WORDS = {
    "public": N_("I agree that my profile is public, on this site and in its history, for ever."),
    "adult": N_("I am 18 or over."),
}


def _words(text: str) -> str:
    """The page's words in the build's language; names, addresses and numbers have no translation and stay."""
    return i18n.gettext(text) if text else text  # (gettext("") would be the catalog's header)


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
    # A choice's label is the schema's (in the catalog from the schema), or a number.
    options = [{"value": value, "label": _words(label)} for value, label in q.options]
    if q.id == "consent":
        options = [{"value": value, "label": _words(CONSENT_WORDS.get(value, label))} for value, label in q.options]
    return {
        "id": q.id,
        "path": list(q.path),
        "label": _words(PLAIN_LABELS.get(q.id) or _without_prefix(q.label)),
        "kind": q.kind,
        "help": _words(WEB_HELP.get(q.id) or re.sub(r"^Optional[.,]\s*", "", questions.help_of(f))),
        "group": group,
        "required": f.required_in_block if group else f.required,
        # required once any field of its block (e.g. contact) is filled in
        "withBlock": len(q.path) == 2 and f.required_in_block,
        "options": options,
        "example": _words(EXAMPLES.get(q.id, "")),
        "patternHint": _words(f.pattern_hint),
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
        "groups": {part: _words(fields.field(part).title) for part in questions.ROLE_BLOCKS},
        "topicGroups": topic_groups(),
        "questions": asked,
    }


def extract_join_words(
    fileobj: Any, keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, str, list[str]]]:
    """A Babel extractor: the words the intake and the schema give the join page's questions.

    The questions' labels, help and pattern hints are the intake's (the GitHub forms') and the schema's,
    in English; the page shows them in its language through the catalog, so they are extracted from the
    spec as the page receives it (extraction runs in English), and the intake stays their one source.
    """
    if i18n.current() != i18n.DEFAULT:
        raise RuntimeError("the join page's words are extracted in English")
    spec = join_spec()
    for part, title in spec["groups"].items():
        yield 1, "gettext", title, [f"join page: the part of a {part}"]
    for q in spec["questions"]:
        for key in ("label", "help", "patternHint"):
            if q[key]:
                yield 1, "gettext", q[key], [f"join page, question {q['id']}: {key}"]


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


def _countries() -> tuple[dict[str, Any], ...]:
    return _place_names()["countries"]


def _languages() -> tuple[dict[str, Any], ...]:
    return _place_names()["languages"]


@cache
def _place_names() -> dict[str, tuple[dict[str, Any], ...]]:
    """Every country and language (two-letter code) with its English label and its names in other languages.

    They come from pycountry's ~250 catalogs, whose reading takes half a second, and change only with
    pycountry and this code: the result is kept in the user's cache folder (never the repository),
    under a key of both, and made again when either changes.
    """
    source = hashlib.sha256(Path(__file__).read_bytes())
    source.update(f"{metadata.version('pycountry')}\0{validator_key()}".encode())
    path = cache_folder() / f"place-names-{source.hexdigest()[:20]}.json"
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
        return {name: tuple(kept[name]) for name in ("countries", "languages")}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    made = {"countries": _countries_now(), "languages": _languages_now()}
    with contextlib.suppress(OSError):  # a read-only cache folder only costs the next build the same time
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(made, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    return made


def _countries_now() -> tuple[dict[str, Any], ...]:
    out = []
    for country in pycountry.countries:
        code = country.alpha_2
        label = schema.country_name(code)
        out.append({"value": code, "label": label, "names": _other_names("iso3166-1", [country.name], label)})
    return tuple(out)


def _languages_now() -> tuple[dict[str, Any], ...]:
    out = []
    for lang in pycountry.languages:
        code = getattr(lang, "alpha_2", None)
        if not code:
            continue
        label = people_name(code)
        out.append({"value": code, "label": label, "names": _other_names("iso639-3", [lang.name], label)})
    return tuple(out)


def _in_page_language(items: Iterable[dict[str, Any]], name_of: Any) -> list[dict[str, Any]]:
    """Each item labelled in the build's language (CLDR), its English name kept among the others, by label."""
    out = []
    for item in items:
        label = name_of(item["value"])
        if fold(label) == fold(item["label"]):
            out.append(item)
            continue
        others = [n for n in (item["label"], *item["names"]) if fold(n) != fold(label)]
        out.append({"value": item["value"], "label": label, "names": others})
    return sorted(out, key=lambda c: (fold(c["label"]), c["value"]))


def countries() -> list[dict[str, Any]]:
    """Every country: its name in the build's language, and its names in the others, to be found by."""
    return _in_page_language(_countries(), country_name)


def languages() -> list[dict[str, Any]]:
    """Every language with a two-letter code: its name in the build's language, and in the others."""
    return _in_page_language(_languages(), language_name)


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
        N_("Work and career"),
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
        N_("Leading and organising"),
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
        N_("Public life and rights"),
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
        N_("Skills"),
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
    """The groups with the schema's topics in them, titled in the build's language (the find and join pages);
    a topic no group names goes under "Other"."""
    vocabulary = schema.vocabulary("topic")
    groups = [
        {"title": i18n.gettext(title), "topics": [t for t in topics if t in vocabulary]}
        for title, topics in TOPIC_GROUPS
    ]
    placed = {t for g in groups for t in g["topics"]}
    rest = [t for t in vocabulary if t not in placed]
    if rest:
        groups.append({"title": i18n.gettext("Other"), "topics": rest})
    return [g for g in groups if g["topics"]]
