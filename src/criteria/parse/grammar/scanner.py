"""Walk a criterion's terminals and keep the longest match of any rule family.

Each family sees the criterion in its own vocabulary: a terminal its grammar never reads
(an event term to the lab grammar, a lab name to the event grammar) is shown to it as a
plain word ``W`` carrying its source text, as it was before that terminal existed. So a
family added later cannot break the word sequences another family reads ("≤ 3 × ULN for
Gilbert's syndrome": the condition stays words to the threshold grammar).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Callable

from pydantic import ValidationError

from ...tree.nodes import Node
from ...tree.spans import Span
from .base import RuleContext
from .facade import STARTS, TRIGGERS, get_grammar
from .lexer import PLAIN_TERMINALS, Lexeme
from .transformer import build_node

# Families that only read a whole criterion (or one under a heading naming them).
WHOLE_ONLY = frozenset({"age_bare", "le_bare"})
# Families that are never scanned for (called directly, e.g. for structured fields).
DIRECT_ONLY = frozenset({"age_limit"})
_TRAILING = frozenset({"COMMA", "SEMI", "COLON", "DASH", "RPAR", "LPAR"})


_SCANNED = tuple(s for s in STARTS if s not in DIRECT_ONLY and s not in WHOLE_ONLY)


def may_match(cue_terminals: frozenset[str]) -> bool:
    """Whether a scanned family could fire in a criterion whose cues make ``cue_terminals``.

    Lets a caller skip lexing criteria that no family can read (most of them). Conservative:
    true as soon as a family needs no trigger, or is triggered by a terminal that plain
    tokens make (a number, a word, punctuation), which cues alone cannot tell.
    """
    for family in _SCANNED:
        trigger = TRIGGERS[family]
        if trigger is None or trigger & PLAIN_TERMINALS or trigger & cue_terminals:
            return True
    return False


@dataclass(frozen=True, slots=True)
class Match:
    """A typed node and the lexeme positions ``[lo, hi)`` it was read from."""

    node: Node
    lo: int
    hi: int
    residue: tuple = ()  # spans of content words the reading passed over (compose keeps them)


def scan(
    lexemes: list[Lexeme],
    to_span: Callable[[int, int], Span],
    original: str,
    *,
    whole_families: frozenset[str] = WHOLE_ONLY,
    text: str | None = None,
) -> list[Match]:
    """Longest matches, left to right, of the families whose triggers occur in ``lexemes``.

    ``whole_families`` are tried only at the start and kept only if they consume every
    terminal but trailing punctuation. ``text`` (the annotated text the lexemes point
    into) gives a terminal shown to a family as a word its source text; ``original`` is the
    text ``to_span`` maps into, which a rule may quote (:meth:`RuleContext.source`).
    """
    grammar = get_grammar()
    types = tuple(map(itemgetter(0), lexemes))  # each Lexeme's type
    present = frozenset(types)
    views = _Views(grammar, lexemes, types, present, text)
    families = [
        s for s in STARTS
        if s not in DIRECT_ONLY and (TRIGGERS[s] is None or TRIGGERS[s] & present)
    ]
    matches: list[Match] = []
    whole = [s for s in families if s in whole_families]
    if whole:
        found = _try(grammar, whole, views, 0, to_span, original)
        if found and all(t in _TRAILING for t in types[found.hi :]):
            return [found]
    scanned = [s for s in families if s not in WHOLE_ONLY]
    if not scanned:
        return matches
    # only positions whose terminal can start some scanned family are worth a parse
    openers = frozenset().union(*(grammar.first[s] for s in scanned))
    pos, end = 0, len(types)
    while pos < end:
        found = _try(grammar, scanned, views, pos, to_span, original) if types[pos] in openers else None
        if found is None:
            pos += 1
        else:
            matches.append(found)
            pos = found.hi
    return matches


def parse_as(family: str, lexemes: list[Lexeme], to_span: Callable[[int, int], Span], original: str) -> Node | None:
    """Read all of ``lexemes`` as one ``family`` rule, or ``None``."""
    grammar = get_grammar()
    types = tuple(lx.type for lx in lexemes)
    found = _try(grammar, [family], _Views(grammar, lexemes, types, frozenset(types), None), 0, to_span, original)
    return found.node if found and found.hi == len(types) else None


class _Views:
    """The criterion as each family sees it: foreign terminals become ``W`` (see module doc)."""

    __slots__ = ("grammar", "lexemes", "types", "present", "text", "_made", "_by_family")

    def __init__(self, grammar, lexemes: list[Lexeme], types: tuple[str, ...], present: frozenset[str],
                 text: str | None):
        self.grammar, self.lexemes, self.types, self.present, self.text = grammar, lexemes, types, present, text
        self._made: dict[frozenset[str], tuple[tuple[str, ...], list[Lexeme]]] = {}
        self._by_family: dict[str, tuple[tuple[str, ...], list[Lexeme]]] = {}

    def of(self, family: str) -> tuple[tuple[str, ...], list[Lexeme]]:
        """(types, lexemes) of the criterion as ``family`` sees it; made once per family."""
        seen = self._by_family.get(family)
        if seen is None:
            seen = self._by_family[family] = self._view(family)
        return seen

    def _view(self, family: str) -> tuple[tuple[str, ...], list[Lexeme]]:
        known = self.grammar.vocabulary[family]
        foreign = self.present - known
        if not foreign:  # the common case: nothing to rewrite
            return self.types, self.lexemes
        made = self._made.get(foreign)
        if made is None:
            lexemes = [self._shown(lx, known) if lx.type in foreign else lx for lx in self.lexemes]
            made = self._made[foreign] = (tuple(lx.type for lx in lexemes), lexemes)
        return made

    def _shown(self, lx: Lexeme, known: frozenset[str]) -> Lexeme:
        as_type = _SHOWN_AS.get(lx.type)
        if as_type in known:  # a dose unit is a unit to a family that reads units
            return Lexeme(as_type, lx.value, lx.start, lx.end)
        return Lexeme("W", self.text[lx.start : lx.end] if self.text is not None else lx.value, lx.start, lx.end)


# A foreign terminal shown as a known one rather than as a word, where it means the same.
_SHOWN_AS = {"DOSE_UNIT": "UNIT"}

# What a transformer method may raise on text it cannot read: the text then stays unparsed.
_UNREADABLE = (ValidationError, ValueError, KeyError, IndexError, StopIteration)


def _try(grammar, families, views: _Views, pos, to_span, original) -> Match | None:
    """The longest match at ``pos`` that its family's rules can read. When the longest one cannot be
    read (its transformer refuses it: "Hemoglobin < 10 g/dL and >= 8.5 g/dL" as one interval), another
    family's reading of the same length is tried, then the longest shorter one, down to none: what the
    shorter match leaves stays for the next match or for ``unparsed``, where refusing the longest used
    to lose the readable part with it."""
    limit, tried, refused = None, False, set()
    attempts = 0
    while attempts < _MAX_RETRIES:
        found = _longest(grammar, families, views, pos, limit, refused)
        if not found:
            return None
        length = found[0][0]
        limit = pos + length - 1  # where the next, shorter reading must end
        if length < len(views.types) - pos and views.types[pos + length] in _NOT_CUT_BEFORE and tried:
            attempts += 1
            continue  # "Calcium >= 500 mg": a bound cut from its unit is not a shorter reading
        # a refused reading of a family that stands apart does not make shorter readings cut ones:
        # "No prior radiotherapy to > 50 % of all nodal groups" is still "no prior radiotherapy"
        tried = tried or any(family not in _STANDALONE for *_, family in found)
        for _, tree, lexemes, family in found:  # the families reading this length, in STARTS order
            attempts += 1
            ctx = RuleContext(lexemes, pos, length, to_span, original, views.lexemes)
            try:
                node = build_node(tree, ctx)
            except _UNREADABLE:  # e.g. a number that does not parse: another family, or a shorter reading
                refused.add(family)
                continue
            return Match(node, pos, pos + length, tuple(ctx.residue))
    return None


_MAX_RETRIES = 6  # readings looked at in one position, longest first
#: Families read apart from the threshold family whose words other families also read (threshold.lark:
#: the share of the marrow irradiated, a scale named after its bound): their refusal leaves the words as
#: they were, so the others' shorter readings are not taken for readings cut from a longer one.
_STANDALONE = frozenset({"irradiated", "irradiated_after", "named_scale", "age_two"})
#: A shorter reading must not end before one of these: they go on with the amount it ends in.
_NOT_CUT_BEFORE = frozenset({"UNIT", "DOSE_UNIT", "TIME_UNIT", "ULN", "TIMES", "CMP_POST", "NUM", "SLASH",
                             "DASH", "TO", "PLUS", "PERF", "LAB", "MEASURE", "OUT_OF"})


#: Families whose refused reading may give way to a shorter one: a bound's words end where its
#: amount does. The age family refuses a whole phrase on purpose ("aged >= 18 then <= 75 years").
_SHORTENED = frozenset({"threshold", "performance", "life_expectancy", "time_window", "event", "measure_count"})
#: Families not shortened whose reading a refused reading of another family must not hide: the
#: therapy count, which the count family's longer word runs cover ("no more than 1 prior regimen"), and
#: the share of the marrow after a radiotherapy, whose words end before a window that the share's own
#: family (``irradiated``) runs into ("encompassing > 20% of the bone marrow within 2 weeks").
_YIELDED_TO = frozenset({"therapy_count", "irradiated_after"})
#: Families whose refused reading leaves the words to every other family's shorter readings: two bounds
#: on one age that make no interval (age.lark, ``age_two``), where the age family's first bound stands;
#: the share of the marrow after a radiotherapy (marrow.lark), whose leading word may be any word
#: ("aged > 50 years and ...": refused, the age stands).
_YIELDING = frozenset({"age_two", "irradiated_after"})


def _longest(grammar, families, views: _Views, pos: int, end: int | None,
             refused: set[str] | frozenset[str] = frozenset()) -> list[tuple[int, object, list[Lexeme], str]]:
    """(length, tree, lexemes, family) of every family's match at ``pos`` of the longest length found,
    ending at or before ``end``, in the order of ``families``. A family whose own reading was
    ``refused`` gives a shorter one only if it is in ``_SHORTENED``; another family's refusal does not
    take a family's reading away ("no more than 1 prior chemotherapy regimen for ...": a count of the
    counts family refused, the therapy count stays)."""
    best: list[tuple[int, object, list[Lexeme], str]] = []
    for family in families:
        types, lexemes = views.of(family)
        if types[pos] not in grammar.first[family]:
            continue
        if end is not None and family not in _SHORTENED and (family in refused or (
                family not in _YIELDED_TO and not (refused and refused <= _YIELDING))):
            continue
        result = grammar.longest_match(family, types if end is None else types[:end], pos)
        if result is None or (best and result[0] < best[0][0]):
            continue
        if best and result[0] > best[0][0]:
            best = []
        best.append((result[0], result[1], lexemes, family))
    return best
