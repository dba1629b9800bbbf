"""A parenthesis belongs to the member before it: "P (Q) or R" is a list of two members.

Lists are joined over the separators between their members (:func:`.join._lists`), and a closing
parenthesis is none: in "pregnancy (positive pregnancy test) or lactation", "dysthymic disorder
(chronic depression) or depression", "immunomodulators (e.g., corticosteroids) or biologics" the
"or" stood after ")" and the members were read side by side, as if the patient needed all of them.
This pass folds each parenthesis that a list separator follows into one member with what it
qualifies, so the list pass, run again, joins that member with the next:

- an event right before the parenthesis and the one event inside it are one member. When what the
  parenthesis names are kinds of the event ("a cholinesterase inhibitor (donepezil, rivastigmine,
  or galantamine)"), they are its examples: ``any_of`` the term and each, as after "e.g.";
  naming the event's class ("filgrastim (G-CSF)"), the parenthesis adds nothing to it. Else
  the member is both together (``all_of``: the parenthesis restates or defines the event in a way
  not read here, and the reading before the fold was the same conjunction);
- with no event right before it (the term it qualifies was not read: "immunomodulators (e.g.,
  corticosteroids)"), the conditions, drugs or procedures inside stand for the parenthesis.

Only parentheses whose inside is one event (a list of them already joined into one) and words that
carry no content of their own are folded; any other parenthesis keeps the reading it had.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Protocol, Sequence

from ...resources import event_ancestors, event_heads, word_list
from ...tree.nodes import AllOf, AnyOf, Node
from ...vocab.index import class_members, drug_classes
from ..grammar.lexer import Lexeme

# what may stand in a parenthesis beside its one event: separators, an "e.g." lead, filler words
_INSIDE = frozenset({"COMMA", "OR", "AND", "SLASH", "EXAMPLE", "COLON", "DASH"})
# what must follow the parenthesis for the fold to matter: the separator of a list
_AFTER = frozenset({"OR", "COMMA", "AND", "SLASH"})


class _Piece(Protocol):
    node: Node
    lo: int
    hi: int


def fold_parentheses(parts: Sequence[_Piece], lexemes: list[Lexeme], sentence: list[int],
                     is_event: Callable[[Node], bool], join_list: Callable[[list], list]) -> list:
    """``parts`` with each parenthesis folded into the member before it where a list separator
    follows it or it names the member's class or its examples (see the module doc).
    ``sentence[i]`` is the sentence of lexeme ``i``; ``join_list`` joins the parts inside one
    parenthesis as lists are joined ("(donepezil, rivastigmine, or galantamine)")."""
    out = list(parts)
    for lpar, rpar in _parentheses(lexemes, sentence):
        # a member that opens the parenthesis closes it ("pregnancy (confirmed by a test)", read as
        # one by its definition)
        out = [replace(p, hi=rpar + 1) if p.lo < lpar < p.hi <= rpar and _plain_between(lexemes, p.hi - 1, rpar, [])
               else p for p in out]
        inside = [p for p in out if lpar < p.lo and p.hi <= rpar]
        listed = rpar + 1 < len(lexemes) and lexemes[rpar + 1].type in _AFTER
        if not inside and listed:  # nothing read inside ("(confirmed by a test)"): an aside of the member before
            out = [replace(p, hi=rpar + 1) if p.hi == lpar and is_event(p.node) else p for p in out]
            continue
        joined = join_list(inside) if len(inside) > 1 else inside
        if len(joined) != 1 or not is_event(joined[0].node) or denies(joined[0].node):
            continue
        if not _plain_between(lexemes, lpar, rpar, inside):
            continue
        before = next((p for p in out if p.hi == lpar), None)
        rest = [p for p in out if all(p is not q for q in inside)]
        if before is not None and is_event(before.node) and not denies(before.node):
            member = _with_aside(before.node, joined[0].node, listed)
            if member is not None:
                out = [replace(p, node=member, hi=rpar + 1) if p is before else p for p in rest]
        elif before is None and listed and _clinical(joined[0].node) and not any(p.lo < lpar < p.hi for p in out):
            out = sorted([*rest, replace(joined[0], lo=lpar, hi=rpar + 1)], key=lambda p: p.lo)
    return out


def _with_aside(first: Node, second: Node, listed: bool) -> Node | None:
    """The member an event and the parenthesis after it make (None: leave them apart)."""
    span = first.span.model_copy(update={"end": second.span.end}) if first.span and second.span else None
    named = second.items if second.kind in ("any_of", "all_of") else (second,)
    if kind_of(first, second):  # "filgrastim (G-CSF)": the parenthesis names its class
        return first.model_copy(update={"span": span})
    if all(kind_of(n, first) for n in named):  # "beta-blockers (metoprolol, atenolol)": its examples
        return AnyOf(items=(first, *named), span=span)
    if _generic_headed(first) and all(n.kind == "condition" and not _generic_headed(n) for n in named):
        # "liver disease (cirrhosis or hepatitis)": what it means; "uncontrolled illness (diabetes)"
        # means the diabetes uncontrolled, so a member stating no status takes the term's
        status = getattr(first, "status", ())
        kinds = tuple(n if n.status or not status else n.model_copy(update={"status": status}) for n in named)  # type: ignore[attr-defined]
        return AnyOf(items=(first, *kinds), span=span)
    return AllOf(items=(first, second), span=span) if listed else None


def _generic_headed(node: Node) -> bool:
    """Whether ``node`` is a condition named by a generic head ("liver disease", "intercurrent
    illness", "cardiac disorder": ``word*`` in ``lexicons/event_heads.txt``). The conditions a
    parenthesis after it names are what it means, so each is one alternative: the lexicon does not
    know every disease of the liver. A parenthesis naming another generic condition ("breast cancer
    (metastatic disease)", "disease (measurable disease)") qualifies it instead."""
    name = getattr(node, "name", None)
    return node.kind == "condition" and bool(name) and name.rsplit("_", 1)[-1] in event_heads().generic


def _parentheses(lexemes: list[Lexeme], sentence: list[int]) -> list[tuple[int, int]]:
    """(opening, closing) lexeme indices of each innermost parenthesis within one sentence."""
    out: list[tuple[int, int]] = []
    opened: int | None = None
    for i, lx in enumerate(lexemes):
        if lx.type == "LPAR":
            opened = i
        elif lx.type == "RPAR" and opened is not None:
            if sentence[opened] == sentence[i]:
                out.append((opened, i))
            opened = None
    return out


def _plain_between(lexemes: list[Lexeme], lpar: int, rpar: int, inside: list[_Piece]) -> bool:
    """Whether the parenthesis holds nothing but the ``inside`` parts and words of no content of
    their own."""
    plain = word_list("function_words.txt")
    covered = {i for p in inside for i in range(p.lo, p.hi)}
    rest = [lx for i, lx in enumerate(lexemes[lpar + 1 : rpar], lpar + 1) if i not in covered]
    return all(lx.type in _INSIDE or (lx.type == "W" and lx.value.lower() in plain) for lx in rest)


# what a parenthesis after an unread term may stand for: the things it names, not a judgement or a
# statement ("clinical (in the opinion of the investigator) or laboratory evidence of cirrhosis")
_CLINICAL = frozenset({"condition", "medication", "prior_therapy", "procedure"})


def _clinical(node: Node) -> bool:
    return all(n.kind in _CLINICAL for n in node.walk() if n.kind not in ("any_of", "all_of"))


def denies(node: Node) -> bool:
    """Whether ``node`` holds a negation ("illness that would limit compliance"; "no X (Y)" may
    deny both or one, which a parenthesis fold does not read)."""
    return any(n.kind == "not" for n in node.walk())


_DRUGS = frozenset({"medication", "prior_therapy"})


def kind_of(narrow: Node, broad: Node) -> bool:
    """Whether event ``narrow`` names a kind of event ``broad``: a concept whose parents in the event
    lexicon lead to it (of the same kind, or both drugs), or a drug listed under the drug class it
    names (``drug_class_members.tsv``, ``drug_classes.tsv``)."""
    kinds = {narrow.kind, broad.kind}
    name, wide = getattr(narrow, "name", None), getattr(broad, "name", None)
    if not name or not wide or name == wide or not (len(kinds) == 1 or kinds <= _DRUGS):
        return False
    if any(c.name == wide for c in event_ancestors(narrow.kind, name)):
        return True
    code = getattr(getattr(narrow, "code", None), "code", None)
    members = (*class_members().get(wide, ()), *drug_classes().get(getattr(broad, "drug_class", None) or wide, ()))
    return code is not None and kinds <= _DRUGS and any(e.key == code for e in members)
