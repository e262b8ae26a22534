"""Problems found in profiles, and the reporters that print them (text, JSON, GitHub annotations)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


def field_path(path: Sequence[str | int]) -> str:
    """``('mentor', 'topics', 2)`` -> ``mentor.topics[2]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: where it is, which field, and what to do about it."""

    file: str
    line: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:"
        field = f" {self.field}:" if self.field else ""
        prefix = " warning:" if self.severity == "warning" else ""
        return f"{where}{prefix}{field} {self.message}"


def summary(problems: Sequence[Problem], files: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    bad_files = len({p.file for p in problems if p.severity == "error"})
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not problems:
        return f"All good: {checked}, no problems."
    parts = []
    if errors:
        parts.append(f"{errors} problem{'s' if errors != 1 else ''} in {bad_files} file{'s' if bad_files != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{', '.join(parts)} ({checked})."


def render_text(problems: Sequence[Problem], files: int) -> str:
    lines = [str(p) for p in problems]
    lines.append(summary(problems, files))
    return "\n".join(lines)


def escape_data(value: str) -> str:
    """A workflow command's message: %, CR and LF escaped as GitHub's runner expects."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(problems: Sequence[Problem], files: int) -> str:
    """GitHub workflow commands: each problem becomes an annotation on its line."""
    lines = []
    for p in problems:
        title = _escape_property(p.field or "profile")
        message = escape_data(p.message)
        lines.append(f"::{p.severity} file={_escape_property(p.file)},line={p.line},title={title}::{message}")
    lines.append(summary(problems, files))
    return "\n".join(lines)


def render_json(problems: Sequence[Problem], files: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    payload = {
        "files": files,
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [asdict(p) for p in problems],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False, sort_keys=True)


REPORTERS = {"text": render_text, "json": render_json, "github": render_github}
