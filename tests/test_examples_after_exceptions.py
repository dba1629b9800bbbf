"""Issue 11, items 1 and 10: examples after an exception aside are examples of the term, not of the exception.

"Active liver disease (other than fatty liver), including hepatitis B or C": the examples name kinds
of liver disease; fatty liver stays carved out. Read from the nearest event before "including", the
fatty liver had become the first example and the liver disease a requirement beside the list, so
the exclusion ruled out only patients with liver disease and fatty liver or hepatitis. Sentences of
our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of


def _names(node):
    return [getattr(n, "name", None) for n in node.walk() if n.kind == "condition"]


@pytest.mark.parametrize("body, term, examples, carved", [
    ("Active liver disease (other than fatty liver), including hepatitis B or hepatitis C",
     "liver_disease", ["hepatitis_b", "hepatitis_c"], "fatty_liver"),
    ("Heart disease (other than hypertension), such as heart failure or angina",
     "heart_disease", ["congestive_heart_failure", "angina"], "hypertension"),
    ("Active liver disease (except fatty liver) including hepatitis B", "liver_disease", ["hepatitis_b"], "fatty_liver"),
])
def test_the_term_or_its_examples_with_the_exception_kept(body, term, examples, carved):
    rule = criterion_of(body, "Exclusion").rule
    assert rule.kind == "except", str(rule)
    assert rule.item.kind == "any_of", str(rule)
    named = _names(rule.item)
    assert term in named[0] and all(any(e in n for n in named) for e in examples), named
    assert any(carved in n for e in rule.exceptions for n in _names(e)), str(rule.exceptions)


def test_a_patient_with_an_example_alone_is_excluded():
    body = "Active liver disease (other than fatty liver), including hepatitis B or hepatitis C"
    profile = {"age": 50, "sex": "male", "conditions": [{"name": "hepatitis C", "status": "active"}],
               "medications": [], "therapies": [], "complete": ["conditions", "medications", "therapies"]}
    assert verdict_of(body, profile, "Exclusion") == "met"
    fatty = {**profile, "conditions": [{"name": "fatty liver", "status": "active"}]}
    assert verdict_of(body, fatty, "Exclusion") == "not_met"


def test_examples_without_an_exception_are_read_as_before():
    rule = criterion_of("Arterial thrombosis (e.g., stroke or transient ischemic attack)", "Exclusion").rule
    assert rule.kind == "any_of" and len(rule.items) == 3, str(rule)
