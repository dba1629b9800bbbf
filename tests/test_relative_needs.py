"""Issue 11, items 3 and 7: "a malignancy that requires treatment" says how severe it is, as "requiring" does.

"Has rheumatoid arthritis which requires treatment", "cardiac arrhythmias that require immediate
treatment", "another malignancy, which requires systemic treatment": the relative clause says the
condition needs treatment (the condition's status ``needs_treatment``), exactly as "requiring
treatment" does; it asks for no current therapy. The relative word had been left over, so the
criterion stayed unread, or the treatment had become a current therapy required beside the
condition. A status read after the last member of a list ("known active hepatitis A, B, or C
infection requiring treatment") no longer keeps the list's leading statuses from that member.
Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of


def _conditions(body, section="Exclusion"):
    rule = criterion_of(body, section).rule
    return rule, [n for n in rule.walk() if n.kind == "condition"]


@pytest.mark.parametrize("body, participle", [
    ("Has rheumatoid arthritis which requires treatment", "Has rheumatoid arthritis requiring treatment"),
    ("Cardiac arrhythmias that require immediate treatment", "Cardiac arrhythmias requiring immediate treatment"),
    ("Another active malignancy, which requires systemic treatment", "Another active malignancy requiring systemic treatment"),
    ("Active autoimmune disease that required systemic treatment", "Active autoimmune disease requiring systemic treatment"),
])
def test_a_relative_clause_of_need_is_the_conditions_severity(body, participle):
    rule, _ = _conditions(body)
    assert rule.kind == "condition", str(rule)
    assert "needs_treatment" in rule.status, str(rule)
    same, _ = _conditions(participle)
    assert rule.model_dump(exclude={"span"}) == same.model_dump(exclude={"span"})


def test_a_named_drug_after_the_clause_stays_a_drug_and_the_comma_no_list():
    rule, _ = _conditions("Infection, which requires IV antibiotics")
    assert rule.kind == "all_of", str(rule)  # not "infection, or IV antibiotics"
    assert {n.kind for n in rule.items} == {"condition", "medication"}


@pytest.mark.parametrize("body", [
    "Known active hepatitis A, B, or C infection requiring treatment",
    "Active bacterial, viral, or fungal infection requiring treatment",
])
def test_a_status_read_after_the_last_member_keeps_the_leading_ones(body):
    rule, conditions = _conditions(body)
    assert rule.kind == "any_of" and len(conditions) == 3, str(rule)
    last = conditions[-1]
    assert "active" in last.status and "needs_treatment" in last.status, str(last)


def test_a_patient_with_an_untreated_arrhythmia_record_is_not_excluded_by_a_therapy():
    body = "Cardiac arrhythmias that require immediate treatment"
    nobody = {"age": 50, "sex": "male", "conditions": [], "medications": [], "therapies": [],
              "complete": ["conditions", "medications", "therapies"]}
    assert verdict_of(body, nobody, "Exclusion") == "not_met"


@pytest.mark.parametrize("body", [
    "Any other malignancy requiring active therapy",
    "Arrhythmia requiring chronic treatment",
    "Autoimmune disease requiring ongoing therapy",
    "Uncontrolled autoimmune disease requiring active systemic treatment",
])
def test_a_qualifier_the_cue_lexicon_reads_as_a_status_still_qualifies_the_treatment(body):
    """"Active", "chronic", "ongoing" are statuses to the cue lexicon: between "requiring" and the
    treatment they had stopped its reading, and "requiring active" was left over (or the treatment asked)."""
    rule, conditions = _conditions(body)
    assert rule.kind == "condition", str(rule)
    assert "needs_treatment" in conditions[0].status


@pytest.mark.parametrize("body", [
    "Active inflammatory disease that has required systemic treatment in the past 3 years",
    "Autoimmune hepatitis which has required systemic therapy in the last 2 years",
])
def test_a_disease_that_has_required_treatment_needed_it_no_anticancer_therapy_is_asked(body):
    rule, conditions = _conditions(body)
    assert rule.kind == "condition" and "needs_treatment" in rule.status, str(rule)
    assert rule.window is not None and rule.window.relation == "before"
    assert not any(n.kind == "prior_therapy" for n in rule.walk())  # "systemic treatment" had been an anticancer therapy


def test_a_patient_on_thyroxine_alone_is_not_excluded_by_the_note_on_replacement_therapy():
    body = ("Active autoimmune disease that has required systemic treatment in the past 2 years. Replacement "
            "therapy (e.g. levothyroxine, insulin, or physiologic corticosteroid replacement, etc.) is not "
            "considered a form of systemic treatment.")
    criterion = criterion_of(body, "Exclusion")
    assert criterion.rule.kind == "condition", str(criterion.rule)
    assert any("not considered" in r.text for r in criterion.remarks)
    profile = {"conditions": [], "medications": [{"name": "levothyroxine"}], "complete": ["conditions", "medications"]}
    assert str(verdict_of(body, profile, "Exclusion").value) == "not_met"


def test_a_criterion_that_asks_is_no_note_however_it_ends():
    body = "Active autoimmune disease that has required systemic treatment (replacement therapy is not considered a form of systemic treatment"
    assert criterion_of(body, "Exclusion").rule is not None
