"""The matching policy: rules and weights, read from one versioned file (``matcher/matching/policy.toml``).

:func:`load_policy` checks the file at start-up and fails with a message that names the key
and what is allowed, like a settings check in a Pelican plugin. Points are held in whole
hundredths (``int``) so every consumer, NumPy and JavaScript included, computes the same
numbers; :func:`policy_as_json` is the export the browser reads.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

POLICY_FILE = "policy.toml"
LEVELS_KNOWN = ("conversational", "fluent", "native")
COMPONENTS = ("topics", "language", "hours", "sector", "location", "interest")


class PolicyError(ValueError):
    """The policy file is missing a key or has a value that is not allowed."""


@dataclass(frozen=True, slots=True)
class Policy:
    """The validated policy. Every ``*_h`` field is in hundredths of a point."""

    version: str
    levels: tuple[str, ...]  # weakest first
    both_at_least: str
    one_at_least: str
    in_person_needs: str  # country | city
    local_is_a_rule: bool
    reference_instant: dt.datetime
    work_start_min: int  # minutes after local midnight
    work_end_min: int
    weights_h: tuple[tuple[str, int], ...]  # (component, max points) in COMPONENTS order
    language_strength_pct: tuple[tuple[str, int], ...]  # (level, percent)
    sector_shared_current_h: int
    location_same_country_h: int
    interest_mentee_h: int
    interest_mentor_h: int
    honour_mutual_first: bool
    candidates: int
    mentor_candidates: int
    keep_bonus_h: int
    full_keeps_previous: bool
    few_options: int
    improve_seconds: float
    suggestions_per_mentee: int
    suggestions_per_mentor: int
    lists_per_place: int
    lists_at_least: int

    def weight_h(self, component: str) -> int:
        return dict(self.weights_h)[component]

    def rank(self, level: str) -> int:
        """0 for the weakest level; higher is stronger."""
        return self.levels.index(level)

    def strength_pct(self, level: str) -> int:
        return dict(self.language_strength_pct)[level]

    @property
    def work_minutes(self) -> int:
        return self.work_end_min - self.work_start_min

    @property
    def max_score_h(self) -> int:
        return sum(w for _, w in self.weights_h)


def _get(table: dict[str, Any], dotted: str) -> Any:
    node: Any = table
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise PolicyError(f"missing key '{dotted}'")
        node = node[part]
    return node


def _points(table: dict[str, Any], dotted: str) -> int:
    value = _get(table, dotted)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise PolicyError(f"'{dotted}' must be a number of points, 0 or more, not {value!r}")
    hundredths = round(value * 100)
    if abs(hundredths - value * 100) > 1e-6:
        raise PolicyError(f"'{dotted}' = {value}: give points with at most two decimals")
    return int(hundredths)


def _int(table: dict[str, Any], dotted: str, low: int, high: int) -> int:
    value = _get(table, dotted)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise PolicyError(f"'{dotted}' must be a whole number from {low} to {high}, not {value!r}")
    return value


def _bool(table: dict[str, Any], dotted: str) -> bool:
    value = _get(table, dotted)
    if not isinstance(value, bool):
        raise PolicyError(f"'{dotted}' must be true or false, not {value!r}")
    return value


def _seconds(table: dict[str, Any], dotted: str) -> float:
    value = _get(table, dotted)
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 3600:
        raise PolicyError(f"'{dotted}' must be a number of seconds from 0 to 3600, not {value!r}")
    return float(value)


def _choice(table: dict[str, Any], dotted: str, choices: tuple[str, ...]) -> str:
    value = _get(table, dotted)
    if value not in choices:
        raise PolicyError(f"'{dotted}' = {value!r} is not allowed (choose one of: {', '.join(choices)})")
    return str(value)


def _clock(table: dict[str, Any], dotted: str) -> int:
    value = _get(table, dotted)
    try:
        parsed = dt.time.fromisoformat(str(value))
    except ValueError:
        raise PolicyError(f"'{dotted}' = {value!r} is not a time of day: write it as HH:MM") from None
    return parsed.hour * 60 + parsed.minute


def parse_policy(table: dict[str, Any]) -> Policy:
    """Check a parsed policy table and build the :class:`Policy`."""
    levels = tuple(_get(table, "languages.levels"))
    if sorted(levels) != sorted(LEVELS_KNOWN):
        raise PolicyError(f"'languages.levels' must list each of {', '.join(LEVELS_KNOWN)} once, weakest first")
    instant_text = str(_get(table, "hours.reference_instant"))
    try:
        instant = dt.datetime.fromisoformat(instant_text.replace("Z", "+00:00"))
    except ValueError:
        raise PolicyError(f"'hours.reference_instant' = {instant_text!r} is not an ISO date-time") from None
    if instant.utcoffset() != dt.timedelta(0):
        raise PolicyError("'hours.reference_instant' must be in UTC (end it with Z)")
    start, end = _clock(table, "hours.start"), _clock(table, "hours.end")
    if not start < end:
        raise PolicyError("'hours.start' must be before 'hours.end' (a working day within one calendar day)")
    version = _get(table, "version")
    if not isinstance(version, str) or not version:
        raise PolicyError("'version' must be a non-empty string, e.g. \"2026.1\"")
    strength = tuple((level, _int(table, f"language_strength.{level}", 0, 100)) for level in levels)
    candidates = _int(table, "assignment.candidates", 1, 10_000)
    few = _int(table, "assignment.few_options", 0, 10_000)
    if few >= candidates:
        raise PolicyError(
            f"'assignment.few_options' = {few} must be below 'assignment.candidates' = {candidates}, "
            "so that every eligible mentor of a mentee with few options is a candidate"
        )
    return Policy(
        version=version,
        levels=levels,
        both_at_least=_choice(table, "languages.both_at_least", levels),
        one_at_least=_choice(table, "languages.one_at_least", levels),
        in_person_needs=_choice(table, "formats.in_person_needs", ("country", "city")),
        local_is_a_rule=_bool(table, "reach.local_is_a_rule"),
        reference_instant=instant,
        work_start_min=start,
        work_end_min=end,
        weights_h=tuple((name, _points(table, f"weights.{name}")) for name in COMPONENTS),
        language_strength_pct=strength,
        sector_shared_current_h=_points(table, "sector.shared_current"),
        location_same_country_h=_points(table, "location.same_country"),
        interest_mentee_h=_points(table, "interest.mentee_shortlisted"),
        interest_mentor_h=_points(table, "interest.mentor_shortlisted"),
        honour_mutual_first=_bool(table, "assignment.honour_mutual_first"),
        candidates=candidates,
        mentor_candidates=_int(table, "assignment.mentor_candidates", 0, 1000),
        keep_bonus_h=_points(table, "assignment.keep_bonus"),
        full_keeps_previous=_bool(table, "assignment.full_keeps_previous"),
        few_options=few,
        improve_seconds=_seconds(table, "assignment.improve_seconds"),
        suggestions_per_mentee=_int(table, "suggestions.per_mentee", 0, 100),
        suggestions_per_mentor=_int(table, "suggestions.per_mentor", 0, 100),
        lists_per_place=_int(table, "suggestions.lists_per_place", 1, 1000),
        lists_at_least=_int(table, "suggestions.lists_at_least", 1, 100_000),
    )


def policy_text(path: Path | None = None) -> str:
    if path is None:
        return resources.files("matcher.matching").joinpath(POLICY_FILE).read_text(encoding="utf-8")
    return Path(path).read_text(encoding="utf-8")


def load_policy(path: Path | None = None) -> Policy:
    """The policy in ``path``, or the repository's ``matcher/matching/policy.toml``."""
    where = str(path) if path else f"matcher/{POLICY_FILE}"
    try:
        table = tomllib.loads(policy_text(path))
        return parse_policy(table)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{where}: not valid TOML: {exc}") from None
    except PolicyError as exc:
        raise PolicyError(f"{where}: {exc}") from None


