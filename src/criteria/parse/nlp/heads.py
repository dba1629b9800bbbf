"""The ``criteria_heads`` component: marks the head words of conditions no lexicon names.

"Supraventricular tachycardia", "proliferative retinopathy", "cardiogenic shock": a condition the
event lexicon does not hold still ends in a word that says it is one (a head word such as
"shock", or an ending such as "-pathy", listed in ``lexicons/event_heads.txt``). This component
only marks those tokens, as sorted token indices in ``doc.user_data["criteria_heads"]``; the span
lexer reads the words before each into an open-vocabulary condition term.

Each distinct word of the doc is judged once (``numpy.unique`` over the LOWER hashes, then a
per-process memo), so the cost per token is a C-level array pass, not a Python call.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc

from ...resources import event_heads

HEADS_KEY = "criteria_heads"
_MEMO_MAX = 1 << 17


class HeadMarker:
    """Marks condition head words (see module doc)."""

    def __init__(self, nlp: Language, name: str = HEADS_KEY):
        self.name = name
        self.strings = nlp.vocab.strings
        self.heads = event_heads()
        self._memo: dict[int, bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc.user_data[HEADS_KEY] = []
            return doc
        lowers = doc.to_array(LOWER)
        distinct, inverse = numpy.unique(lowers, return_inverse=True)
        flags = numpy.fromiter((self._is_head(int(h)) for h in distinct), dtype=bool, count=len(distinct))
        doc.user_data[HEADS_KEY] = numpy.flatnonzero(flags[inverse]).tolist()
        return doc

    def _is_head(self, key: int) -> bool:
        known = self._memo.get(key)
        if known is None:
            if len(self._memo) >= _MEMO_MAX:  # bounded: a long-running process sees ever new words
                self._memo.clear()
            known = self._memo[key] = self.heads.is_head(self.strings[key])
        return known


@Language.factory(HEADS_KEY)
def make_head_marker(nlp: Language, name: str) -> HeadMarker:
    """spaCy factory for the condition-head marker (``nlp.add_pipe("criteria_heads")``)."""
    return HeadMarker(nlp, name)
