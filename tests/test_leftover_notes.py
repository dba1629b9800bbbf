"""Words that say how a finding shows or is established ("cytologic", "clinically evident", "shows
evidence of", "clinical signs of"), "presence of" (having it), and a study phase in parentheses
naming the part a criterion is for are notes on the criterion, not `unparsed` text keeping a
criterion that clearly holds from `met` (issue 11, item 5). A word that asks something stays."""

from __future__ import annotations

from datetime import date

import pytest

import criteria

AS_OF = date(2026, 3, 2)


def _criterion(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return (tree.inclusion or tree.exclusion)[0]


def _unparsed(text: str, section: str = "Exclusion") -> list[str]:
    return [n.text for n in _criterion(text, section).rule.walk() if n.kind == "unparsed"]


def _remarks(text: str, section: str = "Exclusion") -> list[str]:
    return [r.text.lower() for r in _criterion(text, section).remarks]


@pytest.mark.parametrize("text, note", [
    ("Cytologic confirmation of ovarian cancer", "cytologic confirmation"),
    ("Histopathologic or cytologic evidence of gastric cancer", "histopathologic or cytologic"),
    ("Pathologic diagnosis of melanoma", "pathologic"),
    ("Clinically evident pleural effusion", "clinically evident"),
    ("Clinical signs of pneumonia", "clinical signs"),
    ("Shows evidence of hepatitis C", "shows"),
])
def test_a_word_of_method_is_a_note(text, note):
    assert _unparsed(text) == []
    assert any(note in remark for remark in _remarks(text))


def test_presence_of_a_condition_is_the_condition():
    assert _unparsed("Presence of ascites") == []
    assert _unparsed("Presence or history of pancreatitis") == []


def test_a_phase_in_parentheses_names_the_part_it_is_for():
    assert _unparsed("No prior chemotherapy for metastatic disease (phase II)", "Inclusion") == []
    assert "phase ii" in _remarks("No prior chemotherapy for metastatic disease (phase II)", "Inclusion")


def test_a_word_that_asks_something_stays_beside_the_note():
    # "recurrent" narrows the cancer; "clinically evident" only says how it shows
    left = _unparsed("Clinically evident recurrent disease beside ascites")
    assert left and all("evident" not in t.lower() for t in left)


def test_a_condition_with_its_method_note_is_met():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Clinically evident pleural effusion\n")
    patient = {"age": 60, "sex": "male", "conditions": [{"name": "pleural effusion", "status": "active"}],
               "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, AS_OF).verdict("E1").value == "met"
