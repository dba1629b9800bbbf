"""Issue 11, items 3 and 7: what a recovery is from.

"Recovered from infection", "resolution of any polyuria or ketoacidosis": the condition named is
what must have resolved; it had been read as "no active toxicity", whatever the text named.
"Resolution of treatment-related toxicities except alopecia" had required the toxicity itself (the
bare "resolution of" was no cue). A therapy or a graded toxicity after the cue keeps the toxicity
reading. In an exclusion list a recovery is read only where it is asked ("must have had resolution
of …"); "may be rescreened after resolution of the infection" says when to come back. Sentences of
our own."""

import pytest

from criteria import parse_criteria
from evaluate_helpers import verdict_of


def _rule(body, section="Inclusion"):
    tree = parse_criteria(f"{section} Criteria:\n* {body}")
    return (tree.inclusion or tree.exclusion)[0].rule


def _denied_names(rule):
    return {n.name for d in rule.walk() if d.kind == "not" for n in d.item.walk() if n.kind == "condition"}


@pytest.mark.parametrize("body, name", [
    ("Recovered from pneumonia", "pneumonia"),
    ("Complete resolution of any diabetic ketoacidosis", "diabetic_ketoacidosis"),
    ("Patient must have recovered from herpes zoster", "herpes_zoster"),
])
def test_the_condition_named_is_what_recovers(body, name):
    rule = _rule(body)
    assert rule.kind == "not", str(rule)
    assert _denied_names(rule) == {name}, str(rule)


def test_a_patient_whose_condition_is_over_meets_it():
    body = "Recovered from pneumonia"
    past = {"age": 40, "sex": "female", "conditions": [{"name": "pneumonia", "status": "resolved"}], "complete": ["conditions"]}
    ill = {**past, "conditions": [{"name": "pneumonia", "status": "active"}]}
    assert verdict_of(body, past) == "met"
    assert verdict_of(body, ill) == "not_met"


@pytest.mark.parametrize("body", [
    "Resolution of treatment-related toxicities except alopecia",
    "Patients must have had resolution of acute treatment-related toxicities to baseline",
    "Recovered from prior chemotherapy",
    "Recovered from grade 2 neuropathy",
])
def test_a_toxicity_or_its_cause_keeps_the_toxicity_reading(body):
    rule = _rule(body)
    assert "toxicity" in _denied_names(rule), str(rule)


@pytest.mark.parametrize("body", [
    "More than 30 days since prior radiotherapy and recovered (alopecia allowed)",
    "At least 21 days since prior chemotherapy and recovered (solid tumors)",
])
def test_a_condition_in_a_parenthesis_after_the_cue_is_not_what_recovers(body):
    assert _denied_names(_rule(body)) == {"toxicity"}, str(_rule(body))


def test_an_exclusion_that_says_when_to_come_back_is_no_requirement_to_recover():
    rule = _rule("Respiratory tract infection within 4 weeks. Subjects may be rescreened after resolution of the infection.",
                 "Exclusion")
    assert not _denied_names(rule), str(rule)


def test_an_exclusion_that_asks_the_recovery_excludes_the_unrecovered():
    rule = _rule("Patients must have had resolution of acute treatment-related toxicities to baseline", "Exclusion")
    assert rule.kind == "condition" and rule.name == "toxicity", str(rule)


@pytest.mark.parametrize("body", [
    "Recovered from all toxicities of prior chemotherapy except alopecia",
    "Resolution of all acute toxic effects (excluding alopecia) of prior anticancer therapy to grade 1 or less",
    "Patients should have recovered from the acute adverse effects of prior therapies (excluding alopecia)",
])
def test_what_a_recovery_excepts_stays_its_exception(body):
    rule = _rule(body)
    assert rule.kind == "except", str(rule)
    assert [n.name for n in rule.exceptions] == ["alopecia"]
    # the exception is never a requirement of its own
    assert not any(n.kind == "condition" and n.name == "alopecia" for n in rule.item.walk())


def test_a_patient_with_only_the_excepted_toxicity_is_not_refused():
    body = "Recovered from all toxicities of prior chemotherapy except alopecia"
    bald = {"age": 40, "sex": "female", "conditions": [{"name": "alopecia", "status": "active"}], "complete": ["conditions"]}
    assert verdict_of(body, bald) != "not_met"


@pytest.mark.parametrize("body", [
    "Recovered to grade 1 or less from toxicities of prior therapy",
    "Patients must have recovered to grade 1 or less from effects of prior chemotherapy",
    "Recovered to baseline or grade 1 from prior chemotherapy or radiotherapy",
])
def test_what_a_recovery_to_a_grade_is_from_is_no_requirement(body):
    """"Recovered to grade 1 or less from toxicities of prior therapy": the toxicity (or the therapy)
    after "from" had been asked besides the recovery; "to baseline or grade 1" was not read."""
    rule = _rule(body)
    assert rule.kind == "not" and rule.item.name == "toxicity" and rule.item.grade is not None, str(rule)
    assert not [n for n in rule.walk() if n.kind in ("unparsed", "prior_therapy")], str(rule)


def test_a_patient_without_toxicity_meets_a_recovery_to_a_grade():
    body = "Recovered to baseline or grade 1 from prior chemotherapy"
    well = {"age": 50, "sex": "female", "conditions": [], "therapies": [], "complete": ["conditions", "therapies"]}
    assert verdict_of(body, well) == "met"


# --- more ways to say a recovery reaches a grade, or baseline -----------------------------------------

@pytest.mark.parametrize("verb", ["recovered to a", "alleviated to", "restored to", "relieved to", "reduced to"])
def test_words_of_recovery_to_a_grade(verb):
    rule = _rule(f"Toxicities of prior therapy {verb} grade <= 1")
    assert rule.kind == "not" and rule.item.name == "toxicity" and rule.item.grade is not None, str(rule)
    assert not [n for n in rule.walk() if n.kind == "unparsed"], str(rule)


@pytest.mark.parametrize("body", [
    "Toxicities of prior therapy returned to baseline",
    "All acute toxic effects of prior therapy must have resolved to baseline",
])
def test_a_recovery_to_baseline_denies_any_active_toxicity(body):
    rule = _rule(body)
    assert rule.kind == "not" and rule.item.name == "toxicity" and rule.item.grade is None, str(rule)
    assert "active" in rule.item.status, str(rule)


def test_a_lab_back_to_baseline_is_no_recovery_from_toxicity():
    rule = _rule("ALT must have returned to baseline")
    assert not [n for n in rule.walk() if getattr(n, "name", None) == "toxicity"], str(rule)


@pytest.mark.parametrize("body, plain", [
    ("Toxicities recovered to National Cancer Institute Common Terminology Criteria for Adverse Events (NCI CTCAE) "
     "version 4.03 grade <= 1", "Toxicities recovered to grade <= 1"),
    ("Recovery to National Cancer Institute's Common Terminology Criteria for Adverse Events, version 4.03 "
     "(CTCAE v4.03) grade < 2 from all toxicities", "Recovery to grade < 2 from all toxicities"),
    ("Neuropathy >= NCI CTCAE version 4.0 grade 2", "Neuropathy >= grade 2"),
])
def test_a_grading_systems_name_before_a_grade_is_the_grades_scale(body, plain):
    from conftest import without_spans

    rule = _rule(body, "Exclusion")
    assert not [n for n in rule.walk() if getattr(n, "name", None) == "malignancy"], str(rule)
    assert without_spans(rule.model_dump()) == without_spans(_rule(plain, "Exclusion").model_dump()), str(rule)
