"""What the numeric-coverage figures share: which spans are typed, and what kind a miss is.

``make corpus`` (``corpus_report.py``) and ``threshold_misses.py`` both ask whether a numeric
comparison lies inside a typed node. A typed node's span is the node's own, and also that of
every node it holds in a field rather than as a child: an event's ``window`` ("at least 4 weeks
since prior radiotherapy": the event's span is its name, the window's span the words of time),
a window's ``or_window``, a threshold's ``alternatives``, a performance status's ``for_age``.
A miss is sorted into a rough kind by the words around it, to say where to work next.
"""

from __future__ import annotations

import re
from typing import Iterator

from pydantic import BaseModel

from criteria.resources import word_list

#: Kinds that are not readings of the text: logic that joins readings, and the fallback.
NOT_TYPED = frozenset({"unparsed", "all_of", "any_of", "not", "at_least", "except", "permitted"})

_TIME = r"(?:days?|weeks?|months?|years?|hours?|hrs?|wks?|mos?|yrs?|half[- ]lives|minutes?|min)"
_COUNTED = (
    r"lines?|regimens?|cycles?|courses?|treatments?|therapies|doses?|episodes?|times|attacks|seizures|"
    r"lesions?|metastases|nodules?|exacerbations?|hospitali[sz]ations?|sites?|organs?|tumou?rs?|relapses?|"
    r"joints?|methods?|relatives?|biopsies|slides|samples?|occasions?|intakes?|visits?|measurements?|"
    r"fractures?|medications?|agents?|drugs?|statins?|antidepressants?|responses?|units?|puffs?|cups?"
)
#: Rough kinds of miss, tried in order on the words around the number (after it, or before the
#: comparator). Written apart from the lexicons, so they sort what the lexicons miss too.
KINDS: list[tuple[str, re.Pattern[str], str]] = [
    ("time window or duration", re.compile(rf"^\s*[\d,.]*\s*(?:(?:-|to|and)\s*[\d.]+\s*)?{_TIME}\b", re.I), "after"),
    ("drug dose", re.compile(
        r"^\s*[\d,.]*\s*(?:mg|mcg|µg|ug|g|iu|units?|ml)\s*(?:/\s*(?:kg|m2|m\^2|day|d|week|dose))?\b"
        r"|^\s*[\d,.]*\s*(?:gy|cgy|msv)\b|^\s*[\d,.]*\s*(?:cigarettes|packs?|pack-years|drinks)", re.I), "after"),
    ("toxicity grade (CTCAE)", re.compile(r"grade\s*\W*$|ctcae[^.]{0,40}$|nci[^.]{0,20}$", re.I), "before"),
    ("age", re.compile(r"\bage[sd]?\b[^.]{0,25}$|^\s*[\d.]+\s*(?:years?\s+(?:of\s+age|old))", re.I), "both"),
    ("N of the following (criteria counted)", re.compile(
        r"^\s*\d+\s+(?:of\s+(?:the\s+)?(?:following|these|criteria)|or more of)", re.I), "after"),
    ("count of therapies, lines, events", re.compile(
        rf"^\s*[\d,.]*\s*(?:(?:prior|previous|consecutive|different|new|separate)\s+)?(?:\w+\s+)?(?:{_COUNTED})\b",
        re.I), "after"),
    ("lab or measure not read", re.compile(
        r"(?:count|level|levels|concentration|value|clearance|rate|score|index|fraction|pressure|saturation|"
        r"interval|ratio|titer|titre|load)\s*(?:\([^)]{0,20}\)\s*)?(?:of|is|must be|should be|:)?\s*$", re.I),
     "before"),
    ("percentage (other)", re.compile(r"^\s*[\d,.]*\s*(?:%|percent)", re.I), "after"),
    ("size or length", re.compile(r"^\s*[\d,.]*\s*(?:cm|mm|centimet|millimet)", re.I), "after"),
    ("score or scale", re.compile(r"(?:score|scale|class|stage|index|points?)\b[^.]{0,30}$|^\s*[\d.]+\s*points?",
                                  re.I), "both"),
]


def _held(node: BaseModel) -> Iterator[BaseModel]:
    """The nodes a node holds in its fields (not its children): windows, alternatives, for_age."""
    for name in type(node).model_fields:
        value = getattr(node, name)
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, BaseModel) and getattr(item, "kind", None) and hasattr(item, "span"):
                if item not in getattr(node, "children", lambda: ())():
                    yield item
                    yield from _held(item)


def typed_spans(tree) -> list[tuple[int, int]]:
    """(start, end) of every typed node of the tree's criteria (their rules and populations), and of
    the nodes they hold, and of each remark that says a number describes a method or a test (``about='description'``)."""
    spans = []
    for criterion in tree.criteria():
        # a bound read as describing a method ("failure rate of < 1% per year" beside contraception)
        # is read: a remark of the rule, not a requirement on the patient that stood unread
        spans.extend((r.span.start, r.span.end) for r in criterion.remarks if _describes_a_method(r))
        # the population is read as typed as the rule: "Patients on prednisone > 10 mg/day must …"
        roots = [n for n in (criterion.rule, criterion.population) if n is not None]
        for node in (n for root in roots for n in root.walk()):
            if node.kind in NOT_TYPED:
                continue
            for typed in (node, *_held(node)):
                if typed.span is not None:
                    spans.append((typed.span.start, typed.span.end))
    return spans


def _describes_a_method(remark) -> bool:
    """A remark saying that a number is a measure of a method or a test, as
    ``lexicons/method_measures.txt`` and ``test_measures.txt`` name them: other remarks (a reference,
    a note on other criteria) read no number."""
    said = " ".join(remark.text.lower().split())  # "failure\n   rate": a hard wrap is a space
    measures = word_list("method_measures.txt") | word_list("test_measures.txt")
    return (remark.about == "description" and remark.span is not None
            and any(measure in said for measure in measures))


def classify(text: str, start: int, number: int) -> str:
    """The kind of a missed comparison: words after its number, or before its comparator."""
    before, after = text[max(0, start - 60) : start], text[number : number + 40]
    for name, pattern, where in KINDS:
        if where in ("after", "both") and pattern.search(after):
            return name
        if where in ("before", "both") and pattern.search(before):
            return name
    return "other"
