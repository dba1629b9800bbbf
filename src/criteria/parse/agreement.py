"""Do the text and a record's structured fields agree? Notices where they do not.

Only age can be compared today (the one typed leaf both sides have). The text's age range
is the loosest one it states: the lowest lower bound and the highest upper bound over the
age rules of every criterion (cohorts may differ; the record's field covers them all).
An exclusion that bounds age from one side bounds it from the other ("Age > 75" excluded
means at most 75). Age rules under ``not`` are left out: their meaning for the range is
not a single bound. Values are compared in days, so "6 Months" and "0.5 years" agree.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..tree.nodes import Age, AgeBound, Criteria, Node, Notice, StructuredEligibility
from ..render.tree import describe_bound
from ..tree.spans import Span

_DAYS = {"year": 365.25, "month": 365.25 / 12, "week": 7.0, "day": 1.0, "hour": 1 / 24}
_TOLERANCE = 0.02  # relative: "26 weeks" and "6 months" are the same limit in practice


def disagreements(criteria: Criteria, structured: StructuredEligibility | None) -> list[Notice]:
    """Notices for each structured age limit the text contradicts (empty when they agree)."""
    if structured is None:
        return []
    lows, highs = _text_bounds(criteria)
    notices = []
    for name, field, found, pick in (
        ("minimum", structured.minimum_age, lows, min),
        ("maximum", structured.maximum_age, highs, max),
    ):
        if not found:
            continue  # the text says nothing: the structured field adds, it does not contradict
        bound, span = pick(found, key=lambda pair: days(pair[0]))
        if field is not None and _same(field, bound):
            continue
        text_side = describe_bound(bound, lower=name == "minimum")
        record_side = "N/A (no limit)" if field is None else f"{field.value:g} {field.unit}s"
        notices.append(Notice(
            code="structured_age_mismatch",
            message=f"The record's {name} age is {record_side} but the criteria text says age {text_side}.",
            span=span,
        ))
    return notices


def days(bound: AgeBound) -> float:
    """An age bound in days, for comparing bounds written in different units."""
    return bound.value * _DAYS[bound.unit]


def _same(a: AgeBound, b: AgeBound) -> bool:
    x, y = days(a), days(b)
    return abs(x - y) <= _TOLERANCE * max(x, y, 1.0)


def _text_bounds(criteria: Criteria) -> tuple[list, list]:
    """(lower bounds, upper bounds) the text states, each with the span of its age rule."""
    lows: list[tuple[AgeBound, Span | None]] = []
    highs: list[tuple[AgeBound, Span | None]] = []
    for criterion in criteria.criteria():
        if criterion.rule is None:
            continue
        for age in _plain_ages(criterion.rule):
            low, high = age.low, age.high
            if criterion.section == "exclusion":
                if low is not None and high is not None:
                    continue  # excluding a band says nothing simple about the range
                low, high = _flip(high), _flip(low)
            if low is not None:
                lows.append((low, age.span))
            if high is not None:
                highs.append((high, age.span))
    return lows, highs


def _flip(bound: AgeBound | None) -> AgeBound | None:
    """The complementary bound: excluding "< 18" allows ">= 18"."""
    return None if bound is None else bound.model_copy(update={"inclusive": not bound.inclusive})


def _plain_ages(node: Node) -> Iterator[Age]:
    """Age rules of ``node`` that are not under a ``not``."""
    if isinstance(node, Age):
        yield node
    elif node.kind != "not":
        for child in node.children():
            yield from _plain_ages(child)
