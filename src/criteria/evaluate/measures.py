"""Compilers for the numeric kinds of the lab branch: lab and measure thresholds, performance
status, life expectancy.

The nodes are read by kind and field name (``analyte``, ``loinc``, ``op``, ``value``,
``value_high``, ``unit``, ``relative_to``, ``alternatives``; ``scale``; a duration ``unit``), so
they work the moment the typed nodes are merged. Everything a threshold needs that does not
depend on the patient is resolved at compile time: the lexicon entry (names, abbreviations,
LOINC, default reference range, conversion contexts), the comparison, the alternatives' subgroup
words. Per patient: one index of the patient's labs (built once per evaluation), a dictionary
lookup, a cached conversion factor and a comparison.

A patient's lab matches a threshold by code (``"LOINC:751-8"`` ↔ the node's LOINC) or by name
(any name or abbreviation the lexicon gives the analyte, case-insensitively); the most recent
dated result is used. ``× ULN`` thresholds divide by the lab row's ``uln``, else by the lexicon's
default upper limit (flagged as a default in the reason), else stay unknown.
"""

from __future__ import annotations

import math
import operator
import re
import threading
from dataclasses import replace
from datetime import date
from functools import lru_cache, partial
from typing import Any, Callable

from .evaluator import Check, FactList, Options, compile_rule, register
from .facts import Facts
from .implied import implications
from .logic import MET, NOT_MET, UNKNOWN, all_of, any_of, negate
from .patient import LabResult
from ..labs import bare_number_unit
from ..resources import sex_words
from .quantities import conversion_factor

_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}
_SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "between": "between"}


def _lab_lexicon() -> dict[str, Any]:
    """The lab branch's lexicon ``{field: entry}``; empty until that branch is merged."""
    try:
        from ..labs import lab_lexicon  # type: ignore[import-not-found]
    except ImportError:  # before the merge: match by LOINC and analyte name only
        return {}
    return lab_lexicon()


# ``x op value`` as ``value reflected-op x``: a partial of the C operator, no Python frame per test
_REFLECTED: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.le,
    ">": operator.lt,
    "<=": operator.ge,
    "<": operator.gt,
    "==": operator.eq,
}


def bound_test(op: str, value: float, value_high: float | None) -> Callable[[float], bool]:
    """``x op value`` as a function of x ("between": ``value <= x <= value_high``); shared with grades."""
    if op == "between":
        high = value_high if value_high is not None else value
        return lambda x: value <= x <= high
    return partial(_REFLECTED[op], value)


def _bound_text(op: str, value: float, value_high: float | None, unit: str | None) -> str:
    unit_text = f" {unit}" if unit and unit != "ULN" and unit != "LLN" else ""
    if op == "between":
        return f"between {value:g} and {value_high:g}{unit_text}"
    return f"{_SYMBOLS[op]} {value:g}{unit_text}"


def _interval(test: Callable[[float], bool], lo: float, hi: float) -> int:
    """Verdict of a monotone comparison over every value in ``[lo, hi]``."""
    at_lo, at_hi = test(lo), test(hi)
    if at_lo and at_hi:
        return MET
    return NOT_MET if not at_lo and not at_hi else UNKNOWN


# --- patient labs ----------------------------------------------------------------------------


def _norm(text: str) -> str:
    """A name as a key: lower case, single spaces, a hyphen read as a space ("CHA2DS2-VASc")."""
    return " ".join(text.lower().replace("-", " ").split())


# lab name / "loinc:<code>" → analyte fields, filled as thresholds compile (one process-wide
# table, so a patient's labs are indexed once per evaluation whatever the trial)
_lock = threading.Lock()
_ANALYTES: dict[str, frozenset[str]] = {}
_version = [0]  # bumped on every registration, so cached lookups never go stale


def _register(keys: tuple[str, ...], analyte: str) -> None:
    with _lock:
        for key in keys:
            _ANALYTES[key] = _ANALYTES.get(key, frozenset()) | {analyte}
        _version[0] += 1


