"""The lab and measure lexicon and the unit lexicon: data files validated on load.

``data/lexicons/labs.jsonl`` names ~125 analytes and measures (canonical field, LOINC,
names and abbreviations, canonical unit, conversion contexts, a default reference range
where a standard one exists). ``data/lexicons/units.jsonl`` says how units are written
("x 10^9/L", "/mm3", "mL/min/1.73 m^2") and which pint unit each spelling means. Both
open with a ``_format`` line documenting their fields; :mod:`criteria.resources` validates
every row against the schemas below, and :func:`marks` joins them into the phrase table
the ``criteria_labs`` spaCy component matches.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any, Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .errors import ResourceError
from .resources import load_jsonl
from .units import UnitError, factor, parse_unit


def _pint_unit(value: str | None) -> str | None:
    if value is not None:
        try:
            parse_unit(value)
        except UnitError as exc:
            raise ValueError(f"unit {value!r} is not a pint unit of criteria.units") from exc
    return value


class ReferenceRange(BaseModel):
    """A standard adult reference range, always flagged as a default (labs differ)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    low: float | None = Field(description="lower limit of normal, if any")
    high: float | None = Field(description="upper limit of normal, if any")
    unit: str | None = Field(description="unit of both limits (pint expression)")
    default: Literal[True] = Field(description="always true: a textbook default, not the patient's laboratory")

    _unit = field_validator("unit")(classmethod(lambda cls, v: _pint_unit(v)))


class Scale(BaseModel):
    """The values a score or class can take ("ASA class" 1-6); a bound outside them is not this scale."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    low: float = Field(description="the lowest value of the scale")
    high: float = Field(description="the highest value of the scale")
    roman: bool = Field(default=False, description="classes written in roman numerals ('NYHA class II-III')")

    @model_validator(mode="after")
    def _ordered(self) -> "Scale":
        if self.high <= self.low:
            raise ValueError(f"scale high {self.high} is not above its low {self.low}")
        return self


class LabEntry(BaseModel):
    """One row of ``lexicons/labs.jsonl``: an analyte or a clinical measure."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="canonical name, the records field")
    name: str = Field(min_length=1, description="readable name")
    kind: Literal["lab", "measure"] = Field(description="laboratory analyte or clinical measurement")
    loinc: str | None = Field(pattern=r"^\d{1,7}-\d$", description="LOINC code, where one fits")
    names: tuple[str, ...] = Field(description="phrases matched case-insensitively")
    abbreviations: tuple[str, ...] = Field(description="phrases matched with their exact case")
    unit: str | None = Field(description="canonical unit (pint expression); None for unitless values")
    also_units: tuple[str, ...] = Field(default=(), description="other units it is written in (see _format)")
    context: tuple[str, ...] = Field(default=(), description="clinical.txt contexts for conversions")
    reference: ReferenceRange | None = Field(default=None, description="default reference range")
    scale: Scale | None = Field(default=None, description="scores and classes: the values the scale can take")
    named_by_unit: bool = Field(
        default=False, description="its unit names it: a bound in that unit with no name before it is this "
        "measure ('a smoking history of >= 10 pack-years')"
    )

    _unit = field_validator("unit")(classmethod(lambda cls, v: _pint_unit(v)))
    _also = field_validator("also_units")(classmethod(lambda cls, v: tuple(_pint_unit(u) for u in v)))

    @model_validator(mode="after")
    def _named(self) -> "LabEntry":
        if not self.names and not self.abbreviations:
            raise ValueError(f"{self.field}: needs at least one name or abbreviation")
        if self.scale is not None and self.unit is not None:
            raise ValueError(f"{self.field}: a scale is unitless (its values are points or classes)")
        if self.named_by_unit and self.unit is None:
            raise ValueError(f"{self.field}: only a unit can name a measure")
        return self