def policy_as_json(policy: Policy | None = None) -> dict[str, Any]:
    """The policy as the browser needs it: the same rules, points in hundredths (integers).

    Shape (all keys always present)::

        {"version": "2026.1",
         "levels": ["conversational", "fluent", "native"],
         "languages": {"both_at_least": "conversational", "one_at_least": "fluent"},
         "formats": {"in_person_needs": "country"},
         "reach": {"local_is_a_rule": true},
         "hours": {"reference_instant": "2026-01-15T12:00:00Z", "start_minute": 540, "end_minute": 1080},
         "weights_h": {"topics": 3500, ...},
         "language_strength_pct": {"native": 100, ...},
         "sector_shared_current_h": 400, "location_same_country_h": 600,
         "interest_mentee_h": 1500, "interest_mentor_h": 1000,
         "assignment": {"full_keeps_previous": true},
         "suggestions": {"per_mentee": 5, "per_mentor": 5}}
    """
    p = policy or load_policy()
    return {
        "version": p.version,
        "levels": list(p.levels),
        "languages": {"both_at_least": p.both_at_least, "one_at_least": p.one_at_least},
        "formats": {"in_person_needs": p.in_person_needs},
        "reach": {"local_is_a_rule": p.local_is_a_rule},
        "hours": {
            "reference_instant": p.reference_instant.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "start_minute": p.work_start_min,
            "end_minute": p.work_end_min,
        },
        "weights_h": dict(p.weights_h),
        "language_strength_pct": dict(p.language_strength_pct),
        "sector_shared_current_h": p.sector_shared_current_h,
        "location_same_country_h": p.location_same_country_h,
        "interest_mentee_h": p.interest_mentee_h,
        "interest_mentor_h": p.interest_mentor_h,
        "assignment": {"full_keeps_previous": p.full_keeps_previous},
        "suggestions": {"per_mentee": p.suggestions_per_mentee, "per_mentor": p.suggestions_per_mentor},
    }
