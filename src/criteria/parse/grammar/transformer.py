"""The node builder: turns a match's parse tree into typed nodes, bottom up.

Each rule family contributes a mixin of methods, one per grammar rule, each taking the
rule's transformed children (``age.py`` …), as a Lark ``Transformer`` would call them. The
builder is those mixins with a dispatcher of its own: Lark's looks every method up by
name at every tree node and wraps every call to catch ``Discard`` and to re-raise as
``VisitError``, which cost more than the methods themselves on the corpus. Here the
methods are looked up once per rule name, and what a method raises propagates as it is.
The builder is made per match (it holds that match's
:class:`~criteria.parse.grammar.base.RuleContext`), which keeps it free of shared state and so
safe to use from many threads.
"""

from __future__ import annotations

from typing import Any, Callable

from lark import Tree

from ...tree.nodes import Node
from .age import AgeRules
from .base import RuleContext
from .counts import CountRules
from .events import EventRules
from .scales import ScaleRules
from .threshold import ThresholdRules


class NodeBuilder(AgeRules, ThresholdRules, ScaleRules, EventRules, CountRules):
    """Builds nodes for one match (see module doc)."""

    def __init__(self, ctx: RuleContext):
        self.ctx = ctx

    def transform(self, tree: Tree) -> Any:
        """What the rule methods make of ``tree``: children first, then the tree's own rule."""
        children = [self.transform(child) if type(child) is Tree else child for child in tree.children]
        return _method(tree.data)(self, children)


_METHODS: dict[str, Callable[[NodeBuilder, list], Any]] = {}


def _method(rule: str) -> Callable[[NodeBuilder, list], Any]:
    found = _METHODS.get(rule)
    if found is None:
        found = getattr(NodeBuilder, rule, None)
        if found is None or rule.startswith("_"):
            raise NotImplementedError(f"grammar rule {rule!r} has no transformer method")
        _METHODS[str(rule)] = found  # a plain dict: racing threads store the same function
    return found


def build_node(tree: Tree, ctx: RuleContext) -> Node:
    """The typed node for one match's tree.

    Raises what a rule method raised (e.g. pydantic's ValidationError for an age below 0),
    so callers can catch the errors that mean "this match does not make a valid node".
    """
    return NodeBuilder(ctx).transform(tree)
