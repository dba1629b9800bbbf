"""English forms of the threshold kinds: lab and measure thresholds, performance status, life expectancy.

Registered into :data:`criteria.render.english.RENDERERS` on import (``english`` imports this
module last). Patient wording names the analyte in words ("absolute neutrophil count") and the
bound in words ("at least 1.5 × 10⁹/L", "no more than 3 times the upper limit of normal");
the clinician's phrase keeps the abbreviation and symbols ("ANC ≥ 1.5 × 10⁹/L").
"""

from __future__ import annotations

import re

from ..labs import lab_lexicon
from ..parse.grammar.counts import counted_field, rate_time
from ..tree.nodes import Alternative, LabThreshold, LifeExpectancy, PerformanceStatus
from .english import Clause, Context, age_symbols, age_words, human_number, number, quantity, renders
from .plain_words import abbreviation, scale_words, unit_words

_WORDS = {">=": "at least", ">": "more than", "<=": "no more than", "<": "less than", "==": "exactly"}
_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}
_LIMITS = {"ULN": "the upper limit of normal", "LLN": "the lower limit of normal"}
_SCALES = {"ecog": "ECOG", "karnofsky": "Karnofsky", "lansky": "Lansky"}
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_POWER = re.compile(r"\^(-?\d+)")
# pint names that people write otherwise
_SHOWN = {"degC": "°C", "degF": "°F", "score_point": " points", "pack_year": " pack-years", "cmH2O": " cm H₂O",
          "cigarette/day": " cigarettes a day", "cigarette/week": " cigarettes a week", "drink/day": " drinks a day",
          "drink/week": " drinks a week"}


def unit_text(unit: str | None) -> str:
    """A pint unit expression as people write it: "10^9/L" → "× 10⁹/L", "1/uL" → "/µL"."""
    if not unit:
        return ""
    if unit == "percent":
        return "%"
    if unit in _SHOWN:
        return _SHOWN[unit]
    text = unit.replace("(1.73 m^2)", "1.73 m^2").replace("(24 h)", "24 h")
    text = re.sub(r"(?<![A-Za-z])u(?=(?:L|mol|g|IU|U|m)\b)", "µ", text)  # uL, umol, uIU: micro; "units" stays
    text = _POWER.sub(lambda m: m.group(1).translate(_SUPERSCRIPT), text)
    if text.startswith("1/"):
        return text[1:]
    if text.startswith("10"):
        return f"× {text}"
    return f" {text}" if not text.startswith("/") else text


def _amount(value: float, unit: str | None, relative_to: str | None, *, words: bool) -> str:
    if relative_to:
        limit = abbreviation(relative_to) or _LIMITS[relative_to]
        return f"{human_number(value)} times {limit}" if words else f"{number(value)} × {relative_to}"
    spelled = unit_words(unit) if words else None
    if spelled:  # "1.5 billion per litre", "9 grams per decilitre", "90%"
        return f"{human_number(value)}{spelled}" if spelled == "%" else f"{human_number(value)} {spelled}"
    shown = unit_text(unit)
    if not shown:
        return number(value)
    return f"{number(value)}{shown}" if shown[0] in "%/ " else f"{number(value)} {shown}"


def _bound(op: str, value: float, high: float | None, unit: str | None, rel: str | None, *, words: bool) -> str:
    if op == "between":
        low = human_number(value) if words else number(value)
        if words:
            return f"between {low} and {_amount(high, unit, rel, words=True)}"  # type: ignore[arg-type]
        return f"{low}–{_amount(high, unit, rel, words=False)}"  # type: ignore[arg-type]
    table = _WORDS if words else _SYMBOLS
    return f"{table[op]} {_amount(value, unit, rel, words=words)}"


def _alternatives(alternatives: tuple[Alternative, ...], *, words: bool, relative_to: str | None = None) -> str:
    """ "(or less than 5 times that limit if you have liver involvement)": a subgroup's bound, the
    limit said once per sentence for a patient (``relative_to`` is the main bound's)."""
    parts = []
    for alt in alternatives:
        bound = _bound(alt.op, alt.value, alt.value_high, alt.unit, alt.relative_to, words=words)
        if words and relative_to and alt.relative_to == relative_to:
            bound = bound.replace(abbreviation(relative_to) or _LIMITS[relative_to], "that limit")
        if alt.condition:
            parts.append(f"{bound} if you have {alt.condition}" if words else f"{bound} if {alt.condition}")
        elif alt.method:
            parts.append(f"{bound} {alt.method}")
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


def _counted(node: LabThreshold) -> Clause | None:
    """ "at least 6 swollen joints", "at least 3 loose stools a day": a count or a rate of a counted
    thing (grammars/counts.lark) reads as the number of things, not as a measure "of" a number."""
    if node.relative_to or node.alternatives or node.applies_to or node.analyte in lab_lexicon():
        return None
    time = rate_time(node.unit)
    found = counted_field(node.analyte.split(" "))
    if found is None or (node.unit is not None and time is None):
        return None
    field, thing = found
    if node.op == "between":
        said = f"between {human_number(node.value)} and {human_number(node.value_high)}"  # type: ignore[arg-type]
        clinical = f"{number(node.value)}–{number(node.value_high)}"  # type: ignore[arg-type]
    else:
        said, clinical = f"{_WORDS[node.op]} {human_number(node.value)}", f"{_SYMBOLS[node.op]} {number(node.value)}"
    one = node.value == 1 and node.op in (">=", "==", "<=") and node.value_high is None
    things = field[: len(field) - len(thing.plural)] + thing.singular if one else field
    per = f" a {time}" if time else ""
    return Clause.have(f"{said} {things}{per}", clinical=f"{field} {clinical}{'/' + time if time else ''}")


