"""Notes that a test is not required: "No testing for hepatitis B and hepatitis C is required unless
mandated by local health authority", "(HIV testing is not required)".

Such a note says how the criterion is established (by history, not by a new test), never that the
patient must be free of what the test looks for. Read as a denial it had excluded, under "Known
active hepatitis B or C", every patient without hepatitis. The note's words become a method
:class:`~criteria.tree.nodes.Remark` and the terms read inside them are dropped, as for the name of an
authority (:mod:`.authorities`).
"""

from __future__ import annotations

import re

from ..grammar.lexer import Lexeme

_TEST = r"(?:tests?|testing|screening|serology|laboratory\s+tests?)"
_NEEDED = r"(?:required|necessary|needed|mandatory|requested)"
# "No (additional) testing for X is required", "X testing is not required", "testing for X not required"
_NOTE = re.compile(
    rf"\bno\b[^.;:()]{{0,80}}?\b{_TEST}\b[^.;:()]{{0,80}}?\b(?:is|are)\s+{_NEEDED}\b"
    rf"|\b{_TEST}\b[^.;:()]{{0,80}}?\b(?:is|are)?\s*not\s+{_NEEDED}\b",
    re.IGNORECASE)
_NOT_WORDS = frozenset({"no", "not"})
_TEST_WORD = re.compile(rf"\b{_TEST}\b", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([\w'-]+)\s+$")
_NOT_NAMING = frozenset({"and", "or", "with", "for", "the", "a", "an", "no", "not"})
_CLAUSE_END = re.compile(r"[.;)]|\Z")


def testing_note_ranges(lexemes: list[Lexeme], text: str) -> list[tuple[int, int]]:
    """``(lo, hi)`` lexeme ranges of each note in ``text`` that a test is not required: from the words
    naming what is tested ("HIV testing …") to the clause's end ("… unless mandated by local health
    authority" too)."""
    found: list[tuple[int, int]] = []
    if not lexemes:
        return found
    lo, hi = lexemes[0].start, lexemes[-1].end  # the item's own words: ``text`` is the whole document
    if not any(lx.type == "NEG" or lx.value.lower() in _NOT_WORDS for lx in lexemes):
        return found  # no "no" nor "not": no such note (most items)
    for note in _NOTE.finditer(text, lo, hi):
        first = note.start()
        if not text[first:first + 2].lower() == "no":  # "… test X testing is not required": the test nearest the "not"
            first = [m.start() for m in _TEST_WORD.finditer(text, first, note.end())][-1]
        start = _naming_start(text, max(lo, first - 60), first)
        end = min(_CLAUSE_END.search(text, note.end(), hi).start(), hi)  # type: ignore[union-attr]
        inside = [k for k, lx in enumerate(lexemes) if start <= lx.start and lx.end <= end]
        if inside:
            found.append((inside[0], inside[-1] + 1))
    return found


def _naming_start(text: str, floor: int, start: int) -> int:
    """Where the words naming what is tested begin, right before the note ("HIV testing", "serum
    pregnancy test"): up to two words, no punctuation or connective between, a capitalised word the
    first of them (it may open the sentence: "… a negative pregnancy test Pregnancy testing is not …")."""
    for _ in range(2):
        word = _WORD_BEFORE.search(text, floor, start)
        if word is None or word.group(1).lower() in _NOT_NAMING or not word.group(1)[0].isalnum():
            break
        start = word.start(1)
        if word.group(1)[0].isupper():
            break
    return start
