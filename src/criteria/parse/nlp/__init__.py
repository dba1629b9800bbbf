"""Stage 3: spaCy marks spans.

A blank English pipeline (``spacy.blank("en")``: no downloaded model) with the project's
tokenizer rules and two thin components: ``criteria_cues`` marks every cue phrase of the cue
lexicon (comparators, age words, time units, connectives, anchor events, ULN, performance
scales) and ``criteria_labs`` every lab or measure name and unit of the lab and unit lexicons,
each with ``PhraseMatcher`` s. Both are registered as spaCy factories, so they can be added to
a user's own pipeline: ``nlp.add_pipe("criteria_cues")``, ``nlp.add_pipe("criteria_labs")``.

What the component leaves on the ``Doc``: ``doc.spans["criteria_cues"]`` (on request, via
:func:`cue_spans`) and, for the grammar stage, the raw non-overlapping matches in
``doc.user_data["criteria_cues"]`` as ``(start_token, end_token, cue_index)`` triples.
``criteria_labs`` leaves its matches the same way in ``doc.user_data["criteria_labs"]``, and
``criteria_measures`` (measures the lexicon lacks: "intracranial pressure", "Bishop score") in
``doc.user_data["criteria_measures"]``.
Span objects are not built on the hot path: making one costs more than finding it.
"""

from __future__ import annotations

from .labs import LABS_KEY
from .measures import MEASURES_KEY
from .pipeline import CUES_KEY, EVENTS_KEY, cue_spans, get_nlp

__all__ = ["CUES_KEY", "EVENTS_KEY", "LABS_KEY", "MEASURES_KEY", "cue_spans", "get_nlp"]