@lru_cache(maxsize=65536)
def _analytes_of(name: str | None, code: str | None, version: int) -> frozenset[str]:
    """Analytes a lab row's name or code stands for (cached: names repeat across patients)."""
    found = _ANALYTES.get(_norm(name), frozenset()) if name else frozenset()
    if code:
        found = found | _ANALYTES.get("".join(code.lower().split()), frozenset())
    return found


def _labs_by_analyte(facts: Facts) -> dict[str, LabResult]:
    """The patient's latest result of each analyte (the last listed among equal dates)."""
    out: dict[str, LabResult] = {}
    version = _version[0]
    for lab in facts.patient.labs:
        for analyte in _analytes_of(lab.name, lab.code, version):
            best = out.get(analyte)
            if best is None or (lab.date or date.min) >= (best.date or date.min):
                out[analyte] = lab
    return out


def _keys(node: Any, entry: Any) -> tuple[str, ...]:
    keys = [f"loinc:{node.loinc}"] if getattr(node, "loinc", None) else []
    keys.append(_norm(node.analyte.replace("_", " ")))
    if entry is not None:
        keys += [_norm(n) for n in (*entry.names, *entry.abbreviations, entry.name)]
    return tuple(dict.fromkeys(keys))


# --- one comparison (the main bound or an alternative) ---------------------------------------


_UNSEEN: Any = object()
_UNITLESS = frozenset({"score_point", "points", "point"})  # a lab unit a bound has not converted from yet


class _Bound:
    """One ``op value [unit | × ULN]`` comparison against the patient's lab value.

    :meth:`code` is the hot path (numbers only); :meth:`verdict` adds the sentence.
    """

    def __init__(self, spec: Any, entry: Any, label: str) -> None:
        self.op, self.value, self.value_high = spec.op, spec.value, spec.value_high
        self.relative = getattr(spec, "relative_to", None)
        # a score's points are its number: "≥ 2 points" compares with a score given without a unit
        self.unit = None if self.relative or spec.unit in _UNITLESS else spec.unit
        # "BMI > 30": a bare number near the measure's range is in the measure's unit (labs.bare_number_unit)
        self.bare = None if self.unit is not None or spec.unit in _UNITLESS else bare_number_unit(spec, entry)
        self.unit = self.unit or self.bare
        self.test = bound_test(spec.op, spec.value, spec.value_high)
        self.context = tuple(getattr(entry, "context", ()) or ())
        self.reference = getattr(entry, "reference", None)
        self.label = label
        self.text = _bound_text(spec.op, spec.value, spec.value_high, spec.unit) + (
            f" × {self.relative}" if self.relative else ""
        )
        self.edges = tuple(edge for edge in (spec.value, spec.value_high) if edge is not None)
        # lab unit → factor to this bound's unit (None: not convertible); filled on first use,
        # two threads filling one entry write the same value
        self._factors: dict[str, float | None] = {}

    def _factor(self, unit: str) -> float | None:
        """Factor from a lab's ``unit`` to this bound's, or ``None`` when they measure different
        things (one dict lookup per patient: the cached pint call hashes three arguments)."""
        try:
            return self._factors[unit]
        except KeyError:
            pass
        try:
            factor: float | None = conversion_factor(unit, self.unit, self.context)  # type: ignore[arg-type]
        except ValueError:
            factor = None
        self._factors[unit] = factor
        return factor

    def on_scale(self, lab: LabResult) -> float | None:
        """The lab's value on this bound's scale, or ``None`` when it cannot be compared."""
        if self.relative:
            return self._scaled(lab)[0]
        unit = None if lab.unit in _UNITLESS else lab.unit
        if self.unit is None or unit is None:
            return lab.value if (self.unit is None or self.bare) and unit is None else None
        factor = self._factors.get(unit, _UNSEEN)
        if factor is _UNSEEN:
            factor = self._factor(unit)
        return None if factor is None else lab.value * factor

    def _scaled(self, lab: LabResult) -> tuple[float | None, float | None, str | None]:
        """(value on this bound's scale, the limit used for × ULN/LLN, where the limit came from)."""
        if self.relative:
            limit, source = (lab.uln if self.relative == "ULN" else lab.lln), "from the lab"
            if limit is None and self.reference is not None:
                limit, source = self._default_limit(lab), "lexicon default"
            return (lab.value / limit, limit, source) if limit else (None, None, None)
        return self.on_scale(lab), None, None

    def _default_limit(self, lab: LabResult) -> float | None:
        limit = self.reference.high if self.relative == "ULN" else self.reference.low
        if limit is not None and lab.unit and self.reference.unit:
            try:
                return limit * conversion_factor(self.reference.unit, lab.unit, self.context)
            except ValueError:
                return None
        return limit

    def code(self, lab: LabResult) -> int:
        value = self.on_scale(lab)
        if value is None:
            return UNKNOWN
        for edge in self.edges:
            if math.isclose(value, edge, rel_tol=1e-9):
                value = edge  # 1500/µL is 1.5000000000000002 × 10^9/L in floats: on the bound stays on it
        return MET if self.test(value) else NOT_MET

    def verdict(self, lab: LabResult) -> tuple[int, str]:
        code = self.code(lab)
        value, limit, source = self._scaled(lab)
        unit = lab.unit or ""
        if value is None:
            why = (
                f"with no {self.relative} (the lab gives none)"
                if self.relative
                else f"cannot be compared with {self.unit or 'no unit'}"
            )
            return code, f"{self.label} {lab.value:g} {unit} {why}".replace("  ", " ")
        if self.relative:
            shown = (
                f"{lab.value:g} {unit} = {value:.3g} × {self.relative} ({self.relative} {limit:g}, {source})"
            )
        elif self.unit is None or value == lab.value:
            shown = f"{lab.value:g} {unit}".rstrip()
        else:
            shown = f"{lab.value:g} {unit} = {value:.4g} {self.unit}"
        read_in = f" (no unit written: read in {self.bare})" if self.bare and lab.unit else ""
        return code, f"{self.label} {shown} {'is' if code == MET else 'is not'} {self.text}{read_in}"


