"""An infection defined by the test that finds it: "hepatitis B (defined as HBsAg reactive)".

The parenthesis says how the infection is established, as "histologically confirmed" says how a
cancer is: a remark about 'method' on the rule, not unparsed text keeping the infection from a
verdict (``data/lexicons/infection_definition_words.txt`` with the infection test words, the test
result words and function words). Any other word in it keeps it unread.
"""

from __future__ import annotations

import re
from functools import cache

from ...resources import infection_concepts, word_list
from ...tree.nodes import Node, Remark
from .textual import opening_parenthesis


def infection_definitions(parts: list[Node], original: str) -> tuple[list[Node], list[Remark]]:
    """``parts`` without the parentheses that define an infection right before them, and those as remarks."""
    if not any(p.kind == "unparsed" for p in parts):
        return parts, []
    ends = {n.span.end for p in parts for n in p.walk()  # type: ignore[union-attr]
            if n.kind == "condition" and n.span is not None and n.name in infection_concepts()}  # type: ignore[attr-defined]
    if not ends:
        return parts, []
    kept: list[Node] = []
    remarks: list[Remark] = []
    for part in parts:
        if part.kind == "unparsed" and part.span is not None and _defines(part, original, ends):
            remarks.append(Remark(text=part.span.slice(original), about="method", span=part.span))
        else:
            kept.append(part)
    return kept, remarks


def _defines(part: Node, original: str, ends: set[int]) -> bool:
    """Whether ``part`` stands alone in a parenthesis right after an infection and its words only
    define it by a test."""
    opening = opening_parenthesis(part.span, original)  # type: ignore[arg-type]
    if opening is None:
        return False
    end = opening - 1 if opening and original[opening - 1] == " " else opening  # "hepatitis B (…", "HBV(…"
    if end not in ends:
        return False
    words = re.findall(r"[a-z]+", part.span.slice(original).lower())  # type: ignore[union-attr]
    return bool(words) and words[0] in ("defined", "definition") and all(w in _words() for w in words)


@cache
def _words() -> frozenset[str]:
    return (word_list("infection_definition_words.txt") | word_list("infection_test_words.txt")
            | word_list("test_result_words.txt") | word_list("function_words.txt"))
