"""Hard rules: may this mentee and this mentor be paired at all?

:func:`check_pair` is the reference: pure, per pair, every rule named and answered in plain
words, so a pair that is not eligible can say which rule excluded it. The vectorised
version in :mod:`matcher.matching.candidates` must agree with it (tests check both on the same pairs),
and the browser mirrors it in JavaScript against ``tests/vectors/scoring.json``.

Rules, in order:

``different-people``  a person is never their own mentor.
``mentee-looking``    the mentee's status is ``looking`` (``paused`` means not now).
``mentor-open``       the mentor's status is ``open`` (``full`` keeps last run's pairs when the
                      policy says so; ``paused`` takes no one).
``topics``            the mentor offers at least one topic the mentee seeks.
``language``          a working language: both speak it at ``both_at_least`` or better and one
                      of them at ``one_at_least`` or better.
``format``            a format in common; when it is only in-person, the two are in the same
                      country (or city, by policy).
``reach``             a mentee who asked for a local mentor gets one in their country.
``avoid``             neither lists the other in ``avoid``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from matcher.matching.features import Offer, Seeker, city_key
from matcher.matching.policy import Policy
from matcher.profile import schema

RULES = ("different-people", "mentee-looking", "mentor-open", "topics", "language", "format", "reach", "avoid")


@dataclass(frozen=True, slots=True)
class RuleResult:
    """One hard rule's verdict on one pair."""

    rule: str
    passed: bool
    detail: str


@cache
def language_label(code: str) -> str:
    return schema.language_name(code)


@cache
def country_label(code: str) -> str:
    return schema.country_name(code)


@cache
def _vocabulary(name: str) -> dict[str, str]:
    return schema.vocabulary(name)


def label(vocabulary: str, value: str) -> str:
    return _vocabulary(vocabulary).get(value, value)


