"""The ``criteria_measures`` component: marks measures the lab lexicon lacks.

"Intracranial pressure > 20 cm H2O", "Bishop score < 6", "lymph node > 1.5 cm": the thing
compared is a noun phrase ending in a measure word (``data/lexicons/measure_words.jsonl``: a
*head* such as "pressure" or "score", or an *object* measured by its size such as "node"),
reaching back over at most four words that are not function words, stop words, cues, lab
names, units, numbers or punctuation. Only a phrase that is compared is marked: a comparator or
a number follows within a few tokens (an abbreviation in parentheses, "of", "is", "must be"
between), so a phrase merely named ("tumor size was assessed") stays words for the other
families. Marks go to ``doc.user_data["criteria_measures"]`` as ``(start_token, end_token, 0)``
triples (one kind of mark); the span lexer makes them ``MEASURE`` terminals and the threshold
grammar decides whether a bound follows (:mod:`criteria.parse.grammar.threshold`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

import numpy
from pydantic import BaseModel, ConfigDict, Field, model_validator
from spacy.language import Language
from spacy.attrs import LOWER
from spacy.tokens import Doc

from ...resources import cue_lexicon, load_jsonl, word_list
from ...labs import marks
from .labs import LABS_KEY

MEASURES_KEY = "criteria_measures"
_MAX_BEFORE = 6  # words before the head: "Ocular Surface Disease Index Symptom Severity score"
_LOOKAHEAD = 4  # tokens between the phrase and its comparator: "(mRS) of", "must be"
_BRIDGES = frozenset({"of", "is", "must", "should", "be", "was", "are", "(", ")", ":", "at", "value", "an", "a",
                      "measuring", "measured", "measures", "measure"})  # "lesion measuring >= 20 mm"
_MEASURING = frozenset({"measuring", "measured", "measures", "measure"})  # "measured as >= 2 cm": "as" after them
_JOINERS = frozenset({"-", "/"})  # inside a phrase: "Child-Pugh", "PaO2/FiO2"
_COMPARING = frozenset({"CMP", "BETWEEN", "OR_CMP"})
# function words that do belong to a measure's name ("serum uric acid level", "viral load count")
_NOT_STOPS = frozenset({"level", "levels", "value", "values", "count", "serum", "renal", "cardiac", "hepatic",
                        "pulmonary", "coagulation", "function"})
_LAB_REACH = 10  # tokens after a lab's name that may still be filler of its threshold
_BREAKS = frozenset({";", ".", ",", "and", "or"})  # a lab's head does not reach over these
_GENERIC_PREFIXES = frozenset({"sub", "-"})  # "sub-score": a head with no name of its own
_INSIDE = frozenset({"in", "within", "inside"})
_ON = frozenset({"on", "using"})  # "rated on a scale of 0-10"
_GLUED_WORD = re.compile(r"[^\w\s-][a-z]{2,}$")  # "iii)white": a word glued to what comes before it  # "metastasis in a (sentinel) node": a thing inside it
_DETERMINERS = frozenset({"a", "an", "the", "any", "one", "each"})
_WORDLIKE = re.compile(r"^[^\W\d_][\w']*$|^\w*[^\W\d_]\w*$")


class MeasureWord(BaseModel):
    """One row of ``lexicons/measure_words.jsonl`` (its ``_format`` line documents the fields)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    word: str = Field(pattern=r"^[a-z][a-z0-9.'-]*$", description="one lower-case token")
    role: Literal["head", "object", "stop", "qualifier"] = Field(
        description="ends a measure phrase, is measured, stops one, or qualifies a lexicon analyte")
    kind: Literal["lab", "measure"] | None = Field(default=None, description="the node a threshold on it becomes")
    alone: bool = Field(default=False, description="a measure phrase by itself, without words before it")
    needs_unit: bool = Field(default=False, description="a bound on it is read only with a unit")
    names_itself: bool = Field(default=False, description="alone, the word says what is measured ('pain')")

    @model_validator(mode="after")
    def _kind_for_heads(self) -> "MeasureWord":
        if (self.role in ("stop", "qualifier")) != (self.kind is None):
            raise ValueError(f"{self.word}: heads and objects have a kind, stop words none")
        return self


