"""The threshold grammar builds without conflicts; the lab marker works in a user's pipeline."""

from __future__ import annotations

import spacy

from criteria.parse.grammar.facade import STARTS, Grammar
from criteria.parse.grammar.lexer import lex
from criteria.parse.nlp import CUES_KEY, LABS_KEY, get_nlp
from criteria.parse.normalize import normalize


def test_grammar_builds_in_strict_mode():
    grammar = Grammar(strict=True)  # a new shift/reduce or reduce/reduce conflict fails here
    assert {"threshold", "performance", "life_expectancy"} <= set(STARTS)
    assert {"LAB", "UNIT", "ULN", "TIMES", "PERF", "PERF_PS", "LIFE_EXP", "METHOD"} <= grammar.terminals


def test_lab_marker_in_a_users_own_pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("criteria_labs")
    doc = nlp("Platelet count above 100 and ALT normal")
    marked = [doc[s:e].text for s, e, _ in doc.user_data[LABS_KEY]]
    assert marked == ["Platelet count", "ALT"]


def test_case_matters_for_abbreviations_only():
    doc = get_nlp()("PT and pt; Hemoglobin and HEMOGLOBIN")
    marked = [doc[s:e].text for s, e, _ in doc.user_data[LABS_KEY]]
    assert marked == ["PT", "Hemoglobin", "HEMOGLOBIN"]


def test_lexer_merges_cues_and_marks_longest_first():
    text = normalize("ANC ≥ 1.5 x 10^9/L and INR ≤ 1.5 x ULN").text
    doc = get_nlp()(text)
    lexemes = lex(doc, 0, len(doc), doc.user_data[CUES_KEY])
    assert [(lx.type, lx.value) for lx in lexemes] == [
        ("LAB", "anc"), ("CMP", ">="), ("NUM", "1.5"), ("UNIT", "10^9/L"), ("AND", "and"),
        ("LAB", "inr"), ("CMP", "<="), ("NUM", "1.5"), ("TIMES", "x"), ("ULN", "ULN"),
    ]
    assert text[lexemes[3].start : lexemes[3].end] == "x 10^9/L"
