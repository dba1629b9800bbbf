"""What a patient is to comply with, named after the compliance: "Inability to comply with study and
follow-up procedures", "Willingness and ability to comply with scheduled visits, treatment plans,
laboratory tests, and other study procedures"; what a patient is able to take, named after the
capability: "Able to swallow capecitabine tablets", "Ability to take oral medication (dasatinib must
be swallowed whole)".

The visits, procedures and treatment plans are the object of the compliance, not events the patient
must have had: read beside it as parts of the rule, an exclusion for inability to comply had excluded
only patients with a recorded follow-up procedure, and an inclusion had asked for "other study"
therapy. They are a description of the compliance (a remark: kept, rendered, in records), from the
first of them to the last, when nothing but a list of such objects follows the compliance in its
sentence. Layout, not clinical knowledge.
"""

from __future__ import annotations

import re

from ...tree.nodes import Node, Remark
from ...tree.spans import Span, extent_end
from .textual import in_text_order

_ABLE = frozenset({"compliance", "capability"})
_DRUG_KINDS = frozenset({"prior_therapy", "medication"})
#: between a capability and the drug it takes: no list of other things ("... or requirement for IV
#: alimentation or total parenteral nutrition")
_BETWEEN_TAKEN = re.compile(r"[,;]|\bor\b", re.IGNORECASE)
_ACT = re.compile(r"\b(?:compl\w*|adher\w*|follow\w*)", re.IGNORECASE)  # a compliance said as an act
#: parts that may name what is complied with: an act of care with no status or window of its own
_OBJECT_KINDS = frozenset({"procedure", "prior_therapy", "medication"})
_LISTS = frozenset({"any_of", "all_of"})
# what may stand between the compliance and its objects, between objects and in them: a list's joins
# and examples, not a new sentence or a verb that opens a clause of its own ("… and has received")
_ENDS_OBJECTS = re.compile(r"\.(?:\s|$)|;|\b(?:must|should|has|have|had|is|are|was|were|will|who|which|that)\b",
                           re.IGNORECASE)


def compliance_objects(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """``parts`` without the objects named right after a compliance (or its denial), and those words as
    a description remark; else ``parts`` unchanged."""
    order = in_text_order(parts)
    for k, part in enumerate(order):
        if not _complies(part):
            continue
        objects: list[Node] = []
        end = extent_end(part)
        taken = _a_drug_taken if _able(part) else _an_object
        for later in order[k + 1:]:
            if not taken(later, original) or _ENDS_OBJECTS.search(original, end, extent_end(later)) or (  # type: ignore[union-attr]
                    _able(part) and _BETWEEN_TAKEN.search(original, end, later.span.start)):  # type: ignore[union-attr]
                break
            objects.append(later)
            end = extent_end(later)
        if not any(n.kind in _OBJECT_KINDS for o in objects for n in o.walk()):
            continue
        span = Span(start=objects[0].span.start, end=end)  # type: ignore[union-attr]
        kept = [p for p in parts if all(p is not o for o in objects)]
        return kept, [Remark(text=span.slice(original), about="description", span=span)]
    return parts, []


def _complies(node: Node) -> bool:
    """A compliance or a capability ("able to swallow capecitabine tablets": the drug is what is
    swallowed, not a therapy received), or its denial."""
    return node.kind in _ABLE or (node.kind == "not" and node.item.kind in _ABLE)  # type: ignore[attr-defined]


def _an_object(node: Node, original: str) -> bool:
    if node.kind == "unparsed":  # words not read (their clause words are asked of the text)
        return True
    # "compliance with study drug, insulin and study visits": the visits read as a compliance of their
    # own are one more thing complied with; not "... and to comply with study procedures", an act
    return all(n.kind in _LISTS or (n.kind == "compliance" and not _an_act(n, original)) or (
        n.kind in _OBJECT_KINDS and not getattr(n, "status", ()) and getattr(n, "window", None) is None)
        for n in node.walk())


def _able(node: Node) -> bool:
    return (node.item if node.kind == "not" else node).kind == "capability"  # type: ignore[attr-defined]


def _a_drug_taken(node: Node, original: str) -> bool:
    """What a capability takes: drugs only, with no status or window ("able to swallow capecitabine
    tablets"); a procedure or a condition after it is a requirement of its own ("inability to swallow
    oral medications, impaired absorption due to gastrectomy")."""
    return all(n.kind in _LISTS or (n.kind in _DRUG_KINDS and not getattr(n, "status", ())
                                    and getattr(n, "window", None) is None) for n in node.walk())


def _an_act(node: Node, original: str) -> bool:
    return node.span is not None and bool(_ACT.search(node.span.slice(original)))
