"""What the program achieved, as a coordinator reports it to a funder: the dashboard's outcome charts.

Mentorships running now and completed, how long completed ones lasted (with the median), and how
many introductions were asked for, accepted and declined. Each is a chart (inline SVG, drawn here
like the dashboard's other charts) followed by the same figures as a table.

Only totals: relationships are counted from :class:`~matcher.site.mentorships.Mentorships` (public
ones and the private ones this build could resolve, never a person), and introductions from the
nightly's counts file (``build/introductions.json``: three numbers, nothing about anyone, so nothing
about a declined introduction but that it was one of the declined).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from babel.numbers import format_decimal
from markupsafe import Markup

from matcher.site import i18n
from matcher.site.dashboard import BAR_HEIGHT, Figure, bar_at, bar_share, chart_open, count_words, label_at, value_at
from matcher.site.i18n import N_, gettext, ngettext
from matcher.site.mentorships import Mentorships

INTRODUCTION_KEYS = ("asked", "accepted", "declined")
ROW_HEIGHT = 32  # label line + one bar
DAYS_PER_MONTH = 365.25 / 12
# How long a completed mentorship lasted, in whole months (upper bounds, the last open-ended).
LENGTHS = (
    (1, N_("Under a month")),
    (3, N_("1 to 3 months")),
    (6, N_("3 to 6 months")),
    (None, N_("More than 6 months")),
)


class IntroductionCountsInvalid(ValueError):
    """The introductions counts file is not three whole numbers: the build stops, in words."""


@dataclass(frozen=True, slots=True)
class OutcomeChart:
    id: str
    title: str
    description: str
    dimension: str  # what a row is
    value_label: str  # what its number counts
    rows: tuple[tuple[str, int], ...]
    svg: Markup
    note: str = ""  # a sentence under the chart, e.g. the median


@dataclass(frozen=True)
class Outcomes:
    figures: tuple[Figure, ...]
    charts: tuple[OutcomeChart, ...]
    missing: tuple[str, ...]  # what this build has no figures for, in words
    not_counted: str  # private relationships this build could not read, in words ("" when none)


def read_introduction_counts(path: Path) -> dict[str, int] | None:
    """``{"asked": n, "accepted": n, "declined": n}`` from the nightly's file; None when there is none."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise IntroductionCountsInvalid(f"{path}: not JSON ({error})") from None
    if not isinstance(data, dict) or set(data) != set(INTRODUCTION_KEYS):
        raise IntroductionCountsInvalid(f"{path}: must hold exactly the keys {', '.join(INTRODUCTION_KEYS)}")
    bad = [k for k in INTRODUCTION_KEYS if isinstance(data[k], bool) or not isinstance(data[k], int) or data[k] < 0]
    if bad:
        raise IntroductionCountsInvalid(f"{path}: {', '.join(bad)} must be a whole number, 0 or more")
    return {k: int(data[k]) for k in INTRODUCTION_KEYS}


def bars_svg(chart_id: str, title: str, description: str, rows: Sequence[tuple[str, int]]) -> Markup:
    """One bar per row, its label above it and its number at its end."""
    top = max((value for _, value in rows), default=0)
    height = ROW_HEIGHT * len(rows) + 8
    parts = chart_open(chart_id, title, description, height)
    for index, (label, value) in enumerate(rows):
        y = ROW_HEIGHT * index
        width = bar_share(value, top)
        parts.append(f"<g><title>{escape(count_words(label, value))}</title>")
        parts.append(f'<text class="chart-label" {label_at()} y="{y + 14}">{escape(label)}</text>')
        parts.append(f'<rect class="bar bar-supply" {bar_at(0, width)} y="{y + 18}" height="{BAR_HEIGHT}" rx="2"/>')
        parts.append(f'<text class="chart-value" {value_at(width)} y="{y + 16 + BAR_HEIGHT}">{value}</text>')
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - built here from numbers and escape()d labels


def _chart(
    chart_id: str,
    title: str,
    description: str,
    dimension: str,
    value_label: str,
    rows: Sequence[tuple[str, int]],
    note: str = "",
) -> OutcomeChart:
    svg = bars_svg(chart_id, title, description, rows)
    return OutcomeChart(chart_id, title, description, dimension, value_label, tuple(rows), svg, note)


