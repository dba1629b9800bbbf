"""The node classes, at the path users import them from (``from criteria.nodes import Age``).

They live in :mod:`criteria.tree.nodes`, beside the other modules of the tree; this module is
the stable public name for them.
"""

from .tree.nodes import *  # noqa: F401,F403
