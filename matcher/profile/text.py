"""Characters a profile may not hide: controls, bidi overrides, zero-width and other invisible marks.

A right-to-left override in a name makes "Ana Popescu\u202egpj.exe" display as another name
followed by a fake file name, and spills into the text beside it; zero-width spaces make two
names that look the same compare different. Every text value of a profile, whatever route it
came by (pull request, issue form, e-mail), goes through :func:`hidden_characters` in the
validator, so none of them reaches a page.

What is refused, by Unicode general category (``unicodedata``, so new characters are covered
when Python's Unicode data is):

- ``Cc`` controls, C0 and C1, NUL included. A new line is allowed only in Markdown fields.
- ``Cf`` format characters: bidi embeddings, overrides and isolates (U+202A-202E, U+2066-2069),
  the marks LRM, RLM and ALM, zero-width space, word joiner, invisible operators, the byte
  order mark, soft hyphen, interlinear annotation marks, and the tag characters (U+E0000
  block, also used to smuggle invisible ASCII).
- ``Zl`` and ``Zp``, the line and paragraph separators.
- ``Co`` private use and ``Cs`` surrogates.
- Letters that render as nothing: the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) and
  the Braille blank (U+2800).

What is allowed, deliberately: ZERO WIDTH NON-JOINER (U+200C) and ZERO WIDTH JOINER (U+200D)
between two letters or marks (categories L and M). Persian needs ZWNJ in everyday words
(می‌خواهم, "I want"), Indic scripts use both to
choose conjunct forms (Malayalam chillu, Sinhala yansaya, Devanagari half forms), and
emoji sequences (👩‍💻) join pictographs with ZWJ, so ZWJ is also allowed between two
symbols (So, Sk) or a symbol and a variation selector. After a virama (the Indic vowel
killer) a joiner is allowed even at the end of a word, where it makes a Malayalam chillu
(അവന്‍). Anywhere else (at the start of a value, beside a space, punctuation or a digit)
neither has a purpose and both are refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

ZWNJ = "\u200c"
ZWJ = "\u200d"
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_JOINABLE = ("L", "M")  # category prefixes a joiner may sit between
_EMOJI_JOINABLE = frozenset({"So", "Sk", "Mn"})  # pictographs, skin tones, VS16
_VIRAMA = 9  # the canonical combining class of the viramas of Indic scripts


@dataclass(frozen=True)
class Hidden:
    """One refused character: where it is and what it is called."""

    index: int
    char: str

    @property
    def name(self) -> str:
        return unicodedata.name(self.char, "unnamed control")

    def describe(self) -> str:
        return f"U+{ord(self.char):04X} ({self.name.title()})"


def _joiner_ok(value: str, index: int) -> bool:
    if index == 0:
        return False
    if unicodedata.combining(value[index - 1]) == _VIRAMA:
        return True  # after a virama a joiner picks a conjunct or a chillu, also at a word's end
    if index == len(value) - 1:
        return False
    before, after = unicodedata.category(value[index - 1]), unicodedata.category(value[index + 1])
    if before.startswith(_JOINABLE) and after.startswith(_JOINABLE):
        return True
    return value[index] == ZWJ and before in _EMOJI_JOINABLE and after in _EMOJI_JOINABLE


def hidden_characters(value: str, multiline: bool = False) -> list[Hidden]:
    """Every character of ``value`` that a reader can't see or that changes how text around it shows."""
    found: list[Hidden] = []
    for index, char in enumerate(value):
        if char == "\n" and multiline:
            continue
        if char in (ZWJ, ZWNJ):
            if not _joiner_ok(value, index):
                found.append(Hidden(index, char))
            continue
        if char in _BLANK_LETTERS or unicodedata.category(char) in _REFUSED_CATEGORIES:
            found.append(Hidden(index, char))
    return found


def message(found: list[Hidden]) -> str:
    """The validator's words for what was found, naming the first few characters."""
    names = ", ".join(dict.fromkeys(h.describe() for h in found[:3]))
    more = f" and {len(found) - 3} more" if len(found) > 3 else ""
    where = f"at character {found[0].index + 1}"
    return (
        f"contains an invisible or control character {where}: {names}{more}; "
        "such characters can make text show as something else, so please type the text again without it"
    )


# --- names that look alike ------------------------------------------------------------------


def _plain(name: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def lookalikes(name: str, others: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The ``(id, name)`` pairs of ``others`` whose name is the same as ``name`` or could be mistaken for it.

    Same: equal after NFKC, case folding and collapsing spaces ("ANA  popescu"). Mistaken:
    Unicode's confusables data (UTS #39) says every character of one can pass for the other's,
    e.g. a Cyrillic "А" for a Latin "A", or "rn" for "m". The ``confusables`` package reads that
    data; its pairwise test is linear in the names' length, where listing every skeleton of a
    name is exponential, so only the pairwise test is used.
    """
    import confusables  # (its Unicode tables take 35 ms to load: only intake compares names, not each build)

    mine = _plain(name)
    found = []
    for other_id, other in others:
        theirs = _plain(other)
        near = abs(len(mine) - len(theirs)) <= len(mine) // 2  # "rn" for "m" changes lengths a little, not a lot
        if mine == theirs or (near and confusables.is_confusable(mine, theirs)):
            found.append((other_id, other))
    return found


# --- GitHub logins --------------------------------------------------------------------------------

_LOGIN = re.compile(r"[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}")


def canonical_login(value: object) -> str | None:
    """A GitHub login as GitHub compares them (case-insensitive), or None when ``value`` is not one.

    The whole value must be a login: ``"ana\\n"`` or ``" ana"`` is no login at all, so it can
    neither prove ownership nor collide with another file's login.
    """
    if not isinstance(value, str):
        return None
    name = value[1:] if value.startswith("@") else value
    return name.lower() if _LOGIN.fullmatch(name) else None
