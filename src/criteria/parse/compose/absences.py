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
from ...tree.nodes import AllOf, AnyOf, Except, Node, Not, TimeWindow, Unparsed
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
    if isinstance(node, Except):  # a case spared may be a length of absence too ("unless off steroids for 4 weeks")
        return node.model_copy(update={"item": _absence(node.item, original),
                                       "exceptions": tuple(_absence(n, original) for n in node.exceptions)})
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
# has been disease free", "except patients who have been free of disease", "Exception: subjects who have
# been disease-free", "however, patients who have been disease-free", and the relative clause after a
# list's last cancer: "(any other cancer) from which the patient has been disease-free"
_DISEASE_FREE = re.compile(
    r"^(?:unless|except(?:\s+if)?|if\s+not|exceptions?\s*:|(?:however|yet)\s*,?|(?:from|for)\s+which)?\s*"
    r"(?:(?:the\s+)?(?:patients?|subjects?|participants?|he/she|they)\s+)?"
    r"(?:(?:who|has|have|had|is|are)\s+)*(?:been\s+|remained\s+)?"
    r"(?:disease[\s-]*free|in\s+(?:complete\s+)?remission|(?:free\s+(?:of|from)|(?:without|no)\s+evidence\s+of)\s+(?:(?:the|that|this|such)\s+)?disease)$",
    re.IGNORECASE)
#: Cancers a clause of disease-free length may follow as a list's last member: "any other cancer from
#: which the patient has been disease-free for 5 years" is the criterion's own cancer, over that long.
_ANY_CANCER = frozenset({"malignancy", "other_malignancy"})


_CUE_REACH = 60  # characters before the words where the exemption's cue may stand ("unless no evidence of")
_CUE = re.compile(r"\b(?:unless|except)\b", re.IGNORECASE)


def _says_disease_free(words: Unparsed, original: str) -> bool:
    """Whether ``words`` say the disease has been absent, with the exemption's cue and negation
    before them that the lexer read as cues ("unless no evidence of that | disease")."""
    assert words.span is not None
    text = " ".join(words.text.split())
    if _DISEASE_FREE.match(text):
        return True
    lead = original[max(0, words.span.start - _CUE_REACH) : words.span.start]
    cues = list(_CUE.finditer(lead))
    return bool(cues) and bool(_DISEASE_FREE.match(" ".join((lead[cues[-1].start():] + text).split())))


def disease_free_exemptions(parts: list[Node], original: str) -> list[Node]:
    """"Any other cancer, unless the patient has been disease-free for >= 5 years": the join read the
    length as an exemption (standing alone, or beside the other exemptions) and left "unless …
    disease-free" unread, so the criterion could never be settled. A condition exempted once it has
    been over for a time is that condition within the time: ``other_malignancy`` within 5 years; the
    other exemptions stay. The words are then read; only a run of them that says nothing else is
    (``_DISEASE_FREE``)."""
    words = [p for p in parts if isinstance(p, Unparsed) and p.span is not None]
    taken: list[Node] = []
    out = [_without_lengths(p, words, taken, original) for p in parts]
    return [p for p in out if all(p is not t for t in taken)]


def _without_lengths(node: Node, words: list[Unparsed], taken: list[Node], original: str) -> Node:
    if not isinstance(node, Except):
        return node
    item = _without_lengths(node.item, words, taken, original)
    for exemption in node.exceptions:
        found = _length_exempt(exemption, words, original)
        if found is None:
            continue
        members, length, said = found
        taken.extend(w for w in words if w is said)
        within = TimeWindow(high=length.low, unit=length.unit, anchor=length.anchor,
                            anchor_assumed=length.anchor_assumed, span=length.span)
        item = _within_item(item, within)
        rest = tuple(e for e in node.exceptions if e is not exemption) + members
        return node.model_copy(update={"item": item, "exceptions": rest}) if rest else item
    return node.model_copy(update={"item": item}) if item is not node.item else node


def _within_item(node: Node, window: TimeWindow) -> Node:
    """``node`` with ``window`` on its events, through the exemptions already carved out of it (they
    keep theirs: "other malignancy (except skin cancer) unless disease-free for 5 years")."""
    if isinstance(node, Except):
        return node.model_copy(update={"item": _within_item(node.item, window)})
    return with_window(node, window)


def _length_exempt(exemption: Node, words: list[Unparsed], original: str
                   ) -> tuple[tuple[Node, ...], TimeWindow, Unparsed] | None:
    """(the exemptions left, the length, the words read) when ``exemption`` holds a bare lower bound on
    a length written right after words that say the disease has been absent: alone, or joined to
    the other exemptions ("Exception: subjects who have been disease-free for 3 years, or subjects
    with resected skin cancer"). A list whose last member is any cancer followed by the words ("…,
    or any other cancer from which the patient has been disease-free for 5 years") names the
    criterion's own cancer: that member goes; any other member there ("treated prostate cancer from
    which …") is what has been over, and the exemption is left as it was. Words the join left in the list stay with the member
    right before them ("treated stage I cancer | from which the patient is in complete remission"):
    that exemption alone is then not settled."""
    inner = list(exemption.items) if isinstance(exemption, AllOf) else [exemption]
    lengths = [n for n in inner if isinstance(n, TimeWindow)]
    if len(lengths) != 1 or any(n.span is None for n in inner):
        return None
    length = lengths[0]
    if not (length.low is not None and length.high is None and length.or_window is None
            and length.relation in ("lasting", "before") and length.span is not None):
        return None
    said = next((w for w in [*(n for n in inner if isinstance(n, Unparsed)), *words]
                 if w.span.end <= length.span.start and original[w.span.end:length.span.start].strip() == ""  # type: ignore[union-attr]
                 and _says_disease_free(w, original)), None)
    if said is None:
        return None
    members: list[Node] = []
    for node in inner:
        if node is not length and node is not said:
            members.extend(node.items if isinstance(node, AnyOf) else (node,))
    members.sort(key=lambda n: n.span.start)  # type: ignore[union-attr]
    last = max((n for n in members if not isinstance(n, Unparsed) and n.span.end <= said.span.start),  # type: ignore[union-attr]
               key=lambda n: n.span.end, default=None)  # type: ignore[union-attr]
    if last is not None and not original[last.span.end:said.span.start].strip(" ,;"):  # type: ignore[union-attr]
        if last.kind != "condition" or last.name not in _ANY_CANCER:  # type: ignore[attr-defined]
            return None  # "treated prostate cancer from which …": how long that one has been over
        members.remove(last)
    return _with_words_before(tuple(members)), length, said


def _with_words_before(members: tuple[Node, ...]) -> tuple[Node, ...]:
    """Each unread stretch, and each member that is no condition, joined to the condition before it
    (``all_of``), in text order: "prostate cancer under control with hormonal therapy" is one
    exemption, not the cancer and, apart, anyone on hormonal therapy."""
    out: list[Node] = []
    for node in members:
        if node.kind != "condition" and out and out[-1].kind in ("condition", "all_of"):
            before = out.pop()
            items = (*before.items, node) if isinstance(before, AllOf) else (before, node)
            out.append(AllOf(items=items, span=before.span.model_copy(update={"end": node.span.end})))  # type: ignore[union-attr]
        else:
            out.append(node)
    return tuple(out)
