"""What a condition is due to, or a reaction to, is its cause (issue 11, items 1 and 7).

"Anemia due to chronic kidney disease", "hypersensitivity to docetaxel", "allergic reactions
attributed to compounds of similar chemical or biologic composition to X": the words after the
cause cue name what the condition comes from, not a second event the patient must have had. Read
as ``all_of(A, B)`` (as before), a patient who had docetaxel and some allergy was excluded for a
docetaxel allergy; read as ``A`` alone, the text would be looser than it is.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.tree.records import records
from evaluate_helpers import sql_parity

AS_OF = date(2026, 11, 25)
COMPLETE = ["conditions", "therapies", "medications", "procedures"]


def _rule(text: str, section: str = "exclusion"):
    header = "Exclusion Criteria:" if section == "exclusion" else "Inclusion Criteria:"
    tree = criteria.parse_criteria(f"{header}\n\n* {text}\n")
    [criterion] = tree.exclusion if section == "exclusion" else tree.inclusion
    return tree, criterion.rule


def _conditions(rule):
    return [n for n in rule.walk() if n.kind == "condition"]


def _verdict(text: str, profile: dict, section: str = "exclusion") -> str:
    tree, _ = _rule(text, section)
    [result] = criteria.evaluate(tree, criteria.Patient.model_validate(profile), as_of=AS_OF).criteria
    return result.verdict


@pytest.mark.parametrize("text, condition, causes", [
    ("Anemia due to chronic kidney disease", "anemia", [("condition", "chronic_kidney_disease")]),
    ("Hypertension secondary to chronic kidney disease", "hypertension", [("condition", "chronic_kidney_disease")]),
    ("Respiratory failure caused by asthma", "respiratory_failure", [("condition", "asthma")]),
    ("Known hypersensitivity to docetaxel", "hypersensitivity", [("prior_therapy", "docetaxel")]),
    ("History of allergic reactions attributed to cisplatin", "hypersensitivity", [("prior_therapy", "cisplatin")]),
    ("Allergy to docetaxel or cisplatin", "hypersensitivity", [("prior_therapy", "docetaxel"), ("prior_therapy", "cisplatin")]),
])
def test_the_words_after_a_cause_cue_are_the_conditions_cause(text, condition, causes):
    tree, rule = _rule(text)
    assert rule.kind == "condition" and rule.name == condition  # one node: nothing beside it, nothing unread
    assert [(c.kind, c.name) for c in rule.cause] == causes
    for cause in rule.cause:  # each cause points at its own words
        assert cause.span.slice(tree.text).lower().startswith(cause.name.split("_")[0][:4])


def test_a_list_of_conditions_before_the_cue_shares_the_cause():
    _, rule = _rule("Anemia or thrombocytopenia secondary to chronic kidney disease")
    assert rule.kind == "any_of"
    assert [(c.name, [k.name for k in c.cause]) for c in _conditions(rule)] == [
        ("anemia", ["chronic_kidney_disease"]), ("thrombocytopenia", ["chronic_kidney_disease"])]


@pytest.mark.parametrize("text", [
    "History of allergic reactions attributed to compounds of similar chemical or biologic composition to cyclosporine",
    "Known hypersensitivity to cyclosporine or any of its excipients",
    "Allergy to cyclosporine, or to any components of the formulation",
    "Hypersensitivity to any component of cyclosporine",
    # which part of the agent, an "or" among the words: no list of agents ("active or inactive")
    "History of allergies to any active or inactive ingredients of cyclosporine",
    "Hypersensitivity to the active substance or to any of the excipients of cyclosporine",
    "Known hypersensitivity to active or inactive excipients of cyclosporine",
])
def test_compounds_like_the_agent_or_in_it_are_related_causes_and_read(text):
    _, rule = _rule(text)
    assert rule.kind == "condition" and [(c.name, c.related) for c in rule.cause] == [("cyclosporine", True)]


def test_a_denied_cause_keeps_the_condition_but_not_the_one_due_to_it():
    _, rule = _rule("Bone fracture not due to breast cancer", "inclusion")
    assert rule.kind == "all_of"
    bare, denied = rule.items
    assert (bare.name, bare.cause) == ("bone_fracture", ())
    assert denied.kind == "not" and [c.name for c in denied.item.cause] == ["breast_cancer"]


@pytest.mark.parametrize("text, causes", [
    ("Kidney disease not caused by diabetes or hypertension", ["diabetes_mellitus", "hypertension"]),
    ("Liver disease not due to hepatitis, NASH, or cirrhosis", ["hepatitis", "nonalcoholic_steatohepatitis", "cirrhosis"]),
])
def test_a_denied_cause_takes_the_whole_list_after_it(text, causes):
    # the members after the first cause were read as conditions of their own, alternatives to the
    # denied one: "or hypertension" excluded every hypertensive patient
    _, rule = _rule(text)
    assert rule.kind == "all_of"
    bare, denied = rule.items
    assert bare.cause == () and denied.kind == "not"
    assert [c.name for c in denied.item.cause] == causes


def test_a_second_condition_after_a_comma_is_no_cause():
    _, rule = _rule("Anemia not due to iron deficiency, or thrombocytopenia")
    assert rule.kind == "any_of"
    assert "thrombocytopenia" in {n.name for n in rule.items if n.kind == "condition"}


def test_an_unread_alternative_after_the_causes_is_one_more_cause():
    _, rule = _rule("Hypersensitivity to docetaxel or to the zorbulating agents")
    assert rule.kind == "all_of"
    bare, either = rule.items
    assert (bare.name, bare.cause) == ("hypersensitivity", ())
    assert either.kind == "any_of" and [n.kind for n in either.items] == ["condition", "unparsed"]
    # no hypersensitivity: not excluded; one the record does not attribute: unknown
    assert _verdict("Hypersensitivity to docetaxel or to the zorbulating agents", {"complete": COMPLETE}) == "not_met"
    assert _verdict("Hypersensitivity to docetaxel or to the zorbulating agents",
                    {"conditions": [{"name": "drug allergy"}], "complete": COMPLETE}) == "unknown"


@pytest.mark.parametrize("conditions, verdict", [
    ([{"name": "docetaxel allergy"}], "met"),  # the record names the cause
    ([{"name": "allergy", "qualifiers": ["to docetaxel"]}], "met"),  # in its qualifiers
    ([{"name": "penicillin allergy"}], "unknown"),  # another allergy: a record seldom says every cause
    ([{"name": "asthma"}], "not_met"),  # no allergy at all, in a complete list
])
def test_a_record_must_name_the_cause(conditions, verdict):
    profile = {"conditions": conditions, "therapies": [{"name": "docetaxel"}], "complete": COMPLETE}
    # before, all_of(hypersensitivity, docetaxel): the penicillin allergy and the docetaxel excluded
    assert _verdict("Hypersensitivity to docetaxel", profile) == verdict


def test_a_cause_that_is_a_condition_absent_from_a_complete_list_clears_the_patient():
    anemic = {"conditions": [{"name": "anemia"}], "complete": COMPLETE}
    assert _verdict("Anemia due to chronic kidney disease", anemic) == "not_met"
    # silence clears, never rules out: an inclusion asking for it stays unknown
    assert _verdict("Anemia due to chronic kidney disease", anemic, "inclusion") == "unknown"
    both = {"conditions": [{"name": "anemia"}, {"name": "chronic kidney disease"}], "complete": COMPLETE}
    assert _verdict("Anemia due to chronic kidney disease", both) == "unknown"  # which anemia is it due to?
    assert _verdict("Anemia due to chronic kidney disease", {"conditions": [{"name": "anemia"}]}) == "unknown"


def test_causes_are_rendered_and_in_records():
    tree, _ = _rule("Anemia or thrombocytopenia secondary to chronic kidney disease")
    assert "due to chronic kidney disease" in criteria.render(tree, "patient")
    assert "due to chronic kidney disease" in criteria.render(tree, "clinician")
    rows = [r for r in records(tree) if r.get("cause")]
    assert len(rows) == 2 and {tuple((c["kind"], c["name"], c["related"]) for c in r["cause"]) for r in rows} == {
        (("condition", "chronic_kidney_disease", False),)}


def test_a_cause_round_trips_through_json():
    tree, _ = _rule("Allergy to cyclosporine or its excipients")
    assert criteria.Criteria.model_validate_json(tree.model_dump_json()) == tree


def test_sql_reads_causes_as_the_evaluator_does():
    tree = criteria.parse_criteria(
        "Exclusion Criteria:\n\n* Anemia due to chronic kidney disease\n* Hypersensitivity to docetaxel\n"
        "* Hypertension secondary to chronic kidney disease or diabetes\n* Bone fracture not due to breast cancer\n"
    )
    assert sum(bool(c.cause) for e in tree.exclusion for c in _conditions(e.rule)) >= 3
    differences, seen = sql_parity(tree, 600, seed=4, as_of=AS_OF)
    assert differences == []
    assert seen[0] and seen[1] and seen[2], seen  # met, not met and unknown all occur


@pytest.mark.parametrize("text, condition, cause", [
    ("Heparin-induced thrombocytopenia", "thrombocytopenia", ("medication", "heparin")),
    ("Radiation-induced pneumonitis", "pneumonitis", ("prior_therapy", "radiotherapy")),
    ("HIV-related lymphoma", "lymphoma", ("condition", "hiv_infection")),
])
def test_a_cause_written_before_the_condition_is_its_cause(text, condition, cause):
    _, rule = _rule(text)
    assert (rule.kind, rule.name, [(c.kind, c.name) for c in rule.cause]) == ("condition", condition, [cause])


def test_what_an_allergy_is_to_is_an_agent_and_a_condition_after_it_an_alternative():
    _, rule = _rule("History of sensitivity to heparin or heparin-induced thrombocytopenia")
    assert rule.kind == "any_of"
    assert [(c.name, [k.name for k in c.cause]) for c in rule.items] == [
        ("hypersensitivity", ["heparin"]), ("thrombocytopenia", ["heparin"])]


def test_examples_of_the_agent_are_alternative_causes_beside_it():
    _, rule = _rule("Known hypersensitivity to antibiotics (e.g., clarithromycin, erythromycin)")
    assert [c.name for c in rule.cause] == ["antibiotics", "clarithromycin", "erythromycin"]


def test_an_example_of_an_unread_agent_is_not_taken_for_the_agent():
    _, rule = _rule("Known hypersensitivity to zorbulating agents (e.g., clarithromycin, erythromycin)")
    assert all(c.name != "clarithromycin" for n in _conditions(rule) for c in n.cause)


def test_and_between_conditions_gives_the_cause_to_the_nearest_only():
    _, rule = _rule("Type 2 diabetes mellitus and chronic kidney disease secondary to asthma")
    assert [(c.name, [k.name for k in c.cause]) for c in _conditions(rule)] == [
        ("type_2_diabetes_mellitus", []), ("chronic_kidney_disease", ["asthma"])]


def test_an_unused_cause_cue_is_kept_as_unread_text():
    _, rule = _rule("Anemia due to zorbulation")
    assert [n.text for n in rule.walk() if n.kind == "unparsed"] == ["due to zorbulation"]


def test_in_a_longer_list_the_cause_is_the_last_members():
    _, rule = _rule("Meningitis, discitis, or bone fracture due to chronic kidney disease")
    assert [(c.name, [k.name for k in c.cause]) for c in _conditions(rule)] == [
        ("meningitis", []), ("discitis", []), ("bone_fracture", ["chronic_kidney_disease"])]


def test_the_causes_end_where_the_list_ends():
    _, rule = _rule("Toxicities caused by prior chemotherapy, excluding alopecia")
    [toxicity] = [c for c in _conditions(rule) if c.name == "toxicity"]
    assert [c.name for c in toxicity.cause] == ["chemotherapy"]


def test_a_condition_with_its_own_cause_keeps_it():
    _, rule = _rule("Hypersensitivity to docetaxel or a history of hypersensitivity to cisplatin")
    assert [[k.name for k in c.cause] for c in _conditions(rule)] == [["docetaxel"], ["cisplatin"]]


@pytest.mark.parametrize("text, name, cause", [
    ("Drug induced liver injury", "liver_injury", ("medication", "drug")),
    ("History of drug-induced interstitial lung disease", "interstitial_lung_disease", ("medication", "drug")),
    ("Medication-related osteonecrosis", "osteonecrosis", ("medication", "drug")),
])
def test_an_agent_named_by_its_kind_is_the_cause(text, name, cause):
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    [node] = [n for n in tree.exclusion[0].rule.walk() if n.kind == "condition"]
    assert node.name == name and [(c.kind, c.name) for c in node.cause] == [cause]
    assert "unparsed" not in [n.kind for n in tree.exclusion[0].rule.walk()]


@pytest.mark.parametrize("record, verdict", [
    ("drug-induced liver injury", "met"), ("liver injury", "unknown"), ("asthma", "not_met")])
def test_a_drug_induced_condition_is_met_by_a_record_naming_a_drug_as_its_cause(record, verdict):
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Drug induced liver injury\n")
    patient = criteria.Patient.model_validate({"conditions": [{"name": record}], "complete": ["conditions"]})
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict == verdict


@pytest.mark.parametrize("text, agents", [
    ("Known hypersensitivity or intolerance to metformin", ["metformin"]),
    ("Known allergy or contraindication to heparin or aspirin", ["heparin", "aspirin"]),
])
def test_an_allergy_or_a_contraindication_to_the_same_agents_are_alternatives(text, agents):
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    rule = tree.exclusion[0].rule
    assert rule.kind == "any_of"
    allergy, *reasons = rule.items
    assert [c.name for c in allergy.cause] == agents
    assert [r.name for r in reasons] == [f"contraindication_to_{a}" for a in agents]


@pytest.mark.parametrize("record, verdict", [("penicillin allergy", "unknown"), ("metformin allergy", "met")])
def test_an_allergy_to_another_agent_does_not_meet_it(record, verdict):
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Known hypersensitivity or intolerance to metformin\n")
    patient = criteria.Patient.model_validate({"conditions": [{"name": record}], "complete": ["conditions"]})
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict == verdict


def test_an_unknown_word_before_the_components_keeps_the_list_unread():
    """"Allergy to benzamide or inactive components of X": benzamide is an agent no lexicon names; the
    words are not taken into the allergy as if they only said which part of X."""
    _, rule = _rule("Allergy to zorbamide or inactive components of cyclosporine")
    assert rule.kind == "all_of" and any(n.kind == "unparsed" and "zorbamide" in n.text for n in rule.walk())


def test_an_allergy_to_what_is_in_a_drug_does_not_ask_for_the_drug():
    """Read as the allergy and the drug side by side, a patient allergic to the drug who never had it
    escaped the exclusion."""
    text = "History of allergies to any active or inactive ingredients of cyclosporine"
    allergic = {"age": 50, "sex": "female", "medications": [], "complete": COMPLETE,
                "conditions": [{"name": "hypersensitivity_to_cyclosporine"}]}
    assert _verdict(text, allergic) == "met"
    assert _verdict(text, {**allergic, "conditions": []}) == "not_met"
