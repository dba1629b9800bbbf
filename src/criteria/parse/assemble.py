"""Stage 6: the typed tree (``Composed → Criteria``).

Exemptions written as bullets of their own are carved out of the criterion they belong to
(:func:`~criteria.parse.exemptions.attach_exemptions`); items are nested under their parents
into :class:`~criteria.tree.nodes.Criterion` objects (``I2``, ``I2.1``, ``E5``) with the scope
stated in the text ("In patients with prostate cancer, …", :mod:`~criteria.parse.scopes`), the
logic of their sub-bullets ("at least 2 of the following") and the population a criterion is
about ("Female patients must…"); cohorts are collected with the rule that defines membership.
"""

from __future__ import annotations

import itertools
from functools import partial
import re

from ..tree.nodes import AllOf, AnyOf, Cohort, Criteria, Criterion, Node, Not, Notice, Remark, Unparsed
from ..resources import word_list
from ..tree.spans import MappedText, Span
from .compose import Composed
from .contradictions import names_both_sexes, without_contradictions
from .exclusion_form import as_exclusion, as_failed_requirement, as_inclusion_denial, failed_in_clause
from .exemptions import Layout, attach_exemptions
from .negated_leads import deny_listed
from .nlp.annotate import Annotated
from .compose.textual import parenthesis_depth
from .trailing_subgroups import subgroup_after
from .scopes import case_lead_end, in_text_scope, subcriteria_logic, subgroup_lead_end
from .sections import EXCLUSION, Item, children_of

_NOTICES = {
    "no_section_headers": "No 'Inclusion Criteria' / 'Exclusion Criteria' header was found: "
    "every criterion was read as an inclusion criterion.",
    "wordless_exclusion_header": "A heading with no words (only ':') after the inclusion criteria was "
    "read as the 'Exclusion Criteria' header: the criteria after it are exclusions.",
}


def assemble(composed: Composed) -> Criteria:
    """The :class:`Criteria` tree of the composed items."""
    read = composed.read
    annotated, original, spans = read.annotated, read.original, read.spans
    items = annotated.sections.items
    text = annotated.text.text
    rules, layout = attach_exemptions(items, composed.rules, read.lexemes, text)
    scopes = [item.scope or in_text_scope(text, *annotated.ranges[i]) for i, item in enumerate(items)]
    logic = [subcriteria_logic(lx, text) for lx in read.lexemes]
    rules = _or_bullets(items, rules, spans, original, layout, logic)
    deny_listed(items, rules, read.lexemes, layout.parents, layout.roles, logic, text)
    criteria = _nest(items, rules, spans, original, layout, scopes, logic, composed.remarks)
    return Criteria(
        text=original,
        inclusion=tuple(c for c in criteria if c.section != EXCLUSION),
        exclusion=tuple(c for c in criteria if c.section == EXCLUSION),
        cohorts=_cohorts(annotated, spans, original, rules),
        notices=tuple(Notice(code=code, message=_NOTICES[code]) for code in annotated.sections.notices),
        span=Span(start=0, end=len(original)),
    )


# Who a criterion is about, then what is asked of them: "Female patients must use contraception",
# "Recipients of a transplant must be at least 21 days after infusion", "Women of childbearing
# potential: a negative pregnancy test". Layout words, not clinical knowledge: a pattern.
_MODAL = re.compile(
    r"\b(?:must|should|shall|needs? to|(?:is|are|were) required to|ha(?:s|ve) to|will (?:need|have) to"
    r"|(?:is|are|were|will be) (?:strongly )?(?:encouraged|advised|asked|expected|required) to"
    r"|(?:is|are) (?:only |also )?(?:eligible|allowed|permitted) (?:to (?:participate|enroll)(?: in (?:the|this) (?:study|trial))? "
    r"|for (?:enrollment|inclusion) |(?:on|in|into|for) (?:the |this )?(?:study|trial|protocol) )?(?:only )?"
    r"(?:if|provided(?: that)?|as long as)"
    r"|may (?:only )?(?:participate|enroll|be (?:included|enrolled|eligible))"
    # "Female patients may not be pregnant": a denial asked of them; not a verdict ("may not be
    # enrolled", "may not participate"), a doubt ("may not be able") or a passive ("may not be used")
    r"|may not(?! (?:be |have been )?(?:\w+ed|\w+en|able|appropriate|advisable|eligible|participate|enroll|enter"
    r"|begin|meet|exceed|result)\b))\b|:",
    re.IGNORECASE,
)

_POPULATION_KINDS = frozenset({"sex", "reproductive", "condition", "prior_therapy", "procedure", "medication", "any_of"})


