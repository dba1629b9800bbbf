"""A second bound's case that restates the first bound's failure: "Creatinine within normal
institutional limits OR creatinine clearance >= 60 mL/min/1.73 m^2 for patients with creatinine
levels above institutional normal", "… if creatinine > ULN".

The case names the patients the first bound does not admit, so "A, or B for those not A" admits the
same patients as "A or B". The case may be read as a bound of its own ("… for subjects with creatinine
levels > 1.5 x ULN"), which had been a requirement beside the alternatives: an inclusion then asked
every patient for an abnormal creatinine. Left unread beside the two bounds, the words held every such criterion
unknown; they describe the alternative (a remark: kept, rendered, in records). Only a case on the
same analyte as a bound with an upper limit among the alternatives right before it, said to be
above it, is read so.
"""

from __future__ import annotations

import re

from ...labs import lab_fields_by_name, lab_lexicon
from ...tree.nodes import Node, Remark
from ...tree.spans import Span, extent_end
from .textual import in_text_order

_CASE = re.compile(
    r"""(?:(?:for|in)\s+(?:patients|subjects|participants|those|pts|individuals)\s+(?:with|whose)|if|when|where)\s+
        (?:an?\s+|serum\s+|the\s+)?(?P<name>[\w\s/()-]+?)\s+(?:levels?\s+|values?\s+|concentrations?\s+)?
        (?:is\s+|are\s+)?(?:above|greater\s+than|>|over|exceeding|higher\s+than|outside)\b[^()]*""",
    re.IGNORECASE | re.VERBOSE,
)
_UPPER = frozenset({"<", "<="})
_LOWER = frozenset({">", ">="})
# the words before a case read as a bound: "for subjects with", "in patients whose serum"
_LEAD = re.compile(r"\s*,?\s*(?P<lead>(?:(?:for|in)\s+(?:patients|subjects|participants|those|pts|individuals)\s+"
                   r"(?:with|whose)|if|when|where)\s+(?:an?\s+|serum\s+|the\s+)?)", re.IGNORECASE)


def complement_cases(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """``parts`` without an unread case that restates the failure of an alternative bound right
    before it, and those words as a description remark; else ``parts`` unchanged."""
    order = in_text_order(parts)
    for k, part in enumerate(order[1:], start=1):
        before = order[k - 1]
        if before.kind != "any_of":
            continue
        analyte, start = _case_of(part, original, extent_end(before))
        if analyte is not None and any(_upper_bound_on(n, analyte, part) for n in before.items):  # type: ignore[attr-defined]
            span = Span(start=start, end=extent_end(part))
            remark = Remark(text=span.slice(original), about="description", span=span)
            return [p for p in parts if p is not part], [remark]
    return parts, []


def _case_of(part: Node, original: str, after: int) -> tuple[str | None, int]:
    """The analyte whose excess ``part`` names as a case right after the alternatives (ending at
    ``after``), and where the case's words start: unread words ("for patients with creatinine levels
    above institutional normal"), or a bound read after "for patients with" ("… for subjects with
    creatinine levels > 1.5 x ULN")."""
    if part.kind == "unparsed":
        found = _CASE.fullmatch(" ".join(part.text.split()).rstrip(" ."))  # type: ignore[attr-defined]
        if found is None or original[after:part.span.start].strip(" ,"):  # type: ignore[union-attr]
            return None, 0
        return _analyte_named(found.group("name")), part.span.start  # type: ignore[union-attr]
    lead = _LEAD.fullmatch(original, after, part.span.start)  # type: ignore[union-attr]
    if part.kind != "lab_threshold" or lead is None or getattr(part, "op", None) not in _LOWER:
        return None, 0
    return part.analyte, lead.start("lead")  # type: ignore[attr-defined]


def _upper_bound_on(node: Node, analyte: str, case: Node) -> bool:
    """A bound on ``analyte`` that caps it ("<= 1.5 x ULN", "within normal limits"); where the case is
    read as a bound, one whose every failing value the case holds ("<= 1.5 x ULN" for "> 1.5 x ULN" or
    "> ULN"): a case above a higher limit ("if creatinine > 3 x ULN") leaves values between the two
    without the alternative, so it is no restatement."""
    return any(n.kind == "lab_threshold" and getattr(n, "analyte", None) == analyte and getattr(n, "op", None) in _UPPER
               and (case.kind == "unparsed" or _holds_every_failure(case, n)) for n in node.walk())


def _holds_every_failure(case: Node, cap: Node) -> bool:
    """Whether every value above ``cap`` meets the bound ``case`` (same unit and limit, no higher; or the
    cap's own number with its limit unread: "above 1.5 x institutional limit of normal")."""
    if case.unit is None and case.relative_to is None:  # type: ignore[attr-defined]
        return case.value == cap.value  # type: ignore[attr-defined]
    return (case.unit, case.relative_to) == (cap.unit, cap.relative_to) and case.value <= cap.value  # type: ignore[attr-defined]


def _analyte_named(words: str) -> str | None:
    """The field of the laboratory analyte ``words`` name ("creatinine"), or ``None``."""
    field = lab_fields_by_name().get(" ".join(words.lower().split()))
    return field if field is not None and lab_lexicon()[field].kind == "lab" else None
