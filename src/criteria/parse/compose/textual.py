"""Where parts and sentences lie in the text: what the compose passes ask of every criterion."""

from __future__ import annotations

import re
from typing import Iterable

from ...tree.nodes import Node
from ...tree.spans import Span

#: a full stop that ends a sentence ("… 2.5 mg" keeps its point)
SENTENCE_END = re.compile(r"\.(?:\s|$)")


def ends_a_sentence(text: str, lo: int, hi: int) -> bool:
    """Whether a full stop between offsets ``lo`` and ``hi`` (two lexemes) ends a sentence: one the
    text follows with a space. The character at ``hi`` is looked at too, so "etc.)" or "approx.5",
    a stop right before the next lexeme, ends none (searched up to ``hi`` alone, ``$`` matched there)."""
    return SENTENCE_END.search(text, lo, min(len(text), hi + 1)) is not None
#: a sentence's end or a semicolon: where a clause ends
CLAUSE_END = re.compile(r"\.(?:\s|$)|;")
#: a modal that asks something of the patient ("must", "should", "is required to", "are advised to"):
#: what an exclusion list written as requirements says, and where a recovery is asked
REQUIREMENT = re.compile(
    r"\b(?:must|should|shall|needs?\s+to|(?:is|are)\s+required\s+to|ha(?:s|ve)\s+to|will\s+(?:need|have)\s+to"
    r"|(?:is|are|will\s+be)\s+(?:strongly\s+)?(?:encouraged|advised|asked|expected|required)\s+to)\b", re.IGNORECASE)


def in_text_order(parts: Iterable[Node]) -> list[Node]:
    """The parts that have a span, in the order they stand in the text."""
    return sorted((p for p in parts if p.span is not None), key=lambda p: p.span.start)  # type: ignore[union-attr]


def parenthesis_depth(text: str, start: int, end: int) -> int:
    """How many parentheses opened in ``text[start:end]`` stay open at ``end``."""
    return text.count("(", start, end) - text.count(")", start, end)


def opening_parenthesis(span: Span, original: str) -> int | None:
    """The offset of the "(" when the words at ``span`` stand alone in a parenthesis ("(defined as
    HBsAg reactive)"), else ``None``. Scans out from the span, never copies the text before it."""
    i, j = span.start - 1, span.end
    while i >= 0 and original[i].isspace():
        i -= 1
    while j < len(original) and original[j].isspace():
        j += 1
    alone = i >= 0 and original[i] == "(" and j < len(original) and original[j] == ")"
    return i if alone and "(" not in original[span.start:span.end] else None
