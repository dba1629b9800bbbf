"""Transformer methods of the age family (grammars/age.lark) → :class:`~criteria.tree.nodes.Age`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lark import Token

from ...labs import unit_as_written
from ...tree.nodes import Age, AgeBound, AnyOf, AllOf, Node
from ...resources import cue_lexicon, sex_words
from .base import Quantity, RuleContext, position
from .lexeme import lasting_state

_LOW = {">=": True, ">": False}
_HIGH = {"<=": True, "<": False}
_OLD_WORDS = re.compile(r"\b(?:older|younger|old)\b")
# "Patients who are 18 years or older", "Subjects must be >= 18 years": nothing but these words
_PERSON_VERBS = frozenset({"who", "are", "is", "must", "be", "should", "will", "shall", "that", "currently", "being"})


#: Words that may join two bounds on one age (">= 18 but <= 75 years", ">= 18 years & <= 65 years of age").
_JOINTS = frozenset({"but", "&"})

#: How the states of lasting_states.txt are written (without hyphens), as this family sees them
_STATE_WORDS = frozenset({"postmenopausal", "menopausal", "amenorrheic", "amenorrhoeic", "amenorrhea", "amenorrhoea"})
#: Words right before an age that make it the age at a death ("sudden death under 40 years of age" in a
#: family history), not the patient's.
_DEATH_WORDS = frozenset({"death", "deaths", "died", "dying"})


_VOLUNTEER_WORDS = frozenset({"volunteer", "volunteers", "subjects", "adults", "participants"})


@dataclass(frozen=True, slots=True)
class Bound:
    op: str
    quantity: Quantity
    lo: int
    hi: int


@dataclass(frozen=True, slots=True)
class Interval:
    low: Quantity | None
    low_inclusive: bool
    high: Quantity | None
    high_inclusive: bool
    lo: int
    hi: int


@dataclass(frozen=True, slots=True)
class Union:
    bounds: tuple[Bound, Bound]
    lo: int
    hi: int


@dataclass(frozen=True, slots=True)
class Second:
    """The second bound on an age, after the first one's age mark (">= 18 years old and <= 75 years")."""

    bound: Bound


@dataclass(frozen=True, slots=True)
class Anchor:
    event: str
    lo: int
    hi: int


