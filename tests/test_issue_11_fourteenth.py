"""Issue 11, small classes read this session, each on sentences of our own."""

from evaluate_helpers import nodes_of, verdict_of


def statuses(body: str, section: str = "Inclusion") -> dict[str, tuple[str, ...]]:
    return {n.name: tuple(n.status) for n in nodes_of(body, section) if n.kind in ("procedure", "prior_therapy")}


def test_amenable_to_a_treatment_is_being_a_candidate_for_it():
    assert statuses("Tumour amenable to surgical resection") == {"surgery": ("planned",)}
    nodes = nodes_of("Not amenable to surgery or radiotherapy", "Inclusion")
    assert nodes[0].kind == "not" and not any(n.kind == "unparsed" for n in nodes)


def names(body: str, section: str = "Exclusion") -> set[str]:
    return {n.name for n in nodes_of(body, section) if getattr(n, "name", None)}


def test_a_protein_named_after_a_growth_factor_is_no_growth_factor_given():
    # "human epidermal growth factor receptor 2" is HER2, not the drug nepidermin nor G-CSF
    assert not names("HER2-positive (human epidermal growth factor receptor 2) gastric cancer") & {
        "nepidermin", "hematopoietic_growth_factor"}
    assert "hematopoietic_growth_factor" not in names("Prior vascular endothelial growth factor receptor inhibitors")
    assert names("Use of hematopoietic growth factors within 14 days") == {"hematopoietic_growth_factor"}


def test_growth_factor_receptor_inhibitors_spelled_out_are_their_drug_class():
    assert names("Prior epidermal growth factor receptor tyrosine kinase inhibitor therapy") == {"egfr_inhibitor"}
    assert "vegf_inhibitor" in names("Prior treatment with other vascular endothelial growth factor inhibitors")


# --- receptor and mutation statuses -------------------------------------------------------------

import criteria  # noqa: E402


def qualifiers_of(body: str) -> dict[str, tuple[str, ...]]:
    return {q.axis: q.values for n in nodes_of(body, "Inclusion") for q in getattr(n, "qualifiers", ())}


def test_receptor_and_mutation_statuses_qualify_the_cancer():
    assert qualifiers_of("EGFR-mutant non-small cell lung cancer") == {"egfr": ("egfr-mutant",)}
    assert qualifiers_of("ALK-positive NSCLC") == {"alk": ("alk-positive",)}
    # before the term's own status words, and listed side by side
    assert qualifiers_of("HER2-negative metastatic breast cancer") == {"her2": ("her2-negative",)}
    both = qualifiers_of("Hormone receptor-positive, HER2-negative advanced breast cancer")
    assert both == {"hormone_receptor": ("hormone receptor-positive",), "her2": ("her2-negative",)}
    assert not any(n.kind == "unparsed" for n in nodes_of("KRAS wild-type colorectal cancer", "Inclusion"))


def verdict(body: str, record: dict) -> str:
    return verdict_of(body, {"age": 50, "conditions": [record], "complete": ["conditions"]})


def test_a_status_the_record_states_settles_it_and_a_contrast_rules_it_out():
    body = "EGFR-mutant non-small cell lung cancer"
    assert verdict(body, {"name": "non-small cell lung cancer", "qualifiers": ["EGFR mutated"]}) == "met"
    assert verdict(body, {"name": "non-small cell lung cancer", "qualifiers": ["EGFR wild-type"]}) == "not_met"
    # read as lung cancer alone, a record that says nothing of EGFR had met it: looser than the text
    assert verdict(body, {"name": "non-small cell lung cancer"}) == "unknown"
    assert verdict("ER-positive breast cancer", {"name": "breast cancer", "qualifiers": ["ER negative"]}) == "not_met"


# --- "X is eligible to participate if …": X is whom the criterion is about ------------------------

