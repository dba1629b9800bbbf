"""Spans and the offset map from derived text back to the original input.

Convention (one for the whole library): a span is a half-open pair of character offsets
``(start, end)`` into the ORIGINAL string given to :func:`criteria.parse_criteria`, exactly
like a Python slice or spaCy's ``start_char``/``end_char``: ``text[start:end]`` is the source.

Every stage after the first works on derived text (unescaped, unicode-folded, hard wraps
joined). :class:`MappedText` is such a text together with a piecewise map to the original.
It is made by :class:`TextBuilder`, which either *copies* a slice of another mapped text
(the map composes, so any number of stages still points at the original) or *replaces*
a stretch of the original with new characters (``≥`` → ``>=``). A position inside a
replacement maps to the whole replaced stretch: a span never cuts an original character.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Span(BaseModel):
    """Half-open character offsets ``[start, end)`` into the original text."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0, description="offset of the first character")
    end: int = Field(ge=0, description="offset one past the last character")

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"span end {self.end} is before its start {self.start}")
        return self

    def slice(self, text: str) -> str:
        """The source characters of this span in ``text`` (the original input)."""
        return text[self.start : self.end]

    def __repr__(self) -> str:
        return f"Span({self.start}, {self.end})"


@dataclass(frozen=True, slots=True)
class MappedText:
    """A derived text and the map from its offsets to the original text.

    Segment ``i`` covers ``text[starts[i]:starts[i+1]]``. A copied segment maps
    character for character from ``origins[i]``; a replaced one maps as a whole to
    ``origins[i]:origin_ends[i]``.
    """

    text: str
    starts: tuple[int, ...]
    origins: tuple[int, ...]
    origin_ends: tuple[int, ...]
    copied: tuple[bool, ...]

    @classmethod
    def identity(cls, text: str) -> "MappedText":
        """The original text, mapped onto itself."""
        return cls(text, (0,), (0,), (len(text),), (True,))

    def _segment(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def origin_start(self, pos: int) -> int:
        """Original offset of the character at ``pos`` (or of the text end)."""
        if pos >= len(self.text):
            return self.origin_ends[-1] if self.starts else 0
        i = self._segment(pos)
        return self.origins[i] + (pos - self.starts[i]) if self.copied[i] else self.origins[i]

    def origin_end(self, pos: int) -> int:
        """Original offset one past the character at ``pos - 1``."""
        if pos <= 0:
            return self.origin_start(0)
        i = self._segment(pos - 1)
        return self.origins[i] + (pos - self.starts[i]) if self.copied[i] else self.origin_ends[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of this text to the original text."""
        if end <= start:
            at = self.origin_start(start)
            return at, at
        return self.origin_start(start), self.origin_end(end)

    def span(self, start: int, end: int) -> Span:
        """A :class:`Span` in the original text for ``self.text[start:end]``."""
        first, last = self.to_original(start, end)
        return Span(start=first, end=last)


class TextBuilder:
    """Builds a :class:`MappedText` piece by piece, composing maps as it copies."""

    __slots__ = ("_parts", "_starts", "_origins", "_ends", "_copied", "_pos")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._starts: list[int] = []
        self._origins: list[int] = []
        self._ends: list[int] = []
        self._copied: list[bool] = []
        self._pos = 0

    @property
    def position(self) -> int:
        """Length of the text built so far."""
        return self._pos

    def _add(self, text: str, origin: int, origin_end: int, copied: bool) -> None:
        if not text:
            return
        if (
            copied
            and self._copied
            and self._copied[-1]
            and self._origins[-1] + (self._pos - self._starts[-1]) == origin
        ):
            # contiguous with the previous copied segment: extend it instead of adding one
            self._ends[-1] = origin_end
        else:
            self._starts.append(self._pos)
            self._origins.append(origin)
            self._ends.append(origin_end)
            self._copied.append(copied)
        self._parts.append(text)
        self._pos += len(text)

    def copy(self, source: MappedText, start: int, end: int) -> None:
        """Append ``source.text[start:end]``, keeping its map to the original."""
        if end <= start:
            return
        i = source._segment(start)
        n = len(source.starts)
        while i < n and source.starts[i] < end:
            seg_start = source.starts[i]
            seg_end = source.starts[i + 1] if i + 1 < n else len(source.text)
            lo, hi = max(start, seg_start), min(end, seg_end)
            if lo < hi:
                piece = source.text[lo:hi]
                if source.copied[i]:
                    origin = source.origins[i] + (lo - seg_start)
                    self._add(piece, origin, origin + (hi - lo), True)
                else:
                    self._add(piece, source.origins[i], source.origin_ends[i], False)
            i += 1

    def replace(self, text: str, origin: int, origin_end: int) -> None:
        """Append ``text`` standing for ``original[origin:origin_end]``."""
        self._add(text, origin, origin_end, False)

    def build(self) -> MappedText:
        """The finished text with its map."""
        if not self._starts:
            return MappedText("", (0,), (0,), (0,), (True,))
        return MappedText(
            "".join(self._parts),
            tuple(self._starts),
            tuple(self._origins),
            tuple(self._ends),
            tuple(self._copied),
        )


def extent_end(node) -> int:
    """Where the words of ``node`` end, its windows' words included: an event's span is its name, a
    window holds its own ("Radiotherapy within 4 weeks"; "investigational agents within three months
    prior to" ends after "to")."""
    end = node.span.end
    for inner in node.walk():
        window = getattr(inner, "window", None)
        if window is not None and window.span is not None:
            end = max(end, window.span.end)
    return end


def span_problems(tree, text: str) -> list[str]:
    """Every way the spans in ``tree`` break the convention above, as messages (empty: all good).

    ``tree`` is a :class:`~criteria.tree.nodes.Criteria` read from ``text``. Every node with a span
    (rules, criteria, cohorts, notices) must satisfy ``0 <= start <= end <= len(text)``; a
    leaf below the document (a node without children) must also slice out some
    non-whitespace text, since a leaf always stands for something written. Used by the
    robustness tests, the fuzzer and the corpus report, so all three check the same thing.
    """
    problems: list[str] = []
    nodes = [*tree.walk(), *tree.cohorts, *tree.notices]
    for node in nodes:
        span = node.span
        if span is None:
            continue
        kind = getattr(node, "kind", type(node).__name__)
        if not 0 <= span.start <= span.end <= len(text):
            problems.append(f"{kind} span {span.start}:{span.end} outside text of length {len(text)}")
        elif node is not tree and hasattr(node, "children") and not node.children():
            if not span.slice(text).strip():
                problems.append(f"{kind} leaf span {span.start}:{span.end} slices only {span.slice(text)!r}")
    return problems
