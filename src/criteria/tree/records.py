"""``Criteria.to_records()``: one flat dict per typed leaf (the records contract).

Keys always present: ``section``, ``criterion`` (its id), ``kind``, ``field``, ``op``,
``value``, ``value_high``, ``unit``, ``cohort``, ``negated``, ``start``, ``end``, ``text``.
``value``/``value_high``/``unit`` are the threshold as the text states it, never converted.
Kind-specific keys follow. Record makers dispatch on ``kind``; logic nodes are walked
through (``negated`` is true below an odd number of ``not``), ``unparsed`` yields none.

Events (issue 4): ``field`` is the concept's canonical name; a time window adds
``window_low``, ``window_high``, ``window_unit``, ``anchor`` (and ``anchor_assumed``,
``window_relation``); a count adds ``count_op``, ``count``, ``count_high`` and ``count_unit`` (``line``: lines or
regimens; ``cycle``: cycles, never compared with lines); a grade bound ``grade_op``,
``grade``, ``grade_high``; the stages a condition is said to be at ``stage`` (a list); its qualifiers
``qualifiers`` (a list of ``{axis, values}``: "systemic", "invasive"); what a condition is due to
``cause`` (a list of ``{kind, name, related}``: "hypersensitivity to docetaxel"); a dose limit is the record's
``op``/``value``/``unit``. Records under the exceptions of an ``except`` node carry
``exempt`` true; a criterion whose role is ``exception`` yields none of its own (its rule
is already in its parent's ``except``).
"""

from __future__ import annotations

from typing import Any, Callable

from ..errors import UnsupportedError
from .nodes import Age, Criteria, Criterion, Node

_LOGIC = frozenset({"all_of", "any_of", "not", "at_least"})
_SILENT = frozenset({"unparsed"})


def records(criteria: Criteria) -> list[dict[str, Any]]:
    """All records of ``criteria`` in text order."""
    out: list[dict[str, Any]] = []
    for criterion in criteria.criteria():
        if criterion.role == "exception":
            continue
        start = len(out)
        population = getattr(criterion, "population", None)
        if population is not None:  # who the criterion is about: recorded, marked as such
            _collect(population, criterion, criteria.text, False, out)
            for record in out[start:]:
                record["population"] = True
        if criterion.rule is not None:
            _collect(criterion.rule, criterion, criteria.text, False, out)
        remarks = "; ".join(r.text for r in getattr(criterion, "remarks", ())) or None
        for record in out[start:]:
            record.setdefault("population", False)
            record["remarks"] = remarks
    return out


def _collect(node: Node, criterion: Criterion, text: str, negated: bool, out: list, exempt: bool = False) -> None:
    if node.kind in _LOGIC:
        flip = node.kind == "not"
        for child in node.children():
            _collect(child, criterion, text, negated ^ flip, out, exempt)
        return
    if node.kind == "permitted":  # what is allowed is recorded, marked as asking nothing
        start = len(out)
        _collect(node.item, criterion, text, negated, out, exempt)
        for record in out[start:]:
            record["permitted"] = True
        return
    if node.kind == "except":
        _collect(node.item, criterion, text, negated, out, exempt)
        for child in node.exceptions:
            _collect(child, criterion, text, negated, out, True)
        return
    if node.kind in _SILENT:
        return
    maker = _MAKERS.get(node.kind)
    if maker is None:
        raise UnsupportedError(f"no record maker for node kind {node.kind!r}")
    span = node.span
    out.append(
        {
            "section": criterion.section,
            "criterion": criterion.id,
            "kind": node.kind,
            **_CONTRACT_DEFAULTS,
            **maker(node),
            "cohort": criterion.scope,
            "negated": negated,
            "exempt": exempt,
            "permitted": False,
            "start": span.start if span else None,
            "end": span.end if span else None,
            "text": span.slice(text) if span else None,
        }
    )


_CONTRACT_DEFAULTS = {"field": None, "op": None, "value": None, "value_high": None, "unit": None}


