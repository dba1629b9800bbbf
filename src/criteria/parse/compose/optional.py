""""With or without X": X may be there or not, so it asks nothing.

"Cirrhosis with or without portal hypertension" is cirrhosis. The grammar reads "without X" as
``not(X)`` (a patient with cirrhosis and portal hypertension would then escape the exclusion);
here that member leaves the rule and its words stay beside it as a remark (``about='optional'``).
So does a drug given "alone or in combination with" another ("gemcitabine alone or in combination
with cisplatin" is gemcitabine, which the grammar read as requiring cisplatin too).
"""

from __future__ import annotations

import re

from ...tree.nodes import AllOf, Node, Not, Remark, Unparsed
from ...tree.spans import Span

_WITH_OR = re.compile(r"\bwith\s+(?:and\s*/\s*)?or\s*$", re.IGNORECASE)
# "alone or in combination with", "as monotherapy or combined with", "alone or with": what follows may be given too
_ALONE_OR = re.compile(
    r"\b(?:alone|as\s+(?:a\s+)?(?:single[\s-]+agent|monotherapy))\s*,?\s+(?:and\s*/\s*)?or\s+"
    r"(?:(?:in\s+|as\s+(?:part\s+of\s+)?(?:a\s+)?)?combination(?:\s+therapy)?|combined)?\s*(?:with\s+)?"
    r"(?:(?:a|an|the|any|other)\s+)?$",
    re.IGNORECASE)
_ALONE_LEAD = re.compile(r"(?:alone|as)\b", re.IGNORECASE)
# the unread words that are that lead and nothing more ("alone or in combination", "single-agent or combined")
_ONLY_THE_LEAD = re.compile(r"^(?:either\s+)?(?:as\s+)?(?:a\s+)?(?:alone|single[\s-]+agent|monotherapy)\s*,?\s+(?:and\s*/\s*)?or"
                            r"(?:\s+(?:in\s+)?(?:combination|combined))?$", re.IGNORECASE)
_DRUGS = frozenset({"prior_therapy", "medication"})


def optional_members(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """``parts`` without the members written after "with or without", and a remark for each."""
    remarks: list[Remark] = []
    kept = _members_kept(parts, original, remarks)
    if not kept and remarks:  # "patients with or without diabetes" alone: it asks nothing we can name
        return [Unparsed(text=r.text, reason=_ASKS_NOTHING, span=r.span) for r in remarks], []
    combined = [r.span for r in remarks if r.span is not None and _ALONE_LEAD.match(r.text)]
    if combined:  # the words "alone or in combination" were left unread: the remark holds them
        kept = [p for p in kept if not (isinstance(p, Unparsed) and p.span is not None and _ONLY_THE_LEAD.match(p.text)
                                        and any(s.start <= p.span.start and p.span.end <= s.end for s in combined))]
    return kept, remarks


_ASKS_NOTHING = "'with or without' alone asks nothing"


def _members_kept(items, original: str, remarks: list[Remark]) -> list[Node]:
    """``items`` but the optional ones; a window written after an optional member ("chemotherapy
    with or without radiotherapy within 4 weeks") goes to the event before it, which has none."""
    kept: list[Node] = []
    for node in items:
        alone = _given_alone_or_with(node, original)
        if alone is not None and _window_moved(node, kept):
            remarks.append(Remark(text=alone.slice(original), about="optional", span=alone))
            continue
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


def _given_alone_or_with(node: Node, original: str) -> Span | None:
    """The span from "alone or in combination with" to the end of ``node`` when ``node`` is the
    drug (or drugs) written after it: given or not, it asks nothing. Only a drug: "alone or with
    a caregiver" names no treatment."""
    if node.span is None or not all(n.kind in _DRUGS for n in node.walk() if n.kind not in ("any_of", "all_of")):
        return None
    lead = _ALONE_OR.search(original, max(0, node.span.start - 80), node.span.start)
    if lead is None:
        return None
    return Span(start=lead.start(), end=node.span.end)


def _window_moved(node: Node, kept: list[Node]) -> bool:
    """Whether ``node`` may leave the rule: it has no window, or its window goes to the event kept
    before it, which has none ("a taxane alone or with trastuzumab within 6 months": the window is
    the taxane's). ``kept`` takes the window in place."""
    window = getattr(node, "window", None)
    if window is None:
        return True
    before = kept[-1] if kept else None
    if before is None or "window" not in type(before).model_fields or before.window is not None:  # type: ignore[attr-defined]
        return False
    kept[-1] = before.model_copy(update={"window": window})
    return True
