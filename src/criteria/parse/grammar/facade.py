"""The one object that owns the Lark parser (the facade of the grammar stage).

It joins ``grammars/criteria.lark`` with every other ``.lark`` file there into one LALR
grammar over the span lexer's terminals, and offers :meth:`Grammar.longest_match`: from a
position in a terminal sequence, the longest prefix that one rule family (start symbol)
accepts, with its parse tree. Results are cached by the *shape* of the sequence (its
terminal types), never by its words or numbers: the same shape recurs across thousands
of criteria, and the tree's leaves carry positions, not values, so one parse serves all.
The cache is a trie of the prefixes the parser has read (:mod:`.prefixes`).
"""

from __future__ import annotations

import re
from typing import Sequence

from lark import Lark, Tree
from lark.lexer import Lexer

from ..._once import once
from ...errors import ResourceError
from ...resources import cue_lexicon, grammar_dir
from . import cache
from .prefixes import PrefixTrie

#: Rule families tried by the scanner, in order of preference on equal length.
STARTS: tuple[str, ...] = ("age", "age_bare", "age_limit", "age_older", "threshold", "performance",
                           "life_expectancy", "le_bare")
STARTS += ("age_two",)  # age.lark: two bounds on one age, a family of its own so that a refused pair leaves the first bound
STARTS += ("irradiated", "irradiated_after", "named_scale")  # threshold.lark: the share of the bone marrow irradiated; a scale
# the lexicon lacks named after its bound. Families of their own, so a refused reading leaves the words to others
STARTS += ("therapy_count", "time_window", "event")  # events.lark
STARTS += ("measure_count",)  # counts.lark: after the events, which keep the words both read

#: A family fires only in a criterion holding one of these terminals (None: always).
TRIGGERS: dict[str, frozenset[str] | None] = {
    "age": frozenset({"AGE", "AGE_OF", "OLD", "AGE_GROUP", "PERSON"}),
    "age_bare": None,
    "age_limit": None,
    "age_older": frozenset({"CMP", "CMP_POST"}),
    # an age word or a sex ("Men or women >= 40 years and <= 75 years"): comparators alone would try it at
    # every bound of every criterion
    "age_two": frozenset({"AGE", "AGE_OF", "OLD", "AGE_GROUP", "PERSON", "EV_SEX", "EV_JUDGE"}),  # EV_JUDGE: "Healthy volunteers 18 to 55 years"
    # UNIT: a unit that names its measure (pack-years); EV_COND: a condition a measure defines ("hypertension (> 180/110)")
    "threshold": frozenset({"LAB", "MEASURE", "UNIT", "EV_COND"}),
    "performance": frozenset({"PERF", "PERF_PS"}),
    "life_expectancy": frozenset({"LIFE_EXP"}),
    "le_bare": None,  # only a whole criterion under a "Life expectancy:" heading (read.py)
    "irradiated": frozenset({"EV_THERAPY"}),  # "(No) prior radiotherapy to > 25% of the bone marrow"
    "irradiated_after": frozenset({"EV_THERAPY"}),  # "received radiation | to > 25% of the bone marrow within …"
    "named_scale": frozenset({"MEASURE"}),  # "a score of < 10 on the Epworth Sleepiness Scale"
}
_EVENT_TERMS = frozenset({"EV_COND", "EV_THERAPY", "EV_MED", "EV_PROC", "EV_REPRO", "EV_SEX", "EV_CONSENT",
                          "EV_COMPLY", "EV_JUDGE", "EV_CAP"})
TRIGGERS.update({
    "therapy_count": frozenset({"LINE", "EV_THERAPY"}),
    # STATUS, EV_*: "recent (< 6 months)", "at least 9 weeks of trastuzumab" (no plain terminal here: a
    # trigger that punctuation makes would have every criterion lexed)
    "time_window": frozenset({"WITHIN", "PAST", "REL", "PRIOR", "FROM", "FOR", "DURATION", "STATUS",
                              "EV_THERAPY", "EV_MED", "EV_COND", "EV_REPRO", "BETWEEN"}),  # BETWEEN: "4 weeks between surgery and …"
    "event": _EVENT_TERMS | {"GRADE"},  # GRADE: "recovered to grade <= 1"
    "measure_count": frozenset({"CMP", "CMP_POST"}),  # ">= 6 swollen joints", "3 or more seizures a month"
})

#: Longest terminal sequence a single rule may span; bounds the cache key.
MAX_MATCH = 40


