"""Text left over inside a list of alternatives is one more alternative.

"A or <unread> or B" is ``any_of(A, <unread>, B)``, and the term whose examples follow ("one or
more risk factors, such as A, B or C") is an alternative beside them, not a requirement beside
the list.
"""

from __future__ import annotations

import bisect
import re

from ...resources import word_list
from ...tree.nodes import AllOf, AnyOf, Node
from ...tree.spans import Span


def unread_alternatives(parts: list[Node], leftovers: list[Node], original: str) -> list[Node]:
    """Text left over inside a list of alternatives is one more alternative, not a requirement
    beside the list: "A or <unread> or B" is ``any_of(A, <unread>, B)``; so is text joined by a
    bare "or" to the part beside it ("hypersensitivity to X or any of its excipients", "ECOG 0 or
    <unread>", "within 30 days or during the study"): ``any_of(A, <unread>)``, which a patient
    meets through A and otherwise leaves unknown, where ``all_of`` demanded the unread words too."""
    if not leftovers:
        return parts
    out = list(parts)
    rest = []
    lists = [i for i, p in enumerate(out) if isinstance(p, AnyOf)]
    starts = sorted((p.span.start, i) for i, p in enumerate(parts) if p.span is not None)
    ends = sorted((p.span.end, i) for i, p in enumerate(parts) if p.span is not None)
    for node in leftovers:
        owner = next((i for i in lists if _between_items(node.span, out[i], original)
                      or _names_the_examples(node.span, out[i], original)), None)
        if owner is None:
            owner = _or_beside(node, out, original, starts, ends)
            if owner is not None and _names_another_cause(out[owner], node):
                out[owner] = _another_cause(out[owner], node)
                continue
        if owner is None:
            owner = next((i for i in lists if _ends_the_list(node.span, out[i], original)), None)
        if owner is None:
            rest.append(node)
            continue
        either = out[owner] if isinstance(out[owner], AnyOf) else AnyOf(items=(out[owner],), span=out[owner].span)
        items = sorted((*either.items, node), key=lambda n: n.span.start if n.span else 0)
        out[owner] = either.model_copy(update={"items": tuple(items), "span": _joined(either.span, node.span)})
        if owner not in lists:
            lists.append(owner)
    return out + rest


def _names_another_cause(part: Node, unread: Node) -> bool:
    """Whether ``unread`` follows a condition with a cause: "hypersensitivity to X or to its excipients"."""
    return bool(getattr(part, "cause", ())) and part.span is not None and unread.span is not None and (
        unread.span.start >= part.span.end)


def _another_cause(condition: Node, unread: Node) -> Node:
    """The unread words after "or" name another cause of the same condition: the condition, due
    to its causes or to what the words say, ``all_of(A, any_of(A due to X, <unread>))``; a patient
    without A is not met, one whose record names X is met, any other unknown."""
    span = _joined(condition.span, unread.span)
    bare = condition.model_copy(update={"cause": ()})
    return AllOf(items=(bare, AnyOf(items=(condition, unread), span=span)), span=span)


_OR_GAP = re.compile(r"^[\s,]*(?:and\s*/\s*)?or\s+(?P<words>[a-z\s]*)$", re.IGNORECASE)
_NEAR = 60  # characters: an "or" gap is a few words, never a sentence


def _or_beside(node: Node, parts: list[Node], original: str, starts: list[tuple[int, int]],
               ends: list[tuple[int, int]]) -> int | None:
    """The part ``node`` is joined to by a bare "or" (only function words beside it: "or any of
    its"): the nearest part before it or after it (``starts``, ``ends``: (offset, index) of the
    parts, sorted); ``None`` if neither is so joined."""
    inner = node.span
    if inner is None:
        return None
    words = word_list("function_words.txt")
    k = bisect.bisect_right(ends, (inner.start, len(parts)))
    if k and _or_gap(original[ends[k - 1][0]:inner.start], words) and _closes(original, inner.end, starts):
        return ends[k - 1][1]
    k = bisect.bisect_left(starts, (inner.end, -1))
    if k < len(starts) and _or_gap(original[inner.end:starts[k][0]], words):
        return starts[k][1]
    return None


