"""Transformer methods of the count family (grammars/counts.lark): counts and rates of counted things.

">= 6 swollen joints" is a :class:`~criteria.tree.nodes.MeasureThreshold` on the field "swollen
joints" with no unit (a count is a plain number); ">= 3 loose stools per day" one on "loose stools"
in ``1/day`` (pint reads it, so a patient's 21 a week compares). What is counted must end in a word of
``lexicons/counted_things.jsonl``: the grammar only sees words, and "> 5 mg per day" or "> 2 cycles of
chemotherapy" are not counts this family reads. A time is never counted ("15 days per month" has a
time unit where the thing counted would be, so the grammar does not match it). Anything the family
refuses raises ``ValueError``: the scanner then tries a shorter reading, or leaves the words unread.
"""

from __future__ import annotations

import re
from functools import cache

from lark import Token
from pydantic import BaseModel, ConfigDict, Field

from ...errors import ResourceError
from ...resources import load_jsonl, word_list
from ...tree.nodes import MeasureThreshold
from .base import RuleContext

#: Words that say "in each" between a count and its time: "3 stools per day", "a week", "each month".
_PER = frozenset({"per", "a", "an", "each", "every"})
#: The time units a rate may be counted in (a half-life is no calendar time).
_RATE_TIMES = frozenset({"year", "month", "week", "day", "hour"})
#: Words after the thing counted that go on defining it ("≥ 1 lesion that can be accurately measured
#: ... as ≥ 20 mm", "a lesion measuring ≥ 10 mm"): the thing is not the words before them alone.
_DEFINED_ON = frozenset({"that", "which", "measuring", "measured", "measures", "measurable"})
_WORD = re.compile(r"^[a-z][a-z'-]*$")


