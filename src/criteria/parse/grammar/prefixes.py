"""Longest-match answers of one LALR grammar, memoised as a trie of terminal prefixes.

The scanner asks, at thousands of positions per corpus, for the longest prefix of a
terminal sequence that a rule family accepts. Caching whole windows (the next 40
terminals) missed two times in three on unseen text: the window holds the rest of the
criterion, which rarely recurs, although the part the parser actually reads before it
stops (a few terminals) recurs all the time. LALR parsing is deterministic, so the answer
depends only on that part: here every prefix the parser has read is a trie node holding
the tree of a whole match ending there (or none), and the first terminal it rejects is
an edge to ``None``. A lookup walks the trie; only a prefix never seen before is parsed,
once. Shared across threads: a node is complete before it is linked in, and two threads
racing to add the same node add equal ones.
"""

from __future__ import annotations

from typing import Sequence

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

# Bound on the nodes kept (a service parsing millions of texts must not grow without end);
# past it the trie starts afresh. About 150 bytes a node.
MAX_NODES = 400_000


class _Node:
    __slots__ = ("children", "tree")

    def __init__(self, tree: Tree | None) -> None:
        self.children: dict[str, _Node | None] = {}  # None: the family rejects that terminal here
        self.tree = tree  # the parse tree when the prefix ending here is a whole match


class PrefixTrie:
    """``longest_match(start, types, pos, limit)`` for every start symbol of ``lark``."""

    def __init__(self, lark: Lark, starts: Sequence[str]) -> None:
        self._lark = lark
        self._starts = tuple(starts)
        self._roots = self._fresh()
        self.nodes = 0

    def _fresh(self) -> dict[str, _Node]:
        return {start: _Node(None) for start in self._starts}

    def longest_match(self, start: str, types: Sequence[str], pos: int,
                      limit: int) -> tuple[int, Tree] | None:
        """Longest ``n <= limit`` such that ``start`` accepts ``types[pos:pos+n]``, with its tree
        (leaf ``start_pos`` counts from ``pos``), or ``None``."""
        node = self._roots[start]
        best: tuple[int, Tree] | None = None
        end = min(len(types), pos + limit)
        for i in range(pos, end):
            child = node.children.get(types[i], node)  # ``node`` itself stands for "not seen yet"
            if child is node:
                return self._extend(start, node, types, pos, i, end, best)
            if child is None:
                break
            node = child
            if node.tree is not None:
                best = (i + 1 - pos, node.tree)
        return best

    def _extend(self, start: str, node: _Node, types: Sequence[str], pos: int, at: int, end: int,
                best: tuple[int, Tree] | None) -> tuple[int, Tree] | None:
        """Parse on from ``types[at]`` (the prefix before it is ``node``), adding what it reads."""
        if self.nodes >= MAX_NODES:
            self._roots, self.nodes = self._fresh(), 0
        parser = self._lark.parse_interactive(None, start=start)
        for index in range(pos, at):  # replay the known prefix: the parser state is not kept per node
            parser.feed_token(Token(types[index], "", start_pos=index - pos))
        for index in range(at, end):
            kind = types[index]
            if kind not in parser.choices():
                node.children[kind] = None
                break
            try:
                parser.feed_token(Token(kind, "", start_pos=index - pos))
            except UnexpectedInput:  # an LALR reduction on a merged lookahead led nowhere
                node.children[kind] = None
                break
            child = _Node(self._accepted(parser))
            node.children[kind] = child
            self.nodes += 1
            node = child
            if child.tree is not None:
                best = (index + 1 - pos, child.tree)
        return best

    @staticmethod
    def _accepted(parser) -> Tree | None:
        if "$END" not in parser.choices():
            return None
        try:
            return parser.copy().feed_eof()
        except UnexpectedInput:
            return None
