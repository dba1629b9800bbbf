"""The grammar builds without LALR conflicts and agrees with the lexicon."""

from criteria.grammar.facade import STARTS, Grammar
from criteria.resources import cue_lexicon


def test_grammar_builds_strictly_without_conflicts():
    grammar = Grammar(strict=True)  # strict: any shift/reduce conflict raises
    assert set(grammar.first) == set(STARTS)


def test_every_cue_terminal_is_declared():
    grammar = Grammar()
    assert {entry.terminal for entry in cue_lexicon()} <= grammar.terminals


def test_longest_match_is_cached_by_shape():
    grammar = Grammar()
    shape = ("AGE", "CMP", "NUM", "TIME_UNIT", "W", "W")
    first = grammar.longest_match("age", shape)
    assert first is not None and first[0] == 4
    assert grammar.longest_match("age", shape) is first
