"""The intake converter on bodies in GitHub's own format: the right file, or the right words back.

Each ``tests/intake/CASE.md`` is an issue body as GitHub writes it (``tests/intake/cases.txt``
names its form and author); ``CASE.expected`` holds the comment the person gets and every file
the change writes or removes. ``python -m tests.test_intake`` regenerates them for review.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import intake
from matcher.intake import forms, questions
from matcher.profile import loader
from matcher.profile.validate import check_document

ROOT = Path(__file__).parent / "intake"
TODAY = dt.date(2026, 11, 20)
MAINTAINERS = frozenset({"maintainer-example"})


def cases() -> list[tuple[str, str, str]]:
    rows = []
    for line in (ROOT / "cases.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            case, form, author = line.split()
            rows.append((case, form, author))
    return rows


def run(case: str, form: str, author: str, profiles: Path) -> intake.Outcome:
    body = (ROOT / f"{case}.md").read_bytes().decode("utf-8")  # bytes: keep CRLF as GitHub sends it
    return intake.convert(body, form, author, profiles=profiles, maintainers=MAINTAINERS, today=TODAY)


def rendered(outcome: intake.Outcome, profiles: Path) -> str:
    lines = [intake.comment(outcome)]
    for change in outcome.changes:
        lines.append(
            f"=== {change.path} ===" + (" removed" if change.text is None else "\n" + change.text.rstrip("\n"))
        )
    return "\n".join(lines).replace(str(profiles), "profiles") + "\n"


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    target = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", target)
    return target


@pytest.mark.parametrize(("case", "form", "author"), cases(), ids=[c[0] for c in cases()])
def test_body_gives_the_expected_change_or_words(case: str, form: str, author: str, profiles: Path) -> None:
    outcome = run(case, form, author, profiles)
    assert rendered(outcome, profiles) == (ROOT / f"{case}.expected").read_text(encoding="utf-8")


@pytest.mark.parametrize(("case", "form", "author"), cases(), ids=[c[0] for c in cases()])
def test_every_written_file_passes_the_validator(case: str, form: str, author: str, profiles: Path) -> None:
    outcome = run(case, form, author, profiles)
    for change in outcome.changes:
        if change.text is None:
            continue
        doc, problems = loader.parse(change.text, change.path, Path(change.path).stem)
        assert doc is not None and not problems
        assert check_document(doc) == []


def test_every_fixture_is_listed_and_has_an_expectation() -> None:
    listed = {c[0] for c in cases()}
    assert {p.stem for p in ROOT.glob("*.md")} == listed
    assert {p.stem for p in ROOT.glob("*.expected")} == listed


def test_every_form_has_a_fixture() -> None:
    assert {c[1] for c in cases()} >= {*forms.forms_by_name(), intake.EMAIL_FORM}


def test_update_keeps_comments_and_untouched_fields(profiles: Path) -> None:
    before = (profiles / "kofi-mensah.yml").read_text(encoding="utf-8")
    outcome = run("update-own", "update", "kofi-mensah-example", profiles)
    after = outcome.changes[0].text or ""
    assert "# Kofi's own notes" in after and "# West Africa, no daylight saving" in after
    untouched = [
        line for line in before.splitlines() if line.startswith(("  - code:", "    level:", "sectors:", "consent:"))
    ]
    assert all(line in after.splitlines() for line in untouched)


def test_crlf_and_lf_bodies_give_the_same_file(profiles: Path) -> None:
    crlf = (ROOT / "join-mentee-crlf.md").read_bytes().decode("utf-8")
    assert "\r\n" in crlf
    a = intake.convert(crlf, "join", "olena-k", profiles=profiles, today=TODAY)
    b = intake.convert(crlf.replace("\r\n", "\n"), "join", "olena-k", profiles=profiles, today=TODAY)
    assert a.ok and a.changes == b.changes


def test_a_heading_typed_into_an_answer_never_moves_an_answer(profiles: Path) -> None:
    """'### Name' typed into the bio (an earlier question) stays part of the bio."""
    outcome = run("join-hostile", "join", "mallory", profiles)
    assert not outcome.ok
    body = (ROOT / "join-hostile.md").read_text(encoding="utf-8")
    labels = [q.label for q in forms.forms_by_name()["join"].questions if f"### {q.label}\n" in body]
    sections = intake.split_sections(body, labels)
    assert "### Name" in sections["About you"]
    assert sections["Name"] == "<script>alert(1)</script>"


HOSTILE_ANSWERS = {
    "Atlantis": "![pixel](https://tracker.example/p.gif)",
    "Mars/Olympus": "[click me](https://evil.example/login) @everyone ```` </code> https://evil.example/auto",
}


def test_the_comment_quotes_answers_inertly(profiles: Path) -> None:
    """Links, images, autolinks, HTML, @mentions and fence-closers typed into answers stay text in the reply."""
    from markdown_it import MarkdownIt

    body = (ROOT / "join-hostile.md").read_text(encoding="utf-8")
    for old, new in HOSTILE_ANSWERS.items():
        body = body.replace(f"\n{old}\n", f"\n{new}\n")
    (profiles.parent / "hostile.md").write_text(body, encoding="utf-8")
    outcome = intake.convert(body, "join", "mallory", profiles=profiles, maintainers=frozenset())
    text = intake.comment(outcome)
    assert "tracker.example" in text and "<script>" in text  # quoted, as typed...
    tokens = MarkdownIt("commonmark").parse(text)
    inline = [child for t in tokens if t.type == "inline" for child in t.children or []]
    # ...but only inside one code block: no link, image, HTML or text outside it carries an answer
    assert [t.type for t in tokens if t.type in ("fence", "code_block")] == ["fence"]
    assert not [t for t in inline if t.type in ("link_open", "image", "html_inline")]
    assert not [t for t in tokens if t.type == "html_block"]
    outside = " ".join(t.content for t in tokens if t.type != "fence")
    assert "evil.example" not in outside and "@everyone" not in outside and "tracker" not in outside


def test_slugs_are_ascii_ids_and_unique(profiles: Path) -> None:
    assert intake.slugify("Олена Коваленко") == "olena-kovalenko"
    assert intake.slugify("Sofía Reyes") == "sofia-reyes"
    assert intake.slugify("李小龙") == "li-xiao-long"
    assert intake.slugify("🙂") == "member"
    # a second "Sofía Reyes" gets a suffix instead of the taken id
    body = (ROOT / "join-mentor.md").read_text(encoding="utf-8").replace("Ana Popescu", "Sofía Reyes")
    outcome = intake.convert(body, "join", "sofia-2", profiles=profiles, today=TODAY)
    assert outcome.ok and outcome.profile_id == "sofia-reyes-2"


def test_auto_detects_each_form_from_its_headings() -> None:
    for case, form, _ in cases():
        body = (ROOT / f"{case}.md").read_text(encoding="utf-8")
        assert intake.detect_form(body) == (None if form == intake.EMAIL_FORM else form)
    assert intake.detect_form("Just a question about the project.") is None


def test_a_body_over_the_size_limit_is_refused_in_words(profiles: Path) -> None:
    outcome = intake.convert("x" * (intake.MAX_BODY_CHARS + 1), "join", "a", profiles=profiles, today=TODAY)
    assert outcome.problems == (
        f"The issue is {intake.MAX_BODY_CHARS + 1:,} characters long; the limit is "
        f"{intake.MAX_BODY_CHARS:,}. Please shorten your answers.",
    )


def _body(form: questions.Form, answers: dict[str, str]) -> str:
    return "\n\n".join(f"### {q.label}\n\n{answers.get(q.id) or '_No response_'}" for q in form.questions)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    form_name=st.sampled_from(sorted(forms.forms_by_name())),
    values=st.dictionaries(st.sampled_from([q.id for q in forms.all_questions()]), st.text(max_size=300), max_size=8),
    author=st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
)
def test_any_answers_give_an_outcome_never_a_crash(
    profiles: Path, form_name: str, values: dict[str, str], author: str
) -> None:
    form = forms.forms_by_name()[form_name]
    outcome = intake.convert(_body(form, values), form_name, author, profiles=profiles, today=TODAY)
    assert outcome.ok or all(isinstance(p, str) and p for p in outcome.problems)
    intake.comment(outcome)


def regenerate() -> None:
    import tempfile

    for case, form, author in cases():
        with tempfile.TemporaryDirectory() as tmp:
            profiles = Path(tmp) / "profiles"
            shutil.copytree(ROOT / "profiles", profiles)
            (ROOT / f"{case}.expected").write_text(
                rendered(run(case, form, author, profiles), profiles), encoding="utf-8"
            )
    print(f"Wrote {len(cases())} expectations in {ROOT}")


if __name__ == "__main__":
    regenerate()


def test_a_profile_id_can_never_leave_the_profiles_folder(profiles: Path) -> None:
    body = (ROOT / "join-mentor.md").read_text(encoding="utf-8")
    body = body.replace("### Profile id\n\n_No response_", "### Profile id\n\n../../.github/workflows/evil")
    outcome = intake.convert(body, "join", "ana-p", profiles=profiles, today=TODAY)
    assert outcome.changes == ()
    assert outcome.problems[0].startswith("Profile id: '../../.github/workflows/evil' can't be a file name here")


def test_the_cli_writes_the_file_the_comment_and_the_workflow_outputs(profiles: Path, tmp_path: Path) -> None:
    from matcher.cli import main

    outputs, reply = tmp_path / "outputs", tmp_path / "comment.md"
    args = [
        "intake",
        str(ROOT / "join-mentor.md"),
        "--form",
        "auto",
        "--author",
        "ana-p",
        "--profiles",
        str(profiles),
        "--today",
        "2026-11-20",
        "--comment",
        str(reply),
        "--outputs",
        str(outputs),
    ]
    expected = run("join-mentor", "join", "ana-p", profiles).changes[0].text
    assert main(args) == 0
    assert (profiles / "ana-popescu.yml").read_text(encoding="utf-8") == expected
    assert outputs.read_text(encoding="utf-8").splitlines() == [
        "status=ok",
        "form=join",
        "action=join",
        "profile_id=ana-popescu",
        "changed=1",
        "review=0",
    ]
    assert reply.read_text(encoding="utf-8").startswith("Thank you, @ana-p! Your answers became the profile file")


def test_the_cli_says_what_to_fix_and_exits_1_and_ignores_other_issues(profiles: Path, tmp_path: Path) -> None:
    from matcher.cli import main

    outputs = tmp_path / "outputs"
    base = ["--author", "mallory", "--profiles", str(profiles), "--outputs", str(outputs)]
    assert main(["intake", str(ROOT / "join-other-login.md"), "--form", "join", *base]) == 1
    assert "status=problems" in outputs.read_text(encoding="utf-8")
    other = tmp_path / "question.md"
    other.write_text("How do I become a maintainer?", encoding="utf-8")
    outputs.unlink()
    assert main(["intake", str(other), "--form", "auto", *base]) == 0
    assert outputs.read_text(encoding="utf-8") == "status=ignored\n"
    assert len(list(profiles.glob("*.yml"))) == 3  # nothing written for either


@pytest.mark.parametrize(
    ("box", "words"),
    [
        ("name: !!python/object:os.system x", "Profile from the website: the tag"),
        (
            "a: &x [1]\nb: *x",
            "Profile from the website: anchors and aliases (& and *) are not allowed in a profile (line 1).",
        ),
        ("name: Ana\nname: Bob", "Profile from the website: duplicate key 'name'"),
        ("- just\n- a list", "Profile from the website: a profile must be a mapping of fields"),
        ("name: [unclosed", "Profile from the website: YAML syntax error"),
    ],
)
def test_hostile_yaml_in_the_website_box_is_refused_in_words(profiles: Path, box: str, words: str) -> None:
    body = (ROOT / "join-from-site.md").read_text(encoding="utf-8")
    start = body.index("```yaml\n") + len("```yaml\n")
    end = body.index("\n```", start)
    outcome = intake.convert(body[:start] + box + body[end:], "join", "nomvula-d", profiles=profiles, today=TODAY)
    assert outcome.changes == () and outcome.problems[0].startswith(words)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # typed raw into an answer
        ("### Name\n\n_No response_", "### Name\n\nNomvula Dlamini\u202egpj.exe"),
        # written as a YAML escape in the profile box, which no raw-text filter can see
        ("name: Nomvula Dlamini", 'name: "Nomvula Dlamini\\u202Egpj.exe"'),
        ("headline: Nurse and union rep in Durban", 'headline: "Nurse\\u200B and union rep"'),
    ],
)
def test_hidden_characters_are_refused_whatever_the_route(profiles: Path, old: str, new: str) -> None:
    body = (ROOT / "join-from-site.md").read_text(encoding="utf-8")
    assert old in body
    outcome = intake.convert(body.replace(old, new), "join", "nomvula", profiles=profiles, maintainers=frozenset())
    assert not outcome.ok and not outcome.changes
    assert any("invisible or control character" in p for p in outcome.problems), outcome.problems


@pytest.mark.parametrize("name", ["Kofi Mensah", "KOFI  mensah", "K\u043efi Mensah"])  # same, case, Cyrillic o
def test_a_name_like_someone_elses_is_flagged_for_a_maintainer(profiles: Path, name: str) -> None:
    body = (ROOT / "join-from-site.md").read_text(encoding="utf-8").replace("name: Nomvula Dlamini", f"name: {name}")
    outcome = intake.convert(body, "join", "nomvula", profiles=profiles, maintainers=frozenset())
    assert outcome.ok and outcome.changes  # a namesake may join...
    assert len(outcome.review) == 1 and "`kofi-mensah`" in outcome.review[0]  # ...once a maintainer has looked
    assert "a maintainer will check" in intake.comment(outcome)


def test_a_different_name_is_not_flagged(profiles: Path) -> None:
    body = (ROOT / "join-from-site.md").read_text(encoding="utf-8")
    outcome = intake.convert(body, "join", "nomvula", profiles=profiles, maintainers=frozenset())
    assert outcome.ok and outcome.review == ()


def test_the_subject_takes_back_and_accepts_an_endorsement_with_the_update_form(profiles: Path) -> None:
    """Lena endorsed Kofi, who accepted it; he can take it down, and accept it again."""
    body = (ROOT / "update-own.md").read_text(encoding="utf-8")
    question = "### Endorsements you accept\n\n_No response_"
    take_back = body.replace(question, "### Endorsements you accept\n\ndelete")
    outcome = intake.convert(take_back, "update", "kofi-mensah-example", profiles=profiles, maintainers=frozenset())
    assert outcome.ok, outcome.problems
    assert "endorsements_accepted" not in (outcome.changes[0].text or "")
    intake.apply(outcome)
    accept = body.replace(question, "### Endorsements you accept\n\nlena-fischer")
    outcome = intake.convert(accept, "update", "kofi-mensah-example", profiles=profiles, maintainers=frozenset())
    assert outcome.ok, outcome.problems
    assert "endorsements_accepted: [lena-fischer]" in (outcome.changes[0].text or "")


def test_a_profile_that_is_a_symbolic_link_is_never_read_or_written(profiles: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    original = (profiles / "kofi-mensah.yml").read_text(encoding="utf-8")
    secret.write_text(original, encoding="utf-8")
    (profiles / "kofi-mensah.yml").unlink()
    (profiles / "kofi-mensah.yml").symlink_to(secret)
    outcome = run("update-own", "update", "kofi-mensah-example", profiles)
    assert not outcome.ok and any("not a plain file" in p for p in outcome.problems)
    with pytest.raises(ValueError, match="symbolic link"):
        intake.apply(intake.Outcome("join", "x", "k", "join", (intake.FileChange("kofi-mensah.yml", "x"),)), profiles)
    assert secret.read_text(encoding="utf-8") == original


def test_an_issue_opened_before_an_optional_question_was_added_still_converts(profiles: Path) -> None:
    """The join form gained "Language of your words" (optional): an issue from before has no such heading and is
    read as not answering it; the same issue with the question answered carries it into the file."""
    body = (ROOT / "join-mentor.md").read_text(encoding="utf-8")
    assert "### Language of your words" not in body
    before = intake.convert(body, "join", "nomvula", profiles=profiles, maintainers=frozenset(), today=TODAY)
    assert before.ok, before.problems
    assert "writing_language" not in before.changes[0].text
    answered = body.replace("### Where you are", "### Language of your words\n\nfr\n\n### Where you are", 1)
    assert answered != body
    after = intake.convert(answered, "join", "nomvula", profiles=profiles, maintainers=frozenset(), today=TODAY)
    assert after.ok, after.problems
    assert "writing_language: fr" in after.changes[0].text
    missing = body.replace("### Name\n", "### Nom\n", 1)  # a required question's heading edited away: refused
    assert not intake.convert(missing, "join", "nomvula", profiles=profiles, maintainers=frozenset(), today=TODAY).ok


def test_the_package_offers_each_name_from_its_module_when_first_used() -> None:
    """``matcher.intake`` imports its converter only when one of its names is used: the site's build, which
    reads the form definitions alone, loads neither the converter nor ruamel.yaml (25 ms of every start).
    No module of the package is named like a name it offers (importing that module would hide the name)."""
    import importlib
    import pkgutil
    import subprocess
    import sys

    package = importlib.import_module("matcher.intake")
    assert sorted(package._FROM) == sorted(package.__all__)
    modules = {m.name for m in pkgutil.iter_modules(package.__path__)}
    assert not modules & set(package.__all__)
    for name, module in package._FROM.items():
        assert getattr(package, name) is getattr(importlib.import_module(f"matcher.intake.{module}"), name)
    with pytest.raises(AttributeError):
        package.no_such_name  # noqa: B018
    watched = ("ruamel.yaml", "matcher.intake.converter")
    code = f"import sys, matcher.site.build; print(sorted(m for m in {watched!r} if m in sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
