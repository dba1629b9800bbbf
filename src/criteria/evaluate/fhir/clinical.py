"""Patient, Condition, Procedure and Observation resources → parts of a profile.

Each function takes one validated resource (a ``fhir.resources`` model) and its reference and
returns profile records; :class:`Skip` (or a pydantic ``ValidationError`` from our records) means
the resource cannot be read and is handled by the bad-input policy of :mod:`.load`.
"""

from __future__ import annotations

from typing import Any

from ..patient import ConditionRecord, LabResult, PerformanceScore, ProcedureRecord
from ..quantities import conversion_factor
from .values import codes_of, day, first_code, loinc_of, mapping, name_of, number, unit_of


class Skip(ValueError):
    """This resource cannot be read into the profile (the message says which field and why)."""


# --- Patient ---------------------------------------------------------------------------------

_SEX = {"female": "female", "male": "male"}  # "other" and "unknown" stay unknown


def patient_part(model: Any, ref: str) -> tuple[dict[str, Any], list[str]]:
    """birth_date and sex (with their source), and notes on what could not be read."""
    out: dict[str, Any] = {"sources": {}}
    notes = []
    birth = day(model.birthDate)
    if birth is not None:
        out["birth_date"] = birth
        out["sources"]["birth_date"] = ref
    elif model.birthDate is not None:
        notes.append(f"{ref}: birthDate {model.birthDate!r} names no day; birth date left unknown")
    sex = _SEX.get(model.gender or "")
    if sex is not None:
        out["sex"] = sex
        out["sources"]["sex"] = ref
    return out, notes


# --- Condition -------------------------------------------------------------------------------

_CLINICAL = {"active": "active", "recurrence": "active", "relapse": "active", "remission": "remission",
             "resolved": "resolved", "inactive": "resolved"}
_DROPPED = {"refuted", "entered-in-error"}


def condition(model: Any, ref: str) -> ConditionRecord | None:
    """A condition, or ``None`` when the record says it is not one (refuted, entered in error)."""
    if first_code(model.verificationStatus) in _DROPPED:
        return None
    name = name_of(model.code)
    if name is None:
        raise Skip("code: the condition has no code or text")
    onset = day(model.onsetDateTime) or (day(model.onsetPeriod.start) if model.onsetPeriod else None)
    abatement = day(model.abatementDateTime) or (day(model.abatementPeriod.end) if model.abatementPeriod else None)
    status = _CLINICAL.get(first_code(model.clinicalStatus) or "")
    if status is None and abatement is not None:
        status = "resolved"
    qualifiers = [name_of(s.summary) for s in model.stage or () if s.summary] + [name_of(model.severity)]
    return ConditionRecord(
        name=name, codes=codes_of(model.code), onset=onset, abatement=abatement, status=status,
        qualifiers=tuple(q for q in qualifiers if q), source=ref,
    )


# --- Procedure -------------------------------------------------------------------------------

_NOT_DONE = {"not-done", "entered-in-error"}


def procedure(model: Any, ref: str) -> ProcedureRecord | None:
    if model.status in _NOT_DONE:
        return None
    name = name_of(model.code)
    if name is None:
        raise Skip("code: the procedure has no code or text")
    when = day(model.performedDateTime) or (day(model.performedPeriod.start) if model.performedPeriod else None)
    return ProcedureRecord(name=name, codes=codes_of(model.code), date=when, source=ref)


def procedure_end(model: Any) -> Any:
    """The last day of a procedure that spans a period (a course of radiotherapy)."""
    return day(model.performedPeriod.end) if model.performedPeriod else None


# --- Observation -----------------------------------------------------------------------------

_VOID = {"entered-in-error", "cancelled"}