def test_who_is_eligible_if_is_the_population_not_a_requirement():
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* A female participant is eligible to participate if she is not pregnant, "
        "not breastfeeding, and at least one of the following conditions applies:\n")
    top = tree.inclusion[0]
    assert top.population is not None and top.population.kind == "sex" and top.population.sex == "female"
    assert not any(n.kind == "sex" for n in top.rule.walk())
    unread = " ".join(n.text for n in top.rule.walk() if n.kind == "unparsed")
    assert not {"eligible", "participate", "she"} & set(unread.split())
    man = criteria.Patient.model_validate({"age": 40, "sex": "male"})
    assert criteria.evaluate(tree, man).criteria[0].verdict == "not_applicable"


# --- "X alone or in combination with Y" is X -------------------------------------------------------

def test_a_drug_given_alone_or_with_another_asks_only_for_the_first():
    tree = criteria.parse_criteria(
        "Exclusion Criteria:\n\n* Prior treatment with gemcitabine alone or in combination with cisplatin\n")
    top = tree.exclusion[0]
    assert top.rule.kind == "prior_therapy" and top.rule.name == "gemcitabine"
    assert [r.about for r in top.remarks] == ["optional"]
    # read as all of them, a patient given gemcitabine alone escaped the exclusion
    alone = criteria.Patient.model_validate({"age": 60, "therapies": [{"name": "gemcitabine"}], "complete": ["therapies"]})
    assert criteria.evaluate(tree, alone).criteria[0].verdict == "met"


def test_the_window_of_a_drug_given_alone_or_with_another_stays():
    rule = nodes_of("Prior taxane, alone or in combination with trastuzumab, within 6 months")[0]
    assert rule.name == "taxane" and rule.window is not None and rule.window.high == 6


def test_drugs_given_in_combination_are_both_with_a_remark_saying_how():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Prior bevacizumab in combination with chemotherapy\n")
    top = tree.exclusion[0]
    assert {n.name for n in top.rule.walk() if n.kind == "prior_therapy"} == {"bevacizumab", "chemotherapy"}
    assert not any(n.kind == "unparsed" for n in top.rule.walk())
    assert [r.text for r in top.remarks] == ["combination"]


# --- statuses joined by "or" are alternatives -------------------------------------------------------

def test_statuses_joined_by_or_are_either_not_both():
    top = nodes_of("Uncontrolled or severe hypertension")[0]
    assert top.kind == "any_of"
    assert sorted(n.status for n in top.items) == [("severe",), ("uncontrolled",)]
    assert nodes_of("Symptomatic and uncontrolled arrhythmia")[0].status == ("symptomatic", "uncontrolled")


def test_a_patient_with_one_of_the_statuses_is_excluded():
    # read as both, a patient with severe but controlled hypertension escaped the exclusion
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Acute and/or uncontrolled infection\n")
    patient = criteria.Patient.model_validate(
        {"age": 50, "conditions": [{"name": "infection", "status": "active", "qualifiers": ["acute", "controlled"]}],
         "complete": ["conditions"]})
    assert criteria.evaluate(tree, patient).criteria[0].verdict == "met"


# --- a permission closing a parenthesis ------------------------------------------------------------

def test_a_permission_with_its_verb_closing_a_parenthesis_exempts_what_it_names():
    rule = nodes_of("Prior therapy with VEGF inhibitors (prior treatment with bevacizumab is allowed)")[0]
    assert rule.kind == "except" and [e.name for e in rule.exceptions] == ["bevacizumab"]
    # read as all of them, a patient given bevacizumab, a VEGF inhibitor, was the one excluded
    tree = criteria.parse_criteria(
        "Exclusion Criteria:\n\n* Prior therapy with VEGF inhibitors (prior treatment with bevacizumab is allowed)\n")
    patient = criteria.Patient.model_validate({"age": 60, "therapies": [{"name": "bevacizumab"}], "complete": ["therapies"]})
    assert criteria.evaluate(tree, patient).criteria[0].verdict != "met"


