"""Issue 12, item 3 ("every age form") and the numbers of issue 11: a number written in words and
restated in digits, "eighteen (18) years", "a score of five (5) or greater", "within thirty (30)
days", is one number. Read as two, the first stood alone and the bound after the parenthesis ("or
greater") and its unit were cut off, so the criterion was left unread. Sentences of our own; each
reads as its digits-only form does."""

import pytest

from conftest import without_spans
from evaluate_helpers import rule_of


@pytest.mark.parametrize("restated, plain", [
    ("Age eighteen (18) years or older", "Age 18 years or older"),
    ("ASA physical status score of four (4) or greater", "ASA physical status score of 4 or greater"),
    ("Karnofsky score of seventy (70) or greater", "Karnofsky score of 70 or greater"),
    ("Investigational drug within thirty (30) days of baseline", "Investigational drug within 30 days of baseline"),
    ("Life expectancy of at least three (3) months", "Life expectancy of at least 3 months"),
    ("No more than two (2) prior lines of chemotherapy", "No more than 2 prior lines of chemotherapy"),
    ("Age 18 (eighteen) years or older", "Age 18 years or older"),
])
def test_a_number_restated_in_digits_reads_as_the_digits(restated, plain):
    rule = rule_of(restated)
    assert not [n for n in rule.walk() if n.kind == "unparsed"], str(rule)
    assert without_spans(rule.model_dump()) == without_spans(rule_of(plain).model_dump())


def _numbers(body):
    from criteria.parse.pipeline import run_until

    read = run_until(f"Inclusion Criteria:\n* {body}", "compose").read
    return [lx.value for lexemes in read.lexemes for lx in lexemes if lx.type == "NUM"]


def test_two_different_numbers_stay_two():
    # "50 (100)" is no restatement: the parenthesis says something else, and both stay
    assert _numbers("Platelets >= 50 (100) x 10^9/L") == ["50", "100"]
    assert _numbers("Platelets >= fifty (50) x 10^9/L") == ["50"]  # the word is read as its number
