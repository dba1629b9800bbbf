"""Run the spaCy pipeline over the criteria items, one Doc per text."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

import numpy
from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

from ..sections import Sections
from ...tree.spans import MappedText, TextBuilder
from .pipeline import CUES_KEY, EVENTS_KEY, get_nlp

_RUN = re.compile(r"\S+(?: \S+)*")  # text between runs of two or more blanks (or newlines)
# spaCy's tokenizer is quadratic in the length of a chunk without spaces (for every affix it
# strips it re-slices and re-hashes the rest, and searches all of it for a suffix: 50,000
# "(" took minutes), so a chunk longer than any real word gets a space inserted every
# _MAX_CHUNK characters; the map keeps spans true. 100,000 "(" now take well under a second.
_MAX_CHUNK = 256
_OVERLONG = re.compile(r"\S{%d}(?=\S)" % _MAX_CHUNK)


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
    tokens = _token_ranges(doc, ranges)
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
                _copy_chunked(builder, source, run.start(), run.end())
        ranges.append((start, builder.position))
    return builder.build(), ranges


def _copy_chunked(builder: TextBuilder, source: MappedText, start: int, end: int) -> None:
    """Copy ``source.text[start:end]``, with a space after every overlong chunk (see _MAX_CHUNK)."""
    if end - start <= _MAX_CHUNK:  # no chunk can be longer than the run holding it
        builder.copy(source, start, end)
        return
    pos = start
    for cut in _OVERLONG.finditer(source.text, start, end):
        builder.copy(source, pos, cut.end())
        origin = source.origin_start(cut.end())
        builder.replace(" ", origin, origin)
        pos = cut.end()
    builder.copy(source, pos, end)


def _token_ranges(doc: Doc, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token range of each character range: the tokens it touches (``char_span(..., "expand")``).

    Found for all items at once by binary search over the token offsets, instead of a
    ``Span`` object per item; an empty range, or one holding no token, is ``(0, 0)``.
    """
    if not ranges:
        return []
    offsets = doc.to_array([IDX, LENGTH]) if len(doc) else numpy.zeros((0, 2), dtype=numpy.uint64)
    token_starts = offsets[:, 0].astype(numpy.int64)
    token_ends = token_starts + offsets[:, 1].astype(numpy.int64)
    starts, ends = numpy.array(ranges, dtype=numpy.int64).reshape(-1, 2).T
    first = numpy.searchsorted(token_ends, starts, side="right")  # first token ending after start
    stop = numpy.searchsorted(token_starts, ends, side="left")  # tokens starting before end
    empty = (ends <= starts) | (first >= stop)
    first[empty] = 0
    stop[empty] = 0
    return list(zip(first.tolist(), stop.tolist()))


def _cues_by_item(matches, tokens) -> list[list[tuple[int, int, int]]]:
    starts = [m[0] for m in matches]
    out = []
    for start, end in tokens:
        lo, hi = bisect_left(starts, start), bisect_left(starts, end)
        out.append(matches[lo:hi])
    return out
