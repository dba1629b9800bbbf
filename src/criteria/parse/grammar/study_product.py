"""An allergy to the study drug is an allergy to the investigational product, not a time.

"Known hypersensitivity to the study drug", "allergy to any of the components of the study
treatment": "the study drug" is read as an anchor elsewhere (its first dose: "within 14 days of
the study drug"), and after an allergy's "to" that anchor was a remark on when, so the allergy read
as any allergy at all, looser than the text. After an allergy and its "to" (and the words of a
related compound, "any of the components of"), the study's product is the therapy the allergy is
to: the investigational agent, as "allergy to the investigational product" already reads. The
evaluator then cannot tell it from a recorded allergy to a named drug (unknown), and a patient
with no allergy at all is not caught.
"""

from __future__ import annotations

from ...resources import word_list
from .lexeme import Lexeme

ALLERGY = "hypersensitivity"
INVESTIGATIONAL = "investigational_agent"
_STUDY_WORDS = frozenset({"study", "trial", "protocol"})


def _names_the_product(lx: Lexeme, text: str) -> bool:
    """Whether an anchor is the study's product ("the study drug", "trial medication")."""
    if lx.type != "ANCHOR" or lx.value != "first_dose":
        return False
    words = text[lx.start:lx.end].lower().split()
    return bool(_STUDY_WORDS.intersection(words)) and bool(word_list("study_product_words.txt").intersection(words))


def study_product_allergies(lexemes: list[Lexeme], text: str) -> list[Lexeme]:
    """The study's product after an allergy and its "to" as the investigational agent's term."""
    out = list(lexemes)
    for i, lx in enumerate(lexemes):
        if lx.type != "EV_COND" or lx.value != ALLERGY:
            continue
        j = i + 1
        if j < len(out) and out[j].type == "TO":
            j += 1
            if j < len(out) and out[j].type == "CAUSE":  # "any of the components of"
                j += 1
            j = _past_any_of(out, j, text)  # "to any of the study drugs"
            if j < len(out) and _names_the_product(out[j], text):
                out[j] = Lexeme("EV_THERAPY", INVESTIGATIONAL, out[j].start, out[j].end)
    return out


_ANY_OF = ("any", "of")


def _past_any_of(lexemes: list[Lexeme], j: int, text: str) -> int:
    """The index after the words "any of" at ``j`` ("to any of the study drugs"), else ``j``."""
    words = [text[lx.start:lx.end].lower() if lx.type == "W" else None for lx in lexemes[j:j + 2]]
    return j + 2 if tuple(words) == _ANY_OF else j