# --- subgroups of alternatives ("for subjects with liver involvement") ----------------------

_GENERIC = frozenset(
    "subjects subject patients patient participants participant with who have has known documented "
    "involvement disease of the a an and or in due to".split()
)
_SYNONYMS = {"hepatic": "liver", "liver's": "liver", "gilbert's": "gilbert", "renal": "kidney"}


def _words(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return frozenset(_SYNONYMS.get(w, w.removesuffix("'s")) for w in words)


@lru_cache(maxsize=65536)
def record_words(name: str, qualifiers: tuple[str, ...]) -> frozenset[str]:
    """The words of a condition record's name and qualifiers (cached: records repeat across
    patients, and a regex per record per subgroup test was the lab checks' main cost)."""
    return _words(" ".join((name, *qualifiers)))


def subgroup_words(condition: str) -> frozenset[str]:
    """The content words a recorded condition must all contain to put the patient in the subgroup
    ("liver" for "liver involvement"); the SQL compiler reads subgroups with the same words."""
    return _words(condition) - _GENERIC


def word_forms(word: str) -> frozenset[str]:
    """The written words that read as ``word`` in a record ("hepatic", "liver's" for "liver")."""
    return frozenset({word, word + "'s"} | {k for k, v in _SYNONYMS.items() if v == word})


def _subgroup(condition: str | None) -> Callable[[Facts], int]:
    """Whether the patient belongs to the subgroup an alternative is for.

    A deliberately small matcher until condition lexicons are merged: the subgroup's content
    words ("liver" for "liver involvement") must all appear in one recorded condition (name and
    qualifiers). No match counts as "no" only when the caller vouches conditions are complete.
    """
    if condition is None:
        return lambda facts: UNKNOWN
    wanted = subgroup_words(condition)
    if not wanted:
        return lambda facts: UNKNOWN

    def member(facts: Facts) -> int:
        patient = facts.patient
        for record in patient.conditions:
            if wanted <= record_words(record.name, record.qualifiers):
                return MET
        return NOT_MET if patient.is_complete("conditions") else UNKNOWN

    return member


# --- the kinds -------------------------------------------------------------------------------


@register("lab_threshold", "measure_threshold")
def _threshold(node: Any, options: Options) -> Check:
    entry = _lab_lexicon().get(node.analyte)
    label = entry.name if entry is not None else node.analyte.replace("_", " ")
    analyte = node.analyte
    _register(_keys(node, entry), analyte)
    main = _Bound(node, entry, label)
    alternatives = tuple(
        (_subgroup(a.condition), _Bound(a, entry, label), a.condition) for a in node.alternatives
    )

    def find(facts: Facts) -> LabResult | None:
        index = facts.cache.get("labs")
        if index is None:
            index = facts.cache["labs"] = _labs_by_analyte(facts)
        return index.get(analyte)

    implied = _implied_checks(node, options)

    def by_condition(facts: Facts) -> tuple[int, str] | None:
        """The verdict and sentence of the first recorded condition that settles the bound."""
        for check, verdict, says in implied:
            if check.run(facts) == MET:
                return verdict, says
        return None

    def run(facts: Facts) -> int:
        lab = find(facts)
        code = UNKNOWN if lab is None else main.code(lab)
        if code == UNKNOWN and implied:
            settled = by_condition(facts)
            return code if settled is None else settled[0]
        if lab is None:
            return UNKNOWN
        if code == MET or not alternatives:
            return code
        return any_of(
            [code] + [all_of((member(facts), bound.code(lab))) for member, bound, _ in alternatives]
        )

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        lab = find(facts)
        settled = by_condition(facts) if implied and (lab is None or main.code(lab) == UNKNOWN) else None
        if settled is not None:
            verdict, says = settled
            seen = "no result" if lab is None else "no comparable result"
            return (f"{label}: {seen}, but {says}, so {'it is' if verdict == MET else 'it is not'} "
                    f"{main.text}"), ((label, says),)
        if lab is None:
            return f"no {label} result; needs {main.text}", ()
        used: FactList = ((label, f"{lab.value:g} {lab.unit or ''}".strip()),) + (
            ((f"{label} date", lab.date),) if lab.date else ()
        ) + (((lab.source, " ".join(p for p in (lab.code, lab.name) if p)),) if lab.source else ())
        main_code, reason = main.verdict(lab)
        if main_code != MET:
            for member, bound, condition in alternatives:
                reason += (
                    f"; for {condition}: {bound.verdict(lab)[1]} (in that subgroup: {_WORD[member(facts)]})"
                )
        return reason, used

    def needs_for(facts: Facts) -> tuple[str, ...]:
        if implied and by_condition(facts) is not None:
            return ()
        if find(facts) is None:
            return (label,)
        return tuple(
            f"whether the patient has {c}" for member, _, c in alternatives if c and member(facts) == UNKNOWN
        )

    return _for_group(Check(node, run, describe, needs=(label,), needs_for=needs_for),
                      _sex_group(getattr(node, "applies_to", None)), getattr(node, "applies_to", None))


_WORD = {MET: "yes", NOT_MET: "no", UNKNOWN: "unknown"}


def _implied_checks(node: Any, options: Options) -> tuple[tuple[Check, int, str], ...]:
    """The conditions that settle ``node`` when its measure has no usable result
    (:mod:`criteria.evaluate.implied`), each compiled so that only a record of it is met: silence
    settles it only as "not met" here, whatever section or negation the bound sits in."""
    found = implications(node)
    if not found:
        return ()
    recorded = replace(options, absence="clears", section="exclusion", negated=False)
    return tuple((compile_rule(i.when, recorded), i.verdict, i.says) for i in found)


# --- bounds for one group ("QTc <= 450 ms for males", "Lansky >= 50 for patients <= 16 years") --------


def group_sex(applies_to: str) -> str | None:
    """The one sex a group names ("males", "women"), or ``None`` when it names none or both."""
    sexes = {sex_words()[w] for w in re.findall(r"[a-z]+", applies_to.lower()) if w in sex_words()}
    return sexes.pop() if len(sexes) == 1 else None


def _sex_group(applies_to: str | None) -> Callable[[Facts], int] | None:
    """Membership of the group a bound is for: the patient's sex for "males"/"women"…, else the
    condition matcher of alternatives; ``None`` when the bound is for everyone."""
    if applies_to is None:
        return None
    sex = group_sex(applies_to)
    if sex is not None:
        return lambda facts: UNKNOWN if facts.patient.sex is None else (MET if facts.patient.sex == sex else NOT_MET)
    return _subgroup(applies_to)


def _for_group(check: Check, member: Callable[[Facts], int] | None, group: str | None) -> Check:
    """A bound for one group holds for everyone outside it: (not member) or bound, in Kleene logic."""
    if member is None:
        return check
    inner_run, inner_describe = check.run, check.describe

    def run(facts: Facts) -> int:
        inside = member(facts)
        return MET if inside == NOT_MET else any_of((negate(inside), inner_run(facts)))

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        if member(facts) == NOT_MET:
            return f"the bound is for {group}; the patient is not in that group", ()
        reason, used = inner_describe(facts, code)
        return f"for {group}: {reason}", used

    return Check(check.node, run, describe, needs=check.needs, needs_for=check.needs_for)
_PS_SCALES = {"ECOG": "ecog", "WHO": "ecog", "Zubrod": "ecog", "Karnofsky": "karnofsky", "Lansky": "lansky"}
_PS_NAMES = {
    "ecog": "ECOG performance status",
    "karnofsky": "Karnofsky performance status",
    "lansky": "Lansky performance status",
}


@register("performance_status")
def _performance_status(node: Any, options: Options) -> Check:
    test = bound_test(node.op, node.value, node.value_high)
    name = _PS_NAMES.get(node.scale, f"{node.scale} performance status")
    wanted = _bound_text(node.op, node.value, node.value_high, None)

    def run(facts: Facts) -> int:
        score = facts.patient.performance_status
        if score is None or _PS_SCALES[score.scale] != node.scale:
            return UNKNOWN  # scales do not convert exactly (ECOG 1 spans Karnofsky 70–80)
        return MET if test(score.value) else NOT_MET

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        score = facts.patient.performance_status
        if score is None:
            return f"no performance status; needs {name} {wanted}", ()
        used: FactList = (("performance_status", f"{score.scale} {score.value}"),) + (
            ((score.source, f"{score.scale} {score.value}"),) if score.source else ()
        )
        if code == UNKNOWN:
            return (
                f"the patient's score is {score.scale} {score.value}; the criterion needs {name} {wanted}",
                used,
            )
        return f"{score.scale} {score.value} {'is' if code == MET else 'is not'} {wanted}", used

    check = Check(node, run, describe, needs=(name,))
    for_age = getattr(node, "for_age", None)
    if for_age is None:
        return check
    age = compile_rule(for_age, options)  # the age family's own check: "for patients <= 16 years"
    return _for_group(check, age.run, "that age group")


_WEEKS = {
    "week": (1.0, 1.0),
    "day": (1 / 7, 1 / 7),
    "hour": (1 / 168, 1 / 168),
    "month": (28 / 7, 31 / 7),
    "year": (365 / 7, 366 / 7),
}


@register("life_expectancy")
def _life_expectancy(node: Any, options: Options) -> Check:
    # a month is 28–31 days: "≥ 3 months" is 12–13.3 weeks, and a value inside that is unknown
    per_lo, per_hi = _WEEKS[node.unit]
    wanted = _bound_text(node.op, node.value, getattr(node, "value_high", None), node.unit + "s")
    compare = _OPS.get(node.op, operator.ge)

    def run(facts: Facts) -> int:
        weeks = facts.patient.life_expectancy_weeks
        if weeks is None:
            return UNKNOWN
        return _interval(lambda bound: compare(weeks, bound), node.value * per_lo, node.value * per_hi)

    def describe(facts: Facts, code: int) -> tuple[str, FactList]:
        weeks = facts.patient.life_expectancy_weeks
        if weeks is None:
            return f"no life expectancy; needs {wanted}", ()
        verb = {MET: "is", NOT_MET: "is not", UNKNOWN: "cannot tell if it is"}[code]
        return f"life expectancy {weeks:g} weeks {verb} {wanted}", (("life_expectancy_weeks", weeks),)

    return Check(node, run, describe, needs=("life expectancy",))
