"""The shipped matcher patterns (criteria/data/compiled/patterns.json) and the cold start they serve.

The lexicons are the source of truth: the shipped token hashes must be exactly what the lexicons
and the tokenizer give now (``make patterns`` rebuilds them), a matcher made from them must find
what one made by tokenizing the phrases finds, and a stale file must only cost time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.matcher import PhraseMatcher

from criteria.parse.nlp import patterns
from criteria.parse.nlp.labs import LAB_SOURCES, lab_rows
from criteria.parse.nlp.pipeline import CUE_SOURCES, EVENT_SOURCES, blank_nlp, cue_rows, event_rows
from criteria.parse.nlp.tokenizer import customize_tokenizer

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from patterns_build import render  # noqa: E402

MATCHERS = {
    "cues": ("LOWER", cue_rows, CUE_SOURCES),
    "labs_lower": ("LOWER", lambda: lab_rows()[0], LAB_SOURCES),
    "labs_exact": ("ORTH", lambda: lab_rows()[1], LAB_SOURCES),
    "events": ("LOWER", event_rows, EVENT_SOURCES),
}


def test_the_shipped_patterns_are_what_the_lexicons_give_now():
    shipped = patterns.shipped_path().read_text(encoding="utf-8")
    assert shipped == render(), "a lexicon, its loader or the tokenizer changed: run `make patterns`"


@pytest.mark.parametrize("name", sorted(MATCHERS))
def test_the_shipped_entry_is_current_for_this_install(name):
    attr, rows, sources = MATCHERS[name]
    entry = json.loads(patterns.shipped_path().read_text(encoding="utf-8"))["matchers"][name]
    assert entry["sources"] == patterns.sources_digest(sources)
    assert entry["tokenizer"] == patterns.tokenizer_digest(blank_nlp())
    assert entry["rows"] == patterns._plain(rows())


def _matches(matcher, doc) -> list[tuple[str, int, int]]:
    return sorted((matcher.vocab.strings[m], s, e) for m, s, e in matcher(doc))


@pytest.mark.parametrize("name", sorted(MATCHERS))
def test_a_matcher_from_the_shipped_hashes_finds_what_a_tokenized_one_finds(name, monkeypatch):
    attr, rows, sources = MATCHERS[name]
    nlp = blank_nlp()
    shipped, keys = patterns.phrase_matcher(nlp, name, attr, rows, sources)
    monkeypatch.setattr(patterns, "_FILE", ("compiled", "no-such-file.json"))  # every phrase is tokenized
    monkeypatch.setattr(patterns, "_loaded", [])
    tokenized, tokenized_keys = patterns.phrase_matcher(nlp, name, attr, rows, sources)
    assert keys == tokenized_keys
    # every phrase of the lexicon, upper- and lower-case, each in a sentence of its own
    phrases = [p for _, ps in rows() for p in ps]
    text = " . ".join(phrases + [p.upper() for p in phrases[::7]] + [p.lower() for p in phrases[::5]])
    doc = nlp(text)
    found = _matches(shipped, doc)
    assert found == _matches(tokenized, doc)
    assert len(found) >= len(phrases)
    # and what spaCy's documented use finds: a matcher on the pipeline's own vocabulary
    assert shipped.vocab is not nlp.vocab
    reference = PhraseMatcher(nlp.vocab, attr=attr)
    for key, key_phrases in rows():
        reference.add(key, [nlp.make_doc(phrase) for phrase in key_phrases])
    assert found == _matches(reference, doc)


def test_stale_sources_fall_back_to_the_rows_and_stale_rows_to_tokenizing(monkeypatch):
    nlp = blank_nlp()

    def shipped_with(edit, name, rows, sources):
        store = json.loads(patterns.shipped_path().read_text(encoding="utf-8"))
        edit(store["matchers"][name])
        monkeypatch.setattr(patterns, "_loaded", [store])
        return patterns._shipped(name, "LOWER", rows, sources, nlp)

    def edited_sources(entry):
        entry["sources"] = "edited"

    def edited_rows(entry):
        edited_sources(entry)
        entry["rows"][0][1] = ["a phrase no lexicon holds"]

    def other_tokenizer(entry):
        entry["tokenizer"] = "another tokenizer"

    assert shipped_with(edited_sources, "cues", cue_rows, CUE_SOURCES) is not None  # same rows
    assert shipped_with(edited_rows, "cues", cue_rows, CUE_SOURCES) is None
    assert shipped_with(other_tokenizer, "events", event_rows, EVENT_SOURCES) is None


def test_the_store_lets_go_of_each_entry_once_taken_and_a_later_pipeline_reads_the_file_again():
    first, second = blank_nlp(), blank_nlp()
    for nlp in (first, second):
        for name, (attr, rows, sources) in MATCHERS.items():
            patterns.phrase_matcher(nlp, name, attr, rows, sources)
        assert patterns.built_from == dict.fromkeys(MATCHERS, "shipped")
        assert not patterns._loaded  # nothing of the decoded file is kept


def test_the_registered_tokenizer_is_customize_tokenizer_on_a_blank_pipeline():
    made, customized = blank_nlp(), spacy.blank("en")
    customize_tokenizer(customized)
    assert patterns.tokenizer_digest(made) == patterns.tokenizer_digest(customized)
    text = "Hb>=9g/dL, age<75, ANC 1.5x10^9/L; 3xULN <3 x ULN (PT)/INR PS(Performance Status) don't"
    assert [t.text for t in made(text)] == [t.text for t in customized(text)]


def test_a_first_parse_of_cues_imports_neither_pint_nor_the_evaluator_nor_the_renderer():
    # nor numpy.ma (numpy.isin imports it: see criteria.parse.nlp.measures.members)
    code = (
        "import sys, criteria\n"
        "criteria.parse_criteria('Inclusion Criteria:\\n\\n* Age >= 18 years\\n')\n"
        "loaded = {'pint', 'criteria.evaluate', 'criteria.render', 'criteria.sql', 'numpy.ma'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
        "from criteria.parse.nlp import patterns\n"
        "assert set(patterns.built_from.values()) == {'shipped'}, patterns.built_from\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_public_names_still_import():
    import criteria

    assert callable(criteria.evaluate) and callable(criteria.render)
    assert criteria.Criteria.__name__ == "Criteria" and criteria.nodes.Age.__name__ == "Age"
    assert set(criteria.__all__) <= set(dir(criteria))
    with pytest.raises(AttributeError):
        criteria.no_such_name  # noqa: B018