class _NoLexer(Lexer):
    """Terminals come from the span lexer; Lark never sees characters.

    Written to Lark's current lexer interface (``__future_interface__ = 2``), so Lark uses the class
    as it is rather than wrapping it in a class made inside a function, which could not be
    pickled with the parser (:mod:`.cache`)."""

    __future_interface__ = 2

    def __init__(self, lexer_conf) -> None:  # noqa: D401 - Lark's constructor signature
        pass

    def lex(self, lexer_state, parser_state):  # pragma: no cover - parse_interactive feeds tokens itself
        return iter(lexer_state.text)


def grammar_source() -> str:
    """The full grammar text: the entry file, then each family file in name order."""
    folder = grammar_dir()
    entry = folder / "criteria.lark"
    families = sorted(p for p in folder.glob("*.lark") if p.name != entry.name)
    return "\n".join(p.read_text(encoding="utf-8") for p in (entry, *families))


def analysed_lark(source: str, *, strict: bool = False) -> Lark:
    """The LALR parser of ``source``: from the per-user cache when it holds one for this grammar
    (:mod:`.cache`: about 10 ms), else analysed (0.3 s) and kept there. ``strict`` (the CI test
    that fails on a new shift/reduce conflict) always analyses."""
    options = {"parser": "lalr", "lexer": _NoLexer, "start": list(STARTS)}
    if strict:
        return Lark(source, strict=True, **options)
    key = cache.cache_key(source, repr(sorted((name, repr(value)) for name, value in options.items())))
    path = cache.cache_file(key)
    lark = cache.load(path, key) if path else None
    if lark is None:
        lark = Lark(source, **options)
        if path:
            cache.save(path, key, lark)
    return lark


class Grammar:
    """Builds the LALR parser once; answers longest-match queries, cached by shape."""

    def __init__(self, *, strict: bool = False) -> None:
        try:
            self.lark = analysed_lark(grammar_source(), strict=strict)
        except Exception as exc:  # a broken grammar file is a packaging error
            raise ResourceError(f"the grammar files do not build: {exc}") from exc
        self.terminals = frozenset(t.name for t in self.lark.terminals) | self._declared()
        self.first = {start: self._first(start) for start in STARTS}
        self.vocabulary = self._vocabularies()
        self._check_lexicon()
        self._prefixes = PrefixTrie(self.lark, STARTS)

    def _declared(self) -> frozenset[str]:
        names = set()
        for line in grammar_source().splitlines():
            if line.startswith("%declare"):
                names.update(line.split()[1:])
        return frozenset(names)

    def _vocabularies(self) -> dict[str, frozenset[str]]:
        """Per family, the terminals it knows: those its rules can read, and every terminal its
        grammar file names (families of one file share their terminals). The scanner shows a
        family the others as ``W``: what they were before the family that reads them existed."""
        declared = self._declared()
        by_file: dict[str, frozenset[str]] = {}
        for path in grammar_dir().glob("*.lark"):
            source = path.read_text(encoding="utf-8")
            names = frozenset(re.findall(r"\b[A-Z][A-Z0-9_]*\b", source)) & declared
            for start in re.findall(r"^\??([a-z_][a-z0-9_]*)\s*:", source, re.MULTILINE):
                by_file[start] = names
        expansions: dict[str, list] = {}
        for rule in self.lark.rules:
            expansions.setdefault(rule.origin.name, []).append(rule.expansion)
        out = {}
        for start in STARTS:
            seen, todo, terminals = {start}, [start], set()
            while todo:
                for expansion in expansions.get(todo.pop(), ()):
                    for symbol in expansion:
                        if symbol.is_term:
                            terminals.add(symbol.name)
                        elif symbol.name not in seen:
                            seen.add(symbol.name)
                            todo.append(symbol.name)
            out[start] = frozenset(terminals) | by_file.get(start, frozenset())
        return out

    def _first(self, start: str) -> frozenset[str]:
        choices = self.lark.parse_interactive(None, start=start).choices()
        return frozenset(name for name in choices if name.isupper())

    def _check_lexicon(self) -> None:
        unknown = {e.terminal for e in cue_lexicon()} - self.terminals
        if unknown:
            raise ResourceError(f"lexicons/cues.jsonl uses terminals no grammar declares: {sorted(unknown)}")

    def longest_match(self, start: str, types: Sequence[str], pos: int = 0) -> tuple[int, Tree] | None:
        """Longest prefix of ``types[pos:]`` (at most MAX_MATCH terminals) that ``start`` accepts,
        and its tree (leaf ``start_pos`` = index from ``pos``); the same tree object for the same shape."""
        return self._prefixes.longest_match(start, types, pos, MAX_MATCH)


@once
def get_grammar() -> Grammar:
    """The shared grammar, built once per process (thread-safe)."""
    return Grammar()
