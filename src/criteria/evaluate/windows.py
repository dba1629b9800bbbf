"""Time windows: did an event happen within "28 days prior to the first dose"?

The anchor events that mean "now" for a screening (first dose, enrollment, randomisation,
screening, registration, consent, study entry) are all taken as ``as_of``; other anchors
(diagnosis, last dose…), windows after the anchor, and half-lives are not computable from a
profile and give unknown. Months are 28–31 days and years 365–366, so a window's edges are
intervals and an event near an edge can be unknown rather than guessed.

An event is a span of days ``[start, end]``; ``end`` may be open (still ongoing, up to
``as_of``) or unknown (somewhere between ``start`` and ``as_of``). For "within 28 days" it is
*in* the window when the span surely overlaps it; for "at least 2 weeks before" (no far edge)
when it surely ended by then; *out* when surely not; unknown otherwise.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .logic import MET, NOT_MET, UNKNOWN

NOW_ANCHORS = frozenset(
    {
        "first_dose",
        "enrollment",
        "enrolment",
        "randomization",
        "randomisation",
        "screening",
        "registration",
        "consent",
        "study_entry",
        "study_start",
        "start_of_treatment",
        "treatment_start",
        "baseline",
        "day_1",
    }
)
_DAYS = {
    "day": (1.0, 1.0),
    "week": (7.0, 7.0),
    "month": (28.0, 31.0),
    "year": (365.0, 366.0),
    "hour": (1 / 24, 1 / 24),
}
ONGOING = "ongoing"  # an ``end`` marker: the event lasts until as_of


class Window:
    """A compiled time window, or the reason it cannot be computed."""

    def __init__(self, node: Any) -> None:
        self.node = node
        self.problem = _problem(node)
        if self.problem is None:
            # the window is the distances [low, high] days before as_of; each edge an interval
            self.low = _days(node.low, node.unit) if node.low is not None else (0.0, 0.0)
            self.high = _days(node.high, node.unit) if node.high is not None else _INFINITE
        # "within 28 days": the event overlaps the window; "at least 14 days before" (no far
        # edge): the event is over by then, as in "radiotherapy completed at least 2 weeks prior"
        self.completed = node.high is None and node.low is not None
        self.text = _text(node)

    def place(self, start: date | None, end: date | str | None, as_of: date) -> int:
        """Whether an event spanning ``start``–``end`` overlaps the window before ``as_of``."""
        if self.problem is not None:
            return UNKNOWN
        # the event covers the distances [near, far] before as_of (near: its end, far: its start)
        inf = float("inf")
        far = None if start is None else float((as_of - start).days)
        if end == ONGOING:
            near = (0.0, 0.0)
        elif isinstance(end, date):
            near = (float((as_of - end).days),) * 2
        else:  # an unknown end lies between the start and as_of
            near = (0.0, far if far is not None else inf)
        span = (far, far) if far is not None else (near[0], inf)
        if self.completed:  # "at least 2 weeks before": the whole event lies before the near edge
            return MET if near[0] >= self.low[1] else (NOT_MET if near[1] < self.low[0] else UNKNOWN)
        return _overlap(span, near, self.low, self.high)


def _overlap(
    far: tuple[float, float], near: tuple[float, float], low: tuple[float, float], high: tuple[float, float]
) -> int:
    """Whether [near, far] meets the window [low, high] (all distances before as_of, as intervals)."""
    if near[0] > high[1] or far[1] < low[0]:
        return NOT_MET  # surely ended before the window opened, or began after it closed
    if near[1] <= high[0] and far[0] >= low[1]:
        return MET
    return UNKNOWN


def _days(value: float, unit: str) -> tuple[float, float]:
    per_lo, per_hi = _DAYS[unit]
    return value * per_lo, value * per_hi


_INFINITE = (float("inf"), float("inf"))


def _problem(node: Any) -> str | None:
    if node.relation == "lasting":
        return "how long it has gone on (its start date, and that it still goes on) is not computed yet"
    if node.relation != "before":
        return f"a window {node.relation} {node.anchor.replace('_', ' ')} is not in a patient profile"
    if node.anchor not in NOW_ANCHORS:
        return f"the anchor {node.anchor.replace('_', ' ')!r} is not in a patient profile"
    if node.unit not in _DAYS:
        return f"a window in {node.unit.replace('_', ' ')}s cannot be computed"
    if getattr(node, "or_window", None) is not None:
        return "a window with an alternative ('whichever is longer') is not computed yet"
    return None


def _text(node: Any) -> str:
    unit = node.unit.replace("_", " ")
    anchor = node.anchor.replace("_", " ")
    if node.relation == "lasting":
        bound = f"at least {node.low:g}" if node.low is not None else f"at most {node.high:g}"
        if node.low is not None and node.high is not None:
            bound = f"{node.low:g}–{node.high:g}"
        return f"lasting {bound} {unit}s"
    if node.low is not None and node.high is not None:
        return f"between {node.low:g} and {node.high:g} {unit}s {node.relation} {anchor}"
    if node.high is not None:
        return f"within {node.high:g} {unit}s {node.relation} {anchor}"
    if node.low is not None:
        return f"at least {node.low:g} {unit}s {node.relation} {anchor}"
    return f"{node.relation} {anchor}"


def compile_window(node: Any | None) -> Window | None:
    """The compiled window of an event node, or ``None`` when it has none."""
    return None if node is None else Window(node)
