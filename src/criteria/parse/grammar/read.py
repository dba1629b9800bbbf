"""Stage 4: lex each item and let the grammar read its rule matches (``Annotated → Read``).

An item that no rule could read (decided from its cues and words, without lexing: most
items) is not lexed at all. Every other item is lexed (:mod:`~criteria.parse.grammar.lexer`);
exemption sentences written inside an exclusion become items of their own
(:func:`~criteria.parse.exemptions.split_exemptions`); then the scanner
(:mod:`~criteria.parse.grammar.scanner`) asks Lark for the rule matches of each lexed item.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy
from spacy.attrs import IS_ALPHA, LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc

from ...resources import cue_lexicon
from ...tree.spans import Span
from ..exemptions import split_exemptions
from ..nlp.annotate import Annotated
from ..nlp.heads import HEADS_KEY
from ..nlp.measures import members
from ..sections import Item
from .lexer import Lexeme, lex, mark_terminals
from .qualifiers import signed_status_pattern, status_first_words
from .scanner import Match, may_match, scan

_NOT_COUNTED = frozenset({"COMMA", "SEMI", "COLON", "LPAR", "RPAR"})  # punctuation, for _bare_allowed

_BARE_MAX = 8  # terminals in the longest criterion read as a bare age ("18 to 65 years")

# Cues the exemption, scope and lead-in steps read even where no rule family fires (issue 4)
_STRUCTURE_CUES = frozenset({"EXEMPT", "EXCEPT", "FOLLOWING"})


@dataclass(frozen=True)
class ItemRead:
    """What the grammar read in one lexed item: its lexemes (for a cohort definition, "Cohort 1
    (label): definition", only those after the colon) and the rule matches among them."""

    lexemes: list[Lexeme]
    matches: list[Match]


@dataclass(frozen=True)
class Read:
    """Stage 4's output: the annotated text (exemption sentences split into items of their own),
    the original text, each item's whole lexemes (empty if it was not worth lexing), what the
    grammar read in it (``None`` if not lexed) and its span in the original."""

    annotated: Annotated
    original: str
    lexemes: list[list[Lexeme]]
    items: list[ItemRead | None]
    spans: list[Span]


def read(annotated: Annotated, original: str) -> Read:
    """Lex the items worth reading and find the rule matches in each."""
    worth = _worth_reading(annotated, frozenset(item.parent for item in annotated.sections.items))
    lexemes = [_lex(annotated, i) if worth[i] else [] for i in range(len(worth))]
    annotated, lexemes = split_exemptions(annotated, lexemes)
    spans = [annotated.text.span(*annotated.ranges[i]) for i in range(len(lexemes))]
    items = [_read_item(annotated, i, item, lexemes[i], original, _inherited_measure(lexemes, i, item))
             if lexemes[i] else None
             for i, item in enumerate(annotated.sections.items)]
    return Read(annotated=annotated, original=original, lexemes=lexemes, items=items, spans=spans)


def _read_item(annotated: Annotated, index: int, item: Item, lexemes: list[Lexeme], original: str,
               inherited: Lexeme | None = None) -> ItemRead:
    text = annotated.text.text
    if item.defines_cohort:  # "Cohort 1 (label): definition": the rule reads the definition
        start, end = annotated.ranges[index]
        colon = text.find(":", start, end)  # by character: spaCy may keep "):" as one token
        lexemes = [lx for lx in lexemes if lx.start > colon] if colon >= 0 else lexemes
    whole = frozenset({"age_bare"}) if _bare_allowed(item, lexemes) else frozenset()
    if item.heading and _heading_names_life_expectancy(item.heading):
        whole = frozenset({"le_bare"})  # "Life expectancy: - At least 12 weeks"
    if inherited is not None and _bare_bound(lexemes):
        found = _read_with_measure(lexemes, inherited, annotated, original, text)
        if found is not None:
            return found
    matches = scan(lexemes, annotated.text.span, original, whole_families=whole, text=text) if lexemes else []
    return ItemRead(lexemes=lexemes, matches=matches)


# Lead-in measures (issue 12): "Absolute neutrophil count:" / "- >= 1,500/mm3". A sub-bullet that
# opens on a bound and names no measure takes the one its lead-in ends on.
_MEASURE_TERMINALS = frozenset({"LAB", "MEASURE"})
_BOUND_OPENERS = frozenset({"CMP", "BETWEEN", "NUM"})
_LEAD_IN_TAIL = frozenset({"COLON", "LPAR", "RPAR", "COMMA", "DASH"})
# words a lead-in may end on after its measure: what of it is measured, "defined as", ")："
_LEAD_IN_TAIL_WORDS = frozenset({"count", "counts", "level", "levels", "value", "values", "concentration",
                                 "defined", "as", "of", "is", "should", "be", "must", "):", ")", ":"})
_THRESHOLD_KINDS = frozenset({"lab_threshold", "measure_threshold"})


def _lead_in_measure(lexemes: list[list[Lexeme]], item: Item) -> Lexeme | None:
    """The one measure the lead-in above ``item`` ends on, if it names exactly one and no bound.

    "Absolute neutrophil count:", "Serum creatinine level:", "Body mass index (BMI):": the measure
    is the lead-in's last content; after it only punctuation, a parenthesised abbreviation of the
    same measure or a few words saying what of it is measured. A lead-in with a number or two
    measures names no single one: nothing is inherited (never guess).
    """
    if item.parent is None or item.parent >= len(lexemes):
        return None
    parent = lexemes[item.parent]
    named = [lx for lx in parent if lx.type in _MEASURE_TERMINALS]
    if not named or len({lx.value for lx in named}) != 1 or any(lx.type in _BOUND_OPENERS for lx in parent):
        return None
    last = max(i for i, lx in enumerate(parent) if lx.type in _MEASURE_TERMINALS)
    first = min(i for i, lx in enumerate(parent) if lx.type in _MEASURE_TERMINALS)
    between = parent[first:last]
    if any(lx.type not in _MEASURE_TERMINALS | {"LPAR"} for lx in between):
        return None  # "hemoglobin or hemoglobin A1c": one name only, or "name (ABBR)"
    tail = parent[last + 1:]
    if any(lx.type not in _LEAD_IN_TAIL and not (lx.type == "W" and lx.value.lower() in _LEAD_IN_TAIL_WORDS)
           for lx in tail):
        return None
    return parent[last]


_LESION_CONDITION = "measurable_disease"
_LESION_SIZE = "tumor_size"  # labs.jsonl: a tumour's or lesion's size
_LENGTH_UNITS = frozenset({"mm", "cm"})


def _inherited_measure(lexemes: list[list[Lexeme]], index: int, item: Item) -> Lexeme | None:
    """The measure a bare bound in item ``index`` takes from its lead-in: the one the lead-in names
    (:func:`_lead_in_measure`), or a lesion's size (:func:`_size_of_lesion`)."""
    named = _lead_in_measure(lexemes, item)
    if named is not None or item.parent is None or item.parent >= len(lexemes):
        return named
    return _size_of_lesion(lexemes[item.parent], lexemes[index])


def _size_of_lesion(parent: list[Lexeme], lexemes: list[Lexeme]) -> Lexeme | None:
    """Under a lead-in naming measurable disease and no measure ("Measurable disease, defined as:",
    "At least 1 unidimensionally measurable lesion"), a bare bound in mm or cm is the lesion's size:
    "- At least 20 mm by conventional techniques"."""
    if not any(lx.type == "UNIT" and lx.value in _LENGTH_UNITS for lx in lexemes):
        return None
    if (any(lx.type == "EV_COND" and lx.value == _LESION_CONDITION for lx in parent)
            and not any(lx.type in _MEASURE_TERMINALS or lx.type == "UNIT" for lx in parent)):
        return Lexeme("LAB", _LESION_SIZE, 0, 0)
    return None


def _bare_bound(lexemes: list[Lexeme]) -> bool:
    """Whether a sub-bullet opens on a bound and names no measure of its own ("- >= 1,500/mm3")."""
    return (bool(lexemes) and lexemes[0].type in _BOUND_OPENERS
            and not any(lx.type in _MEASURE_TERMINALS for lx in lexemes))


def _read_with_measure(lexemes: list[Lexeme], inherited: Lexeme, annotated: Annotated, original: str,
                       text: str) -> ItemRead | None:
    """The sub-bullet read as its lead-in's measure followed by its own words: the measure stands as a
    zero-width terminal at the sub-bullet's start, so every span stays inside the sub-bullet. Kept
    only if a threshold opens there on that measure; otherwise ``None`` (read as written)."""
    at = lexemes[0].start
    measured = [inherited._replace(start=at, end=at), *lexemes]
    matches = scan(measured, annotated.text.span, original, text=text)
    if len(matches) != 1 or matches[0].lo != 0 or not _is_threshold(matches[0].node):
        return None
    if not all(_says_nothing_more(lx) for lx in measured[matches[0].hi:]):
        return None  # "for Cohort 5", "by spiral CT scan", "OR": the bound holds for some only, or is one of several
    return ItemRead(lexemes=measured, matches=matches)


# after an inherited bound, only punctuation and words restating what is measured
_SIZE_WORDS = frozenset({"in", "diameter", "longest", "largest", "greatest", "dimension", "size"})


def _says_nothing_more(lx: Lexeme) -> bool:
    return lx.type in _LEAD_IN_TAIL | {"SEMI"} or (lx.type == "W" and lx.value.lower() in _SIZE_WORDS)


def _is_threshold(node) -> bool:
    """A lab or measure threshold, or several of them joined (a bound and its alternative)."""
    if node.kind in _THRESHOLD_KINDS:
        return True
    members = getattr(node, "items", None)
    return bool(members) and all(_is_threshold(m) for m in members)


def _lex(annotated: Annotated, index: int) -> list[Lexeme]:
    start, end = annotated.tokens[index]
    events = annotated.events[index] if annotated.events else []
    return lex(annotated.doc, start, end, annotated.cues[index], events=events, text=annotated.text.text)


def _worth_reading(annotated: Annotated, parents: frozenset[int | None]) -> list[bool]:
    """Per item: could any rule read it, or could it be a lead-in? The others are unparsed unlexed.

    Decided from what is already at hand, with no work per token: the terminals of the
    item's cues (:func:`~criteria.parse.grammar.scanner.may_match`), its heading, and whether a
    word (an alphabetic token, which always lexes as ``W``) stands outside its cues, since
    a bare age is read only from a criterion without words (see :func:`_bare_allowed`).
    """
    terminal = _cue_terminals()
    alpha = _prefix_counts(annotated.doc, IS_ALPHA)
    heads = _marked_counts(annotated.doc, HEADS_KEY)
    statuses = _status_counts(annotated.doc)
    text = annotated.text.text
    worth = []
    for index, item in enumerate(annotated.sections.items):
        cues = annotated.cues[index]
        start, end = annotated.tokens[index]
        marked = frozenset(terminal[k] for _, _, k in cues) | mark_terminals(annotated.doc, start, end)
        has_events = bool(annotated.events and annotated.events[index])  # event terms trigger families
        has_events = has_events or heads[end] > heads[start]  # so do condition heads ("cardiogenic shock")
        has_events = has_events or statuses[end] > statuses[start]  # and receptor statuses ("HER2-negative")
        if index in parents or has_events or marked & _STRUCTURE_CUES or may_match(marked) or (
                _signed_status_in(text, annotated.ranges[index])):
            worth.append(True)
        elif item.heading:
            worth.append(_heading_names_age(item.heading))
        else:
            in_cues = sum(alpha[min(stop, end)] - alpha[first] for first, stop, _ in cues)
            worth.append(alpha[end] - alpha[start] - in_cues == 0)
    return worth


@cache
def _cue_terminals() -> tuple[str, ...]:
    """The terminal of each cue entry, by index: made once, not per text (the lexicon has ~1,000 rows)."""
    return tuple(entry.terminal for entry in cue_lexicon())


def _prefix_counts(doc: Doc, attr: int) -> list[int]:
    """``counts[i]``: how many of the first ``i`` tokens of ``doc`` have the boolean ``attr``."""
    return _cumulative(doc.to_array(attr)) if len(doc) else [0]


def _status_counts(doc: Doc) -> list[int]:
    """``counts[i]``: how many of the first ``i`` tokens of ``doc`` may begin a receptor or mutation
    status (a C-level array pass over the tokens' lower-case hashes)."""
    return _cumulative(members(doc.to_array(LOWER), _status_hashes())) if len(doc) else [0]


def _signed_status_in(text: str, span: tuple[int, int]) -> bool:
    """Whether the item's characters ``span`` of ``text`` hold a signed receptor status ("HER2-",
    "ER+/PR+"): one regular-expression search, not a Python pass over its tokens."""
    return signed_status_pattern().search(text, *span) is not None


def _cumulative(flags: numpy.ndarray) -> list[int]:
    return [0] + numpy.cumsum(flags).tolist()


@cache
def _status_hashes() -> numpy.ndarray:
    return numpy.array(sorted(hash_string(word) for word in status_first_words()), dtype=numpy.uint64)


def _marked_counts(doc: Doc, key: str) -> list[int]:
    """``counts[i]``: how many of the first ``i`` tokens a component marked in ``doc.user_data[key]``."""
    marked = numpy.zeros(len(doc), dtype=numpy.int64)
    marked[doc.user_data.get(key) or []] = 1
    return [0] + numpy.cumsum(marked).tolist()


def _heading_names_life_expectancy(heading: str) -> bool:
    return "life expectancy" in " ".join(heading.lower().replace(":", " ").split())


def _heading_names_age(heading: str) -> bool:
    return "age" in heading.lower().replace(":", " ").split()


def _bare_allowed(item: Item, lexemes: list[Lexeme]) -> bool:
    """Bare numbers ("over 18", "<75 years") read as an age only where nothing else can be meant.

    Under a heading, only if the heading names age ("Age:" in PDQ-style text; "More than
    12 weeks" under "Life expectancy:" is not an age). Without a heading, only for a whole
    short criterion of numbers, comparators and years (no other words, no other time unit).
    """
    if item.heading:
        return _heading_names_age(item.heading)
    # one pass that stops at the first word or the ninth terminal: most criteria open with a word
    count, units = 0, set()
    for lx in lexemes:
        if lx.type in _NOT_COUNTED:
            continue
        count += 1
        if lx.type == "W" or count > _BARE_MAX:
            return False
        if lx.type == "TIME_UNIT":
            units.add(lx.value)
    return count > 0 and units <= {"year"}
