"""The lexer's unit, shared by the lexer's passes: one terminal with its source offsets."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from ...errors import ResourceError
from ...resources import event_heads, word_list
from ...vocab.concepts import VOCAB_MARK

CONTRA_AFTER = "contraindicated_after"
"""The CONTRA cue value of "is contraindicated", "gemcitabine intolerance": it follows what it governs."""

DENIED_VERDICTS = frozenset({"eligible", "enrolled", "included", "participate", "entered", "randomized", "randomised"})
"""Verdict words that give a verdict only denied ("may not be enrolled", "cannot participate"): "are
eligible", "are enrolled" alone permit or describe."""

STRENGTH_WORDS = frozenset({"strong", "moderate", "potent", "weak"})
"""How strongly a drug acts on its target ("strong CYP3A4 inhibitors"): no part of the class's name."""

OPEN_CONCEPT = "~"
"""Prefix of the value of an ``EV_COND`` terminal the lexicon does not hold: ``~cardiogenic_shock``."""


class Lexeme(NamedTuple):
    """One terminal for the grammar, with its source offsets in the annotated text."""

    type: str
    value: str
    start: int
    end: int
    qualifiers: tuple[tuple[str, tuple[str, ...], int, int], ...] = ()
    """On an event term: the qualifiers read right before it ((axis, values, start, end), see
    :mod:`criteria.parse.grammar.qualifiers`); the term's offsets then take them in."""


@cache
def stop_words() -> frozenset[str]:
    """Words that end an open condition phrase: function words and the remark words."""
    remarks = {w.rstrip("*") for w in word_list("remark_words.txt")}
    return word_list("function_words.txt") | remarks


def qualifies(lx: Lexeme) -> bool:
    """Whether a terminal may qualify the condition after it: an organ site, or a plain word that is
    no function or remark word (unless event_heads.txt lists it as a modifier: "renal", "cardiac")."""
    if lx.type == "EV_SITE":  # "renal", "lung": the organ belongs to the condition's words
        return True
    if lx.type != "W" or not lx.value[:1].isalpha():
        return False
    word = lx.value.lower()
    return word not in stop_words() or word in event_heads().modifiers


@cache
def _lasting_states() -> frozenset[str]:
    """Concept names of the states whose bare time beside them is how long they lasted."""
    names = word_list("lasting_states.txt")
    wrong = sorted(name for name in names if not re.fullmatch(r"[a-z][a-z0-9_]*", name))
    if wrong:
        raise ResourceError(f"lexicons/lasting_states.txt: {wrong[0]!r} is not a concept name")
    return names


@cache
def recovery_stems() -> tuple[str, ...]:
    """Beginnings of the words of recovery ("recovered", "resolution"; ``lexicons/recovery_stems.txt``),
    read by the lexer, the events grammar and compose."""
    return tuple(sorted(word_list("recovery_stems.txt")))


def lasting_state(lx: Lexeme) -> bool:
    """Whether a terminal names a state that lasts ("post-menopausal", "amenorrhea": lasting_states.txt),
    so that a bare time beside it says how long it has gone on."""
    if lx.type not in ("EV_REPRO", "EV_COND"):
        return False
    if lx.value.startswith(VOCAB_MARK):  # a condition of the field vocabularies: its concept's name
        from ...vocab.concepts import concept

        return concept(lx.value).name in _lasting_states()
    return lx.value in _lasting_states()
