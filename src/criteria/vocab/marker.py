"""The ``criteria_vocab`` spaCy component: conditions and drugs from the field vocabularies.

A phrase index (on lower-case token text) over every phrase of :mod:`.index`, longest match
wins (see :class:`_Phrases` for why not spaCy's PhraseMatcher). It leaves ``(start_token, end_token, entry)`` triples in ``doc.user_data["criteria_vocab"]``,
``entry`` indexing :func:`.index.entries`; the span lexer makes each a condition or drug term.

*Ours wins*: a match touching a token that our own lexicons already read (an event term, a lab
or unit, a measure, a cue) is dropped, and so is a match after "non-" ("non-diabetic"). A blocker
("ST depression", "12-lead": a phrase holding a condition's or drug's word that names neither)
wins over everything: it drops the event terms and condition heads inside it, ours included.

*Lazy*: the index (about 54,500 phrases) is loaded on the first doc that holds a word of four or
more letters that no cue, lab or measure reads; until then nothing is loaded, so a
short text of cues ("Age >= 18 years") costs no start-up.
"""

from __future__ import annotations

import threading

import numpy
from spacy.attrs import IS_ALPHA, LENGTH, LOWER
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc

from .hyphens import mapped, plain_phrase, plain_view

VOCAB_KEY = "criteria_vocab"
# components whose marks are our own reading of a span; their keys in doc.user_data
_OURS = ("criteria_events", "criteria_labs", "criteria_measures", "criteria_cues")
# the gate leaves event terms out: a blocker may be needed where our lexicon reads ("ST depression")
_NOT_EVENTS = tuple(k for k in _OURS if k != "criteria_events")
_MIN_WORD = 4


class VocabMarker:
    """Marks vocabulary conditions and drugs (see module doc)."""

    def __init__(self, nlp: Language, name: str = VOCAB_KEY):
        self.name = name
        self.strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        covered = _covered(doc, _OURS)
        events = _covered(doc, ("criteria_events",))
        others = _covered(doc, _NOT_EVENTS)
        terms = tuple(doc.user_data.get("criteria_events") or ())  # as marked: _unmark below filters the list
        owner = _owners(terms, len(doc))
        if not _PHRASES.built and not _needs_vocab(doc, _covered(doc, _NOT_EVENTS)):
            doc.user_data[VOCAB_KEY] = []
            return doc
        phrases = _PHRASES.get()
        found = []
        view = plain_view(doc)  # "sickle-cell anemia" is "sickle cell anemia" (see .hyphens)
        matches = phrases.longest(doc, self.strings) if view is None else [
            (*mapped(start, end, view[1]), entry) for start, end, entry in phrases.longest(view[0], self.strings)]
        for start, end, entry in matches:
            if entry in phrases.blockers:
                _unmark(doc, start, end)
            elif (events[start:end].any() and not others[start:end].any()
                  and _narrows_ours(doc, start, end, owner, terms) and not _after_non(doc, start)):
                _unmark(doc, start, end)  # "common variable immunodeficiency": a kind of our term
                found.append((start, end, entry))
            elif not (covered[start:end].any() or _after_non(doc, start) or _names_other(doc, start, end, entry)
                      or (start and events[start - 1] and _ours_before(doc, start))):
                found.append((start, end, entry))
        doc.user_data[VOCAB_KEY] = found
        return doc


class _Phrases:
    """Every phrase of the index, found by first word: the tokens whose lower-case hash is a
    first word are picked out by one ``numpy.searchsorted`` over the sorted first-word hashes (C
    level, per doc), and only there are the longer spans looked up in a dict of phrases.

    *Why not spaCy's PhraseMatcher:* building one over the index (61,000 phrases when measured) took 2.6–6 s
    here (a ``Doc`` per phrase, then the matcher's own arrays), a start-up cost every process would
    pay on its first text; this index loads in about a tenth of that and finds the same matches.
    """

    def __init__(self) -> None:
        from .index import entries

        self.lock = threading.Lock()
        self.built = False
        self.by_phrase: dict[str, int] = {}
        self.reach: dict[int, int] = {}  # first-word hash -> words in its longest phrase
        self.blockers: frozenset[int] = frozenset()
        self._entries = entries

    def get(self) -> "_Phrases":
        if not self.built:
            with self.lock:
                if not self.built:
                    self._build()
        return self

    def _build(self) -> None:
        by_phrase, reach, blockers = {}, {}, set()
        for i, entry in enumerate(self._entries()):
            if entry.blocker:
                blockers.add(i)
            for phrase in entry.phrases:
                by_phrase[phrase] = i
        for i, entry in enumerate(self._entries()):  # each phrase with its joining hyphens as spaces, unless listed
            for phrase in entry.phrases:
                by_phrase.setdefault(plain_phrase(phrase), i)
        for phrase in by_phrase:
            first, _, rest = phrase.partition(" ")
            reach[first] = max(reach.get(first, 0), rest.count(" ") + 2 if rest else 1)
        self.reach = {hash_string(w): n for w, n in reach.items()}
        self.firsts = numpy.array(sorted(self.reach), dtype=numpy.uint64)
        self.by_phrase, self.blockers = by_phrase, frozenset(blockers)
        self.built = True

    def longest(self, doc: Doc, strings) -> list[tuple[int, int, int]]:
        """``(start, end, entry)`` of the longest phrase at each start, none overlapping a kept one."""
        if not len(doc):
            return []
        lowers = doc.to_array(LOWER)
        at = numpy.searchsorted(self.firsts, lowers).clip(0, len(self.firsts) - 1)
        found, end = [], 0
        for i in numpy.flatnonzero(self.firsts[at] == lowers).tolist():
            if i < end:
                continue
            reach = min(self.reach[int(lowers[i])] + 1, len(doc) - i)  # + 1: room for one "'s"
            words = [strings[int(h)] for h in lowers[i:i + reach]]
            for n in range(reach, 0, -1):
                entry = self.by_phrase.get(" ".join(words[:n]))
                if entry is None and "'s" in words[1:n]:  # "Friedreich's ataxia" is "Friedreich ataxia"
                    entry = self.by_phrase.get(" ".join(w for w in words[:n] if w != "'s"))
                if entry is not None:
                    found.append((i, i + n, entry))
                    end = i + n
                    break
        return found


