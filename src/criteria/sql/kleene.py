"""Kleene logic on integer verdict codes, as sqlglot expressions.

The SQL carries verdicts as the evaluator's integer codes (``NOT_MET=0 < UNKNOWN=1 < MET=2``,
``NOT_APPLICABLE=3``), never as NULL-able booleans, for one reason: aggregates and ``LEAST`` /
``GREATEST`` skip NULLs in most dialects, which would silently turn "unknown" into "no". With codes,
``and`` is ``LEAST``, ``or`` is ``GREATEST`` and ``not`` is ``2 - x`` in every dialect, exactly the
evaluator's tables (:mod:`criteria.evaluate.logic`). The last SELECT turns codes into booleans.
"""

from __future__ import annotations

from typing import Sequence

from sqlglot import exp

from ..evaluate.logic import MET, NOT_APPLICABLE, NOT_MET, UNKNOWN

__all__ = ["MET", "NOT_MET", "UNKNOWN", "NOT_APPLICABLE", "num", "and_", "or_", "not_", "at_least", "case", "test"]


def num(value: float | int) -> exp.Expression:
    """A numeric literal (negative numbers as a negation, as sqlglot parses them)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    literal = exp.Literal.number(abs(value))
    return exp.Neg(this=literal) if value < 0 else literal


def case(*whens: tuple[exp.Expression, exp.Expression | int], default: exp.Expression | int) -> exp.Expression:
    """``CASE WHEN c THEN v … ELSE default END``; ints become literals."""
    node = exp.Case()
    for condition, value in whens:
        node = node.when(condition, num(value) if isinstance(value, int) else value, copy=False)
    return node.else_(num(default) if isinstance(default, int) else default, copy=False)


def test(met: exp.Expression, not_met: exp.Expression) -> exp.Expression:
    """A code from two conditions: met when ``met`` holds, not met when ``not_met`` does, else unknown.

    Conditions must not be NULL (a NULL condition falls through, which here means unknown).
    """
    return case((met, MET), (not_met, NOT_MET), default=UNKNOWN)


def and_(items: Sequence[exp.Expression]) -> exp.Expression:
    """Kleene AND of codes (``LEAST``); one item is itself; none is met (the empty AND)."""
    if not items:
        return num(MET)
    if len(items) == 1:
        return items[0]
    return exp.Least(this=items[0], expressions=list(items[1:]), ignore_nulls=True)


def or_(items: Sequence[exp.Expression]) -> exp.Expression:
    """Kleene OR of codes (``GREATEST``); none is not met (the empty OR)."""
    if not items:
        return num(NOT_MET)
    if len(items) == 1:
        return items[0]
    return exp.Greatest(this=items[0], expressions=list(items[1:]), ignore_nulls=True)


def not_(item: exp.Expression) -> exp.Expression:
    """Kleene NOT of a code: ``2 - x``."""
    return exp.Sub(this=num(MET), expression=exp.Paren(this=item))


def _count(items: Sequence[exp.Expression], codes: tuple[int, ...]) -> exp.Expression:
    """How many items have one of ``codes`` (not-applicable, 3, is never counted)."""
    terms = [case((exp.In(this=i.copy(), expressions=[num(c) for c in codes]), 1), default=0) for i in items]
    total = terms[0]
    for term in terms[1:]:
        total = exp.Add(this=total, expression=term)
    return exp.Paren(this=total)


def at_least(n: int, items: Sequence[exp.Expression]) -> exp.Expression:
    """Kleene "at least n of the items": met once n are met, not met once n can no longer be."""
    met, possible = _count(items, (MET,)), _count(items, (UNKNOWN, MET))
    return case(
        (exp.GTE(this=met, expression=num(n)), MET), (exp.LT(this=possible, expression=num(n)), NOT_MET), default=UNKNOWN
    )


def skip_na(code: exp.Expression, instead: int) -> exp.Expression:
    """``code`` with not-applicable replaced by ``instead`` (the identity of the fold it enters)."""
    return case((exp.EQ(this=code.copy(), expression=num(NOT_APPLICABLE)), instead), default=code)