def split_population(rule: Node | None, original: str, span: Span | None = None) -> tuple[Node | None, Node | None]:
    """``(population, rule)``: the leading part of an ``all_of`` that names who the criterion is
    about, when a modal ("must", "should", ":") follows it before the next part, or when the
    criterion (``span``) opens by naming them ("For patients with liver metastases, ALT <= 5 x ULN");
    else ``(None, rule)``. For anyone outside that population the criterion is not applicable,
    where the ``all_of`` would have demanded membership ("Female patients must…" is no requirement
    to be female)."""
    timed = _timed_population(rule, original)
    if timed is not None:
        return timed, rule
    if isinstance(rule, AnyOf) and len(rule.items) >= 2:
        # "For women of childbearing potential, positive pregnancy test": an exclusion reads a comma
        # as "or", but the people the criterion opens with are whom it is for, no alternative
        return _led_population(rule, original, span) or (None, rule)
    if not isinstance(rule, AllOf) or len(rule.items) < 2:
        return None, rule
    led = _led_population(rule, original, span)
    if led is not None:
        return led
    flat = _people_unjoined(rule)
    if flat is not rule:  # "Women of childbearing potential and sexually active males must …"
        population, rest = split_population(flat, original, span)
        return (population, rest) if population is not None else (None, rule)
    trailing = _trailing_population(rule, original) or _bracketed_population(rule, original) \
        or subgroup_after(rule, original, span)
    if trailing is not None:
        return trailing
    for size in range(1, len(rule.items)):
        lead, after = rule.items[:size], rule.items[size]
        if not all(_names_population(n) for n in lead) or after.span is None:
            return None, rule
        if _modal_of(original, lead[-1].span.end, after.span.start):
            population = _population_of(lead, original)
            rest = rule.items[size:]
            if population is None or not _said_after(lead, rest, original):
                return None, rule
            return population, rest[0] if len(rest) == 1 else AllOf(items=rest, span=rule.span)
    return None, rule


# After what a criterion allows, the word that makes the permission hold on a condition: "Prior
# radiotherapy allowed provided there was no progression", "Bisphosphonates are allowed if on a stable dose"
_ON_CONDITION = re.compile(r"[\s,]*(?:(?:is|are)\s+)?(?:(?:allowed|permitted|acceptable)\s+)?(?:only\s+)?"
                           r"(?:if|provided(?:\s+that)?|as\s+long\s+as)\b", re.IGNORECASE)


def _allowed_on_condition(rule: Node | None, original: str) -> tuple[Node, Node] | None:
    """``(what is allowed, its condition)`` when the criterion allows something on a condition ("X
    allowed if Y"): the criterion is for the patients with X (not applicable to the others, whom
    nothing is asked), of whom Y is asked; in an exclusion, those failing it are excluded. Read as
    all of X and Y, it had asked X of everyone; as a bare permission, it had asked nothing."""
    if not isinstance(rule, AllOf) or len(rule.items) < 2:
        return None
    first, after = rule.items[0], rule.items[1]
    if first.span is None or after.span is None or (first.kind != "permitted" and not _is_event_kind(first)):
        return None
    gap = original[first.span.end:after.span.start]
    if not _ON_CONDITION.match(original, first.span.end, max(after.span.end, first.span.end)) or (
            first.kind != "permitted" and not re.search(r"\b(?:allowed|permitted|acceptable)\b", gap, re.IGNORECASE)):
        return None
    allowed = first.item if first.kind == "permitted" else first  # type: ignore[attr-defined]
    if allowed.kind not in _POPULATION_KINDS - {"any_of"} and not (
            allowed.kind == "all_of" and all(n.kind in _POPULATION_KINDS for n in allowed.items)):  # type: ignore[attr-defined]
        return None
    rest = rule.items[1:]
    return allowed, rest[0] if len(rest) == 1 else AllOf(items=rest, span=rule.span)


def _is_event_kind(node: Node) -> bool:
    return node.kind in _POPULATION_KINDS - {"sex", "reproductive", "any_of"}


def _asked_in_clause(rule: Node, clause: Span, original: str) -> Node | None:
    """The exclusion one clause of several states when it asks something of the people it opens with
    ("Female participants may not be pregnant or breastfeeding. Men must use condoms."): the people
    and the failure of what is asked of them (:func:`as_failed_requirement`); ``None`` when the clause
    opens with no population."""
    population, rest = split_population(rule, original, clause)
    if population is None or rest is None or rest.span is None:
        return None
    return failed_in_clause(population, rest, original, clause)


def _asked_below_words(said: str) -> bool:
    """Whether an exemption's words only point to the sub-bullets for what is asked: "Subjects with
    treated brain metastases are eligible provided the following criteria are met:". The case
    itself is then the exemption, no population."""
    return bool(_FOLLOWING.search(said))


_FOLLOWING = re.compile(r"\bthe following\b", re.IGNORECASE)


def _people_unjoined(rule: AllOf) -> AllOf:
    """``rule`` with a leading ``all_of`` of people alone opened into its members, or ``rule``
    itself. Joining reads "women of childbearing potential and sexually active males" as the two
    states required together; whom a criterion is about reads the groups from the words between."""
    first = rule.items[0]
    if not isinstance(first, AllOf) or not all(_names_people(n) for n in first.items):
        return rule
    return AllOf(items=(*first.items, *rule.items[1:]), span=rule.span)


def _said_after(lead: tuple[Node, ...], rest: tuple[Node, ...], original: str) -> bool:
    """Whether what is asked is said after the people it is asked of: not "Patient must not have
    stage IV breast cancer" (its unread part, with the modal, comes first: the cancer is no
    population). Unread words before the people that hold no modal describe them ("LumB breast
    cancer patients: …")."""
    end = lead[-1].span.end  # type: ignore[union-attr]
    return not any(node.span is not None and node.span.start < end and (
        node.kind != "unparsed" or _MODAL.search(original, node.span.start, node.span.end)) for node in rest)


