"""Issue 11, items 1 and 7: a procedure written with a generic head is that procedure.

"Previous CABG surgery", "cardiac ablation procedure within 3 months": read as two procedures, any
surgery was asked besides the named one (an "all of" that a patient whose only record is the CABG
could not settle), and "procedure" was left over. A shared head is still read from the term's own
words: "coronary or peripheral artery revascularization procedure" is two revascularizations.
Sentences of our own."""

import pytest

from evaluate_helpers import exclusion_rule, verdict_of


@pytest.mark.parametrize("body, name", [
    ("Previous CABG surgery", "coronary_artery_bypass_graft"),
    ("Cardiac ablation procedure within 3 months", "cardiac_ablation"),
    ("Patients scheduled for laparoscopic appendectomy surgery", "laparoscopic_appendectomy"),
])
def test_the_named_procedure_alone(body, name):
    rule = exclusion_rule(body)
    assert rule.kind == "procedure" and rule.name == name, str(rule)


def test_a_shared_head_is_still_read_from_the_terms_words():
    rule = exclusion_rule("Coronary or peripheral artery revascularization procedure within 2 months")
    assert rule.kind == "any_of", str(rule)
    assert [n.name for n in rule.items] == ["coronary_revascularization", "peripheral_artery_revascularization"]


def test_a_patient_whose_record_names_the_procedure_is_excluded():
    patient = {"age": 70, "sex": "male", "procedures": [{"name": "coronary_artery_bypass_graft"}],
               "complete": ["conditions", "therapies", "medications", "procedures"]}
    assert verdict_of("Previous CABG surgery", patient, "Exclusion") == "met"
    assert verdict_of("Previous CABG surgery", {**patient, "procedures": []}, "Exclusion") == "not_met"
