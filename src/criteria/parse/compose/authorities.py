"""Who or what establishes a finding: "according to DSM-IV criteria", "as defined by the American
College of Rheumatology (ACR)", "as determined by the investigator", "based on a standardized scale".

The words after such a lead name an authority, a classification or a method. Terms read inside
them are parts of a name ("Stroke" in "National Institute of Neurological Disorders and Stroke",
"Alzheimer's Disease" in "… and Related Disorders Association"), not requirements, so the stretch
becomes a method :class:`~criteria.tree.nodes.Remark` and the matches inside it are dropped. A
stretch that compares a number is no name: it defines the rule ("as defined by ANC < 1.5 × 10⁹/L")
and stays as read.

The stretch runs from the lead to the first comma, semicolon or sentence end, to the parenthesis
that closes one opened before the lead, or through a word that ends a name of criteria
("criteria", "guidelines", "classification").
"""

from __future__ import annotations

import re
from functools import cache

from ...resources import grading_system_name
from ..grammar.lexer import Lexeme
from ..grammar.scanner import Match
from .textual import ends_a_sentence

# Leads, as lower-case word sequences. "per" alone is left out ("5 mg per day" is a rate); "per the" is a source.
_LEADS = (
    ("according", "to"), ("as", "defined", "by"), ("defined", "by"), ("as", "determined", "by"),
    ("determined", "by"), ("as", "assessed", "by"), ("assessed", "by"), ("as", "judged", "by"),
    ("judged", "by"), ("as", "per"), ("per", "the"), ("based", "on"), ("as", "diagnosed", "by"), ("diagnosed", "by"),
    ("as", "confirmed", "by"), ("confirmed", "by"), ("as", "documented", "by"), ("documented", "by"),
)
_FIRST_WORDS = frozenset(lead[0] for lead in _LEADS)
_NAME_ENDS = frozenset({"criteria", "criterion", "guideline", "guidelines", "classification", "definition",
                        "definitions", "system", "consensus", "recommendations"})
_STOPS = frozenset({"COMMA", "SEMI"})
_COMPARES = frozenset({"CMP", "CMP_POST", "OR_CMP", "UNIT", "GRADE", "GRADE_N"})  # a lab name alone may be an acronym: "(ACR)"


def authority_ranges(lexemes: list[Lexeme], matches: list[Match], text: str) -> list[tuple[int, int]]:
    """``(lo, hi)`` lexeme ranges, lead included, that name who or what establishes a finding."""
    found = _led_ranges(lexemes, matches, text)
    named = [r for r in grading_system_ranges(lexemes, text) if not any(lo <= r[0] and r[1] <= hi for lo, hi in found)]
    return sorted([r for r in found if not any(lo <= r[0] and r[1] <= hi for lo, hi in named)] + named)


def grading_system_ranges(lexemes: list[Lexeme], text: str) -> list[tuple[int, int]]:
    """``(lo, hi)`` lexeme ranges naming a grading system of adverse events
    (``lexicons/grading_system_names.txt``), with a lead before, an abbreviation in parentheses
    and a version after: "by the National Cancer Institute Common Terminology Criteria for Adverse
    Events (NCI CTCAE) version 5.0", "per CTCAE v5". Read as terms, "Cancer" and "Adverse Events"
    had asked every patient for a malignancy and a toxicity."""
    if not lexemes:
        return []
    found: list[tuple[int, int]] = []
    for m in _grading_system().finditer(text, lexemes[0].start, lexemes[-1].end):
        inside = [k for k, lx in enumerate(lexemes) if m.start() <= lx.start and lx.end <= m.end()]
        if inside:
            found.append((inside[0], inside[-1] + 1))
    return found


@cache
def _grading_system() -> re.Pattern[str]:
    return re.compile(
        r"(?:\b(?:per|by|using|according\s+to|as\s+defined\s+by|as\s+per|based\s+on)\s+)?(?:the\s+)?"
        + grading_system_name(), re.IGNORECASE)


def _led_ranges(lexemes: list[Lexeme], matches: list[Match], text: str) -> list[tuple[int, int]]:
    """Ranges that start with a lead ("according to", "as defined by")."""
    found: list[tuple[int, int]] = []
    words = [text[lx.start:lx.end].lower() for lx in lexemes]
    i = 0
    while i < len(lexemes):
        lead = _lead_at(words, i) if words[i] in _FIRST_WORDS else 0
        if not lead:
            i += 1
            continue
        hi = _stretch_end(lexemes, words, i + lead, text)
        hi = min([hi] + [m.lo for m in matches if i + lead <= m.lo < hi < m.hi])  # a reading runs on past it
        stretch = lexemes[i + lead:hi]
        if stretch and not any(lx.type in _COMPARES for lx in stretch):
            found.append((i, hi))
        i = max(hi, i + 1)
    return found


def _lead_at(words: list[str], i: int) -> int:
    """The number of words of the lead starting at ``i`` (0: none)."""
    for lead in _LEADS:
        if tuple(words[i:i + len(lead)]) == lead:
            return len(lead)
    return 0


def _stretch_end(lexemes: list[Lexeme], words: list[str], lo: int, text: str) -> int:
    depth = 0
    for k in range(lo, len(lexemes)):
        lx = lexemes[k]
        if k > lo and ends_a_sentence(text, lexemes[k - 1].end, lx.start):
            return k
        if lx.type in _STOPS:
            return k
        if lx.type == "LPAR":
            depth += 1
        elif lx.type == "RPAR":
            depth -= 1
            if depth < 0:
                return k
        if words[k] in _NAME_ENDS:
            return k + 1
    return len(lexemes)
