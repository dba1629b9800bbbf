"""The grammar builds without LALR conflicts and agrees with the lexicon."""

from pathlib import Path

from lark import Lark, Token
from lark.exceptions import UnexpectedInput

from criteria.parse.grammar.facade import STARTS, Grammar
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
    again = grammar.longest_match("age", shape)
    assert again == first and again[1] is first[1]  # parsed once: the same tree object


def test_longest_match_does_not_depend_on_what_follows_the_match():
    grammar = Grammar()
    first = grammar.longest_match("age", ("AGE", "CMP", "NUM", "TIME_UNIT", "W", "W"))
    other_tail = grammar.longest_match("age", ("AGE", "CMP", "NUM", "TIME_UNIT", "NUM", "LAB", "W"))
    assert other_tail[0] == first[0] == 4 and other_tail[1] is first[1]


def test_longest_match_reads_from_a_position_and_stops_at_the_limit():
    grammar = Grammar()
    shape = ("W", "W", "AGE", "CMP", "NUM", "TIME_UNIT")
    assert grammar.longest_match("age", shape, 2)[0] == 4
    assert grammar.longest_match("age", shape, 0) is None  # "age" cannot start with a word


def test_prefix_trie_starts_afresh_past_its_bound(monkeypatch):
    from criteria.parse.grammar import prefixes

    monkeypatch.setattr(prefixes, "MAX_NODES", 3)
    grammar = Grammar()
    shape = ("AGE", "CMP", "NUM", "TIME_UNIT", "NUM")
    first = grammar.longest_match("age", shape)
    assert grammar._prefixes.nodes == 4  # AGE CMP NUM TIME_UNIT read; NUM rejected (a word may go on: "but <= 75")
    grammar.longest_match("threshold", ("LAB", "CMP", "NUM", "UNIT"))  # past the bound: a fresh trie
    assert not grammar._prefixes._roots["age"].children  # what "age" had read was let go
    again = grammar.longest_match("age", shape)
    assert again[0] == first[0] and again[1] == first[1]  # parsed anew, to the same answer


def _count_analyses(monkeypatch) -> list[int]:
    """Count the grammar analyses (``Lark(...)`` calls) made from now on."""
    from criteria.parse.grammar import facade

    calls: list[int] = []

    def counted(*args, **kwargs):
        calls.append(1)
        return Lark(*args, **kwargs)

    monkeypatch.setattr(facade, "Lark", counted)
    return calls


def _choices(grammar: Grammar, start: str, depth: int = 2) -> dict[tuple[str, ...], frozenset[str]]:
    """What the parser of ``start`` accepts next after every terminal sequence up to ``depth`` long:
    the same for the same parser, however its analysis numbered the states (it differs run to run)."""
    seen, todo = {}, [()]
    while todo:
        prefix = todo.pop()
        parser = grammar.lark.parse_interactive(None, start=start)
        try:
            for kind in prefix:
                parser.feed_token(Token(kind, ""))
        except UnexpectedInput:  # an LALR reduction on a merged lookahead led nowhere
            seen[prefix] = frozenset({"rejected"})
            continue
        seen[prefix] = frozenset(parser.choices())
        if len(prefix) < depth:
            todo += [prefix + (kind,) for kind in seen[prefix] if kind.isupper() and kind != "$END"]
    return seen


def _same_parser(one: Grammar, other: Grammar) -> bool:
    """Same rules, same terminal sets, same next terminals along every short sequence, same
    answers to a few whole criteria."""
    shapes = [("age", ("AGE", "CMP", "NUM", "TIME_UNIT")), ("threshold", ("LAB", "CMP", "NUM", "UNIT")),
              ("performance", ("PERF", "CMP", "NUM"))]
    return (one.first == other.first and one.vocabulary == other.vocabulary
            and [str(r) for r in one.lark.rules] == [str(r) for r in other.lark.rules]
            and all(_choices(one, start) == _choices(other, start) for start in ("age", "threshold", "event"))
            and all(str(one.longest_match(*q)) == str(other.longest_match(*q)) for q in shapes))


def test_grammar_cache_file_is_used_and_a_stale_one_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    analyses = _count_analyses(monkeypatch)
    built = Grammar()
    (cached,) = (tmp_path / "criteria").glob("grammar-lark-*.pickle")
    assert len(analyses) == 1
    loaded = Grammar()
    assert len(analyses) == 1 and _same_parser(loaded, built)  # loaded from the file, the same parser
    cached.write_bytes(b"not the hash of this grammar\n")  # stale or foreign: analysed anew
    assert _same_parser(Grammar(), built) and len(analyses) == 2
    assert Grammar() and len(analyses) == 2  # and the file was made whole again


def test_an_edited_grammar_is_analysed_anew_not_read_from_the_old_file(tmp_path, monkeypatch):
    from criteria.parse.grammar import facade

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    analyses = _count_analyses(monkeypatch)
    Grammar()
    source = facade.grammar_source()
    edited = source.replace("age_bare:", "age_bare: AGE NUM NUM\n    |", 1)  # one more way to read a bare age
    assert edited != source
    monkeypatch.setattr(facade, "grammar_source", lambda: edited)
    grammar = Grammar()
    assert len(analyses) == 2 and len(list((tmp_path / "criteria").glob("grammar-lark-*.pickle"))) == 2
    assert grammar.longest_match("age_bare", ("AGE", "NUM", "NUM"))[0] == 3  # the edit is in the parser
    # a file holding another grammar's parser under this grammar's name is not used either
    from criteria.parse.grammar import cache

    key = cache.cache_key(edited, "options")
    path = cache.cache_file(key)
    cache.save(path, cache.cache_key(source, "options"), grammar.lark)
    assert cache.load(path, key) is None


def test_each_grammar_keeps_its_own_cache_file_and_old_foreign_ones_go(tmp_path, monkeypatch):
    """Worktrees or versions with different grammars must not overwrite one file in turn (each
    start would then analyse its grammar anew); files of other grammars unused for weeks are removed."""
    import os
    import time

    from criteria.parse.grammar import cache, facade

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "criteria"
    folder.mkdir()
    old, recent = folder / "grammar-lark-0-old.pickle", folder / "grammar-lark-0-recent.pickle"
    old.write_bytes(b"x")
    recent.write_bytes(b"x")
    weeks_ago = time.time() - 30 * 86400
    os.utime(old, (weeks_ago, weeks_ago))
    ours = cache.cache_file(cache.cache_key(facade.grammar_source(), ""))
    other = cache.cache_file(cache.cache_key(facade.grammar_source() + "\n// another grammar\n", ""))
    assert ours != other and ours.parent == folder
    Grammar()
    assert not old.exists() and recent.exists()


def test_grammar_builds_without_a_writable_cache_folder(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert Grammar().longest_match("age", ("AGE", "CMP", "NUM", "TIME_UNIT"))[0] == 4
