"""Stage 3: spaCy marks spans.

A blank English pipeline (``spacy.blank("en")``: no downloaded model) with the project's
tokenizer rules and one thin component, ``criteria_cues``, which marks every cue phrase of
the cue lexicon (comparators, age words, time units, connectives, anchor events) with a
``PhraseMatcher``. The component is registered as a spaCy factory, so it can be added to a
user's own pipeline: ``nlp.add_pipe("criteria_cues")``.

What the component leaves on the ``Doc``: ``doc.spans["criteria_cues"]`` (on request, via
:func:`cue_spans`) and, for the grammar stage, the raw non-overlapping matches in
``doc.user_data["criteria_cues"]`` as ``(start_token, end_token, cue_index)`` triples.
Span objects are not built on the hot path: making one costs more than finding it.
"""

from __future__ import annotations

from .pipeline import CUES_KEY, EVENTS_KEY, cue_spans, get_nlp

__all__ = ["CUES_KEY", "EVENTS_KEY", "cue_spans", "get_nlp"]
