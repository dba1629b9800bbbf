"""Two bounds on one value that no value meets together state two cases.

"Serum creatinine ≤ 1.5 mg/dL; if serum creatinine > 1.5 mg/dL, then the estimated GFR must be
> 60", "Total bilirubin ≤ 1.5 × ULN, or direct bilirubin ≤ ULN for patients with total bilirubin
> 1.5 × ULN", "Bilirubin ≤ 1.5 × ULN. If Gilbert's syndrome may have bilirubin > 1.5 × ULN",
"Alkaline phosphatase ≤ 2.5 × ULN. Alkaline phosphatase may be more than 2.5 × ULN only in the
case of bone metastases": read as one list of requirements, the criterion asked for a value both
at most and above the same limit, which no patient has; an inclusion so read rules everyone out.

The later bound opens the other case: it and what its clause says with it (the words up to the
end of its sentence, or a comma before "and" that starts a requirement of its own) are one
alternative to the first bound: ``any_of(first, all_of(the case))``. The rest stays required.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from ...tree.nodes import AllOf, AnyOf, Node
from ..grammar.lexer import Lexeme

_BOUNDS = frozenset({"lab_threshold", "measure_threshold", "performance_status"})
_INF = float("inf")


def disjoint_cases(parts: Sequence, lexemes: list[Lexeme], sentence: list[int]) -> list:
    """``parts`` with the first pair of bounds that exclude each other read as two cases (see the
    module docstring). ``sentence[i]`` is the sentence of lexeme ``i``."""
    pair = _exclusive_pair(parts)
    if pair is None:
        return list(parts)
    first, second = pair
    clause = _clauses(lexemes, sentence)
    case = [p for p in parts if p is not first and clause[p.lo] == clause[second.lo]
            and (clause[p.lo] != clause[first.lo] or p.lo > first.lo)]
    node = case[0].node if len(case) == 1 else AllOf(items=tuple(p.node for p in case), span=_span(case))
    either = AnyOf(items=(first.node, node), span=_span([first, *case]))
    joined = replace(first, node=either, lo=min(first.lo, case[0].lo), hi=max(first.hi, case[-1].hi))
    rest = [p for p in parts if p is not first and all(p is not q for q in case)]
    return sorted([*rest, joined], key=lambda p: p.lo)


def _exclusive_pair(parts: Sequence) -> tuple | None:
    """The first two bounds, in text order, on one value (same analyte, unit and limit) that no
    value meets together."""
    bounds = [p for p in parts if p.node.kind in _BOUNDS]
    for j, later in enumerate(bounds):
        for earlier in bounds[:j]:
            if _same_value(earlier.node, later.node) and _disjoint(earlier.node, later.node):
                return earlier, later
    return None


def _same_value(a: Node, b: Node) -> bool:
    """Whether two bounds are on one value: one analyte in one unit and limit, or one scale."""
    if a.kind != b.kind:
        return a.kind != "performance_status" and b.kind != "performance_status" and _key(a) == _key(b)
    return _key(a) == _key(b)


def _key(node: Node) -> tuple:
    if node.kind == "performance_status":
        return ("performance_status", node.scale)  # type: ignore[attr-defined]
    return (node.analyte, node.unit, node.relative_to)  # type: ignore[attr-defined]


def _disjoint(a: Node, b: Node) -> bool:
    """Whether no value lies within both bounds ``a`` and ``b``."""
    (lo1, lo1_in, hi1, hi1_in), (lo2, lo2_in, hi2, hi2_in) = _interval(a), _interval(b)
    lo, lo_in = max((lo1, lo1_in), (lo2, lo2_in), key=lambda e: (e[0], not e[1]))
    hi, hi_in = min((hi1, hi1_in), (hi2, hi2_in), key=lambda e: (e[0], e[1]))
    return lo > hi or (lo == hi and not (lo_in and hi_in))


def _interval(node: Node) -> tuple[float, bool, float, bool]:
    """The values a bound admits: (low, low included, high, high included)."""
    op, value = node.op, node.value  # type: ignore[attr-defined]
    return {"<": (-_INF, False, value, False), "<=": (-_INF, False, value, True),
            ">": (value, False, _INF, False), ">=": (value, True, _INF, False),
            "==": (value, True, value, True)}.get(op, (value, True, node.value_high, True))  # type: ignore[attr-defined]


def _clauses(lexemes: list[Lexeme], sentence: list[int]) -> list[int]:
    """Clause number of each lexeme: a new sentence, or a comma before "and", starts one."""
    out, number = [], 0
    for i, lx in enumerate(lexemes):
        if i and (sentence[i] != sentence[i - 1] or (lexemes[i - 1].type == "COMMA" and lx.type == "AND")):
            number += 1
        out.append(number)
    return out


def _span(parts: Sequence):
    spans = [p.node.span for p in parts if p.node.span is not None]
    if not spans:
        return None
    return spans[0].model_copy(update={"start": min(s.start for s in spans), "end": max(s.end for s in spans)})