def _age(node: Age) -> dict[str, Any]:
    low, high = node.low, node.high
    if low and high:
        op = "==" if low.value == high.value and low.unit == high.unit else "between"
        extra = {"low_inclusive": low.inclusive, "high_inclusive": high.inclusive}
        return {"field": "age", "op": op, "value": low.value, "value_high": high.value, "unit": low.unit,
                **({"unit_high": high.unit} if high.unit != low.unit else {}), **extra,
                "unit_assumed": node.unit_assumed, "at": node.at}
    bound, op = (low, ">=" if low.inclusive else ">") if low else (high, "<=" if high.inclusive else "<")
    return {"field": "age", "op": op, "value": bound.value, "value_high": None, "unit": bound.unit,
            "unit_assumed": node.unit_assumed, "at": node.at}


def _threshold(node) -> dict[str, Any]:
    """Lab and measure thresholds: the bound as written, plus LOINC, pairs and alternatives."""
    return {
        "field": node.analyte, "op": node.op, "value": node.value, "value_high": node.value_high,
        "unit": node.unit, "relative_to": node.relative_to, "loinc": node.loinc, "method": node.method,
        "applies_to": node.applies_to,
        "paired": [p.model_dump() for p in node.paired],
        "alternatives": [a.model_dump(exclude={"kind", "span"}) for a in node.alternatives],
    }


def _performance(node) -> dict[str, Any]:
    return {"field": f"{node.scale}_performance_status", "op": node.op, "value": node.value,
            "value_high": node.value_high, "unit": None, "scale_assumed": node.scale_assumed,
            "for_age": _age(node.for_age) if node.for_age else None}


def _life_expectancy(node) -> dict[str, Any]:
    return {"field": "life_expectancy", "op": node.op, "value": node.value, "value_high": None,
            "unit": node.unit, "op_assumed": node.op_assumed}


_MAKERS: dict[str, Callable[[Any], dict[str, Any]]] = {
    "age": _age,
    "lab_threshold": _threshold,
    "measure_threshold": _threshold,
    "performance_status": _performance,
    "life_expectancy": _life_expectancy,
}


def _window(window) -> dict[str, Any]:
    if window is None:
        return {}
    return {"window_low": window.low, "window_high": window.high, "window_unit": window.unit,
            "anchor": window.anchor, "anchor_assumed": window.anchor_assumed, "window_relation": window.relation}


def _event(node) -> dict[str, Any]:
    out: dict[str, Any] = {"field": node.name, "status": list(node.status), "computable": node.computable,
                           "code": f"{node.code.system}:{node.code.code}" if node.code else None}
    for extra in ("site", "therapy_class", "drug_class"):
        if extra in type(node).model_fields:
            out[extra] = getattr(node, extra)
    if getattr(node, "count", None) is not None:
        out.update(count_op=node.count_op, count=node.count, count_high=node.count_high, count_unit=node.count_unit)
    grade = getattr(node, "grade", None)
    if grade is not None:
        out.update(grade_op=grade.op, grade=grade.value, grade_high=grade.value_high)
    if getattr(node, "stage", None):
        out["stage"] = list(node.stage)
    if getattr(node, "qualifiers", ()):
        out["qualifiers"] = [{"axis": q.axis, "values": list(q.values)} for q in node.qualifiers]
    if getattr(node, "cause", ()):
        out["cause"] = [{"kind": c.kind, "name": c.name, "related": c.related} for c in node.cause]
    dose = getattr(node, "dose", None) or getattr(node, "amount", None)  # a drug's dose, a donation's amount
    if dose is not None:
        out.update(op=dose.op, value=dose.value, unit=dose.unit)
        if getattr(dose, "equivalent_of", None):
            out["equivalent_of"] = dose.equivalent_of
    return {**out, **_window(node.window)}


def _sex(node) -> dict[str, Any]:
    return {"field": "sex", "op": "==", "value": node.sex, "qualifier": node.qualifier}


def _time_window(node) -> dict[str, Any]:
    return {"field": "time_window", **_window(node)}


_MAKERS.update({  # events (issue 4)
    kind: _event for kind in ("condition", "prior_therapy", "medication", "procedure", "reproductive",
                              "consent", "compliance", "investigator_judgement", "capability")
})
_MAKERS.update({"sex": _sex, "time_window": _time_window})
