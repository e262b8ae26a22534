"""Synthetic communities for tests and benchmarks: ``python -m matcher synth --count N --seed S --out DIR``.

Every profile is fictional, schema-valid and written as readable YAML. The same
``(count, seed)`` always gives byte-identical files: all randomness comes from one
``random.Random(seed)``, everything is iterated in list order, and nothing reads the
clock. The mix is meant to stress a matcher the way a real community would:

* roles: about 55% mentee only, 25% mentor only, 20% both (on different topics);
* mentors: capacity 1..5 skewed low, status mostly ``open`` with some ``full``/``paused``;
* topics: Zipf-like popularity, with *different* rankings for demand (mentees) and
  supply (mentors), so some topics are in high demand and short supply;
* places: about 45 countries on every continent with weights, real time zones of that
  country, and a per-country list of cities (the capital most often) so local,
  in-person pairs exist; about 15% of mentees want someone local;
* languages: the country's own languages, plus English, French, Spanish, ... as
  second languages with levels;
* relations: shortlists (``interested_in``) built from mentors who teach a topic the
  mentee wants, some of them mutual; occasional ``avoid`` and ``endorsements``.

Generation runs in three passes: people (names, ids, roles, topics) in a compact form,
then relations between them, then the full profiles, one at a time. Writing streams
the third pass to disk, so 100,000 profiles never sit in memory as mappings at once.
The YAML is emitted by :func:`dump_profile`, a small emitter that quotes every value
that a YAML 1.1 or 1.2 reader could take for anything but the text it is.

Long on purpose: the generation passes draw from one random stream in a fixed order, which is
what makes the same seed give byte-identical files; split, the order would be easy to break.
"""


from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from bisect import bisect
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import accumulate
from pathlib import Path
from random import Random
from typing import Any

from matcher.profile import schema
from matcher.synth.emit import dump_profile
from matcher.synth.world import (
    COUNTRIES,
    DEMAND_ORDER,
    ENDORSEMENT_TEXTS,
    FAMILY_FIRST,
    GOAL_BULLETS,
    GOALS,
    JOBS,
    MARKER,
    NAMES,
    NATIVE_SCRIPT_SHARE,
    OFFERS,
    PRONOUNS,
    REFERENCE_DATE,
    SECTOR_WEIGHTS,
    STUDENT_SUBJECTS,
    SUPPLY_ORDER,
    TOPIC_SECTOR,
)

# --- random helpers -----------------------------------------------------------------------------

class _Picker:
    """Weighted choice over a fixed list, with the cumulative weights computed once."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def pick(self, rng: Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.total, 0, len(self.cum) - 1)]

    def distinct(self, rng: Random, k: int, exclude: Sequence[Any] = ()) -> list[Any]:
        """``k`` different items (fewer if the list runs out), in the order drawn."""
        chosen: list[Any] = []
        available = len(self.items) - sum(1 for x in set(exclude) if x in self.items)
        k = min(k, available)
        while len(chosen) < k:
            item = self.pick(rng)
            if item not in chosen and item not in exclude:
                chosen.append(item)
        return chosen


def _ranked(order: Sequence[str], vocab: Sequence[str]) -> list[str]:
    """``order`` restricted to the schema's vocabulary, with any new values appended."""
    known = [t for t in order if t in vocab]
    return known + [t for t in vocab if t not in known]


def _zipf(items: Sequence[str], s: float) -> _Picker:
    return _Picker(items, [1.0 / (rank + 1) ** s for rank in range(len(items))])


_TRANSLIT = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ł": "l", "Ł": "L", "đ": "d",
                           "Đ": "D", "ı": "i", "’": "", "'": ""})


