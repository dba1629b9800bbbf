"""Codes: one spelling for a coded value, and the codes that identify each event concept.

A patient record carries codes as ``SYSTEM:code`` strings (``"SNOMED:254632001"``,
``"RxNorm:1736854"``, ``"ICD-10-CM:C34.90"``, ``"ATC:L01XA01"``, ``"LOINC:751-8"``); FHIR system
URIs and the lexicon's system names are folded to the same few names by :func:`system_name`.

An event concept is identified by the exact code of its ``events.jsonl`` row and by the rows of
``lexicons/event_codes.jsonl`` (exact codes, code prefixes such as ATC ``L01``, ranges such as
ICD-10-CM ``C00``–``C96``), each row naming the data it was taken from. Codes are matched as
*tokens* interned beside the concept's phrases (:mod:`.terms`): ``code:snomed:254632001`` for an
exact code, ``prefix:atc:l01`` for a class; a token holds a ``:``, which normalised text never
does, so a code can only ever match a code.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import ResourceError
from ..resources import event_lexicon, load_jsonl

#: system spellings (lower case) → the one name a record code uses
_SYSTEMS = {
    "snomed": "SNOMED", "snomed ct": "SNOMED", "snomedct": "SNOMED", "sct": "SNOMED",
    "http://snomed.info/sct": "SNOMED",
    "rxnorm": "RxNorm", "http://www.nlm.nih.gov/research/umls/rxnorm": "RxNorm",
    "icd-10-cm": "ICD-10-CM", "icd10cm": "ICD-10-CM", "http://hl7.org/fhir/sid/icd-10-cm": "ICD-10-CM",
    "icd-10": "ICD-10", "icd10": "ICD-10", "http://hl7.org/fhir/sid/icd-10": "ICD-10",
    "atc": "ATC", "http://www.whocc.no/atc": "ATC",
    "loinc": "LOINC", "http://loinc.org": "LOINC",
    "drugbank": "DrugBank", "http://www.drugbank.ca": "DrugBank", "https://go.drugbank.com": "DrugBank",
    "mesh": "MeSH", "http://id.nlm.nih.gov/mesh": "MeSH",
}
# ICD-10 and ICD-10-CM share their categories (letter, two digits) and most subcategories, so a
# concept's ICD-10-CM range also matches a WHO ICD-10 code: one matching key for both
_TOKEN_SYSTEM = {"SNOMED": "snomed", "RxNorm": "rxnorm", "ICD-10-CM": "icd10", "ICD-10": "icd10",
                 "ATC": "atc", "LOINC": "loinc", "DrugBank": "drugbank", "MeSH": "mesh"}


def system_name(system: str | None) -> str | None:
    """The short name of a code system (``"SNOMED"``, ``"RxNorm"``…), or ``None`` if unknown."""
    if not system:
        return None
    return _SYSTEMS.get(system.strip().lower().rstrip("/"))


def canonical(system: str | None, code: str) -> str | None:
    """``SYSTEM:code`` for a known system, else ``None``."""
    name = system_name(system)
    return f"{name}:{code.strip()}" if name and code.strip() else None


def _parts(value: str) -> tuple[str, str] | None:
    system, sep, code = value.partition(":")
    name = system_name(system) if sep else None
    return (_TOKEN_SYSTEM[name], _fold(code)) if name and code.strip() else None


def _fold(code: str) -> str:
    return code.strip().lower().replace(".", "")


def exact_token(system: str, code: str) -> str:
    """The matching token of one exact code (``system`` in any spelling :func:`system_name` reads)."""
    return f"code:{_TOKEN_SYSTEM[system_name(system)]}:{_fold(code)}"  # type: ignore[index]


def prefix_token(system: str, prefix: str) -> str:
    """The matching token of a code prefix: every code that starts with ``prefix``."""
    return f"prefix:{_TOKEN_SYSTEM[system_name(system)]}:{_fold(prefix)}"  # type: ignore[index]


@lru_cache(maxsize=65536)
def record_tokens(code: str) -> tuple[str, ...]:
    """Tokens a record's ``SYSTEM:code`` can match: the exact code and each of its prefixes."""
    parts = _parts(code)
    if parts is None:
        return ()
    system, folded = parts
    return (f"code:{system}:{folded}",) + tuple(f"prefix:{system}:{folded[:n]}" for n in range(1, len(folded) + 1))


# --- format checks ---------------------------------------------------------------------------

