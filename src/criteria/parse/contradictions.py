"""Readings no patient can meet, found once a criterion is assembled, and said to be unread.

"Women of childbearing potential and men must agree to use contraception … she should inform …
he should …", "male partners of women who are pregnant": when the sexes named for different parts
of a criterion both land in one ``all_of``, the reading asks a patient to be male and female at
once. Such a criterion never holds (an exclusion then excludes nobody, an inclusion admits nobody),
silently. Each of those sexes becomes ``unparsed`` instead: whom each part is for was not read, and
the verdict is unknown where it was wrongly settled.

So with a part and its own denial in one ``all_of`` ("Non-smoker, … <= 10 pack-years history": no
tobacco use and tobacco use; "If the subject is unable to consent, a representative must …": consent
and no consent): one of the two words was misread, and which one is not known here. Both become
``unparsed``.
"""

from __future__ import annotations

import re
from functools import cache

from ..resources import sex_words
from ..tree.nodes import Node, Unparsed

_REASON = "whom this part is for is not understood (both sexes asked at once)"
_DENIED_REASON = "asked together with its own denial: which of the two the text means is not understood"
_BOTH = frozenset({"male", "female"})


def names_both_sexes(original: str) -> bool:
    """Whether the text holds words of both sexes (:func:`~criteria.resources.sex_words`, the words the
    event lexicon reads a sex from): where it does not, no criterion asks both, and none is walked."""
    return all(pattern.search(original) for pattern in _naming_each_sex())


def without_contradictions(rule: Node | None, original: str, both_named: bool = True) -> Node | None:
    """``rule`` with each ``all_of`` that requires both sexes holding those sexes as unparsed text, and
    each that holds a part and its denial holding both as unparsed text (``both_named``:
    :func:`names_both_sexes` of the text; when false, no ``all_of`` is asked for sexes)."""
    if rule is None or not any(_contradicts(node, both_named) for node in rule.walk()):
        return rule  # the common case: nothing rebuilt
    return _rebuilt(rule, original, both_named)


def _contradicts(node: Node, both_named: bool) -> bool:
    return node.kind == "all_of" and ((both_named and _asks_both(node)) or bool(_self_denied(node)))


def _self_denied(node: Node) -> set[int]:
    """Positions of the items of an ``all_of`` that another item denies, and of those denials."""
    items = node.items  # type: ignore[attr-defined]
    found: set[int] = set()
    for k, item in enumerate(items):
        if item.kind == "not":
            denied = [j for j, other in enumerate(items) if j != k and other == item.item]  # type: ignore[attr-defined]
            if denied:
                found |= {k, *denied}
    return found


@cache
def _naming_each_sex() -> tuple[re.Pattern[str], ...]:
    """One pattern a sex, matching any of its words (searched in C: texts run to 14,000 characters)."""
    return tuple(re.compile(r"\b(?:" + "|".join(sorted(w for w, s in sex_words().items() if s == sex)) + r")\b",
                            re.IGNORECASE) for sex in sorted(_BOTH))


def _asks_both(node: Node) -> bool:
    return node.kind == "all_of" and _BOTH <= {item.sex for item in node.items if item.kind == "sex"}  # type: ignore[attr-defined]


def _rebuilt(node: Node, original: str, both_named: bool) -> Node:
    update = {}
    for name in type(node).model_fields:
        value = getattr(node, name)
        if isinstance(value, Node):
            update[name] = _rebuilt(value, original, both_named)
        elif isinstance(value, tuple) and value and all(isinstance(v, Node) for v in value):
            update[name] = tuple(_rebuilt(v, original, both_named) for v in value)
    if node.kind == "all_of":
        items = update.get("items", node.items)  # type: ignore[attr-defined]
        denied = _self_denied(node)
        if both_named and _asks_both(node):
            items = tuple(_unread(item, original) if item.kind == "sex" and item.sex in _BOTH else item  # type: ignore[attr-defined]
                          for item in items)
        items = tuple(_unread(item, original, _DENIED_REASON) if k in denied else item for k, item in enumerate(items))
        update["items"] = items
    return node.model_copy(update=update) if update else node


def _unread(node: Node, original: str, reason: str = _REASON) -> Node:
    text = node.span.slice(original) if node.span is not None else str(getattr(node, "sex", None) or node.kind)
    return Unparsed(text=text, reason=reason, span=node.span)
