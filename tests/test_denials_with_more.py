"""Issue 11, item 4: an exclusion opening with a denial that is followed by more than the event.

"No prior systemic therapy with the exception of bisphosphonates for myeloma", "No concurrent
anticonvulsants due to brain metastases", "Patients must not be pregnant and must agree to use
contraception", "No pregnancy or lactation. Women of childbearing potential must use contraception":
the requirement form was undone only when nothing but leftover words stood beside the denial, so
these excluded every patient *without* the therapy, the drug or the pregnancy. Sentences of our own.
"""

import pytest

from criteria import parse_criteria
from evaluate_helpers import verdict_of

NOBODY = {"age": 50, "sex": "male", "conditions": [], "therapies": [], "medications": [], "procedures": [],
          "complete": ["conditions", "therapies", "medications", "procedures"]}


def _rule(body):
    return parse_criteria(f"Exclusion Criteria:\n* {body}").exclusion[0].rule


def _denials(node):
    return [n for n in node.walk() if n.kind == "not"]


@pytest.mark.parametrize("body", [
    "No prior chemotherapy with the exception of hydroxyurea given for symptom control",
    "No prior radiotherapy except palliative radiotherapy to a single bone lesion for pain",
    "Patients must not have received immunotherapy, other than vaccines given as prophylaxis",
])
def test_a_denial_with_an_exception_and_words_left_excludes_the_treated(body):
    rule = _rule(body)
    assert not _denials(rule), str(rule)
    assert verdict_of(body, NOBODY, "Exclusion") in ("not_met", "unknown")


def test_the_untreated_patient_is_not_excluded():
    body = "No prior chemotherapy with the exception of hydroxyurea given for symptom control"
    treated = {**NOBODY, "therapies": [{"name": "chemotherapy"}]}
    assert verdict_of(body, NOBODY, "Exclusion") != "met"
    assert verdict_of(body, treated, "Exclusion") != "not_met"


@pytest.mark.parametrize("body, kinds", [
    ("No concurrent anticonvulsants due to brain metastases", {"medication", "condition"}),
    ("No prior severe infusion reaction to a monoclonal antibody", {"condition", "prior_therapy"}),
])
def test_what_the_sentence_adds_to_the_denied_event_is_still_denied(body, kinds):
    rule = _rule(body)
    assert not _denials(rule), str(rule)
    assert kinds <= {n.kind for n in rule.walk()}


def test_a_second_requirement_after_the_denial_excludes_when_it_fails():
    rule = _rule("Patients must not be pregnant or breastfeeding and must agree to use adequate contraception")
    assert rule.kind == "any_of", str(rule)
    first, second = rule.items
    assert {n.name for n in first.walk() if n.kind == "reproductive"} == {"pregnancy", "breastfeeding"}
    assert not _denials(first)
    assert second.kind == "not" and second.item.name == "contraception"


def test_a_second_denial_after_the_denial_excludes_too():
    body = "Patients must not be receiving an investigational agent and must not have received radiotherapy within 4 weeks"
    rule = _rule(body)
    assert rule.kind == "any_of" and not _denials(rule), str(rule)
    irradiated = {**NOBODY, "therapies": [{"name": "radiotherapy"}]}
    assert verdict_of(body, irradiated, "Exclusion", ) != "not_met"


def test_a_first_sentence_in_requirement_form_among_sentences():
    rule = _rule("No pregnancy or lactation. Women of childbearing potential must agree to use effective contraception.")
    assert rule.kind == "any_of", str(rule)
    first, second = rule.items
    assert not _denials(first) and {n.name for n in first.walk() if n.kind == "reproductive"} == {"pregnancy", "breastfeeding"}
    assert [n.item.name for n in _denials(second)] == ["contraception"]


@pytest.mark.parametrize("body", [
    "Must not be pregnant or intend to become pregnant during the study",
    "Must not be pregnant, breastfeeding, or planning to become pregnant",
])
def test_a_planned_pregnancy_denied_excludes(body):
    rule = _rule(body)
    assert not _denials(rule), str(rule)
    assert "pregnancy_plan" in {getattr(n, "name", None) for n in rule.walk()}


@pytest.mark.parametrize("body", [
    "No candidate for curative resection of the liver metastases",
    "Not able to provide informed consent",
    "Not practicing adequate contraception",
])
def test_a_denial_that_states_the_requirement_keeps_its_reading(body):
    assert _denials(_rule(body)), body