def slug(text: str) -> str:
    """ASCII, lowercase, hyphenated: ``'Ioana Mureșan'`` -> ``'ioana-muresan'``."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_TRANSLIT)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


@cache
def _world() -> dict[str, Any]:
    """Pickers and tables built once from the schema and the tables above."""
    topics = list(schema.vocabulary("topic"))
    sectors = list(schema.vocabulary("sector"))
    countries = list(COUNTRIES)
    names = {
        region: tuple(tuple(tuple(x.replace("_", " ").split("|")) for x in group.split()) for group in groups)
        for region, groups in NAMES.items()
    }
    return {
        "topics": topics,
        "sectors": sectors,
        "demand": _zipf(_ranked(DEMAND_ORDER, topics), 1.0),
        "supply": _zipf(_ranked(SUPPLY_ORDER, topics), 0.9),
        "sector": _Picker(sectors, [SECTOR_WEIGHTS.get(s, 2) for s in sectors]),
        "country": _Picker(countries, [COUNTRIES[c][0] for c in countries]),
        "names": names,
        "natives": {c: _Picker([x for x, _ in row[4]], [w for _, w in row[4]]) for c, row in COUNTRIES.items()},
        "cities": {c: _Picker(row[2], [3.0] + [1.0] * (len(row[2]) - 1)) for c, row in COUNTRIES.items()},
    }


# --- pass 1: people -----------------------------------------------------------------------------

ROLE_MENTEE, ROLE_MENTOR, ROLE_BOTH = 0, 1, 2
_STAGES = ("student", "early-career", "mid-career", "senior", "retired")
_STAGE_WEIGHTS = {
    ROLE_MENTEE: (18, 38, 32, 10, 2),
    ROLE_MENTOR: (4, 10, 36, 38, 12),
    ROLE_BOTH: (6, 24, 44, 22, 4),
}


class _Person:
    """What later passes need to know about someone, kept small."""

    __slots__ = ("country", "gender", "id", "mentee_topics", "mentor_topics", "name", "role", "stage")

    def __init__(self, pid: str, name: str, country: str, gender: str, stage: str, role: int,
                 mentor_topics: tuple[str, ...], mentee_topics: tuple[str, ...]) -> None:
        self.id = pid
        self.name = name
        self.country = country
        self.gender = gender
        self.stage = stage
        self.role = role
        self.mentor_topics = mentor_topics
        self.mentee_topics = mentee_topics


def _topic_count(rng: Random) -> int:
    return rng.choices((1, 2, 3, 4), cum_weights=(35, 70, 90, 100))[0]


def _people(count: int, rng: Random) -> list[_Person]:
    world = _world()
    people = []
    stage_pickers = {role: _Picker(_STAGES, w) for role, w in _STAGE_WEIGHTS.items()}
    width = max(6, len(str(count)))
    for index in range(count):
        country = world["country"].pick(rng)
        region = COUNTRIES[country][1]
        female, male, family = world["names"][region]
        g = rng.random()
        gender = "f" if g < 0.52 else "m" if g < 0.97 else "x"
        given = rng.choice(female if gender == "f" or (gender == "x" and rng.random() < 0.5) else male)
        surname = rng.choice(family)
        if len(given) > 1 and len(surname) > 1 and rng.random() < NATIVE_SCRIPT_SHARE:
            name = surname[1] + given[1] if region in FAMILY_FIRST else f"{given[1]} {surname[1]}"
        else:
            name = f"{given[0]} {surname[0]}"
        pid = f"{slug(given[0])[:20]}-{slug(surname[0])[:20]}-{index + 1:0{width}d}"
        r = rng.random()
        role = ROLE_MENTEE if r < 0.55 else ROLE_MENTOR if r < 0.80 else ROLE_BOTH
        stage = stage_pickers[role].pick(rng)
        mentor_topics: tuple[str, ...] = ()
        mentee_topics: tuple[str, ...] = ()
        if role != ROLE_MENTEE:
            mentor_topics = tuple(world["supply"].distinct(rng, _topic_count(rng)))
            # the young teach the old about the online world: reverse mentoring
            if stage in ("student", "early-career") and rng.random() < 0.3 and "social-media" not in mentor_topics:
                mentor_topics = (*mentor_topics[:3], "social-media")
        if role != ROLE_MENTOR:
            mentee_topics = tuple(world["demand"].distinct(rng, _topic_count(rng), exclude=mentor_topics))
        people.append(_Person(pid, name, country, gender, stage, role, mentor_topics, mentee_topics))
    return people


# --- pass 2: relations --------------------------------------------------------------------------

def _relations(people: list[_Person], rng: Random) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Shortlists (some mutual) and avoid lists, as index lists, decided for everyone up front."""
    by_topic: dict[str, list[int]] = {}
    for index, person in enumerate(people):
        for topic in person.mentor_topics:
            by_topic.setdefault(topic, []).append(index)
    interested: dict[int, list[int]] = {}
    for index, person in enumerate(people):
        if not person.mentee_topics or rng.random() >= 0.3:
            continue
        picks = interested.setdefault(index, [])
        for _ in range(rng.choice((1, 1, 2, 2, 3, 4))):
            pool = by_topic.get(rng.choice(person.mentee_topics))
            if not pool:
                continue
            other = rng.choice(pool)
            if other == index or other in picks:
                continue
            picks.append(other)
            if rng.random() < 0.25:  # the mentor shortlists them back: mutual interest
                back = interested.setdefault(other, [])
                if index not in back and len(back) < 20:
                    back.append(index)
    avoid: dict[int, list[int]] = {}
    if len(people) > 2:
        for index in range(len(people)):
            if rng.random() >= 0.02:
                continue
            mine = interested.get(index, [])
            picks = []
            for _ in range(rng.choice((1, 1, 2))):
                other = rng.randrange(len(people))
                if other != index and other not in mine and other not in picks:
                    picks.append(other)
            if picks:
                avoid[index] = picks
    return interested, avoid


