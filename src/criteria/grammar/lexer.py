"""The span lexer: spaCy tokens and cue spans → grammar terminals.

It is the bridge between the two halves of the design ("spaCy marks, Lark decides"):
a cue span becomes one terminal (its lexicon entry's ``terminal``, carrying the entry's
canonical ``value``); a lab name or a unit marked by ``criteria_labs`` becomes ``LAB``
(value: the canonical field) or ``UNIT`` (value: the pint unit) where it is longer than every
cue it overlaps (on equal length the cue wins: other families may give "mg" a meaning of their
own); a number becomes ``NUM``; listed punctuation its own terminal;
whitespace is skipped; any other word is ``W``. Offsets are kept in the annotated text so
every node built from these terminals can point back to the original.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from spacy.tokens import Doc

from ..labs import marks as lab_marks
from ..nlp.labs import LABS_KEY
from ..resources import cue_lexicon

_NUMBER = re.compile(r"^(?:\d+(?:[.,]\d+)*|\.\d+)$")
_PUNCT = {
    "(": "LPAR", ")": "RPAR", "[": "LPAR", "]": "RPAR", ":": "COLON", "-": "DASH",
    ",": "COMMA", "/": "SLASH", ";": "SEMI", "+": "PLUS",
}
# Words that are never content: punctuation that no rule reads.
_SKIP = frozenset({".", "'", '"', "`", "*", "•"})


class Lexeme(NamedTuple):
    """One terminal for the grammar, with its source offsets in the annotated text."""

    type: str
    value: str
    start: int
    end: int


def lex(
    doc: Doc,
    start: int,
    end: int,
    cues: list[tuple[int, int, int]],
    marks: list[tuple[int, int, int]] | None = None,
) -> list[Lexeme]:
    """Terminals for tokens ``start``–``end`` of ``doc``; ``cues`` are the cue matches there.

    ``marks`` are the ``criteria_labs`` matches there; by default they are read from the
    Doc (``doc.user_data["criteria_labs"]``), so callers that know only cues need not change.
    """
    entries = cue_lexicon()
    table = lab_marks()
    out: list[Lexeme] = []
    cue_at = {s: (e, entries[k].terminal, entries[k].value) for s, e, k in cues}
    if marks is None:
        marks = _marks_in(doc, start, end)
    if marks:
        _merge_longer(cue_at, [(s, e, table[k].terminal, table[k].value) for s, e, k in marks])
    i = start
    while i < end:
        hit = cue_at.get(i)
        if hit is not None:
            stop, terminal, value = hit
            stop = min(stop, end)
            first, last = doc[i], doc[stop - 1]
            if value is None:
                value = doc[i:stop].text
            out.append(Lexeme(terminal, value, first.idx, last.idx + len(last.text)))
            i = stop
            continue
        token = doc[i]
        i += 1
        text = token.text
        if token.is_space or text in _SKIP:
            continue
        if _NUMBER.match(text):
            kind = "NUM"
        else:
            kind = _PUNCT.get(text, "W")
        out.append(Lexeme(kind, text, token.idx, token.idx + len(text)))
    return out


def _merge_longer(cue_at: dict, spans: list[tuple[int, int, str, str]]) -> None:
    """Add ``(start, end, terminal, value)`` spans to ``cue_at`` where each is longer than every cue
    it overlaps (those cues are dropped); on equal length the cue stays.

    Both lists are sorted and free of overlaps within themselves, so one sweep over the cues
    (sorted by start) finds each span's overlapping cues.
    """
    cues = sorted((s, e) for s, (e, _, _) in cue_at.items())
    j = 0
    for s, e, terminal, value in spans:
        while j < len(cues) and cues[j][1] <= s:  # cues wholly before this span
            j += 1
        n = j
        overlapping = []
        while n < len(cues) and cues[n][0] < e:
            overlapping.append(cues[n])
            n += 1
        if any(ce - cs >= e - s for cs, ce in overlapping):
            continue
        for cs, _ in overlapping:
            del cue_at[cs]
        cue_at[s] = (e, terminal, value)


def _marks_in(doc: Doc, start: int, end: int) -> list[tuple[int, int, int]]:
    found = doc.user_data.get(LABS_KEY) or []
    lo = bisect_left(found, (start, -1, -1))
    hi = bisect_left(found, (end, -1, -1), lo)
    return found[lo:hi]


def parse_number(text: str) -> float | None:
    """The value of a number as written: ``1,500`` → 1500, ``1,5`` → 1.5, ``18`` → 18."""
    if "," in text:
        head, _, tail = text.rpartition(",")
        if len(tail) == 3 and "." not in tail:
            text = text.replace(",", "")
        elif head.count(",") == 0 and "." not in text:
            text = f"{head}.{tail}"
        else:
            text = text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None