def test_each_clause_in_requirement_form_is_read_on_its_own():
    rule = _rule("Patient must not undergo concurrent radiotherapy or chemotherapy; "
                 "patient must not be receiving any other investigational agent")
    assert rule.kind == "any_of" and not _denials(rule), str(rule)
    names = {n.name for n in rule.walk() if n.kind == "prior_therapy"}
    assert {"radiotherapy", "chemotherapy", "investigational_agent"} <= names


def test_a_later_sentence_in_requirement_form_excludes_what_it_denies():
    body = "Prior chemotherapy within 4 weeks. Patients must not have active hepatitis B infection."
    rule = _rule(body)
    assert not _denials(rule), str(rule)
    infected = {**NOBODY, "conditions": [{"name": "hepatitis B infection", "status": "active"}]}
    assert verdict_of(body, infected, "Exclusion") == "met"
    assert verdict_of(body, NOBODY, "Exclusion") == "not_met"


@pytest.mark.parametrize("body", ["Not have cancer that affects the central nervous system",
                                  "Not be taking insulin or oral hypoglycemic agents"])
def test_a_bare_not_before_a_verb_prohibits(body):
    assert not _denials(_rule(body)), str(_rule(body))


@pytest.mark.parametrize("body", ["Not on a stable dose of a statin for 4 weeks",
                                  "Not able to swallow tablets"])
def test_a_bare_not_before_a_state_keeps_its_reading(body):
    assert _denials(_rule(body)), str(_rule(body))


@pytest.mark.parametrize("body", [
    "Patients must have an ECOG performance status of 0 to 2",
    "Must be able to swallow tablets",
    "Patients must have adequate renal function (creatinine < 1.5 x ULN)",
])
def test_a_requirement_of_everyone_under_an_exclusion_heading_excludes_who_fails_it(body):
    rule = _rule(body)
    assert rule.kind == "not", str(rule)


def test_failing_the_requirement_is_what_excludes():
    body = "Patients must have an ECOG performance status of 0 to 2"
    def scored(value):
        return {**NOBODY, "performance_status": {"scale": "ECOG", "value": value}}
    assert verdict_of(body, scored(3), "Exclusion") == "met"
    assert verdict_of(body, scored(1), "Exclusion") == "not_met"


@pytest.mark.parametrize("body", [
    "Patients should stop using herbal medications 7 days prior to the first dose",
    "Patients must have discontinued all growth factors at least 1 week before study",
    "Subjects must abstain from grapefruit juice",
    "Patients must agree not to receive live vaccines",
    "Should a woman become pregnant, she must inform her physician",
    "Patients must be willing to record blood pressure if receiving cediranib",
    "Patients should be excluded if they have active hepatitis",
])
def test_an_instruction_a_case_or_a_verdict_is_not_turned_around(body):
    rule = _rule(body)
    assert rule is None or rule.kind != "not" or str(rule) == str(
        parse_criteria(f"Inclusion Criteria:\n* {body}").inclusion[0].rule), str(rule)


# --- inclusions: the "No" reaches the rest of its sentence ----------------------------------------

def _inclusion(body):
    return parse_criteria(f"Inclusion Criteria:\n* {body}").inclusion[0].rule


@pytest.mark.parametrize("body", [
    "No other concurrent participation in another study of an investigational agent",
    "No known hypersensitivity to olanzapine",
    "No prior chemotherapy for metastatic disease",
])
def test_in_an_inclusion_what_the_sentence_adds_is_denied_with_the_event(body):
    rule = _inclusion(body)
    assert rule.kind == "not", str(rule)


def test_a_patient_with_nothing_recorded_meets_the_denial():
    body = "No other concurrent participation in another study of an investigational agent"
    assert verdict_of(body, NOBODY) == "met"


def test_a_list_after_the_denied_event_is_denied_as_alternatives():
    rule = _inclusion("No unstable angina, clinically apparent jaundice, or active infection")
    assert rule.kind == "not" and rule.item.kind == "any_of", str(rule)


def test_a_reason_after_the_denial_is_asserted():
    rule = _inclusion("No reproductive potential because of menopause or hysterectomy")
    assert rule.kind == "all_of" and rule.items[0].kind == "not", str(rule)