_PHRASES = _Phrases()


def _covered(doc: Doc, keys: tuple[str, ...]) -> numpy.ndarray:
    """Per token: whether one of the components of ``keys`` reads it."""
    covered = numpy.zeros(len(doc) + 1, dtype=bool)
    for key in keys:
        for start, end, *_ in doc.user_data.get(key) or ():
            covered[start:end] = True
    return covered


def _owners(terms: tuple, length: int) -> numpy.ndarray:
    """Per token: the index in ``terms`` of the event term of ours that covers it, or -1."""
    owner = numpy.full(length + 1, -1, dtype=numpy.int64)
    for k, (start, end, *_) in enumerate(terms):
        owner[start:end] = k
    return owner


def _narrows_ours(doc: Doc, start: int, end: int, owner: numpy.ndarray, terms: tuple) -> bool:
    """Whether a vocabulary condition holds one of our event terms whole and adds plain words before
    it ("common variable immunodeficiency" around our "immunodeficiency"): a kind of our term, which
    reading ours alone would silently widen. No other term of ours may be inside or cross its edges
    (the caller has checked that no cue, lab or measure is inside)."""
    found = [int(k) for k in numpy.unique(owner[start:end]) if k >= 0]
    sites = [k for k in found if _is_site(terms[k][2])]  # "gastrointestinal stromal tumor": a site word inside
    found = [k for k in found if k not in sites] or sites[:1]  # "fatty liver": a site is all there is of ours
    if len(found) != 1 or any(terms[k][0] < start or terms[k][1] > end for k in sites if k != found[0]):
        return False
    term_start, term_end = terms[found[0]][:2]
    if term_start <= start or term_end > end:
        return False
    return all(doc[i].is_alpha for i in range(start, term_start))


def _is_site(index: int) -> bool:
    """Whether event concept ``index`` of our lexicon is a site ("gastrointestinal", "renal")."""
    from ..resources import event_lexicon

    return event_lexicon()[index].kind == "site"


def _unmark(doc: Doc, start: int, end: int) -> None:
    """A blocker ("ST depression", "12-lead") names no condition: the event terms and condition
    heads wholly inside it are dropped too, whoever marked them."""
    events = doc.user_data.get("criteria_events")
    if events:  # only terms wholly inside it: a longer term of ours holding it still reads
        doc.user_data["criteria_events"] = [m for m in events if not (start <= m[0] and m[1] <= end)]
    heads = doc.user_data.get("criteria_heads")
    if heads:
        doc.user_data["criteria_heads"] = [h for h in heads if not start <= h < end]


def _needs_vocab(doc: Doc, covered: numpy.ndarray) -> bool:
    """Whether a word of :data:`_MIN_WORD` letters or more stands outside our own marks."""
    if not len(doc):
        return False
    arr = doc.to_array([IS_ALPHA, LENGTH])
    words = (arr[:, 0] == 1) & (arr[:, 1] >= _MIN_WORD) & ~covered[: len(doc)]
    return bool(words.any())


