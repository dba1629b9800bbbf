"""MedicationRequest / MedicationStatement / MedicationAdministration → medications and therapies.

Every medication resource becomes a :class:`MedicationRecord`. An anticancer one (ATC L01, or a
drug of an anticancer group of the event lexicon) also counts toward a therapy: its resources
are merged per drug (first start, last end: 165 cisplatin requests are one course), and drugs
whose courses overlap share a line of therapy, numbered in time order. Lines are thus *inferred*
from dates, which docs/fhir.md states; a caller with real lines should give therapies directly.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..patient import MedicationRecord, TherapyRecord
from ..quantities import parse_amount
from .clinical import Skip
from .values import anticancer_classes, codes_of, day, name_of, unit_of

_VOID = {"entered-in-error", "cancelled", "draft", "not-taken"}
# statuses that say the drug was stopped; without an end date the end is taken as the start,
# the earliest day it can have ended (docs/fhir.md: the alternative, "still ongoing", is worse)
_ENDED = {"stopped", "completed"}
_PER_DAY = {"h": 24.0, "d": 1.0, "wk": 1 / 7}


def medication(model: Any, ref: str, medications: dict[str, Any]) -> MedicationRecord | None:
    """One medication resource as a record; ``medications`` resolves ``medicationReference``."""
    if model.status in _VOID:
        return None
    concept = model.medicationCodeableConcept
    if concept is None and model.medicationReference is not None:
        target = medications.get(model.medicationReference.reference or "")
        if target is None:
            raise Skip(f"medicationReference: {model.medicationReference.reference!r} is not in the bundle")
        concept = target.code
    name = name_of(concept)
    if name is None:
        raise Skip("medication[x]: the medication has no code or text")
    start, end = _period(model)
    if end is None and model.status in _ENDED:
        end = start
    return MedicationRecord(name=name, codes=codes_of(concept), start=start, end=end,
                            dose=_daily_dose(model), source=ref)


def _period(model: Any) -> tuple[date | None, date | None]:
    kind = model.get_resource_type()
    if kind == "MedicationRequest":
        bounds = _bounds(model.dosageInstruction)
        return (bounds[0] or day(model.authoredOn)), bounds[1]
    period = model.effectivePeriod
    if period is not None:
        return day(period.start), day(period.end)
    when = day(model.effectiveDateTime)
    return when, (when if kind == "MedicationAdministration" else None)


def _bounds(dosages: Any) -> tuple[date | None, date | None]:
    for dosage in dosages or ():
        repeat = dosage.timing.repeat if dosage.timing else None
        if repeat is not None and repeat.boundsPeriod is not None:
            return day(repeat.boundsPeriod.start), day(repeat.boundsPeriod.end)
    return None, None


def _daily_dose(model: Any) -> str | None:
    """The dose per day, where a dose quantity and a frequency per hour/day/week are stated."""
    dosages = model.dosageInstruction if model.get_resource_type() == "MedicationRequest" else (
        model.dosage if isinstance(model.dosage, list) else [])
    for dosage in dosages or ():
        repeat = dosage.timing.repeat if dosage.timing else None
        amount = next((r.doseQuantity for r in dosage.doseAndRate or () if r.doseQuantity), None)
        if amount is None or amount.value is None or repeat is None:
            continue
        if not (repeat.frequency and repeat.period and repeat.periodUnit in _PER_DAY):
            continue
        try:
            unit = unit_of(amount)
        except ValueError:
            return None  # the dose stays unknown; the medication itself is still read
        if unit is None:
            return None
        per_day = float(amount.value) * repeat.frequency / float(repeat.period) * _PER_DAY[repeat.periodUnit]
        dose = f"{per_day:g} {unit}/day"
        try:
            parse_amount(dose)
        except ValueError:
            return None  # e.g. a dose in "{tablet}": the amount per day stays unknown
        return dose
    return None


def therapies(items: list[tuple[Any, date | None, bool]]) -> list[TherapyRecord]:
    """Anticancer medications and procedures as therapies: merged per drug or procedure (first
    start, last end), with lines inferred from overlapping courses.

    ``items`` are (record, its end, systemic?) for medication and procedure records. Every such
    therapy is of class "anticancer therapy", a drug also "systemic therapy", so criteria naming
    those classes count it ("more than 2 prior systemic regimens").
    """
    courses: dict[str, dict[str, Any]] = {}
    for record, end, systemic in items:
        start = getattr(record, "start", None) or getattr(record, "date", None)
        classes = anticancer_classes(record.name, record.codes)
        if not classes:
            continue
        classes += ("anticancer therapy",) + (("systemic therapy",) if systemic else ())
        course = courses.setdefault(record.name.lower(), {
            "name": record.name, "classes": classes, "codes": record.codes, "refs": [], "start": start, "end": end,
        })
        course["refs"].append(record.source)
        course["start"] = _min(course["start"], start)
        course["end"] = _max(course["end"], end or start)
    return _with_lines(list(courses.values()))


def _with_lines(courses: list[dict[str, Any]]) -> list[TherapyRecord]:
    courses.sort(key=lambda c: c["start"] or date.max)
    out, line, line_end = [], 0, None
    for course in courses:
        start, end = course["start"], course["end"] or course["start"]
        if start is None:  # an undated course cannot be placed among the lines
            number = None
        elif line == 0 or line_end is None or start > line_end:
            line, line_end = line + 1, end
            number = line
        else:
            line_end, number = _max(line_end, end), line
        refs = course["refs"]
        source = refs[0] + (f" and {len(refs) - 1} more" if len(refs) > 1 else "")
        out.append(TherapyRecord(name=course["name"], classes=course["classes"], start=start,
                                 end=course["end"], line=number, codes=course["codes"], source=source))
    return out


def _min(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)