def _months(days: float) -> str:
    """ "20 days", "1 month (30 days)", "5.5 months (166 days)", the number as the page's language writes it."""
    in_days = ngettext("%(num)s day", "%(num)s days", round(days))
    months = days / DAYS_PER_MONTH
    if months < 1:
        return in_days
    whole = round(months, 1)
    language = i18n.current()
    if language in (i18n.DEFAULT, i18n.PSEUDO):
        number = f"{whole:g}"
    else:
        number = format_decimal(whole, locale=language.replace("-", "_"))
    if whole.is_integer():
        # TRANSLATORS: a length in months, then in days ("30 days", translated on its own).
        return ngettext(
            "%(months)s month (%(days)s)", "%(months)s months (%(days)s)", int(whole), months=number, days=in_days
        )
    # TRANSLATORS: a length in months with a decimal, "5.5 months (166 days)": a fraction's plural.
    return gettext("%(months)s months (%(days)s)", months=number, days=in_days)


def _length_rows(lengths: Sequence[int]) -> list[tuple[str, int]]:
    counts = [0] * len(LENGTHS)
    for days in lengths:
        months = days / DAYS_PER_MONTH
        counts[next(i for i, (top, _) in enumerate(LENGTHS) if top is None or months < top)] += 1
    return [(gettext(label), n) for (_, label), n in zip(LENGTHS, counts, strict=True)]


def build_outcomes(mentorships: Mentorships, reference: dt.date, introductions: dict[str, int] | None) -> Outcomes:
    """The outcome figures and charts: relationships from the site's usable ones, introductions from the counts."""
    rels = mentorships.relationships
    active = sum(1 for r in rels if r.active)
    ended = [r for r in rels if not r.active]
    lengths = sorted(r.length_days(reference) for r in ended)
    median = statistics.median(lengths) if lengths else None
    # (A figure shows its number, then its label, then its note.)
    figures = [
        Figure(gettext("Mentorships now"), active, gettext("agreed and running")),
        Figure(gettext("Completed"), len(ended), gettext("mentorships that have ended")),
    ]
    if median is not None:
        figures.append(Figure(gettext("Median length"), round(median), gettext("days, of completed mentorships")))
    charts = [
        _chart(
            "chart-mentorships",
            gettext("Mentorships agreed"),
            gettext("Mentorships both people agreed to: running now, and completed."),
            gettext("Mentorships"),
            gettext("Number"),
            ((gettext("Running now"), active), (gettext("Completed"), len(ended))),
        )
    ]
    missing = []
    if lengths and median is not None:
        charts.append(
            _chart(
                "chart-lengths",
                gettext("How long completed mentorships lasted"),
                gettext("Completed mentorships by how long they lasted, from their start to their end."),
                gettext("Length"),
                gettext("Mentorships"),
                _length_rows(lengths),
                # TRANSLATORS: %(length)s is e.g. "5.5 months (166 days)".
                ngettext(
                    "Median length: %(length)s, over %(num)s completed mentorship.",
                    "Median length: %(length)s, over %(num)s completed mentorships.",
                    len(lengths),
                    length=_months(median),
                ),
            )
        )
    else:
        missing.append(gettext("No mentorship has been completed yet, so there is no length to show."))
    if introductions is not None:
        figures.append(
            Figure(gettext("Introductions asked"), introductions["asked"], gettext("requests to meet a mentor"))
        )
        charts.append(
            _chart(
                "chart-introductions",
                gettext("Introductions"),
                gettext(
                    "Requests for an introduction to a mentor: asked for, accepted by the mentor, declined. "
                    "Nothing else about a request is published."
                ),
                gettext("Introductions"),
                gettext("Number"),
                (
                    (gettext("Asked for"), introductions["asked"]),
                    (gettext("Accepted"), introductions["accepted"]),
                    (gettext("Declined"), introductions["declined"]),
                ),
            )
        )
    else:
        missing.append(gettext("No introduction counts in this build."))
    n = mentorships.unresolved
    not_counted = (
        ngettext(
            "Not counted: %(num)s private mentorship this build could not read "
            "(it was built without the key that tells who is in them).",
            "Not counted: %(num)s private mentorships this build could not read "
            "(it was built without the key that tells who is in them).",
            n,
        )
        if n
        else ""
    )
    return Outcomes(tuple(figures), tuple(charts), tuple(missing), not_counted)
