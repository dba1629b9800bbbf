"""Text left over inside a list of alternatives is one more alternative.

"A or <unread> or B" is ``any_of(A, <unread>, B)``, and the term whose examples follow ("one or
more risk factors, such as A, B or C") is an alternative beside them, not a requirement beside
the list.
"""

from __future__ import annotations

import re

from ...tree.nodes import AnyOf, Node
from ...tree.spans import Span


def unread_alternatives(parts: list[Node], leftovers: list[Node], original: str) -> list[Node]:
    """Text left over inside a list of alternatives is one more alternative, not a requirement
    beside the list: "A or <unread> or B" is ``any_of(A, <unread>, B)``."""
    if not leftovers or not any(isinstance(p, AnyOf) for p in parts):
        return parts + leftovers
    out = list(parts)
    rest = []
    for node in leftovers:
        owner = next((i for i, p in enumerate(out) if isinstance(p, AnyOf) and (
            _between_items(node.span, p, original) or _names_the_examples(node.span, p, original))), None)
        if owner is None:
            rest.append(node)
            continue
        items = sorted((*out[owner].items, node), key=lambda n: n.span.start if n.span else 0)
        out[owner] = out[owner].model_copy(update={"items": tuple(items)})
    return out + rest

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