# After a drug's name, words that make it part of another thing's name: "estrogen receptor",
# "dopamine agonists", "GnRH analogue", "serotonin reuptake inhibitors" name a target or a class
_NOT_THE_DRUG = frozenset({
    "receptor", "receptors", "reuptake", "agonist", "agonists", "antagonist", "antagonists", "inhibitor",
    "inhibitors", "blocker", "blockers", "analog", "analogs", "analogue", "analogues", "level", "levels",
    "deficiency", "pathway", "mutation", "mutations", "gene", "status", "expression", "positive", "negative",
    "derivative", "derivatives", "syndrome", "test", "testing", "tube", "tubes", "preparations", "like",
    "antibody", "antibodies", "aminotransferase", "dehydrogenase", "transferase", "kinase", "synthase",
    "reductase", "oxidase", "complex",
})
# After a condition, words that make it the indication of a treatment or a vaccine, not the condition
# itself ("hypertensive therapy", "asthma medication", "influenza vaccination")
_NOT_THE_CONDITION = frozenset({
    "therapy", "therapies", "medication", "medications", "drug", "drugs", "agent", "agents", "treatment",
    "treatments", "vaccine", "vaccines", "vaccination", "vaccinations",
})
# In a title-case name, the words that say it is an instrument ("Hospital Anxiety and Depression Scale")
_INSTRUMENT = frozenset({"scale", "score", "index", "inventory", "questionnaire", "rating", "test", "schedule",
                         "interview", "assessment", "classification", "committee", "criteria"})
# After any match, words that make it part of a name of something else: an instrument, a body, a
# programme ("Autistic Diagnostic Observation Schedule", "infectious disease department", "Revlimid REMS")
_NAMES_A_THING = frozenset({
    "department", "committee", "schedule", "program", "programme", "inventory", "questionnaire", "scale",
    "interview", "society", "association", "foundation", "rems", "service", "services", "ward",
})
_SKIPPED = frozenset({"-", ")", "]", "/"})


def _names_other(doc: Doc, start: int, end: int, entry: int) -> bool:
    """Whether the words after a match make it part of another thing's name (hyphens, closing
    brackets and a slash-joined word skipped: "estrogen/progesterone receptor")."""
    from .index import entries

    after = end
    while after < len(doc):
        if doc[after].text in _SKIPPED or (after > end and doc[after - 1].text == "/"):
            after += 1
        elif doc[after].text in "([" and after + 2 < len(doc) and doc[after + 2].text in ")]":
            after += 3  # an abbreviation in brackets: "Gonadotropin Releasing Hormone (GnRH) analogue"
        else:
            break
    if doc[start:end].text.isupper() and start and doc[start - 1].text in "([":
        return True  # "(SCID)", "(NASH)": an abbreviation of the words before it, which are read themselves
    if after >= len(doc):
        return False
    word = doc[after].lower_
    drug = entries()[entry].kind != "condition"
    if word in _NAMES_A_THING or word in (_NOT_THE_DRUG if drug else _NOT_THE_CONDITION):
        return True
    if doc[start].text[:1].isupper() and _instrument_ahead(doc, after):
        return True
    if not drug and _vaccine_ahead(doc, end):
        return True
    # a title-case name going on in title case ("Headache Classification Committee", "SCID-P")
    return (doc[start].text[:1].isupper() and doc[end - 1].text[:1].isupper() and doc[after].text[:1].isupper()
            and after - end <= 1 and doc[after].lower_ not in _TITLE_OK)


_VACCINE = frozenset({"vaccine", "vaccines", "vaccination", "vaccinations"})
_LIST_END = frozenset({".", ";", ":", "(", ")"})


def _vaccine_ahead(doc: Doc, end: int) -> bool:
    """A condition in a list that ends in "vaccines" ("influenza, pneumococcal, and tetanus vaccines")."""
    for i in range(end, min(end + 8, len(doc))):
        if doc[i].lower_ in _VACCINE:
            return True
        if doc[i].text in _LIST_END:
            return False
    return False


def _instrument_ahead(doc: Doc, after: int) -> bool:
    """Whether a title-case name going on from ``after`` ends in an instrument's word within four."""
    for i in range(after, min(after + 4, len(doc))):
        word = doc[i]
        if word.lower_ in _INSTRUMENT and word.text[:1].isupper():
            return True
        if not (word.text[:1].isupper() or word.lower_ in ("and", "of", "&", "-")):
            return False
    return False


_TITLE_OK = frozenset({"type", "patients", "or", "and", "with", "in", "of", "disease", "syndrome", "grade", "stage"})


def _ours_before(doc: Doc, start: int) -> bool:
    """A condition word right after one of our own terms is that term's head ("migraine headaches",
    "cancer pain"), not a condition of its own; a comma or a conjunction would stand between."""
    return doc[start - 1].is_alpha


_NEGATING_PREFIXES = frozenset({"non", "anti"})


def _after_non(doc: Doc, start: int) -> bool:
    """"non-diabetic", "anti-diabetic drugs": the word says the condition is absent, or names a
    drug class against it; not ours to type."""
    if start >= 1 and doc[start - 1].lower_ in _NEGATING_PREFIXES:
        return True
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ in _NEGATING_PREFIXES


@Language.factory(VOCAB_KEY)
def make_vocab_marker(nlp: Language, name: str) -> VocabMarker:
    """spaCy factory for the vocabulary marker (``nlp.add_pipe("criteria_vocab")``)."""
    return VocabMarker(nlp, name)
