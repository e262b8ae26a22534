"""The program dashboard: counts, supply and demand, and where people are, as inline SVG charts.

Charts are generated here, at build time, as plain SVG markup (no script, no external
service). Bars are sized in percent of the chart's width and text in CSS pixels, so a chart
reflows from a phone to a desktop without its labels shrinking. Colours come from CSS
classes, so the light and dark themes both apply. Each chart carries a text title and
description and is followed by the same figures as a table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from matcher.profile.model import Profile
from matcher.site import i18n, urls
from matcher.site.i18n import gettext, ngettext
from matcher.site.pages import country_name, language_name, list_words, vocabulary
from matcher.site.suggestions import Matches

ROW_HEIGHT = 46  # label line + two bars
BAR_HEIGHT = 12
BAR_MAX = 82.0  # percent of the width the longest bar takes; the rest holds its number


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    url: str | None
    supply: int  # open mentors who offer it
    demand: int  # looking mentees who seek it


@dataclass(frozen=True, slots=True)
class Chart:
    id: str
    title: str
    dimension: str  # what a row is: Topic, Language, Country
    description: str
    supply_label: str
    demand_label: str
    rows: tuple[Row, ...]
    svg: Markup


@dataclass(frozen=True, slots=True)
class Figure:
    label: str
    value: int
    note: str


@dataclass(frozen=True, slots=True)
class Shortage:
    """A topic with more mentees looking for help than open mentors offering it."""

    topic: str
    label: str
    mentors: int  # open mentors who offer it
    mentees: int  # looking mentees who seek it
    url: str  # the people who seek it
    join_url: str  # the join page, set up for a mentor of this topic

    @property
    def words(self) -> str:
        """ "3 open mentors for 6 mentees looking", "no open mentor for 1 mentee looking"."""
        if self.mentors:
            mentors = ngettext("%(num)s open mentor", "%(num)s open mentors", self.mentors)
        else:
            mentors = gettext("no open mentor")
        # TRANSLATORS: %(mentors)s is "no open mentor" or "3 open mentors" (translated on their own).
        return ngettext(
            "%(mentors)s for %(num)s mentee looking",
            "%(mentors)s for %(num)s mentees looking",
            self.mentees,
            mentors=mentors,
        )


@dataclass(frozen=True)
class Dashboard:
    shortages: tuple[Shortage, ...]
    figures: tuple[Figure, ...]
    status_svg: Markup
    status_rows: tuple[tuple[str, int], ...]
    charts: tuple[Chart, ...]


def bar_width(value: int, top: int) -> str:
    return f"{bar_share(value, top):.2f}%"


def bar_share(value: int, top: int) -> float:
    """A bar's length, in percent of the chart's width."""
    return (BAR_MAX * value / top) if top else 0.0


# A chart reads from the start of the line: from the left, or from the right in a language written right
# to left. SVG's coordinates are the same in both; these mirror them (text-anchor "start" follows the
# page's direction by itself, so a label placed at the right edge runs leftwards from it).


def _rtl() -> bool:
    return i18n.direction(i18n.current()) == "rtl"


def label_at() -> str:
    """Where a row's label starts: the chart's start."""
    return 'x="100%"' if _rtl() else 'x="0"'


def bar_at(start: float, width: float) -> str:
    """A bar from ``start`` (percent from the chart's start) and ``width`` percent long."""
    x = 100.0 - start - width if _rtl() else start
    return f'x="{x:.2f}%" width="{width:.2f}%"'


def value_at(end: float) -> str:
    """Where a bar's number goes: just past the bar's end."""
    return f'x="{100.0 - end:.2f}%" dx="-6"' if _rtl() else f'x="{end:.2f}%" dx="6"'


def chart_open(chart_id: str, title: str, description: str, height: int) -> list[str]:
    """The start of an accessible SVG chart: its size, and its title and description for screen readers."""
    return [
        f'<svg class="chart" id="{chart_id}" width="100%" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def bar_chart_svg(chart_id: str, title: str, description: str, rows: Sequence[Row], row_words: str) -> Markup:
    """Two bars per row (supply above, demand below), each with its number at its end.

    ``row_words`` says one row for screen readers, a translated message with ``%(label)s``,
    ``%(supply)s`` and ``%(demand)s``: "Fundraising: open mentors 1, looking mentees 2".
    """
    top = max((max(r.supply, r.demand) for r in rows), default=0)
    height = ROW_HEIGHT * len(rows) + 8
    parts = chart_open(chart_id, title, description, height)
    for index, row in enumerate(rows):
        y = ROW_HEIGHT * index
        said = row_words % {"label": row.label, "supply": row.supply, "demand": row.demand}
        parts.append(f"<g><title>{escape(said)}</title>")
        parts.append(f'<text class="chart-label" {label_at()} y="{y + 14}">{escape(row.label)}</text>')
        for offset, kind, value in ((18, "supply", row.supply), (18 + BAR_HEIGHT + 2, "demand", row.demand)):
            width = bar_share(value, top)
            parts.append(
                f'<rect class="bar bar-{kind}" {bar_at(0, width)} y="{y + offset}" height="{BAR_HEIGHT}" rx="2"/>'
            )
            parts.append(
                f'<text class="chart-value" {value_at(width)} y="{y + offset + BAR_HEIGHT - 2}">{value}</text>'
            )
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - built here from numbers and escape()d labels


def status_svg(segments: Sequence[tuple[str, str, int]]) -> Markup:
    """One stacked bar of the mentees: matched, waiting, paused (class, label, count)."""
    total = sum(count for _, _, count in segments) or 1
    parts = [
        '<svg class="chart chart-status" width="100%" height="28" role="img" aria-labelledby="status-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="status-title">'
        + escape(list_words(count_words(label, count) for _, label, count in segments))
        + "</title>",
    ]
    x = 0.0
    for css, label, count in segments:
        width = 100.0 * count / total
        parts.append(
            f'<rect class="bar {css}" {bar_at(x, width)} y="0" height="28">'
            f"<title>{escape(count_words(label, count))}</title></rect>"
        )
        x += width
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - built here from numbers and escape()d labels


def count_words(label: str, count: int) -> str:
    """ "Waiting: 3", as a chart says one of its figures."""
    # TRANSLATORS: a label and its number in a chart, e.g. "Completed: 3".
    return gettext("%(label)s: %(count)s", label=label, count=count)


def _rows_by(
    counter_supply: Counter[str],
    counter_demand: Counter[str],
    label_of: Callable[[str], str],
    url_of: Callable[[str], str | None],
    limit: int | None,
) -> tuple[Row, ...]:
    keys = set(counter_supply) | set(counter_demand)
    ordered = sorted(keys, key=lambda k: (-(counter_supply[k] + counter_demand[k]), label_of(k).casefold(), k))
    if limit is not None:
        ordered = ordered[:limit]
    return tuple(Row(label_of(k), url_of(k), counter_supply[k], counter_demand[k]) for k in ordered)


def build_dashboard(profiles: Sequence[Profile], matches: Matches) -> Dashboard:
    """Every figure and chart of the dashboard page, from the published profiles."""
    mentors = [p for p in profiles if p.mentor]
    mentees = [p for p in profiles if p.mentee]
    open_mentors = [p for p in mentors if p.mentor and p.mentor.status == "open"]
    looking = [p for p in mentees if p.mentee and p.mentee.status == "looking"]
    matched = {mentee for mentee, _ in matches.pairs}
    waiting = [p for p in looking if p.id not in matched]
    seats = sum(p.mentor.capacity for p in open_mentors if p.mentor)

    # (A figure shows its number, then its label, then its note.)
    figures = [
        Figure(
            gettext("Mentors"),
            len(mentors),
            ngettext("%(num)s open to new mentees", "%(num)s open to new mentees", len(open_mentors)),
        ),
        Figure(
            gettext("Mentees"),
            len(mentees),
            ngettext("%(num)s looking for a mentor", "%(num)s looking for a mentor", len(looking)),
        ),
        Figure(gettext("Open places"), seats, gettext("mentee places offered by open mentors")),
    ]
    if matches.present:
        figures.append(
            Figure(
                gettext("Proposed pairs"),
                len(matches.pairs),
                gettext("suggestions from the latest nightly run, not yet agreed"),
            )
        )
        figures.append(Figure(gettext("Waiting"), len(waiting), gettext("looking mentees with no proposal yet")))

    paused = len(mentees) - len(looking)
    segments = [
        ("seg-matched", gettext("A mentor proposed"), len([p for p in looking if p.id in matched])),
        ("seg-waiting", gettext("No proposal yet"), len(waiting)),
        ("seg-paused", gettext("Not looking now"), paused),
    ]
    if not matches.present:
        segments = [
            ("seg-waiting", gettext("Looking"), len(looking)),
            ("seg-paused", gettext("Not looking now"), paused),
        ]

    topic_labels = vocabulary("topic")
    supply_topics: Counter[str] = Counter(t for p in open_mentors if p.mentor for t in p.mentor.topics)
    demand_topics: Counter[str] = Counter(t for p in looking if p.mentee for t in p.mentee.topics)
    supply_langs: Counter[str] = Counter(c for p in open_mentors for c in p.language_codes)
    demand_langs: Counter[str] = Counter(c for p in looking for c in p.language_codes)
    supply_places: Counter[str] = Counter(p.location.country for p in mentors)
    demand_places: Counter[str] = Counter(p.location.country for p in mentees)

    # TRANSLATORS: one row of a chart, said to screen readers: "Fundraising: open mentors 1, looking mentees 2".
    open_and_looking = gettext("%(label)s: open mentors %(supply)s, looking mentees %(demand)s")
    specs = (
        (
            "chart-topics",
            gettext("Supply and demand by topic"),
            gettext("Topic"),
            gettext("Open mentors who offer each topic, and looking mentees who seek it."),
            _rows_by(
                supply_topics,
                demand_topics,
                topic_labels.__getitem__,
                lambda k: urls.facet("offers" if supply_topics[k] else "seeks", k),
                None,
            ),
            gettext("Open mentors"),
            gettext("Looking mentees"),
            open_and_looking,
        ),
        (
            "chart-languages",
            gettext("Supply and demand by language"),
            gettext("Language"),
            gettext("Open mentors and looking mentees who speak each language (the 15 most common)."),
            _rows_by(supply_langs, demand_langs, language_name, lambda k: urls.facet("language", k), 15),
            gettext("Open mentors"),
            gettext("Looking mentees"),
            open_and_looking,
        ),
        (
            "chart-places",
            gettext("Where people are"),
            gettext("Country"),
            gettext("Mentors and mentees by country (the 15 countries with the most people)."),
            _rows_by(supply_places, demand_places, country_name, lambda k: urls.facet("country", k.lower()), 15),
            gettext("Mentors"),
            gettext("Mentees"),
            # TRANSLATORS: one row of a chart, said to screen readers: "Kenya: mentors 3, mentees 5".
            gettext("%(label)s: mentors %(supply)s, mentees %(demand)s"),
        ),
    )
    charts = tuple(
        Chart(
            chart_id,
            title,
            dimension,
            desc,
            s_label,
            d_label,
            rows,
            bar_chart_svg(chart_id, title, desc, rows, row_words),
        )
        for chart_id, title, dimension, desc, rows, s_label, d_label, row_words in specs
    )
    shortages = sorted(
        (
            Shortage(
                topic=t,
                label=topic_labels[t],
                mentors=supply_topics[t],
                mentees=demand_topics[t],
                url=urls.facet("seeks", t),
                join_url=f"{urls.JOIN}?role=mentor&topic={t}",
            )
            for t in demand_topics
            if demand_topics[t] > supply_topics[t]
        ),
        key=lambda s: (-(s.mentees - s.mentors), -s.mentees, s.label.casefold(), s.topic),
    )
    return Dashboard(
        shortages=tuple(shortages),
        figures=tuple(figures),
        status_svg=status_svg(segments),
        status_rows=tuple((label, count) for _, label, count in segments),
        charts=charts,
    )