# --- pass 3: profiles ---------------------------------------------------------------------------

def _languages(rng: Random, country: str) -> list[dict[str, str]]:
    world = _world()
    native = world["natives"][country].pick(rng)
    langs = [{"code": native, "level": "native"}]
    if rng.random() < 0.06:  # a bilingual upbringing
        other = world["natives"][country].pick(rng)
        if other != native:
            langs.append({"code": other, "level": "native"})
    for code, chance in COUNTRIES[country][5]:
        if len(langs) >= 5:
            break
        if rng.random() < chance and all(lang["code"] != code for lang in langs):
            level = rng.choices(("fluent", "conversational"), cum_weights=(55, 100))[0]
            langs.append({"code": code, "level": level})
    if rng.random() < 0.04 and all(lang["code"] != "en" for lang in langs):
        langs.append({"code": "en", "level": "conversational"})
    return langs


def _formats(rng: Random, has_city: bool, local: bool) -> list[str]:
    formats = []
    if rng.random() < 0.85 or not has_city:
        formats.append("video")
    if has_city and (local or rng.random() < 0.3):
        formats.append("in-person")
    if rng.random() < 0.2:
        formats.append("chat")
    if rng.random() < 0.12:
        formats.append("email")
    return formats or ["video"]


def _profile(index: int, person: _Person, people: list[_Person], interested: dict[int, list[int]],
             avoid: dict[int, list[int]], rng: Random, seed: int) -> dict[str, Any]:
    world = _world()
    country = person.country
    local = person.role != ROLE_MENTOR and rng.random() < 0.15
    city, timezone = world["cities"][country].pick(rng)
    has_city = local or rng.random() < 0.6
    if not has_city:
        timezone = COUNTRIES[country][3] if rng.random() < 0.7 else timezone

    hinted = []
    for topic in person.mentor_topics[:1]:
        hinted.append(TOPIC_SECTOR.get(topic, (None, None))[0])
    for topic in person.mentee_topics[:1]:
        hinted.append(TOPIC_SECTOR.get(topic, (None, None))[1])
    sectors: list[str] = [s for s in hinted[:1] if s and rng.random() < 0.5]
    for sector in world["sector"].distinct(rng, rng.choices((1, 2, 3), cum_weights=(50, 85, 100))[0], sectors):
        sectors.append(sector)

    job = rng.choice(JOBS.get(sectors[0], ("Professional",)))
    place = city if has_city else schema.country_name(country)
    if person.stage == "student":
        headline = f"Student of {rng.choice(STUDENT_SUBJECTS)} in {place}"
    elif person.stage == "retired":
        headline = f"Retired {job.lower() if job[1:2].islower() else job}, {place}"
    else:
        headline = f"{job}, {place}"

    raw: dict[str, Any] = {"name": person.name}
    if rng.random() < 0.4:
        raw["github"] = f"synth-user-{index + 1}"
    if rng.random() < 0.5:
        alternative = rng.choice(("she/they", "he/they", "they/them"))
        raw["pronouns"] = PRONOUNS[person.gender] if rng.random() < 0.9 else alternative
    raw["headline"] = headline
    if rng.random() < 0.6:
        bio = f"Fictional, synthetic profile (seed {seed})."
        if rng.random() < 0.5:
            bio += f"\n\nWorks in *{schema.vocabulary('sector')[sectors[0]].lower()}*."
        raw["bio"] = bio
    if rng.random() < 0.92:
        raw["career_stage"] = person.stage
    location: dict[str, str] = {"country": country}
    if has_city:
        location["city"] = city
    location["timezone"] = timezone
    raw["location"] = location
    raw["languages"] = _languages(rng, country)
    raw["sectors"] = sectors

    if person.mentor_topics:
        r = rng.random()
        status = "open" if r < 0.8 else "full" if r < 0.92 else "paused"
        mentor: dict[str, Any] = {
            "topics": list(person.mentor_topics),
            "capacity": rng.choices((1, 2, 3, 4, 5), cum_weights=(35, 65, 83, 93, 100))[0],
            "formats": _formats(rng, has_city, False),
            "status": status,
        }
        if rng.random() < 0.4:
            mentor["offer"] = rng.choice(OFFERS)
        raw["mentor"] = mentor
    if person.mentee_topics:
        mentee: dict[str, Any] = {"topics": list(person.mentee_topics)}
        g = rng.random()
        if g < 0.15:
            bullets = rng.sample(GOAL_BULLETS, 2)
            mentee["goals"] = f"{rng.choice(GOALS)}\n\n- {bullets[0]}\n- {bullets[1]}\n"
        elif g < 0.5:
            mentee["goals"] = rng.choice(GOALS)
        mentee["formats"] = _formats(rng, has_city, local)
        own = set(sectors)
        if "career-change" in person.mentee_topics or "sector-change" in person.mentee_topics or rng.random() < 0.12:
            wanted = [s for s in world["sector"].distinct(rng, rng.choice((1, 1, 2)), sectors) if s not in own]
            if wanted:
                mentee["target_sectors"] = wanted
        if local:
            mentee["reach"] = "local"
        elif rng.random() < 0.2:
            mentee["reach"] = "anywhere"
        s = rng.random()
        if s < 0.08:
            mentee["status"] = "paused"
        elif s < 0.3:
            mentee["status"] = "looking"
        raw["mentee"] = mentee

    if index in interested:
        raw["interested_in"] = [people[i].id for i in interested[index]]
    if index in avoid:
        raw["avoid"] = [people[i].id for i in avoid[index]]
    updated = REFERENCE_DATE - dt.timedelta(days=rng.randint(1, 365))
    if len(people) > 1 and rng.random() < 0.08:
        endorsements = []
        seen = set()
        for _ in range(rng.choice((1, 1, 2))):
            other = rng.randrange(len(people))
            if other == index or other in seen:
                continue
            seen.add(other)
            endorsements.append({
                "id": people[other].id,
                "relation": rng.choices(("was-my-mentor", "was-my-mentee", "peer"), cum_weights=(40, 80, 100))[0],
                "year": rng.randint(2012, updated.year),  # about work done before the profile's date
                "text": rng.choice(ENDORSEMENT_TEXTS),
            })
        if endorsements:
            raw["endorsements"] = endorsements
    links: dict[str, str] = {}
    if rng.random() < 0.2:
        links["website"] = f"https://example.org/{person.id}"
    if rng.random() < 0.25:
        links["linkedin"] = f"https://www.linkedin.com/in/example-{person.id}"
    if rng.random() < 0.05:
        links["scheduling"] = f"https://cal.example.com/{person.id}"
    if links:
        raw["links"] = links
    if rng.random() < 0.25:
        methods = ["email"] + [m for m in ("github", "linkedin", "scheduling", "website") if m in raw or m in links]
        preferred = rng.choice(methods)
        contact = {"preferred": preferred}
        if preferred == "email" or rng.random() < 0.3:
            contact["email"] = f"{person.id}@example.org"
        raw["contact"] = contact
    raw["consent"] = {"public": True, "adult": True}
    raw["updated"] = updated
    return raw


