""""Class III or IV heart failure" is NYHA class III or IV: the classes of heart failure are the
New York Heart Association's, whether or not the text names it.

Beside a heart failure term ("Class III/IV congestive heart failure", "heart failure class II-IV"),
the word "class" and the roman numerals after it become what "NYHA class III or IV" gives the
grammar: the scale's name (``LAB`` nyha) and its classes as numbers, so the threshold family reads
the NYHA bound beside the condition, as it does where NYHA is written. Anywhere else "class" stays
a word ("class III obesity", "class I antiarrhythmics").
"""

from __future__ import annotations

from .lexeme import Lexeme

HEART_FAILURE = frozenset({"congestive_heart_failure"})
NYHA = "nyha"
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_JOINS = frozenset({"OR", "AND", "SLASH", "DASH", "TO", "COMMA"})


def _classes_end(lexemes: list[Lexeme], i: int) -> int | None:
    """The end of the roman numerals (and their joins) right after "class" at ``i``, or None."""
    j = i + 1
    last = None
    while j < len(lexemes):
        lx = lexemes[j]
        if lx.type == "W" and lx.value.lower() in _ROMAN:
            last = j
        elif lx.type not in _JOINS:
            break
        j += 1
    return None if last is None else last + 1


def _heart_failure(lx: Lexeme) -> bool:
    return lx.type == "EV_COND" and lx.value in HEART_FAILURE


def heart_failure_classes(lexemes: list[Lexeme]) -> list[Lexeme]:
    """"Class" and its roman numerals beside a heart failure term as the NYHA scale and numbers."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type != "W" or lx.value.lower() != "class":
            continue
        end = _classes_end(lexemes, i)
        if end is None:
            continue
        beside = (end < len(lexemes) and _heart_failure(lexemes[end])) or (i > 0 and _heart_failure(lexemes[i - 1]))
        named = any(before.type == "LAB" and before.value == NYHA for before in lexemes[max(0, i - 2):i])
        if not beside or named:  # "NYHA CHF class III": the scale is named, its own reading holds
            continue
        out[i] = lx._replace(type="LAB", value=NYHA)
        for j in range(i + 1, end):
            word = lexemes[j]
            if word.type == "W":
                out[j] = word._replace(type="NUM", value=_ROMAN[word.value.lower()])
    return out
