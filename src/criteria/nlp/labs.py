"""The ``criteria_labs`` component: marks lab and measure names and units.

Two ``PhraseMatcher`` s over the phrase table of :func:`criteria.labs.marks`: one on
``LOWER`` for names ("absolute neutrophil count", "mg/dL"), one on ``ORTH`` for spellings
whose case carries meaning ("PT" is a test, "pt" a patient; "G/L" is giga per litre).
Longest match wins; on equal spans the exact-case phrase wins. The raw non-overlapping
matches go to ``doc.user_data["criteria_labs"]`` as ``(start_token, end_token, mark_index)``
triples, like the cue marker's; the span lexer merges both (see :mod:`criteria.grammar.lexer`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from ..labs import Mark, marks

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
        index = self._index
        found = [(s, e, index[m], 0) for m, s, e in self.exact(doc)]
        found += [(s, e, index[m], 1) for m, s, e in self.lower(doc)]
        found.sort(key=lambda m: (m[0], m[0] - m[1], m[3]))  # start, longest, exact case first
        kept: list[tuple[int, int, int]] = []
        end = -1
        for start, stop, i, _ in found:
            if start >= end:
                kept.append((start, stop, i))
                end = stop
        doc.user_data[LABS_KEY] = kept
        return doc


@Language.factory(LABS_KEY)
def make_lab_marker(nlp: Language, name: str) -> LabMarker:
    """spaCy factory for the lab and unit marker (``nlp.add_pipe("criteria_labs")``)."""
    return LabMarker(nlp, name)
