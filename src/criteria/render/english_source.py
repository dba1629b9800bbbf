"""The trial's own words, cleaned for reading: what a criterion read in part is quoted as.

Cleaning keeps the trial's sentences and every number in them (the trial page shows the text
exactly as written). It undoes markdown escapes (``\\>`` → ``>``) and runs of whitespace in
both styles; for a patient it also

* spells out a short form the trial itself defines ("central nervous system (CNS)" makes a later
  "CNS" read "central nervous system"), and the glossary's short forms ("ULN");
* writes comparators as words ("≥ 1.5" → "at least 1.5", "< 3 x ULN" → "less than 3 times …"), and
  units after a number as the tree's units read ("1.5 x 10^9/L" → "1.5 billion per litre");
* puts the glossary's medical and formal words in common words ("myocardial infarction" → "heart
  attack", "prior to" → "before", "e.g." → "for example": :func:`~criteria.render.plain_words.common_words`);
* ends a sentence where the trial's own list of statements breaks at a semicolon ("… 1.5 x ULN;
  creatinine …" → "… 1.5 times …. Creatinine …"), and drops the semicolon or comma a bullet ends
  on: one requirement a sentence, the words unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .english import Style, as_written
from .plain_words import common_words, spell_out, spelled_units

_DEFINED = re.compile(r"((?:[A-Za-z][\w'-]*[ -]){1,8}?)\(([A-Z][A-Za-z0-9]{1,9})\)")
_DEFINED_AFTER = re.compile(r"\b([A-Z][A-Za-z0-9]{1,9}) ?\(([A-Za-z][\w' -]{3,80}?)\)")
_COMPARATOR_WORDS = (
    (r"≥|>=|=>", "at least"), (r"≤|<=|=<", "at most"), (r">", "more than"), (r"<", "less than"),
)
_COMPARATORS = [(re.compile(rf"(?:{pattern})\s*(?=[+-]?\.?\d)"), words + " ") for pattern, words in _COMPARATOR_WORDS]
_TIMES = re.compile(r"(?<=\d)\s*[x×]\s*(?=ULN|LLN|the (?:upper|lower) limit)")


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w).upper()


def _matches(short: str, words: list[str]) -> str | None:
    """The last words of ``words`` whose initials spell ``short`` ("central nervous system" for CNS)."""
    letters = "".join(c for c in short if c.isalpha()).upper()
    for size in range(len(letters), 0, -1):
        tail = words[-size:]
        if len(tail) == size and _initials(tail) == letters:
            return " ".join(tail)
    return None


@lru_cache(maxsize=64)
def definitions(text: str) -> dict[str, str]:
    """Short forms the text defines, ``{"CNS": "central nervous system"}``: "long form (SHORT)"
    or "SHORT (long form)", where the long form's initials spell the short form."""
    found: dict[str, str] = {}
    flat = as_written(text)
    for match in _DEFINED.finditer(flat):
        long = _matches(match.group(2), re.split(r"[ -]", match.group(1).strip()))
        if long:
            found.setdefault(match.group(2), long)
    for match in _DEFINED_AFTER.finditer(flat):
        short, words = match.group(1), re.split(r"[ -]", match.group(2).strip())
        if short not in found and len(words) == len("".join(c for c in short if c.isalpha())) \
                and _initials(words) == short.upper():
            found[short] = match.group(2).strip()
    return found


def clean(text: str, style: Style, defined: dict[str, str] | None = None) -> str:
    """``text`` cleaned for ``style`` (see the module); ``defined`` the short forms the trial defines."""
    out = as_written(text)
    if style == "clinician":
        return out
    for short, long in (defined or {}).items():
        # a bare use only: "(CNS)" beside its long form, or "SOC(…)", stays as written
        out = re.sub(rf"(?<![\w(]){re.escape(short)}(?![\w)(])", long, out)
    out = common_words(spell_out(out))
    out = _TIMES.sub(" times ", out)
    for pattern, words in _COMPARATORS:
        out = pattern.sub(words, out)
    out = spelled_units(out)
    return sentences(" ".join(out.split()))


_SENTENCE_WORDS = 4
"""Words each side of a semicolon needs for it to end a sentence: "HIV; HTLV1; or VDRL" is a list of
names, not of statements, and stays one sentence."""


def sentences(text: str) -> str:
    """``text`` with a semicolon between two statements ending a sentence, and no semicolon or comma at
    its end.

    A semicolon inside brackets ("(5 mg; 10 mg)") belongs to the aside and stays, and so does one
    beside a piece shorter than a statement (:data:`_SENTENCE_WORDS`); the word after a semicolon that
    now ends a sentence opens the next with a capital ("; or platelets …" → ". Or platelets …").
    """
    text = text.rstrip(" ,;")
    depth, pieces, start = 0, [], 0
    for at, char in enumerate(text):
        depth += char in "([{"
        depth -= char in ")]}" and depth > 0
        if char == ";" and depth == 0:
            pieces.append(text[start:at].strip())
            start = at + 1
    pieces = [p for p in [*pieces, text[start:].strip()] if p.strip(" .,")]
    said = pieces[:1]
    for before, piece in zip(pieces, pieces[1:]):
        if min(len(before.split()), len(piece.split())) < _SENTENCE_WORDS:
            said[-1] += "; " + piece
        else:
            said[-1] += "" if said[-1].endswith((".", "!", "?", ":")) else "."
            said.append(piece[:1].upper() + piece[1:])
    return " ".join(said)
