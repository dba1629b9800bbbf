"""The classes of a scale written in classes, however the class is named.

"NYHA class III or IV" is read by the threshold family once the roman numerals shortly after the
scale's name are numbers (:func:`_roman_classes`; anywhere else, "Phase II", "stage III", they stay
words). The same classes are also
written with a word of their own between the name and the number or its comparator: "New York Heart
Association (NYHA) > Class II", "NYHA Grade II or greater", "NYHA classification Stage III or IV",
"NYHA-Stage 3-4", "(NYHA) Class >= 3". Right after such a scale's name (the lexicon's
``scale.roman``; its abbreviation in parentheses may come between), the class words
(``lexicons/scale_class_words.txt``) become part of what follows them: of the number ("Class II" is
the class 2) or of its comparator ("Class >= 3"), and a grade the cue lexicon read ("Grade II") is
the scale's class. A class named alone, with no comparator and no other class joined to it ("NYHA
class IV heart failure", "NYHA class II or severe heart failure"), is that class: an equals sign of no
width goes before it, so the threshold family reads it as it reads "NYHA = 4". Elsewhere the words
stay words: "class I antiarrhythmics", "grade 3 neuropathy", "NYHA (see Section 15.9)".
"""

from __future__ import annotations

from functools import cache

from ..._once import once
from ...labs import lab_lexicon, marks as lab_marks
from ...resources import word_list
from .lexeme import Lexeme

_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6"}
_ROMAN_REACH = 6  # lexemes after the scale's name: "ASA physical status class I, II or III"

#: What may stand between the scale's name and its class: the name restated in parentheses
#: ("New York Heart Association (NYHA) class II")
_NAME_PARTS = frozenset({"LAB", "LPAR", "RPAR"})
#: What joins a class to another or to its comparator after it: "III or IV", "II-IV", "II or greater"
_JOINING = frozenset({"OR", "AND", "DASH", "TO", "SLASH", "CMP_POST", "OR_CMP", "COMMA"})
_LISTING = frozenset({"OR", "AND", "COMMA"})  # ... which may instead go on to something else


@cache
def _class_words() -> frozenset[str]:
    return word_list("scale_class_words.txt")


def _in_classes(lexeme: Lexeme) -> bool:
    """Whether ``lexeme`` names a scale written in classes."""
    if lexeme.type != "LAB":
        return False
    scale = lab_lexicon()[lexeme.value].scale
    return scale is not None and scale.roman


def _class_word(lexeme: Lexeme) -> bool:
    return lexeme.type in ("W", "GRADE") and lexeme.value.lower() in _class_words()


@once
def class_scales() -> frozenset[int]:
    """Indexes of the lab marks naming a scale written in classes (ASA, NYHA): the lexer runs
    :func:`scale_classes` only where one of them matched."""
    return frozenset(i for i, mark in enumerate(lab_marks()) if mark.terminal == "LAB" and _in_classes(
        Lexeme("LAB", mark.value, 0, 0)))


def scale_classes(lexemes: list[Lexeme]) -> list[Lexeme]:
    """The classes after the name of a scale written in classes read as numbers (see the module doc)."""
    return scale_class_words(_roman_classes(lexemes))


def _roman_classes(out: list[Lexeme]) -> list[Lexeme]:
    """Roman numerals shortly after the name of a scale written in them ("NYHA class II-III",
    "ASA I-II") become numbers."""
    reach = 0
    for n, lexeme in enumerate(out):
        if lexeme.type == "LAB":
            reach = _ROMAN_REACH if _in_classes(lexeme) else 0
        elif reach:
            reach -= 1
            if lexeme.type == "W" and lexeme.value in _ROMAN:
                out[n] = lexeme._replace(type="NUM", value=_ROMAN[lexeme.value])
    return out


def scale_class_words(lexemes: list[Lexeme]) -> list[Lexeme]:
    """Class words right after a scale written in classes folded into the class or its comparator after
    them; a class named alone given an equals sign (see the module doc)."""
    out: list[Lexeme] = []
    name = False  # right after the scale's name: its class may come
    compared = False  # "> NYHA class II", "NYHA > Class II": the class has its comparator
    n = 0
    while n < len(lexemes):
        lexeme = lexemes[n]
        if _in_classes(lexeme) and not name:
            name, compared = True, bool(out) and out[-1].type == "CMP"
        elif name and lexeme.type not in _NAME_PARTS:
            if lexeme.type == "CMP" and n + 1 < len(lexemes):  # "(NYHA) >= grade 2"
                out.append(lexeme)
                compared, n = True, n + 1
            lexeme, n = _class_at(lexemes, n)
            if lexeme.type == "NUM" and not compared and _alone(lexemes, n):
                out.append(Lexeme("CMP", "==", lexeme.start, lexeme.start))
            name = False  # the class, or another word: the name's class is over
        out.append(lexeme)
        n += 1
    return out


def _class_at(lexemes: list[Lexeme], n: int) -> tuple[Lexeme, int]:
    """The class at ``n`` with the class words before it folded in ("Class II", "-Stage 3", "Grade II"),
    and where it ends; else the lexeme at ``n``."""
    k = n + (lexemes[n].type == "DASH")  # "NYHA-Stage 3-4"
    first = k
    while k < len(lexemes) and _class_word(lexemes[k]):
        k += 1
    if k > first and k < len(lexemes) and _numbered(lexemes, k):
        return lexemes[k]._replace(start=lexemes[n].start), k
    if lexemes[n].type == "GRADE_N":  # "NYHA Grade II": the cue lexicon's grade is the scale's class
        return lexemes[n]._replace(type="NUM"), n
    return lexemes[n], n


def _numbered(lexemes: list[Lexeme], k: int) -> bool:
    """A class (a number) or a comparator with its class right after it at ``k``."""
    if lexemes[k].type == "NUM":
        return True
    return lexemes[k].type == "CMP" and k + 1 < len(lexemes) and lexemes[k + 1].type == "NUM"


def _alone(lexemes: list[Lexeme], n: int) -> bool:
    """Whether the class at ``n`` has no other class or comparator joined after it."""
    k = n + 1
    if k < len(lexemes) and (lexemes[k].type in ("NUM", "TIMES") or "-" in (lexemes[k].value[:1], lexemes[k].value[-1:])):
        return False  # "NYHA I * IV", "class II -IV", "III or- IV": a range written in a way we do not read
    while k < len(lexemes) and lexemes[k].type in _LISTING:  # "III, or IV"
        k += 1
    if k == n + 1:
        return k == len(lexemes) or lexemes[k].type not in _JOINING
    # "II or severe heart failure", "III, unstable angina": what the list goes on to is not another class
    return k == len(lexemes) or lexemes[k].type not in _JOINING | {"NUM", "CMP"}