class AgeRules:
    """Mixed into the node builder; ``self.ctx`` is the :class:`RuleContext`."""

    ctx: RuleContext

    # --- parts --------------------------------------------------------------------------
    def quantity(self, children):
        number, *unit = children
        value = self.ctx.number(number)
        unit_value = self.ctx.value(unit[0]) if unit else None
        hi = unit[0].start_pos if unit else number.start_pos
        return Quantity(value if value is not None else -1.0, unit_value, number.start_pos, hi)

    def bound_before(self, children):
        comparator, quantity = children
        return Bound(self.ctx.value(comparator), quantity, comparator.start_pos, quantity.hi)

    def bound_after(self, children):
        quantity, comparator = children
        return Bound(self.ctx.value(comparator), quantity, quantity.lo, comparator.start_pos)

    def range(self, children):
        low, high = [c for c in children if isinstance(c, Quantity)]
        return Interval(low, True, high, True, position(children[0])[0], high.hi)

    def range_bounds(self, children):
        first, second = [c for c in children if isinstance(c, Quantity)]
        ops = [self.ctx.value(c) for c in children if isinstance(c, Token) and c.type == "CMP"]
        joint = next((c for c in children if isinstance(c, Token) and c.type == "W"), None)
        if joint is not None and self.ctx.value(joint).lower() not in _JOINTS:  # ">= 18 but <= 75 years"
            raise ValueError("two bounds joined by a word other than 'but' or '&'")
        if not any(isinstance(c, Token) and c.type != "CMP" for c in children) and not (
                ops[0] in _LOW and ops[1] in _HIGH):
            raise ValueError("two bounds side by side read only as low then high ('>= 18 <= 60 years')")
        lo, hi = children[0].start_pos, second.hi
        if ops[0] in _LOW and ops[1] in _HIGH:
            return Interval(first, _LOW[ops[0]], second, _HIGH[ops[1]], lo, hi)
        return Union((Bound(ops[0], first, lo, first.hi), Bound(ops[1], second, second.lo, hi)), lo, hi)

    def range_to_bound(self, children):
        """"6 to < 18 years", "3 months to less than 18 years": the upper end is the bound's."""
        low, comparator, high = [c for c in children if not (isinstance(c, Token) and c.type in ("TO", "DASH"))]
        op = self.ctx.value(comparator)
        if op not in _HIGH:
            raise ValueError("a range closed by a bound that is not an upper one")
        return Interval(low, True, high, _HIGH[op], low.lo, high.hi)

    def range_cmp_low(self, children):
        """">= 19 to 65 years": the lower end is the bound's, the upper one included."""
        comparator, low, _, high = children
        op = self.ctx.value(comparator)
        if op not in _LOW:
            raise ValueError("a range opened by a bound that is not a lower one")
        return Interval(low, _LOW[op], high, True, comparator.start_pos, high.hi)

    def range_and_cmp(self, children):
        """"at least 20 years and below 76 years": the lexer read "and below" as one comparator
        after a number ("18 and below"); before a number it is "and" and the comparator "below"."""
        comparator, first, joined, second = children
        op = self._and_comparator(joined)
        ops = (self.ctx.value(comparator), op)
        if not (ops[0] in _LOW and ops[1] in _HIGH):
            raise ValueError("two bounds that do not make an interval")
        return Interval(first, _LOW[ops[0]], second, _HIGH[ops[1]], comparator.start_pos, second.hi)

    def _and_comparator(self, token: Token) -> str:
        """The comparator of a CMP_POST cue read before a number: "and below" is "and" + "below"."""
        words = self.ctx.source(token.start_pos, token.start_pos).lower().split()
        if len(words) < 2 or words[0] != "and":
            raise ValueError("a comparator after a number that is not 'and' + a comparator")
        op = _before_comparators().get(" ".join(words[1:]))
        if op is None:
            raise ValueError(f"{' '.join(words[1:])!r} is no comparator before a number")
        return op

    def second_bound(self, children):
        _, comparator, quantity, *_ = children
        return Second(Bound(self.ctx.value(comparator), quantity, comparator.start_pos, quantity.hi))

    def second_bound_post(self, children):
        comparator, quantity, *_ = children
        return Second(Bound(self._and_comparator(comparator), quantity, comparator.start_pos, quantity.hi))

    def union(self, children):
        first, second = [c for c in children if isinstance(c, Bound)]
        return Union((first, second), first.lo, second.hi)

    def union_cmp(self, children):  # "less than 10 or greater than 80": OR and CMP in one cue
        first, comparator, quantity = children
        return Union((first, Bound(self.ctx.value(comparator), quantity, comparator.start_pos, quantity.hi)),
                     first.lo, quantity.hi)

    def age_mark(self, children):
        return None

    def inclusive(self, children):
        return None

    def age_verb(self, children):
        words = {self.ctx.source(c.start_pos, c.start_pos).lower() for c in children}
        if not words <= _PERSON_VERBS:
            raise ValueError("words between a person and a number that do not say an age")
        first = self.ctx.lexemes[self.ctx.offset]
        if first.type == "AGE" and self.ctx.offset > 0 and self.ctx.lexemes[self.ctx.offset - 1].type == "W":
            # "If age is 1 to 2 years, then ...", "the legal age is > 18 years": a case or another
            # person's age, not the patient's requirement
            raise ValueError("'age is' after a word that makes it a case or someone else's age")
        return None

    def at(self, children):
        _, anchor = children
        return Anchor(self.ctx.value(anchor), children[0].start_pos, anchor.start_pos)

    # --- rules --------------------------------------------------------------------------
    def age_stated(self, children):
        return self._age(children)

    age_group = age_marked = age_bare = age_stated

    def age_person(self, children):  # "Patients >= 18 years": only with years written
        expr = next(c for c in children if isinstance(c, (Bound, Interval, Union)))
        bounds = expr.bounds if isinstance(expr, Union) else (expr,)
        quantities = [q for b in bounds
                      for q in ((b.quantity,) if isinstance(b, Bound) else (b.low, b.high)) if q]
        # "patients < 6 months from …" is not an age; "patients 18 to 65 years" states years once
        if {q.unit for q in quantities} - {None} != {"year"} or quantities[-1].unit is None:
            raise ValueError("a bound after a person word is an age only in years")
        return self._age(children)

    def age_cmp_first(self, children):  # ">= Age 12 years": the comparator before the age word
        comparator = next(c for c in children if isinstance(c, Token) and c.type == "CMP")
        quantity = next(c for c in children if isinstance(c, Quantity))
        bound = Bound(self.ctx.value(comparator), quantity, comparator.start_pos, quantity.hi)
        return self._age([bound, *[c for c in children if isinstance(c, Anchor)]])

    def age_marked_after(self, children):  # "18 years of age or older"
        quantity = next(c for c in children if isinstance(c, Quantity))
        comparator = next(c for c in children if isinstance(c, Token) and c.type == "CMP_POST")
        bound = Bound(self.ctx.value(comparator), quantity, quantity.lo, comparator.start_pos)
        return self._age([bound, *[c for c in children if isinstance(c, Anchor)]])

    def age_between(self, children):  # "between the ages of 18 and 70 years"
        low, high = [c for c in children if isinstance(c, Quantity)]
        return self._age([Interval(low, True, high, True, children[0].start_pos, high.hi),
                          *[c for c in children if isinstance(c, Anchor)]])

    def age_sandwich(self, children):  # "18 years <= age <= 80 years", "35 years old < age <= 55 years old"
        first, second = [c for c in children if isinstance(c, Quantity)]
        ops = [self.ctx.value(c) for c in children if isinstance(c, Token) and c.type == "CMP"]
        if ops[0] in _HIGH and ops[1] in _HIGH:  # low < age <= high
            interval = Interval(first, _HIGH[ops[0]], second, _HIGH[ops[1]], first.lo, second.hi)
        elif ops[0] in _LOW and ops[1] in _LOW:  # high > age >= low
            interval = Interval(second, _LOW[ops[1]], first, _LOW[ops[0]], first.lo, second.hi)
        else:
            raise ValueError("two comparators around 'age' that do not make an interval")
        return self._age([interval, *[c for c in children if isinstance(c, Anchor)]])

    def age_older(self, children):
        """A bound whose comparator says old or young ("or older", "younger than"), in years or
        without a unit (then years)."""
        expr = next(c for c in children if isinstance(c, (Bound, Union, Interval)))
        if isinstance(expr, Interval):  # two bounds: said an age by a mark or by the sex before them
            parts = [(q, expr.lo, expr.hi) for q in (expr.low, expr.high) if q is not None]
        else:
            bounds = expr.bounds if isinstance(expr, Union) else (expr,)
            parts = [(b.quantity, b.lo, b.hi) for b in bounds]
        said = any(c is None for c in children[1:])  # an age mark: "years of age", "years old"
        # a range writes its unit once, after its second end ("18 to 65 years"): the first end's is that one
        units = {q.unit for q, _, _ in parts} - ({None} if isinstance(expr, Interval) else set())
        said = said or (self._after_sex() and units == {"year"} and not self._before_state() and not self._before_number())
        for quantity, lo, hi in parts:
            words = self.ctx.source(lo, hi).lower()
            if not (said or (not isinstance(expr, Interval) and _OLD_WORDS.search(words))):
                raise ValueError("a bound that does not say it is an age")
            if quantity.unit not in (None, "year", "month", "week", "day") or not 0 < quantity.value <= 120:
                raise ValueError("not an age")
        return self._age(children)

    def _before_number(self) -> bool:
        """Whether a number follows the match: "Male Female 2 to < 6 years 0.8 0.8" is a row of a
        table of values by age, not an age asked of the patient."""
        following = self.ctx.offset + self.ctx.length
        return following < len(self.ctx.lexemes) and self.ctx.lexemes[following].type == "NUM"

    def _before_state(self) -> bool:
        """Whether a state that lasts follows the match: "Women less than 2 years postmenopausal" says
        how long, not how old (the state is a word to this family: its words as written)."""
        following = self.ctx.offset + self.ctx.length
        if following >= len(self.ctx.lexemes):
            return False
        word = self.ctx.lexemes[following].value.lower().replace("-", "")
        return lasting_state(self.ctx.lexemes[following]) or word in _STATE_WORDS

    def _after_sex(self) -> bool:
        """Whether the match follows a sex (or healthy volunteers) right away: "Male and female >= 50
        years", "Healthy volunteers 18 to 55 years" are ages."""
        if self.ctx.offset == 0:
            return False
        at = self.ctx.offset - 1
        if self.ctx.lexemes[at].type == "COMMA" and at > 0:  # "Women and Men, >= 18 years"
            at -= 1
        before = self.ctx.lexemes[at]
        words = before.value.lower().split() if before.type == "W" else []
        # a sex term of the events lexicon is a word to this family, shown whole: "Male or female patients"
        if (before.type == "EV_JUDGE" and before.value == "good_health") or (
                words[-1:] and words[-1] in _VOLUNTEER_WORDS and "healthy" in words):
            return True  # "Healthy volunteers 18 to 55 years" (a judgement term, shown whole as a word)
        return before.type == "EV_SEX" or (words[-1:] and words[-1] in sex_words()) or (
            len(words) > 1 and bool(sex_words().keys() & set(words)))

    def age_limit(self, children):
        (quantity,) = children
        return self._age([Bound(">=", quantity, quantity.lo, quantity.hi)])

    @staticmethod
    def _unit_word(lexeme) -> bool:
        """Whether a lexeme is a unit of the unit lexicon (the age family sees it as a word)."""
        return lexeme.type in ("UNIT", "DOSE_UNIT") or (
            lexeme.type == "W" and unit_as_written(lexeme.value) is not None)

    def _age(self, children) -> Node:
        following = self.ctx.offset + self.ctx.length
        before = self.ctx.lexemes[self.ctx.offset - 1] if self.ctx.offset else None
        if before is not None and before.type == "W" and before.value.lower().split()[-1:] and \
                before.value.lower().split()[-1] in _DEATH_WORDS:
            raise ValueError("'sudden death under 40 years of age': the age at a death, not the patient's")
        if following + 1 < len(self.ctx.lexemes) and self.ctx.lexemes[following].type == "COLON":
            # "Age 18 to < 65 years: PLMAI >= 10": the age names a case whose requirement follows
            raise ValueError("an age before a colon and more words is a case, not a requirement")
        if following < len(self.ctx.lexemes) and self._unit_word(self.ctx.lexemes[following]):
            # "Age >= 12 years and >= 40 kg": the last number has a unit of its own, no age's
            raise ValueError("a number with a unit other than time after the age")
        anchor = next((c.event for c in children if isinstance(c, Anchor)), None)
        expr = next(c for c in children if isinstance(c, (Bound, Interval, Union)))
        second = next((c for c in children if isinstance(c, Second)), None)
        if second is not None:
            expr = _with_second(expr, second.bound)
        if isinstance(expr, Union):
            units = _shared_unit(*(b.quantity for b in expr.bounds))
            parts = tuple(self._from_interval(_interval(b), units, anchor) for b in expr.bounds)
            return AnyOf(items=parts, span=self.ctx.match_span())
        interval = _interval(expr) if isinstance(expr, Bound) else expr
        quantities = [q for q in (interval.low, interval.high) if q is not None]
        node = self._from_interval(interval, _shared_unit(*quantities), anchor)
        return node.model_copy(update={"span": self.ctx.match_span()})

    def _from_interval(self, interval: Interval, unit: str | None, anchor: str | None) -> Node:
        assumed = unit is None
        unit = unit or "year"

        def bound(q: Quantity | None, inclusive: bool) -> AgeBound | None:
            if q is None:
                return None
            return AgeBound(value=q.value, unit=q.unit or unit, inclusive=inclusive)

        low = bound(interval.low, interval.low_inclusive)
        high = bound(interval.high, interval.high_inclusive)
        span = self.ctx.span(interval.lo, interval.hi)
        if low is not None and high is not None and low.value > high.value and low.unit == high.unit:
            # "age > 65 and < 18" cannot be met by anyone: keep both as written, as all_of
            return AllOf(
                items=(
                    Age(low=low, unit_assumed=assumed, at=anchor, span=span),
                    Age(high=high, unit_assumed=assumed, at=anchor, span=span),
                ),
                span=span,
            )
        return Age(low=low, high=high, unit_assumed=assumed, at=anchor, span=span)


