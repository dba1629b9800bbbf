"""What every rule family's transformer methods share: access to lexemes and spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from lark import Token

from ...tree.spans import Span
from .lexer import Lexeme, parse_number


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its optional unit, and the lexeme positions it came from."""

    value: float
    unit: str | None
    lo: int
    hi: int


class RuleContext:
    """Lexemes of one match and the way from lexeme positions to original spans.

    Tree leaves carry their position in the match (``Token.start_pos``), not their
    text, because trees are cached by shape; values are looked up here. ``original`` is the
    text the spans point into, for a rule that keeps words as written (:meth:`source`).
    """

    def __init__(self, lexemes: list[Lexeme], offset: int, length: int, to_span: Callable[[int, int], Span],
                 original: str, unshown: list[Lexeme] | None = None):
        self.lexemes = lexemes
        self.unshown = lexemes if unshown is None else unshown  # as lexed, before a family's view
        self.offset = offset
        self.length = length
        self._to_span = to_span
        self.original = original
        self.residue: list[Span] = []  # content words a reading passed over (see events.Head.residue)

    def lexeme(self, token: Token) -> Lexeme:
        return self.lexemes[self.offset + token.start_pos]

    def lexed_types(self, lo: int, hi: int) -> set[str]:
        """The terminal types of match positions ``lo`` to ``hi`` (inclusive) as the lexer made them,
        before the family's view showed other families' terms as words: what a rule needs to see
        that words it reads as its own name something another family reads."""
        return {lx.type for lx in self.unshown[self.offset + lo : self.offset + hi + 1]}

    def value(self, token: Token) -> str:
        return self.lexeme(token).value

    def span(self, lo: int, hi: int) -> Span:
        """Original span from match position ``lo`` to ``hi`` (both inclusive)."""
        first = self.lexemes[self.offset + lo]
        last = self.lexemes[self.offset + hi]
        return self._to_span(first.start, last.end)

    def source(self, lo: int, hi: int) -> str:
        """The original characters from match position ``lo`` to ``hi`` (both inclusive).

        A lexeme's value is what the grammar needs (an event term's concept name, a folded
        comparator); words kept as the text says them come from here.
        """
        return " ".join(self.span(lo, hi).slice(self.original).split())  # a hard wrap reads as a space

    def said(self, lexeme: Lexeme) -> str:
        """The original words of ``lexeme`` (any lexeme of the item, not only the match's), as written."""
        return " ".join(self._to_span(lexeme.start, lexeme.end).slice(self.original).split())

    def match_span(self) -> Span:
        """Original span of the whole match."""
        return self.span(0, self.length - 1)

    def number(self, token: Token) -> float | None:
        return parse_number(self.value(token))

    def sentence(self) -> str:
        """The original words of the sentence that holds the match, within its criterion (a rule that
        must know what the rest of the sentence says: "Received at least 2 cycles" against "Planning to
        receive up to 6 cycles"). A sentence ends at a full stop, semicolon, "!" or "?" before a space."""
        item = self._to_span(self.lexemes[0].start, self.lexemes[-1].end)
        match = self.match_span()
        before = self.original[item.start:match.start]
        after = self.original[match.end:item.end]
        ends = list(_SENTENCE_END.finditer(before))
        before = before[ends[-1].end():] if ends else before
        end = _SENTENCE_END.search(after)
        after = after[:end.start()] if end else after
        return " ".join(f"{before}{match.slice(self.original)}{after}".split())


_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")


def position(item) -> tuple[int, int]:
    """(lo, hi) match positions covered by a token or a built part."""
    if isinstance(item, Token):
        return item.start_pos, item.start_pos
    return item.lo, item.hi