def test_a_disease_named_before_a_vaccine_is_what_the_vaccine_is_against():
    assert "hepatitis_b" not in {getattr(n, "name", None) for n in nodes_of("Received hepatitis B vaccination within 30 days")}
    vaccinated = {"age": 30, "medications": [{"name": "hepatitis B vaccine"}], "conditions": [],
                  "complete": ["conditions", "medications"]}
    # read as hepatitis B and a vaccine, a vaccinated patient without the disease was "not met"
    assert verdict_of("Hepatitis B vaccination within 30 days", vaccinated, "Exclusion") != "not_met"


# --- whom a criterion is about, named after what is asked --------------------------------------------

def test_people_named_after_the_requirement_are_the_population():
    for body in ("Negative serum pregnancy test in women of childbearing potential",
                 "Negative pregnancy test for females of childbearing potential within 7 days",
                 "Negative urine pregnancy test in female patients of childbearing potential"):
        tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {body}\n")
        top = tree.inclusion[0]
        assert top.population is not None and top.rule.name == "negative_pregnancy_test", body
        man = criteria.Patient.model_validate({"age": 50, "sex": "male"})
        # read as all of them, the inclusion required childbearing potential of every patient
        assert criteria.evaluate(tree, man).criteria[0].verdict == "not_applicable", body
    windowed = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* Negative pregnancy test for females of childbearing potential within 7 days\n")
    assert windowed.inclusion[0].rule.window.high == 7


def test_a_condition_after_for_is_a_purpose_not_a_population():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Prior chemotherapy for breast cancer\n")
    assert tree.inclusion[0].population is None


def test_an_infection_with_a_named_agent_is_that_infection():
    top = nodes_of("Known infection with human immunodeficiency virus (HIV) or active hepatitis B or C")[0]
    assert top.kind == "any_of" and {n.name for n in top.items} == {"hiv_infection", "hepatitis_b_or_c"}
    assert nodes_of("Active infection with hepatitis B virus")[0].name == "hepatitis_b"


def test_people_named_in_an_if_clause_are_the_population():
    man = criteria.Patient.model_validate({"age": 50, "sex": "male"})
    for body in ("Have a negative pregnancy test (if female of childbearing potential)",
                 "If female and of child-bearing age, must use contraception",
                 "Negative pregnancy test if patient is of childbearing potential"):
        tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {body}\n")
        assert tree.inclusion[0].population is not None, body
        assert criteria.evaluate(tree, man).criteria[0].verdict == "not_applicable", body


def test_a_lead_in_naming_only_people_is_whom_its_sub_criteria_are_about():
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* Female of childbearing potential must:\n"
        "  * Use contraception\n  * Have a negative pregnancy test\n")
    top = tree.inclusion[0]
    assert top.rule is None and top.population is not None and len(top.subcriteria) == 2
    man = criteria.Patient.model_validate({"age": 50, "sex": "male"})
    assert criteria.evaluate(tree, man).criteria[0].verdict == "not_applicable"


def test_people_encouraged_to_do_something_are_the_population():
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* Women of childbearing potential are strongly encouraged to use contraception\n")
    assert tree.inclusion[0].population is not None


def test_more_ways_of_naming_the_women_a_criterion_is_for():
    man = criteria.Patient.model_validate({"age": 50, "sex": "male"})
    for body in ("Negative serum pregnancy test for a woman of childbearing potential",
                 "Negative pregnancy test if female and of childbearing age",
                 "Females with child bearing potential must test negative for a serum pregnancy test",
                 "Women of childbearing potential will be required to have a negative pregnancy test"):
        tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {body}\n")
        assert criteria.evaluate(tree, man).criteria[0].verdict == "not_applicable", body


def test_the_childbearing_potential_of_a_mans_partner_is_not_his():
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* Men who are sexually active with WOCBP must agree to use contraception\n")
    names = {getattr(n, "name", None) for n in tree.inclusion[0].population.walk()}
    assert "childbearing_potential" not in names and "sexually_active" in names


def test_two_conditions_joined_by_with_are_no_population():
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* Prostate cancer with metastatic disease based on any of the following:\n"
        "  * Rising PSA\n")
    assert tree.inclusion[0].population is None