def observation(model: Any, ref: str) -> list[tuple[str, Any]]:
    """("lab", LabResult) for each value, ("performance_status", PerformanceScore) or
    ("pregnant", (answer, date)); empty for an observation with nothing we read (a text value)."""
    if model.status in _VOID:
        return []
    loinc = loinc_of(model.code)
    when = day(model.effectiveDateTime) or (day(model.effectivePeriod.start) if model.effectivePeriod else None)
    table = mapping()
    if loinc in table.performance_status:
        return [("performance_status", _score(model, table.performance_status[loinc], when, ref))]
    if loinc == table.pregnancy_status:
        answer = _pregnancy(model)
        return [] if answer is None else [("pregnant", (answer, when))]
    labs = []
    if model.valueQuantity is not None:
        labs.append(_lab(model.code, model.valueQuantity, model.referenceRange, when, ref, "valueQuantity"))
    for n, component in enumerate(model.component or ()):  # blood pressure panels: one value each
        if component.valueQuantity is not None:
            where = f"component.{n}.valueQuantity"
            labs.append(_lab(component.code, component.valueQuantity, component.referenceRange, when, ref, where))
    return [("lab", lab) for lab in labs if lab is not None]


def _score(model: Any, scale: str, when: Any, ref: str) -> PerformanceScore:
    value = model.valueInteger
    if value is None and model.valueQuantity is not None and model.valueQuantity.value is not None:
        value = float(model.valueQuantity.value)
        if not value.is_integer():
            raise Skip(f"valueQuantity.value: {scale} {value} is not a whole score")
        value = int(value)
    if value is None and scale == "ECOG":  # a coded grade (SNOMED "ECOG Grade 1: …")
        answers = mapping().ecog_answers
        value = next((answers[c] for c in codes_of(model.valueCodeableConcept) if c in answers), None)
    if value is None:
        raise Skip(f"value[x]: a {scale} score needs valueInteger, valueQuantity or a coded ECOG grade")
    return PerformanceScore(scale=scale, value=value, date=when, source=ref)


def _pregnancy(model: Any) -> bool | None:
    if model.valueBoolean is not None:
        return model.valueBoolean
    answers = mapping().pregnancy_answers
    for code in codes_of(model.valueCodeableConcept):
        if code in answers:
            return answers[code]
    return None  # "unknown" or an answer we do not know: the status stays unknown


def _lab(code: Any, quantity: Any, ranges: Any, when: Any, ref: str, where: str) -> LabResult | None:
    if quantity.value is None:
        return None
    if quantity.comparator:
        raise Skip(f"{where}.comparator: a value '{quantity.comparator} {quantity.value}' is not a measurement")
    try:
        unit = unit_of(quantity)
    except ValueError as error:
        raise Skip(f"{where}.code: {error}") from None
    loinc = loinc_of(code)
    codes = codes_of(code)
    uln, lln = _limits(ranges, unit, where)
    return LabResult(
        name=name_of(code), code=f"LOINC:{loinc}" if loinc else (codes[0] if codes else None),
        value=float(quantity.value), unit=unit, date=when, uln=uln, lln=lln, source=ref,
    )


def _limits(ranges: Any, unit: str | None, where: str) -> tuple[float | None, float | None]:
    """The first reference range's high and low, in the value's unit (``uln``, ``lln``)."""
    for reference in ranges or ():
        if reference.high is None and reference.low is None:
            continue
        return _in_unit(reference.high, unit, where), _in_unit(reference.low, unit, where)
    return None, None


def _in_unit(quantity: Any, unit: str | None, where: str) -> float | None:
    if quantity is None or quantity.value is None:
        return None
    try:
        own = unit_of(quantity) if (quantity.code or quantity.unit) else unit
        factor = 1.0 if own == unit else conversion_factor(own, unit) if own and unit else None
    except ValueError as error:
        raise Skip(f"referenceRange: {error}") from None
    if factor is None:
        raise Skip(f"referenceRange: its unit {own!r} does not convert to the value's {unit!r}")
    return number(quantity.value) * factor  # type: ignore[operator]
