"""Small readers shared by the resource mappings: codes, names, dates, quantities, the mapping data."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from ...errors import ResourceError
from ...resources import data_path, event_lexicon
from ..codes import canonical, concept_tokens, record_tokens
from ..terms import norm
from ..ucum import to_pint

_UCUM = "http://unitsofmeasure.org"
# SNOMED CT names end in a semantic tag ("Anemia (disorder)"); the tag is not part of the name
# and "disorder" is itself a lexicon phrase (other_disease), so it is dropped from record names
_SEMANTIC_TAG = re.compile(
    r"\s*\((disorder|finding|procedure|situation|morphologic abnormality|regime/therapy|observable entity)\)\s*$"
)


class Mapping(BaseModel):
    """``data/fhir/observations.json``: which codes mean performance status, pregnancy, anticancer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    performance_status: dict[str, str]
    ecog_answers: dict[str, int]
    pregnancy_status: str
    pregnancy_answers: dict[str, bool]
    anticancer_atc: str
    anticancer_groups: tuple[str, ...]
    sources: dict[str, str]


@cache
def mapping() -> Mapping:
    try:
        raw = json.loads(data_path("fhir", "observations.json").read_text(encoding="utf-8"))
        raw.pop("_format", None)
        return Mapping.model_validate(raw)
    except ValueError as exc:
        raise ResourceError(f"fhir/observations.json does not load: {exc}") from exc


def codes_of(concept: Any) -> tuple[str, ...]:
    """Every coding of a CodeableConcept in a known system, as ``SYSTEM:code``."""
    if concept is None:
        return ()
    found = (canonical(c.system, c.code) for c in concept.coding or () if c.code)
    return tuple(dict.fromkeys(c for c in found if c))


def loinc_of(concept: Any) -> str | None:
    """The first LOINC code of a CodeableConcept (bare, e.g. ``"751-8"``)."""
    for code in codes_of(concept):
        if code.startswith("LOINC:"):
            return code.split(":", 1)[1]
    return None


def name_of(concept: Any) -> str | None:
    """What people call it: the text, else the first display, else the first code."""
    if concept is None:
        return None
    names = [concept.text, *(c.display for c in concept.coding or ())]
    for name in names:
        if name and name.strip():
            return _SEMANTIC_TAG.sub("", name.strip()) or name.strip()
    codes = codes_of(concept)
    return codes[0] if codes else None


def first_code(concept: Any) -> str | None:
    """The first coding's code (for status-like fields: clinicalStatus, verificationStatus)."""
    if concept is None:
        return None
    for coding in concept.coding or ():
        if coding.code:
            return coding.code
    return None


def day(value: Any) -> date | None:
    """The calendar day of a FHIR date or dateTime as written (local to its offset); ``None`` for a
    partial date ("2019-05"), which names no day."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def unit_of(quantity: Any) -> str | None:
    """A Quantity's unit as a pint string (UCUM code when the system is UCUM, else the unit text)."""
    code = quantity.code if quantity.system == _UCUM and quantity.code else (quantity.unit or quantity.code)
    return to_pint(code) if code else None


def number(value: Any) -> float | None:
    return None if value is None else float(value)


@cache
def _anticancer_index() -> tuple[dict[str, str], dict[str, str]]:
    """Phrases and code tokens of anticancer prior-therapy concepts → their group."""
    groups = set(mapping().anticancer_groups)
    phrases: dict[str, str] = {}
    tokens: dict[str, str] = {}
    for concept in event_lexicon():
        if concept.kind == "prior_therapy" and concept.group in groups:
            for phrase in (*concept.phrases, concept.name.replace("_", " ")):
                phrases.setdefault(norm(phrase), concept.group)
            for token in concept_tokens(concept):
                tokens.setdefault(token, concept.group)
    return phrases, tokens


def anticancer_classes(name: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    """Drug classes that make a medication or procedure an anticancer therapy (empty: it is not one).

    A code under ATC L01 makes it ``antineoplastic``; a name or code of a lexicon prior-therapy
    concept in an anticancer group (chemotherapy, platinum, radiotherapy…) adds that group.
    """
    phrases, tokens = _anticancer_index()
    found = []
    atc = mapping().anticancer_atc
    if any(code.upper().startswith(f"ATC:{atc}") for code in codes):
        found.append("antineoplastic")
    words = norm(name).split()
    for i in range(len(words)):
        if i and words[i - 1] == "non":
            continue
        for j in range(i + 1, min(len(words), i + 6) + 1):
            if (group := phrases.get(" ".join(words[i:j]))) is not None:
                found.append(group)
    found += [tokens[t] for code in codes for t in record_tokens(code) if t in tokens]
    return tuple(dict.fromkeys(found))