@cache
def measure_words() -> dict[str, MeasureWord]:
    """The measure words by word; a word listed twice is refused."""
    from ...errors import ResourceError

    found: dict[str, MeasureWord] = {}
    for row in load_jsonl("lexicons/measure_words.jsonl", MeasureWord):
        if row.word in found:
            raise ResourceError(f"lexicons/measure_words.jsonl: {row.word!r} is listed twice")
        found[row.word] = row
    return found


@cache
def _stops() -> frozenset[str]:
    own = {w for w, row in measure_words().items() if row.role == "stop"}
    return frozenset(own | (word_list("function_words.txt") - _NOT_STOPS))


_ABBREVIATED_SCORE = re.compile(r"^(?P<name>.*\S) \( ?[^()]+ ?\) scores?$")


def normalize_measure(text: str) -> str:
    """The field of an open-vocabulary measure: lower case, single spaces, none around - or /; a
    scale's score named with its abbreviation is the scale ("insomnia severity index (isi) score" is
    "insomnia severity index", as "a score of >= 13 on the Insomnia Severity Index" is)."""
    field = re.sub(r"\s*([-/])\s*", r"\1", " ".join(text.lower().split()))
    named = _ABBREVIATED_SCORE.match(field)
    return named.group("name") if named else field


def members(values: numpy.ndarray, table: numpy.ndarray) -> numpy.ndarray:
    """``numpy.isin(values, table)`` for a sorted ``table`` of distinct values, by binary search.

    Why not ``numpy.isin``: it makes the table distinct with ``numpy.unique``, which asks
    ``numpy.ma`` whether the array is masked, and the first such call imports ``numpy.ma``
    (12-15 ms of every cold start, for a module nothing else of the parse needs)."""
    at = numpy.searchsorted(table, values)
    at[at == len(table)] = 0  # past the last entry: compare with any entry, the test fails
    return table[at] == values


