"""UCUM unit codes (OMOP's unit concepts) → pint expressions of the library's one registry.

The table is data (``data/units/ucum.jsonl``), validated on load: every pint expression must
parse in :func:`criteria.units.registry`. The SQL compiler turns it into conversion factors at
compile time (:func:`factors`), so the database multiplies by a constant.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..evaluate.quantities import conversion_factor, parse_unit
from ..resources import load_jsonl


class UcumUnit(BaseModel):
    """One row of ``units/ucum.jsonl``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ucum: str = Field(min_length=1, description="the UCUM code as OMOP's concept_code writes it")
    pint: str | None = Field(description="the library's unit expression; None for a unitless value")

    @field_validator("pint")
    @classmethod
    def _parses(cls, value: str | None) -> str | None:
        if value is not None:
            parse_unit(value)  # ValueError names the unit: the loader reports file and line
        return value


@cache
def ucum_units() -> dict[str, str | None]:
    """UCUM code → pint expression (``None``: unitless)."""
    return {row.ucum: row.pint for row in load_jsonl("units/ucum.jsonl", UcumUnit)}


def factors(target: str | None, context: tuple[str, ...] = ()) -> dict[str, float]:
    """UCUM code → factor to ``target`` for every code that converts (pint, at compile time)."""
    out: dict[str, float] = {}
    if target is None:
        return out
    for code, unit in ucum_units().items():
        if unit is None:
            continue
        try:
            out[code] = conversion_factor(unit, target, context)
        except ValueError:
            continue
    return out


def factors_from(source: str, context: tuple[str, ...] = ()) -> dict[str, float]:
    """UCUM code → factor from ``source`` to that code's unit, for every code it converts to."""
    out: dict[str, float] = {}
    for code, unit in ucum_units().items():
        if unit is None:
            continue
        try:
            out[code] = conversion_factor(source, unit, context)
        except ValueError:
            continue
    return out


def unitless_codes() -> tuple[str, ...]:
    """UCUM codes of values without a unit (ratios, scores)."""
    return tuple(code for code, unit in ucum_units().items() if unit is None)
