"""When a commitment holds, and events to come: the study's period named beside a rule.

Words left over that say only over which period something holds ("during the study", "while on
study", "throughout the trial": ``data/lexicons/study_period_phrases.txt``) are a remark on a
commitment (contraception, a planned pregnancy, consent, compliance) and make a drug, therapy or
procedure named right before them one to come (planned). Beside a window they are its alternative
("within 2 weeks before enrolment or during the study": the event in the window, or to come).
"""

from __future__ import annotations

import re

from ...resources import word_list
from ...tree.nodes import AnyOf, Node, Remark
from ...tree.spans import Span

_COMMITMENTS = frozenset({"contraception", "pregnancy_plan", "egg_donation", "sperm_donation"})
# states the patient must not be in over the study: "pregnancy during the study", "agree not to
# breastfeed during the study", "women during pregnancy or lactation" (the period is a remark when it
# names the study or stands right before the state; "while taking lenalidomide" names a drug's period)
_HELD_STATES = frozenset({"pregnancy", "breastfeeding"})
_COMMITMENT_KINDS = frozenset({"consent", "compliance", "capability"})


def study_periods(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """Words left over that say only over which period a commitment holds ("use contraception
    during the study", "planning to become pregnant during the study period") are a remark on it
    (``lexicons/study_period_phrases.txt``) when the criterion states one: contraception, a planned
    pregnancy or event, consent, compliance. Right after a drug, therapy or procedure alone (not said
    to be planned) they ask for one to come: :func:`_events_to_come`."""
    periods: list[Remark] = []
    parts = [_periods_within(p, original, periods) for p in parts]
    committed = any(_commits(p) for p in parts)
    held = [p for p in parts for n in p.walk() if n.kind == "reproductive" and n.name in _HELD_STATES]  # type: ignore[attr-defined]
    if not committed and not held:
        parts, to_come = _events_to_come(parts, original)
        return parts, periods + to_come
    kept = []
    for part in parts:
        words = _period(part, original)
        if words is not None and (committed or _THE_STUDY.search(words) or any(
                n.span is not None and n.span.start >= part.span.end and not original[part.span.end:n.span.start].strip()
                for n in held)):  # type: ignore[union-attr]
            periods.append(_remark(part, original))
        else:
            kept.append(part)
    return kept, periods


def _periods_within(node: Node, original: str, periods: list[Remark]) -> Node:
    """``node`` with the study's period taken off a commitment inside a list ("Pregnant, planning to
    become pregnant during the study, or breastfeeding"): the words a remark (added to
    ``periods``), as :func:`study_periods` does for the criterion's own parts."""
    if node.kind not in ("any_of", "all_of"):
        return node
    items = [_periods_within(n, original, periods) for n in node.items]  # type: ignore[attr-defined]
    if node.kind == "all_of" and any(_commits(n) for n in items):
        for n in [n for n in items if _period(n, original) is not None]:
            items.remove(n)
            periods.append(_remark(n, original))
        if len(items) == 1:
            return items[0]
    return node.model_copy(update={"items": tuple(items)})


_TO_COME = frozenset({"medication", "prior_therapy", "procedure"})
_THE_STUDY = re.compile(r"\b(?:study|trial|participation)\b")


def _period(node: Node, original: str) -> str | None:
    """The words of ``node`` when it is unread text saying only a period (``study_period_phrases.txt``),
    lower case and without punctuation; else ``None``."""
    if node.kind != "unparsed" or node.span is None:
        return None
    words = " ".join(re.findall(r"[a-z]+", node.span.slice(original).lower()))
    return words if words in word_list("study_period_phrases.txt") else None


def _names_the_study(node: Node, original: str) -> bool:
    """Whether ``node`` is a period that names the study ("during the study", not "while")."""
    words = _period(node, original)
    return words is not None and bool(_THE_STUDY.search(words))


def _remark(period: Node, original: str) -> Remark:
    return Remark(text=period.span.slice(original), about="period", span=period.span)  # type: ignore[union-attr]


def _events_to_come(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """A drug, therapy or procedure with the study's period right after it ("use of NSAIDs during the
    study", "will require chemotherapy during the study period", "any other investigational agent
    throughout the trial") is one to come: planned (a current one goes on into the study), the words
    a remark on it. Left beside it they kept the rule from any verdict; the event read alone asked
    for a past one. Not an event with a window of its own, nor a period that names no study."""
    periods: list[Remark] = []
    parts = [_windows_or_period(p, original, periods) for p in parts]
    out: list[Node | None] = list(parts)
    for k, part in enumerate(parts):
        if not _names_the_study(part, original):
            continue
        # the part that ends right before the period, only closing brackets between
        before = max((j for j, q in enumerate(out) if q is not None and q.span is not None
                      and q.span.end <= part.span.start), key=lambda j: out[j].span.end, default=None)  # type: ignore[union-attr]
        if before is None:
            continue
        read = _beside_a_window(out[before], part, original) or _to_come_after(out[before], part, original)  # type: ignore[arg-type]
        if read is None:
            continue
        out[before], out[k] = read, None
        periods.append(_remark(part, original))
    return [p for p in out if p is not None], periods


def _to_come_after(node: Node, period: Node, original: str) -> Node | None:
    """``node`` to come when the period stands right after it (only closing brackets between)."""
    if original[node.span.end:period.span.start].strip(" \n\t)]"):  # type: ignore[union-attr]
        return None
    return _to_come(node)


# "… within 14 days prior to Day 1 and while on study", "… 28 days prior to and throughout the study",
# "… during the study or within 4 weeks of …": the connective between the window and the period
_CONNECTIVE_END = re.compile(r"(?:\b(?:and|or|and/or|as well as)|,)\s*$", re.I)
_CONNECTIVE_START = re.compile(r"^\s*,?\s*(?:and|or|and/or|as well as)\b", re.I)


def _beside_a_window(node: Node, period: Node, original: str) -> Node | None:
    """An event read with a window, the study's period joined to that window ("NSAIDs within 7 days
    before enrolment and during the study", "chemotherapy during the study or within 4 weeks of
    enrolment"): the event in the window, or the same event to come. Either period is the event's,
    so "and" between them joins periods, not conditions. ``None`` when ``node`` holds no window or
    no connective stands between the window and the period."""
    gap = original[node.span.end:period.span.start]  # type: ignore[union-attr]
    if not (_CONNECTIVE_END.search(gap) if gap.strip() else _CONNECTIVE_START.match(original[period.span.end:])):  # type: ignore[union-attr]
        return None
    unwindowed = _without_window(node)
    planned = _to_come(unwindowed) if unwindowed is not None else None
    if planned is None:
        return None
    span = Span(start=node.span.start, end=period.span.end)  # type: ignore[union-attr]
    return AnyOf(items=(node, planned.model_copy(update={"span": period.span})), span=span)


def _without_window(node: Node) -> Node | None:
    """``node`` with the windows of its events taken off (a list: of every member), or ``None``
    when one of them has none."""
    if node.kind in ("any_of", "all_of"):
        items = [_without_window(n) for n in node.items]  # type: ignore[attr-defined]
        return None if any(n is None for n in items) else node.model_copy(update={"items": tuple(items)})
    if node.kind not in _TO_COME or getattr(node, "window", None) is None:
        return None
    return node.model_copy(update={"window": None})


def _windows_or_period(node: Node, original: str, periods: list[Remark]) -> Node:
    """"Use of chloroquine within 8 weeks before enrolment or during the study": the study's period
    is an alternative to the window, the same event to come; left a member no rule read, it kept the
    list from any verdict for the patient who never took the drug. The words become a remark."""
    if node.kind not in ("any_of", "all_of"):
        return node
    items = [_windows_or_period(n, original, periods) for n in node.items]  # type: ignore[attr-defined]
    if node.kind == "any_of":
        for k in range(1, len(items)):
            if not _names_the_study(items[k], original):
                continue
            window = getattr(items[k - 1], "window", None)
            first = k - 1  # the members before that share the window ("warfarin or digoxin within 7 days")
            while first > 0 and window is not None and getattr(items[first - 1], "window", None) == window:
                first -= 1
            planned = [_to_come(n.model_copy(update={"window": None})) for n in items[first:k]] if window is not None else [None]
            if any(n is None for n in planned):
                continue
            come = planned[0] if len(planned) == 1 else AnyOf(items=tuple(planned), span=items[k].span)  # type: ignore[arg-type]
            periods.append(_remark(items[k], original))
            items[k] = come.model_copy(update={"span": items[k].span})  # type: ignore[union-attr]
    return node.model_copy(update={"items": tuple(items)})


def _to_come(node: Node) -> Node | None:
    """``node`` as an event to come (see :func:`_events_to_come`), or ``None`` if it is not such events."""
    if node.kind in ("any_of", "all_of"):
        items = [_to_come(n) for n in node.items]  # type: ignore[attr-defined]
        return None if any(n is None for n in items) else node.model_copy(update={"items": tuple(items)})
    if node.kind not in _TO_COME or getattr(node, "window", None) is not None:
        return None
    kept = tuple(s for s in node.status if s not in ("history", "planned"))  # type: ignore[attr-defined]
    return node.model_copy(update={"status": ("planned", *kept)})


def _commits(node: Node) -> bool:
    """Whether ``node`` is, or holds, a commitment or a plan of the patient's (see :func:`study_periods`):
    an event planned ("expected to require surgery during the study") already says it is to come."""
    if node.kind in _COMMITMENT_KINDS or (node.kind == "reproductive" and node.name in _COMMITMENTS):  # type: ignore[attr-defined]
        return True
    if "planned" in (getattr(node, "status", None) or ()):
        return True
    return any(_commits(n) for n in getattr(node, "items", ())) or (
        node.kind == "not" and _commits(node.item)  # type: ignore[attr-defined]
    )
