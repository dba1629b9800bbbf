"""An exclusion written as the requirement it imposes: "No evidence of active infection".

Exclusion lists often state what the patient must not have, in the words of an inclusion: "No
untreated brain metastases", "Must not have received immunosuppressants", "Must not be pregnant".
Read literally, ``not(infection)`` in an exclusion excludes everyone *without* an infection and
clears the patient who has one. What excludes is the infection: the bullet's rule is the negated
event itself, and its negation words are kept as a remark.

Only when the bullet opens with the negation ("No …", "Must not …", "Should not …", "May not …", a bare
"Not" before pregnancy or breastfeeding alone ("Not pregnant or nursing"),
"Must have no …", also after the subject: "Patients must not have received …") and what it denies is a thing that disqualifies (a condition, a therapy, a
medication, a procedure, pregnancy or breastfeeding). A denied requirement keeps its literal
reading: "No informed consent", "Not practicing adequate contraception", "No measurable disease"
(``lexicons/required_findings.txt``) exclude those who lack it, and so does a state described in
the past ("No trastuzumab treatment was received").
"""

from __future__ import annotations

import re

from ..resources import person_words, word_list
from ..tree.nodes import AllOf, Except, Node, Not, Remark, Unparsed
from ..tree.spans import Span

_OPENING = re.compile(
    r"^\W*(?:(?:patients?|subjects?|participants?|individuals?|you)\s+)?"  # "Patients must not have received …"
    r"(no|must\s+not|should\s+not|may\s+not|must\s+have\s+no|should\s+have\s+no|cannot|can\s+not|will\s+not|"
    r"shall\s+not|not)\b", re.IGNORECASE)
# a bound too: "No QTc > 470 ms" in an exclusion excludes the patient whose QTc is above 470
# "Patients will not be excluded if …", "… should be excluded", "… must not be enrolled": the modal
# gives a verdict, it neither prohibits nor requires
_VERDICT_AFTER = re.compile(r"\s+(?:not\s+)?be\s+(?:excluded|ineligible|eligible|enrolled|included|entered|considered|"
                            r"allowed|permitted|randomi[sz]ed)\b", re.IGNORECASE)
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
    if opening.group(1).lower() == "not" and not _only_pregnancy(denied.item):  # type: ignore[attr-defined]
        # "Not pregnant or nursing" states the requirement; "Not on a stable dose of X" may exclude the instability
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


def _only_pregnancy(node: Node) -> bool:
    """Whether every event ``node`` names is a pregnancy or breastfeeding."""
    events = [n for n in node.walk() if n.kind not in _LISTS and n.kind != "unparsed"]
    return bool(events) and all(n.kind == "reproductive" and n.name in _DISQUALIFYING_STATES for n in events)  # type: ignore[attr-defined]


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


# A modal that asks something of the people named before it: "Women of childbearing potential must
# use contraception", "Patients with brain metastases must not have symptoms". A colon ("Patients
# with liver metastases: ALT > 5 × ULN") states the exclusion itself.
_REQUIREMENT = re.compile(
    r"\b(?:must|should|shall|needs?\s+to|(?:is|are)\s+required\s+to|ha(?:s|ve)\s+to|will\s+(?:need|have)\s+to"
    r"|(?:is|are|will\s+be)\s+(?:strongly\s+)?(?:encouraged|advised|asked|expected|required)\s+to)\b", re.IGNORECASE)


def as_failed_requirement(population: Node | None, rule: Node | None, original: str, span: Span) -> Node | None:
    """The exclusion a requirement states when an exclusion list asks something of the people it names
    with a modal right after them ("Women of childbearing potential must use adequate contraception"):
    failing it excludes, so the rule is its negation. After "must not" what is denied excludes ("Women
    of childbearing potential must not be pregnant": the pregnancy), however the denial was read. Read
    as written, the first had excluded every woman who uses contraception. The words before the modal
    (the criterion's, at ``span``) must name people: "Minor surgery must be completed 7 days before
    enrollment" asks nothing of a person, and its literal reading is the exclusion. Else ``rule``."""
    if population is None or rule is None or population.span is None or rule.kind == "unparsed":
        return rule
    modal = _MODAL_AFTER_PEOPLE.match(original, population.span.end)
    if (modal is None or _VERDICT_AFTER.match(original, modal.end())
            or not _names_people(population, original[span.start:modal.start()])
            or _VERDICT_LATER.search(original, modal.end(), span.end)  # "… and pregnant women are excluded"
            or any(n.kind == "sex" for n in rule.walk())):  # "… must obtain a pregnancy test and pregnant females"
        return rule
    if _DENIED.match(original, modal.end()):  # "must not be pregnant": the prohibition may be read already
        return rule.item if isinstance(rule, Not) else rule
    return rule.item if isinstance(rule, Not) else Not(item=rule, span=rule.span)


# the modal right after the people, an aside between: "Women of childbearing potential (i.e., not
# surgically sterile) must …"
_MODAL_AFTER_PEOPLE = re.compile(r"\s*(?:\([^()]*\)\s*)?,?\s*" + _REQUIREMENT.pattern, re.IGNORECASE)


def _names_people(population: Node, said: str) -> bool:
    """Whether the population or the words that name it ("Fertile patients", "Participants who received
    major surgery") are people."""
    if all(n.kind in _PEOPLE_KINDS for n in population.walk() if n.kind not in _LOGIC):
        return True
    return any(word in person_words() for word in re.findall(r"[a-z]+", said.lower()))


_PEOPLE_KINDS = frozenset({"sex", "reproductive"})
_VERDICT_LATER = re.compile(r"\b(?:excluded|ineligible|not\s+eligible)\b", re.IGNORECASE)
_DENIED = re.compile(r"\s+not\b", re.IGNORECASE)
_LOGIC = frozenset({"not", "all_of", "any_of"})
