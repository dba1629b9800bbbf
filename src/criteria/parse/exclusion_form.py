"""An exclusion written as the requirement it imposes: "No evidence of active infection".

Exclusion lists often state what the patient must not have, in the words of an inclusion: "No
untreated brain metastases", "Must not have received immunosuppressants", "Must not be pregnant".
Read literally, ``not(infection)`` in an exclusion excludes everyone *without* an infection and
clears the patient who has one. What excludes is the infection: the bullet's rule is the negated
event itself, and its negation words are kept as a remark.

Only when the bullet opens with the negation ("No …", "Must not …", "Should not …", "May not …",
"Must have no …", also after the subject: "Patients must not have received …") and what it denies is a thing that disqualifies (a condition, a therapy, a
medication, a procedure, pregnancy or breastfeeding). A denied requirement keeps its literal
reading: "No informed consent", "Not practicing adequate contraception", "No measurable disease"
(``lexicons/required_findings.txt``) exclude those who lack it, and so does a state described in
the past ("No trastuzumab treatment was received").
"""

from __future__ import annotations

import re

from ..resources import word_list
from ..tree.nodes import AllOf, Except, Node, Not, Remark, Unparsed
from ..tree.spans import Span

_OPENING = re.compile(
    r"^\W*(?:(?:patients?|subjects?|participants?|individuals?|you)\s+)?"  # "Patients must not have received …"
    r"(no|must\s+not|should\s+not|may\s+not|must\s+have\s+no|should\s+have\s+no|cannot|can\s+not|will\s+not|"
    r"shall\s+not)\b", re.IGNORECASE)
# a bound too: "No QTc > 470 ms" in an exclusion excludes the patient whose QTc is above 470
# "Patients will not be excluded if …": a verdict, not a prohibition
_VERDICT_AFTER = re.compile(r"\s+be\s+(?:excluded|included|eligible|ineligible|allowed|permitted|enrolled)\b", re.IGNORECASE)
_DISQUALIFYING = frozenset({"condition", "prior_therapy", "medication", "procedure", "lab_threshold", "measure_threshold"})
_DISQUALIFYING_STATES = frozenset({"pregnancy", "breastfeeding"})
_LISTS = frozenset({"any_of", "all_of"})
# a state described, not a prohibition: "No trastuzumab treatment was received", "No follow-up ensured"
_DESCRIBED = re.compile(r"\b(?:was|were|has\s+been|have\s+been)\s+(?:received|given|administered|performed|done)\b|\bensured\b",
                        re.IGNORECASE)


def as_exclusion(rule: Node | None, said: str, span: Span) -> tuple[Node | None, Remark | None]:
    """``(rule, remark)`` for an exclusion bullet whose text is ``said`` (at ``span``): the denied
    event and the negation words as a remark when the bullet is written as a requirement (see the
    module); else ``(rule, None)``."""
    opening = _OPENING.match(said)
    if opening is None or rule is None or _DESCRIBED.search(said) or _VERDICT_AFTER.match(said, opening.end()):
        return rule, None
    words = Span(start=span.start + opening.start(1), end=span.start + opening.end(1))
    remark = Remark(text=said[opening.start(1):opening.end(1)], about="description", span=words)
    if isinstance(rule, Except) and isinstance(rule.item, Not) and _disqualifies(rule.item.item):
        # "No prior immunotherapy with the exception of routine immunizations": the immunotherapy
        # excludes, the immunizations are still carved out of it
        return rule.model_copy(update={"item": rule.item.item}), remark
    denied, rest = _denial(rule)
    if denied is None or not _disqualifies(denied.item):  # type: ignore[attr-defined]
        return rule, None
    item = denied.item  # type: ignore[attr-defined]
    return (item if not rest else AllOf(items=(item, *rest), span=rule.span)), remark


def _denial(rule: Node) -> tuple[Node | None, tuple[Node, ...]]:
    """The rule's negation and what stands beside it (text no rule read only), else ``None``."""
    if isinstance(rule, Not):
        return rule, ()
    if isinstance(rule, AllOf):
        denials = [n for n in rule.items if isinstance(n, Not)]
        rest = tuple(n for n in rule.items if not isinstance(n, Not))
        if len(denials) == 1 and all(isinstance(n, Unparsed) for n in rest) and rule.items[0] is denials[0]:
            return denials[0], rest
    return None, ()


def _disqualifies(node: Node) -> bool:
    """Whether every event the node names disqualifies a patient (see the module)."""
    if node.kind in _LISTS:  # an event with its residue ("pelvic" radiotherapy) is the event's
        read = [n for n in node.items if n.kind != "unparsed"]  # type: ignore[attr-defined]
        return bool(read) and all(_disqualifies(n) for n in read)
    if node.kind == "reproductive":
        return node.name in _DISQUALIFYING_STATES  # type: ignore[attr-defined]
    if node.kind == "condition" and node.name in word_list("required_findings.txt"):  # type: ignore[attr-defined]
        return False  # "No measurable disease": the lack of it excludes
    return node.kind in _DISQUALIFYING