def _community(count: int, seed: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """The three passes; ``updated`` is a ``datetime.date`` here, so that it is written as a bare date."""
    if count < 0:
        raise ValueError("count must not be negative")
    rng = Random(seed)  # noqa: S311 - reproducible test data, not secrets
    people = _people(count, rng)
    interested, avoid = _relations(people, rng)
    for index, person in enumerate(people):
        yield person.id, _profile(index, person, people, interested, avoid, rng, seed)


def iter_community(count: int, seed: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """The profiles of a synthetic community, one (id, raw mapping) at a time, in creation order.

    Each mapping is what :mod:`matcher.profile.loader` reads back from the written file: plain JSON
    types, ``updated`` as ISO text, ready for ``schema.validator()`` and ``Profile.from_raw``.
    """
    for pid, raw in _community(count, seed):
        raw["updated"] = raw["updated"].isoformat()
        yield pid, raw


def generate(count: int, seed: int) -> list[tuple[str, dict[str, Any]]]:
    """A synthetic community: ``count`` (id, raw mapping) pairs, the same for the same seed."""
    return list(iter_community(count, seed))


def write_community(count: int, seed: int, out: Path) -> list[Path]:
    """Write ``out/<id>.yml`` for a synthetic community and return the paths, sorted.

    ``out`` is created if missing. Files left there by an earlier run (recognised by
    their first line) that are not part of this community are removed, so a folder
    always holds exactly one community; no other file is touched.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    header = MARKER.removeprefix("# ")
    written: list[Path] = []
    names: set[str] = set()
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    folder = os.open(out, os.O_RDONLY) if os.open in os.supports_dir_fd else None
    try:
        for pid, raw in _community(count, seed):
            name = f"{pid}.yml"
            data = dump_profile(raw, comment=header).encode("utf-8")
            # os.open/os.write: a third of the time of Path.write_bytes for 100,000 small files
            fd = os.open(name, flags, 0o644, dir_fd=folder) if folder is not None else os.open(out / name, flags, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view):]
            finally:
                os.close(fd)
            written.append(out / name)
            names.add(name)
    finally:
        if folder is not None:
            os.close(folder)
    marker = MARKER.encode("utf-8")
    with os.scandir(out) as entries:
        leftovers = sorted(e.name for e in entries if e.name.endswith(".yml") and e.name not in names and e.is_file())
    for name in leftovers:
        with (out / name).open("rb") as handle:
            ours = handle.read(len(marker)) == marker
        if ours:
            (out / name).unlink()
    written.sort(key=lambda p: p.name)
    return written