def _led_population(rule: AllOf, original: str, span: Span | None) -> tuple[Node, Node] | None:
    """``(population, rule)`` when the criterion opens with the subgroup it is for ("In patients with
    bone metastases, alkaline phosphatase <= 5 x ULN", :func:`~criteria.parse.scopes.subgroup_lead_end`)
    or with the case it is for ("If recently pregnant, at least 6 months postpartum",
    :func:`~criteria.parse.scopes.case_lead_end`) and the parts inside that lead name it; the parts
    after it are the rule."""
    end = None if span is None else (
        subgroup_lead_end(original, span.start, span.end) or case_lead_end(original, span.start, span.end))
    if end is None:
        return None
    lead = tuple(itertools.takewhile(lambda n: n.span is not None and n.span.end <= end, rule.items))
    rest = rule.items[len(lead):]
    if not lead or not rest or not all(_names_population(n) for n in lead) \
            or any(n.span is not None and n.span.start < end for n in rest):
        return None
    population = lead[0] if len(lead) == 1 else AllOf(items=lead, span=Span(start=lead[0].span.start, end=lead[-1].span.end))  # type: ignore[union-attr]
    return population, rest[0] if len(rest) == 1 else type(rule)(items=rest, span=rule.span)


_NEW_CLAUSE = re.compile(r"[;.,*]|\b(?:and|or|but|note)\b", re.IGNORECASE)  # "* Note:" opens an item of its own


def _modal_of(original: str, start: int, end: int) -> bool:
    """Whether a modal between ``start`` and ``end`` is the verb of what precedes it: "Female patients
    must…", "For women of childbearing potential: …". After "and", a comma or a sentence end it opens a
    clause of its own ("Histologically confirmed breast cancer and must have measurable disease"): what
    precedes it is then a requirement, not whom the criterion is about. A parenthesis between the
    people and their modal is an aside ("Women of childbearing potential (i.e., not surgically
    sterile) must …")."""
    said = _outside_asides(original, start, end)
    modal = _MODAL.search(said)
    may = None if modal is not None else _OPEN_MAY.search(said)
    if may is not None and _MODAL.match(original, start + may.start()):  # "may not": the denial opens the next part
        return not _NEW_CLAUSE.search(said, 0, may.start())
    if modal is None and _MODAL.match(original, end):  # the next part opens with it: "must not be nursing"
        return not _NEW_CLAUSE.search(said)
    return modal is not None and not _NEW_CLAUSE.search(said, 0, modal.start())


_OPEN_MAY = re.compile(r"\bmay\s*$", re.IGNORECASE)  # the gap's last word, its "not" read with the next part
_LOOK_BACK = 200  # how far back a parenthesis the gap closes may have opened


def _outside_asides(original: str, start: int, end: int) -> str:
    """The text between two parts (``start``, ``end``; no part inside it) with what is inside
    parentheses blanked: also the tail of a parenthesis opened before it and the head of one it
    opens. What the parts between say is read outside their asides. A close with no open before
    it ("provided: 1) there has been …") is a list mark, not the end of an aside."""
    before = original[max(0, start - _LOOK_BACK):start]
    opened = parenthesis_depth(before, 0, len(before)) > 0
    kept: list[str] = []
    depth = 0
    for char in original[start:end]:
        if char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif char == ")" and opened:
            kept, opened = [" "] * len(kept), False  # closes the aside opened before the gap
        else:
            kept.append(" " if depth else char)
            continue
        kept.append(" ")
    return "".join(kept)


def _names_population(node: Node) -> bool:
    if node.kind not in _POPULATION_KINDS or node.span is None:
        return False
    return node.kind != "any_of" or all(n.kind in _POPULATION_KINDS for n in node.items)  # type: ignore[attr-defined]


# Who the criterion is about, named after what is asked of them: "Negative pregnancy test in women of
# childbearing potential", "Contraception for male patients". Only people (a sex, a reproductive
# state): "chemotherapy for breast cancer" names the purpose, not whom.
_PEOPLE_STATES = frozenset({"childbearing_potential", "reproductive_potential", "postmenopausal", "premenopausal",
                            "sexually_active", "partner_childbearing_potential"})
_FOR_WHOM = re.compile(  # not "in the postmenopausal range"
    r"(?:(?:\bin|\bfor|\bamong)\s+(?:all\s+|any\s+|an?\s+)?"
    r"|\b(?:if|when)\s+(?:(?:the\s+)?(?:patient|subject|participant)\s+(?:is\s+)?|she\s+is\s+|they\s+are\s+)?(?:an?\s+|of\s+)?)$",
    re.IGNORECASE)  # "(if female of childbearing potential)", "if of childbearing age"


_AFTER_A_NUMBER = re.compile(r"\d\s+(?:if|in|for)\s+\S*\s*$", re.IGNORECASE)  # "(x 0.85 if female)": a formula's case


def _names_people(node: Node) -> bool:
    return node.span is not None and (node.kind == "sex" or (node.kind == "reproductive"
                                                              and getattr(node, "name", None) in _PEOPLE_STATES))


