"""The blank spaCy pipeline and the ``criteria_cues`` component (see package doc)."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup

from ..._once import once
from ...resources import CueEntry, cue_lexicon, event_lexicon, event_phrases
from .heads import HEADS_KEY
from .labs import LABS_KEY
from .measures import MEASURES_KEY
from .tokenizer import customize_tokenizer
from ...vocab.marker import VOCAB_KEY

CUES_KEY = "criteria_cues"
EVENTS_KEY = "criteria_events"


class CueMarker:
    """Marks cue phrases from the cue lexicon; longest match wins, no overlaps."""

    def __init__(self, nlp: Language, name: str = CUES_KEY):
        self.name = name
        self.entries: tuple[CueEntry, ...] = cue_lexicon()
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, entry in enumerate(self.entries):
            self.matcher.add(str(index), [nlp.make_doc(entry.phrase)])
        self._index = {nlp.vocab.strings[str(i)]: i for i in range(len(self.entries))}

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[CUES_KEY] = longest_matches(self.matcher(doc), self._index)
        return doc


def longest_matches(matches: list[tuple[int, int, int]], index: dict[int, int]) -> list[tuple[int, int, int]]:
    """``(start, end, entry)`` of the longest match at each start, dropping any overlapping a kept one."""
    matches.sort(key=lambda m: (m[1], m[1] - m[2]))
    kept: list[tuple[int, int, int]] = []
    end = -1
    for match_id, start, stop in matches:
        if start >= end:
            kept.append((start, stop, index[match_id]))
            end = stop
    return kept


class EventMarker:
    """Marks event terms (conditions, therapies, drugs…) of ``lexicons/events.jsonl``.

    A second PhraseMatcher rather than more cue rows: term lists are large, change often,
    and carry their own schema (concept, kind, code). Leaves non-overlapping
    ``(start_token, end_token, concept_index)`` triples in ``doc.user_data["criteria_events"]``;
    the span lexer merges them with the cues.
    """

    def __init__(self, nlp: Language, name: str = EVENTS_KEY):
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        by_concept: dict[int, list] = {}
        for phrase, index in event_phrases():
            by_concept.setdefault(index, []).append(nlp.make_doc(phrase))
        for index, docs in by_concept.items():
            self.matcher.add(str(index), docs)
        self._index = {nlp.vocab.strings[str(i)]: i for i in range(len(event_lexicon()))}

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[EVENTS_KEY] = longest_matches(self.matcher(doc), self._index)
        return doc


@Language.factory(EVENTS_KEY)
def make_event_marker(nlp: Language, name: str) -> EventMarker:
    """spaCy factory for the event-term marker (``nlp.add_pipe("criteria_events")``)."""
    return EventMarker(nlp, name)


@Language.factory(CUES_KEY)
def make_cue_marker(nlp: Language, name: str) -> CueMarker:
    """spaCy factory for the cue marker (``nlp.add_pipe("criteria_cues")``)."""
    return CueMarker(nlp, name)


def build_nlp() -> Language:
    """A fresh pipeline: ``spacy.blank("en")`` + clinical tokenizer rules + cue, lab, measure, event,
    condition-head and vocabulary markers."""
    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    nlp.add_pipe(CUES_KEY)
    nlp.add_pipe(LABS_KEY)
    nlp.add_pipe(MEASURES_KEY)  # after cues and labs: it reads both
    nlp.add_pipe(EVENTS_KEY)
    nlp.add_pipe(HEADS_KEY)
    nlp.add_pipe(VOCAB_KEY)  # last: it reads every mark above (ours wins), and loads only when needed
    return nlp


@once
def get_nlp() -> Language:
    """The shared pipeline, built once per process (thread-safe)."""
    return build_nlp()


def cue_spans(doc: Doc) -> SpanGroup:
    """The cue matches of ``doc`` as a spaCy ``SpanGroup`` labelled by terminal.

    Also stored as ``doc.spans["criteria_cues"]`` for users who inspect the Doc.
    """
    entries = cue_lexicon()
    spans = [
        Span(doc, start, end, label=entries[i].terminal) for start, end, i in doc.user_data.get(CUES_KEY, [])
    ]
    doc.spans[CUES_KEY] = spans
    return doc.spans[CUES_KEY]
