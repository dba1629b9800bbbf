"""When values are established: a window beside bounds on values, with no event to hang on.

"ANC ≥ 1,500/mm3 within 14 days prior to registration", "ECOG 0-1 (within 7 days of
enrollment)", "LVEF ≥ 50% by echocardiogram within 28 days of enrollment": the window says when
the test must have been done, as "at screening" or "on a 12-lead ECG" say how. It qualifies the
bounds without changing what they ask of the patient, so it is a ``method`` remark (kept,
rendered, in records), not a requirement beside them that no record could settle (a window with
no event is unknown for everyone: the criterion could never be met).

Only bounds on a value taken at one time are so qualified: a laboratory value, a performance
status, a measure of the lab lexicon. A count or a change over a period ("more than two seizures
in the last 4 weeks", "weight loss > 10% within 6 months") is what the window measures over; an
event beside the window may be what it belongs to. Neither is touched.
"""

from __future__ import annotations

from ...labs import lab_lexicon
from ...resources import value_support_concepts
from ...tree.nodes import Node, Not, Remark, TimeWindow
from ...tree.spans import Span
from ..grammar.subgroups import names_a_subgroup
from .join import is_event
from .textual import in_text_order

_POINT_KINDS = frozenset({"lab_threshold", "performance_status"})
#: What may hold a value up: "(without transfusion)", "(no growth factor support)".
_SUPPORT_KINDS = frozenset({"medication", "prior_therapy", "procedure"})


def unsupported_values(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """``parts`` without a denied treatment right after a bound on a value (in parentheses, or after a
    comma), and those words as method remarks: "Platelets >= 100,000/mm3 (without transfusion)", "ANC >= 1,500/µL
    (no growth factor support)" say the value must be reached without that support, as "at screening"
    says when it is taken. Read beside the bound as a requirement of its own, the denial would rule out
    anyone ever transfused; as a remark it is kept, rendered and in records, and the bound decides.
    Words left over inside the same parentheses ("support") go into the remark."""
    remarks: list[Remark] = []
    found = _support_denial(parts, original)
    while found is not None:
        inside, taken = found
        remarks.append(Remark(text=inside.slice(original), about="method", span=inside))
        parts = [p for p in parts if all(p is not t for t in taken)]
        found = _support_denial(parts, original)
    return parts, remarks


def _support_denial(parts: list[Node], original: str) -> tuple[Span, list[Node]] | None:
    """The first denial of support right after a bound, in parentheses or after a comma: its words
    and the parts within them."""
    order = in_text_order(parts)
    for k in range(1, len(order)):
        before, part = order[k - 1], order[k]
        if not _denied_support(part) or not bounds_a_value(before):
            continue
        inside = _parenthesis(original, before, part) or _clause_after(original, before, part, order[k + 1:])
        if inside is None:
            continue
        taken = [p for p in parts if p.span is not None and inside.start <= p.span.start and p.span.end <= inside.end]
        if all(p is part or p.kind == "unparsed" for p in taken):
            return inside, taken
    return None


def _clause_after(original: str, bound: Node, denial: Node, later: list[Node]) -> Span | None:
    """"Platelets >= 50,000/µL, independent of transfusion support": the denial right after the bound
    (a comma at most between), with the unread words right after it ("support")."""
    if bound.span is None or denial.span is None or original[bound.span.end:denial.span.start].strip() not in ("", ","):
        return None
    end = denial.span.end
    for node in later:
        if node.kind != "unparsed" or node.span is None or original[end:node.span.start].strip() \
                or any(ch in node.span.slice(original) for ch in "()[]"):
            break  # only the words of the same phrase ("support"), not a parenthesis after it
        end = node.span.end
    return Span(start=denial.span.start, end=end)


def _denied_support(node: Node) -> bool:
    """A denial, with no window, of something that holds a value up (:func:`value_support_concepts`)."""
    return (isinstance(node, Not) and node.item.kind in _SUPPORT_KINDS and node.span is not None
            and getattr(node.item, "window", None) is None
            and getattr(node.item, "name", None) in value_support_concepts())


def _parenthesis(original: str, bound: Node, denial: Node) -> Span | None:
    """The span inside the parentheses that hold ``denial`` and open right after ``bound``, or ``None``."""
    if bound.span is None or denial.span is None:
        return None
    gap = original[bound.span.end:denial.span.start]
    opened = gap.find("(") if "(" in gap else gap.find("[")
    if opened < 0 or gap[:opened].strip() or ")" in gap or "]" in gap:
        return None
    if names_a_subgroup(gap[opened + 1:]):  # "(for patients not receiving an anticoagulant)": whom it is for
        return None
    closing = min((i for i in (original.find(")", denial.span.end), original.find("]", denial.span.end)) if i >= 0),
                  default=-1)
    if closing < 0 or "(" in original[denial.span.end:closing]:
        return None
    return Span(start=bound.span.end + opened + 1, end=closing)


def measurement_times(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """``parts`` without the windows that say when the values bounded beside them are taken, and
    those windows as method remarks (see the module docstring)."""
    if not any(bounds_a_value(p) for p in parts) or any(_open_event(p) for p in parts):
        return parts, []
    # punctuation left over ("):") stands between nothing
    order = sorted((p for p in parts if p.span is not None and not (p.kind == "unparsed" and not _has_word(p.text))),  # type: ignore[attr-defined]
                   key=lambda p: p.span.start)  # type: ignore[union-attr]
    taken = [w for k, w in enumerate(order) if _when_taken(w, order[k - 1] if k else None, order[k + 1:k + 2])]
    if not taken:
        return parts, []
    return ([p for p in parts if all(p is not w for w in taken)],
            [Remark(text=w.span.slice(original), about="method", span=w.span) for w in taken])  # type: ignore[union-attr]


def _when_taken(node: Node, before: Node | None, after: list[Node]) -> bool:
    """Whether ``node`` is a window within which the value bounded right before it is taken ("ANC
    >= 1500/mm3 within 14 days"), or, opening the criterion, the value right after it ("Renal
    function (within 4 weeks prior to registration): creatinine clearance >= 50 mL/min"). A least
    distance ("for at least 6 months") says how long a value has held, and any other words beside
    the window (unread ones too: "low blood pressure within six months") may be what it times."""
    if not isinstance(node, TimeWindow) or node.relation != "before" or node.high is None or node.low is not None:
        return False
    neighbour = before if before is not None else (after[0] if after else None)
    return neighbour is not None and neighbour.kind != "unparsed" and bounds_a_value(neighbour)


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def bounds_a_value(node: Node) -> bool:
    """A bound on a value taken at one time, anywhere in ``node``."""
    return any(n.kind in _POINT_KINDS or (n.kind == "measure_threshold" and n.analyte in lab_lexicon())  # type: ignore[attr-defined]
               for n in node.walk())


def _open_event(node: Node) -> bool:
    """An event with no window of its own, which a window beside it may belong to."""
    return any(is_event(n) and getattr(n, "window", None) is None
               for n in node.walk() if "window" in type(n).model_fields)