def _trailing_population(rule: AllOf, original: str) -> tuple[Node, Node] | None:
    """``(population, rule)`` when the criterion ends by naming, after "in" or "for", the people it
    is about ("Negative serum pregnancy test in women of childbearing potential"): for a man the
    criterion is not applicable, where the ``all_of`` had required childbearing potential of him.
    A window written after the people is the rule's ("… for females of childbearing potential
    within 7 days")."""
    items = sorted(rule.items, key=lambda n: n.span.start if n.span is not None else -1)
    aside = _closing_aside(items, original)  # "… for women of childbearing potential (72 hours prior to baseline)"
    k = len(items) - len(aside)
    while k > 1 and _names_people(items[k - 1]):
        k -= 1
    lead, rest = tuple(items[k:len(items) - len(aside)]), list(items[:k]) + aside
    if not lead or not rest or any(n.span is None for n in rest) or any(_names_people(n) for n in rest):
        return None
    said = original[max(0, lead[0].span.start - 30):lead[0].span.start]  # type: ignore[union-attr]
    if not _FOR_WHOM.search(said) or _AFTER_A_NUMBER.search(said):
        return None
    population = _population_of(lead, original)
    if population is None:
        return None
    windows = [n.window for n in lead if getattr(n, "window", None) is not None]  # type: ignore[attr-defined]
    if windows:
        if len(rest) != 1 or "window" not in type(rest[0]).model_fields or rest[0].window is not None:  # type: ignore[attr-defined]
            return None
        rest[0] = rest[0].model_copy(update={"window": windows[0]})
        population = _without_windows(population)
    return population, rest[0] if len(rest) == 1 else AllOf(items=tuple(rest), span=rule.span)


_BRACKET_OPEN = re.compile(r"\(\s*(?:(?:only\s+)?(?:for|in|if|among|applies\s+to|applicable\s+to)\s+)?(?:all\s+|any\s+|an?\s+)?$",
                           re.IGNORECASE)
_BRACKET_CLOSE = re.compile(r"\s*(?:only\s*)?\)")  # matched at the end of the people


def _bracketed_population(rule: AllOf, original: str) -> tuple[Node, Node] | None:
    """``(population, rule)`` when a parenthesis holds only the people the criterion is about
    ("Negative urine pregnancy test (females of childbearing potential) at screening", "Use of
    contraception (for men and women of reproductive potential)"): for anyone else the criterion is
    not applicable, where the ``all_of`` had required them to be those people."""
    items = sorted(rule.items, key=lambda n: n.span.start if n.span is not None else -1)
    if any(n.span is None for n in items):
        return None
    for first, node in enumerate(items):
        if not _names_people(node) or not _BRACKET_OPEN.search(original, max(0, node.span.start - 30), node.span.start):  # type: ignore[union-attr]
            continue
        last = first
        while last + 1 < len(items) and _names_people(items[last + 1]):
            last += 1
        if not _BRACKET_CLOSE.match(original, items[last].span.end):  # type: ignore[union-attr]
            return None
        lead, rest = tuple(items[first:last + 1]), items[:first] + items[last + 1:]
        if not rest or any(getattr(n, "window", None) is not None for n in lead) or any(_names_people(n) for n in rest):
            return None
        population = _population_of(lead, original)
        if population is None or (population.kind == "sex" and population.sex == "all"):  # type: ignore[attr-defined]
            return None  # "(males or non-pregnant females)" names everyone
        return population, rest[0] if len(rest) == 1 else AllOf(items=tuple(rest), span=rule.span)
    return None


# What can be asked only of people who could conceive or father a child: a negative pregnancy test,
# contraception, not being pregnant or nursing. People named beside such asks are whom they are for.
_REPRODUCTIVE_ASKS = frozenset({"negative_pregnancy_test", "contraception"})
_REPRODUCTIVE_DENIALS = frozenset({"pregnancy", "breastfeeding", "pregnancy_plan", "egg_donation", "sperm_donation"})


def _is_reproductive_ask(node: Node) -> bool:
    if node.kind == "not":  # "not pregnant", "not be pregnant, breastfeeding or planning a pregnancy"
        inner = node.item  # type: ignore[attr-defined]
        denied = inner.items if inner.kind == "any_of" else (inner,)
        return all(n.kind == "reproductive" and n.name in _REPRODUCTIVE_DENIALS and n.window is None for n in denied)
    return node.kind == "reproductive" and node.name in _REPRODUCTIVE_ASKS  # type: ignore[attr-defined]


def _asked_of_people(rule: Node | None, original: str) -> tuple[Node | None, Node | None]:
    """``(population, rule)`` for an inclusion that names people beside reproductive asks only,
    with no modal between ("Women of childbearing potential with a negative pregnancy test",
    "Sexually active male patients who agree to use contraception", "Female patients cannot be
    pregnant and must use contraception if of childbearing age"): the people are whom the asks are
    for. Read as an ``all_of`` they were a requirement, and a man failed the inclusion."""
    if not isinstance(rule, AllOf):
        return None, rule
    people = tuple(n for n in rule.items if _names_people(n))
    asks = tuple(n for n in rule.items if not _names_people(n))
    if not people or not asks or not all(_is_reproductive_ask(n) for n in asks) \
            or any(getattr(n, "window", None) is not None for n in people):
        return None, rule
    if all(n.kind == "sex" and n.sex == "all" for n in people):  # type: ignore[attr-defined]
        return None, rule  # "Male and non-pregnant female patients": everyone, no population
    first_ask = min(n.span.start for n in asks if n.span is not None)
    if any(_SENTENCE_END.search(original, first_ask, n.span.start) for n in people if n.span.start > first_ask):  # type: ignore[union-attr]
        return None, rule  # "Must use contraception; female participants cannot be pregnant": the first is everyone's
    population = _population_of(people, original)
    if population is None and not any(n.kind == "sex" and n.sex != "female" for n in people):  # type: ignore[attr-defined]
        # "Female patients cannot be pregnant and must use contraception if of childbearing age"
        population = AllOf(items=people, span=Span(start=min(n.span.start for n in people),  # type: ignore[union-attr]
                                                    end=max(n.span.end for n in people)))  # type: ignore[union-attr]
    if population is None:
        return None, rule
    return population, asks[0] if len(asks) == 1 else AllOf(items=asks, span=rule.span)


