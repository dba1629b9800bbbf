"""Run the spaCy pipeline over the criteria items, one Doc per text."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..sections import Sections
from ..spans import MappedText, TextBuilder
from .pipeline import CUES_KEY, EVENTS_KEY, get_nlp

_RUN = re.compile(r"\S+(?: \S+)*")  # text between runs of two or more blanks (or newlines)


@dataclass(slots=True)
class Annotated:
    """The annotated text: items joined (one line each), its Doc, and per-item ranges.

    ``text`` maps back to the original; ``ranges[i]`` is item ``i``'s ``(start, end)`` in
    ``text``; ``tokens[i]`` its token range in ``doc``; ``cues[i]`` its cue matches;
    ``events[i]`` its event-term matches.
    """

    sections: Sections
    text: MappedText
    doc: Doc
    ranges: list[tuple[int, int]]
    tokens: list[tuple[int, int]]
    cues: list[list[tuple[int, int, int]]]
    events: list[list[tuple[int, int, int]]] = field(default_factory=list)  # event-term matches per item


def annotate(sections: Sections) -> Annotated:
    """Join each item's pieces into one line (hard wraps become single spaces), then tag."""
    text, ranges = _joined(sections)
    doc = get_nlp()(text.text)
    tokens = [_token_range(doc, start, end) for start, end in ranges]
    cues = _cues_by_item(doc.user_data.get(CUES_KEY, []), tokens)
    events = _cues_by_item(doc.user_data.get(EVENTS_KEY, []), tokens)
    return Annotated(sections, text, doc, ranges, tokens, cues, events)


def _joined(sections: Sections) -> tuple[MappedText, list[tuple[int, int]]]:
    source = sections.text
    builder = TextBuilder()
    ranges = []
    for index, item in enumerate(sections.items):
        if index:
            builder.replace("\n", *source.to_original(item.pieces[0][0], item.pieces[0][0]))
        start = builder.position
        for piece_start, piece_end in item.pieces:
            for run in _RUN.finditer(source.text, piece_start, piece_end):
                if builder.position > start:
                    origin = source.origin_start(run.start())
                    builder.replace(" ", origin, origin)
                builder.copy(source, run.start(), run.end())
        ranges.append((start, builder.position))
    return builder.build(), ranges


def _token_range(doc: Doc, start: int, end: int) -> tuple[int, int]:
    if end <= start:
        return (0, 0)
    span = doc.char_span(start, end, alignment_mode="expand")
    return (span.start, span.end) if span is not None else (0, 0)


def _cues_by_item(matches, tokens) -> list[list[tuple[int, int, int]]]:
    starts = [m[0] for m in matches]
    out = []
    for start, end in tokens:
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        out.append(matches[lo:hi])
    return out
