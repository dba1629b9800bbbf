"""A word before a bounded value that only says which way the bound goes: "Elevated ALT > 3 x ULN",
"Low platelet count < 50,000/uL", "Decreased LVEF < 40%", "abnormal fasting glucose > 126 mg/dL".

The bound says it already; left unread beside it, the word held the verdict unknown for every
patient. It is a description of the bound (a remark: kept, rendered, in records), where its
direction agrees with the comparator ("high" before "> 3 x ULN"; "abnormal" before either). The
words and their directions are data (``lexicons/direction_words.txt``).
"""

from __future__ import annotations

import re
from functools import cache

from ...resources import data_path
from ...tree.nodes import AnyOf, Node, Remark
from ...tree.spans import Span, extent_end
from ...errors import ResourceError
from .textual import in_text_order

_BOUND_KINDS = frozenset({"lab_threshold", "measure_threshold"})
_WAYS = {"up": frozenset({">", ">="}), "down": frozenset({"<", "<="}), "either": frozenset({">", ">=", "<", "<="})}


def direction_words(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """``parts`` without an unread direction word right before a bound it agrees with, and the word
    as a description remark; else ``parts`` unchanged."""
    order = in_text_order(parts)
    taken: list[Node] = []
    remarks: list[Remark] = []
    for word, bound in zip(order, order[1:]):
        if word.kind != "unparsed" or bound.kind not in _BOUND_KINDS or original[word.span.end:bound.span.start].strip():  # type: ignore[union-attr]
            continue
        ops = _directions().get(" ".join(word.text.lower().split()))  # type: ignore[attr-defined]
        if ops is not None and getattr(bound, "op", None) in ops:
            taken.append(word)
            remarks.append(Remark(text=word.span.slice(original), about="description", span=word.span))  # type: ignore[union-attr]
    if not taken:
        return parts, []
    kept = [p for p in parts if all(p is not t for t in taken)]
    for word in taken:
        kept = _or_before(kept, word, original)
    return kept, remarks


_OR = re.compile(r"\s*,?\s*(?:and/)?or\s*", re.IGNORECASE)


def _or_before(parts: list[Node], word: Node, original: str) -> list[Node]:
    """"Diabetes or abnormal fasting glucose > 126 mg/dL": with the word read, the bound after it and
    the part before its "or" are alternatives, as they are without the word (the join had stopped at
    the unread word)."""
    order = in_text_order(parts)
    before = [p for p in order if p.span.end <= word.span.start]  # type: ignore[union-attr]
    after = [p for p in order if p.span.start >= word.span.end]  # type: ignore[union-attr]
    if not before or not after or not _OR.fullmatch(original, extent_end(before[-1]), word.span.start):  # type: ignore[union-attr]
        return parts
    first, bound = before[-1], after[0]
    members = (*first.items, bound) if isinstance(first, AnyOf) else (first, bound)  # type: ignore[attr-defined]
    either = AnyOf(items=members, span=Span(start=first.span.start, end=extent_end(bound)))  # type: ignore[union-attr]
    return [either if p is first else p for p in parts if p is not bound]


@cache
def _directions() -> dict[str, frozenset[str]]:
    """Each direction word with the comparators it agrees with."""
    path = data_path("lexicons", "direction_words.txt")
    out: dict[str, frozenset[str]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip().lower()
        if not line:
            continue
        word, _, way = line.rpartition(" ")
        if not word or way not in _WAYS:
            raise ResourceError(f"lexicons/direction_words.txt line {number}: expected '<word> up|down|either', got {line!r}")
        out[word] = _WAYS[way]
    return out