_SENTENCE_END = re.compile(r"[.;](?:\s|$)")


def _closing_aside(items: list[Node], original: str) -> list[Node]:
    """The last items when they stand in a parenthesis that closes the criterion right after
    people; else none. What the parenthesis says is the rule's (a window, a note), not theirs."""
    for k in range(len(items) - 1, 0, -1):
        before = items[k - 1]
        if before.span is None or not _names_people(before):
            continue
        opened = re.match(r"\s*\(", original[before.span.end:])
        if opened and all(n.span is not None and n.span.start > before.span.end for n in items[k:]) \
                and _CLOSES.match(original[max(n.span.end for n in items[k:]):]):  # type: ignore[union-attr]
            return items[k:]
        return []
    return []


_CLOSES = re.compile(r"[^()]*\)\W*$")


# how a lead-in over sub-criteria reads: "…:", "Or, if of childbearing potential,", "Females of
# childbearing potential who", "For female subjects"
_LEADS_IN = re.compile(r"(?:[:,]|\b(?:who|that)|^(?:for|if)\b.*)$", re.IGNORECASE | re.DOTALL)


def _people_leading_in(rule: Node | None, said: str, original: str) -> tuple[Node | None, Node | None]:
    """``(population, None)`` for a lead-in that names only people before its sub-criteria ("Female
    of childbearing potential must:", "If female and of childbearing age, must be:", "For female
    subjects", "Females of childbearing potential who"): they are whom the sub-criteria are about,
    not a requirement beside them (a man failed the inclusion). A bare "Women" over sub-criteria
    stays a requirement: a heading may be the trial's own population."""
    if rule is None or not _LEADS_IN.search(said.strip()):
        return None, rule
    parts = rule.items if isinstance(rule, AllOf) else (rule,)
    if not all(_names_people(n) for n in parts):
        return None, rule
    population = rule if len(parts) == 1 else _population_of(tuple(parts), original)
    return (population, None) if population is not None else (None, rule)


def _without_windows(node: Node) -> Node:
    if isinstance(node, (AllOf, AnyOf)):
        return node.model_copy(update={"items": tuple(_without_windows(n) for n in node.items)})
    return node.model_copy(update={"window": None}) if getattr(node, "window", None) is not None else node


_UNION = re.compile(r"^\s*(?:,\s*(?:and|or)?|and/or|and|or|/)\s*$", re.IGNORECASE)  # "women of childbearing potential and men"
_BESIDE = re.compile(r"^[\s-]*(?:(?:who|that)\s+(?:are|is)\s*)?$", re.IGNORECASE)
# between people only: "female patients of childbearing potential", "females with child bearing
# potential", "female and of childbearing age" ("prostate cancer with metastatic disease" is no group)
_PEOPLE_BESIDE = re.compile(r"^[\s-]*(?:(?:who|that)\s+(?:are|is)\s*|(?:and\s+)?(?:of|with)\s+(?:an?\s+)?)?$", re.IGNORECASE)
_PARTNER_STATES = frozenset({"childbearing_potential"})  # a man has reproductive potential of his own


def _population_of(lead: tuple[Node, ...], original: str) -> Node | None:
    """The population several leading parts name together: one group described twice over
    ("Sexually active male patients": all_of), or groups listed ("Women of childbearing potential
    and men": any_of), or people listed in groups described each ("Women of childbearing potential
    and men with partners of childbearing potential": any_of of all_of); ``None`` when the words
    between them say neither."""
    if len(lead) == 1:
        return lead[0]
    people = all(_names_people(n) for n in lead)
    # between people an aside restates them ("women of childbearing potential (i.e., women who …)",
    # "all patients (males and females) of childbearing potential"); elsewhere it is a part of its own
    gaps = [_outside_asides(original, a.span.end, b.span.start) if people else original[a.span.end:b.span.start]  # type: ignore[union-attr]
            for a, b in zip(lead, lead[1:])]
    beside = _PEOPLE_BESIDE if people else _BESIDE
    if not people and not (all(beside.match(g) for g in gaps) or all(_UNION.match(g) for g in gaps)):
        return None  # conditions: one group or a list, never a mix ("diabetes and hypertension with …")
    groups: list[list[Node]] = [[lead[0]]]
    for gap, node in zip(gaps, lead[1:]):
        if beside.match(gap):
            groups[-1].append(node)
        elif _UNION.match(gap):
            groups.append([node])
        else:
            return None
    members = [_group_of(tuple(group)) for group in groups]
    return members[0] if len(members) == 1 else AnyOf(items=tuple(members), span=_span_of(members))


def _group_of(group: tuple[Node, ...]) -> Node:
    """One group of people described by several parts ("sexually active male patients")."""
    if any(n.kind == "sex" and getattr(n, "sex", None) == "male" for n in group):
        # "men who are sexually active with WOCBP": the childbearing potential is the partner's
        group = tuple(n for n in group if getattr(n, "name", None) not in _PARTNER_STATES)
    return group[0] if len(group) == 1 else AllOf(items=group, span=_span_of(group))


