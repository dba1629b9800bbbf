"""What a recorded condition says about a measure nobody wrote down.

A note says "tachycardic", "febrile", "obese" far more often than it gives the number. Those
conditions are defined by a range of a measure (``data/lexicons/defining_measures.jsonl``):
tachycardia is a heart rate above 100/min, obesity a BMI of 30 or more in an adult. When a
patient has no usable result for a bound's measure but has such a condition, active, the range
can settle the bound: "heart rate ≥ 90/min" holds for every heart rate above 100, and "BMI < 25"
for none of 30 or more. Where the range straddles the bound ("heart rate ≥ 120/min"), the
condition settles nothing and the bound stays unknown.

Only an active record of the condition counts, never its absence (a list silent about
tachycardia says nothing about a heart rate of 95) nor a past one (an old fever says nothing of
today's temperature). The OMOP CDM never says a condition is ongoing (a row without an end date
has an unknown status), so the SQL compiler has nothing to read here, and it agrees with the
evaluator on the profile such a row becomes.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import ResourceError
from ..labs import bare_number_unit, lab_lexicon
from ..resources import event_lexicon, load_jsonl
from ..tree.nodes import Age, AgeBound, AllOf, Condition, Node
from ..units import UnitError, factor, parse_unit
from .logic import MET, NOT_MET, UNKNOWN


class DefiningMeasure(BaseModel):
    """One row of ``lexicons/defining_measures.jsonl``: a condition and the range it means."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    condition: str = Field(min_length=1, description="the event lexicon's condition concept")
    field: str = Field(min_length=1, description="the lab lexicon's measure the condition is a range of")
    op: Literal[">", ">=", "<", "<=", "between"] = Field(description="the range, as a bound")
    value: float = Field(description="the bound's number")
    value_high: float | None = Field(default=None, description="the upper number of 'between'")
    unit: str | None = Field(description="unit of the numbers (pint expression)")
    adults: bool = Field(default=False, description="the range defines the condition in adults only")

    @model_validator(mode="after")
    def _consistent(self) -> "DefiningMeasure":
        if (self.op == "between") != (self.value_high is not None):
            raise ValueError("value_high goes with 'between' and only with it")
        if self.unit is not None:
            parse_unit(self.unit)
        return self


class Interval(NamedTuple):
    """Numbers from ``low`` to ``high``; an open end excludes its number."""

    low: float
    high: float
    low_open: bool
    high_open: bool

    def within(self, other: "Interval") -> bool:
        """Every number of this interval lies in ``other``."""
        low_ok = other.low < self.low or (other.low == self.low and (not other.low_open or self.low_open))
        high_ok = self.high < other.high or (self.high == other.high and (not other.high_open or self.high_open))
        return low_ok and high_ok

    def apart(self, other: "Interval") -> bool:
        """No number lies in both."""
        def before(a: "Interval", b: "Interval") -> bool:
            return a.high < b.low or (a.high == b.low and (a.high_open or b.low_open))
        return before(self, other) or before(other, self)


def interval(op: str, value: float, value_high: float | None = None) -> Interval:
    """The numbers a bound ``op value [value_high]`` admits."""
    inf = math.inf
    return {
        ">": Interval(value, inf, True, True), ">=": Interval(value, inf, False, True),
        "<": Interval(-inf, value, True, True), "<=": Interval(-inf, value, True, False),
        "==": Interval(value, value, False, False),
        "between": Interval(value, value_high if value_high is not None else value, False, False),
    }[op]


class Implication(NamedTuple):
    """A condition (with the patient's age where it matters) and the verdict it gives one bound."""

    when: Node  # compiled as a rule: met when the condition is recorded, active
    verdict: int  # MET or NOT_MET
    says: str  # "tachycardia means heart rate > 100 bpm"


@cache
def defining_measures() -> dict[str, tuple[DefiningMeasure, ...]]:
    """The defining ranges by measure field, in file order (the first recorded condition wins)."""
    labs = lab_lexicon()
    conditions = {c.name for c in event_lexicon() if c.kind == "condition"}
    out: dict[str, list[DefiningMeasure]] = {}
    for row in load_jsonl("lexicons/defining_measures.jsonl", DefiningMeasure):
        if row.field not in labs:
            raise ResourceError(f"lexicons/defining_measures.jsonl: {row.field!r} is no lab lexicon field")
        if row.condition not in conditions:
            raise ResourceError(f"lexicons/defining_measures.jsonl: {row.condition!r} is no condition concept")
        if _in_unit(row, labs[row.field].unit, labs[row.field]) is None:
            raise ResourceError(f"lexicons/defining_measures.jsonl: {row.unit!r} does not convert to "
                                f"{row.field}'s unit {labs[row.field].unit!r}")
        out.setdefault(row.field, []).append(row)
    return {field: tuple(rows) for field, rows in out.items()}


def _in_unit(row: DefiningMeasure, unit: str | None, entry: Any) -> Interval | None:
    """The row's range in ``unit``; ``None`` when it does not convert (a temperature's offset
    units convert only to themselves here)."""
    if row.unit == unit:
        return interval(row.op, row.value, row.value_high)
    if row.unit is None or unit is None:
        return None
    try:
        scale = factor(row.unit, unit, tuple(getattr(entry, "context", ()) or ()))
    except UnitError:
        return None
    high = None if row.value_high is None else row.value_high * scale
    return interval(row.op, row.value * scale, high)


def implications(node: Any) -> tuple[Implication, ...]:
    """The conditions that settle threshold ``node`` when its measure has no result, with the
    verdict each gives; none for a bound relative to a limit or with per-subgroup alternatives."""
    if getattr(node, "relative_to", None) or getattr(node, "alternatives", ()):
        return ()
    entry = lab_lexicon().get(node.analyte)
    rows = defining_measures().get(node.analyte, ())
    unit = node.unit or bare_number_unit(node, entry)
    bound = interval(node.op, node.value, node.value_high)
    out: list[Implication] = []
    for row in rows:
        implied = _in_unit(row, unit, entry)
        if implied is None:
            continue
        verdict = MET if implied.within(bound) else NOT_MET if implied.apart(bound) else UNKNOWN
        if verdict != UNKNOWN:
            out.append(Implication(_recorded(row), verdict, _says(row, entry)))
    return tuple(out)


def _recorded(row: DefiningMeasure) -> Node:
    condition = Condition(name=row.condition, status=("active",))
    if not row.adults:
        return condition
    adult = Age(low=AgeBound(value=18, unit="year", inclusive=True))
    return AllOf(items=(condition, adult))


def _says(row: DefiningMeasure, entry: Any) -> str:
    name = entry.name if entry is not None else row.field.replace("_", " ")
    sign = {">=": "≥", "<=": "≤"}.get(row.op, row.op)
    bound = f"between {row.value:g} and {row.value_high:g}" if row.op == "between" else f"{sign} {row.value:g}"
    unit = f" {row.unit.removeprefix('1')}" if row.unit else ""  # "1/min" reads "/min"
    adults = " in an adult" if row.adults else ""
    return f"{row.condition.replace('_', ' ')} means {name} {bound}{unit}{adults}"