class MeasureMarker:
    """Marks compared measure phrases the lexicon lacks (see module doc)."""

    def __init__(self, nlp: Language, name: str = MEASURES_KEY):
        self.name = name
        self.words = {w: row for w, row in measure_words().items() if row.role in ("head", "object")}
        self.stops = _stops()
        self.comparing = frozenset(i for i, entry in enumerate(cue_lexicon()) if entry.terminal in _COMPARING)
        # head words as lexeme hashes, sorted and distinct: candidates are found over the Doc's array, in C
        self.head_hashes = numpy.unique(numpy.array([nlp.vocab.strings.add(w) for w in self.words] or [0],
                                                    dtype=numpy.uint64), return_inverse=True)[0]
        self.on_hashes = numpy.unique(numpy.array([nlp.vocab.strings.add(w) for w in _NAMED_AFTER_WORDS],
                                                  dtype=numpy.uint64), return_inverse=True)[0]

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[MEASURES_KEY] = self.find(doc)
        return doc

    def find(self, doc: Doc) -> list[tuple[int, int, int]]:
        """``(start, end, 0)`` of each compared measure phrase, left to right, without overlaps."""
        if not len(doc):
            return []
        hashes = doc.to_array(LOWER)
        heads = numpy.flatnonzero(members(hashes, self.head_hashes)).tolist()
        ons = numpy.flatnonzero(members(hashes, self.on_hashes)).tolist()
        if not heads and not ons:
            return []
        lower = _Lower(doc, hashes)
        blocked = bytearray(len(doc))
        comparators = set()
        for start, end, index in doc.user_data.get("criteria_cues") or ():
            blocked[start:end] = b"\1" * (end - start)
            if index in self.comparing:
                comparators.add(start)
        lab_ends = []
        labs = doc.user_data.get(LABS_KEY) or ()
        table = marks() if labs else ()  # the lab lexicons load on the first lab or unit, not before
        for start, end, index in labs:
            blocked[start:end] = b"\1" * (end - start)
            if table[index].terminal == "LAB":
                lab_ends.append(end)
        found: list[tuple[int, int, int]] = []
        reached = 0
        for i in heads:
            if i < reached or blocked[i]:
                continue
            end = i + 1
            while end < len(doc) and not blocked[end] and lower[end] in self.words:
                end += 1  # "scale score"
            start = self._reach_back(doc, lower, blocked, i)
            if start > 0 and lower[start - 1] in ("to", ":", "/") and lower[end - 1] == "ratio":
                continue  # "involved to (: /) uninvolved ratio": the ratio's first term is beyond it
            if start == i and lower[i] in _SCORES and self._abbreviated_scale(doc, lower, blocked, i) is not None:
                if not any(k in comparators for k in range(end, min(len(doc), end + _LOOKAHEAD + 1))):
                    continue  # "... (GCSI) Score (2 week recall version) of >= 2.66": a comparator, not any number
                start = self._abbreviated_scale(doc, lower, blocked, i)  # "Insomnia Severity Index (ISI) score"
            elif start > 0 and (lower[start - 1] == ")" or _GLUED_WORD.search(lower[start - 1])):
                continue  # "fluid (CSF) cell count", "iii)White blood cell count": the name runs on
            named_after = _inside(doc, lower, start, _ON) and _bound_before(doc, lower, comparators, start)
            if lower[end - 1] == "scale" and _inside(doc, lower, start, _ON) and not named_after:
                continue  # "(based) on a static scale of 0 - 4": the scale's span, not a bound
            if all(lower[k] in _GENERIC_PREFIXES for k in range(start, i)):
                start = i  # "SARA (Stance) sub-score": "sub-" names nothing; the scale is before it
            last = self.words[lower[end - 1]]
            if last.role == "object" and _inside(doc, lower, start):
                continue  # "the metastasis in a sentinel node is 0.2 mm or less": not the node's size
            if last.role == "object" and _relative_after(lower, end, len(doc)):
                continue  # "(in case of liver metastases: <= 5 x ULN)": a subgroup, not a size
            if (start < i or last.alone) and (named_after or self._compared(doc, lower, comparators, end)) \
                    and not self._in_lab_head(doc, lower, comparators, lab_ends, start):
                if not found or found[-1][1] <= start:
                    found.append((start, end, 0))
            reached = end
        named = self._abbreviations_named_after(doc, lower, blocked, comparators, ons) if ons else []
        if named:
            taken = {k for start, end, _ in found for k in range(start, end)}
            found = sorted(found + [m for m in named if not taken.intersection(range(m[0], m[1]))])
        return found

    def _abbreviations_named_after(self, doc: Doc, lower: "_Lower", blocked: bytearray, comparators: set[int],
                                   ons: list[int]) -> list[tuple[int, int, int]]:
        """Scales named by their abbreviation after a score's bound: "a score of >= 23 on the OSDI", "pain
        of >= 4 on the NPRS", "a score >= 70 on the DSST". No measure word ends such a name, so the heads
        above do not find it; a score word before the bound says a scale is what follows."""
        found = []
        for k in ons:
            start = k + 1
            while start < len(doc) and lower[start] in _DETERMINERS:
                start += 1
            if start >= len(doc) or blocked[start] or not _ABBREVIATION.match(doc[start].text):
                continue
            if not (_bound_before(doc, lower, comparators, start) and _scored_before(lower, k)):
                continue
            end = start + 1
            while end + 1 < len(doc) and lower[end] in _JOINERS and not doc[end - 1].whitespace_ \
                    and not doc[end].whitespace_ and not blocked[end + 1] and lower[end + 1].isalnum():
                end += 2  # "PI-NRS", "PHQ-9", "BRIEF-A"
            if end < len(doc) and (doc[end].text[:1].isupper() and _WORDLIKE.match(lower[end])
                                   or lower[end] in _JOINERS and not doc[end - 1].whitespace_):
                continue  # "on the COPD Assessment Test", "on the PI-NRS" (NRS read): a longer name
            found.append((start, end, 0))
        return found

    def _abbreviated_scale(self, doc: Doc, lower: "_Lower", blocked: bytearray, score: int) -> int | None:
        """Where the scale's name starts in "Insomnia Severity Index (ISI) score": a name ending in a
        scale word, its abbreviation in parentheses, then "score"; ``None`` if the words are not so."""
        k = score - 1
        if k < 3 or lower[k] != ")" or lower[k - 2] != "(" or blocked[k - 1] or not _WORDLIKE.match(lower[k - 1]):
            return None
        if lower[k - 3] not in _SCALE_NAMES or blocked[k - 3]:
            return None
        start = self._reach_back(doc, lower, blocked, k - 3)
        before = start - 1
        while before >= 0 and lower[before] in _DETERMINERS:
            before -= 1
        if before >= 0 and lower[before] == "of":
            return None  # "the fullness subscale of the GCSI (GCSI) score": a part of the scale
        return start if start < k - 3 else None

    def _reach_back(self, doc: Doc, lower: "_Lower", blocked: bytearray, head: int) -> int:
        start, words = head, 0
        j = head - 1
        while j >= 0 and words < _MAX_BEFORE and not blocked[j]:
            text = lower[j]
            if _glued_term(doc, lower, j):  # "cup-to-disc ratio", "HER2:CEP17 ratio": one name
                j -= 3 if text in _JOINERS else 1
                continue
            if text in _JOINERS and j > 0 and not doc[j - 1].whitespace_ and (
                    _WORDLIKE.match(lower[j - 1]) or _numbered(doc, lower, j - 1)):
                j -= 1  # "Child-Pugh", "ADHD-5-RS": the number is glued to a word before it too
                continue
            if text.isdigit() and j > 1 and lower[j - 1] == "-" and not doc[j - 1].whitespace_:
                j -= 1  # "HIV-1 RNA levels": a number glued to a word by a hyphen is part of its name
                continue
            if not _WORDLIKE.match(text) or text in self.stops or doc[j].is_space:
                break
            start, words = j, words + 1
            j -= 1
        return start

    def _in_lab_head(self, doc: Doc, lower: "_Lower", comparators: set[int], lab_ends: list[int],
                     start: int) -> bool:
        """Whether the phrase is filler of a lab's threshold: "HAM-D (17 items) total score >= 16"
        names the HAM-D; the lab's head reaches over words up to its bound."""
        for lab_end in lab_ends:
            if start - _LAB_REACH <= lab_end <= start:
                between = range(lab_end, start)
                if not any(k in comparators or lower[k] in _BREAKS or doc[k].is_space for k in between):
                    return True
        return False

    def _compared(self, doc: Doc, lower: "_Lower", comparators: set[int], end: int) -> bool:
        for k in range(end, min(len(doc), end + _LOOKAHEAD + 1)):
            if k in comparators or doc[k].like_num:
                return True
            if lower[k] == "as" and k > end and lower[k - 1] in _MEASURING:
                continue
            if lower[k] not in _BRIDGES and not (lower[k].isalpha() and k > end and lower[k - 1] == "("):
                return False
        return False


