"""Units for the evaluator: every pint call of this package goes through this module.

The library has ONE pint registry, :func:`criteria.units.registry`; :func:`_unit_registry` is
the one place this package reaches it. Parsing a unit string
costs hundreds of microseconds, so parses and conversion factors are cached: a patient's
"10^9/L" is parsed once per process, not once per patient.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any


@cache
def _unit_registry() -> Any:
    """The library's one pint registry (``criteria.units``, with the clinical definitions)."""
    from ..units import registry

    return registry()


@lru_cache(maxsize=4096)
def parse_unit(text: str) -> Any:
    """``"10^9/L"`` → a pint quantity of magnitude 1e9 per litre; cached.

    Raises ``ValueError`` (which pydantic reports against the field) for an empty string,
    a bare number, or anything pint does not know.
    """
    from tokenize import TokenError

    import pint

    source = text.strip()
    if not source:
        raise ValueError("a unit is empty; write e.g. 'g/dL', or leave the unit out for a ratio such as INR")
    if source.startswith("/"):
        source = "1" + source  # "/uL" is a count per microlitre
    try:
        quantity = _unit_registry().parse_expression(source)
    except (pint.errors.PintError, AttributeError, SyntaxError, TypeError, ValueError, AssertionError, TokenError) as exc:
        # pint's expression parser asserts (":") or fails to tokenize ("(") on odd text
        raise ValueError(f"unknown unit {text!r}: {exc!r}") from None
    if not hasattr(quantity, "units") or str(quantity.units) == "dimensionless":
        raise ValueError(f"{text!r} is a number, not a unit")
    return quantity


def parse_amount(text: str) -> tuple[float, Any]:
    """``"5 mg/day"`` → ``(5.0, <pint quantity of 1 mg/day>)``; ``ValueError`` if not number + unit."""
    try:
        quantity = parse_unit(text)
    except ValueError as exc:
        if "is a number" in str(exc):
            raise ValueError(f"{text!r} has no unit; write a number and a unit, e.g. '5 mg/day'") from None
        raise
    first = text.strip().split(maxsplit=1)[0]
    try:
        float(first)
    except ValueError:
        raise ValueError(f"{text!r} does not start with a number; write e.g. '5 mg/day'") from None
    return float(quantity.magnitude), quantity / quantity.magnitude


@lru_cache(maxsize=4096)
def conversion_factor(from_unit: str, to_unit: str, context: tuple[str, ...] = ()) -> float:
    """Factor ``f`` with ``value [from_unit] == value * f [to_unit]``; cached per pair and context.

    ``context`` names pint contexts of the registry (the lab registry's molar-mass contexts such
    as ``("creatinine",)`` for mg/dL ↔ µmol/L). Raises ``ValueError`` when the units measure
    different things.
    """
    import pint

    source, target = parse_unit(from_unit), parse_unit(to_unit)
    try:
        converted = source.to(target.units, *context) if context else source.to(target.units)
    except (pint.errors.PintError, KeyError, ValueError):
        raise ValueError(
            f"cannot convert {from_unit!r} to {to_unit!r}: they measure different things"
        ) from None
    return float(converted.magnitude) / float(target.magnitude)
