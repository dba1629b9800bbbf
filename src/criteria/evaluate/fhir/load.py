"""Reading a bundle: input → JSON → validated FHIR resources, with the bad-input policy.

The ``fhir.resources`` library (its R4B models, the R4 flavour it maintains: Patient, Condition,
Observation, Medication*, Procedure are unchanged from R4) validates; nothing here parses FHIR
by hand. Only the resource types the adapter reads are validated, each on its own, so one bad
Observation can be set aside without losing the rest (and a 1,700-resource bundle of claims and
encounters costs nothing). The Bundle around them is validated with its entries' resources left
out, for the same reason.

Policy (docs/fhir.md says why): a bundle that is not FHIR, a Bundle that fails validation, no
Patient or more than one, or a Patient that fails validation raise
:class:`~criteria.errors.InputFormatError`. A clinical resource that fails — validation, a unit
UCUM/pint cannot read, a record our profile refuses — is skipped and listed in one
:class:`FhirWarning`; it raises instead with ``strict=True`` or when it belongs to a list the
caller vouches complete (a skipped condition would turn "unknown" into a wrong "not met").
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ...errors import InputFormatError, InputTypeError, MissingDependencyError

#: resource types the adapter reads, and the profile list each feeds (None: not a list)
READ_TYPES: dict[str, str | None] = {
    "Patient": None,
    "Condition": "conditions",
    "Observation": None,
    "MedicationRequest": "medications",
    "MedicationStatement": "medications",
    "MedicationAdministration": "medications",
    "Medication": "medications",
    "Procedure": "procedures",
}


class FhirWarning(UserWarning):
    """Resources of a bundle were skipped; the message lists each with the field that failed."""


def _models():
    try:
        from fhir.resources.R4B import get_fhir_model_class
        from fhir.resources.R4B.bundle import Bundle
    except ImportError:  # pragma: no cover - the extra is part of the test setup
        raise MissingDependencyError(
            "reading FHIR needs the fhir.resources package: pip install 'criteria[fhir]'"
        ) from None
    return Bundle, get_fhir_model_class


def as_json(bundle: Any) -> dict:
    """A bundle given as a dict, JSON text or bytes, or a path (``str`` or ``PathLike``) → a dict."""
    if isinstance(bundle, dict):
        return bundle
    if isinstance(bundle, (bytes, bytearray)):
        return _parse(bytes(bundle), "bundle")
    if isinstance(bundle, str) and bundle.lstrip().startswith(("{", "[")):
        return _parse(bundle, "bundle")
    if isinstance(bundle, (str, os.PathLike)):
        path = Path(bundle)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputFormatError(f"{path}: cannot read the bundle ({error.strerror})") from None
        return _parse(data, str(path))
    raise InputTypeError(f"a FHIR bundle is a dict, JSON text or a path, not {type(bundle).__name__}")


def _parse(data: str | bytes, name: str) -> dict:
    try:
        value = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputFormatError(f"{name}: not valid JSON ({error})") from None
    if not isinstance(value, dict):
        raise InputFormatError(f"{name}: a FHIR Bundle is a JSON object, not {type(value).__name__}")
    return value


def first_problem(error: ValidationError) -> str:
    """``field.path: message`` of a pydantic error (its ``loc``), for people."""
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"]) or "(resource)"
    more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
    return f"{where}: {problem['msg']}{more}"


@dataclass
class Entry:
    """One validated resource the adapter reads, with the reference people can open."""

    ref: str  # "Condition/1234"
    model: Any  # the fhir.resources model
    full_url: str | None


@dataclass
class Problems:
    """Resources set aside, and whether that is allowed (see the module's policy)."""

    strict: bool
    complete: tuple[str, ...]
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # read, but with a part left unknown

    def add(self, ref: str, list_name: str | None, why: str) -> None:
        """Record that ``ref`` was skipped; raise at once where skipping is not allowed."""
        message = f"{ref}: {why}"
        if self.strict:
            raise InputFormatError(f"invalid FHIR resource {message}")
        if list_name is not None and list_name in self.complete:
            raise InputFormatError(
                f"invalid FHIR resource {message}; it cannot be skipped because {list_name} "
                f"are declared complete (fix it, or do not vouch {list_name} complete)"
            )
        self.skipped.append(message)

    def warn(self) -> None:
        """One warning listing every skipped resource and every part left unknown."""
        parts = []
        if self.skipped:
            parts.append(f"{len(self.skipped)} FHIR resource(s) skipped:\n  " + "\n  ".join(self.skipped))
        if self.notes:
            parts.append("left unknown:\n  " + "\n  ".join(self.notes))
        if parts:
            warnings.warn("\n".join(parts), FhirWarning, stacklevel=4)


def entries(data: dict, problems: Problems) -> list[Entry]:
    """The validated resources of ``data`` that the adapter reads (after checking the Bundle)."""
    bundle_model, model_class = _models()
    if data.get("resourceType") != "Bundle":
        kind = data.get("resourceType")
        raise InputFormatError(
            f"not a FHIR Bundle: resourceType is {kind!r}" if kind else "not a FHIR Bundle: no resourceType"
        )
    raw_entries = data.get("entry") or []
    skeleton = {**data, "entry": [_without_resource(e) for e in raw_entries]} if raw_entries else data
    try:
        bundle_model.model_validate(skeleton)
    except ValidationError as error:
        raise InputFormatError(f"invalid FHIR Bundle: {first_problem(error)}") from None
    out = []
    for number, entry in enumerate(raw_entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        if resource is not None and not isinstance(kind, str):
            problems.add(f"entry {number}", None, "resource.resourceType: missing or not a resource type")
            continue
        if kind not in READ_TYPES:
            continue
        ref = f"{kind}/{resource.get('id') or f'(entry {number})'}"
        try:
            model = model_class(kind).model_validate(resource)
        except ValidationError as error:
            if kind == "Patient":
                raise InputFormatError(f"invalid FHIR resource {ref}: {first_problem(error)}") from None
            problems.add(ref, READ_TYPES[kind], first_problem(error))
            continue
        out.append(Entry(ref, model, entry.get("fullUrl")))
    return out


def _without_resource(entry: Any) -> Any:
    return {k: v for k, v in entry.items() if k != "resource"} if isinstance(entry, dict) else entry


def the_patient(found: Iterable[Entry]) -> Entry:
    """The bundle's one Patient; none or several is an error (a bundle is one patient's record)."""
    patients = [e for e in found if e.model.get_resource_type() == "Patient"]
    if len(patients) != 1:
        raise InputFormatError(
            f"a patient's FHIR Bundle holds exactly one Patient resource; this one holds {len(patients)}"
        )
    return patients[0]
