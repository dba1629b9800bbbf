"""A "No" that opens an inclusion criterion and that no reading took denies what its first sentence
says.

"No grade 2 or worse hearing impairment", "No QTc prolongation, defined as a QTc interval ≥ 480
ms", "No recent history of (within the past 4 weeks) or current clinically significant bleeding
event": the grammar and compose read the events and bounds, but the words between the "No" and
them (a grade, a definition, a parenthesis) kept every negation pass from reaching them, so the
rule asked for the very hearing loss, QTc or bleeding the text excludes. When nothing in the rule
denies anything at the "No", the parts of its first sentence are read under it: ``not(all_of(…))``,
the words left over among them included, so the reading is never stricter than the text. A count
("No more than 2 prior regimens") and a rule that already denies at the "No" are left as read.
"""

from __future__ import annotations

import re

from ...tree.nodes import AllOf, Node, Not, Unparsed
from ...tree.spans import Span
from ..grammar.lexer import Lexeme
from ..grammar.scanner import Match
from .textual import CLAUSE_END

_OPENING_NO = re.compile(r"no\b", re.IGNORECASE)
_COUNT_AFTER = re.compile(r"no\s+(?:more|less|fewer|greater|longer|shorter|later|earlier)\b", re.IGNORECASE)


def deny_unread_lead(parts: list[Node], lexemes: list[Lexeme], matches: list[Match], to_span,
                     original: str) -> list[Node]:
    """``parts`` with an opening "No" no reading took applied to its first sentence (module doc)."""
    if not parts or not lexemes or lexemes[0].type != "NEG" or any(m.lo == 0 for m in matches):
        return parts  # a reading that took the "No" ("No prior radiotherapy to > 25% of the marrow")
    cue = to_span(lexemes[0].start, lexemes[0].end)
    said = original[cue.start:]
    if not _OPENING_NO.match(said) or _COUNT_AFTER.match(said):
        return parts
    if any(n.kind == "not" and n.span is not None and n.span.start <= cue.start < n.span.end
           for part in parts for n in part.walk()):
        return parts
    end = _sentence_end(original, cue.end)
    first = [p for p in parts if p.span is not None and p.span.start < end]
    if not first or any(p.kind in ("age", "sex") or any(n.kind == "not" for n in p.walk()) for p in first):
        return parts  # a denial of its own in the sentence ("…, and no intention to change them"): as read
    items = [_without_cue(p, cue, original) for p in first]
    items = [p for p in items if p is not None]
    if not items:
        return parts
    start, stop = cue.start, max(p.span.end for p in items)  # type: ignore[union-attr]
    inner = items[0] if len(items) == 1 else AllOf(items=tuple(items), span=Span(start=items[0].span.start, end=stop))  # type: ignore[union-attr]
    denied = Not(item=inner, span=Span(start=start, end=stop))
    rest = [p for p in parts if p not in first]
    return [denied, *rest]


def _sentence_end(original: str, start: int) -> int:
    found = CLAUSE_END.search(original, start)
    return found.start() if found else len(original)


def _without_cue(part: Node, cue: Span, original: str) -> Node | None:
    """A left-over stretch that opens with the "No" itself, without it (``None`` if nothing else)."""
    if not isinstance(part, Unparsed) or part.span is None or part.span.start > cue.start:
        return part
    rest = original[cue.end:part.span.end]
    skipped = len(rest) - len(rest.lstrip())
    start = cue.end + skipped
    if start >= part.span.end:
        return None
    span = Span(start=start, end=part.span.end)
    return Unparsed(text=span.slice(original), reason=part.reason, span=span)
