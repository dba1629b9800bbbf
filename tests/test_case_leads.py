"""Issue 11, item 2: a criterion that opens with the case it is for, "If recently pregnant, at least
6 months postpartum", "If of childbearing potential, must use contraception", "If HIV positive, CD4
count > 350", "If a patient received major surgery, she must have recovered", is about that case
only: for anyone else it is not applicable. Only "If female," had been read so; the others asked
every patient to be of childbearing potential, to have had surgery. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of


@pytest.mark.parametrize("body, case", [
    ("If recently pregnant, they must be at least 6 months postpartum", "pregnancy"),
    ("If of child-bearing potential, must agree to use two effective methods of contraception", "childbearing_potential"),
    ("If HIV positive, CD4 count must be > 350 cells/uL", "hiv_infection"),
    ("If a patient received major surgery, she must have recovered from all side effects", "major_surgery"),
    ("If cirrhotic, must have compensated cirrhosis", "cirrhosis_of_liver"),
])
def test_the_case_opened_with_is_whom_the_criterion_is_for(body, case):
    criterion = criterion_of(body)
    assert criterion.population is not None, str(criterion.rule)
    assert case in {getattr(n, "name", None) for n in criterion.population.walk()}, str(criterion.population)


def test_a_patient_outside_the_case_is_not_ruled_out():
    body = "If HIV positive, CD4 count must be > 350 cells/uL"
    profile = {"age": 40, "sex": "male", "complete": ["conditions"], "conditions": []}
    assert verdict_of(body, profile) == "not_applicable"


def test_a_lead_that_names_no_case_is_no_population():
    criterion = criterion_of("If clinically indicated, an MRI must be performed")
    assert criterion.population is None
