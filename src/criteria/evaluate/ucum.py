"""UCUM unit codes (what FHIR quantities carry) → unit strings of the library's pint registry.

UCUM and pint agree on most clinical units (``mg/dL``, ``mmol/L``, ``U/L``), but not on all, and
where they disagree pint may read a UCUM code *wrongly* rather than fail: ``10*3/uL`` is "ten
thousand per microlitre" in UCUM and "30 per microlitre" to pint. So every code goes through
:func:`to_pint`: the table in ``data/units/ucum.json`` first (``mm[Hg]``, ``Cel``,
``mL/min/{1.73_m2}``…), then UCUM's general rules (``10*N`` is a power of ten, a digit after a
unit symbol an exponent, ``{…}`` an annotation with no dimension), and the result must be a unit
the registry reads; otherwise :class:`~criteria.units.UnitError`.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache

from ..errors import ResourceError
from ..resources import data_path
from ..units import UnitError
from .quantities import parse_unit

_POWER = re.compile(r"10\*(-?\d+)")
_EXPONENT = re.compile(r"(?<=[A-Za-z\]])(-?\d+)\b")
_ANNOTATION = re.compile(r"\{[^{}]*\}")


@cache
def _table() -> dict[str, str | None]:
    try:
        data = json.loads(data_path("units", "ucum.json").read_text(encoding="utf-8"))
        table = data["units"]
        if not all(isinstance(k, str) and (v is None or isinstance(v, str)) for k, v in table.items()):
            raise ValueError("units must map strings to strings or null")
    except (ValueError, KeyError) as exc:
        raise ResourceError(f"units/ucum.json does not load: {exc}") from exc
    for target in table.values():
        if target is not None:
            parse_unit(target)  # a broken entry is a packaging error, found on first use
    return table


@lru_cache(maxsize=1024)
def to_pint(code: str) -> str | None:
    """The pint unit string for UCUM ``code``; ``None`` for a dimensionless value (``{score}``, ``1``).

    Raises :class:`~criteria.units.UnitError` for a code neither the table nor the rules make
    into a unit the registry reads.
    """
    code = code.strip()
    table = _table()
    if code in table:
        return table[code]
    text = _ANNOTATION.sub("", code)
    if text in ("", "1"):
        return None  # an annotation alone ({score}) or UCUM's unity: a pure number
    text = _POWER.sub(r"10^\1", text)
    text = _EXPONENT.sub(r"^\1", text)
    if text.startswith("/"):
        text = "1" + text  # "{cells}/uL" → "/uL" → "1/uL"
    try:
        parse_unit(text)
    except ValueError as exc:
        raise UnitError(f"UCUM unit {code!r} is not one this library can read") from exc
    return text