class CountedThing(BaseModel):
    """One row of ``lexicons/counted_things.jsonl`` (its ``_format`` line documents the fields)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    singular: str = Field(pattern=r"^[a-z]+( [a-z]+)?$", description="the thing counted, one of it")
    plural: str = Field(pattern=r"^[a-z]+( [a-z]+)?$", description="the thing counted, more than one")
    rate_only: bool = Field(default=False, description="read only with the time it is counted in")
    vague: bool = Field(default=False, description="read only with a word before it that says what it is")


@cache
def counted_things() -> dict[tuple[str, ...], CountedThing]:
    """The counted things by the words of each spelling (singular and plural); a spelling listed
    twice, or one that is a time unit, is refused."""
    found: dict[tuple[str, ...], CountedThing] = {}
    for row in load_jsonl("lexicons/counted_things.jsonl", CountedThing):
        for spelling in {row.singular, row.plural}:
            key = tuple(spelling.split())
            if key in found:
                raise ResourceError(f"lexicons/counted_things.jsonl: {spelling!r} is listed twice")
            if key[-1] in _RATE_TIMES or key[-1].rstrip("s") in _RATE_TIMES:
                raise ResourceError(f"lexicons/counted_things.jsonl: {spelling!r} is a time, never counted")
            found[key] = row
    return found


def counted_field(words: list[str]) -> tuple[str, CountedThing] | None:
    """(field, thing) for the words naming what is counted: the words before the counted thing and
    the thing's plural ("swollen joint" -> "swollen joints"); None when the words end in no
    counted thing."""
    things = counted_things()
    for size in (2, 1):
        if len(words) >= size and tuple(words[-size:]) in things:
            thing = things[tuple(words[-size:])]
            return " ".join([*words[:-size], thing.plural]), thing
    return None


def rate_time(unit: str | None) -> str | None:
    """The time a rate unit counts in ("1/day" -> "day"), or None for any other unit."""
    if unit and unit.startswith("1/") and unit[2:] in _RATE_TIMES:
        return unit[2:]
    return None


class CountRules:
    """Mixed into the node builder; ``self.ctx`` is the :class:`RuleContext`."""

    ctx: RuleContext

    def cnt_words(self, children):
        return (children[0].start_pos, children[-1].start_pos)

    def cnt_per(self, children):
        return (children[-1], len(children) == 2)  # (the time unit, whether a slash says "per")

    def cnt_cmp(self, children):
        comparator, number, words, *per = children
        return self._count(comparator, number, words, per[0] if per else None, comparator.start_pos)

    def cnt_post(self, children):
        number, comparator, words, *per = children
        if self.ctx.source(comparator.start_pos, comparator.start_pos) == "+":
            raise ValueError("'3+ tumors': a grade (IHC 3+), not 3 or more")
        return self._count(comparator, number, words, per[0] if per else None, number.start_pos)

    def _count(self, comparator: Token, number: Token, words: tuple[int, int],
               per: tuple[Token, bool] | None, lo: int) -> MeasureThreshold:
        value = self.ctx.number(number)
        if value is None or value < 0:
            raise ValueError("not a count")
        # a term of another family is one word to this one ("measurable lesion"): its words, one by one
        said = " ".join(self.ctx.source(i, i) for i in range(words[0], words[1] + 1)).lower().split()
        unit = None
        if per is not None:
            time, slashed = per
            if not slashed:
                if said[-1] not in _PER:
                    raise ValueError("a time right after what is counted is not the time it is counted in")
                said = said[:-1]
            if self.ctx.value(time) not in _RATE_TIMES:
                raise ValueError("a rate is counted in a calendar time")
            unit = f"1/{self.ctx.value(time)}"
        self._check_words(said)
        found = counted_field(said)
        if found is None:
            raise ValueError("the words name nothing this family counts")
        field, thing = found
        if value != 1 and len(said) >= len(thing.singular.split()) and \
                said[-len(thing.singular.split()):] == thing.singular.split() and thing.singular != thing.plural:
            raise ValueError("'2 separate tumor cores', 'grade 2 or greater bleeding episode': one thing "
                             "after a number above one is not what is counted")
        if thing.vague and all(w in word_list("generic_count_words.txt") for w in said[:-len(thing.plural.split())]):
            raise ValueError("'(distinct) episodes' alone does not say of what")
        if unit is None and (thing.rate_only or value != int(value)):
            raise ValueError("a count of this thing says too little without its time, or is not whole")
        self._check_after()
        self._check_before(self.ctx.value(comparator))
        return MeasureThreshold(analyte=field, op=self.ctx.value(comparator), value=value, unit=unit,
                                span=self.ctx.span(lo, self.ctx.length - 1))

    def _check_words(self, said: list[str]) -> None:
        """The thing counted is named by plain words: no function word ("2 of the lesions"), no
        number or symbol."""
        stops = word_list("function_words.txt")
        if not said or any(not _WORD.match(w) or w in stops for w in said):
            raise ValueError("what is counted is named by plain words")

    def _check_before(self, op: str) -> None:
        """A number right after "grade" is a grade ("Grade 2 or greater bleeding episode"), and "equal to"
        right after "or" ends another comparator ("greater than or equal to" the lexer cut): not counts."""
        at = self.ctx.offset
        if at == 0:
            return
        before = self.ctx.lexemes[at - 1]  # another family's terminal is a word to this one
        word = before.value.lower() if before.type == "W" else before.type
        if word in ("grade", "GRADE", "GRADE_N"):
            raise ValueError("a grade, not a count")
        if op == "==" and word in ("or", "OR"):
            raise ValueError("the end of another comparator ('... than or equal to')")

    def _check_after(self) -> None:
        """A count whose thing goes on in a rate of another kind ("> 1 urge episodes/24 hours",
        "2 units per session"), is named or defined by the words after it, or is measured right after
        it, is not read."""
        following = self.ctx.offset + self.ctx.length
        if following >= len(self.ctx.lexemes):
            return
        nxt = self.ctx.lexemes[following]
        if nxt.type == "CMP":
            raise ValueError("the thing counted is measured next ('at least 1 lesion >= 20 mm'): its size is read")
        if nxt.type == "W" and nxt.value.lower() == "of":
            raise ValueError("the thing counted is named after 'of' ('2 episodes of hypoglycemia')")
        if nxt.type == "W" and nxt.value.lower() in _DEFINED_ON:
            raise ValueError("the thing counted is defined by the words after it")
        if nxt.type == "SLASH" or (nxt.type == "W" and nxt.value.lower() in _PER - {"a", "an"}):
            raise ValueError("counted per something else")
