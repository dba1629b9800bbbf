"""How long something has been absent (issue 11): "free of other malignancy for at least 5 years",
"disease-free from prior malignancies for > 5 years", "independent of platelet transfusions for at
least 2 weeks".

The length after such a negation is not how long the event lasted (a malignancy that went on for
5 years) but how long the patient has been without it: no malignancy within the last 5 years. The
join hangs the length on the event as a ``lasting`` window; here, under a negation whose words say
absence (``lexicons/absence_words.txt``), it becomes the window the event must not fall in. Other
negations keep the length on the event: "no prior use of ketoconazole for more than 7 days".
"""

from __future__ import annotations

import re
from functools import cache

from ...resources import word_list
from ...tree.nodes import Except, Node, Not, TimeWindow


def absences(parts: list[Node], original: str) -> list[Node]:
    """``parts`` with each length of absence read as the time the event must not fall in."""
    return [_absence(part, original) for part in parts]


def _absence(node: Node, original: str) -> Node:
    if isinstance(node, Not):
        item = node.item
        if node.span is not None and _absence_words().match(original, node.span.start, node.span.end):
            return node.model_copy(update={"item": _within(item)})
        return node.model_copy(update={"item": _absence(item, original)})
    if isinstance(node, Except):
        return node.model_copy(update={"item": _absence(node.item, original)})
    if hasattr(node, "items") and node.kind in ("all_of", "any_of"):
        return node.model_copy(update={"items": tuple(_absence(n, original) for n in node.items)})  # type: ignore[attr-defined]
    return node


def _within(node: Node) -> Node:
    """``node`` with each lower bound on how long an event lasted, or on how long ago it was,
    turned into the time before the anchor it must not fall in ("for at least 5 years", "for at
    least 3 years prior to enrollment" → within 5 years, within 3 years before enrollment)."""
    if node.kind in ("all_of", "any_of"):
        return node.model_copy(update={"items": tuple(_within(n) for n in node.items)})  # type: ignore[attr-defined]
    window = getattr(node, "window", None)
    if (not isinstance(window, TimeWindow) or window.relation == "after" or window.low is None
            or window.high is not None or window.or_window is not None):
        return node
    within = window.model_copy(update={"relation": "before", "low": None, "high": window.low})
    return node.model_copy(update={"window": within})


@cache
def _absence_words() -> re.Pattern[str]:
    words = sorted(word_list("absence_words.txt"), key=len, reverse=True)
    # the negation's own words open its span, one word perhaps before them ("disease-free from")
    return re.compile(r"(?:\w+[\s-]+)?(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")\b",
                      re.IGNORECASE)
