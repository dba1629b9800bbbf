"""The lexer's unit, shared by the lexer's passes: one terminal with its source offsets."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from ...resources import event_heads, word_list

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
