"""The patient profile: what the evaluator knows about one patient.

Every part is optional: real records are incomplete, and what is absent is *unknown*, never
"normal" or "no". The one exception is :attr:`Patient.complete`: it names the lists
(conditions, therapies, medications, procedures) that the caller vouches are complete, so
that a condition absent from a complete list counts as absent ("not met" for "history of
HIV"). Without it no patient with a real exclusion list could ever be eligible; with a
blanket closed world a missing record would wrongly pass as "no".

Validation is strict on purpose: a value that is not a number, a date that is not an ISO
date, a unit pint does not know, or a misspelt field name raises a pydantic
``ValidationError`` naming the field. Nothing is silently coerced ("64" is not 64, ``True``
is not 1, a datetime is not a date) because a silently wrong profile gives a wrong verdict.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Iterable, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ..labs import unit_as_written
from .quantities import parse_amount, parse_unit

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date(value: Any) -> Any:
    """Accept a ``date`` or an ISO ``YYYY-MM-DD`` string; refuse datetimes and numbers."""
    if isinstance(value, datetime):
        raise ValueError("a date is needed, not a datetime; pass value.date()")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a date: {exc}") from None
    raise ValueError(f"a date is a YYYY-MM-DD string or a datetime.date, not {type(value).__name__}")


def _known_unit(value: str) -> str:
    """A unit pint reads as it is, or one of the spellings the criteria text reader knows
    ("kg/m2", "mg/dl", "mm3"), written as the pint expression it means ("kg/m^2")."""
    try:
        parse_unit(value)
        return value
    except ValueError:
        spelt = unit_as_written(value)
        if spelt is None:
            raise
        parse_unit(spelt)
        return spelt


def _amount(value: str) -> str:
    parse_amount(value)
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date), Field(strict=True)]
"""A calendar date: ``datetime.date`` or ``"YYYY-MM-DD"``."""

Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
"""A finite number: int or float, never a string or a bool."""

Name = Annotated[str, Field(strict=True, min_length=1, pattern=r"\S")]
"""A non-blank string."""

Unit = Annotated[str, Field(strict=True), AfterValidator(_known_unit)]
"""A unit string pint can read: ``"10^9/L"``, ``"g/dL"``, ``"/uL"``."""

Amount = Annotated[str, Field(strict=True), AfterValidator(_amount)]
"""A number and a unit: ``"5 mg/day"``."""

ListName = Literal["conditions", "therapies", "medications", "procedures"]
"""The lists whose completeness a caller can vouch for."""

Code = Annotated[str, Field(strict=True, pattern=r"^[A-Za-z][A-Za-z0-9 .-]*:\S+$")]
"""A coded value as ``SYSTEM:code``: ``"SNOMED:254632001"``, ``"RxNorm:1736854"``, ``"LOINC:751-8"``."""

Source = Annotated[str, Field(strict=True, min_length=1, pattern=r"\S")]
"""Where a record came from, for people to open it: a FHIR ``"Condition/1234"``, a chart reference."""

ScalarName = Literal[
    "birth_date", "sex", "pregnant", "breastfeeding", "childbearing_potential", "life_expectancy_weeks"
]
"""The single-valued parts of a profile whose source can be named (:attr:`Patient.sources`)."""


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LabResult(_Part):
    """One laboratory or measurement result."""

    name: Name | None = Field(default=None, description="analyte name as the record has it")
    code: Name | None = Field(default=None, description="code such as 'LOINC:751-8'")
    value: Number = Field(description="the result, as a number")
    unit: Unit | None = Field(default=None, description="pint-readable unit; none for a ratio such as INR")
    date: IsoDate | None = Field(default=None, description="when it was measured")
    uln: Number | None = Field(default=None, description="the lab's upper limit of normal, in `unit`")
    lln: Number | None = Field(default=None, description="the lab's lower limit of normal, in `unit`")
    source: Source | None = Field(default=None, description="where the result came from, e.g. 'Observation/42'")

    @model_validator(mode="after")
    def _identified(self) -> "LabResult":
        if self.name is None and self.code is None:
            raise ValueError("a lab needs a name or a code")
        if self.uln is not None and self.lln is not None and self.lln > self.uln:
            raise ValueError(f"lln {self.lln} is above uln {self.uln}")
        return self


class ConditionRecord(_Part):
    """A diagnosis or finding."""

    name: Name = Field(description="the condition, e.g. 'neuroendocrine carcinoma of pancreas'")
    code: Name | None = Field(default=None, description="code such as 'SNOMED:…' or 'ICD10:…'")
    onset: IsoDate | None = Field(default=None, description="when it began or was diagnosed")
    abatement: IsoDate | None = Field(default=None, description="when it ended (resolved, went into remission)")
    status: Literal["active", "resolved", "remission", "history"] | None = Field(
        default=None, description="current status; None when the record does not say"
    )
    qualifiers: tuple[Name, ...] = Field(default=(), description="e.g. 'metastatic', 'treated', 'stable'")
    grade: int | None = Field(
        default=None, ge=0, le=5, description="current grade (CTCAE for a toxicity, else histologic); None: unknown"
    )
    codes: tuple[Code, ...] = Field(default=(), description="further codes, e.g. every coding of a FHIR code")
    source: Source | None = Field(default=None, description="where the record came from, e.g. 'Condition/7'")

    @model_validator(mode="after")
    def _ordered(self) -> "ConditionRecord":
        _check_order(self.onset, self.abatement)
        return self


class TherapyRecord(_Part):
    """A prior or current anticancer therapy (regimen)."""

    name: Name = Field(description="agent or regimen, e.g. 'carboplatin'")
    classes: tuple[Name, ...] = Field(default=(), description="drug classes, e.g. 'platinum'")
    start: IsoDate | None = Field(default=None, description="first dose")
    end: IsoDate | None = Field(default=None, description="last dose; None while ongoing or unknown")
    line: Annotated[int, Field(strict=True, ge=1)] | None = Field(default=None, description="line of therapy")
    cycles: Annotated[int, Field(strict=True, ge=0)] | None = Field(
        default=None, description="cycles of it received; None when the record does not say (a count of "
        "cycles is then unknown)"
    )
    outcome: (
        Literal["progression", "recurrence", "response", "stable_disease", "toxicity", "completed", "other"]
        | None
    ) = Field(default=None, description="why it ended / best outcome")
    codes: tuple[Code, ...] = Field(default=(), description="drug codes, e.g. 'RxNorm:1736854', 'ATC:L01XA01'")
    source: Source | None = Field(default=None, description="where the record came from, e.g. 'MedicationRequest/9'")

    @model_validator(mode="after")
    def _ordered(self) -> "TherapyRecord":
        _check_order(self.start, self.end)
        return self


class MedicationRecord(_Part):
    """A current or recent medication."""

    name: Name = Field(description="drug name, e.g. 'prednisone'")
    dose: Amount | None = Field(default=None, description="a number and a unit, e.g. '5 mg/day'")
    start: IsoDate | None = Field(default=None, description="first dose")
    end: IsoDate | None = Field(default=None, description="last dose; None while ongoing")
    codes: tuple[Code, ...] = Field(default=(), description="drug codes, e.g. 'RxNorm:1736854', 'ATC:L01XA01'")
    source: Source | None = Field(default=None, description="where the record came from, e.g. 'MedicationRequest/9'")

    @model_validator(mode="after")
    def _ordered(self) -> "MedicationRecord":
        _check_order(self.start, self.end)
        return self


class ProcedureRecord(_Part):
    """A procedure such as surgery or radiotherapy."""

    name: Name = Field(description="e.g. 'major surgery'")
    date: IsoDate | None = Field(default=None, description="when it was done")
    codes: tuple[Code, ...] = Field(default=(), description="procedure codes, e.g. 'SNOMED:73761001'")
    source: Source | None = Field(default=None, description="where the record came from, e.g. 'Procedure/3'")


_PS_RANGES = {
    "ECOG": range(0, 6),
    "WHO": range(0, 6),
    "Zubrod": range(0, 6),
    "Karnofsky": range(0, 101, 10),
    "Lansky": range(0, 101, 10),
}


class PerformanceScore(_Part):
    """A performance status score."""

    scale: Literal["ECOG", "WHO", "Zubrod", "Karnofsky", "Lansky"] = Field(description="the scale")
    value: Annotated[int, Field(strict=True)] = Field(
        description="the score (ECOG 0–5; Karnofsky 0–100 by 10)"
    )
    date: IsoDate | None = Field(default=None, description="when it was assessed")
    source: Source | None = Field(default=None, description="where the score came from, e.g. 'Observation/8'")

    @field_validator("value")
    @classmethod
    def _on_scale(cls, value: int, info: ValidationInfo) -> int:
        scale = info.data.get("scale")
        allowed = _PS_RANGES.get(scale)  # type: ignore[arg-type]
        if allowed is not None and value not in allowed:
            step = f" in steps of {allowed.step}" if allowed.step > 1 else ""
            raise ValueError(
                f"{scale} {value} is not on the scale ({allowed.start}–{allowed.stop - 1}{step})"
            )
        return value


def _check_order(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValueError(f"end {end} is before start {start}")


class Patient(_Part):
    """Everything the evaluator may know about one patient; every part optional.

    Build it with ``Patient.model_validate(dict)`` or ``Patient.model_validate_json(text)``
    (or :meth:`from_json`). ``complete`` names the lists that are complete (closed world);
    in every other list, absence is unknown. ``age`` is in completed years (as people say
    it) and is used only when ``birth_date`` is absent.
    """

    birth_date: IsoDate | None = Field(default=None, description="date of birth")
    age: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=150)] | None = Field(
        default=None, description="age in completed years; used when birth_date is absent"
    )
    sex: Literal["female", "male"] | None = Field(default=None, description="sex")
    labs: tuple[LabResult, ...] = Field(default=(), description="laboratory and measurement results")
    conditions: tuple[ConditionRecord, ...] = Field(default=(), description="diagnoses and findings")
    therapies: tuple[TherapyRecord, ...] = Field(
        default=(), description="prior and current anticancer therapies"
    )
    medications: tuple[MedicationRecord, ...] = Field(
        default=(), description="current and recent medications"
    )
    procedures: tuple[ProcedureRecord, ...] = Field(
        default=(), description="surgery, radiotherapy, biopsies…"
    )
    performance_status: PerformanceScore | None = Field(default=None, description="latest performance status")
    life_expectancy_weeks: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)] | None = Field(
        default=None, description="estimated life expectancy in weeks"
    )
    pregnant: StrictBool | None = Field(default=None, description="currently pregnant")
    breastfeeding: StrictBool | None = Field(default=None, description="currently breastfeeding")
    childbearing_potential: StrictBool | None = Field(default=None, description="of childbearing potential")
    consent: StrictBool | None = Field(
        default=None, description="will give (or has given) informed consent to take part"
    )
    will_comply: StrictBool | None = Field(
        default=None, description="willing and able to follow the protocol (visits, procedures, restrictions)"
    )
    complete: tuple[ListName, ...] = Field(
        default=(), description="lists the caller vouches are complete: absence there means absent"
    )
    sources: dict[ScalarName, Source] = Field(
        default_factory=dict, description="where single values came from, e.g. {'sex': 'Patient/1'}"
    )

    @model_validator(mode="after")
    def _distinct_lists(self) -> "Patient":
        if len(set(self.complete)) != len(self.complete):
            raise ValueError(f"complete names a list twice: {list(self.complete)}")
        return self

    @classmethod
    def from_json(cls, data: str | bytes) -> "Patient":
        """A patient from JSON text (the shape of docs/evaluation.md)."""
        return cls.model_validate_json(data)

    @classmethod
    def from_fhir(
        cls, bundle: Any, *, complete: Iterable[ListName] = (), strict: bool = False
    ) -> "Patient":
        """A patient from a FHIR R4 ``Bundle`` (a dict, JSON text or bytes, or a path to a file).

        Needs the optional extra ``criteria[fhir]`` (the ``fhir.resources`` library). ``complete``
        is never guessed from a bundle: name the lists you vouch are complete. A resource that
        fails validation is skipped with a :class:`~criteria.evaluate.fhir.FhirWarning` naming it
        and the field; with ``strict=True``, or when it belongs to a list named in ``complete``,
        it raises :class:`~criteria.errors.InputFormatError` instead. See docs/fhir.md.
        """
        from .fhir import patient_from_fhir

        return patient_from_fhir(bundle, complete=tuple(complete), strict=strict)

    def is_complete(self, name: ListName) -> bool:
        """Whether absence from list ``name`` means absent (``True``) or unknown (``False``)."""
        return name in self.complete
