"""Scopes stated inside a criterion ("In patients with prostate cancer, …", "Part B only: …")
and how a lead-in combines its sub-bullets ("at least 2 of the following:").

A heading ("Cohort 1:") or a cohort item gives scope in :mod:`criteria.sections`; this
module reads the scope a criterion states about itself at its very start, so evaluation
can apply it to the right patients only. Layout words, not clinical knowledge: a pattern.
"""

from __future__ import annotations

import re

from .grammar.lexer import Lexeme

_LEAD = re.compile(
    r"""^(?:(?:in|for)\s+(?:(?:male|female)\s+)?
          (?P<who>(?:patients|participants|subjects|women|men|those|individuals|cases)
                  \s+(?:with|who|in|receiving|enrolled|undergoing|treated)\b[^,:;]{2,100}?))\s*[,:]
      |^(?P<part>(?:part|cohort|arm|group|stratum|phase)\s+[\w.-]{1,6})\s+only\b\s*[:,]?""",
    re.IGNORECASE | re.VERBOSE,
)


_TRAILING = re.compile(r"[(\[]\s*(?P<part>(?:part|cohort|arm|group|stratum|phase)\s+[\w.-]{1,6})\s+only\s*[)\]]",
                       re.IGNORECASE)


def in_text_scope(lexemes: list[Lexeme], text: str) -> str | None:
    """The scope the criterion states at its start (or as a closing "(Part B only)"), or ``None``."""
    if not lexemes:
        return None
    start, end = lexemes[0].start, min(len(text), lexemes[-1].end + 1)
    m = _LEAD.match(text, start, end) or _TRAILING.search(text, start, end)
    if not m:
        return None
    scope = m.groupdict().get("who") or m.group("part")
    return " ".join(scope.split())


_ANY = frozenset({"one", "any", "either"})
_ALL = frozenset({"all", "each", "both"})


def subcriteria_logic(lexemes: list[Lexeme], text: str) -> tuple[str, int | None]:
    """``("at_least", n)`` for "at least n of the following", ``("any_of", None)`` for "one/any
    of the following", else ``("all_of", None)``. Reads the terminals before ``FOLLOWING``."""
    types = [lx.type for lx in lexemes]
    if "FOLLOWING" not in types:
        return "all_of", None
    k = types.index("FOLLOWING")
    before = lexemes[max(0, k - 2) : k]
    if len(before) == 2 and before[0].type == "CMP" and before[0].value == ">=" and before[1].type == "NUM":
        try:
            n = int(float(before[1].value))
        except ValueError:
            return "all_of", None
        return ("any_of", None) if n == 1 else ("at_least", n)
    if before and before[-1].type == "NUM" and before[-1].value == "1":
        return "any_of", None
    word = before[-1].value.lower() if before else ""
    if word in _ANY:
        return "any_of", None
    return "all_of", None
