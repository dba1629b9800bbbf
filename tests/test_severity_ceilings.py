"""A ceiling on a toxicity's grade in an inclusion asks for nothing worse (issue 11: say what the
text says): "peripheral neuropathy <= grade 1" is met by a patient with no neuropathy. A
histologic grade bounds the cancer the patient must have; exclusions keep the bound as written.
Sentences of our own; each reading is checked on the tree and by evaluation."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.tree.nodes import Not

AS_OF = date(2026, 3, 2)


def _criterion(text: str, section: str = "Inclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n* {text}\n")
    return tree, (tree.inclusion or tree.exclusion)[0]


def _verdict(text: str, conditions: list) -> str:
    tree, criterion = _criterion(text)
    result = criteria.evaluate(tree, {"complete": ["conditions"], "conditions": conditions}, AS_OF)
    return result.verdict(criterion.id).value


@pytest.mark.parametrize("text", [
    "Peripheral neuropathy <= grade 1",
    "Diarrhea < grade 2",
    "Grade 2 or lower nausea",
])
def test_a_ceiling_on_a_toxicity_asks_for_nothing_worse(text):
    _, criterion = _criterion(text)
    assert isinstance(criterion.rule, Not) and criterion.rule.item.grade.op in (">", ">=")


def test_a_patient_without_the_toxicity_meets_its_ceiling_and_a_worse_one_does_not():
    text = "Peripheral neuropathy <= grade 1"
    assert _verdict(text, []) == "met"
    assert _verdict(text, [{"name": "peripheral neuropathy", "grade": 3}]) == "not_met"
    assert _verdict(text, [{"name": "peripheral neuropathy", "grade": 1}]) == "met"


@pytest.mark.parametrize("text, section", [
    ("Glioma of grade 2 or lower", "Inclusion"),      # a histologic grade: the cancer is required
    ("Peripheral neuropathy <= grade 1", "Exclusion"),  # an exclusion keeps the bound as written
])
def test_a_histologic_grade_or_an_exclusion_keeps_the_bound(text, section):
    _, criterion = _criterion(text, section)
    assert not isinstance(criterion.rule, Not)


def test_a_graded_condition_saying_whom_a_sentence_is_about_keeps_the_bound():
    _, criterion = _criterion("Subjects with <= grade 2 neuropathy are an exception to this criterion")
    assert not any(isinstance(n, Not) for n in criterion.rule.walk())


def test_a_cancer_the_lexicon_lacks_keeps_its_histologic_grade():
    """A cancer named by the field vocabulary or by its words ("chondrosarcoma") is a cancer by
    its words (lexicons/cancer_words.txt): its grade is histologic, not a toxicity's."""
    _, criterion = _criterion("Chondrosarcoma of grade 2 or lower")
    assert not isinstance(criterion.rule, Not)