_AND_GAP = re.compile(r"^[\s)\]]*,\s*and\s+$", re.IGNORECASE)
_LIST = 3  # items of alternatives from which ", and" before the last one is the list's own


def _ends_the_list(inner: Span | None, alternatives: AnyOf, original: str) -> bool:
    """Whether ``inner`` is the last member of a list of alternatives, after ", and" ("such as A,
    B, C, and <unread>"): in a list read as alternatives and not yet closed by an "or" before its
    last item, the closing "and" joins one more."""
    last, before = alternatives.items[-1].span, alternatives.items[-2].span
    if inner is None or last is None or before is None or len(alternatives.items) < _LIST:
        return False
    # "A, B, or C, and <unread>": the list closed with its "or", and "and" joins a requirement of its own
    still_open = not _OR.search(original[before.end:last.start])
    return still_open and last.end <= inner.start and bool(_AND_GAP.match(original[last.end:inner.start]))


def _or_gap(gap: str, words: frozenset[str]) -> bool:
    found = len(gap) <= _NEAR and _OR_GAP.match(gap)
    return bool(found) and all(w.lower() in words for w in found.group("words").split())


_CLAUSE_END = re.compile(r"[^\S\n]*(?:\n|[,;.)]|and\b|or\b)", re.IGNORECASE)


def _closes(original: str, end: int, starts: list[tuple[int, int]]) -> bool:
    """Whether the text ending at ``end`` ends its clause: punctuation, a line end or a connective
    follows it before the next part (``starts``: (start, index) of the parts, sorted), or nothing does."""
    k = bisect.bisect_left(starts, (end, -1))
    following = starts[k][0] if k < len(starts) else None
    rest = original[end:following] if following is not None else original[end:end + _NEAR]
    rest = _after_function_words(rest)  # "or to the zorbulating agents.": "agents" says nothing more
    return bool(_CLAUSE_END.match(rest)) or (following is None and not rest.strip())


_LEADING_WORD = re.compile(r"\s*([A-Za-z]+)")


def _after_function_words(rest: str) -> str:
    """``rest`` without the function words it opens with."""
    words = word_list("function_words.txt")
    while (m := _LEADING_WORD.match(rest)) and m.group(1).lower() in words:
        rest = rest[m.end():]
    return rest


def _joined(a: Span | None, b: Span | None) -> Span | None:
    if a is None or b is None:
        return a or b
    return a.model_copy(update={"start": min(a.start, b.start), "end": max(a.end, b.end)})

_OR = re.compile(r"\bor\b|/", re.IGNORECASE)

_EXAMPLE_LEAD = re.compile(r"^[\s,(]*(?:such as|e\.?\s?g\.?|for example|for instance|including(?: but not limited to)?)"
                           r"[\s,:]*$", re.IGNORECASE)


def _names_examples_span(gap: str) -> bool:
    return bool(_EXAMPLE_LEAD.match(gap))


def _names_the_examples(inner: Span | None, alternatives: AnyOf, original: str) -> bool:
    """Whether ``inner`` is the term whose examples ``alternatives`` lists ("one or more risk
    factors, such as A, B or C"): it ends where "such as" (or "e.g.", "including") leads to them."""
    first = alternatives.items[0].span
    return (inner is not None and first is not None and inner.end <= first.start
            and _names_examples_span(original[inner.end:first.start]))


def _between_items(inner: Span | None, alternatives: AnyOf, original: str) -> bool:
    """Whether ``inner`` lies between two consecutive items of ``alternatives``, an "or" on each
    side of it (else it qualifies the item it touches: the "non" of "non-metastatic")."""
    spans = [item.span for item in alternatives.items]
    if inner is None or any(span is None for span in spans):
        return False
    return any(
        a.end <= inner.start and inner.end <= b.start  # type: ignore[union-attr]
        and _OR.search(original, a.end, inner.start) and _OR.search(original, inner.end, b.start)  # type: ignore[union-attr]
        for a, b in zip(spans, spans[1:])
    )
