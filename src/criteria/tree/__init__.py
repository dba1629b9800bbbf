"""The rule tree: what the parser makes and every consumer reads.

* :mod:`~criteria.tree.nodes` — the node classes (frozen pydantic models dispatched on ``kind``);
* :mod:`~criteria.tree.spans` — character spans into the original text, and the offset map;
* :mod:`~criteria.tree.records` / :mod:`~criteria.tree.frames` — the tree as flat records or a
  ``pandas.DataFrame``;
* :mod:`~criteria.tree.kinds` — the registry shape consumers use to dispatch on ``kind``.
"""
