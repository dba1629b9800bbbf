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

The "No" often reaches only the first event while the sentence goes on ("No prior systemic therapy
with the exception of bisphosphonates for myeloma", "No concurrent anticonvulsants due to brain
metastases"): what the sentence adds is still denied, so it stays beside the event. A second
requirement in the sentence ("must not be pregnant and must agree to use contraception") is another
way to fail: the exclusion is either. Each sentence or clause of several is read so on its own ("No
pregnancy or lactation. Women of childbearing potential must …").

The same reach of an opening "No" over its sentence holds in an inclusion, where the denial stays a
denial (:func:`as_inclusion_denial`): it lives here because it asks what this module asks of the
words after a denial (:func:`_after_the_denial`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..resources import person_words, word_list
from ..tree.nodes import AllOf, AnyOf, Except, Node, Not, Remark, Unparsed
from ..tree.spans import Span
from .compose.textual import CLAUSE_END, REQUIREMENT

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
_DISQUALIFYING_STATES = frozenset({"pregnancy", "breastfeeding", "pregnancy_plan"})
_LISTS = frozenset({"any_of", "all_of"})
# a state described, not a prohibition: "No trastuzumab treatment was received", "No follow-up ensured"
_DESCRIBED = re.compile(r"\b(?:was|were|has\s+been|have\s+been)\s+(?:received|given|administered|performed|done)\b|\bensured\b",
                        re.IGNORECASE)


#: the exclusion a clause states when it asks something of the people it opens with ("Female
#: participants may not be pregnant": female and pregnant), given the clause and its span; ``None``
#: when it opens with no people asked something
AskedOfPeople = Callable[[Node, Span], "Node | None"]


def as_exclusion(rule: Node | None, said: str, span: Span,
                 asked_of_people: AskedOfPeople | None = None) -> tuple[Node | None, tuple[Remark, ...]]:
    """``(rule, remarks)`` for an exclusion bullet whose text is ``said`` (at ``span``): the denied
    event and the negation words as remarks when the bullet, or a clause of it, is written as a
    requirement (see the module); else ``(rule, ())``. ``asked_of_people`` reads a clause of several
    that asks something of the people it names."""
    if rule is None or _DESCRIBED.search(said):
        return rule, ()
    if isinstance(rule, AnyOf):
        return _clauses_as_exclusion(rule, said, span, asked_of_people)
    if isinstance(rule, AllOf) and rule.items and isinstance(rule.items[0], AnyOf) \
            and all(isinstance(n, Unparsed) for n in rule.items[1:]):  # clauses, and words left beside them
        head, remarks = _clauses_as_exclusion(rule.items[0], said, span, asked_of_people)
        return (rule.model_copy(update={"items": (head, *rule.items[1:])}) if head is not rule.items[0] else rule), remarks
    opening = _OPENING.match(said)
    if opening is None:
        return _failed_ask(rule, said, span)
    if _VERDICT_AFTER.match(said, opening.end()):
        return rule, ()
    words = Span(start=span.start + opening.start(1), end=span.start + opening.end(1))
    remark = Remark(text=said[opening.start(1):opening.end(1)], about="description", span=words)
    head, rest = (rule.items[0], rule.items[1:]) if isinstance(rule, AllOf) and rule.items else (rule, ())
    prohibits = opening.group(1).lower() != "not" or _VERB_AFTER_NOT.match(said, opening.end()) is not None
    read = _denied(head, prohibits) if not _A_CANDIDATE.match(said, opening.end()) else None
    split = _after_the_denial(head, rest, said, span) if read is not None else None
    if split is None:
        return rule, ()
    beside, asks = split
    first = read if not beside else AllOf(items=(read, *beside), span=rule.span)
    if not asks:
        return first, (remark,)
    first = first.model_copy(update={"span": Span(start=head.span.start, end=max(n.span.end for n in (head, *beside)))})  # type: ignore[union-attr]
    return AnyOf(items=(first, *asks), span=rule.span), (remark,)


def as_inclusion_denial(rule: Node | None, said: str, span: Span) -> Node | None:
    """An inclusion opening with a denial whose "No" reached only the first event while the sentence
    goes on to describe it ("No other concurrent participation in another study of an investigational
    agent", "Not be concurrently enrolled on another study involving an investigational agent"): the
    rest of the sentence is still denied, with the event. Beside the denial, the rest had become a
    requirement of its own (an investigational agent asked of every patient). The rule's items after
    the denial must lie in its sentence with no second requirement opening them (as for exclusions:
    :func:`_after_the_denial`); else ``rule`` as read."""
    opening = _OPENING.match(said)
    if (opening is None or rule is None or not isinstance(rule, AllOf) or not rule.items
            or not isinstance(rule.items[0], Not) or _DESCRIBED.search(said) or _VERDICT_AFTER.match(said, opening.end())):
        return rule
    head, rest = rule.items[0], rule.items[1:]
    split = _after_the_denial(head, rest, said, span)
    if split is None or split[1] or not any(not isinstance(n, Unparsed) for n in split[0]):
        return rule
    if any(n.span is None or n.span.start < head.span.start for n in rest):  # type: ignore[union-attr]
        return rule
    inner = head.item  # type: ignore[attr-defined]
    typed = [n for n in rest if not isinstance(n, Unparsed)]
    gap = said[max(0, head.span.end - span.start):max(0, typed[0].span.start - span.start)]  # type: ignore[union-attr]
    if _LISTED.match(gap):  # "No unstable angina, clinically apparent jaundice, or active infection": none of them
        return Not(item=AnyOf(items=(inner, *rest), span=rule.span), span=rule.span)
    items = (*(inner.items if isinstance(inner, AllOf) else (inner,)), *rest)
    return Not(item=AllOf(items=items, span=rule.span), span=rule.span)


# what sets the next event off as one more of a list after the denied one, not a word describing it
_LISTED = re.compile(r"^[^()]*?(?:,|\bor\b|\bnor\b|/)", re.IGNORECASE)


# "Patients must have an ECOG performance status <= 2" under an exclusion heading: a requirement asked of
# everyone, whose failure is what excludes
_ASKED = re.compile(r"^\W*(?:(?:the\s+)?(?:patients?|subjects?|participants?|individuals?|volunteers?)\s+)?"
                    r"(must|should|shall)\b(?:\s+(?:also|further|still|have|has|had|be|been))*\s+(\w+)"
                    r"(?P<denied>\s+(?:to\s+)?not\b)?", re.IGNORECASE)
# "Should a woman become pregnant …": the modal opens a case, not a requirement
_CASE_OPENING = re.compile(r"^\W*should\s+(?:a|an|the|any|she|he|they|there|patients?|subjects?|participants?|women|men)\b",
                           re.IGNORECASE)
# a case the requirement holds in ("must record blood pressure if receiving cediranib"): not asked of all
_CASE = re.compile(r"\b(?:if|unless|when|whenever|provided|in\s+case)\b", re.IGNORECASE)


def _failed_ask(rule: Node, said: str, span: Span) -> tuple[Node | None, tuple[Remark, ...]]:
    """An exclusion bullet written as a requirement of every patient ("Patients must have an ECOG
    performance status <= 2", "Must be able to swallow tablets", "Patients must have recovered from
    toxicity"): failing it excludes, so the rule is its negation, the modal a remark. Not when the
    modal instructs to stop or keep away (``lexicons/stop_instruction_words.txt``: "should stop using
    herbal medications" names what excludes), gives a verdict ("should be excluded"), or holds only
    in a case ("… if receiving cediranib"); nor when nothing was read."""
    asked = _ASKED.match(said)
    if (asked is None or asked.group(2).lower() in word_list("stop_instruction_words.txt") or asked.group("denied")
            or _CASE_OPENING.match(said)
            or _VERDICT_AFTER.match(said, asked.end(1)) or _CASE.search(said)
            or all(n.kind in ("unparsed", "all_of", "any_of") for n in rule.walk())):
        return rule, ()
    words = Span(start=span.start + asked.start(1), end=span.start + asked.end(1))
    remark = Remark(text=asked.group(1), about="description", span=words)
    if isinstance(rule, Except) and isinstance(rule.item, Not):
        # "must have recovered from toxicities, except alopecia": failing it is a toxicity that is not alopecia
        return rule.model_copy(update={"item": rule.item.item}), (remark,)
    return (rule.item if isinstance(rule, Not) else Not(item=rule, span=rule.span)), (remark,)


# "Not have cancer that affects the CNS", "Not be taking insulin": a bare "Not" before a verb is a
# prohibition, as "must not" is; before anything else ("Not on a stable dose", "Not able to") it states
# what the patient is not
_VERB_AFTER_NOT = re.compile(r"\s+(?:have|has|had|be|take|taking|receive|receiving|use|using|undergo|undergoing)\b",
                             re.IGNORECASE)


# "No candidate for resection": the "No" says what the patient is not, a requirement stated as it is
_A_CANDIDATE = re.compile(r"\s+(?:a\s+)?(?:suitable\s+)?candidates?\b", re.IGNORECASE)


def _denied(head: Node, prohibits: bool) -> Node | None:
    """What the opening denial denies, read as what excludes; ``None`` where the denial states the
    requirement itself ("No informed consent", "Not on a stable dose", "No candidate for surgery").
    ``prohibits``: the denial forbids (not a bare "Not" before a state)."""
    if isinstance(head, Except) and isinstance(head.item, Not) and _disqualifies(head.item.item):
        # "No prior immunotherapy with the exception of routine immunizations": the immunotherapy
        # excludes, the immunizations are still carved out of it
        return head.model_copy(update={"item": head.item.item})
    if not isinstance(head, Not) or not _disqualifies(head.item):
        return None
    if not prohibits and not _only_pregnancy(head.item):
        return None  # "Not pregnant or nursing" states the requirement; "Not on a stable dose of X" may exclude the instability
    return head.item


# a second requirement after the denial: "must not be pregnant and must agree to use contraception",
# "must not be receiving other agents and must not have received …"
_ASK = re.compile(r"\b(?:(?:must|should|shall|may|can)\s+not|cannot|agrees?\s+to|willing\s+to)\b|"
                  + REQUIREMENT.pattern, re.IGNORECASE)
_CLAUSE_BREAK = CLAUSE_END
_A_REASON = re.compile(r"\bbecause\b", re.IGNORECASE)


def _after_the_denial(head: Node, rest: tuple[Node, ...], said: str,
                      span: Span) -> tuple[list[Node], list[Node]] | None:
    """``(beside, asks)``: the rules that the opening denial still denies — words left over, and rules
    of its sentence that no second requirement opens ("No concurrent anticonvulsants due to brain
    metastases": the "No" reached only the first event; what follows describes it) — and each
    requirement asked after it in the sentence as what excludes: its denied events, or the failure of
    what it asks ("… and must agree to use contraception": not using it). Failing any requirement
    excludes, so they are alternatives of the exclusion. ``None`` when the rules after the denial are
    not so (another sentence's rule, a denial the requirement words do not open)."""
    if head.span is None:
        return None
    beside: list[Node] = []
    groups: dict[int, tuple[bool, list[Node]]] = {}
    for node in rest:
        if node.span is None:
            return None
        gap = said[max(0, head.span.end - span.start):max(0, node.span.start - span.start)]
        if _A_REASON.search(gap) and not isinstance(node, Unparsed):
            return None  # "No reproductive potential because of menopause": the reason is asserted
        if _CLAUSE_BREAK.search(gap):
            if isinstance(node, Unparsed):
                beside.append(node)
                continue
            return None
        at = max(0, head.span.end - span.start)
        asks = [m.start() + at for m in _ASK.finditer(gap)]
        own = _ASK.match(said, max(0, node.span.start - span.start))  # a denial's span may hold its modal
        asks += [own.start()] if own is not None else []
        if not asks:
            if any(isinstance(n, Not) for n in node.walk()):
                return None
            beside.append(node)
            continue
        last = _ASK.match(said, asks[-1])
        groups.setdefault(asks[-1], ("not" in last.group(0).lower(), []))[1].append(node)  # type: ignore[union-attr]
    for negative, nodes in list(groups.values()):
        if all(isinstance(n, Unparsed) for n in nodes):  # words only after the ask: nothing read to fail
            beside.extend(nodes)
    asked = [_failed(negative, nodes) for negative, nodes in groups.values()
             if not all(isinstance(n, Unparsed) for n in nodes)]
    return None if any(a is None for a in asked) else (beside, asked)  # type: ignore[return-value]


def _failed(negative: bool, nodes: list[Node]) -> Node | None:
    """What excludes under one requirement after the denial: for "must not …" the events it denies, for
    a positive ask the failure of all it asks."""
    if negative:
        read = [n.item if isinstance(n, Not) and _disqualifies(n.item) else n for n in nodes]
        if any(isinstance(n, Not) for n in read) or not any(isinstance(n, Not) for n in nodes):
            return None
    else:
        if any(isinstance(n, Not) for m in nodes for n in m.walk()):
            return None
        read = nodes
    start, end = min(n.span.start for n in nodes), max(n.span.end for n in nodes)  # type: ignore[union-attr]
    joined = read[0] if len(read) == 1 else AllOf(items=tuple(read), span=Span(start=start, end=end))
    return joined if negative else Not(item=joined, span=Span(start=start, end=end))


def _clauses_as_exclusion(rule: AnyOf, said: str, span: Span,
                          asked_of_people: AskedOfPeople | None = None) -> tuple[Node | None, tuple[Remark, ...]]:
    """An exclusion of several sentences or clauses is the alternatives they state ("No pregnancy or
    lactation. Female patients of childbearing potential must agree to use contraception.", "Patient
    must not undergo concomitant radiotherapy; patient must not have …"): each clause that is the
    whole of one alternative is read as a bullet of its own would be (written as a requirement, its
    denied event excludes); the others keep their readings."""
    breaks = list(_CLAUSE_BREAK.finditer(said))
    items, remarks, changed = list(rule.items), [], False
    for k, item in enumerate(items):
        if item.span is None:
            continue
        at, until = item.span.start - span.start, item.span.end - span.start
        start = max((b.end() for b in breaks if b.end() <= at), default=0)
        end = min((b.start() for b in breaks if b.start() >= until), default=len(said))
        if any(n is not item and n.span is not None and start <= n.span.start - span.start < end for n in items):
            continue  # the clause holds more than this alternative
        lead = len(said[start:end]) - len(said[start:end].lstrip())
        clause = Span(start=span.start + start + lead, end=span.start + end)
        asked = None if asked_of_people is None else asked_of_people(item, clause)
        if asked is not None:  # "Female participants may not be pregnant or breastfeeding. …"
            items[k], changed = asked, True
            continue
        read, found = as_exclusion(item, said[start + lead:end], clause)
        if found:
            items[k], remarks, changed = read, [*remarks, *found], True  # type: ignore[assignment]
    return (rule.model_copy(update={"items": tuple(items)}) if changed else rule), tuple(remarks)


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
_REQUIREMENT = REQUIREMENT


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
    cased = _in_its_case(rule, original, modal.end(), span.end)
    if cased is not None:
        return cased
    return rule.item if isinstance(rule, Not) else Not(item=rule, span=rule.span)


def _in_its_case(rule: Node, original: str, start: int, end: int) -> Node | None:
    """"Male patients should use contraception if sexually active": what is asked fails only in its
    case, so the case stays as it is and only what is asked before the case word is denied. ``None``
    unless the rule reads parts on both sides of the case word."""
    case = _CASE.search(original, start, end)
    if case is None or not isinstance(rule, AllOf) or any(n.span is None for n in rule.items):
        return None
    asked = [n for n in rule.items if n.span.start < case.start()]  # type: ignore[union-attr]
    cases = [n for n in rule.items if n.span.start >= case.end()]  # type: ignore[union-attr]
    if not asked or not cases or len(asked) + len(cases) != len(rule.items):
        return None
    denied = asked[0] if len(asked) == 1 else AllOf(items=tuple(asked), span=Span(start=asked[0].span.start, end=asked[-1].span.end))  # type: ignore[union-attr]
    return AllOf(items=(*cases, Not(item=denied, span=denied.span)), span=rule.span)


def failed_in_clause(population: Node, rule: Node, original: str, span: Span) -> Node | None:
    """What one clause of several excludes when it asks something of the people it names (see
    :func:`as_failed_requirement`): the people and the failure; ``None`` where composing has read the
    failure already (a positive ask whose rule is a denial: "Pregnant or lactating women. Women of
    childbearing potential must have a negative pregnancy test") or where the clause asks nothing of
    people."""
    modal = _MODAL_AFTER_PEOPLE.match(original, population.span.end) if population.span is not None else None
    if modal is None or (not _DENIED.match(original, modal.end()) and isinstance(rule, Not)):
        return None
    if _CASE.search(original, modal.end(), span.end) and _in_its_case(rule, original, modal.end(), span.end) is None:
        return None  # a case this clause's parts do not show: its reading as it was
    failed = as_failed_requirement(population, rule, original, span)
    if failed is rule:
        return None  # nothing asked of people ("Esophageal varices should be treated …"): the clause as read
    return AllOf(items=(population, failed),  # type: ignore[arg-type]
                 span=Span(start=min(population.span.start, rule.span.start), end=max(population.span.end, rule.span.end)))  # type: ignore[union-attr]


# the modal right after the people, an aside between: "Women of childbearing potential (i.e., not
# surgically sterile) must …"
_MODAL_AFTER_PEOPLE = re.compile(r"\s*(?:\([^()]*\)\s*)?,?\s*(?:" + _REQUIREMENT.pattern + r"|\bmay(?=\s+not\b))",
                                 re.IGNORECASE)  # "Female patients may not be pregnant"


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
