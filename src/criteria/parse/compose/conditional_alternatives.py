"""The last of a list of states given as a condition and what it then asks: "Women must be surgically
sterile, two years postmenopausal, or, if of childbearing potential, using a medically accepted method
of contraception", "Is not of reproductive potential; or if of reproductive potential agrees to avoid
pregnancy".

The members are alternatives: a woman who is postmenopausal meets the criterion, and so does one of
childbearing potential who uses contraception. "If C, D" among them reads "not C, or D" (the states
before it already say "not C" in other words). Read side by side the parts had asked a woman to be
postmenopausal, of childbearing potential and on contraception at once, which none is. Only the
reproductive potential is such a condition here: the pattern is the layout of those sentences, not
clinical knowledge.
"""

from __future__ import annotations

import re

from ...tree.nodes import AllOf, AnyOf, Node, Not
from ...tree.spans import Span, extent_end
from .textual import SENTENCE_END, in_text_order

_POTENTIAL = frozenset({"childbearing_potential", "reproductive_potential"})
# between the last state and the potential: "or, if", "; or if she is of", "or, for women of"
_OR_IF = re.compile(
    r"""\s*[,;]?\s*or\s*,?\s*(?:if|when|for|in\s+case\s+of)\s+
        (?:(?:she|they)\s+(?:is|are)\s+|(?:the\s+)?(?:patient|subject|participant|woman|female)s?\s+(?:is|are)\s+)?
        (?:an?\s+)?(?:(?:female|woman|women|females)\s+)?(?:of\s+|with\s+|has\s+|have\s+)?$""",
    re.IGNORECASE | re.VERBOSE,
)
#: kinds a state before the condition may be read as: a reproductive state, a sterilising procedure,
#: their denial or list, how long it has lasted, or words not read
_STATE_KINDS = frozenset({"reproductive", "procedure", "not", "any_of", "all_of", "unparsed", "time_window"})
_STATES = frozenset({"postmenopausal"}) | _POTENTIAL


def conditional_alternatives(parts: list[Node], original: str) -> list[Node]:
    """``parts`` with "A, B, or, if of childbearing potential, D" read as ``any_of(A, B, not potential,
    D)``; else ``parts`` unchanged."""
    order = in_text_order(parts)
    for k, part in enumerate(order):
        potential, joined = _potential_of(part)
        if k == 0 or potential is None or not _OR_IF.fullmatch(original, extent_end(order[k - 1]), part.span.start):  # type: ignore[union-attr]
            continue
        first = k
        while first > 0 and _a_state(order[first - 1]) and not SENTENCE_END.search(
                original, extent_end(order[first - 1]), order[first].span.start):  # type: ignore[union-attr]
            first -= 1
        last = k + 1
        while last < len(order) and not SENTENCE_END.search(original, extent_end(order[last - 1]), order[last].span.start):  # type: ignore[union-attr]
            last += 1
        states, asked = order[first:k], [*joined, *order[k + 1:last]]
        if not asked or not any(_names_a_state(s) for s in states):
            continue
        denial = Not(item=potential, span=potential.span)
        members = [*states, *(() if any(s == denial for s in states) else (denial,)),
                   asked[0] if len(asked) == 1 else AllOf(items=tuple(asked), span=_cover(asked))]
        either = AnyOf(items=tuple(members), span=_cover(order[first:last]))
        taken = order[first:last]
        return [p for p in parts if all(p is not t for t in taken)] + [either]
    return parts


def _potential_of(part: Node) -> tuple[Node | None, list[Node]]:
    """The reproductive potential ``part`` names, and what was joined to it ("of childbearing
    potential, using contraception" may come read as one ``all_of``); ``(None, [])`` otherwise."""
    if part.kind == "all_of" and part.items and _is_potential(part.items[0]):  # type: ignore[attr-defined]
        return part.items[0], list(part.items[1:])  # type: ignore[attr-defined]
    return (part, []) if _is_potential(part) else (None, [])


def _is_potential(node: Node) -> bool:
    return node.kind == "reproductive" and getattr(node, "name", None) in _POTENTIAL


def _a_state(node: Node) -> bool:
    """Whether ``node`` may be one of the states listed before the condition: no ask among them (a
    negative pregnancy test asked before "and be either …" is asked of every woman)."""
    return all(n.kind in _STATE_KINDS and (n.kind != "reproductive" or getattr(n, "name", None) in _STATES)
               for n in node.walk())


def _names_a_state(node: Node) -> bool:
    """Whether ``node`` names a reproductive state (postmenopausal, no childbearing potential) or a
    sterilising procedure: that the members before the condition are the usual states."""
    return any((n.kind == "reproductive" and getattr(n, "name", None) in _STATES) or n.kind == "procedure"
               for n in node.walk())


def _cover(nodes: list[Node]) -> Span:
    return Span(start=min(n.span.start for n in nodes), end=max(extent_end(n) for n in nodes))  # type: ignore[union-attr]