def _span_of(nodes) -> Span:
    return Span(start=nodes[0].span.start, end=nodes[-1].span.end)


_ENDING = "... "  # a line of no_criteria_phrases.txt that a short topic may precede
_TOPIC = re.compile(r"^[a-z][a-z /-]*:?$")  # "Age:", "menopausal status", "hormone receptor status:"
_TOPIC_WORDS = 4


def states_no_criterion(text: str) -> bool:
    """Whether a bullet's whole text says its list holds no criterion ("None", "N/A", "No
    exclusion criteria") or sets no limit on its topic ("Age: Not specified", "Menopausal status
    not specified"); ``lexicons/no_criteria_phrases.txt``."""
    said = " ".join(text.lower().split()).rstrip(".").strip()
    phrases = word_list("no_criteria_phrases.txt")
    if said in phrases:
        return True
    for phrase in phrases:
        if phrase.startswith(_ENDING):
            ending = phrase[len(_ENDING):]
            topic = said[: -len(ending)].strip() if said.endswith(ending) else None
            if topic is not None and (topic == "" or (_TOPIC.match(topic) and len(topic.split()) <= _TOPIC_WORDS)):
                return True
    return False


_NOTE_LEADS = ("note", "nb", "please note that", "please note")
_NOTE_WORDS = ("apply", "criteria", "considerations", "information", "exist")


def notes_other_criteria(text: str) -> bool:
    """Whether a bullet only notes that the protocol holds more criteria than the list shows
    ("Note: Other protocol-defined inclusion/exclusion criteria may apply.", "Additional criteria
    may apply, please contact the investigator for more information");
    ``lexicons/other_criteria_notes.txt``."""
    lowered = text.lower()
    if not any(word in lowered for word in _NOTE_WORDS):
        return False  # every note says one of these: most bullets are ruled out without more work
    said = " " + " ".join(re.sub(r"[^a-z0-9]+", " ", lowered).split()) + " "
    notes = sorted(word_list("other_criteria_notes.txt"), key=len, reverse=True)
    found = False
    for note in notes:
        if f" {note} " in said:
            said, found = said.replace(f" {note} ", " "), True
    if not found:
        return False
    rest = said.split()
    for lead in _NOTE_LEADS:  # "Note:", "NB.", "Please note that"
        words = lead.split()
        if rest[: len(words)] == words:
            rest = rest[len(words):]
            break
    return all(word in word_list("function_words.txt") for word in rest)


_OR_BULLET = re.compile(r"^\W*or\W*$", re.IGNORECASE)


def _or_bullets(items, rules: list[Node | None], spans: list[Span], original: str, layout: Layout,
                logic: list[tuple[str, int | None]]) -> list[Node | None]:
    """A bullet that is only "OR" between two bullets makes them alternatives: it becomes their
    parent, with no rule of its own and ``any_of`` logic ("- Diagnosis of asthma / - OR / -
    Diagnosis of COPD"). Read as a bullet beside them it asked for both, and for an unread "or".
    Changes ``layout`` and ``logic`` in place; returns the rules."""
    rules = list(rules)
    for k in range(len(items)):
        if not _OR_BULLET.match(spans[k].slice(original)):
            continue
        siblings = [i for i in range(len(items)) if i != k and layout.parents[i] == layout.parents[k]
                    and items[i].section == items[k].section]
        before = [i for i in siblings if i < k]
        after = [i for i in siblings if i > k]
        if not before or not after:
            continue  # an "OR" with nothing on one side: what it joins the text does not show
        for i in (before[-1], after[0]):
            layout.parents[i] = k
        rules[k], logic[k] = None, ("any_of", None)
    return rules


def _timed_population(rule: Node | None, original: str) -> Node | None:
    """"Recipients of a stem cell transplant must be at least 21 days after infusion": the event
    before the modal says who the criterion is about, its window after the modal what is asked of
    them. The population is the event without its window (the rule keeps it); ``None`` otherwise."""
    event = rule.items[0] if isinstance(rule, AllOf) and rule.items else rule
    window = getattr(event, "window", None)
    if (event is None or event.kind not in _POPULATION_KINDS or event.span is None or window is None
            or window.span is None or window.span.start <= event.span.start):
        return None
    if not _modal_of(original, event.span.end, window.span.start):
        return None
    return event.model_copy(update={"window": None})


# "sexual contact with females of childbearing potential", "intercourse with a pregnant woman",
# "whose partners are WOCBP", "if the partner is pregnant": the people named after these are the
# patient's partners, not the patient
_PARTNER_LEAD = re.compile(r"\b(?:contact|intercourse|sex|relations|activity|active)\s+with\b"
                           r"|\bpartners?(?:\(s\))?\s+(?:who\s+)?(?:is|are|was|were|could|can|may)\b", re.IGNORECASE)  # "whose partners are WOCBP"
_PARTNER_BETWEEN = re.compile(r"^(?:\s|,|\b(?:an?|any|the|their|or|with|who|is|are|can|could|may|of|become)\b)*$", re.IGNORECASE)
_PARTNER_WORD = re.compile(r"(?:'s\s+)?partners?(?:\(s\))?", re.IGNORECASE)
_AS_PARTNER = {"childbearing_potential": "partner_childbearing_potential",
               "reproductive_potential": "partner_childbearing_potential", "pregnancy": "pregnant_partner"}


