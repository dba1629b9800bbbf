"""A window in a lead-in is the window of what its sub-bullets list.

"Any of the following within 6 months prior to enrollment:" over "- Myocardial infarction",
"- Unstable angina": each event listed must have happened in those 6 months. Read as a rule of
the lead-in, the window had no event (unknown for every patient) and the events under it had no
window (a myocardial infarction 10 years ago counted). "The following laboratory values within
14 days prior to registration:" over bounds on values says when they are taken: a method remark on
the lead-in, as for a window beside the bounds in one bullet (:mod:`.measured`).

A lead-in whose only reading is the window gets no rule of its own, as a lead-in with no reading
at all does: its sub-bullets carry its meaning.
"""

from __future__ import annotations

from ...tree.nodes import AllOf, Node, Remark, TimeWindow, Unparsed
from ..grammar.lexer import Lexeme
from ..sections import children_of
from .join import with_window
from .measured import bounds_a_value


def lead_windows(parents: list[int | None], lexemes: list[list[Lexeme]], rules: list[Node | None],
                 remarks: list[tuple[Remark, ...]], original: str) -> None:
    """Give the window of each lead-in (``parents[i]``: the item ``i`` is under) to the events
    under it, in place (see the module docstring)."""
    children = children_of(parents)
    for lead, under in children.items():
        if lead is None:
            continue
        window = _lead_window(rules[lead], lexemes[lead])
        if window is None:
            continue
        below = _descendants(lead, children)
        timed = [with_window(rules[i], window) if rules[i] is not None else None for i in below]
        got_it = any(new is not old for new, old in zip(timed, (rules[i] for i in below)))
        valued = any(rules[i] is not None and bounds_a_value(rules[i]) for i in below)  # type: ignore[arg-type]
        if not got_it and not valued:
            continue  # nothing under it the window can qualify: the lead-in keeps it
        for i, new in zip(below, timed):
            rules[i] = new
        rules[lead] = None
        if valued and not got_it and window.span is not None:
            said = Remark(text=window.span.slice(original), about="method", span=window.span)
            remarks[lead] = tuple(sorted((*remarks[lead], said), key=lambda r: r.span.start if r.span else 0))


def _lead_window(rule: Node | None, lexemes: list[Lexeme]) -> TimeWindow | None:
    """The window of a lead-in ("…within 6 months:") whose only reading it is, else ``None``."""
    if not lexemes or lexemes[-1].type != "COLON":
        return None
    parts = rule.items if isinstance(rule, AllOf) else (rule,)  # type: ignore[union-attr]
    windows = [p for p in parts if isinstance(p, TimeWindow)]
    if len(windows) != 1 or not all(isinstance(p, (TimeWindow, Unparsed)) for p in parts):
        return None
    if any(lx.value.lower() in _ASSESSED for lx in lexemes):
        return None  # "meet all of the following criteria within 28 days": when they are assessed
    window = windows[0]
    within = window.relation == "before" and window.high is not None and window.low is None
    # "at least 7 days since prior …" is a washout, which join reads with the event it names
    return window if within or window.relation == "lasting" else None


#: Words of a lead-in whose window says when its criteria are assessed, not when events happened.
_ASSESSED = frozenset({"criteria", "criterion"})


def _descendants(index: int, children: dict[int | None, list[int]]) -> list[int]:
    out = []
    for child in children.get(index, []):
        out += [child, *_descendants(child, children)]
    return out
