"""Time windows as SQL: did a record fall within "28 days prior to the first dose"?

The same reading as :mod:`criteria.evaluate.windows`, on the same compiled
:class:`~criteria.evaluate.windows.Window` (its edges are intervals: a month is 28–31 days): the
as-of date stands for the screening anchors, a record covers the distances ``[near, far]`` days
before it, and the verdict is met, not met or unknown by the same comparisons. As-of is a
constant, so every distance is one ``DATE_DIFF`` against a literal date.
"""

from __future__ import annotations

from typing import Literal

from sqlglot import exp

from ..evaluate.windows import Window
from .context import Context
from .kleene import MET, NOT_MET, UNKNOWN, case, num

End = Literal["ongoing", "unknown", "date", "date_or_ongoing", "date_or_unknown"]
INF = 1e15  # a distance no record reaches: "no far edge"


def days_since(ctx: Context, column: exp.Expression) -> exp.Expression:
    """Whole days from ``column`` to as-of (NULL when the column is)."""
    return exp.DateDiff(this=ctx.date(ctx.as_of), expression=column.copy(), unit=exp.var("DAY"))


def _near(ctx: Context, end: End, end_column: exp.Expression | None, far: exp.Expression) -> tuple[exp.Expression, exp.Expression]:
    """The interval of the record's near distance (its end), as the evaluator reads each end kind."""
    zero, inf = num(0), num(INF)
    if end == "ongoing":
        return zero, zero.copy()
    if end == "unknown" or end_column is None:  # somewhere between the start and as-of
        return zero, exp.Coalesce(this=far.copy(), expressions=[inf])
    until = days_since(ctx, end_column)
    if end == "date":
        return until, until.copy()
    if end == "date_or_ongoing":  # a medication without an end date is ongoing
        return exp.Coalesce(this=until, expressions=[zero]), exp.Coalesce(this=until.copy(), expressions=[zero.copy()])
    if end == "date_or_unknown":  # a therapy without an end: somewhere between its start and as-of
        return exp.Coalesce(this=until, expressions=[zero]), exp.Coalesce(this=until.copy(), expressions=[far.copy(), inf])
    raise ValueError(f"unknown end kind {end!r}")


def place(ctx: Context, window: Window, start: exp.Expression | None, end: End, end_column: exp.Expression | None = None) -> exp.Expression:
    """Verdict code of "the record spanning start–end falls in the window" (met / not met / unknown)."""
    if window.problem is not None:
        return num(UNKNOWN)  # the evaluator's reason stands (anchor, relation, unit); see docs/sql.md
    far = days_since(ctx, start) if start is not None else exp.null()
    near_lo, near_hi = _near(ctx, end, end_column, far)
    low_lo, low_hi = window.low
    if window.completed:  # "at least 2 weeks before": over by the near edge of the window
        return case((near_lo >= num(low_hi), MET), (near_hi < num(low_lo), NOT_MET), default=UNKNOWN)
    high_lo, high_hi = window.high
    span_lo = exp.Coalesce(this=far.copy(), expressions=[near_lo.copy()])
    span_hi = exp.Coalesce(this=far.copy(), expressions=[num(INF)])
    outside: list[exp.Expression] = [span_hi < num(low_lo)]
    if high_hi != float("inf"):
        outside.insert(0, near_lo.copy() > num(high_hi))
    inside: list[exp.Expression] = [span_lo >= num(low_hi)]
    if high_lo != float("inf"):
        inside.insert(0, near_hi.copy() <= num(high_lo))
    return case((exp.or_(*outside), NOT_MET), (exp.and_(*inside), MET), default=UNKNOWN)


def reach(window: Window | None) -> float | None:
    """How many days back the window reaches (its far edge, widest reading), or None when unbounded."""
    if window is None or window.problem is not None or window.completed:
        return None
    far = window.high[1]
    return None if far == float("inf") else far
