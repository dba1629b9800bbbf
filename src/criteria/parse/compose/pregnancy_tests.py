"""What a pregnancy test named without its result asks, by the list it stands in.

"Women of childbearing potential must have a serum pregnancy test within 7 days": read as the
word "pregnancy" inside it, the inclusion required every woman to be pregnant. A test an
inclusion asks for is one that comes back negative (the woman may enrol); a test an exclusion
cites is the evidence of the pregnancy it excludes ("Pregnancy (confirmed by a pregnancy test)"),
and so is a test said positive a few words before ("a positive serum beta-hCG pregnancy test")
or one an inclusion denies ("must not have a positive … pregnancy test"). The lexicon names the
bare test ``pregnancy_test`` (``lexicons/events.jsonl``); this stage gives it its reading. A
result the lexicon reads with the test ("negative pregnancy test") never reaches here.
"""

from __future__ import annotations

import re

from ...resources import event_concept
from ...tree.nodes import Code, Node
from ..sections import EXCLUSION

BARE_TEST = "pregnancy_test"
_NEGATIVE, _PREGNANCY = "negative_pregnancy_test", "pregnancy"
_POSITIVE_BEFORE = re.compile(r"\bpositive\b[^.;]{0,60}$", re.IGNORECASE)


def read_pregnancy_tests(parts: list[Node], section: str, original: str) -> list[Node]:
    """``parts`` with each bare pregnancy test read as its ``section`` and its words ask."""
    if not any(n.kind == "reproductive" and n.name == BARE_TEST for p in parts for n in p.walk()):  # type: ignore[attr-defined]
        return parts
    return [_renamed(p, section == EXCLUSION, original) for p in parts]


def _renamed(node: Node, evidence: bool, original: str) -> Node:
    """``node`` with its bare tests read; ``evidence``: a test here shows a pregnancy."""
    if node.kind == "reproductive" and node.name == BARE_TEST:  # type: ignore[attr-defined]
        said_positive = node.span is not None and _POSITIVE_BEFORE.search(original[max(0, node.span.start - 80):node.span.start])
        return _as(node, _PREGNANCY if evidence or said_positive else _NEGATIVE)
    inner = evidence or node.kind == "not"  # a test an inclusion denies is a positive one
    update = {}
    for field in ("items", "exceptions"):
        if getattr(node, field, None):
            update[field] = tuple(_renamed(n, inner, original) for n in getattr(node, field))
    if getattr(node, "item", None) is not None:
        update["item"] = _renamed(node.item, inner, original)  # type: ignore[attr-defined]
    return node.model_copy(update=update) if update else node


def _as(node: Node, name: str) -> Node:
    concept = event_concept("reproductive", name)
    code = Code(system=concept.code.system, code=concept.code.code) if concept.code else None
    return node.model_copy(update={"name": name, "code": code})
