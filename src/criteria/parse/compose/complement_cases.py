"""A second bound's case that restates the first bound's failure: "Creatinine within normal
institutional limits OR creatinine clearance >= 60 mL/min/1.73 m^2 for patients with creatinine
levels above institutional normal".

The case names the patients the first bound does not admit, so "A, or B for those not A" admits the
same patients as "A or B". Left unread beside the two bounds, the words held every such criterion
unknown; they describe the alternative (a remark: kept, rendered, in records). Only a case on the
same analyte as a bound with an upper limit among the alternatives right before it, said to be
above it, is read so.
"""

from __future__ import annotations

import re
from functools import cache

from ...labs import lab_lexicon
from ...tree.nodes import Node, Remark
from ...tree.spans import extent_end

_CASE = re.compile(
    r"""(?:for|in)\s+(?:patients|subjects|participants|those|pts|individuals)\s+(?:with|whose)\s+
        (?:an?\s+|serum\s+|the\s+)?(?P<name>[\w\s/()-]+?)\s+(?:levels?\s+|values?\s+|concentrations?\s+)?
        (?:is\s+|are\s+)?(?:above|greater\s+than|>|over|exceeding|higher\s+than|outside)\b[^()]*""",
    re.IGNORECASE | re.VERBOSE,
)
_UPPER = frozenset({"<", "<="})


def complement_cases(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """``parts`` without an unread case that restates the failure of an alternative bound right
    before it, and those words as a description remark; else ``parts`` unchanged."""
    order = sorted((p for p in parts if p.span is not None), key=lambda p: p.span.start)  # type: ignore[union-attr]
    for k, part in enumerate(order):
        if k == 0 or part.kind != "unparsed":
            continue
        found = _CASE.fullmatch(" ".join(part.text.split()).rstrip(" ."))  # type: ignore[attr-defined]
        before = order[k - 1]
        if found is None or before.kind != "any_of" or original[extent_end(before):part.span.start].strip(" ,"):  # type: ignore[union-attr]
            continue
        analyte = _analyte_named(found.group("name"))
        if analyte is not None and any(_upper_bound_on(n, analyte) for n in before.items):  # type: ignore[attr-defined]
            remark = Remark(text=part.span.slice(original), about="description", span=part.span)  # type: ignore[union-attr]
            return [p for p in parts if p is not part], [remark]
    return parts, []


def _upper_bound_on(node: Node, analyte: str) -> bool:
    """A bound on ``analyte`` that caps it ("<= 1.5 x ULN", "within normal limits")."""
    return any(n.kind == "lab_threshold" and getattr(n, "analyte", None) == analyte and getattr(n, "op", None) in _UPPER
               for n in node.walk())


def _analyte_named(words: str) -> str | None:
    return _names().get(" ".join(words.lower().split()))


@cache
def _names() -> dict[str, str]:
    """Each analyte's names and abbreviations, lower case, to its field."""
    return {name.lower(): entry.field for entry in lab_lexicon().values() if entry.kind == "lab"
            for name in (*entry.names, *entry.abbreviations)}