def labels(vocabulary: str, values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(label(vocabulary, v) for v in values)


_WAYS = {"video": "by video call", "in-person": "in person", "chat": "by text chat", "email": "by e-mail"}


def ways(formats: tuple[str, ...] | list[str]) -> str:
    """'by video call or in person': how people can meet, in words."""
    words = [_WAYS.get(f, f"by {label('format', f).lower()}") for f in formats]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def working_languages(seeker: Seeker, offer: Offer, policy: Policy) -> list[tuple[str, str, str]]:
    """The pair's working languages as (code, mentee level, mentor level), best first.

    Best = the stronger of the two weaker levels, then the stronger of the two stronger
    levels, then the code (so the choice never depends on the order people list them in).
    """
    theirs = dict(offer.languages)
    both, one = policy.rank(policy.both_at_least), policy.rank(policy.one_at_least)
    found = []
    for code, level in seeker.languages:
        other = theirs.get(code)
        if other is None:
            continue
        low, high = sorted((policy.rank(level), policy.rank(other)))
        if low >= both and high >= one:
            found.append((-low, -high, code, level, other))
    return [(code, mine, other) for _, _, code, mine, other in sorted(found)]


def _language(seeker: Seeker, offer: Offer, policy: Policy) -> RuleResult:
    usable = working_languages(seeker, offer, policy)
    if usable:
        code, mine, other = usable[0]
        return RuleResult("language", True, f"both speak {language_label(code)} (mentee {mine}, mentor {other})")
    shared = sorted(set(dict(seeker.languages)) & set(dict(offer.languages)))
    if shared:
        names = ", ".join(language_label(c) for c in shared)
        return RuleResult(
            "language",
            False,
            f"they share {names}, but not well enough: both need {policy.both_at_least} or better "
            f"and one of them {policy.one_at_least} or better",
        )
    return RuleResult(
        "language",
        False,
        f"no language in common (mentee: {', '.join(language_label(c) for c, _ in seeker.languages)}; "
        f"mentor: {', '.join(language_label(c) for c, _ in offer.languages)})",
    )


def same_place(seeker: Seeker, offer: Offer, needs: str) -> bool:
    """Same country, or same country and city when ``needs`` is ``city`` (both cities given)."""
    if seeker.country != offer.country:
        return False
    if needs == "city":
        mine, theirs = city_key(seeker.city), city_key(offer.city)
        return mine is not None and mine == theirs
    return True


def _format(seeker: Seeker, offer: Offer, policy: Policy) -> RuleResult:
    """A way to meet in common; in person only counts when both are in the same place, and the words
    say only the ways that passed (a Moldova-Kenya pair never "can meet in person")."""
    common = [f for f in seeker.formats if f in offer.formats]
    if not common:
        return RuleResult(
            "format",
            False,
            f"no way to meet in common (mentee: {labels('format', seeker.formats)}; "
            f"mentor: {labels('format', offer.formats)})",
        )
    if "in-person" not in common:
        return RuleResult("format", True, f"can meet {ways(common)}")
    where = policy.in_person_needs
    remote = [f for f in common if f != "in-person"]
    if same_place(seeker, offer, where):
        place = offer.city if where == "city" else country_label(offer.country)
        words = ways(common).replace("in person", f"in person (both in {place})") if remote else ""
        return RuleResult("format", True, f"can meet {words}" if remote else f"can meet in person, both in {place}")
    if remote:
        return RuleResult("format", True, f"can meet {ways(remote)} (not in person: not in the same {where})")
    return RuleResult(
        "format", False, f"the only way to meet in common is in person, and they are not in the same {where}"
    )


def check_pair(seeker: Seeker, offer: Offer, policy: Policy, *, continuing: bool = False) -> list[RuleResult]:
    """Every hard rule's verdict on the pair, in :data:`RULES` order.

    ``continuing`` says the pair was assigned in the previous run (it lets a ``full``
    mentor keep it, when the policy says so).
    """
    results = []
    same = bool(seeker.id) and seeker.id == offer.id
    results.append(
        RuleResult(
            "different-people",
            not same,
            "the mentee and the mentor are the same person" if same else "two different people",
        )
    )
    results.append(
        RuleResult(
            "mentee-looking",
            seeker.looking,
            "the mentee is looking for a mentor"
            if seeker.looking
            else "the mentee is not looking for a mentor right now (status: paused)",
        )
    )
    results.append(_mentor_open(offer, policy, continuing))
    offered = [t for t in seeker.topics if t in offer.topics]
    results.append(
        RuleResult(
            "topics",
            bool(offered),
            f"the mentor offers {labels('topic', offered)}"
            if offered
            else f"the mentor offers none of the topics sought ({labels('topic', seeker.topics)})",
        )
    )
    results.append(_language(seeker, offer, policy))
    results.append(_format(seeker, offer, policy))
    results.append(_reach(seeker, offer, policy))
    results.append(_avoid(seeker, offer))
    return results


def _mentor_open(offer: Offer, policy: Policy, continuing: bool) -> RuleResult:
    if offer.status == "open":
        return RuleResult("mentor-open", True, f"the mentor is open to new mentees (capacity {offer.capacity})")
    if offer.status == "full" and continuing and policy.full_keeps_previous:
        return RuleResult("mentor-open", True, "the mentor is full, but keeps this pair from the last run")
    why = "full for now" if offer.status == "full" else "paused"
    return RuleResult("mentor-open", False, f"the mentor takes no new mentees ({why})")


def _reach(seeker: Seeker, offer: Offer, policy: Policy) -> RuleResult:
    if seeker.reach != "local" or not policy.local_is_a_rule:
        return RuleResult("reach", True, "the mentee accepts a mentor anywhere")
    if seeker.country == offer.country:
        return RuleResult(
            "reach", True, f"the mentee wants a local mentor, and both are in {country_label(seeker.country)}"
        )
    return RuleResult(
        "reach",
        False,
        f"the mentee wants a mentor in {country_label(seeker.country)}; "
        f"the mentor is in {country_label(offer.country)}",
    )


def _avoid(seeker: Seeker, offer: Offer) -> RuleResult:
    if offer.id and offer.id in seeker.avoid:
        return RuleResult("avoid", False, "the mentee asked never to be matched with this mentor")
    if seeker.id and seeker.id in offer.avoid:
        return RuleResult("avoid", False, "the mentor asked never to be matched with this mentee")
    return RuleResult("avoid", True, "neither asked to avoid the other")


def is_eligible(seeker: Seeker, offer: Offer, policy: Policy, *, continuing: bool = False) -> bool:
    return all(r.passed for r in check_pair(seeker, offer, policy, continuing=continuing))


def failed_rules(results: list[RuleResult]) -> list[RuleResult]:
    return [r for r in results if not r.passed]
