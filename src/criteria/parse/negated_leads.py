"""A lead-in that denies its list: "None of the following:", "No significant cardiovascular
disease, including any of the following:", "Has none of the following within 6 months:".

In an inclusion list the sub-bullets under such a lead-in are what the patient must not have.
Read as sub-criteria of their own, each one asked for the event it names ("- Myocardial
infarction" met by a myocardial infarction): the list was read inside out, and a patient with
none of them was never included. Here each sub-bullet's rule is negated and they combine as
"all of" (none of them holds), which the evaluator, the SQL compiler and the renderers already
read. In an exclusion list the lead-in's denial is how the list states the exclusion (see
:mod:`.exclusion_form`): the sub-bullets stay what excludes.

A lead-in whose list is the grounds of its denial ("No proteinuria, as demonstrated by either
of the following:", "Not a candidate for X based on either:") is no denial of the list either.
A lead-in whose denial is limited ("No other malignancy except the following:", "No brain
metastases unless all of the following are met:") or counts ("no more than 2 of the following")
is not a denial of its list: it is left as read.
"""

from __future__ import annotations

from ..resources import word_list
from ..tree.nodes import Node, Not
from .grammar.lexer import Lexeme
from .sections import EXCLUSION, Item, children_of

#: Words that may stand before the denial in a lead-in ("Patients must have none of the following").
_BEFORE_DENIAL = frozenset({"must", "should", "shall", "has", "have", "had", "be", "is", "are", "will", "with", "the"})
#: How far into a lead-in its denial may stand.
_DENIAL_REACH = 4
#: Terminals right after a denial that make it a count ("no more than 2"), not a denial of the list.
_COUNTING = frozenset({"CMP", "NUM"})


def deny_listed(items: list[Item], rules: list[Node | None], lexemes: list[list[Lexeme]],
                parents: list[int | None], roles: list[str], logic: list[tuple[str, int | None]], text: str) -> None:
    """Negate the sub-bullets of each inclusion lead-in that denies its list, in place (see the
    module docstring); their logic becomes "all of"."""
    children = children_of(parents)
    for lead, under in children.items():
        counted = [i for i in under if roles[i] != "exception"]
        if (lead is None or items[lead].section == EXCLUSION or not counted or logic[lead][0] == "at_least"
                or any(i in children for i in counted) or not denies_its_list(lexemes[lead], text)):
            continue  # a sub-bullet with its own list: its verdict is no rule a "not" could wrap
        for i in counted:
            rule = rules[i]
            # "- No history of stroke" under "None of the following:" says its denial again
            if rule is not None and not isinstance(rule, Not):
                rules[i] = Not(item=rule, span=rule.span)
        logic[lead] = ("all_of", None)


def denies_its_list(lexemes: list[Lexeme], text: str) -> bool:
    """Whether a lead-in opens with a denial of what follows it ("None of the following:",
    "Patients must have none of the following", "No X, including any of the following:"), not
    with a denial the list is the grounds of ("No proteinuria, as demonstrated by either of the
    following:", ``lexicons/list_basis_words.txt``). ``text``: the text the lexemes index."""
    types = [lx.type for lx in lexemes]
    if "NEG" not in types or not ("FOLLOWING" in types or (types and types[-1] == "COLON")):
        return False
    k = types.index("NEG")
    if k >= _DENIAL_REACH or not all(lx.type == "PERSON" or lx.value.lower() in _BEFORE_DENIAL for lx in lexemes[:k]):
        return False
    if k + 1 < len(types) and types[k + 1] in _COUNTING:
        return False  # "no more than 2 of the following"
    if "-" in text[lexemes[k].start:lexemes[k].end + 1]:
        return False  # "Non-childbearing potential, including any female who has had:": a word, no denial
    basis = word_list("list_basis_words.txt")
    return "EXCEPT" not in types[k + 1:] and not any(lx.value.lower() in basis for lx in lexemes[k + 1:])
