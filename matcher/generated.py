"""Every file derived from another, in one registry: ``python -m matcher generate [--check]``.

Each entry is a committed file and how to render it from its source (the schema, community.toml,
the policy, the command line, a golden community). ``generate`` writes the ones that differ;
``--check`` writes nothing and fails, naming each stale file and the command that fixes it. One
parametrised test walks the registry, and the ``check`` workflow runs ``--check``.

Left out on purpose: the site's golden copy (``tests/golden/site/``, a whole built site: ``invoke
site-golden``) and the validator's expected errors (``invoke expected-errors``), which are
reviewed outputs of tests rather than files the product reads.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

GOLDEN_MATCHER = Path("tests/golden/matcher")


@dataclass(frozen=True)
class Generated:
    path: Path
    render: Callable[[], str]
    source: str  # what it is made from, for the stale message


def _readme(parser: argparse.ArgumentParser) -> str:
    from invoke.collection import Collection

    import tasks  # the repository's tasks.py: run from the repository's root, as every command is
    from matcher import readme

    block = readme.render(parser, Collection.from_module(tasks).tasks.values())
    return readme.updated(readme.README.read_text(encoding="utf-8"), block)


def _fields_doc() -> str:
    from matcher.profile import docs

    return docs.fields_markdown()


def _vectors() -> str:
    from matcher.matching.vectors import vectors_text

    return vectors_text()


def _fixed(text: str) -> Callable[[], str]:
    return lambda: text


def _golden(case: Path) -> Callable[[], str]:
    def render() -> str:
        from matcher.matching.match import run_match
        from matcher.matching.output import matches_text
        from matcher.matching.policy import load_policy
        from matcher.matching.stability import read_previous
        from matcher.profile.validate import load_profiles
        from matcher.relationships.matching import with_relationships

        previous = read_previous(case / "previous.json") if (case / "previous.json").exists() else None
        people, fixed = with_relationships(case / "profiles", load_profiles([case / "profiles"]))
        return matches_text(run_match(people, load_policy(), previous), fixed.as_json() if fixed else None)

    return render


def registry(parser: argparse.ArgumentParser) -> Iterator[Generated]:
    """Every derived file, in a stable order (``parser``: the command line, whose commands the README lists)."""
    from matcher.intake import templates
    from matcher.profile import docs

    yield Generated(Path("README.md"), lambda: _readme(parser), "the command line, tasks.py and the site's settings")
    yield Generated(Path(docs.FIELDS_DOC), _fields_doc, "matcher/profile/profile.schema.json")
    for path, text in sorted(templates.rendered().items()):
        yield Generated(Path(path), _fixed(text), "the schema and community.toml")
    yield Generated(Path("tests/vectors/scoring.json"), _vectors, "the scoring rules and matcher/matching/policy.toml")
    for case in sorted(p for p in GOLDEN_MATCHER.iterdir() if (p / "profiles").is_dir()):
        yield Generated(case / "expected.json", _golden(case), f"the golden community {case.name} (review the diff)")


def out_of_date(parser: argparse.ArgumentParser) -> list[Generated]:
    return [g for g in registry(parser) if not g.path.exists() or g.path.read_text(encoding="utf-8") != g.render()]


def write(parser: argparse.ArgumentParser) -> list[Path]:
    written = []
    for g in registry(parser):
        text = g.render()
        if not g.path.exists() or g.path.read_text(encoding="utf-8") != text:
            g.path.parent.mkdir(parents=True, exist_ok=True)
            g.path.write_text(text, encoding="utf-8")
            written.append(g.path)
    return written
