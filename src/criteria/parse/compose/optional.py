""""With or without X": X may be there or not, so it asks nothing.

"Cirrhosis with or without portal hypertension" is cirrhosis. The grammar reads "without X" as
``not(X)`` (a patient with cirrhosis and portal hypertension would then escape the exclusion);
here that member leaves the rule and its words stay beside it as a remark (``about='optional'``).
"""

from __future__ import annotations

import re

from ...tree.nodes import AllOf, Node, Not, Remark, Unparsed
from ...tree.spans import Span

_WITH_OR = re.compile(r"\bwith\s+(?:and\s*/\s*)?or\s*$", re.IGNORECASE)


def optional_members(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """``parts`` without the members written after "with or without", and a remark for each."""
    remarks: list[Remark] = []
    kept = _members_kept(parts, original, remarks)
    if not kept and remarks:  # "patients with or without diabetes" alone: it asks nothing we can name
        return [Unparsed(text=r.text, reason=_ASKS_NOTHING, span=r.span) for r in remarks], []
    return kept, remarks


_ASKS_NOTHING = "'with or without' alone asks nothing"


def _members_kept(items, original: str, remarks: list[Remark]) -> list[Node]:
    """``items`` but the optional ones; a window written after an optional member ("chemotherapy
    with or without radiotherapy within 4 weeks") goes to the event before it, which has none."""
    kept: list[Node] = []
    for node in items:
        if not _is_optional(node, original):
            kept.append(_without_optional(node, original, remarks))
            continue
        window = getattr(node.item, "window", None)  # type: ignore[attr-defined]
        if window is not None:
            before = kept[-1] if kept else None
            if before is None or "window" not in type(before).model_fields or before.window is not None:  # type: ignore[attr-defined]
                kept.append(node)  # the window has no other event to hold it: the reading stays
                continue
            kept[-1] = before.model_copy(update={"window": window})
        start = _WITH_OR.search(original[: node.span.start]).start()  # type: ignore[union-attr]
        span = Span(start=start, end=node.item.span.end if node.item.span else node.span.end)  # type: ignore[union-attr]
        remarks.append(Remark(text=span.slice(original), about="optional", span=span))
    return kept


def _without_optional(node: Node, original: str, remarks: list[Remark]) -> Node:
    """``node`` with the optional members of its lists of requirements taken out."""
    if not isinstance(node, AllOf):
        return node
    items = _members_kept(node.items, original, remarks)
    if items == list(node.items):
        return node
    return items[0] if len(items) == 1 else node.model_copy(update={"items": tuple(items)})


def _is_optional(node: Node, original: str) -> bool:
    """A denied member whose "without" follows "with or"."""
    if not isinstance(node, Not) or node.span is None:
        return False
    said = node.span.slice(original)
    return said[:7].lower() == "without" and bool(_WITH_OR.search(original[: node.span.start]))
