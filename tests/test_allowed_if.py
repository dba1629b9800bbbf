"""Issue 11, item 2: "allowed if" names whom a criterion is for, as "eligible if" does.

"Patients with HIV are allowed if they have an undetectable viral load", "Prior radiotherapy is permitted
provided there is no active pneumonitis", "Patients with brain metastases are eligible as long as
they are stable": in an inclusion list the people (or the past event) named first are whom the
criterion is for; for anyone else it is not applicable. Read as one ``all_of``, it had asked every
patient for HIV, for prior radiotherapy. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of


@pytest.mark.parametrize("body, population", [
    ("Patients with HIV are allowed if they have an undetectable viral load", "hiv_infection"),
    ("Prior radiotherapy is permitted provided there is no active pneumonitis", "radiotherapy"),
    ("Patients with brain metastases are eligible as long as they are not on steroids", "cns_metastases"),
    ("Patients with hepatitis B are also allowed on study if they receive antiviral therapy", "hepatitis_b"),
])
def test_the_case_named_first_is_whom_it_is_for(body, population):
    criterion = criterion_of(body)
    assert criterion.population is not None, str(criterion.rule)
    assert population in {getattr(n, "name", None) for n in criterion.population.walk()}, str(criterion.population)
    assert population not in {getattr(n, "name", None) for n in criterion.rule.walk()}, str(criterion.rule)


def test_a_patient_without_the_case_is_not_ruled_out():
    body = "Patients with HIV are allowed if they have an undetectable viral load"
    profile = {"age": 50, "sex": "male", "complete": ["conditions"], "conditions": [{"name": "asthma"}]}
    assert verdict_of(body, profile) == "not_applicable"
