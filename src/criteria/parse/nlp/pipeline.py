"""The blank spaCy pipeline and the ``criteria_cues`` component (see package doc)."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup

from ..._once import once
from ...resources import CueEntry, cue_lexicon, event_phrases
from .heads import HEADS_KEY
from .labs import LABS_KEY
from .measures import MEASURES_KEY
from .patterns import phrase_matcher
from .tokenizer import TOKENIZER_NAME
from ...vocab.hyphens import mapped, plain_phrase, plain_view
from ...vocab.marker import VOCAB_KEY

CUES_KEY = "criteria_cues"
EVENTS_KEY = "criteria_events"
# the files each matcher's phrase rows are made from (see .patterns): lexicon, loader, rows
CUE_SOURCES = ("data/lexicons/cues.jsonl", "resources.py", "parse/nlp/pipeline.py")
EVENT_SOURCES = ("data/lexicons/events.jsonl", "resources.py", "parse/nlp/pipeline.py", "vocab/hyphens.py")


class CueMarker:
    """Marks cue phrases from the cue lexicon; longest match wins, no overlaps."""

    def __init__(self, nlp: Language, name: str = CUES_KEY):
        self.name = name
        self.entries: tuple[CueEntry, ...] = cue_lexicon()
        self.matcher, keys = phrase_matcher(nlp, "cues", "LOWER", cue_rows, CUE_SOURCES)
        self._index = {nlp.vocab.strings[key]: int(key) for key in keys}

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
        self.matcher, keys = phrase_matcher(nlp, "events", "LOWER", event_rows, EVENT_SOURCES)
        self._index = {nlp.vocab.strings[key]: int(key) for key in keys}

    def __call__(self, doc: Doc) -> Doc:
        view = plain_view(doc)  # "sickle-cell anemia" is "sickle cell anemia" (see ...vocab.hyphens)
        matches = self.matcher(doc) if view is None else [
            (key, *mapped(start, end, view[1])) for key, start, end in self.matcher(view[0])]
        doc.user_data[EVENTS_KEY] = longest_matches(matches, self._index)
        return doc


def cue_rows() -> list[tuple[str, list[str]]]:
    """The cue matcher's rows: one match key per cue entry (its index), its one phrase."""
    return [(str(index), [entry.phrase]) for index, entry in enumerate(cue_lexicon())]


def event_rows() -> list[tuple[str, list[str]]]:
    """The event matcher's rows: one match key per concept (its index), its phrases and plurals,
    each also with its joining hyphens as spaces (the marker matches a doc so), concepts in the
    order their first phrase comes."""
    by_concept: dict[int, list[str]] = {}
    for phrase, index in event_phrases():
        forms = by_concept.setdefault(index, [])
        forms.extend(form for form in dict.fromkeys((phrase, plain_phrase(phrase))) if form not in forms)
    return [(str(index), phrases) for index, phrases in by_concept.items()]


@Language.factory(EVENTS_KEY)
def make_event_marker(nlp: Language, name: str) -> EventMarker:
    """spaCy factory for the event-term marker (``nlp.add_pipe("criteria_events")``)."""
    return EventMarker(nlp, name)


@Language.factory(CUES_KEY)
def make_cue_marker(nlp: Language, name: str) -> CueMarker:
    """spaCy factory for the cue marker (``nlp.add_pipe("criteria_cues")``)."""
    return CueMarker(nlp, name)


def blank_nlp() -> Language:
    """``spacy.blank("en")`` with the clinical tokenizer (made in its place, not after it), no components."""
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})


def build_nlp() -> Language:
    """A fresh pipeline: ``spacy.blank("en")`` + clinical tokenizer rules + cue, lab, measure, event,
    condition-head and vocabulary markers."""
    nlp = blank_nlp()
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