#: Words of a bound relative to a limit of normal: no size of a thing measured is one.
_RELATIVE = frozenset({"uln", "iuln", "unl", "lln", "ulrr"})
_RELATIVE_REACH = 8  # tokens after a phrase: ": <= 5 x ULN", "(> 5 times the ULN"


def _relative_after(lower: "_Lower", end: int, size: int) -> bool:
    """Whether a bound relative to a limit of normal follows the phrase ending at ``end``."""
    return any(lower[k] in _RELATIVE for k in range(end, min(size, end + _RELATIVE_REACH)))


#: "Insomnia Severity Index (ISI) score": the scale's name ends in one of these, then its abbreviation.
_SCALE_NAMES = frozenset({"scale", "index", "inventory", "questionnaire", "test", "assessment"})
_SCORES = frozenset({"score", "scores"})
_POINTS = frozenset({"point", "points"})
_POST_WORDS = frozenset({"more", "greater", "higher", "above", "less", "lower", "below", "fewer"})
_BOUND_REACH = 6  # tokens from "on" back to the comparator: "<= 4 or lower on the", "of at least 4 points on the"


def _bound_before(doc: Doc, lower: "_Lower", comparators: set[int], start: int) -> bool:
    """Whether a bound stands just before "on (the)" and the phrase at ``start``: "a score of < 10 on
    the Epworth Sleepiness Scale" names the scale after its bound (the threshold grammar decides)."""
    k = start - 1
    while k >= 0 and lower[k] in _DETERMINERS:
        k -= 1
    if k < 1 or lower[k] not in _ON:
        return False
    k -= 1
    post = k > 1 and lower[k] in _POST_WORDS and lower[k - 1] == "or"  # "2 or more on the"
    if post:
        k -= 2
    if k >= 0 and lower[k] in _POINTS:
        k -= 1
    if k < 0 or not doc[k].like_num:
        return False
    return post or any(j in comparators for j in range(max(0, k - _BOUND_REACH), k))


