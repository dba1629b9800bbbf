"""Whom a criterion is for, named after what it asks: "Serum testosterone <= 50 ng/dL for patients
without bilateral orchiectomy", "INR <= 1.5 (for patients not receiving an anticoagulant)", "More than
12 weeks since prior radiotherapy (for patients with biliary carcinoma only)".

Read as one ``all_of`` the subgroup was a requirement beside the rule: every patient had to lack an
orchiectomy, and a patient who had one failed an inclusion that does not apply to him. The subgroup is
the criterion's population: for anyone outside it the criterion is not applicable. Only a subgroup
that closes the criterion is read so, and only one whose parts are clinical states (a condition, a
therapy, a drug, a procedure, or their denial): what a bound is for when the subgroup is a measure
("… or creatinine clearance >= 60 mL/min for patients with creatinine > 1.5 x ULN") is that one
alternative's case, not the criterion's. Layout words, not clinical knowledge: a pattern.
"""

from __future__ import annotations

import re

from ..tree.nodes import AllOf, AnyOf, Node, Not
from ..tree.spans import Span, extent_end
from .compose.textual import parenthesis_depth

# The words between the rule and the subgroup's first part: "for patients with", "(in subjects who
# are not receiving", "(if not on", "in the absence of". A part's span may hold its own status or
# denial ("history of", "not"), so every word after the people is optional.
_LEAD = re.compile(
    r"""[\s,;]*(?:\(\s*)?(?:only\s+)?
        (?:(?:for|in|among)\s+(?:all\s+|any\s+)?
             (?:those|(?:(?:male|female|adult)\s+)?(?:patients?|subjects?|participants?|individuals|persons|people|pts|cases))
             (?:\s+(?:who\s+(?:are|is|have|has|had|were|will\s+(?:be|have|receive|undergo))|that\s+(?:are|have|has)))?
             (?:\s+(?P<denied>not|never|without|no))?
             (?:\s+(?:with|on|off|receiving|taking|undergoing|treated\s+with|being|requiring|under|having|been|currently|previously))*
          |(?:if|when)(?:\s+(?:the\s+)?(?:patient|subject|participant)\s+(?:is|has|had))?
             (?:\s+(?P<denied_if>not|no))?(?:\s+(?:on|receiving|taking|undergoing))?
          |in\s+(?:the\s+)?(?P<absent>absence)\s+of)
        (?:\s+(?:a|an|the|any|known|documented|proven|confirmed|diagnosed))*\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# What may follow the subgroup's last part to the criterion's end: "only", a parenthesis closing.
_TAIL = re.compile(r"\s*(?:only\s*)?\)?\s*(?:only\s*)?[\s.;,]*$", re.IGNORECASE)
# The study's own treatment names an arm, not a state of the patient's ("for patients receiving study
# chemotherapy"): the criterion's cohort, which this reading does not settle.
_STUDY = re.compile(r"\b(?:study|trial|protocol|investigational|randomi[sz]ed)\b", re.IGNORECASE)

_MOST_PARTS = 6  # a subgroup is a few terms; the rule before it may be a long list
_BOUNDS = frozenset({"lab_threshold", "measure_threshold", "performance_status"})
_CLINICAL_KINDS = frozenset({"condition", "prior_therapy", "procedure", "medication", "not", "any_of", "all_of"})


def subgroup_after(rule: Node | None, original: str, span: Span | None = None) -> tuple[Node, Node] | None:
    """``(population, rule)`` when ``rule`` (an ``all_of``) ends with parts that a lead such as "for
    patients with" names as whom the criterion is for, and nothing but a closing parenthesis or "only"
    follows them to the criterion's end (``span``); else ``None``."""
    if not isinstance(rule, AllOf) or any(n.span is None for n in rule.items):
        return None
    items = sorted(rule.items, key=lambda n: n.span.start)  # type: ignore[union-attr]
    end = span.end if span is not None else rule.span.end if rule.span is not None else None
    begin = span.start if span is not None else items[0].span.start  # type: ignore[union-attr]
    for k in range(len(items) - 1, max(0, len(items) - 1 - _MOST_PARTS), -1):
        before, first = items[k - 1], items[k]
        found = _LEAD.fullmatch(original, extent_end(before), first.span.start)  # type: ignore[union-attr]
        denial = found is None and k == len(items) - 1 and _denial_in_parentheses(first, before, original)
        if found is None and not denial:
            continue
        rest, lead = items[:k], items[k:]
        lead_at = found.start() if found is not None else extent_end(before)
        if not _closes(lead, original, end) or not all(_clinical(n) for n in lead) \
                or any(n.kind == "unparsed" for n in rest) or _STUDY.search(original, lead_at, extent_end(lead[-1])) \
                or _one_alternatives_case(rest, lead_at, original) or _inside_an_aside(before, begin, original):
            return None
        population = lead[0] if len(lead) == 1 else _joined(lead, original)
        if population is None:
            return None
        denied = denial or any(found.group(g) for g in ("denied", "denied_if", "absent"))  # type: ignore[union-attr]
        if denied and population.kind != "not":
            population = Not(item=population, span=population.span)
        return population, rest[0] if len(rest) == 1 else AllOf(items=tuple(rest), span=rule.span)
    return None


# A denial alone in parentheses after the rule: "(without liver metastases)", "(in absence of …)",
# "(if no hepatic metastases)". The denial's span holds its own negating words, so the pattern is
# matched from the parenthesis over the denial's first words. Not "(not including Gilbert's disease)"
# nor "(no persistent toxicity)": an exception, a description.
_DENIAL_OPENS = re.compile(r"\s*\(\s*(?:only\s+)?(?:without|in\s+(?:the\s+)?absence\s+of|(?:if|when)\s+(?:no|not))\b",
                           re.IGNORECASE)


def _denial_in_parentheses(node: Node, before: Node, original: str) -> bool:
    if node.kind != "not" or before.span is None or node.span is None:
        return False
    opens = _DENIAL_OPENS.match(original, extent_end(before))
    return opens is not None and "(" not in original[opens.end():node.span.start] and opens.end() > node.span.start


_TOP_OR = re.compile(r"\bor\b", re.IGNORECASE)


def _one_alternatives_case(rest: list[Node], lead_at: int, original: str) -> bool:
    """Whether the subgroup may be the case of the last of several bounds joined by "or" ("QTc > 450 ms
    or QTc > 480 ms in subjects with bundle branch block"): a bound among the parts and an "or" outside
    parentheses before the subgroup."""
    if not any(n.kind in _BOUNDS for part in rest for n in part.walk()):
        return False
    start = rest[0].span.start  # type: ignore[union-attr]
    return any(parenthesis_depth(original, start, m.start()) == 0 for m in _TOP_OR.finditer(original, start, lead_at))


def _inside_an_aside(last: Node, start: int, original: str) -> bool:
    """Whether the subgroup stands in a parenthesis opened, after the criterion's ``start``, before the
    rule's last part ends ("AST <= 3 x ULN (<= 5 x ULN in patients with liver metastases)"): the
    subgroup of what the parenthesis says. (The words between the part and the subgroup open at
    most the subgroup's own.)"""
    return parenthesis_depth(original, start, extent_end(last)) > 0




def _closes(lead: list[Node], original: str, end: int | None) -> bool:
    last = max(extent_end(n) for n in lead)
    return end is not None and _TAIL.fullmatch(original, last, end) is not None


def _clinical(node: Node) -> bool:
    """Whether ``node`` names a clinical state and nothing else (no bound, no unread words)."""
    return all(n.kind in _CLINICAL_KINDS for n in node.walk())


_OR = re.compile(r"\s*(?:,\s*)?(?:or|and/or|,)\s*$", re.IGNORECASE)
_AND = re.compile(r"\s*(?:,\s*)?and\s*$", re.IGNORECASE)


def _joined(lead: list[Node], original: str) -> Node | None:
    """Several parts of one subgroup: listed with "or" (any of them) or "and" (all), never a mix."""
    gaps = [original[a.span.end:b.span.start] for a, b in zip(lead, lead[1:])]  # type: ignore[union-attr]
    span = Span(start=lead[0].span.start, end=lead[-1].span.end)  # type: ignore[union-attr]
    if all(_OR.match(g) for g in gaps):
        return AnyOf(items=tuple(lead), span=span)
    if all(_AND.match(g) for g in gaps):
        return AllOf(items=tuple(lead), span=span)
    return None
