"""Soft criteria: how good is this pair? A score made of named components, each with its points.

:func:`score_pair` is the reference: pure and per pair. Every component is computed in whole
hundredths of a point with integer arithmetic (:func:`ratio_h`, round half up), so the
vectorised scorer (:mod:`matcher.matching.candidates`) and the browser's JavaScript reproduce it
exactly; ``tests/vectors/scoring.json`` holds the shared cases.

Components (maximum points from the policy's ``[weights]``):

``topics``    weight x offered / sought.
``language``  weight x strength percent of the weaker level in the best working language.
``hours``     weight x overlapping working minutes / working-day minutes, from UTC offsets.
``sector``    full weight for a target sector; ``shared_current`` for a sector both work in.
``location``  when the mentee wants in-person or a local mentor: full weight for the same
              city, ``same_country`` for the same country.
``interest``  full weight when both shortlisted each other; less when one did.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.matching.eligibility import country_label, labels, language_label, working_languages
from matcher.matching.features import Offer, Seeker, city_key
from matcher.matching.policy import COMPONENTS, Policy

DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class Component:
    """One soft criterion's points (in hundredths) and why."""

    criterion: str
    points_h: int
    detail: str

    @property
    def points(self) -> float:
        return self.points_h / 100


@dataclass(frozen=True, slots=True)
class Score:
    """A pair's score: the components in :data:`~matcher.matching.policy.COMPONENTS` order."""

    components: tuple[Component, ...]

    @property
    def total_h(self) -> int:
        return sum(c.points_h for c in self.components)

    @property
    def total(self) -> float:
        return self.total_h / 100

    def reasons(self) -> list[dict[str, object]]:
        """The components that earned points, as ``matches.json`` shows them."""
        return [
            {"criterion": c.criterion, "points": c.points, "detail": c.detail} for c in self.components if c.points_h
        ]


def ratio_h(weight_h: int, num: int, den: int) -> int:
    """``weight_h * num / den`` rounded half up to a whole number (all arguments >= 0, den > 0)."""
    return (2 * weight_h * num + den) // (2 * den)


def overlap_minutes(offset_a: int, offset_b: int, policy: Policy) -> int:
    """Minutes both are within working hours on the same day, given UTC offsets in minutes.

    Each working day is mapped to UTC and compared on a 24-hour circle (shifted by a day each
    way), so a pair 12 hours apart and a pair across the date line are both handled.
    """
    start_a, end_a = policy.work_start_min - offset_a, policy.work_end_min - offset_a
    start_b, end_b = policy.work_start_min - offset_b, policy.work_end_min - offset_b
    total = 0
    for shift in (-DAY, 0, DAY):
        total += max(0, min(end_a, end_b + shift) - max(start_a, start_b + shift))
    return min(total, policy.work_minutes)


def hours_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if rest == 0:
        return f"{hours}"
    return f"{hours}.{round(rest / 60 * 100):02d}".rstrip("0")


def _topics(seeker: Seeker, offer: Offer, policy: Policy) -> Component:
    offered = [t for t in seeker.topics if t in offer.topics]
    points = ratio_h(policy.weight_h("topics"), len(offered), len(seeker.topics))
    sought = len(seeker.topics)
    if not offered:
        return Component("topics", 0, f"offers none of the {sought} topics sought")
    if len(offered) == sought:
        share = {1: "the topic sought", 2: "both topics sought"}.get(sought, f"all {sought} topics sought")
    else:
        share = f"{len(offered)} of the {sought} topics sought"
    return Component("topics", points, f"offers {share}: {labels('topic', offered)}")


def _language(seeker: Seeker, offer: Offer, policy: Policy) -> Component:
    usable = working_languages(seeker, offer, policy)
    if not usable:
        return Component("language", 0, "no working language")
    code, mine, other = usable[0]
    weaker = min((mine, other), key=policy.rank)
    points = ratio_h(policy.weight_h("language"), policy.strength_pct(weaker), 100)
    return Component("language", points, f"both speak {language_label(code)} (mentee {mine}, mentor {other})")


def _hours(seeker: Seeker, offer: Offer, policy: Policy) -> Component:
    minutes = overlap_minutes(seeker.utc_offset, offer.utc_offset, policy)
    points = ratio_h(policy.weight_h("hours"), minutes, policy.work_minutes)
    apart = abs(seeker.utc_offset - offer.utc_offset) % DAY
    apart = min(apart, DAY - apart)  # Auckland (+13) and Honolulu (-10) are 1 hour apart, a day off
    gap = "same time zone" if apart == 0 else f"time zones {hours_text(apart)} h apart"
    if minutes == 0:
        return Component("hours", 0, f"no shared working hours ({gap})")
    return Component("hours", points, f"{hours_text(minutes)} shared working hours ({gap})")


def _sector(seeker: Seeker, offer: Offer, policy: Policy) -> Component:
    target = [s for s in seeker.target_sectors if s in offer.sectors]
    if target:
        return Component(
            "sector",
            policy.weight_h("sector"),
            f"the mentor works in {labels('sector', target)}, where the mentee wants to go",
        )
    shared = [s for s in seeker.sectors if s in offer.sectors]
    if shared:
        return Component("sector", policy.sector_shared_current_h, f"both work in {labels('sector', shared)}")
    return Component("sector", 0, "no sector in common")


def wants_local(seeker: Seeker) -> bool:
    return "in-person" in seeker.formats or seeker.reach == "local"


def _location(seeker: Seeker, offer: Offer, policy: Policy) -> Component:
    if not wants_local(seeker):
        return Component("location", 0, "location does not matter: the mentee meets remotely")
    if seeker.country != offer.country:
        return Component(
            "location",
            0,
            f"different countries ({country_label(seeker.country)}, {country_label(offer.country)})",
        )
    mine, theirs = city_key(seeker.city), city_key(offer.city)
    if mine is not None and mine == theirs:
        return Component("location", policy.weight_h("location"), f"same city: {offer.city}")
    return Component("location", policy.location_same_country_h, f"same country: {country_label(offer.country)}")


def _interest(seeker: Seeker, offer: Offer, policy: Policy) -> Component:
    mentee_wants = bool(offer.id) and offer.id in seeker.shortlist
    mentor_wants = bool(seeker.id) and seeker.id in offer.shortlist
    if mentee_wants and mentor_wants:
        return Component("interest", policy.weight_h("interest"), "both shortlisted each other")
    if mentee_wants:
        return Component("interest", policy.interest_mentee_h, "the mentee shortlisted this mentor")
    if mentor_wants:
        return Component("interest", policy.interest_mentor_h, "the mentor shortlisted this mentee")
    return Component("interest", 0, "neither shortlisted the other")


SCORERS = {  # component name -> its reference function
    "topics": _topics,
    "language": _language,
    "hours": _hours,
    "sector": _sector,
    "location": _location,
    "interest": _interest,
}


def score_pair(seeker: Seeker, offer: Offer, policy: Policy) -> Score:
    """The pair's score and its named components. Defined for any pair, eligible or not."""
    return Score(tuple(SCORERS[name](seeker, offer, policy) for name in COMPONENTS))


def is_mutual(seeker: Seeker, offer: Offer) -> bool:
    """Both shortlisted each other."""
    return bool(seeker.id and offer.id) and offer.id in seeker.shortlist and seeker.id in offer.shortlist