def _partners_named(rule: Node | None, original: str) -> Node | None:
    """``rule`` with the people named as the patient's partners read as the partner's state: "Men
    must use a condom during sexual contact with females of childbearing potential" asks nothing
    of the man's own sex or childbearing potential (read so, every man failed it). A partner's
    sex joins the state it describes in one node's span."""
    if not isinstance(rule, AllOf) or rule.span is None or any(n.span is None for n in rule.items):
        return rule
    items = sorted(rule.items, key=lambda n: n.span.start)  # type: ignore[union-attr]
    renamed: dict[int, Node] = {}
    for lead in _PARTNER_LEAD.finditer(original, rule.span.start, rule.span.end):
        at, run = lead.end(), []
        for node in items:
            if node.span.start < lead.end():  # type: ignore[union-attr]
                continue
            partner = node.kind == "sex" and node.sex == "female" or (  # type: ignore[attr-defined]
                node.kind == "reproductive" and node.name in _AS_PARTNER)  # type: ignore[attr-defined]
            if not partner or not _PARTNER_BETWEEN.match(original[at:node.span.start]):  # type: ignore[union-attr]
                break
            run.append(node)
            at = node.span.end  # type: ignore[union-attr]
        states = [n for n in run if n.kind == "reproductive"]
        for node in states:
            sex = next((n for n in reversed(run) if n.kind == "sex" and n.span.end <= node.span.start), None)  # type: ignore[union-attr]
            start = sex.span.start if sex is not None else node.span.start  # type: ignore[union-attr]
            renamed[id(node)] = node.model_copy(update={
                "name": _AS_PARTNER[node.name], "code": None,  # type: ignore[attr-defined]
                "span": Span(start=start, end=node.span.end)})  # type: ignore[union-attr]
        if states:
            renamed.update({id(n): None for n in run if n.kind == "sex"})  # type: ignore[dict-item]
            word = next((n for n in items if n.kind == "unparsed" and _PARTNER_WORD.fullmatch(n.text)  # type: ignore[attr-defined]
                         and lead.start() - 3 <= n.span.start and n.span.end <= lead.end()), None)  # type: ignore[union-attr]
            if word is not None:  # "whose partners are WOCBP": the word "partners" is read with its state
                first = renamed[id(states[0])]
                renamed[id(states[0])] = first.model_copy(update={"span": Span(start=word.span.start, end=first.span.end)})  # type: ignore[union-attr]
                renamed[id(word)] = None  # type: ignore[assignment]
    if not renamed:
        return rule
    kept = tuple(renamed.get(id(n), n) for n in rule.items if renamed.get(id(n), n) is not None)
    return kept[0] if len(kept) == 1 else AllOf(items=kept, span=rule.span)


_SENTENCE_BREAK = re.compile(r"(?:\.\s+(?=[A-Z])|;\s*)")
_CLAUSE_BREAK = re.compile(r",\s+and\s+", re.IGNORECASE)  # a cut only where people open the clause
_PART_END = re.compile(r"(?:[\s;.,]|\band\b)+$", re.IGNORECASE)


def _sentences_for_people(rule: Node | None, span: Span, original: str) -> list[tuple[Span, Node | None, Node]] | None:
    """``(span, population, rule)`` of each sentence of an inclusion whose sentences ask things of
    different people ("Women of childbearing potential must have a negative pregnancy test. Both
    women and men must agree to use contraception."): one population for the whole had made the
    men's part the women's, or required every patient to be a woman of childbearing potential.
    ``None`` unless every part falls wholly in one sentence, some sentence names whom it is about,
    and no other sentence names people (a definition of them: "Females are considered of
    childbearing potential unless …")."""
    if not isinstance(rule, AllOf) or any(n.span is None for n in rule.items) \
            or not any(_names_people(n) for n in rule.walk()):
        return None  # no people named: no part could have a population of people (most criteria)
    said = span.slice(original)
    people_at = {n.span.start for n in rule.items if _names_people(n)}  # type: ignore[union-attr]
    cuts = sorted([span.start + m.end() for m in _SENTENCE_BREAK.finditer(said) if parenthesis_depth(said, 0, m.start()) == 0]
                  + [span.start + m.end() for m in _CLAUSE_BREAK.finditer(said)  # ", and women of … must"
                     if parenthesis_depth(said, 0, m.start()) == 0 and span.start + m.end() in people_at])
    bounds = list(zip([span.start, *cuts], [*cuts, span.end]))
    groups: list[list[Node]] = [[] for _ in bounds]
    for node in rule.items:
        home = [k for k, (a, b) in enumerate(bounds) if a <= node.span.start and node.span.end <= b]  # type: ignore[union-attr]
        if not home:
            return None  # a part reads across sentences
        groups[home[0]].append(node)
    parts = []
    for (a, b), nodes in zip(bounds, groups):
        if not nodes:
            continue
        whole = nodes[0] if len(nodes) == 1 else AllOf(items=tuple(nodes), span=Span(start=a, end=b))
        population, part = split_population(whole, original, Span(start=a, end=b))
        if population is None:
            population, part = _asked_of_people(whole, original)
        if population is None and any(_names_people(m) for m in whole.walk()):
            return None
        text = _PART_END.sub("", original[a:b])
        parts.append((Span(start=a, end=a + len(text)), population, part))
    if len(parts) < 2 or all(p is None for _, p, _ in parts) or not all(
            p is None or all(_names_people(m) or m.kind in ("all_of", "any_of") for m in p.walk()) for _, p, _ in parts):
        return None  # a condition named in a later sentence is often the first one's exception (Gilbert's syndrome)
    return parts  # type: ignore[return-value]




