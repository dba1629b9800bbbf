"""A condition named by no particular word, said only to need a treatment.

"Any medical condition requiring chronic systemic corticosteroids", "comorbidity requiring daily
anticoagulation": the condition is whatever the treatment is for; what the criterion asks is the
treatment. Read as a requirement beside it, the lexicon's generic condition (``other_disease``,
which no record names) made the criterion "not met" for every patient, also for one with asthma on
chronic prednisone. The generic condition becomes a description remark; the treatment is the rule.
"""

from __future__ import annotations

import re

from ...resources import event_heads
from ...tree.nodes import AllOf, Node, Remark

_NEEDING = re.compile(r"\s*,?\s*(?:that\s+|which\s+)?(?:requir|need)\w*\b", re.IGNORECASE)
_TREATMENTS = frozenset({"medication", "prior_therapy", "procedure"})


def names_no_condition(node: Node) -> bool:
    """Whether ``node`` is a condition whose name has no word beyond vague and generic heads
    ("other disease", read from "medical condition", "comorbidity")."""
    if node.kind != "condition":
        return False
    heads = event_heads()
    return not any(w not in heads.vague and w not in heads.generic for w in node.name.split("_"))  # type: ignore[attr-defined]


def treated_generic_conditions(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """``(parts, remarks)``: each generic condition followed by "requiring" / "that needs" and a
    treatment part is dropped from the parts (or from an ``all_of`` among them) and kept as a
    description remark."""
    out: list[Node] = []
    remarks: list[Remark] = []
    for part in parts:
        if isinstance(part, AllOf):
            items, found = _dropped(list(part.items), original)
            if found:
                part = items[0] if len(items) == 1 else part.model_copy(update={"items": tuple(items)})
                remarks += found
        out.append(part)
    out, found = _dropped(out, original)
    return out, remarks + found


def _dropped(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    remarks: list[Remark] = []
    kept: list[Node] = []
    for k, part in enumerate(parts):
        after = parts[k + 1] if k + 1 < len(parts) else None
        if (names_no_condition(part) and after is not None and after.kind in _TREATMENTS
                and part.span is not None and after.span is not None
                and _NEEDING.match(original, part.span.end, after.span.end)):
            remarks.append(Remark(text=part.span.slice(original), about="description", span=part.span))
            continue
        kept.append(part)
    return (kept, remarks) if remarks and kept else (parts, [])
