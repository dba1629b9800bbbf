"""Plain words for the patient style: units spelled for reading and a small glossary, both data.

``data/lexicons/plain_english_units.jsonl`` says how a unit reads after a number ("10^9/L" →
"billion per litre", so "1.5 × 10⁹/L" reads "1.5 billion per litre");
``data/lexicons/plain_english_glossary.jsonl`` spells out short forms ("ULN" → "the upper
limit of normal for the lab"), puts medical and formal words in common ones ("myocardial
infarction" → "heart attack", "prior to" → "before": :func:`common_words`) and says what a
performance-status bound means in daily life ("ECOG 0–2" → "able to care for yourself …").
Both are validated on load; a term missing there is shown as written. The clinician style uses
neither: clinicians read units and abbreviations as the trial writes them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import ResourceError
from ..resources import load_jsonl


class UnitWords(BaseModel):
    """One row of ``lexicons/plain_english_units.jsonl``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    unit: str = Field(min_length=1, description="a pint unit expression as the tree holds it")
    patient: str = Field(min_length=1, description="the words after the number, for a patient")


class GlossaryEntry(BaseModel):
    """One row of ``lexicons/plain_english_glossary.jsonl``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    term: str = Field(min_length=1, description="the short form, a word or phrase in lower case, or the worst score "
                                                "a scale bound allows")
    kind: Literal["abbreviation", "word", "ecog", "karnofsky"] = Field(description="what the term is")
    patient: str = Field(min_length=1, description="the plain words")

    @model_validator(mode="after")
    def _common_words_keep_the_facts(self) -> "GlossaryEntry":
        """A word's common form is matched case-blind and may never add a number, comparator or time:
        the rendering says no fact the tree does not hold (the fidelity property of issue 17)."""
        if self.kind == "word":
            if self.term != self.term.lower():
                raise ValueError(f"a word's term is written in lower case: {self.term!r}")
            said = f" {self.patient.lower()} "
            added = [w for w in _FACT_WORDS if re.search(rf"(?<![\w-]){w}(?![\w-])", said)
                     and not re.search(rf"(?<![\w-]){w}(?![\w-])", self.term)]
            if re.search(r"\d", self.patient) or added:
                raise ValueError(f"{self.patient!r} adds a number or {added} to {self.term!r}")
        return self


_FACT_WORDS = ("at least", "at most", "more than", "less than", "fewer than", "no more", "exactly", "older", "younger",
               "higher", "lower", "in the", "years?", "months?", "weeks?", "days?", "hours?")
"""Words that state a bound or a time in a rendering: a common word must not bring one in."""


@cache
def _units() -> dict[str, str]:
    return {row.unit: row.patient for row in load_jsonl("lexicons/plain_english_units.jsonl", UnitWords)}


@cache
def _glossary() -> dict[tuple[str, str], str]:
    rows = load_jsonl("lexicons/plain_english_glossary.jsonl", GlossaryEntry)
    glossary = {(row.kind, row.term): row.patient for row in rows}
    if len(glossary) != len(rows):  # a term said twice would keep only its last words, silently
        seen = [(row.kind, row.term) for row in rows]
        twice = sorted({key for key in seen if seen.count(key) > 1})
        raise ResourceError(f"lexicons/plain_english_glossary.jsonl: terms given twice: {twice}")
    return glossary


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


@cache
def _words() -> dict[str, str]:
    """``{term: common words}`` of the glossary's words, checked to be said once: no common form holds
    a term itself, so cleaning twice reads as cleaning once."""
    words = {term: patient for (kind, term), patient in _glossary().items() if kind == "word"}
    pattern = _word_pattern(tuple(words))
    for term, patient in words.items():
        found = pattern.search(patient)
        if patient != term and found and words[found.group("term").lower()] != found.group("term").lower():
            raise ResourceError(f"lexicons/plain_english_glossary.jsonl: the common words {patient!r} of "
                                f"{term!r} hold the term {found.group('term')!r}")
    return words


def _word_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    # a whole word only: "renal" but not "adrenal", "pulmonary" but not "extra-pulmonary"
    return re.compile(rf"(?:\b(?P<article>an?) )?(?<![\w-])(?P<term>{alternatives})(?![\w-])", re.IGNORECASE)


@cache
def _compiled_words() -> re.Pattern[str]:
    return _word_pattern(tuple(_words()))


def _article(said: str) -> str:
    """ "a" or "an" before ``said``: by its first letter, or by the letter's name in a short form
    ("an allergy", "a heart attack", "an HIV test")."""
    first = said.split()[0]
    if len(first) > 1 and first.isupper():
        return "an" if first[0] in "AEFHILMNORSX" else "a"
    return "an" if first[:1].lower() in "aeiou" else "a"


_SAID_TWICE = re.compile(r"\b([A-Z]{2,}) \(\1\)")  # "human immunodeficiency virus (HIV)" → "HIV (HIV)"


def common_words(text: str) -> str:
    """``text`` with the glossary's medical and formal words in common words, for a patient.

    "Prior to" → "Before", "a hypersensitivity" → "an allergy" (the article follows the new word,
    a capital stays a capital); a compound the glossary keeps ("pulmonary hypertension") stays as
    written, and a short form its long form now repeats ("HIV (HIV)") is said once.
    """
    words = _words()

    def plain(match: re.Match[str]) -> str:
        written = match.group("term")
        said = words[written.lower()]
        if said == written.lower():
            said = written
        elif written[:1].isupper() and said[:1].islower():
            said = said[:1].upper() + said[1:]
        article = match.group("article")
        if article is None:
            return said
        new = _article(said)
        return f"{new.capitalize() if article[:1].isupper() else new} {said}"

    return _SAID_TWICE.sub(r"\1", _compiled_words().sub(plain, text))


_NUMBER_BEFORE_UNIT = r"(?P<number>\d+(?:[.,]\d+)*)\s*(?P<times>(?:[x×*]|times)\s*)?"


@cache
def _unit_patterns() -> tuple[tuple[re.Pattern[str], dict[str, tuple[str, bool]], bool], ...]:
    """(pattern, {form: (words, a power of ten)}, needs a times sign) for the written units a patient
    reads as words."""
    from ..labs import unit_lexicon  # the spellings the parser reads; imported late, as the parser is

    spelled = {unit: words for unit, words in _units().items() if not re.search(r"[%²/]|mmHg", words)}
    # exact spellings first: "G/L" is giga per litre before "g/l" (grams) is looked for case-blind
    tables: list[tuple[dict[str, tuple[str, bool]], int, bool]] = [
        ({}, 0, False), ({}, re.IGNORECASE, False), ({}, re.IGNORECASE, True),
    ]
    for entry in unit_lexicon():
        if entry.unit in spelled:
            for forms, (table, flags, _) in zip((entry.exact, entry.forms, entry.after_times), tables):
                table.update({form.lower() if flags else form: (spelled[entry.unit], entry.unit.startswith("10^"))
                              for form in forms})
    patterns = []
    for table, flags, after_times in tables:
        if table:
            forms = "|".join(re.escape(f) for f in sorted(table, key=len, reverse=True))
            patterns.append((re.compile(rf"(?<![\w.,]){_NUMBER_BEFORE_UNIT}(?P<form>{forms})(?![\w/^])", flags),
                             table, after_times))
    return tuple(patterns)


def spelled_units(text: str) -> str:
    """``text`` with a unit after a number read as words, as the tree's units are ("1.5 x 10^9/L" →
    "1.5 billion per litre", "9 g/dL" → "9 grams per decilitre"); a unit the glossary does not spell
    stays as written, and so does every number."""
    for pattern, table, after_times in _unit_patterns():
        def said(match: re.Match[str], table=table, after_times=after_times) -> str:
            form = match.group("form")
            found = table.get(form) or table.get(form.lower())  # exact, or case-blind
            if found is None or (after_times and not match.group("times")):
                return match.group(0)
            words, power = found  # "1.5 x 10^9/L": the power of ten takes the times sign with it
            times = "" if power or not match.group("times") else match.group("times")
            return f"{match.group('number')} {times}{words}"
        text = pattern.sub(said, text)
    return text
