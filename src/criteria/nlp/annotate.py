"""Run the spaCy pipeline over the criteria items, one Doc per text."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc

from ..sections import Sections
from ..spans import MappedText, TextBuilder
from .pipeline import CUES_KEY, get_nlp

_RUN = re.compile(r"\S+(?: \S+)*")  # text between runs of two or more blanks (or newlines)
# spaCy's tokenizer is quadratic in the length of a chunk without spaces (it re-slices and
# re-hashes the rest of the chunk for every affix it strips), so a chunk longer than any
# real word gets a space inserted every _MAX_CHUNK characters; the map keeps spans true.
_MAX_CHUNK = 256
_OVERLONG = re.compile(r"\S{%d}(?=\S)" % _MAX_CHUNK)


@dataclass(slots=True)
class Annotated:
    """The annotated text: items joined (one line each), its Doc, and per-item ranges.

    ``text`` maps back to the original; ``ranges[i]`` is item ``i``'s ``(start, end)`` in
    ``text``; ``tokens[i]`` its token range in ``doc``; ``cues[i]`` its cue matches.
    """

    sections: Sections
    text: MappedText
    doc: Doc
    ranges: list[tuple[int, int]]
    tokens: list[tuple[int, int]]
    cues: list[list[tuple[int, int, int]]]


def annotate(sections: Sections) -> Annotated:
    """Join each item's pieces into one line (hard wraps become single spaces), then tag."""
    text, ranges = _joined(sections)
    doc = get_nlp()(text.text)
    tokens = [_token_range(doc, start, end) for start, end in ranges]
    cues = _cues_by_item(doc.user_data.get(CUES_KEY, []), tokens)
    return Annotated(sections, text, doc, ranges, tokens, cues)


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
    pos = start
    for cut in _OVERLONG.finditer(source.text, start, end):
        builder.copy(source, pos, cut.end())
        origin = source.origin_start(cut.end())
        builder.replace(" ", origin, origin)
        pos = cut.end()
    builder.copy(source, pos, end)


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
