"""A hyphen joining two words matches a space, in our event lexicon and in the field vocabularies
(issue 11: "sickle-cell anaemia" left "sickle-cell" over beside "anaemia"); a number glued to a
name by its hyphen ("5-FU", "COVID-19") keeps it. Drug names written with their chemical locant
("5-fluorouracil", "6-mercaptopurine") are the lexicon's drugs, which the evaluator matches alike."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.vocab.hyphens import plain_phrase

AS_OF = date(2026, 3, 2)


def _rule(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return (tree.inclusion or tree.exclusion)[0].rule


def _read(text: str, section: str = "Exclusion") -> tuple[set[str], list[str]]:
    nodes = list(_rule(text, section).walk())
    return ({n.name for n in nodes if getattr(n, "name", None)},
            [n.text for n in nodes if n.kind == "unparsed"])


@pytest.mark.parametrize("phrase, plain", [
    ("non-small-cell lung cancer", "non small cell lung cancer"),
    ("sickle - cell anemia", "sickle cell anemia"),  # a vocabulary phrase: tokens joined by spaces
    ("5-fu", "5-fu"), ("covid - 19", "covid - 19"), ("her2-positive", "her2-positive"),
])
def test_only_a_hyphen_between_letters_is_a_space(phrase, plain):
    assert plain_phrase(phrase) == plain


@pytest.mark.parametrize("text, concept", [
    ("Known sickle-cell anaemia", "sickle_cell_disease"),  # lexicon lists it unhyphenated
    ("History of graft-versus-host-disease", "graft_versus_host_disease"),
    ("Prior treatment with a low-molecular-weight heparin", "heparin"),
    ("Carcinoma in-situ of the cervix", "cervical_carcinoma_in_situ"),
    ("Patients that are post menopausal", "postmenopausal"),  # listed with its hyphen
])
def test_a_hyphenated_term_is_its_concept(text, concept):
    names, left = _read(text)
    assert concept in names
    assert not any("-" in t for t in left), left


def test_a_spaced_phrase_matches_a_term_listed_with_hyphens():
    # "anti-cancer therapy" is listed with its hyphen; "anti cancer therapy" leaves no "anti" over
    names, left = _read("Toxicity of prior anti cancer therapy")
    assert "anticancer_therapy" in names and "anti" not in " ".join(left)


def test_a_dash_set_off_by_spaces_joins_nothing():
    _, left = _read("Hepatitis B - positive serology")
    assert any("positive" in t for t in left)


def test_a_hyphenated_vocabulary_condition_is_still_refused_after_non():
    # "non-diabetic": the vocabulary's condition follows "non-", which denies it
    names, _ = _read("Non-diabetic volunteers with a family history", "Inclusion")
    assert not any("diabet" in n for n in names)


@pytest.mark.parametrize("text, concept", [
    ("Prior treatment with 5-FU", "fluorouracil"),
    ("Prior treatment with 5-fluorouracil", "fluorouracil"),
    ("Current use of 6-mercaptopurine", "mercaptopurine"),
    ("Current use of 6-MP", "mercaptopurine"),
])
def test_a_drug_with_its_locant_is_the_drug(text, concept):
    names, left = _read(text)
    assert concept in names
    assert left == []


@pytest.mark.parametrize("record", ["5-FU", "fluorouracil", "5-fluorouracil"])
def test_any_spelling_of_fluorouracil_in_a_record_meets_it(record):
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Prior treatment with 5-fluorouracil\n")
    patient = {"age": 60, "sex": "male", "therapies": [{"name": record, "end": "2025-01-01"}],
               "complete": ["therapies"]}
    assert criteria.evaluate(tree, patient, AS_OF).verdict("E1").value == "met"


def test_a_hyphenated_condition_in_the_text_meets_a_record_without_hyphens():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* History of sickle-cell anemia\n")
    patient = {"age": 30, "sex": "female", "conditions": [{"name": "sickle cell disease", "status": "active"}],
               "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, AS_OF).verdict("E1").value == "met"
