"""Issue 11, item 4 (negation): a negative result written before what was tested for.

"Negative hepatitis B surface antigen", "negative ELISA for HIV", "negative urine screen for drugs
of abuse": the result is the absence of the infection or the drug use. The lexer had read the test
words as a finding ("surface antigen" makes a positive test) and left "negative" a plain word, so an
inclusion asked every patient for the infection. Sentences of our own."""

import pytest

from evaluate_helpers import rule_of, verdict_of


def _denied(rule):
    """Condition names under a negation, and those standing free of one."""
    under = {id(n) for d in rule.walk() if d.kind == "not" for n in d.item.walk()}
    conditions = [n for n in rule.walk() if n.kind == "condition"]
    return ({n.name for n in conditions if id(n) in under}, {n.name for n in conditions if id(n) not in under})


@pytest.mark.parametrize("body, name", [
    ("Negative hepatitis C antibody at the screening visit", "hepatitis_c"),
    ("Negative hepatitis B surface antigen", "hepatitis_b"),
    ("A negative ELISA for HIV within 30 days", "hiv_infection"),
    ("Negative serology for HIV", "hiv_infection"),
    ("Negative serum PCR test for hepatitis C", "hepatitis_c"),
    ("Negative CMV serology", "cmv_infection"),
    ("Negative urine screen for drugs of abuse", "illicit_drug_use"),
    ("Seronegative for hepatitis C antibody", "hepatitis_c"),
    ("Negative screening tests for HIV", "hiv_infection"),  # "screening" read as the anchor first
])
def test_a_negative_result_denies_what_was_tested_for(body, name):
    rule = rule_of(body)
    denied, free = _denied(rule)
    assert denied == {name} and not free, str(rule)
    assert not [n for n in rule.walk() if n.kind == "unparsed"], str(rule)


@pytest.mark.parametrize("body", [
    "Negative test at screening",  # what the test is for is not said
    "HBeAg negative hepatitis B",  # a kind of the infection, named by its test
])
def test_without_an_infection_or_drug_use_no_negation_is_made(body):
    rule = rule_of(body)
    assert not any(n.kind == "not" for n in rule.walk()), str(rule)


def test_a_positive_result_stays_a_finding():
    rule = rule_of("Positive hepatitis B surface antigen", "Exclusion")
    denied, free = _denied(rule)
    assert free == {"hepatitis_b"} and not denied, str(rule)


def test_patients_with_and_without_the_infection():
    healthy = {"age": 40, "sex": "male", "conditions": [], "complete": ["conditions"]}
    infected = {**healthy, "conditions": [{"name": "hepatitis_c", "status": "active"}]}
    assert verdict_of("Negative ELISA for hepatitis C", healthy) == "met"
    assert verdict_of("Negative ELISA for hepatitis C", infected) == "not_met"
    # an antibody test's result is not a diagnosis a complete record must hold: unknown, not met
    assert verdict_of("Negative hepatitis C antibody test at screening", healthy) == "unknown"
    assert verdict_of("Negative hepatitis C antibody test at screening", infected) == "not_met"
