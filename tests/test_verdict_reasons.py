"""Issue 11, items 4 and 7: a verdict and the reason given for it.

"Pregnant women are excluded from this study because <drug> is an agent with the potential for
teratogenic effects": the group before the verdict is what excludes; the reason says why. Read as more
of the criterion, the drug in the reason had become a second requirement, and a pregnant woman who had
never taken it was not excluded. "This clinical trial" is the study itself, never another trial taken
part in before. Sentences of our own."""

import pytest

from criteria import parse_criteria
from evaluate_helpers import verdict_of

NOBODY = {"age": 50, "sex": "female", "pregnant": False, "breastfeeding": False, "conditions": [],
          "medications": [], "therapies": [], "complete": ["conditions", "medications", "therapies"]}
PREGNANT = {**NOBODY, "pregnant": True}


def _rule(body, section="Exclusion"):
    tree = parse_criteria(f"{section} Criteria:\n* {body}")
    return (tree.exclusion if section == "Exclusion" else tree.inclusion)[0]


@pytest.mark.parametrize("body", [
    "Pregnant women are excluded from this study because zolbitinib is an agent with the potential for teratogenic effects",
    "Pregnant women are excluded from the study because of the potential for abortifacient effects of cisplatin",
    "Pregnant women will be excluded due to the unknown effects of paclitaxel on the fetus",
    "Pregnant women are ineligible since the effects of radiotherapy on the fetus are unknown",
])
def test_the_reason_for_a_verdict_asks_nothing_of_the_patient(body):
    assert verdict_of(body, PREGNANT, "Exclusion") == "met", body
    assert verdict_of(body, NOBODY, "Exclusion") == "not_met", body
    criterion = _rule(body)
    reason = body[body.index(next(w for w in ("because", "due to", "since") if w in body)):]
    assert [r.about for r in criterion.remarks if r.text == reason] == ["description"], body


def test_the_reason_keeps_to_its_sentence():
    body = ("Patients with epilepsy are excluded because of the seizure risk. "
            "Patients with asthma are excluded")
    asthma = {**NOBODY, "conditions": [{"name": "asthma"}]}
    assert verdict_of(body, asthma, "Exclusion") == "met"


def test_a_reason_in_a_new_sentence_belongs_to_no_earlier_verdict():
    body = "Patients with epilepsy are excluded. Because of the bleeding risk, patients with hemophilia are excluded"
    # the reason before the second verdict is not read, but it is no reason of the first one either:
    # the hemophilia after it stays a reading of its own
    assert "bleeding_disorder" in {getattr(n, "name", None) for n in _rule(body).rule.walk()}


@pytest.mark.parametrize("body, section, pregnant, nobody", [
    # in an inclusion list a verdict with its reason is a prohibition
    ("Pregnant women are excluded from this study because docetaxel may harm the fetus", "Inclusion", "not_met", "met"),
    # a verdict may name taking part in the study
    ("Pregnant women are not eligible to participate in this trial because the safety of the drug is unknown",
     "Exclusion", "met", "not_met"),
])
def test_a_verdict_with_its_reason_rules_out_the_group(body, section, pregnant, nobody):
    assert verdict_of(body, PREGNANT, section) == pregnant
    assert verdict_of(body, NOBODY, section) == nobody


def test_this_clinical_trial_is_not_another_study():
    body = "Patients with active brain metastases should be excluded from this clinical trial"
    rule = _rule(body).rule
    assert [n.kind for n in rule.walk() if n.kind == "prior_therapy"] == []
    mets = {**NOBODY, "conditions": [{"name": "brain metastases", "status": "active"}]}
    assert verdict_of(body, mets, "Exclusion") == "met"


def test_another_clinical_trial_is_still_one():
    rule = _rule("Participation in another clinical trial within 30 days").rule
    assert "investigational_study" in {getattr(n, "name", None) for n in rule.walk()}


def test_two_verdicts_in_one_item_each_count():
    body = "Nursing patients are excluded. Pregnant patients are excluded because the effects on a fetus are unknown"
    nursing = {**NOBODY, "breastfeeding": True}
    assert verdict_of(body, nursing, "Inclusion") == "not_met"
    assert verdict_of(body, PREGNANT, "Inclusion") == "not_met"


def test_a_denial_does_not_reach_across_a_subordinate_clause():
    # the inability is to keep up fluids; the drug is when, not what is denied
    body = "Inability to maintain adequate fluid intake while taking topiramate"
    rule = _rule(body)
    assert not any(n.kind == "not" for n in rule.walk())
    never_took_it = {**NOBODY, "medications": []}
    assert verdict_of(body, never_took_it, "Exclusion") == "not_met"


@pytest.mark.parametrize("body", ["Pregnant or nursing women may not be enrolled",
                                  "Pregnant women cannot be included",
                                  "Pregnant women may not participate in this study",
                                  "Pregnant women will not be entered on this study"])
def test_a_denied_enrolment_is_a_verdict(body):
    # in an inclusion list it prohibits what it names: a woman who is not pregnant is included
    assert verdict_of(body, NOBODY, "Inclusion") == "met", body
    assert verdict_of(body, PREGNANT, "Inclusion") == "not_met", body


def test_an_enrolment_not_denied_is_no_verdict():
    rule = _rule("Patients enrolled in another clinical trial").rule
    assert "investigational_study" in {getattr(n, "name", None) for n in rule.walk()}


def test_pregnant_woman_or_nursing_woman_is_either():
    rule = _rule("Pregnant woman or nursing woman").rule
    assert rule.kind == "any_of"
