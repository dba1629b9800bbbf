"""A ceiling on a toxicity's grade in an inclusion asks for nothing worse, not for the toxicity.

"Peripheral neuropathy ≤ grade 1", "Patient must exhibit no greater than grade 1 neuropathy",
"Diarrhea < grade 2": a patient without neuropathy meets them (grade 0). Read as the condition
with a grade bound, they asked for a neuropathy of grade 0–1, so a patient with none was never
included. Such a requirement is ``not`` the condition above the ceiling.

Only CTCAE-style grades of conditions that are not cancers are so read: a histologic grade
("grade ≤ 2 glioma") bounds the cancer the patient must have. Exclusions, exemptions and
permissions, and the patients a sentence is about ("subjects with ≤ grade 2 neuropathy are an
exception") keep the bound as written: there it names the patients meant.
"""

from __future__ import annotations

import re

from ...resources import is_cancer
from ...tree.nodes import AllOf, Grade, Node, Not

_ABOVE = {"<=": ">", "<": ">="}
#: The words right before a graded condition that make it say whom a sentence is about.
_WHOM = re.compile(r"\b(?:with|having)\s*$", re.IGNORECASE)


def severity_ceilings(parts: list[Node], original: str) -> list[Node]:
    """``parts`` of an inclusion with each ceiling on a toxicity's grade read as "nothing worse"."""
    return [_ceiling(p, original) if not isinstance(p, AllOf)
            else p.model_copy(update={"items": tuple(_ceiling(n, original) for n in p.items)}) for p in parts]


def _ceiling(node: Node, original: str) -> Node:
    grade = getattr(node, "grade", None)
    if node.kind != "condition" or grade is None or grade.op not in _ABOVE or is_cancer(node.name):  # type: ignore[attr-defined]
        return node
    if node.span is not None and _WHOM.search(original, max(0, node.span.start - 20), node.span.start):
        return node  # "Subjects with <= grade 2 neuropathy are an exception": whom, not what is asked
    worse = node.model_copy(update={"grade": Grade(op=_ABOVE[grade.op], value=grade.value)})
    return Not(item=worse, span=node.span)
