"""Which event a length of time written before it belongs to (issue 12).

A window usually follows its event ("chemotherapy within 4 weeks"), and a length ("for at least
4 weeks") says how long the event before it lasted. Two shapes put the time first, and then it
belongs to the event right after it: a length ending in "of" ("at least 9 weeks of trastuzumab")
and a bare time in parentheses after an adjective ("stable (>= 3 months) plaque psoriasis",
"recent (< 6 months) myocardial infarction"). :func:`leads_its_event` tells them apart for
:mod:`.join`, which hangs windows on events.
"""

from __future__ import annotations

from ..grammar.lexeme import lasting_state
from ..grammar.lexer import Lexeme

_BETWEEN_REACH = 6  # terminals between "between" and its event ("the date of the last chemotherapy")
_FROM_REACH = 5  # terminals between "from" and the treatment it counts from ("the completion of any prior")
_NEXT_REACH = 3  # terminals between such a time and its event ("of (any) (prior) taxane", "plaque-type")


def leads_its_event(lo: int, hi: int, event_lo: int, lexemes: list[Lexeme]) -> bool:
    """Whether the window at lexemes ``[lo, hi)`` belongs to the event starting at ``event_lo``."""
    last = lexemes[hi - 1]
    if last.type == "BETWEEN":  # "at least 4 weeks between (the date of) (prior) breast surgery and …"
        return 0 <= event_lo - hi <= _BETWEEN_REACH and all(
            lx.type in ("W", "DASH", "EV_SITE", "PRIOR", "STATUS") for lx in lexemes[hi:event_lo])
    if last.type == "FROM":  # "at least 7 days from (completion of) antibiotics": the treatment it counts from
        return 0 <= event_lo - hi <= _FROM_REACH and all(lx.type in ("W", "PRIOR") for lx in lexemes[hi:event_lo])
    if not 0 <= event_lo - hi <= _NEXT_REACH or any(lx.type not in ("W", "DASH") for lx in lexemes[hi:event_lo]):
        return False
    if last.type == "W" and last.value.lower() == "of":  # "at least 9 weeks of trastuzumab"
        return True
    if event_lo == hi and lasting_state(lexemes[event_lo]) and last.type == "TIME_UNIT":
        return True  # "at least 2 years post-menopausal": how long the state right after has lasted
    # "stable (>= 3 months) psoriasis": the parenthesis right after a word that is no event
    return lexemes[lo].type == "LPAR" and last.type == "RPAR" and lo > 0 and lexemes[lo - 1].type in ("W", "STATUS")
