"""Walk a criterion's terminals and keep the longest match of any rule family."""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Callable

from lark.exceptions import VisitError
from pydantic import ValidationError

from ..nodes import Node
from ..spans import Span
from .base import RuleContext
from .facade import MAX_MATCH, STARTS, TRIGGERS, get_grammar
from .lexer import PLAIN_TERMINALS, Lexeme
from .transformer import build_node

# Families that only read a whole criterion (or one under a heading naming them).
WHOLE_ONLY = frozenset({"age_bare"})
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


def scan(
    lexemes: list[Lexeme],
    to_span: Callable[[int, int], Span],
    *,
    whole_families: frozenset[str] = WHOLE_ONLY,
) -> list[Match]:
    """Longest matches, left to right, of the families whose triggers occur in ``lexemes``.

    ``whole_families`` are tried only at the start and kept only if they consume every
    terminal but trailing punctuation.
    """
    grammar = get_grammar()
    types = tuple(map(itemgetter(0), lexemes))  # each Lexeme's type
    present = frozenset(types)
    families = [
        s for s in STARTS
        if s not in DIRECT_ONLY and (TRIGGERS[s] is None or TRIGGERS[s] & present)
    ]
    matches: list[Match] = []
    whole = [s for s in families if s in whole_families]
    if whole:
        found = _try(grammar, whole, lexemes, types, 0, to_span)
        if found and all(t in _TRAILING for t in types[found.hi :]):
            return [found]
    scanned = [s for s in families if s not in WHOLE_ONLY]
    if not scanned:
        return matches
    # only positions whose terminal can start some scanned family are worth a parse
    openers = frozenset().union(*(grammar.first[s] for s in scanned))
    pos, end = 0, len(types)
    while pos < end:
        found = _try(grammar, scanned, lexemes, types, pos, to_span) if types[pos] in openers else None
        if found is None:
            pos += 1
        else:
            matches.append(found)
            pos = found.hi
    return matches


def parse_as(family: str, lexemes: list[Lexeme], to_span: Callable[[int, int], Span]) -> Node | None:
    """Read all of ``lexemes`` as one ``family`` rule, or ``None``."""
    types = tuple(lx.type for lx in lexemes)
    found = _try(get_grammar(), [family], lexemes, types, 0, to_span)
    return found.node if found and found.hi == len(types) else None


def _try(grammar, families, lexemes, types, pos, to_span) -> Match | None:
    best: tuple[int, object] | None = None
    window = types[pos : pos + MAX_MATCH]
    for family in families:
        if window[0] not in grammar.first[family]:
            continue
        result = grammar.longest_match(family, window)
        if result is not None and (best is None or result[0] > best[0]):
            best = result
    if best is None:
        return None
    length, tree = best
    try:
        node = build_node(tree, RuleContext(lexemes, pos, length, to_span))
    except (ValidationError, ValueError):
        return None  # e.g. a number that does not parse: the text stays unparsed
    except VisitError as exc:  # Lark wraps what a transformer method raises
        if isinstance(exc.orig_exc, (ValidationError, ValueError)):
            return None
        raise
    return Match(node, pos, pos + length)
