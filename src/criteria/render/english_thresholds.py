"""English forms of the threshold kinds: lab and measure thresholds, performance status, life expectancy.

Registered into :data:`criteria.render.english.RENDERERS` on import (``english`` imports this
module last). Patient wording names the analyte in words ("absolute neutrophil count") and the
bound in words ("at least 1.5 × 10⁹/L", "no more than 3 times the upper limit of normal");
the clinician's phrase keeps the abbreviation and symbols ("ANC ≥ 1.5 × 10⁹/L").
"""

from __future__ import annotations

import re

from ..labs import lab_lexicon
from ..nodes import Alternative, LabThreshold, LifeExpectancy, PerformanceStatus
from .english import Clause, Context, age_symbols, age_words, number, quantity, renders

_WORDS = {">=": "at least", ">": "more than", "<=": "no more than", "<": "less than", "==": "exactly"}
_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
_LIMITS = {"ULN": "the upper limit of normal", "LLN": "the lower limit of normal"}
_SCALES = {"ecog": "ECOG", "karnofsky": "Karnofsky", "lansky": "Lansky"}
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_POWER = re.compile(r"\^(-?\d+)")
# pint names that people write otherwise
_SHOWN = {"degC": "°C", "degF": "°F", "score_point": " points", "pack_year": " pack-years", "cmH2O": " cm H₂O"}


def unit_text(unit: str | None) -> str:
    """A pint unit expression as people write it: "10^9/L" → "× 10⁹/L", "1/uL" → "/µL"."""
    if not unit:
        return ""
    if unit == "percent":
        return "%"
    if unit in _SHOWN:
        return _SHOWN[unit]
    text = unit.replace("(1.73 m^2)", "1.73 m^2").replace("(24 h)", "24 h")
    text = re.sub(r"(?<![A-Za-z])u(?=[A-Za-z])", "µ", text)  # uL, umol, uIU: micro
    text = _POWER.sub(lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    if text.startswith("1/"):
        return text[1:]
    if text.startswith("10"):
        return f"× {text}"
    return f" {text}" if not text.startswith("/") else text


def _amount(value: float, unit: str | None, relative_to: str | None, *, words: bool) -> str:
    if relative_to:
        return f"{number(value)} times {_LIMITS[relative_to]}" if words else f"{number(value)} × {relative_to}"
    shown = unit_text(unit)
    if not shown:
        return number(value)
    return f"{number(value)}{shown}" if shown[0] in "%/ " else f"{number(value)} {shown}"


def _bound(op: str, value: float, high: float | None, unit: str | None, rel: str | None, *, words: bool) -> str:
    if op == "between":
        low = number(value)
        if words:
            return f"between {low} and {_amount(high, unit, rel, words=True)}"  # type: ignore[arg-type]
        return f"{low}–{_amount(high, unit, rel, words=False)}"  # type: ignore[arg-type]
    table = _WORDS if words else _SYMBOLS
    return f"{table[op]} {_amount(value, unit, rel, words=words)}"


def _alternatives(alternatives: tuple[Alternative, ...], *, words: bool) -> str:
    parts = []
    for alt in alternatives:
        bound = _bound(alt.op, alt.value, alt.value_high, alt.unit, alt.relative_to, words=words)
        if alt.condition:
            parts.append(f"{bound} for people with {alt.condition}" if words else f"{bound} if {alt.condition}")
        else:
            parts.append(bound)
    if not parts:
        return ""
    return f" (or {'; or '.join(parts)})"


def _abbreviation(field: str) -> str:
    """The lexicon's first abbreviation (its usual spelling), else the name."""
    entry = lab_lexicon().get(field)
    if entry is None:  # a measure the lexicon lacks: its field is its phrase
        return field
    return entry.abbreviations[0] if entry.abbreviations else entry.name


@renders("lab_threshold")
@renders("measure_threshold")
def _threshold(node: LabThreshold, ctx: Context) -> Clause:
    entry = lab_lexicon().get(node.analyte)
    name = entry.name if entry is not None else node.analyte  # open vocabulary: the phrase as the field
    said = _bound(node.op, node.value, node.value_high, node.unit, node.relative_to, words=True)
    clinical = _bound(node.op, node.value, node.value_high, node.unit, node.relative_to, words=False)
    said_for = f" if you are in the group '{node.applies_to}'" if node.applies_to else ""
    clinical_for = f" if {node.applies_to}" if node.applies_to else ""
    return Clause.have(
        f"{_article(name)} {name} of {said}{_alternatives(node.alternatives, words=True)}{said_for}",
        clinical=f"{_abbreviation(node.analyte)} {clinical}{_alternatives(node.alternatives, words=False)}{clinical_for}",
    )


@renders("performance_status")
def _performance(node: PerformanceStatus, ctx: Context) -> Clause:
    scale = _SCALES[node.scale]
    if node.op == "between":
        said, clinical = f"of {number(node.value)} to {number(node.value_high)}", f"{number(node.value)}–{number(node.value_high)}"  # type: ignore[arg-type]
    else:
        said, clinical = f"of {_WORDS[node.op]} {number(node.value)}", f"{_SYMBOLS[node.op]} {number(node.value)}"
    if node.for_age is not None:
        said += f" if you are {age_words(node.for_age.low, node.for_age.high)}"
        clinical += f" if age {age_symbols(node.for_age.low, node.for_age.high)}"
    assumed = " (scale not named; ECOG assumed)" if node.scale_assumed and node.scale == "ecog" else ""
    return Clause.have(f"{_article(scale)} {scale} performance status {said} (how well you manage daily activities){assumed}",
                       clinical=f"{scale} {clinical}{assumed}")


@renders("life_expectancy")
def _life_expectancy(node: LifeExpectancy, ctx: Context) -> Clause:
    amount = quantity(node.value, node.unit)
    assumed = " (no comparator given; a minimum assumed)" if node.op_assumed else ""
    return Clause.be(f"expected to live {_WORDS[node.op]} {amount}{assumed}",
                     clinical=f"life expectancy {_SYMBOLS[node.op]} {amount}{assumed}")


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"
