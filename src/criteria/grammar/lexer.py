"""The span lexer: spaCy tokens and cue spans → grammar terminals.

It is the bridge between the two halves of the design ("spaCy marks, Lark decides"):
a cue span becomes one terminal (its lexicon entry's ``terminal``, carrying the entry's
canonical ``value``); an event-term span (lexicons/events.jsonl) becomes its kind's terminal
(``EV_COND``, ``EV_MED``…) carrying the concept name, where it is longer than any cue at the
same place (on equal length the cue wins: "transplant" stays an anchor); a number becomes ``NUM``; listed punctuation its own terminal;
whitespace is skipped; any other word is ``W``. Offsets are kept in the annotated text so
every node built from these terminals can point back to the original.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc

from ..resources import cue_lexicon, event_lexicon

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
    events: list[tuple[int, int, int]] = (),  # type: ignore[assignment]
) -> list[Lexeme]:
    """Terminals for tokens ``start``–``end`` of ``doc``; ``cues`` (and ``events``) are the
    cue (and event-term) matches there."""
    entries = cue_lexicon()
    out: list[Lexeme] = []
    cue_at = {s: (e, entries[k].terminal, entries[k].value) for s, e, k in cues}
    if events:
        _merge_events(cue_at, events)
    i = start
    while i < end:
        hit = cue_at.get(i)
        if hit is not None:
            stop, terminal, value = hit
            first, last = doc[i], doc[stop - 1]
            value = value if value is not None else doc[i:stop].text
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


def _merge_events(cue_at: dict, events: list[tuple[int, int, int]]) -> None:
    """Add event terms to ``cue_at`` where they are longer than every cue they overlap.

    Both match lists are sorted and free of overlaps within themselves, so one sweep over
    the cues (sorted by start) finds each term's overlapping cues.
    """
    concepts = event_lexicon()
    cues = sorted((s, e) for s, (e, _, _) in cue_at.items())
    j = 0
    for s, e, k in events:
        while j < len(cues) and cues[j][1] <= s:  # cues wholly before this term
            j += 1
        overlapping = []
        n = j
        while n < len(cues) and cues[n][0] < e:
            overlapping.append(cues[n])
            n += 1
        if any(ce - cs >= e - s for cs, ce in overlapping):
            continue
        for cs, _ in overlapping:
            del cue_at[cs]
        concept = concepts[k]
        # a dose unit carries its canonical unit; any other term its concept name
        cue_at[s] = (e, concept.terminal, concept.value if concept.kind == "dose_unit" else concept.name)


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
