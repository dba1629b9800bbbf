"""Scopes stated inside a criterion: "In patients with prostate cancer, …", "Part B only: …".

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


def in_text_scope(lexemes: list[Lexeme], text: str) -> str | None:
    """The scope the criterion states at its start, or ``None``."""
    if not lexemes:
        return None
    start = lexemes[0].start
    m = _LEAD.match(text, start, min(len(text), lexemes[-1].end))
    if not m:
        return None
    scope = m.group("who") or m.group("part")
    return " ".join(scope.split())
