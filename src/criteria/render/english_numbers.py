"""Numbers and units in an evaluator's reasons, formatted for people.

The evaluator writes its reasons for machines and logs ("platelet count 65 10^9/L is not ≥ 100
10^9/L", "9e+04 1/mm^3"); a report shows them as people write them ("65 × 10⁹/L", "90,000/mm³").
Only the formatting changes: every number keeps its value, every unit its meaning.
"""

from __future__ import annotations

import re

from .english import human_number

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SCIENTIFIC = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)[eE]([+-]?\d+)(?![\w.])")
_POWER_OF_TEN = re.compile(r"(?<=\d) (?:x |× )?10\^(-?\d+)(/[\w()^.]+)?")
_PER_UNIT = re.compile(r"(?<=\d) 1/(?=[A-Za-zµ(])")
_EXPONENT = re.compile(r"(?<=[A-Za-z)])\^(-?\d+)")
_PERCENT = re.compile(r"(?<=\d) percent\b")
_MICRO = re.compile(r"(?<![A-Za-z])u(?=(?:L|mol|g|IU)\b)")


def _scientific(match: re.Match[str]) -> str:
    value = float(match.group(0))
    return human_number(value) if abs(value) < 1e15 else match.group(0)


def human_units(text: str) -> str:
    """``text`` with numbers and units written for people (see the module)."""
    text = _SCIENTIFIC.sub(_scientific, text)
    text = _POWER_OF_TEN.sub(lambda m: f" × 10{m.group(1).translate(_SUPERSCRIPT)}{m.group(2) or ''}", text)
    text = _PER_UNIT.sub("/", text)
    text = _EXPONENT.sub(lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    text = _MICRO.sub("µ", text)
    return _PERCENT.sub("%", text)