class UnitEntry(BaseModel):
    """One row of ``lexicons/units.jsonl``: the spellings of one unit."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit: str = Field(min_length=1, description="the pint expression these spellings mean")
    forms: tuple[str, ...] = Field(default=(), description="spellings matched case-insensitively")
    exact: tuple[str, ...] = Field(default=(), description="spellings matched with their exact case")
    after_times: tuple[str, ...] = Field(default=(), description="spellings valid only after 'x'")

    _unit = field_validator("unit")(classmethod(lambda cls, v: _pint_unit(v)))


class Mark(NamedTuple):
    """One phrase of the ``criteria_labs`` matcher: what terminal it becomes, with which value."""

    terminal: Literal["LAB", "UNIT"]
    value: str  # the lab's field, or the unit's pint expression
    phrase: str
    exact: bool  # match with case (ORTH) rather than lower-cased (LOWER)


#: Words that stand for the multiplication sign before an exponent unit ("x 10^9/L").
TIMES_WORDS = ("x", "times", "*")


@cache
def lab_lexicon() -> dict[str, LabEntry]:
    """All analytes and measures by canonical field."""
    entries = load_jsonl("lexicons/labs.jsonl", LabEntry)
    by_field: dict[str, LabEntry] = {}
    for entry in entries:
        if entry.field in by_field:
            raise ResourceError(f"lexicons/labs.jsonl: field {entry.field!r} is listed twice")
        by_field[entry.field] = entry
    return by_field


@cache
def lab_fields_by_name() -> dict[str, str]:
    """Each analyte's and measure's names (``names``, lower case; not the exact-case abbreviations)
    to its field: "total bilirubin" -> total_bilirubin."""
    return {name.lower(): entry.field for entry in lab_lexicon().values() for name in entry.names}


#: how far outside its reference range a bare number may lie and still be read in the measure's
#: unit: "BMI > 30" (18.5–24.9 kg/m²) is; "haemoglobin < 90" (12–17.5 g/dL) is in g/L, not g/dL
_PLAUSIBLE = 3.0
#: the units a bare number may be in besides the measure's own (mass and substance concentrations)
_OTHER_WRITINGS = ("mmol/L", "umol/L", "mg/dL", "g/dL", "g/L", "mg/L")


def bare_number_unit(spec: Any, entry: Any) -> str | None:
    """The unit a bound written without one is read in: the measure's own (``entry.unit``) when
    every number of the bound lies near its reference range in that unit, so the number cannot be
    in another unit the measure is given in ("BMI > 30", "haemoglobin ≥ 9"); else ``None`` (the
    bound compares only with values given without a unit). The evaluator and the SQL compiler
    ask the same."""
    unit = getattr(entry, "unit", None)
    if spec.unit is not None or getattr(spec, "relative_to", None) or unit is None:
        return None
    reference = getattr(entry, "reference", None)
    if reference is None or reference.unit != unit or reference.high is None:
        return None
    edges = [v for v in (spec.value, spec.value_high) if v is not None]
    if not edges or not all(_near(v, reference, 1.0) for v in edges):
        return None
    context = tuple(getattr(entry, "context", ()) or ())
    for other in _OTHER_WRITINGS:  # "magnesium < 1.2" is as near in mmol/L as in mg/dL
        try:
            scale = factor(unit, other, context)
        except UnitError:
            continue
        if not math.isclose(scale, 1.0) and any(_near(v, reference, scale) for v in edges):
            return None
    return unit


def _near(value: float, reference: ReferenceRange, scale: float) -> bool:
    """Whether ``value`` lies near ``reference`` taken in a unit ``scale`` times its own."""
    assert reference.high is not None
    low = (reference.low if reference.low else reference.high / 10) * scale / _PLAUSIBLE
    return low <= value <= reference.high * scale * _PLAUSIBLE


@cache
def unit_lexicon() -> tuple[UnitEntry, ...]:
    """All unit spellings."""
    return tuple(load_jsonl("lexicons/units.jsonl", UnitEntry))


@cache
def _written_units() -> dict[str, str]:
    forms = {f.lower(): u.unit for u in unit_lexicon() for f in u.forms}
    forms.update({f: u.unit for u in unit_lexicon() for f in u.exact})
    return forms


def unit_as_written(text: str) -> str | None:
    """The pint expression of a unit spelt as people write it ("kg/m2", "mg/dl", "x10^9/L"),
    by the spellings of ``lexicons/units.jsonl``; ``None`` for a spelling it does not list."""
    forms = _written_units()
    return forms.get(text) or forms.get(text.strip().lower())


@cache
def marks() -> tuple[Mark, ...]:
    """The phrase table of the ``criteria_labs`` component; a phrase means one thing only."""
    table: list[Mark] = []
    for entry in lab_lexicon().values():
        table += [Mark("LAB", entry.field, p, False) for p in entry.names]
        table += [Mark("LAB", entry.field, p, True) for p in entry.abbreviations]
    for unit in unit_lexicon():
        table += [Mark("UNIT", unit.unit, p, False) for p in unit.forms]
        table += [Mark("UNIT", unit.unit, p, True) for p in unit.exact]
        # "x 10^9/L" is matched with its sign, so the sign never reads as a factor of its own
        times = unit.after_times + (unit.forms if unit.after_times else ())
        table += [Mark("UNIT", unit.unit, f"{x} {p}", False) for p in times for x in TIMES_WORDS]
    seen: dict[tuple[str, bool], Mark] = {}
    for mark in table:
        key = (mark.phrase if mark.exact else mark.phrase.lower(), mark.exact)
        other = seen.setdefault(key, mark)
        if (other.terminal, other.value) != (mark.terminal, mark.value):
            raise ResourceError(
                f"lexicons: phrase {mark.phrase!r} means both {other.value!r} and {mark.value!r}"
            )
    return tuple(seen.values())
