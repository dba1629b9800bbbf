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
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ...labs import Mark, marks

LABS_KEY = "criteria_labs"


class LabMarker:
    """Marks lab names, measure names and units (see module doc)."""

    def __init__(self, nlp: Language, name: str = LABS_KEY):
        self.name = name
        self.marks: tuple[Mark, ...] = marks()
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        for index, mark in enumerate(self.marks):
            matcher = self.exact if mark.exact else self.lower
            matcher.add(str(index), [nlp.make_doc(mark.phrase)])
        self._index = {nlp.vocab.strings[str(i)]: i for i in range(len(self.marks))}

    def __call__(self, doc: Doc) -> Doc:
        from .pipeline import longest_matches  # (pipeline imports this module to add the component)

        # exact-case matches first: the sort is stable, so on equal spans the exact phrase is kept
        doc.user_data[LABS_KEY] = longest_matches(self.exact(doc) + self.lower(doc), self._index)
        return doc


@Language.factory(LABS_KEY)
def make_lab_marker(nlp: Language, name: str) -> LabMarker:
    """spaCy factory for the lab and unit marker (``nlp.add_pipe("criteria_labs")``)."""
    return LabMarker(nlp, name)
