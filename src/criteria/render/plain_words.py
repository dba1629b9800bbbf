"""Plain words for the patient style: units spelled for reading and a small glossary, both data.

``data/lexicons/plain_english_units.jsonl`` says how a unit reads after a number ("10^9/L" →
"billion per litre", so "1.5 × 10⁹/L" reads "1.5 billion per litre");
``data/lexicons/plain_english_glossary.jsonl`` spells out short forms ("ULN" → "the upper
limit of normal for the lab") and says what a performance-status bound means in daily life
("ECOG 0–2" → "able to care for yourself …"). Both are validated on load; a term missing there
is shown as written. The clinician style uses neither: clinicians read units and abbreviations
as the trial writes them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..resources import load_jsonl


class UnitWords(BaseModel):
    """One row of ``lexicons/plain_english_units.jsonl``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit: str = Field(min_length=1, description="a pint unit expression as the tree holds it")
    patient: str = Field(min_length=1, description="the words after the number, for a patient")


class GlossaryEntry(BaseModel):
    """One row of ``lexicons/plain_english_glossary.jsonl``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    term: str = Field(min_length=1, description="the short form, or the worst score a scale bound allows")
    kind: Literal["abbreviation", "ecog", "karnofsky"] = Field(description="what the term is")
    patient: str = Field(min_length=1, description="the plain words")


@cache
def _units() -> dict[str, str]:
    return {row.unit: row.patient for row in load_jsonl("lexicons/plain_english_units.jsonl", UnitWords)}


@cache
def _glossary() -> dict[tuple[str, str], str]:
    rows = load_jsonl("lexicons/plain_english_glossary.jsonl", GlossaryEntry)
    return {(row.kind, row.term): row.patient for row in rows}


def unit_words(unit: str | None) -> str | None:
    """The words a patient reads for ``unit`` after a number, or None when the glossary has none."""
    return _units().get(unit) if unit else None


def scale_words(scale: str, worst: float) -> str | None:
    """What "score no worse than ``worst``" means on ``scale`` in daily life, if the glossary says.

    ECOG counts up (0 is best), Karnofsky and Lansky down (100 is best); a Lansky bound reads as
    the Karnofsky one, the two scales being built alike.
    """
    kind = "karnofsky" if scale in ("karnofsky", "lansky") else scale
    key = str(int(worst)) if worst == int(worst) else str(worst)
    return _glossary().get((kind, key))


def abbreviation(term: str) -> str | None:
    """The plain words for the short form ``term`` ("ULN"), if the glossary has it."""
    return _glossary().get(("abbreviation", term))


@cache
def _abbreviation_pattern() -> re.Pattern[str] | None:
    terms = sorted((term for kind, term in _glossary() if kind == "abbreviation"), key=len, reverse=True)
    return re.compile(r"(?<![\w(])(" + "|".join(map(re.escape, terms)) + r")(?![\w)])") if terms else None


def spell_out(text: str) -> str:
    """``text`` with the glossary's short forms spelled out ("3 x ULN" → "3 x the upper limit …")."""
    pattern = _abbreviation_pattern()
    if pattern is None:
        return text
    return pattern.sub(lambda m: abbreviation(m.group(1)) or m.group(1), text)
