"""The node builder: a Lark Transformer turning a match's parse tree into typed nodes.

Each rule family contributes a mixin of transformer methods (``age.py`` …); the builder
is those mixins over Lark's ``Transformer``. It is made per match (it holds that match's
:class:`~criteria.grammar.base.RuleContext`), which keeps it free of shared state and so
safe to use from many threads.
"""

from __future__ import annotations

from lark import Transformer, Tree
from lark.exceptions import VisitError

from ..nodes import Node
from .age import AgeRules
from .base import RuleContext
from .scales import ScaleRules
from .threshold import ThresholdRules


class NodeBuilder(AgeRules, ThresholdRules, ScaleRules, Transformer):
    """Builds nodes for one match (see module doc)."""

    def __init__(self, ctx: RuleContext):
        super().__init__(visit_tokens=False)
        self.ctx = ctx

    def __default__(self, data, children, meta):
        raise NotImplementedError(f"grammar rule {data!r} has no transformer method")


def build_node(tree: Tree, ctx: RuleContext) -> Node:
    """The typed node for one match's tree.

    Raises what a rule method raised (e.g. pydantic's ValidationError for an age below 0),
    not Lark's ``VisitError`` wrapper, so callers can catch the errors that mean
    "this match does not make a valid node".
    """
    try:
        return NodeBuilder(ctx).transform(tree)
    except VisitError as exc:
        raise exc.orig_exc from None
