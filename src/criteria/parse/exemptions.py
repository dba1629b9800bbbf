"""Exemptions written as their own bullets, carved out of the exclusion they belong to.

Exclusion lists often state exempt cases as separate bullets rather than inline:

    * Symptomatic CNS metastases:
      * Subjects with treated brain metastases are eligible provided …
    * History of other malignancy within the past 2 years, with the following exceptions:
      * adequately treated non-melanoma skin cancer …

Inclusion lists state permissions the same way ("* patients who received treatment for
localized disease who recur are eligible" under "Subject has progressed following 1
platinum-based regimen"): such an item widens its target rather than demanding anything of
everyone, so it is attached the same way (an inclusion's ``except`` reads "item or any
exception", see :class:`criteria.tree.nodes.Except`).

Two steps:

:func:`split_exemptions` (before rules are read, exclusion items only) cuts an item in two where text flattened
onto one line ran an exemption into the next criterion ("… are allowed Active hepatitis B
infection …"): after the exemption cue, a capitalised word that follows the cue, a comma or
a full stop starts a new item, if what follows names an event term.

:func:`attach_exemptions` (after rules are read) finds the exemptions and their target:

* an *exemption* is an item whose first sentence (up to '.' or ';') states an exemption:
  an exemption cue ("are eligible", "are allowed", "is permitted" … lexicons/cues.jsonl,
  terminal ``EXEMPT``) outside parentheses, not in a relative clause ("Patients who are
  eligible for transplant …"), in a sentence that does not open with a negation ("No other
  investigational drugs will be allowed"); or, right after an exemption, any item whose
  first sentence holds the cue ("Low-dose corticosteroids (prednisone <= 10 mg/day is
  permitted)"); or a child or follower of an exception lead-in ("…, with the following exceptions:", "Exceptions:");
* its *target* is its parent when nested, else the nearest preceding item that is neither
  an exemption nor a condition of one;
* an exemption ending in ':' ("… are eligible provided the following criteria are met:")
  takes the following items as its conditions: its children, or in flattened text the
  items written with another bullet character, up to the next with its own;
* after a lead-in in flattened text, followers are exemptions while they start in lower
  case (a sub-bullet's style), or their first sentence holds an exemption cue or states a
  requirement ("must").

The target's rule becomes ``except(item=rule, exceptions=…)``; the exemption becomes a
sub-criterion of the target with role ``exception``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import cache

from spacy.attrs import IDX

from .grammar.lexer import Lexeme
from .nlp.annotate import Annotated
from ..resources import event_ancestors, event_lexicon
from ..tree.nodes import AllOf, Except, Node
from .sections import EXCLUSION, Item, children_of

_RELATIVE = frozenset({"who", "that", "which"})
_TITLE = re.compile(r"^[A-Z][a-z]")
_REQUIREMENT = re.compile(r"\b(?:must|should|need to|required to)\b(?! not)", re.IGNORECASE)
_EVENT_TERMINALS = frozenset({"EV_COND", "EV_THERAPY", "EV_MED", "EV_PROC", "EV_REPRO", "EV_CONSENT",
                              "EV_COMPLY", "EV_JUDGE", "EV_CAP"})


# --- splitting flattened items ---------------------------------------------------------------


def split_exemptions(annotated: Annotated, lexemes: list[list[Lexeme]]) -> tuple[Annotated, list[list[Lexeme]]]:
    """Annotated text with run-on exemption items cut in two (see module doc)."""
    cuts: dict[int, int] = {}
    for index, item in enumerate(annotated.sections.items):
        if item.section == EXCLUSION:
            at = _cut(lexemes[index], annotated.text.text)
            if at is not None:
                cuts[index] = at
    if not cuts:
        return annotated, lexemes
    return _apply_cuts(annotated, lexemes, cuts)


def _cut(lexemes: list[Lexeme], text: str) -> int | None:
    types = [lx.type for lx in lexemes]
    if "EXEMPT" not in types:
        return None
    start = types.index("EXEMPT")
    for k in range(start + 1, len(lexemes)):
        lx = lexemes[k]
        word = text[lx.start : lx.end]
        before = text[lexemes[k - 1].end : lx.start] if k else ""
        opens = k == start + 1 or "." in before or types[k - 1] == "COMMA"
        rest = types[k:]
        if opens and _TITLE.match(word) and "EXEMPT" not in rest and any(t in _EVENT_TERMINALS for t in rest):
            return k
    return None


def _apply_cuts(annotated: Annotated, lexemes: list[list[Lexeme]], cuts: dict[int, int]):
    old = annotated.sections.items
    items: list[Item] = []
    ranges, tokens, cues, events, lexes = [], [], [], [], []
    new_index: dict[int, int] = {}
    starts = annotated.doc.to_array(IDX).tolist() if len(annotated.doc) else []  # token offsets, made in C
    for index, item in enumerate(old):
        new_index[index] = len(items)
        pieces = [(item, annotated.ranges[index], lexemes[index])]
        if index in cuts:
            k = cuts[index]
            first, rest = lexemes[index][:k], lexemes[index][k:]
            start, end = annotated.ranges[index]
            pieces = [
                (item, (start, first[-1].end), first),
                (replace(item, parent=None, depth=0, defines_cohort=False), (rest[0].start, end), rest),
            ]
        for it, (start, end), lx in pieces:
            items.append(it)
            ranges.append((start, end))
            lo, hi = bisect_left(starts, start), bisect_left(starts, end)
            tokens.append((lo, hi))
            cues.append([c for c in annotated.cues[index] if lo <= c[0] < hi])
            events.append([c for c in (annotated.events[index] if annotated.events else []) if lo <= c[0] < hi])
            lexes.append(lx)
    # new Item objects: the sections stage's own items stay as it made them
    items = [replace(it, parent=new_index[it.parent]) if it.parent is not None else it for it in items]
    sections = replace(annotated.sections, items=items)
    return Annotated(sections, annotated.text, annotated.doc, ranges, tokens, cues, events), lexes


# --- attaching exemptions --------------------------------------------------------------------


@dataclass(slots=True)
class Layout:
    """Per item: its parent after attaching, and its role."""

    parents: list[int | None]
    roles: list[str]


def attach_exemptions(
    items: list[Item], rules: list[Node | None], lexemes: list[list[Lexeme]], text: str
) -> tuple[list[Node | None], Layout]:
    """Rules with exemptions carved out of their targets, and the new nesting (see module doc)."""
    parents = [item.parent for item in items]
    roles = ["criterion"] * len(items)
    conditions: set[int] = set()
    exempt_of: dict[int, list[int]] = {}
    types = [[lx.type for lx in lx_list] for lx_list in lexemes]
    kids = children_of([item.parent for item in items])  # children as the sections stage nested them
    firsts = [text[lx[0].start : lx[0].end] if lx else "" for lx in lexemes]

    def continues_exemptions(i: int) -> bool:  # after an exemption, a cue even in parentheses will do
        return (i > 0 and roles[i - 1] == "exception" and items[i].parent == items[i - 1].parent
                and items[i].section == items[i - 1].section and "EXEMPT" in types[i]
                and any(lx.type == "EXEMPT" for lx in _first_sentence(lexemes[i], text)))

    def is_exemption(i: int) -> bool:  # the cue test first: sentences are only looked for where it fires
        return "EXEMPT" in types[i] and _states_exemption(_first_sentence(lexemes[i], text))

    i = 0
    while i < len(items):
        if is_exemption(i) or continues_exemptions(i):
            target = _target(i, items, parents, roles, conditions)
            if target is not None and parents[i] is None and not _related(rules[i], rules[target]):
                target = None  # a bullet of its own after an unrelated one: a permission standing alone
            if target is not None:
                roles[i], parents[i] = "exception", target
                exempt_of.setdefault(target, []).append(i)
                i = _take_conditions(i, items, parents, conditions, types, kids)
                continue
        elif _is_lead_in(types[i]):
            children = kids.get(i, [])
            followers = children or _flat_followers(i, items, types, firsts, text, lexemes)
            for j in followers:
                roles[j], parents[j] = "exception", i
                exempt_of.setdefault(i, []).append(j)
            if followers and not children:
                i = followers[-1]
        i += 1
    rules = list(rules)
    final = children_of(parents)  # children after attaching: one pass, not a scan per exemption
    for target, exempts in exempt_of.items():
        for j in exempts:
            rules[j] = as_case(rules[j])
        rules = _carve(target, exempts, rules, final)
    return rules, Layout(parents, roles)


def _related(exemption: Node | None, target: Node | None) -> bool:
    """Whether an exemption written as a bullet of its own may be carved out of the bullet before it:
    they name a concept in common (or one a kind of the other's: "treated brain metastases" after
    "CNS metastases") or events of one kind ("palliative radiation is allowed" after "anti-tumor
    therapy"), or the exemption names none. "HIV-infected patients on effective antiretroviral
    therapy are eligible" after a creatinine bound is a permission of its own, no exception to it."""
    mine, theirs = _concepts(exemption), _concepts(target)
    if not mine:
        return True
    kinds = {n.kind for n in target.walk() if n.kind in _EVENTS} if target is not None else set()  # type: ignore[union-attr]
    return bool(mine & theirs) or bool(kinds & {n.kind for n in exemption.walk()})  # type: ignore[union-attr]


def _concepts(rule: Node | None) -> frozenset[str]:
    """The event concepts ``rule`` names, with the broader ones each is a kind of (and the class an
    "other" concept is the rest of)."""
    if rule is None:
        return frozenset()
    out: set[str] = set()
    for node in rule.walk():
        name = getattr(node, "name", None)
        if node.kind in _EVENTS and name:
            out |= _broader(node.kind, name)
    return frozenset(out)


@cache
def _broader(kind: str, name: str) -> frozenset[str]:
    """``name``, the concepts it is a kind of, and the class an "other" concept is the rest of."""
    klass = next((c.other_of for c in event_lexicon() if c.kind == kind and c.name == name), None)
    return frozenset({name, *(c.name for c in event_ancestors(kind, name)), *([klass] if klass else [])})


_EVENTS = frozenset({"condition", "prior_therapy", "medication", "procedure"})


def _target(i, items, parents, roles, conditions) -> int | None:
    parent = parents[i]
    while parent is not None and (roles[parent] == "exception" or parent in conditions):
        parent = parents[parent]
    if parent is not None:
        return parent
    for j in range(i - 1, -1, -1):
        if items[j].section != items[i].section:
            return None
        if roles[j] != "exception" and j not in conditions and parents[j] is None:
            return j
    return None


def _take_conditions(i, items, parents, conditions, types, kids) -> int:
    """Index to continue from after the conditions an exemption ending in ':' takes."""
    if not types[i] or types[i][-1] != "COLON":
        return i + 1
    children = kids.get(i, [])
    if children:
        conditions.update(children)
        return i + 1
    j = i + 1
    while j < len(items) and items[j].marker != items[i].marker and items[j].section == items[i].section:
        parents[j] = i
        conditions.add(j)
        j += 1
    return j


def _is_lead_in(types: list[str]) -> bool:
    tail = [t for t in types if t not in ("COLON", "W", "FOLLOWING")][-1:]
    return bool(types) and types[-1] == "COLON" and tail == ["EXCEPT"]


def _flat_followers(i, items, types, firsts, text, lexemes) -> list[int]:
    out = []
    for j in range(i + 1, len(items)):
        if items[j].parent is not None or items[j].section != items[i].section or not lexemes[j]:
            break
        first = _first_sentence(lexemes[j], text)
        lower = firsts[j][:1].islower()
        if lower or _states_exemption(first) or _REQUIREMENT.search(text[first[0].start : first[-1].end]):
            out.append(j)
        else:
            break
    return out


def _first_sentence(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    for k in range(1, len(lexemes)):
        if lexemes[k].type == "SEMI" or "." in text[lexemes[k - 1].end : lexemes[k].start]:
            return lexemes[:k]
    return lexemes


def _states_exemption(sentence: list[Lexeme]) -> bool:
    """The sentence's own verb is an exemption cue: not inside parentheses ("(treated
    hypothyroidism is permitted)" is the criterion's own aside) and not negated ("No other
    investigational drugs will be allowed")."""
    if sentence and sentence[0].type == "NEG":  # "No other investigational drugs will be allowed"
        return False
    depth = 0
    for k, lx in enumerate(sentence):
        if lx.type == "LPAR":
            depth += 1
        elif lx.type == "RPAR":
            depth = max(0, depth - 1)
        elif lx.type == "EXEMPT" and depth == 0 and lx.value != "allowed":  # bare "allowed": a permission
            if k and sentence[k - 1].value.lower() in _RELATIVE:  # "Patients who are eligible for …"
                continue
            return True
    return False


def as_case(rule: Node | None) -> Node | None:
    """An exemption's rule as the case it exempts: what "Subjects with treated brain metastases
    are eligible" allows (``permitted``) is the exempt case itself."""
    if rule is None:
        return None
    if rule.kind == "permitted":
        return rule.item  # type: ignore[attr-defined]
    members = getattr(rule, "items", ())
    if rule.kind == "all_of" and any(item.kind == "permitted" for item in members):
        items: list[Node] = []
        for item in members:
            case = as_case(item)
            items.extend(case.items if case.kind == "all_of" else (case,))  # type: ignore[union-attr]
        return rule.model_copy(update={"items": tuple(items)})
    return rule


def _carve(target: int, exempts: list[int], rules: list[Node | None], children: dict[int | None, list[int]]):
    base = rules[target]
    found = []
    for j in exempts:
        own = [rules[j]] if rules[j] is not None else []
        own += [rules[k] for k in children.get(j, []) if rules[k] is not None]
        if own:
            found.append(own[0] if len(own) == 1 else AllOf(items=tuple(own), span=own[0].span))
    if base is None or not found:
        return rules
    if isinstance(base, Except):  # inline exceptions already carved: add these to them
        rules[target] = base.model_copy(update={"exceptions": base.exceptions + tuple(found)})
    else:
        rules[target] = Except(item=base, exceptions=tuple(found), span=base.span)
    return rules
