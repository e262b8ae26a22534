"""The issue forms in the community's languages: each label in English, then in every other configured language.

GitHub's forms have one language, so the committed forms (community.toml: en, fr, es, ar) carry
each question's label in all of them, from the site's catalogs; GitHub writes that whole label as the
answer's heading, and the intake reads bodies with those headings, and with the English-only headings
of issues opened before, into the same files.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from matcher import intake, settings
from matcher.intake import forms, multilingual, questions, templates
from matcher.site import i18n

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / templates.TEMPLATE_DIR
CASES = Path(__file__).parent / "intake"
COMMUNITY = settings.load(ROOT / "community.toml")
OTHERS = [language for language in COMMUNITY.languages if language != "en"]
FORMS = forms.build_forms()


def _committed(form: questions.Form) -> dict[str, Any]:
    return yaml.safe_load((TEMPLATES / form.file).read_text(encoding="utf-8"))


def _fields(form: questions.Form) -> dict[str, dict[str, Any]]:
    return {e["id"]: e["attributes"] for e in _committed(form)["body"] if "id" in e}


def _in(language: str, text: str) -> str:
    """The site's own translation (matcher.site.i18n): the forms use the same catalogs."""
    return i18n.translations(language).gettext(text)


def test_the_example_community_asks_in_four_languages() -> None:
    assert OTHERS == ["fr", "es", "ar"]


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_every_label_carries_every_configured_languages_translation(form: questions.Form) -> None:
    for q in form.questions:
        attributes = _fields(form)[q.id]
        label, description = attributes["label"], attributes.get("description", "")
        assert label.startswith(q.label) and len(label) <= templates.LABEL_LIMIT, (q.id, label)
        said = label.split(multilingual.SEPARATOR)
        overflow = description.split("\n\n", 1)[0].split(multilingual.SEPARATOR) if len(said) <= len(OTHERS) else []
        for language in OTHERS:
            words = _in(language, q.label)
            assert words != q.label, f"{language} catalog: no translation of {q.label!r}"
            assert words in said or words in overflow, (q.id, language, label, description)
        # in the configured order: the label holds the first languages, the description the rest
        assert said + overflow == [q.label, *dict.fromkeys(_in(x, q.label) for x in OTHERS)]


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_the_chooser_line_and_the_opening_text_are_in_every_language(form: questions.Form) -> None:
    committed = _committed(form)
    assert committed["description"] == multilingual.SEPARATOR.join([form.about, *(_in(x, form.about) for x in OTHERS)])
    opening = committed["body"][0]["attributes"]["value"]
    paragraphs = opening.split("\n\n")
    greeting = templates.GREETINGS[form.name]
    for language, paragraph in zip(OTHERS, paragraphs[-len(OTHERS) :], strict=True):
        assert paragraph.startswith(_in(language, greeting) % {"name": COMMUNITY.name}), (language, paragraph)
        assert _in(language, form.about) in paragraph
    # the English text comes first, whole, as before
    assert opening.startswith(templates._english_intro(form, COMMUNITY))


def test_the_longest_label_is_within_the_limit_and_every_label_is_translated() -> None:
    labels = [a["label"] for form in FORMS for a in _fields(form).values()]
    assert max(map(len, labels)) <= templates.LABEL_LIMIT
    assert all(multilingual.SEPARATOR in label for label in labels)


def test_options_stay_in_english_so_the_intake_maps_them_back() -> None:
    join = forms.forms_by_name()["join"]
    committed = _fields(join)
    for q in join.questions:
        if q.kind in ("choice", "choices", "number"):
            assert committed[q.id]["options"] == [label for _, label in q.options]
        if q.kind == "ticks":
            assert [o["label"] for o in committed[q.id]["options"]] == [label for _, label in q.options]


# --- only English: exactly the forms as they were ---------------------------------------------------


def test_a_community_in_english_only_gets_english_only_forms() -> None:
    english = dataclasses.replace(COMMUNITY, languages=("en",))
    for form in FORMS:
        text = templates.render_form(form, english)
        assert multilingual.SEPARATOR.strip() not in text
        document = yaml.safe_load(text)
        assert document["description"] == form.about
        assert document["body"][0]["attributes"]["value"] == templates._english_intro(form, english)
        for q, element in zip(form.questions, document["body"][1:], strict=True):
            assert element["attributes"]["label"] == q.label
            assert element["attributes"].get("description", "") == q.description
        for language in OTHERS:  # not a word of another language
            assert _in(language, form.about) not in text


