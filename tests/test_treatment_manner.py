"""How a condition was treated or cured is its status (issue 11, items 5 and 7): "except curatively
excised basal cell carcinoma", "other than successfully-treated carcinoma in situ", "unless presumed
cured" left the manner word (or "resected", "excised", "cured" themselves) unread beside the
exception, so the exception could never be settled and a patient whose only cancer was a cured
skin cancer stayed "unknown". A word saying the treatment fell short is not read as treated.
Sentences of our own."""

from __future__ import annotations

import pytest

import criteria


def _rule(text: str, section: str = "Exclusion"):
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria()).rule


def _named(rule, name):
    return [n for n in rule.walk() if n.kind == "condition" and n.name == name]


@pytest.mark.parametrize("text, status", [
    ("Any prior cancer except curatively excised basal cell carcinoma", "treated"),
    ("Prior malignancy other than successfully-treated basal cell carcinoma of the skin", "treated"),
    ("Second cancer, except fully resected basal cell skin carcinoma", "treated"),
    ("Other malignancy with the exception of surgically excised nonmelanomatous skin cancer", "treated"),
    ("Prior malignancy except entirely cured non-melanoma skin carcinoma", "resolved"),
    ("Other malignancy except basal cell cancer that was cured", "resolved"),
])
def test_the_manner_of_treatment_is_the_exceptions_status(text, status):
    rule = _rule(text)
    assert rule.kind == "except", text
    (skin,) = _named(rule.exceptions[0], "non_melanoma_skin_cancer")
    assert status in skin.status
    assert not any(n.kind == "unparsed" for n in rule.walk())


@pytest.mark.parametrize("text", ["Incompletely resected primary tumour", "Partially excised melanoma"])
def test_a_treatment_that_fell_short_is_not_read_whole(text):
    rule = _rule(text, "Inclusion")
    leftover = " ".join(n.text.lower() for n in rule.walk() if n.kind == "unparsed")
    assert "completely" in leftover or "partially" in leftover


@pytest.mark.parametrize("text", ["Inadequately treated hypertension", "Insufficiently treated hypothyroidism"])
def test_inadequately_treated_is_uncontrolled_not_treated(text):
    (condition,) = [n for n in _rule(text).walk() if n.kind == "condition"]
    assert condition.status == ("uncontrolled",)


def test_not_adequately_treated_is_still_not_its_opposite():
    assert not any("untreated" in getattr(n, "status", ())
                   for n in _rule("Tuberculosis not adequately treated").walk())
