"""The ``criteria_labs`` component: marks lab and measure names and units.

Two ``PhraseMatcher`` s over the phrase table of :func:`criteria.labs.marks`: one on
``LOWER`` for names ("absolute neutrophil count", "mg/dL"), one on ``ORTH`` for spellings
whose case carries meaning ("PT" is a test, "pt" a patient; "G/L" is giga per litre).
Longest match wins; on equal spans the exact-case phrase wins. The raw non-overlapping
matches go to ``doc.user_data["criteria_labs"]`` as ``(start_token, end_token, mark_index)``
triples, like the cue marker's; the span lexer merges both (see :mod:`criteria.parse.grammar.lexer`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...labs import Mark, marks
from .patterns import phrase_matcher

LABS_KEY = "criteria_labs"
# the files the matchers' phrase rows are made from (see .patterns): lexicons, loader, rows
LAB_SOURCES = ("data/lexicons/labs.jsonl", "data/lexicons/units.jsonl", "labs.py", "parse/nlp/labs.py")


class LabMarker:
    """Marks lab names, measure names and units (see module doc)."""

    def __init__(self, nlp: Language, name: str = LABS_KEY):
        self.name = name
        # the lexicons are read (and pint imported to check units) on the first match, not here
        self.lower, lower = phrase_matcher(nlp, "labs_lower", "LOWER", lambda: lab_rows()[0], LAB_SOURCES)
        self.exact, exact = phrase_matcher(nlp, "labs_exact", "ORTH", lambda: lab_rows()[1], LAB_SOURCES)
        self._index = {nlp.vocab.strings[key]: int(key) for key in lower + exact}

    @property
    def marks(self) -> tuple[Mark, ...]:
        """The phrase table: what each match index means."""
        return marks()

    def __call__(self, doc: Doc) -> Doc:
        from .pipeline import longest_matches  # (pipeline imports this module to add the component)

        # exact-case matches first: the sort is stable, so on equal spans the exact phrase is kept
        doc.user_data[LABS_KEY] = longest_matches(self.exact(doc) + self.lower(doc), self._index)
        return doc


def lab_rows() -> tuple[list[tuple[str, list[str]]], list[tuple[str, list[str]]]]:
    """The rows of the lower-case and the exact-case matcher: one match key per mark (its index),
    its one phrase."""
    lower: list[tuple[str, list[str]]] = []
    exact: list[tuple[str, list[str]]] = []
    for index, mark in enumerate(marks()):
        (exact if mark.exact else lower).append((str(index), [mark.phrase]))
    return lower, exact


@Language.factory(LABS_KEY)
def make_lab_marker(nlp: Language, name: str) -> LabMarker:
    """spaCy factory for the lab and unit marker (``nlp.add_pipe("criteria_labs")``)."""
    return LabMarker(nlp, name)