def _nest(
    items: list[Item], rules: list[Node | None], spans: list[Span], original: str, layout: Layout, scopes: list,
    logic: list[tuple[str, int | None]], remarks: list[tuple[Remark, ...]],
) -> list[Criterion]:
    children = children_of(layout.parents)
    counters = {"inclusion": 0, "exclusion": 0}
    both_named = names_both_sexes(original)

    def make(i: int, ident: str) -> Criterion:
        item = items[i]
        subs = tuple(make(c, f"{ident}.{n}") for n, c in enumerate(children.get(i, []), start=1))
        rules[i] = _partners_named(rules[i], original)
        parts = None if subs or item.section == EXCLUSION else _sentences_for_people(rules[i], spans[i], original)
        if parts:  # "Women … must have a negative pregnancy test. Men must use condoms."
            subs = tuple(Criterion(id=f"{ident}.{n}", section=item.section, text=span.slice(original),  # type: ignore[arg-type]
                                   rule=rule, population=population, span=span)
                         for n, (span, population, rule) in enumerate(parts, start=1))
        conditioned = None if parts or subs else _allowed_on_condition(rules[i], original)
        population, rule = (None, None) if parts else conditioned if conditioned is not None else (
            (None, rules[i]) if item.section == EXCLUSION and layout.roles[i] == "exception"
            and _asked_below_words(spans[i].slice(original))
            else split_population(rules[i], original, spans[i]))
        if conditioned is not None and item.section == EXCLUSION and rule is not None and rule.kind != "unparsed":
            rule = rule.item if isinstance(rule, Not) else Not(item=rule, span=rule.span)  # excluded: failing the condition
        if population is None and subs:
            population, rule = _people_leading_in(rule, spans[i].slice(original), original)
        if population is None and item.section != EXCLUSION:
            population, rule = _asked_of_people(rule, original)
        scope = scopes[i]
        if population is not None and item.scope is None and subgroup_lead_end(original, spans[i].start, spans[i].end):
            scope = None  # "For patients with X, …": the typed population says whom, not a cohort's name
        said = spans[i].slice(original)
        if not subs and (states_no_criterion(said) or notes_other_criteria(said)):
            population, rule = None, None  # "None": a lead-in of nothing, not applicable to anyone
            remarks[i] = (*remarks[i], Remark(text=said, about="description", span=spans[i]))
        elif item.section == EXCLUSION and population is None:
            rule, negations = as_exclusion(rule, said, spans[i], partial(_asked_in_clause, original=original))  # "No evidence of active infection"
            if negations:
                remarks[i] = tuple(sorted((*remarks[i], *negations), key=lambda r: r.span.start if r.span else 0))
        elif item.section == EXCLUSION:
            rule = as_failed_requirement(population, rule, original, spans[i])  # "WOCBP must use contraception"
        elif population is None:
            rule = as_inclusion_denial(rule, said, spans[i])  # "No other participation in a study of an agent"
        rule = without_contradictions(rule, original, both_named)
        return Criterion(
            id=ident,
            section=item.section,  # type: ignore[arg-type]
            text=spans[i].slice(original),
            rule=rule,
            population=population,
            subcriteria=subs,
            scope=scope,
            role=layout.roles[i],
            subcriteria_logic=logic[i][0] if subs else "all_of",
            at_least=logic[i][1] if subs else None,
            heading=item.heading,
            remarks=remarks[i],
            span=spans[i],
        )

    top = []
    for i in children.get(None, []):
        section = items[i].section
        counters[section] += 1
        top.append(make(i, f"{section[0].upper()}{counters[section]}"))
    return top


def _cohort_definition(text: MappedText, item: Item, span: Span, original: str) -> str | None:
    """The text after a cohort item's colon, as written in the original.

    The colon is found in the normalized text and mapped back: the original may write it
    full-width ("Arm A：…", common in trials registered in Chinese), which ``normalize`` folds.
    """
    start, end = item.pieces[0]
    colon = text.text.find(":", start, end)
    if colon < 0:
        return None
    after = text.origin_end(colon + 1)
    return original[max(after, span.start) : span.end].strip() or None


def _cohorts(annotated: Annotated, spans: list[Span], original: str, rules: list) -> tuple[Cohort, ...]:
    """Cohorts named by scope headings ("Cohort 1:") or defined by items ("Cohort 1 (…): …")."""
    sections = annotated.sections
    found: dict[str, Cohort] = {}
    for heading in sections.headings:
        if heading.scope and heading.scope not in found:
            found[heading.scope] = Cohort(name=heading.scope, span=sections.text.span(heading.start, heading.end))
    for i, item in enumerate(sections.items):
        if item.defines_cohort and item.scope:
            found[item.scope] = Cohort(
                name=item.scope,
                label=item.cohort_label,
                definition=_cohort_definition(sections.text, item, spans[i], original),
                condition=rules[i] if not isinstance(rules[i], Unparsed) else None,
                span=spans[i],
            )
    return tuple(found.values())