def _with_second(first: Bound | Interval | Union, second: Bound) -> Interval:
    """One bound and the second one after its age mark, as the interval they make (">= 18 years old
    and <= 75 years"); any other pair (two lower bounds, bounds that leave no age between them) is
    refused rather than guessed, and the age family's reading of the first bound stands."""
    if not isinstance(first, Bound):
        raise ValueError("a second bound after a range or a union")
    if first.op in _LOW and second.op in _HIGH:
        interval = Interval(first.quantity, _LOW[first.op], second.quantity, _HIGH[second.op], first.lo, second.hi)
    elif first.op in _HIGH and second.op in _LOW:
        interval = Interval(second.quantity, _LOW[second.op], first.quantity, _HIGH[first.op], first.lo, second.hi)
    else:
        raise ValueError("two bounds that do not make an interval")
    low, high = interval.low, interval.high
    if low.unit == high.unit and low.value >= high.value:  # "< 18 years of age, > 65 years of age": either, not both
        raise ValueError("two bounds that leave no age between them")
    return interval


@cache
def _before_comparators() -> dict[str, str]:
    """{phrase: comparator} of the cue lexicon's comparators written before a number ("below": "<")."""
    return {e.phrase.lower(): e.value for e in cue_lexicon() if e.terminal == "CMP" and e.value}


def _interval(bound: Bound | Interval) -> Interval:
    if isinstance(bound, Interval):
        return bound
    q = bound.quantity
    if bound.op in _LOW:
        return Interval(q, _LOW[bound.op], None, False, bound.lo, bound.hi)
    if bound.op in _HIGH:
        return Interval(None, False, q, _HIGH[bound.op], bound.lo, bound.hi)
    return Interval(q, True, q, True, bound.lo, bound.hi)  # "==": exactly that age


def _shared_unit(*quantities: Quantity) -> str | None:
    """The unit stated for any of the quantities ("18 to 75 years": years for both)."""
    return next((q.unit for q in reversed(quantities) if q.unit), None)
