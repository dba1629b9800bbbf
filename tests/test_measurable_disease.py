"""Issue 11, item 7: "measurable" before a disease term is measurable disease, beside the disease.

"Measurable metastatic breast cancer", "measurable cancer", "measurable brain metastases": left a
word, "measurable" blocked every verdict; dropped, the reading would ask for any metastatic breast
cancer, measurable or not. Sentences of our own."""

import pytest

from evaluate_helpers import rule_of, verdict_of


@pytest.mark.parametrize("body, other", [
    ("Measurable metastatic breast cancer", "breast_cancer"),
    ("Measurable cancer", "malignancy"),
    ("Patients must have measurable brain metastases", "cns_metastases"),
])
def test_measurable_before_a_disease_is_measurable_disease_beside_it(body, other):
    rule = rule_of(body)
    assert rule.kind == "all_of"
    assert sorted(n.name for n in rule.items) == sorted(["measurable_disease", other])


def test_statuses_before_measurable_stay_with_the_disease():
    rule = rule_of("Metastatic or unresectable measurable cancers")
    assert not any(n.kind == "condition" and n.name == "measurable_disease" and n.status for n in rule.walk())


def test_a_patient_with_measurable_metastatic_breast_cancer_meets_it():
    patient = {"conditions": [{"name": "metastatic breast cancer", "qualifiers": ["metastatic"]},
                              {"name": "measurable disease"}], "complete": ["conditions"]}
    assert verdict_of("Measurable metastatic breast cancer", patient) == "met"
