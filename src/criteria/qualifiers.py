"""Which kind of an event the text asks for: ``data/lexicons/qualifiers.jsonl``, validated on load.

"Systemic chemotherapy", "invasive breast cancer", "bilateral oophorectomy": the word before the
term narrows the event, and a reading that dropped it would be looser than the text. Each value
of the lexicon belongs to an axis (route, intent, behaviour…), may be a kind of a broader value of
its axis (``within``: oral is systemic) and may exclude others (``contrasts``: topical is not
systemic). A record has a value when its words state it or a kind of it, has not when they state a
contrast (or a kind of one), and leaves it unknown otherwise. The parser (which words become
qualifiers), the evaluator and the SQL compiler (which words a record must state) all read this
one module.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import ResourceError
from .resources import load_jsonl

QUALIFIER_FILE = "lexicons/qualifiers.jsonl"
"""Where the qualifier lexicon lies, under the package data."""
_FILE = QUALIFIER_FILE
_DRUGS = frozenset({"prior_therapy", "medication"})
QualifiedKind = Literal["condition", "prior_therapy", "medication", "procedure"]


class Qualifying(BaseModel):
    """One row of ``lexicons/qualifiers.jsonl``: a qualifier value and how it is written."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str = Field(min_length=1, description="the qualifier's name: 'systemic', 'in situ'")
    axis: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="what it says: route, intent, behaviour, her2…")
    phrases: tuple[str, ...] = Field(min_length=1, description="how it is written, lower case, whole words")
    kinds: tuple[QualifiedKind, ...] = Field(min_length=1, description="the event kinds it may qualify")
    within: str | None = Field(default=None, description="the broader value of the same axis it is a kind of")
    contrasts: tuple[str, ...] = Field(default=(), description="values of the same axis a record cannot also be")
    rank: int | None = Field(default=None, ge=0, description="order on its axis, for ranges: mild 1 … severe 3")
    apart: bool = Field(default=False, description="may stand before the term's own status words and beside "
                        "other such qualifiers: a receptor or mutation status ('HER2-negative metastatic breast cancer')")
    after: bool = Field(default=False, description="said after the event, as the stage of disease it treated: "
                        "'chemotherapy for metastatic disease' (read there by criteria.parse.compose.settings)")


class QualifierLexicon:
    """The qualifier values, their phrases, and the relations between values of one axis."""

    def __init__(self, rows: list[Qualifying]):
        self.rows = {row.value: row for row in rows}
        if len(self.rows) != len(rows):
            raise ResourceError(f"{_FILE}: a value is listed twice")
        self.by_phrase: dict[tuple[str, ...], Qualifying] = {}
        for row in rows:
            self._check(row)
            for phrase in row.phrases:
                words = tuple(phrase.split())
                if words in self.by_phrase:
                    raise ResourceError(f"{_FILE}: phrase {phrase!r} is written for two values")
                self.by_phrase[words] = row
        self.longest = max(len(words) for words in self.by_phrase)
        self._contrasts = {v: frozenset() for v in self.rows}
        for row in rows:  # contrasts are symmetric
            for other in row.contrasts:
                self._contrasts[row.value] |= {other}
                self._contrasts[other] |= {row.value}

    def _check(self, row: Qualifying) -> None:
        for other in (row.within, *row.contrasts):
            if other is None:
                continue
            if other not in self.rows:
                raise ResourceError(f"{_FILE}: {row.value!r} names {other!r}, which is no value")
            if self.rows[other].axis != row.axis:
                raise ResourceError(f"{_FILE}: {row.value!r} and {other!r} are on different axes")
        seen, up = {row.value}, row.within
        while up is not None:
            if up in seen:
                raise ResourceError(f"{_FILE}: 'within' runs in a circle through {row.value!r}")
            seen.add(up)
            up = self.rows[up].within
        if any(p != p.lower().strip() or not p for p in row.phrases):
            raise ResourceError(f"{_FILE}: the phrases of {row.value!r} are lower case, without edge spaces")
        if any("+" in p for p in row.phrases):  # records are matched without signs: "her2+" would be "her2"
            raise ResourceError(f"{_FILE}: a phrase of {row.value!r} holds '+', which record words lose")

    def ancestors(self, value: str) -> tuple[str, ...]:
        """``value`` and every broader value it is a kind of, nearest first."""
        out, up = [value], self.rows[value].within
        while up is not None:
            out.append(up)
            up = self.rows[up].within
        return tuple(out)

    def narrower(self, value: str) -> frozenset[str]:
        """``value`` and every value that is a kind of it."""
        return frozenset(v for v in self.rows if value in self.ancestors(v))

    def contrasts(self, value: str) -> frozenset[str]:
        """The values a record stating them cannot have ``value``: contrasts of it or of a broader
        value, and every kind of those."""
        direct = frozenset().union(*(self._contrasts[a] for a in self.ancestors(value)))
        return frozenset().union(*(self.narrower(v) for v in direct)) if direct else frozenset()

    def fits(self, kind: str, values: tuple[str, ...]) -> bool:
        """Whether every one of ``values`` may qualify an event of ``kind``. A therapy term may be
        read as a current drug and back, so a qualifier of either fits both."""
        return all(kind in self.rows[v].kinds or (kind in _DRUGS and bool(_DRUGS & set(self.rows[v].kinds)))
                   for v in values)

    def phrases(self, values: frozenset[str]) -> frozenset[str]:
        """Every phrase of ``values``."""
        return frozenset(p for v in values for p in self.rows[v].phrases)

    def wanted_and_against(self, values: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
        """The phrases a record states to have one of ``values`` (any of them, or a kind of one),
        and those it states to have none: a contrast of every one of them."""
        wanted = frozenset().union(*(self.narrower(v) for v in values))
        against = frozenset.intersection(*(self.contrasts(v) for v in values)) - wanted
        return self.phrases(wanted), self.phrases(against)


def qualifier_words(qualifiers) -> tuple[str, str]:
    """``(before, after)``: how an event's qualifiers are said around its name ("systemic ",
    " for advanced or metastatic disease"), one wording for the renderers and the evaluator's reasons."""
    rows = qualifier_lexicon().rows
    before = "".join(" or ".join(q.values) + " " for q in qualifiers if not _said_after(rows, q))
    after = "".join(f" for {' or '.join(q.values)} disease" for q in qualifiers if _said_after(rows, q))
    return before, after


def _said_after(rows: dict[str, Qualifying], qualifier) -> bool:
    return all(v in rows and rows[v].after for v in qualifier.values)


@cache
def qualifier_lexicon() -> QualifierLexicon:
    """The qualifier lexicon, read and checked once."""
    return QualifierLexicon(load_jsonl(_FILE, Qualifying))
