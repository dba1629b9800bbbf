"""A risk of something is not the thing: "be at low risk for HIV and sexually transmitted
infections", "at increased risk of bleeding", "conditions that increase the risk of seizures".

Read as terms, the conditions after "risk of" or "risk for" became requirements: an inclusion for
people at low risk of HIV asked every patient to have HIV. Whether a patient is at risk is a
judgement the record does not hold, so the terms read there are dropped and their words stay unread
beside the rule (the criterion is then unknown, never settled by the condition itself).
"""

from __future__ import annotations

from ..grammar.lexer import Lexeme
from .textual import ends_a_sentence

_RISK_WORDS = frozenset({"risk", "risks"})
_RISKED = frozenset({"EV_COND", "EV_REPRO"})  # what one is at risk of: a condition, a pregnancy (not a drug, a judgement)
# what joins the terms one is at risk of: "bleeding or thrombosis", "HIV and STIs (STIs)"; not a comma,
# after which a list may go on to other things ("lesions with risk of bleeding, inflammatory bowel disease")
_LINKS = frozenset({"OR", "AND", "SLASH", "STATUS", "LPAR", "RPAR", "DASH"})
_WORDS_BEFORE_TERM = 2  # plain words between "risk of" (or a list's link) and a term: "of developing a"


def risk_ranges(lexemes: list[Lexeme], text: str) -> list[tuple[int, int]]:
    """``(lo, hi)`` lexeme ranges from "risk" through the terms listed after its "of" or "for"."""
    found: list[tuple[int, int]] = []
    for i in range(len(lexemes) - 1):
        if not (lexemes[i].type == "W" and lexemes[i].value.lower() in _RISK_WORDS and _of_or_for(lexemes[i + 1])):
            continue
        if lexemes[i + 2 : i + 3] and lexemes[i + 2].type == "COMMA":
            continue  # "history of, or risk for, autoimmune disease": the term is the history's too
        last, words = None, 0
        for k in range(i + 2, len(lexemes)):
            kind = lexemes[k].type
            if ends_a_sentence(text, lexemes[k - 1].end, lexemes[k].start):
                break
            if kind in _RISKED:
                last, words = k, 0
            elif kind in _LINKS:
                words = 0
            elif kind == "W" and words < _WORDS_BEFORE_TERM and (last is None or lexemes[k - 1].type in _LINKS | {"W"}):
                words += 1  # words lead to a term ("of developing a"), never trail one ("pregnancy must agree")
            else:
                break
        if last is not None:
            found.append((i, _past_abbreviation(lexemes, last + 1)))
    return found


def _of_or_for(lexeme: Lexeme) -> bool:
    return lexeme.type in ("W", "FOR", "PRIOR") and lexeme.value.lower() in ("of", "for")


def _past_abbreviation(lexemes: list[Lexeme], end: int) -> int:
    """``end``, or past the parenthesis right there that restates the last term ("infections (STIs)")."""
    if end < len(lexemes) and lexemes[end].type == "LPAR":
        close = next((k for k in range(end + 1, min(end + 5, len(lexemes))) if lexemes[k].type == "RPAR"), None)
        if close is not None:
            return close + 1
    return end
