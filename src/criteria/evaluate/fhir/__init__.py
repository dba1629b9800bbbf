"""FHIR R4 in: one patient's ``Bundle`` → a :class:`~criteria.evaluate.patient.Patient`.

    >>> patient = Patient.from_fhir("examples/fhir_bundle.json", complete=["conditions"])  # doctest: +SKIP

Stages: :mod:`.load` (input → validated resources, the bad-input policy), :mod:`.clinical`
(Patient, Condition, Procedure, Observation), :mod:`.medications` (medications, and therapies
from the anticancer ones). Every record keeps the resource it came from (``source``:
``"Condition/1234"``) and every coding (``codes``), so verdicts name their evidence and concepts
match by code as well as by name. Mapping rules and the bad-input policy: docs/fhir.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from ..patient import ListName, Patient
from .clinical import Skip, condition, observation, patient_part, procedure, procedure_end
from .load import READ_TYPES, Entry, FhirWarning, Problems, as_json, entries, first_problem, the_patient
from .medications import medication, therapies

__all__ = ["FhirWarning", "is_bundle", "patient_from_fhir"]

_MEDICATION_TYPES = ("MedicationRequest", "MedicationStatement", "MedicationAdministration")


def is_bundle(value: Any) -> bool:
    """Whether a parsed JSON value is a FHIR Bundle (what ``criteria eval`` checks to choose a reader)."""
    return isinstance(value, dict) and value.get("resourceType") == "Bundle"


def patient_from_fhir(bundle: Any, *, complete: tuple[ListName, ...] = (), strict: bool = False) -> Patient:
    """The profile of the one patient in ``bundle`` (see :meth:`Patient.from_fhir`)."""
    problems = Problems(strict=strict, complete=tuple(complete))
    found = entries(as_json(bundle), problems)
    person = the_patient(found)
    parts, notes = patient_part(person.model, person.ref)
    by_type: dict[str, list[Entry]] = {}
    for entry in found:
        by_type.setdefault(entry.model.get_resource_type(), []).append(entry)
    parts["conditions"] = _each(by_type.get("Condition", ()), condition, problems)
    procedures = _each(by_type.get("Procedure", ()), procedure, problems)
    parts["procedures"] = procedures
    parts |= _observations(by_type.get("Observation", ()), problems)
    medications = _medications(by_type, problems)
    parts["medications"] = medications
    parts["therapies"] = therapies(_therapy_items(by_type.get("Procedure", ()), procedures, medications))
    parts["complete"] = tuple(complete)
    problems.notes.extend(notes)
    problems.warn()
    try:
        return Patient.model_validate(parts)
    except ValidationError as error:  # e.g. complete naming a list that does not exist
        raise ValueError(f"invalid patient from FHIR: {first_problem(error)}") from error


def _each(found: Any, read: Callable[[Any, str], Any], problems: Problems) -> list[Any]:
    """``read`` each resource; one that cannot be read is set aside under the policy of :mod:`.load`."""
    out = []
    for entry in found:
        record = _guarded(entry, lambda e: read(e.model, e.ref), problems)
        if record is not None:
            out.append(record)
    return out


def _guarded(entry: Entry, read: Callable[[Entry], Any], problems: Problems) -> Any:
    try:
        return read(entry)
    except Skip as why:
        problems.add(entry.ref, READ_TYPES[entry.model.get_resource_type()], str(why))
    except ValidationError as error:  # our profile refuses the record (an end before its start …)
        problems.add(entry.ref, READ_TYPES[entry.model.get_resource_type()], first_problem(error))
    return None


def _observations(found: Any, problems: Problems) -> dict[str, Any]:
    """Labs, and the latest performance status and pregnancy status (by effective date)."""
    labs, scores, pregnancy = [], [], []
    for entry in found:
        for kind, value in _guarded(entry, lambda e: observation(e.model, e.ref), problems) or ():
            {"lab": labs, "performance_status": scores, "pregnant": pregnancy}[kind].append((value, entry.ref))
    out: dict[str, Any] = {"labs": [lab for lab, _ in labs]}
    if scores:
        out["performance_status"] = max(scores, key=lambda s: _order(s[0].date))[0]
    if pregnancy:
        (answer, _), ref = max(pregnancy, key=lambda p: _order(p[0][1]))
        out["pregnant"] = answer
        out["sources"] = {"pregnant": ref}
    return out


def _order(day: date | None) -> date:
    return day or date.min


def _medications(by_type: dict[str, list[Entry]], problems: Problems) -> list[Any]:
    """Medication resources in the bundle, resolvable by ``Medication/id`` and by ``fullUrl``."""
    table: dict[str, Any] = {}
    for entry in by_type.get("Medication", ()):
        table[entry.ref] = entry.model
        if entry.full_url:
            table[entry.full_url] = entry.model
    found = [e for kind in _MEDICATION_TYPES for e in by_type.get(kind, ())]
    return _each(found, lambda model, ref: medication(model, ref, table), problems)


def _therapy_items(found: list[Entry], procedures: list[Any], medications: list[Any]) -> list[tuple]:
    """(record, end, systemic?) of every medication and procedure, for :func:`.medications.therapies`."""
    ends = {e.ref: procedure_end(e.model) for e in found}
    return [(m, m.end, True) for m in medications] + [
        (p, ends.get(p.source) or p.date, False) for p in procedures
    ]
