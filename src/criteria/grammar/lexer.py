"""The span lexer: spaCy tokens and cue spans → grammar terminals.

It is the bridge between the two halves of the design ("spaCy marks, Lark decides"):
a cue span becomes one terminal (its lexicon entry's ``terminal``, carrying the entry's
canonical ``value``); a number becomes ``NUM``; listed punctuation its own terminal;
whitespace is skipped; any other word is ``W``. Offsets are kept in the annotated text so
every node built from these terminals can point back to the original.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache, partial
from itertools import accumulate, compress
from typing import NamedTuple

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from ..resources import cue_lexicon

_NUMBER = re.compile(r"^(?:\d+(?:[.,]\d+)*|\.\d+)$")
_PUNCT = {
    "(": "LPAR", ")": "RPAR", "[": "LPAR", "]": "RPAR", ":": "COLON", "-": "DASH",
    ",": "COMMA", "/": "SLASH", ";": "SEMI", "+": "PLUS",
}
# Words that are never content: punctuation that no rule reads.
_SKIP = frozenset({".", "'", '"', "`", "*", "•"})
#: Terminals made from plain tokens rather than from cue spans.
PLAIN_TERMINALS = frozenset({"NUM", "W", *_PUNCT.values()})


class Lexeme(NamedTuple):
    """One terminal for the grammar, with its source offsets in the annotated text."""

    type: str
    value: str
    start: int
    end: int


def lex(doc: Doc, start: int, end: int, cues: list[tuple[int, int, int]]) -> list[Lexeme]:
    """Terminals for tokens ``start``–``end`` of ``doc``; ``cues`` are the cue matches there.

    Between cues the terminals are slices of the doc's token terminals (made once per doc,
    see :func:`_token_lexemes`), so a stretch without cues costs no Python work per token.
    """
    lexemes, at, starts, ends, text = _token_lexemes(doc)
    if not cues:
        return lexemes[at[start] : at[end]]
    entries = cue_lexicon()
    out: list[Lexeme] = []
    i = start
    for cue_start, stop, k in cues:
        out += lexemes[at[i] : at[cue_start]]
        entry = entries[k]
        first, last = starts[cue_start], ends[stop - 1]
        value = entry.value if entry.value is not None else text[first:last]
        out.append(Lexeme(entry.terminal, value, first, last))
        i = stop
    if i < end:
        out += lexemes[at[i] : at[end]]
    return out


_DOC_KEY = "criteria_token_lexemes"
_new_lexeme = partial(tuple.__new__, Lexeme)  # builds a Lexeme from one row without a Python frame


def _token_lexemes(doc: Doc) -> tuple[list[Lexeme], list[int], list[int], list[int], str]:
    """Every token of ``doc`` as a terminal, made once per doc and kept in ``doc.user_data``.

    Returns the lexemes of the tokens that are not skipped, ``at`` (``at[i]``: how many of
    them come before token ``i``, so tokens ``i:j`` are ``lexemes[at[i]:at[j]]``), and each
    token's start and end offsets, and the doc's text (``Doc.text`` joins every token
    anew on each access, so it is read once here). Offsets come from ``doc.to_array`` and a token's terminal
    from :func:`_kind`, cached by token text, so the work is in C loops over the doc.
    """
    cached = doc.user_data.get(_DOC_KEY)
    if cached is not None:
        return cached
    text = doc.text
    if len(doc):
        offsets = doc.to_array([IDX, LENGTH])
        starts = offsets[:, 0].tolist()
        ends = (offsets[:, 0] + offsets[:, 1]).tolist()
    else:
        starts, ends = [], []
    words = list(map(text.__getitem__, map(slice, starts, ends)))
    kinds = list(map(_kind, words))
    keep = [kind is not None for kind in kinds]
    lexemes = list(map(_new_lexeme, compress(zip(kinds, words, starts, ends), keep)))
    result = (lexemes, list(accumulate(keep, initial=0)), starts, ends, text)
    doc.user_data[_DOC_KEY] = result
    return result


@lru_cache(maxsize=1 << 16)
def _kind(text: str) -> str | None:
    """The terminal of a token that is not part of a cue (``None``: skipped), by its text."""
    if text.isspace() or text in _SKIP:
        return None
    if _NUMBER.match(text):
        return "NUM"
    return _PUNCT.get(text, "W")


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
        value = float(text)
    except ValueError:
        return None
    # 400 nines read as inf, which JSON cannot hold: such a number is not understood
    return value if math.isfinite(value) else None
