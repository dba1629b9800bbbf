"""Structured fields of ClinicalTrials.gov records, read through the same grammar.

API v2 gives ``minimumAge`` / ``maximumAge`` as strings such as ``"18 Years"``,
``"6 Months"`` or ``"N/A"``; classic XML gives ``<minimum_age>18 Years</minimum_age>``.
"""

from __future__ import annotations

from ..errors import InputTypeError, InputValueError
from .grammar.lexer import lex
from .grammar.scanner import parse_as
from .nlp.pipeline import CUES_KEY, get_nlp
from ..tree.nodes import Age, AgeBound
from .normalize import normalize

_NO_LIMIT = frozenset({"", "n/a", "na", "none", "no limit", "not applicable"})


def parse_age_limit(value: str | None) -> AgeBound | None:
    """``"18 Years"`` → ``AgeBound(value=18, unit="year", inclusive=True)``; ``"N/A"`` → ``None``.

    Raises :class:`~criteria.errors.InputValueError` for a string that is not an age limit.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputTypeError(f"an age limit is a string such as '18 Years', not {type(value).__name__}")
    if value.strip().lower() in _NO_LIMIT:
        return None
    mapped = normalize(value)
    doc = get_nlp()(mapped.text)
    lexemes = lex(doc, 0, len(doc), doc.user_data.get(CUES_KEY, []))
    node = parse_as("age_limit", lexemes, mapped.span, value) if lexemes else None
    if not isinstance(node, Age) or node.low is None:
        raise InputValueError(f"{value!r} is not an age limit; expected a number and a unit, e.g. '18 Years'")
    return node.low
