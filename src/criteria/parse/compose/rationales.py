"""The reason given for a verdict: "Pregnant women are excluded from this study because cabozantinib
is an agent with the potential for teratogenic or abortifacient effects", "… are ineligible because of
the potential for pharmacokinetic interactions with dasatinib".

The reason says why a group is ruled out; the group before the verdict is what rules a patient out.
Read as more of the criterion, the drug named in the reason had become a second requirement ("pregnant
and took cabozantinib"), so a pregnant woman was not excluded. The reason's words become a
description :class:`~criteria.tree.nodes.Remark` and the terms read inside them are dropped, as for
the name of an authority (:mod:`.authorities`).
"""

from __future__ import annotations


from ..grammar.lexer import VERDICT, Lexeme, opens_rationale
from .textual import ends_a_sentence



def rationale_ranges(lexemes: list[Lexeme], text: str) -> list[tuple[int, int]]:
    """``(lo, hi)`` lexeme ranges of each reason given right after a verdict, to the end of its
    sentence or clause."""
    found: list[tuple[int, int]] = []
    for k, lx in enumerate(lexemes[:-1]):
        if (lx.type == "PROHIBIT" and lx.value == VERDICT and opens_rationale(lexemes[k + 1])
                and not ends_a_sentence(text, lx.end, lexemes[k + 1].start)):  # "… are excluded. Because …" opens another
            found.append((k + 1, _clause_end(lexemes, k + 1, text)))
    return found


def _clause_end(lexemes: list[Lexeme], lo: int, text: str) -> int:
    for k in range(lo + 1, len(lexemes)):
        if lexemes[k].type == "SEMI" or ends_a_sentence(text, lexemes[k - 1].end, lexemes[k].start):
            return k
    return len(lexemes)