#: Words after a bound that name its scale: "(a score of >= 23) on the OSDI", "using the ADHD-RS".
_NAMED_AFTER_WORDS = ("on", "using")
#: A scale's abbreviation: capitals and digits, at least two capitals ("NPRS", "PHQ9", "BRIEF").
_ABBREVIATION = re.compile(r"^(?=(?:[0-9]*[A-Z]){2})[A-Z][A-Z0-9]+$")
#: Words before a bound saying a scale's score is bounded: "a score of", "pain rated", "points".
_SCORED = frozenset({"score", "scores", "subscore", "rating", "rated", "points", "point"})
_SCORED_REACH = 8  # tokens back from "on": "score of greater than or equal to 8 on"


def _scored_before(lower: "_Lower", on: int) -> bool:
    """Whether a score word stands a few tokens before ``on``, in the same clause."""
    for k in range(on - 1, max(-1, on - 1 - _SCORED_REACH), -1):
        if lower[k] in _SCORED:
            return True
        if lower[k] in (";", ".", ":"):
            return False
    return False


def _glued_term(doc: Doc, lower: "_Lower", j: int) -> bool:
    """Whether token ``j`` joins two terms of one name with no space: the "-to-" of "cup-to-disc",
    or the ":" of "HER2:CEP17" (a ratio written with a colon)."""
    if lower[j] == ":":
        return j > 0 and not doc[j - 1].whitespace_ and not doc[j].whitespace_ and _WORDLIKE.match(lower[j - 1]) is not None
    return (lower[j] == "-" and j > 2 and lower[j - 1] == "to" and lower[j - 2] == "-"
            and not doc[j - 1].whitespace_ and not doc[j - 2].whitespace_ and not doc[j - 3].whitespace_)


def _numbered(doc: Doc, lower: "_Lower", k: int) -> bool:
    """Whether token ``k`` is a number glued by a hyphen to a word before it ("ADHD-5")."""
    return (lower[k].isdigit() and k > 1 and lower[k - 1] == "-" and not doc[k - 1].whitespace_
            and not doc[k - 2].whitespace_ and _WORDLIKE.match(lower[k - 2]) is not None)


def _inside(doc: Doc, lower: "_Lower", start: int, words: frozenset[str] = _INSIDE) -> bool:
    """Whether the phrase starting at ``start`` follows "in (a|the)": the place of what is measured
    (or another of ``words``: "on a scale")."""
    k = start - 1
    while k >= 0 and lower[k] in _DETERMINERS:
        k -= 1
    return k >= 0 and lower[k] in words


class _Lower:
    """A token's lower-case text by index, read from the hash array only where asked."""

    __slots__ = ("strings", "hashes")

    def __init__(self, doc: Doc, hashes) -> None:
        self.strings, self.hashes = doc.vocab.strings, hashes

    def __getitem__(self, index: int) -> str:
        return self.strings[int(self.hashes[index])]


@Language.factory(MEASURES_KEY)
def make_measure_marker(nlp: Language, name: str) -> MeasureMarker:
    """spaCy factory for the measure-phrase marker (``nlp.add_pipe("criteria_measures")``)."""
    return MeasureMarker(nlp, name)
