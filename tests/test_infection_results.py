"""A result word right after an infection says the patient has it: "hepatitis C positive", "HCV
infected", "human immunodeficiency virus (HIV)-positive" (lexer._infection_results). Left a word
beside the term, the criterion could never be met. Sentences of our own."""

from __future__ import annotations

import pytest

from evaluate_helpers import criterion_of, verdict_of

WITH_HIV = {"age": 40, "sex": "male", "conditions": [{"name": "HIV infection", "status": "active"}],
            "complete": ["conditions"]}
WITHOUT = {"age": 40, "sex": "male", "conditions": [], "complete": ["conditions"]}


@pytest.mark.parametrize("body, name", [
    ("Known to be hepatitis C positive", "hepatitis_c"),
    ("HCV infected subjects", "hepatitis_c"),
    ("HIV infected", "hiv_infection"),
    ("Human immunodeficiency virus (HIV)-positive patients are excluded", "hiv_infection"),
    ("Patients known to be human immunodeficiency virus (HIV) positive", "hiv_infection"),
    ("Human immunodeficiency virus (HIV)-infected patients", "hiv_infection"),
])
def test_a_result_word_after_an_infection_is_that_infection(body, name):
    rule = criterion_of(body, "Exclusion").rule
    assert [n.name for n in rule.walk() if n.kind == "condition"] == [name], str(rule)
    assert not any(n.kind == "unparsed" for n in rule.walk()), str(rule)


@pytest.mark.parametrize("body, profile, verdict", [
    ("Human immunodeficiency virus (HIV)-positive patients", WITH_HIV, "met"),
    # a positive test need not be on a list of diagnoses, as "HIV positivity" reads: silence is unknown
    ("Human immunodeficiency virus (HIV)-positive patients", WITHOUT, "unknown"),
    ("Human immunodeficiency virus (HIV)-infected patients", WITH_HIV, "met"),
    ("Human immunodeficiency virus (HIV)-infected patients", WITHOUT, "not_met"),
])
def test_the_patient_with_the_infection_is_the_one_excluded(body, profile, verdict):
    assert verdict_of(body, profile, "Exclusion") == verdict


def test_a_serology_is_a_positive_test():
    rule = criterion_of("Human immunodeficiency virus (HIV) seropositivity", "Exclusion").rule
    assert rule.kind == "condition" and "positive_test" in rule.status, str(rule)


def test_a_negative_result_is_no_infection():
    rule = criterion_of("HIV negative", "Inclusion").rule
    assert rule.kind == "not", str(rule)


def test_a_permission_of_its_own_is_no_exception_to_an_unrelated_bullet_before_it():
    # the NCI wording: read as an exception, HIV-infected patients were exempt from the creatinine bound
    from criteria import parse_criteria
    from criteria.tree.nodes import Except

    tree = parse_criteria(
        "Inclusion Criteria:\n\n"
        "* Creatinine =< 1.5 x institutional ULN\n"
        "* Human immunodeficiency virus (HIV)-infected patients on effective anti-retroviral therapy with "
        "undetectable viral load within 6 months are eligible for this trial\n")
    creatinine, hiv = tree.inclusion
    assert not isinstance(creatinine.rule, Except) and not creatinine.subcriteria
    assert hiv.role == "criterion"
    assert any(n.kind == "permitted" for n in hiv.rule.walk()), str(hiv.rule)


# --- an infection defined by its test, in a parenthesis (compose/infection_definitions.py) -----------

BODY = ("Known history of hepatitis B (defined as HBsAg reactive) or known active hepatitis C virus "
        "(defined as HCV RNA [qualitative] is detected) infection")
WITH_HBV = {"age": 40, "sex": "male", "conditions": [{"name": "chronic hepatitis B"}], "complete": ["conditions"]}


def test_an_infection_defined_by_its_test_is_one_alternative_of_the_list():
    """The unread parenthesis had kept the "or" from the list (both infections required, so a patient
    with hepatitis B alone was not excluded), and the "infection" after it was a third condition."""
    criterion = criterion_of(BODY, "Exclusion")
    assert criterion.rule.kind == "any_of", str(criterion.rule)
    assert sorted(n.name for n in criterion.rule.walk() if n.kind == "condition") == ["hepatitis_b", "hepatitis_c"]
    assert [r.about for r in criterion.remarks] == ["method", "method"]
    assert verdict_of(BODY, WITH_HBV, "Exclusion") == "met"
    assert verdict_of(BODY, WITHOUT, "Exclusion") == "not_met"


def test_a_parenthesis_with_other_words_stays_unread_but_does_not_end_the_list():
    body = "Hepatitis B (defined as reactive after a long walk) or HIV infection"
    criterion = criterion_of(body, "Exclusion")
    assert any(n.kind == "unparsed" for n in criterion.rule.walk())
    assert any(n.kind == "any_of" for n in criterion.rule.walk()), str(criterion.rule)
    assert not any(r.about == "method" for r in criterion.remarks)
