"""How long something has been absent (issue 11): "free of other malignancy for at least 5 years",
"disease-free from prior malignancies for > 5 years", "independent of platelet transfusions for at
least 2 weeks", "another malignancy, unless disease-free for at least 5 years".

The length after such a negation is not how long the event lasted (a malignancy that went on for
5 years) but how long the patient has been without it: no malignancy within the last 5 years. The
join hangs the length on the event as a ``lasting`` window; here, under a negation whose words say
absence (``lexicons/absence_words.txt``), it becomes the window the event must not fall in. Other
negations keep the length on the event: "no prior use of ketoconazole for more than 7 days".

An exemption of that shape ("any other cancer, unless the patient has been disease-free for >= 5
years") exempts a condition over for that long: what is left is the condition within the length
(see :func:`disease_free_exemptions`).
"""

from __future__ import annotations

import re
from functools import cache

from ...resources import is_substance_use, word_list
from ...tree.nodes import AnyOf, Except, Node, Not, TimeWindow, Unparsed
from .join import with_window


def absences(parts: list[Node], original: str) -> list[Node]:
    """``parts`` with each length of absence read as the time the event must not fall in, and a use
    that is over kept out of the denial beside it (:func:`_never_or_over`)."""
    return [_never_or_over(_absence(part, original)) for part in parts]


def _a_use(node: Node) -> bool:
    """Whether ``node`` is the use of a substance (a condition of the ``substance_use`` group)."""
    return node.kind == "condition" and is_substance_use(node.name)  # type: ignore[attr-defined]


def _never_or_over(node: Node) -> Node:
    """"Never-smokers or ex-smokers": a denial over a list reaches every member, but a member whose
    own status says the use of a substance is over ("resolved") is no use denied: it is an alternative beside the
    denial (never smoked, or smoking is over). Read inside it, the former smoker failed."""
    if isinstance(node, Not) and isinstance(node.item, AnyOf):
        over = [n for n in node.item.items if "resolved" in (getattr(n, "status", ()) or ()) and _a_use(n)]
        rest = [n for n in node.item.items if all(n is not o for o in over)]
        if over and rest:
            denied = rest[0] if len(rest) == 1 else node.item.model_copy(update={"items": tuple(rest)})
            return AnyOf(items=(Not(item=denied, span=node.span), *over), span=node.span)
    if node.kind in ("all_of", "any_of"):
        return node.model_copy(update={"items": tuple(_never_or_over(n) for n in node.items)})  # type: ignore[attr-defined]
    return node


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


# the words between "unless" (or "except if") and the length: "unless disease-free", "unless the patient
# has been disease free", "except patients who have been free of disease"
_DISEASE_FREE = re.compile(
    r"^(?:unless|except(?:\s+if)?|if\s+not)?\s*(?:(?:the\s+)?(?:patients?|subjects?|participants?|he/she|they)\s+)?"
    r"(?:(?:who|has|have|had|is|are)\s+)*(?:been\s+|remained\s+)?"
    r"(?:disease[\s-]*free|free\s+(?:of|from)\s+(?:the\s+)?disease|without\s+evidence\s+of\s+disease|no\s+evidence\s+of\s+disease)$",
    re.IGNORECASE)


def disease_free_exemptions(parts: list[Node], original: str) -> list[Node]:
    """"Any other cancer, unless the patient has been disease-free for >= 5 years": the join read the
    length as an exemption standing alone (a time with no event) and left "unless … disease-free"
    unread, so the criterion could never be settled. A condition exempted once it has been over for
    a time is that condition within the time: ``other_malignancy`` within 5 years. The words are
    then read; only a run of them that says nothing else is (``_DISEASE_FREE``)."""
    words = [p for p in parts if isinstance(p, Unparsed) and p.span is not None]
    if not words:
        return parts
    taken: list[Node] = []
    out = [_without_lengths(p, words, taken, original) for p in parts]
    return [p for p in out if all(p is not t for t in taken)]


def _without_lengths(node: Node, words: list[Unparsed], taken: list[Node], original: str) -> Node:
    if not isinstance(node, Except):
        return node
    item = _without_lengths(node.item, words, taken, original)
    lengths = [e for e in node.exceptions if _a_length_free(e, words, taken, original)]
    if not lengths:
        return node.model_copy(update={"item": item}) if item is not node.item else node
    length: TimeWindow = lengths[0]  # type: ignore[assignment]
    within = TimeWindow(high=length.low, unit=length.unit, anchor=length.anchor, anchor_assumed=length.anchor_assumed,
                        span=length.span)
    item = _within_item(item, within)
    rest = tuple(e for e in node.exceptions if e is not length)
    return node.model_copy(update={"item": item, "exceptions": rest}) if rest else item


def _within_item(node: Node, window: TimeWindow) -> Node:
    """``node`` with ``window`` on its events, through the exemptions already carved out of it (they
    keep theirs: "other malignancy (except skin cancer) unless disease-free for 5 years")."""
    if isinstance(node, Except):
        return node.model_copy(update={"item": _within_item(node.item, window)})
    return with_window(node, window)


def _a_length_free(node: Node, words: list[Unparsed], taken: list[Node], original: str) -> bool:
    """Whether ``node`` is a bare lower bound on a length written right after words that say the
    disease has been absent; those words are then ``taken``."""
    if not (isinstance(node, TimeWindow) and node.low is not None and node.high is None and node.or_window is None
            and node.relation in ("lasting", "before") and node.span is not None):
        return False
    for word in words:
        if original[word.span.end:node.span.start].strip() == "" and _DISEASE_FREE.match(" ".join(word.text.split())):
            taken.append(word)
            return True
    return False