def test_a_language_without_a_translation_keeps_the_english_and_a_language_without_a_catalog_is_named() -> None:
    q = questions.Question("x", "A label nobody translated", "text")
    assert templates.label_of(q, COMMUNITY.languages) == ("A label nobody translated", "")
    with pytest.raises(LookupError, match="'xx' has no catalog"):
        templates.label_of(q, ("en", "xx"))


def test_translations_that_do_not_fit_open_the_description_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    q = forms.forms_by_name()["join"].question("name")
    words = [_in(x, q.label) for x in OTHERS]
    monkeypatch.setattr(templates, "LABEL_LIMIT", len(f"{q.label} · {words[0]}"))
    label, description = templates.label_of(q, COMMUNITY.languages)
    assert label == f"{q.label} · {words[0]}"
    assert description == f"{words[1]} · {words[2]}\n\n{q.description}"


def test_an_english_label_may_not_hold_the_separator() -> None:
    q = questions.Question("x", "Apples · pears", "text")
    with pytest.raises(ValueError, match="without '·'"):
        templates.render_form(questions.Form("f", "F", "About", "", (), "", (q,)))


def test_every_word_the_forms_translate_is_in_the_catalog_template() -> None:
    pot = (i18n.TEMPLATE).read_text(encoding="utf-8")
    for form in FORMS:
        for text, _ in templates.form_words(form):
            assert f'msgid "{text}"' in pot.replace('\\"', '"'), text


# --- the intake reads both headings into the same files ---------------------------------------------


def _cases() -> list[tuple[str, str, str]]:
    rows = []
    for line in (CASES / "cases.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            case, form, author = line.split()
            rows.append((case, form, author))
    return rows


def multilingual_body(body: str, form: questions.Form) -> str:
    """The body as GitHub writes it from today's committed form: each ``### `` heading is the form's whole label."""
    labels = {q.label: _fields(form)[q.id]["label"] for q in form.questions}
    for english, label in labels.items():
        assert label != english  # every heading changes
        heading = f"### {label}".replace("\\", "\\\\")  # a replacement template: only backslashes are special
        body = re.sub(rf"^### {re.escape(english)}(?=\r?$)", heading, body, flags=re.MULTILINE)
    return body


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    shutil.copytree(CASES / "profiles", tmp_path / "profiles")
    return tmp_path / "profiles"


@pytest.mark.parametrize(("case", "form_name", "author"), _cases(), ids=[c[0] for c in _cases()])
def test_multilingual_and_english_only_headings_give_the_same_files_and_words(
    case: str, form_name: str, author: str, profiles: Path, tmp_path: Path
) -> None:
    from tests.test_intake import MAINTAINERS, TODAY, rendered

    english = (CASES / f"{case}.md").read_bytes().decode("utf-8")
    form = forms.forms_by_name()["join" if form_name == intake.EMAIL_FORM else form_name]
    translated = multilingual_body(english, form)
    assert (translated != english) == (form_name != intake.EMAIL_FORM)  # an e-mail has no headings
    outcomes = []
    for body in (english, translated):
        copy = tmp_path / f"p{len(outcomes)}"
        shutil.copytree(profiles, copy)
        outcome = intake.convert(body, form_name, author, profiles=copy, maintainers=MAINTAINERS, today=TODAY)
        outcomes.append(rendered(outcome, copy))
    expected = (CASES / f"{case}.expected").read_text(encoding="utf-8")
    assert outcomes == [expected, expected]


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.name)
def test_the_form_is_known_by_its_headings_in_any_languages(form: questions.Form) -> None:
    english = "\n\n".join(f"### {q.label}\n\n_No response_" for q in form.questions)
    assert intake.detect_form(english) == form.name
    assert intake.detect_form(multilingual_body(english, form)) == form.name


def test_a_heading_with_other_translations_reads_as_its_question() -> None:
    """A form rendered with another set of languages, or an older catalog, gives the same sections."""
    form = forms.forms_by_name()["concern"]
    labels = [q.label for q in form.questions]
    body = "### What is it about? · Worum geht es?\n\nA fake or spam profile\n\n### Which profile?\n\nx\n\n"
    body += "### What happened? · Que s’est-il passé ? · something older\n\nA copy of my page.\n"
    assert intake.split_sections(body, labels) == {
        "What is it about?": "A fake or spam profile",
        "Which profile?": "x",
        "What happened?": "A copy of my page.",
    }
