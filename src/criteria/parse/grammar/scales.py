"""Transformer methods of the scale rules of grammars/threshold.lark: performance status and
life expectancy (:class:`~criteria.tree.nodes.PerformanceStatus`, :class:`~criteria.tree.nodes.LifeExpectancy`).

A value that cannot be right (ECOG 7, a Karnofsky score of 2) raises ``ValueError``: the scanner
takes it as "no match" and the text stays ``unparsed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import get_args

from lark import Token

from ...tree.nodes import Age, AgeUnit, AllOf, AnyOf, LifeExpectancy, PerformanceStatus
from .base import Quantity, RuleContext

_TIME_UNITS = frozenset(get_args(AgeUnit))


@dataclass(frozen=True, slots=True)
class Score:
    op: str
    value: float
    value_high: float | None
    lo: int
    hi: int


class ScaleRules:
    """Mixed into the node builder; ``self.ctx`` is the :class:`RuleContext`."""

    ctx: RuleContext

    # --- performance status -------------------------------------------------------------
    def perf_word(self, children):
        return children[0]

    def perf_head(self, children):
        tokens = [c for c in children if isinstance(c, Token)]
        scale = next((self.ctx.value(t) for t in tokens if t.type == "PERF"), None)
        return (scale, tokens[0].start_pos)

    def perf_filler(self, children):
        return None

    def ps_cmp(self, children):
        comparator, number = children[0], children[1]
        return Score(self.ctx.value(comparator), self._score(number), None, comparator.start_pos,
                     children[-1].start_pos)

    def ps_post(self, children):
        number, comparator = children[0], children[-1]
        return Score(self.ctx.value(comparator), self._score(number), None, number.start_pos, comparator.start_pos)

    def ps_range(self, children):
        numbers = [self._score(c) for c in children if c.type == "NUM"]
        low, high = numbers[0], numbers[-1]
        if low > high:
            raise ValueError("a score range whose low end is above its high end")
        return Score("between", low, high, children[0].start_pos, children[-1].start_pos)

    def ps_eq_range(self, children):
        if self.ctx.value(children[0]) != "==":  # "ECOG <= 0-2" says nothing a reading could keep
            raise ValueError("a comparator before a range of scores other than '='")
        return self.ps_range(children[1:])

    def ps_set(self, children):
        numbers = sorted(self._score(c) for c in children if c.type == "NUM")
        if numbers != [float(n) for n in range(int(numbers[0]), int(numbers[-1]) + 1)] and numbers[-1] <= 5:
            raise ValueError("a set of scores that is not a run")
        return Score("between", numbers[0], numbers[-1], children[0].start_pos, children[-1].start_pos)

    def ps_eq(self, children):
        return Score("==", self._score(children[0]), None, children[0].start_pos, children[-1].start_pos)

    def _score(self, token: Token) -> float:
        value = self.ctx.number(token)
        if value is None or value < 0 or value > 100:
            raise ValueError("not a performance score")
        return value

    def perf_when(self, children):
        expr = next(c for c in children if not isinstance(c, Token) and c is not None)
        age = self._age([expr])  # the age family's own reading of the bound
        last = children[-1]
        hi = last.start_pos if isinstance(last, Token) else expr.hi
        return _When(age.model_copy(update={"span": self.ctx.span(children[0].start_pos, hi)}), hi)

    def perf_or(self, children):
        return next(c for c in children if isinstance(c, PerformanceStatus))

    def performance(self, children):
        children = _named_after(children, self.ctx)
        children = [c for c in children if isinstance(c, (PerformanceStatus, AnyOf))]
        if len(children) == 1:
            return children[0]
        if any(getattr(c, "for_age", None) is not None for c in children):
            # "Karnofsky >= 50 (for patients > 16 years) or Lansky >= 50 (for patients <= 16 years)": each
            # scale for its own age group, a bound that holds for anyone outside it; all of them, so that
            # the other group's bound does not meet it for everyone ("Karnofsky >= 70 or Lansky >= 70 for
            # patients < 16 years" had been met by every adult)
            return AllOf(items=tuple(children), span=self.ctx.match_span())
        # "ECOG 0-1 or Karnofsky >= 70%": either scale may show it
        return AnyOf(items=tuple(children), span=self.ctx.match_span())

    def perf_scale_after(self, children):
        return _ScaleAfter(self.ctx.value(children[1]), children[-1].start_pos)

    def perf_one(self, children):
        scale, first = children[0]
        score = next(c for c in children if isinstance(c, Score))
        when = next((c for c in children if isinstance(c, _When)), None)
        top = score.value_high if score.value_high is not None else score.value
        assumed = scale is None
        if assumed:
            scale = "ecog" if top <= 5 else "karnofsky"
        if scale == "ecog" and top > 5:
            raise ValueError("an ECOG score above 5")
        if scale in ("karnofsky", "lansky") and top <= 5:
            raise ValueError("a Karnofsky or Lansky score of 5 or less is not a percentage")
        op, value_high = score.op, score.value_high
        if op == "between" and score.value == value_high:
            op, value_high = "==", None
        hi = when.hi if when else score.hi
        return PerformanceStatus(scale=scale, op=op, value=score.value, value_high=value_high,
                                 scale_assumed=assumed, for_age=when.age if when else None,
                                 span=self.ctx.span(first, hi))

    # --- life expectancy ----------------------------------------------------------------
    def le_filler(self, children):
        return None

    def le_cmp(self, children):
        comparator, quantity = children
        return (self.ctx.value(comparator), quantity)

    def le_one(self, children):
        """"Less than a year": the article is the number one."""
        comparator, word, unit = children
        if self.ctx.value(word).lower() not in ("a", "an", "one"):
            raise ValueError("only 'a' or 'one' stands for a number of a time unit")
        return (self.ctx.value(comparator), Quantity(1.0, self.ctx.value(unit), word.start_pos, unit.start_pos))

    def le_post(self, children):
        quantity, *post = children
        return (self.ctx.value(post[0]) if post else None, quantity)

    def le_bare(self, children):
        """"At least 12 weeks" under the heading "Life expectancy:" (the scanner reads it only there)."""
        return self.life_expectancy(children)

    def life_expectancy(self, children):
        lead = children[0] if isinstance(children[0], Token) and children[0].type == "CMP" else None
        op, quantity = next(c for c in children if isinstance(c, tuple))
        if op is None and lead is not None:
            op = self.ctx.value(lead)
        if not isinstance(quantity, Quantity) or quantity.unit not in _TIME_UNITS:
            raise ValueError("a life expectancy needs a time unit")
        return LifeExpectancy(op=op or ">=", value=quantity.value, unit=quantity.unit, op_assumed=op is None,
                              span=self.ctx.match_span())



@dataclass(frozen=True, slots=True)
class _When:
    """The age group a performance bound is for, and where its words end."""

    age: Age
    hi: int


def _named_after(children: list, ctx: RuleContext) -> list:
    """Each scale named in parentheses after a score ("0 to 1 (ECOG)") given to the score before
    it: the scale it was assumed to be, or the one it already names (another is refused)."""
    out: list = []
    for child in children:
        if not isinstance(child, _ScaleAfter):
            out.append(child)
            continue
        score = out[-1] if out and isinstance(out[-1], PerformanceStatus) else None
        if score is None or (not score.scale_assumed and score.scale != child.scale):
            raise ValueError("a scale named after a score of another scale")
        top = score.value_high if score.value_high is not None else score.value
        if (child.scale == "ecog") != (top <= 5):
            raise ValueError("a score outside the scale named after it")
        span = score.span.model_copy(update={"end": ctx.span(child.hi, child.hi).end}) if score.span else None
        out[-1] = score.model_copy(update={"scale": child.scale, "scale_assumed": False, "span": span})
    return out


@dataclass(frozen=True, slots=True)
class _ScaleAfter:
    """The scale named in parentheses after a score, and where its words end."""

    scale: str
    hi: int
