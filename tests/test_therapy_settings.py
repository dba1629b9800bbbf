"""The stage of disease a therapy treated ("for metastatic disease", "in the advanced setting") is
the therapy's qualifier of intent, not text beside it (parse/compose/settings.py; issue 11, item 7).
Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.render import render

AS_OF = date(2026, 3, 2)


def _criterion(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return (tree.inclusion or tree.exclusion)[0]


def _therapies(text: str, section: str = "Exclusion"):
    return [n for n in _criterion(text, section).rule.walk() if n.kind in ("prior_therapy", "medication")]


def _unparsed(text: str, section: str = "Exclusion") -> list[str]:
    return [n.text for n in _criterion(text, section).rule.walk() if n.kind == "unparsed"]


@pytest.mark.parametrize("text, values", [
    ("Prior chemotherapy for metastatic disease", ("metastatic",)),
    ("No more than 2 prior chemotherapy regimens in the metastatic setting", ("metastatic",)),
    ("Prior systemic therapy for locally advanced or metastatic disease", ("locally advanced", "metastatic")),
    ("At most 3 prior lines of endocrine therapy for advanced/metastatic disease", ("advanced", "metastatic")),
    ("Hormonal therapy for recurrent or metastatic disease", ("recurrent", "metastatic")),
    ("Prior chemotherapy (for unresectable disease)", ("advanced",)),
])
def test_the_setting_is_the_therapys_qualifier(text, values):
    therapies = _therapies(text)
    assert therapies and all(
        any(q.axis == "intent" and q.values == values for q in t.qualifiers) for t in therapies), therapies
    assert _unparsed(text) == []


def test_every_therapy_of_a_list_was_given_in_the_setting():
    therapies = _therapies("Received radiotherapy, chemotherapy or targeted therapy for advanced or metastatic disease")
    assert [t.name for t in therapies] == ["radiotherapy", "chemotherapy", "targeted_therapy"]
    assert all(t.qualifiers and t.qualifiers[-1].values == ("advanced", "metastatic") for t in therapies)


def test_a_denied_therapy_keeps_its_setting_under_the_denial():
    rule = _criterion("No prior chemotherapy for metastatic disease", "Inclusion").rule
    assert rule.kind == "not" and rule.item.kind == "prior_therapy"
    assert rule.item.qualifiers[0].values == ("metastatic",)


@pytest.mark.parametrize("text", [
    "Prior endocrine therapy for advanced breast cancer",  # the cancer treated is said too: no field holds it
    "Prior chemotherapy for metastatic disease to the liver",
])
def test_words_that_say_more_than_a_setting_stay_unread(text):
    assert _unparsed(text), _criterion(text).rule


def test_the_setting_is_said_after_the_therapy():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Prior chemotherapy for metastatic disease\n")
    assert "chemotherapy for metastatic disease" in render(tree, "patient")
    assert "chemotherapy for metastatic disease" in render(tree, "clinician")


@pytest.mark.parametrize("therapy, verdict", [
    ("FOLFOX for metastatic colon cancer", "met"),
    ("adjuvant FOLFOX", "not_met"),  # given after surgery, not for metastatic disease
    ("FOLFOX", "unknown"),  # the record does not say
])
def test_a_record_of_the_setting_matches_one_of_adjuvant_does_not(therapy, verdict):
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Prior chemotherapy for metastatic disease\n")
    patient = {"age": 60, "sex": "female", "therapies": [{"name": therapy, "classes": ["chemotherapy"]}],
               "complete": ["therapies"]}
    assert criteria.evaluate(tree, patient, AS_OF).verdict("E1").value == verdict


def test_a_setting_after_a_closing_bracket_is_not_the_bracketed_therapys():
    # "(… single-agent chemotherapy) in the metastatic setting": the lines of therapy were, not the aside
    text = "At least two lines of therapy (a line can be single-agent chemotherapy) in the metastatic setting"
    assert not any(t.name == "chemotherapy" and t.qualifiers for t in _therapies(text, "Inclusion"))