@renders("lab_threshold")
@renders("measure_threshold")
def _threshold(node: LabThreshold, ctx: Context) -> Clause:
    counted = _counted(node)
    if counted is not None:
        return counted
    entry = lab_lexicon().get(node.analyte)
    name = entry.name if entry is not None else node.analyte  # open vocabulary: the phrase as the field
    said = _bound(node.op, node.value, node.value_high, node.unit, node.relative_to, words=True)
    clinical = _bound(node.op, node.value, node.value_high, node.unit, node.relative_to, words=False)
    said_for = f" if you are in the group '{node.applies_to}'" if node.applies_to else ""
    subgroups = _alternatives(node.alternatives, words=True, relative_to=node.relative_to)
    clinical_for = f" if {node.applies_to}" if node.applies_to else ""
    return Clause.have(
        f"{_article(name)} {name} of {said}{subgroups}{said_for}",
        clinical=f"{_abbreviation(node.analyte)} {clinical}{_alternatives(node.alternatives, words=False)}{clinical_for}",
    )


@renders("performance_status")
def _performance(node: PerformanceStatus, ctx: Context) -> Clause:
    scale = _SCALES[node.scale]
    if node.op == "between":
        said, clinical = f"{number(node.value)} to {number(node.value_high)}", f"{number(node.value)}–{number(node.value_high)}"  # type: ignore[arg-type]
    else:
        said, clinical = f"{_WORDS[node.op]} {number(node.value)}", f"{_SYMBOLS[node.op]} {number(node.value)}"
    for_age, clinical_age = "", ""
    if node.for_age is not None:
        for_age = f" if you are {age_words(node.for_age.low, node.for_age.high)}"
        clinical_age = f" if age {age_symbols(node.for_age.low, node.for_age.high)}"
    assumed = " (scale not named; ECOG assumed)" if node.scale_assumed and node.scale == "ecog" else ""
    clinical = f"{scale} {clinical}{clinical_age}{assumed}"
    plain = _daily_life(node)
    if plain:  # "be able to care for yourself … (ECOG performance status 0 to 2)"
        return Clause.be(f"{plain} ({scale} performance status {said}){for_age}", clinical=clinical)
    return Clause.have(f"{_article(scale)} {scale} performance status of {said} (how well you manage daily "
                       f"activities){for_age}{assumed}", clinical=clinical)


def _daily_life(node: PerformanceStatus) -> str | None:
    """What the worst score the bound allows means in daily life, from the glossary (or None)."""
    if node.scale_assumed:
        return None
    ecog = node.scale == "ecog"
    if node.op == "between":
        worst = node.value_high if ecog else node.value
    elif (node.op in ("<=", "<")) == ecog:
        worst = node.value if node.op in ("<=", ">=") else node.value + (-1 if ecog else 10)
    else:
        return None  # "ECOG ≥ 2" asks for illness, not ability: say the bound as written
    return scale_words(node.scale, worst)  # type: ignore[arg-type]


@renders("life_expectancy")
def _life_expectancy(node: LifeExpectancy, ctx: Context) -> Clause:
    amount = quantity(node.value, node.unit)
    assumed = " (no comparator given; a minimum assumed)" if node.op_assumed else ""
    return Clause.be(f"expected to live {_WORDS[node.op]} {amount}{assumed}",
                     clinical=f"life expectancy {_SYMBOLS[node.op]} {amount}{assumed}")


def _article(name: str) -> str:
    return "an" if name[:1].lower() in "aeiou" else "a"


_EXCLUDED = {">=": "at least", ">": "more than", "<=": "no more than", "<": "less than", "==": "exactly"}


def threshold_reason(rule, section: str, facts: dict, verdict: str) -> str | None:
    """Why a threshold criterion came out as it did, in words: "your platelet count is 65 billion
    per litre; the trial needs at least 100 billion per litre." None when ``rule`` is not a plain
    threshold (alternatives for subgroups or a subgroup of its own need the evaluator's reason).
    """
    if rule is None or rule.kind not in ("lab_threshold", "measure_threshold"):
        return None
    if rule.alternatives or rule.applies_to or verdict == "not_applicable":
        return None
    name = lab_lexicon()[rule.analyte].name
    bound = _bound(rule.op, rule.value, rule.value_high, rule.unit, rule.relative_to, words=True)
    wanted = f"the trial needs {bound}" if section == "inclusion" else f"the trial excludes {bound}"
    recorded = facts.get(name)
    if recorded is None:
        return f"we have no {name} result for you; {wanted}." if verdict == "unknown" else None
    number_text, _, unit = str(recorded).partition(" ")
    try:
        value = float(number_text)
    except ValueError:
        return None
    return f"your {name} is {_amount(value, unit or None, None, words=True)}; {wanted}."
