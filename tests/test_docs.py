"""Derived files are regenerated from the schema, and every command and task is documented."""

from __future__ import annotations

from pathlib import Path

from matcher.cli import build_parser
from matcher.profile import docs, schema

ROOT = Path(__file__).resolve().parent.parent


def test_fields_reference_is_up_to_date() -> None:
    committed = (ROOT / docs.FIELDS_DOC).read_text(encoding="utf-8")
    assert committed == docs.fields_markdown(), "docs/fields.md is out of date: run `python -m matcher generate`"


def test_fields_reference_names_every_field_and_topic() -> None:
    text = docs.fields_markdown()
    for name in schema.profile_schema()["properties"]:
        assert f"| `{name}` |" in text
    for topic, label in schema.vocabulary("topic").items():
        assert f"| `{topic}` | {label} |" in text


def test_every_cli_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    missing = [c for c in commands if f"python -m matcher {c}" not in readme]
    assert not missing, f"README does not document: {missing}"


def test_every_invoke_task_is_in_the_readme() -> None:
    from invoke import Collection

    import tasks

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = Collection.from_module(tasks).task_names
    assert len(names) > 10
    missing = sorted(n for n in names if f"invoke {n}" not in readme)
    assert not missing, f"README does not document: {missing}"
