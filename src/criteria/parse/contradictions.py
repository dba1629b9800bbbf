"""Readings no patient can meet, found once a criterion is assembled, and said to be unread.

"Women of childbearing potential and men must agree to use contraception … she should inform …
he should …", "male partners of women who are pregnant": when the sexes named for different parts
of a criterion both land in one ``all_of``, the reading asks a patient to be male and female at
once. Such a criterion never holds (an exclusion then excludes nobody, an inclusion admits nobody),
silently. Each of those sexes becomes ``unparsed`` instead: whom each part is for was not read, and
the verdict is unknown where it was wrongly settled.
"""

from __future__ import annotations

import re
from functools import cache

from ..resources import sex_words
from ..tree.nodes import Node, Unparsed

_REASON = "whom this part is for is not understood (both sexes asked at once)"
_BOTH = frozenset({"male", "female"})


def names_both_sexes(original: str) -> bool:
    """Whether the text holds words of both sexes (:func:`~criteria.resources.sex_words`, the words the
    event lexicon reads a sex from): where it does not, no criterion asks both, and none is walked."""
    return all(pattern.search(original) for pattern in _naming_each_sex())


def without_contradictory_sexes(rule: Node | None, original: str, both_named: bool = True) -> Node | None:
    """``rule`` with each ``all_of`` that requires both sexes holding those sexes as unparsed text
    (``both_named``: :func:`names_both_sexes` of the text; when false, nothing is walked)."""
    if rule is None or not both_named:
        return rule
    if not any(_asks_both(node) for node in rule.walk()):
        return rule  # the common case: nothing rebuilt
    return _rebuilt(rule, original)


@cache
def _naming_each_sex() -> tuple[re.Pattern[str], ...]:
    """One pattern a sex, matching any of its words (searched in C: texts run to 14,000 characters)."""
    return tuple(re.compile(r"\b(?:" + "|".join(sorted(w for w, s in sex_words().items() if s == sex)) + r")\b",
                            re.IGNORECASE) for sex in sorted(_BOTH))


def _asks_both(node: Node) -> bool:
    return node.kind == "all_of" and _BOTH <= {item.sex for item in node.items if item.kind == "sex"}  # type: ignore[attr-defined]


def _rebuilt(node: Node, original: str) -> Node:
    update = {}
    for name in type(node).model_fields:
        value = getattr(node, name)
        if isinstance(value, Node):
            update[name] = _rebuilt(value, original)
        elif isinstance(value, tuple) and value and all(isinstance(v, Node) for v in value):
            update[name] = tuple(_rebuilt(v, original) for v in value)
    if _asks_both(node):
        update["items"] = tuple(_unread(item, original) if item.kind == "sex" and item.sex in _BOTH else item  # type: ignore[attr-defined]
                                for item in update.get("items", node.items))  # type: ignore[attr-defined]
    return node.model_copy(update=update) if update else node


def _unread(sex: Node, original: str) -> Node:
    text = sex.span.slice(original) if sex.span is not None else sex.sex  # type: ignore[attr-defined]
    return Unparsed(text=text, reason=_REASON, span=sex.span)