_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5), (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7), (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3), (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4), (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7), (9, 4, 5, 3, 1, 2, 6, 8, 7, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff_ok(digits: str) -> bool:
    """Whether ``digits`` ends in a valid Verhoeff check digit (the last digit of a SNOMED CT id)."""
    check = 0
    for i, ch in enumerate(reversed(digits)):
        check = _VERHOEFF_D[check][_VERHOEFF_P[i % 8][int(ch)]]
    return check == 0


_SHAPES = {
    # SNOMED CT id: 6–18 digits, no leading zero, partition id and Verhoeff check digit last
    "SNOMED": re.compile(r"[1-9]\d{5,17}"),
    "ICD-10-CM": re.compile(r"[A-Z]\d[0-9A-Z](\.[0-9A-Z]{1,4})?"),
    "ICD-10": re.compile(r"[A-Z]\d\d(\.\d{1,2})?"),
    "RxNorm": re.compile(r"[1-9]\d{0,7}"),
    # ATC levels: L, L01, L01X, L01XA, L01XA01
    "ATC": re.compile(r"[A-Z](\d\d([A-Z]([A-Z](\d\d)?)?)?)?"),
    "LOINC": re.compile(r"\d{1,7}-\d"),
}


def format_problem(system: str, code: str) -> str | None:
    """Why ``code`` is not well formed in ``system`` (``None`` when it is)."""
    name = system_name(system)
    shape = _SHAPES.get(name or "")
    if shape is None:
        return f"unknown code system {system!r}"
    if not shape.fullmatch(code):
        return f"{code!r} is not shaped like a {name} code"
    if name == "SNOMED" and (not verhoeff_ok(code) or code[-3:-1] not in {"00", "10"}):
        return f"{code!r} fails the SNOMED CT check digit or is not a concept id (partition 00 or 10)"
    return None


# --- the concept codes file ------------------------------------------------------------------

CodeSource = Literal[
    "synthea-bundles", "eunomia-concept", "eunomia-concept-ancestor", "atc-hierarchy", "issue-13"
]


class ConceptCode(BaseModel):
    """One row of ``lexicons/event_codes.jsonl``: a code (or prefix, or range) naming a concept."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    concept: str = Field(pattern=r"^[a-z0-9_]+$", description="the concept's name in events.jsonl")
    kind: str = Field(description="the concept's kind in events.jsonl")
    system: Literal["SNOMED CT", "RxNorm", "ICD-10-CM", "ATC"]
    code: str | None = Field(default=None, description="an exact code")
    prefix: str | None = Field(default=None, description="every code starting so (a class)")
    range: tuple[str, str] | None = Field(default=None, description="inclusive range of 3-character categories")
    display: str = Field(min_length=1, description="the name the source gives the code")
    source: CodeSource = Field(description="the data the mapping was taken from")
    via: str | None = Field(default=None, description="for eunomia-concept-ancestor: the ingredient above the drug")

    @model_validator(mode="after")
    def _one_form(self) -> ConceptCode:
        forms = [f for f in (self.code, self.prefix, self.range) if f is not None]
        if len(forms) != 1:
            raise ValueError("give exactly one of code, prefix, range")
        for value in (self.code, self.prefix, *(self.range or ())):
            if value is not None and (problem := _row_problem(self.system, value, self.code is None)):
                raise ValueError(problem)
        return self

    def tokens(self) -> tuple[str, ...]:
        """The matching tokens of this row."""
        if self.code is not None:
            return (exact_token(self.system, self.code),)
        if self.prefix is not None:
            return (prefix_token(self.system, self.prefix),)
        return tuple(prefix_token(self.system, c) for c in _categories(*self.range))  # type: ignore[misc]


def _row_problem(system: str, value: str, partial: bool) -> str | None:
    """A prefix or range end need only be a well-formed start of a code (ATC L01, ICD C00)."""
    if partial and system_name(system) == "ICD-10-CM":
        return None if re.fullmatch(r"[A-Z]\d\d", value) else f"{value!r} is not an ICD-10-CM category"
    return format_problem(system, value)


def _categories(first: str, last: str) -> list[str]:
    if first[0] != last[0] or first > last:
        raise ResourceError(f"lexicons/event_codes.jsonl: range {first}–{last} must stay within one letter")
    return [f"{first[0]}{n:02d}" for n in range(int(first[1:]), int(last[1:]) + 1)]


@cache
def concept_codes() -> dict[tuple[str, str], tuple[ConceptCode, ...]]:
    """Rows of ``event_codes.jsonl`` by (kind, concept); a row naming no concept is refused."""
    known = {(c.kind, c.name) for c in event_lexicon()}
    out: dict[tuple[str, str], list[ConceptCode]] = {}
    for row in load_jsonl("lexicons/event_codes.jsonl", ConceptCode):
        if (row.kind, row.concept) not in known:
            raise ResourceError(f"lexicons/event_codes.jsonl: no {row.kind} {row.concept!r} in events.jsonl")
        out.setdefault((row.kind, row.concept), []).append(row)
    return {key: tuple(rows) for key, rows in out.items()}


def concept_tokens(concept) -> frozenset[str]:
    """Every code token that identifies ``concept``: its own exact code and its code rows."""
    tokens = set()
    if concept.code is not None and system_name(concept.code.system):
        tokens.add(exact_token(concept.code.system, concept.code.code))
    for row in concept_codes().get((concept.kind, concept.name), ()):
        tokens.update(row.tokens())
    if concept.kind == "condition":  # the ICD-10-CM codes its phrases name in the condition vocabulary
        from ..vocab.matching import lexicon_tokens

        tokens.update(lexicon_tokens(concept))
    return frozenset(tokens)
