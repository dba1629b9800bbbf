"""A hyphen joining two words matches a space: "sickle-cell anemia" is "sickle cell anemia".

Trials write the same term with and without hyphens ("non-small-cell lung cancer", "sickle-cell
anaemia", "graft-versus-host disease"), and the lexicons and vocabularies each list one form.
Both phrase markers (our event lexicon's, :mod:`criteria.parse.nlp.pipeline`, and the field
vocabularies', :mod:`.marker`) therefore compare phrases with such hyphens taken out on both
sides: each phrase is also listed in its :func:`plain_phrase` form, and a doc holding a joining
hyphen is matched in its :func:`plain_view`, whose token positions map back to the doc's.

*Joining* means a hyphen written with no space on either side, between a letter and a letter:
"5-FU", "COVID-19" and "HER2-positive" keep theirs (a number beside it is part of a name or a
value), and so does a dash set off by spaces ("diabetes - controlled" is two statements).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

_PLAIN_KEY = "criteria_plain_view"
# in a phrase written as tokens joined by spaces ("sickle - cell anemia") or as text ("sickle-cell")
_JOINING = re.compile(r"(?<=[^\W\d_])(?: - |-)(?=[^\W\d_])")


def plain_phrase(phrase: str) -> str:
    """``phrase`` with its joining hyphens as spaces ("non-small-cell lung cancer" → "non small
    cell lung cancer"; tokens joined by spaces, "sickle - cell anemia", alike)."""
    return _JOINING.sub(" ", phrase)


def _joining(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a hyphen joining the words on either side of it."""
    token = doc[i]
    if token.text != "-" or i == 0 or i + 1 >= len(doc) or token.whitespace_:
        return False
    before, after = doc[i - 1], doc[i + 1]
    return not before.whitespace_ and before.text[-1:].isalpha() and after.text[:1].isalpha()


def plain_view(doc: Doc) -> tuple[Doc, list[int]] | None:
    """The doc without its joining hyphens and, per token of it, the position of that token in
    ``doc`` (one more entry: ``len(doc)``, so an end maps too); ``None`` when ``doc`` has none.
    Made once per doc (both markers ask)."""
    if _PLAIN_KEY in doc.user_data:
        return doc.user_data[_PLAIN_KEY]
    view = None
    if "-" in doc.text:
        drop = {i for i, token in enumerate(doc) if token.text == "-" and _joining(doc, i)}
        if drop:
            where = [i for i in range(len(doc)) if i not in drop]
            words = [doc[i].text for i in where]
            spaces = [bool(doc[i].whitespace_) or i + 1 in drop for i in where]
            view = (Doc(doc.vocab, words=words, spaces=spaces), where + [len(doc)])
    doc.user_data[_PLAIN_KEY] = view
    return view


def mapped(start: int, end: int, where: list[int]) -> tuple[int, int]:
    """Token positions ``[start, end)`` of a plain view as positions in its doc."""
    return where[start], where[end - 1] + 1
