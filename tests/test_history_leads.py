"""A "history of" lead kept from its events by a list or a quantifier says nothing more than they do.

"History of any of the following medications: thiazolidinediones and/or insulin within 12 weeks",
"History of any other clinically significant chronic liver disease (e.g., hemochromatosis)": the
status could not reach the terms, and the words "History of" were left as unparsed text that kept the
rule from any verdict. A record of an event is what the events ask already (a past one counts), so
the lead is a remark. Not "history of treatment for X" (the treatment is asked), nor a past measure.
Sentences of our own."""

import pytest

from criteria import parse_criteria
from evaluate_helpers import verdict_of


def _criterion(body):
    return parse_criteria(f"Exclusion Criteria:\n* {body}").exclusion[0]


@pytest.mark.parametrize("body", [
    "History of any of the following conditions: stroke, myocardial infarction",
    "History of clinically significant chronic liver disease (e.g., hemochromatosis, Wilson disease)",
])
def test_the_lead_is_a_remark(body):
    criterion = _criterion(body)
    assert not any(n.kind == "unparsed" for n in criterion.rule.walk()), str(criterion.rule)
    said = any(r.text.lower().startswith("history") for r in criterion.remarks)
    read = any("history" in (getattr(n, "status", None) or ()) for n in criterion.rule.walk())
    assert said or read  # a remark where the lead could not reach its terms, else their status


def test_a_patient_with_a_past_stroke_is_excluded():
    body = "History of any of the following conditions: stroke, myocardial infarction"
    past = {"age": 60, "sex": "male", "conditions": [{"name": "stroke", "status": "resolved"}], "complete": ["conditions"]}
    assert verdict_of(body, past, "Exclusion") == "met"


@pytest.mark.parametrize("body", [
    "History of treatment for clinically significant ventricular arrhythmia",
    "History of left ventricular ejection fraction < 45%",
    "History of any of the following medications: pioglitazone and/or insulin",
])
def test_a_lead_that_asks_more_stays(body):
    assert any(n.kind == "unparsed" for n in _criterion(body).rule.walk()), str(_criterion(body).rule)
