"""The one pint registry of ``criteria``, with the clinical units of ``data/units/clinical.txt``.

Every unit string the library writes (lab lexicon, nodes, records) is a pint expression
this registry parses: ``"g/dL"``, ``"10^9/L"``, ``"mL/min/(1.73 m^2)"``, ``"ULN"``. Some carry
a power of ten ("10^9/L" is 1e9 per litre), so a unit string is read as a *quantity* whose
magnitude is that scale.

Parsing a unit string costs pint 150–400 µs; so strings are parsed once
(:func:`parse_unit`) and conversion factors between two strings are cached
(:func:`factor`): the hot path multiplies by a float.

Application registry convention: a library must not replace the application's registry,
so this module builds its own, once, and offers it (:func:`registry`). An application that
wants to mix its quantities with ours calls ``pint.set_application_registry(registry())``.
"""

from __future__ import annotations

import math
import threading
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import InputValueError, ResourceError
from .resources import data_path

if TYPE_CHECKING:
    import pint
# pint itself is imported with the registry, on the first unit read: a parse of a text without
# a lab or unit (and the spaCy components' entry points) never pays for it

__all__ = ["UnitError", "compatible", "convert", "factor", "parse_unit", "registry", "satisfies"]

_lock = threading.Lock()
_registry: pint.UnitRegistry | None = None


class UnitError(InputValueError):
    """A unit string this registry cannot read, or two units that do not convert."""

    code = "unit"


def registry() -> pint.UnitRegistry:
    """The library's registry: pint's defaults plus ``clinical.txt`` (built once, thread-safe)."""
    global _registry
    if _registry is None:
        with _lock:
            if _registry is None:
                _registry = _build()
    return _registry


def _build() -> pint.UnitRegistry:
    import pint

    # pint's own disk cache of parsed definitions (keyed by their content) makes a cold start
    # ~0.03 s instead of ~0.3 s; where the cache folder cannot be used, build without it
    try:
        return _load(pint.UnitRegistry(cache_folder=":auto:"))
    except ResourceError:
        raise
    except Exception:  # e.g. a read-only home directory
        return _load(pint.UnitRegistry(cache_folder=None))


def _load(ureg: pint.UnitRegistry) -> pint.UnitRegistry:
    try:
        ureg.load_definitions(str(data_path("units", "clinical.txt")))
    except Exception as exc:  # a broken shipped data file is a packaging error
        raise ResourceError(f"units/clinical.txt does not load: {exc}") from exc
    return ureg


@lru_cache(maxsize=4096)
def parse_unit(unit: str) -> pint.Quantity:
    """``unit`` as a quantity of this registry (magnitude = its scale, e.g. 1e9 for "10^9/L")."""
    try:
        parsed = registry().parse_expression(unit)
    except Exception as exc:  # pint's parser also raises AssertionError, TokenError… on odd text
        raise UnitError(f"{unit!r} is not a unit this library knows") from exc
    import pint  # loaded by registry() above: a lookup in sys.modules

    if not isinstance(parsed, pint.Quantity):  # a bare number such as "1000"
        parsed = registry().Quantity(parsed, "")
    return parsed


Context = str | tuple[str, ...] | None


@lru_cache(maxsize=16384)
def factor(source: str, target: str, context: Context = None) -> float:
    """The number that turns a value in ``source`` into one in ``target``.

    ``context`` names one conversion context of ``clinical.txt`` or a tuple of them (e.g.
    ``"creatinine"`` for mg/dL ↔ µmol/L, ``("calcium", "divalent_ion")`` for mg/dL ↔ mEq/L).
    Raises :class:`UnitError` if the units do not convert.
    """
    import pint  # loaded by parse_unit above: a lookup in sys.modules

    src, dst = parse_unit(source), parse_unit(target)
    contexts = (context,) if isinstance(context, str) else tuple(context or ())
    try:
        converted = src.to(dst.units, *contexts)
    except (pint.DimensionalityError, pint.PintError, KeyError, ValueError) as exc:
        raise UnitError(f"{source!r} does not convert to {target!r}" + (f" in context {context!r}" if context else "")) from exc
    return float(converted.magnitude) / float(dst.magnitude)


def convert(value: float, source: str, target: str, context: Context = None) -> float:
    """``value`` in ``source`` expressed in ``target`` (through the cached factor)."""
    return value * factor(source, target, context)


@lru_cache(maxsize=4096)
def compatible(source: str, target: str, context: Context = None) -> bool:
    """Whether ``source`` converts to ``target`` (in ``context``, if given)."""
    try:
        factor(source, target, context)
    except UnitError:
        return False
    return True


_OPS = {
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    "==": lambda a, b: a == b,
}


def satisfies(value: float, unit: str, op: str, bound: float, bound_unit: str, context: Context = None) -> bool:
    """Whether ``value unit`` meets ``op bound bound_unit`` (``value`` converted to the bound's unit).

    Raises :class:`UnitError` if the units do not convert (``"ULN"`` only compares with ``"ULN"``).
    """
    if op not in _OPS:
        raise UnitError(f"unknown comparator {op!r}; expected one of {', '.join(_OPS)}")
    converted = convert(value, unit, bound_unit, context)
    # 0.1 g/L is 0.010000000000000002 g/dL in floats: a value on the bound stays on it
    if math.isclose(converted, bound, rel_tol=1e-9):
        converted = bound
    return _OPS[op](converted, bound)
