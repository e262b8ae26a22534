"""The issue forms' words in the community's languages, English first, from the site's gettext catalogs.

A GitHub issue form has one language, so each question's label is written in English followed by
its translation into every other language of community.toml (``languages``), joined with
:data:`SEPARATOR`: ``Your name · Votre nom · Tu nombre · اسمك``. The English words are the msgids;
their translations live in the one catalog per language the site uses
(``matcher/site/locales/<lang>/LC_MESSAGES/messages.po``), read here with Babel by their path: the
intake may not import the site (tests/test_architecture.py). :func:`matcher.intake.templates.extract_form_words`
puts the words into ``messages.pot`` (``invoke i18n-extract``, see ``locales/babel.cfg``).

GitHub writes the whole label as the answer's ``### `` heading; :func:`english_of` reads a heading
back by its English part, so a body written with the multilingual labels, with the English-only
labels of issues opened before them, or with another set of translations, reads the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

SEPARATOR = " · "
ENGLISH = "en"  # the language of the msgids, always first
LOCALES = Path(__file__).resolve().parent.parent / "site" / "locales"


def catalog_path(language: str) -> Path:
    return LOCALES / language.replace("-", "_") / "LC_MESSAGES" / "messages.po"


@cache
def catalog(language: str) -> Mapping[str, str]:
    """English -> the language, every translated, non-fuzzy message of its catalog (no plurals: labels have none)."""
    path = catalog_path(language)
    if not path.is_file():
        where = path.relative_to(LOCALES.parents[2])
        raise LookupError(f"community.toml: languages: {language!r} has no catalog at {where} (CONTRIBUTING says how)")
    with path.open("rb") as f:
        found = read_po(f)
    return {
        m.id: " ".join(m.string.split())
        for m in found
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string.strip() and not m.fuzzy
    }


def translate(text: str, language: str, values: Mapping[str, str] | None = None) -> str:
    """``text`` in ``language`` (``%(name)s`` filled from ``values``); "" where its catalog has no translation."""
    words = text if language == ENGLISH else catalog(language).get(text, "")
    return words % values if words and values is not None else words


def translations(text: str, languages: Sequence[str], values: Mapping[str, str] | None = None) -> list[str]:
    """``text`` in each language but English that translates it, in order, each once (a repeat says nothing new)."""
    seen = {translate(text, ENGLISH, values).casefold()}
    found = []
    for language in languages:
        words = translate(text, language, values) if language != ENGLISH else ""
        if words and words.casefold() not in seen:
            seen.add(words.casefold())
            found.append(words)
    return found


def in_languages(text: str, languages: Sequence[str], values: Mapping[str, str] | None = None) -> str:
    """``text`` in English, then in each other language: ``Your name · Votre nom · اسمك``."""
    english = text % values if values is not None else text
    return SEPARATOR.join([english, *translations(text, languages, values)])


def english_of(heading: str) -> str:
    """A question's English label from its heading as GitHub wrote it, in one language or in several."""
    return heading.split(SEPARATOR, 1)[0].rstrip()
