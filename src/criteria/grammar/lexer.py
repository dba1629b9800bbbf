"""The span lexer: spaCy tokens and cue spans → grammar terminals.

It is the bridge between the two halves of the design ("spaCy marks, Lark decides"):
a cue span becomes one terminal (its lexicon entry's ``terminal``, carrying the entry's
canonical ``value``); a lab name or a unit marked by ``criteria_labs`` becomes ``LAB``
(value: the canonical field) or ``UNIT`` (value: the pint unit) where it is longer than every
cue it overlaps (on equal length the cue wins: other families may give "mg" a meaning of their
own); an event term marked by ``criteria_events`` (lexicons/events.jsonl) becomes its kind's
terminal (``EV_COND``, ``EV_MED``…, value: the concept name) on the same terms, after the lab
marks ("transplant" stays an anchor); a number becomes ``NUM``; listed punctuation its own terminal;
whitespace is skipped; any other word is ``W``. Offsets are kept in the annotated text so
every node built from these terminals can point back to the original.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from functools import partial
from typing import NamedTuple

from spacy.attrs import IDX, LENGTH, ORTH
from spacy.tokens import Doc

from ..labs import lab_lexicon, marks as lab_marks
from ..nlp.labs import LABS_KEY
from ..nlp.measures import MEASURES_KEY
from ..nlp.pipeline import EVENTS_KEY
from .._once import once
from ..resources import cue_lexicon, event_lexicon

_NUMBER = re.compile(r"^(?:\d+(?:[.,]\d+)*|\.\d+)$")
_RATIO = re.compile(r"^(\d+(?:\.\d+)?):1$")
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


def lex(
    doc: Doc,
    start: int,
    end: int,
    cues: list[tuple[int, int, int]],
    marks: list[tuple[int, int, int]] | None = None,
    events: list[tuple[int, int, int]] | None = None,
) -> list[Lexeme]:
    """Terminals for tokens ``start``–``end`` of ``doc``; ``cues`` are the cue matches there.

    ``marks`` are the ``criteria_labs`` matches there and ``events`` the ``criteria_events``
    ones; by default both are read from the Doc (``doc.user_data``), so callers that know
    only cues need not change.
    """
    orths, starts, ends = _token_arrays(doc)
    out: list[Lexeme] = []
    i = start
    for span_start, stop, terminal, value in _spans(doc, start, end, cues, marks, events):
        if i < span_start:
            out += _plain(doc, orths, starts, ends, i, span_start)
        stop = min(stop, end)
        if value is None:
            value = doc[span_start:stop].text
        out.append(Lexeme(terminal, value, starts[span_start], ends[stop - 1]))
        i = stop
    if i < end:
        out += _plain(doc, orths, starts, ends, i, end)
    if marks is None:
        marks = _marks_in(doc, start, end)
    if marks and _roman_scales().intersection(k for _, _, k in marks):
        return _roman_classes(out)
    return out


_ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4", "V": "5", "VI": "6"}
_ROMAN_REACH = 6  # lexemes after the scale's name: "ASA physical status class I, II or III"


@once
def _roman_scales() -> frozenset[int]:
    """Indexes of the lab marks naming a scale written in roman numerals (ASA, NYHA)."""
    lexicon = lab_lexicon()
    return frozenset(
        i for i, mark in enumerate(lab_marks())
        if mark.terminal == "LAB" and (scale := lexicon[mark.value].scale) is not None and scale.roman
    )


def _roman_classes(out: list[Lexeme]) -> list[Lexeme]:
    """Roman numerals shortly after the name of a scale written in them ("NYHA class II-III",
    "ASA I-II") become numbers; anywhere else ("Phase II", "stage III") they stay words."""
    reach = 0
    for n, lexeme in enumerate(out):
        if lexeme.type == "LAB":
            scale = lab_lexicon()[lexeme.value].scale
            reach = _ROMAN_REACH if scale is not None and scale.roman else 0
        elif reach:
            reach -= 1
            if lexeme.type == "W" and lexeme.value in _ROMAN:
                out[n] = lexeme._replace(type="NUM", value=_ROMAN[lexeme.value])
    return out


def _spans(doc, start, end, cues, marks, events=None) -> list[tuple[int, int, str, str | None]]:
    """Cue spans, with the longer lab/unit marks and event terms in place of the cues they overlap."""
    entries = cue_lexicon()
    if marks is None:
        marks = _marks_in(doc, start, end)
    if events is None:
        events = _marks_in(doc, start, end, EVENTS_KEY)
    measures = _marks_in(doc, start, end, MEASURES_KEY)
    if not marks and not events and not measures:
        return [(s, e, entries[k].terminal, entries[k].value) for s, e, k in cues]
    cue_at = {s: (e, entries[k].terminal, entries[k].value) for s, e, k in cues}
    if marks:
        table = lab_marks()
        _merge_longer(cue_at, [(s, e, table[k].terminal, table[k].value) for s, e, k in marks])
    if measures:  # value None: the phrase as written (the transformer normalizes it)
        _merge_longer(cue_at, [(s, e, "MEASURE", None) for s, e, _ in measures])
    if events:
        _merge_longer(cue_at, [(s, e, *_event_terminal(k)) for s, e, k in events])
    return [(s, *rest) for s, rest in sorted(cue_at.items())]


def _event_terminal(index: int) -> tuple[str, str]:
    """(terminal, value) of event concept ``index``: a dose unit carries its canonical unit,
    any other term its concept name."""
    concept = event_lexicon()[index]
    return concept.terminal, concept.value if concept.kind == "dose_unit" else concept.name


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
            cue_at.pop(cs, None)  # a cue can overlap two spans; the first removed it
        cue_at[s] = (e, terminal, value)


def mark_terminals(doc: Doc, start: int, end: int) -> frozenset[str]:
    """Terminals of the non-cue marks (labs, units) in tokens ``start``–``end``: they can trigger rules too."""
    table = lab_marks()
    found = frozenset(table[k].terminal for _, _, k in _marks_in(doc, start, end))
    return found | {"MEASURE"} if _marks_in(doc, start, end, MEASURES_KEY) else found


def _marks_in(doc: Doc, start: int, end: int, key: str = LABS_KEY) -> list[tuple[int, int, int]]:
    found = doc.user_data.get(key) or []
    lo = bisect_left(found, (start, -1, -1))
    hi = bisect_left(found, (end, -1, -1), lo)
    return found[lo:hi]


_DOC_KEY = "criteria_token_arrays"
_new_lexeme = partial(tuple.__new__, Lexeme)  # builds a Lexeme from one row without a Python frame
_BY_ORTH: dict[int, tuple[str | None, str]] = {}  # ORTH hash → (terminal, text); hashes are vocab-independent
_BY_ORTH_MAX = 1 << 17


def _token_arrays(doc: Doc) -> tuple[list[int], list[int], list[int]]:
    """Each token's ORTH hash, start and end offset: one ``doc.to_array`` per doc, kept in ``user_data``.

    ``Doc.text`` and ``doc[i]`` make Python objects token by token; the arrays are made in C.
    """
    cached = doc.user_data.get(_DOC_KEY)
    if cached is None:
        if len(doc):
            array = doc.to_array([ORTH, IDX, LENGTH])
            cached = (array[:, 0].tolist(), array[:, 1].tolist(), (array[:, 1] + array[:, 2]).tolist())
        else:
            cached = ([], [], [])
        doc.user_data[_DOC_KEY] = cached
    return cached


def _plain(doc: Doc, orths: list[int], starts: list[int], ends: list[int], lo: int, hi: int) -> list[Lexeme]:
    """Terminals of tokens ``lo:hi``, none of them in a cue; a token's terminal is cached by its ORTH."""
    out = []
    known = _BY_ORTH.get
    for orth, first, last in zip(orths[lo:hi], starts[lo:hi], ends[lo:hi]):
        info = known(orth)
        if info is None:
            info = _remember(orth, doc.vocab.strings[orth])
        if info[0] is not None:
            out.append(_new_lexeme((info[0], info[1], first, last)))
    return out


def _remember(orth: int, text: str) -> tuple[str | None, str]:
    if len(_BY_ORTH) >= _BY_ORTH_MAX:  # bounded: a long-running process sees ever new tokens
        _BY_ORTH.clear()
    ratio = _RATIO.match(text)
    # "≥ 1.5:1" is a ratio written against one: the number is its first term
    info = _BY_ORTH[orth] = ("NUM", ratio.group(1)) if ratio else (_kind(text), text)
    return info


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
