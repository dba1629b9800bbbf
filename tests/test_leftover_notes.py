"""Words that say how a finding shows or is established ("cytologic", "clinically evident", "shows
evidence of", "clinical signs of"), "presence of" (having it), and a study phase in parentheses
naming the part a criterion is for are notes on the criterion, not `unparsed` text keeping a
criterion that clearly holds from `met` (issue 11, item 5). A word that asks something stays."""

from __future__ import annotations

from datetime import date

import pytest

import criteria

AS_OF = date(2026, 3, 2)


def _criterion(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return (tree.inclusion or tree.exclusion)[0]


def _unparsed(text: str, section: str = "Exclusion") -> list[str]:
    return [n.text for n in _criterion(text, section).rule.walk() if n.kind == "unparsed"]


def _remarks(text: str, section: str = "Exclusion") -> list[str]:
    return [r.text.lower() for r in _criterion(text, section).remarks]


@pytest.mark.parametrize("text, note", [
    ("Cytologic confirmation of ovarian cancer", "cytologic confirmation"),
    ("Histopathologic or cytologic evidence of gastric cancer", "histopathologic or cytologic"),
    ("Pathologic diagnosis of melanoma", "pathologic"),
    ("Clinically evident pleural effusion", "clinically evident"),
    ("Clinical signs of pneumonia", "clinical signs"),
    ("Shows evidence of hepatitis C", "shows"),
])
def test_a_word_of_method_is_a_note(text, note):
    assert _unparsed(text) == []
    assert any(note in remark for remark in _remarks(text))


def test_presence_of_a_condition_is_the_condition():
    assert _unparsed("Presence of ascites") == []
    assert _unparsed("Presence or history of pancreatitis") == []


def test_a_phase_in_parentheses_names_the_part_it_is_for():
    # (what the chemotherapy was for would be its residue: test_treatment_purposes.py)
    assert _unparsed("No prior chemotherapy (phase II)", "Inclusion") == []
    assert "phase ii" in _remarks("No prior chemotherapy (phase II)", "Inclusion")


def test_a_word_that_asks_something_stays_beside_the_note():
    # "recurrent" narrows the cancer; "clinically evident" only says how it shows
    left = _unparsed("Clinically evident recurrent disease beside ascites")
    assert left and all("evident" not in t.lower() for t in left)


def test_a_condition_with_its_method_note_is_met():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Clinically evident pleural effusion\n")
    patient = {"age": 60, "sex": "male", "conditions": [{"name": "pleural effusion", "status": "active"}],
               "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, AS_OF).verdict("E1").value == "met"


# --- a condition judged by its consequence for the study (parse/grammar/consequences.py) -------------


def _kinds(text: str, section: str = "Exclusion") -> list[str]:
    return [n.kind for n in _criterion(text, section).rule.walk()]


@pytest.mark.parametrize("text", [
    "Serious cardiac illness that would preclude participation in the trial",
    "Active infection that could compromise the patient's safety",
    "Psychiatric illness that makes the subject unsuitable for the trial",
    "Uncontrolled diabetes which is likely to interfere with the interpretation of study results",
    "Epilepsy that, in the opinion of the investigator, would jeopardize subject safety",
])
def test_a_consequence_for_the_study_is_the_investigators_judgement(text):
    kinds = _kinds(text)
    assert "investigator_judgement" in kinds and "condition" in kinds
    assert kinds.count("investigator_judgement") == 1
    assert _unparsed(text) == []


def test_the_judged_condition_decides_for_a_patient_without_it():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Active infection that could compromise the patient's safety\n")
    well = {"age": 50, "sex": "female", "conditions": [], "complete": ["conditions"]}
    ill = {"age": 50, "sex": "female", "conditions": [{"name": "infection", "status": "active"}],
           "complete": ["conditions"]}
    assert criteria.evaluate(tree, well, AS_OF).verdict("E1").value == "not_met"
    assert criteria.evaluate(tree, ill, AS_OF).verdict("E1").value == "unknown"  # the investigator judges


@pytest.mark.parametrize("text", [
    "Bowel disease that may interfere with the absorption of oral drugs",  # a property, not the study
    "Asthma that could compromise lung function",
])
def test_a_clause_about_anything_else_stays_unparsed(text):
    assert "investigator_judgement" not in _kinds(text)
    assert _unparsed(text)


def test_a_clause_whose_verb_denies_compliance_is_left_to_that_reading():
    kinds = _kinds("Dementia that may interfere with study compliance", "Inclusion")
    assert "investigator_judgement" not in kinds and "not" in kinds


def test_examples_after_the_clause_stay_with_the_condition():
    names = {getattr(n, "name", None) for n in _criterion(
        "Systemic disease that could confound the study results (e.g., malignancy, uncontrolled diabetes)").rule.walk()}
    assert {"malignancy", "diabetes_mellitus"} <= names


# --- an allergy to the study drug (parse/grammar/study_product.py) ----------------------------------


@pytest.mark.parametrize("text, related", [
    ("Known allergy to the study medication", False),
    ("Hypersensitivity to any of the components of the study drugs", True),
    ("Prior allergic reaction to any component of the study treatment", True),
    ("Known hypersensitivity to any of the study drugs", False),  # "any of" before the product
])
def test_an_allergy_to_the_study_product_is_to_the_investigational_agent(text, related):
    allergy = next(n for n in _criterion(text).rule.walk() if getattr(n, "name", None) == "hypersensitivity")
    assert [(c.name, c.related) for c in allergy.cause] == [("investigational_agent", related)]
    assert _unparsed(text) == [] and _remarks(text) == []


def test_an_allergy_to_the_study_drug_is_not_any_allergy():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Known allergy to the study medication\n")
    allergic = {"age": 40, "sex": "male", "conditions": [{"name": "penicillin allergy", "status": "active"}],
                "complete": ["conditions"]}
    none = {"age": 40, "sex": "male", "conditions": [], "complete": ["conditions"]}
    assert criteria.evaluate(tree, allergic, AS_OF).verdict("E1").value == "unknown"
    assert criteria.evaluate(tree, none, AS_OF).verdict("E1").value == "not_met"


def test_the_study_drug_as_a_time_stays_an_anchor():
    rule = _criterion("Allergic reaction within 7 days of the study drug").rule
    allergy = next(n for n in rule.walk() if getattr(n, "name", None) == "hypersensitivity")
    assert allergy.cause == () and allergy.window is not None


# --- a subgroup's bound in parentheses without its comparator (grammars/threshold.lark, th_alt_bare) ---


@pytest.mark.parametrize("text, op, value", [
    ("ALT < 3 times ULN (5 times ULN if hepatic metastases are present)", "<", 5.0),
    ("Alkaline phosphatase <= 2.5 x ULN (or 5 x ULN in patients with bone metastases)", "<=", 5.0),
    ("AST <= 3 x ULN (5 times in the presence of liver metastases)", "<=", 5.0),
])
def test_a_bare_subgroup_bound_takes_the_main_comparator(text, op, value):
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind == "lab_threshold" and _unparsed(text, "Inclusion") == []
    (alternative,) = rule.alternatives
    assert (alternative.op, alternative.value, alternative.relative_to) == (op, value, "ULN")
    assert "metastases" in alternative.condition


def test_a_bare_amount_with_words_that_is_no_uln_bound_stays_unparsed():
    # a conversion into other units is no subgroup's bound
    assert _unparsed("Hemoglobin >= 9 g/dL (5.6 mmol/L in SI units)", "Inclusion")


def test_the_subgroup_bound_applies_to_the_subgroup_only():
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* ALT < 3 times ULN (5 times ULN if liver metastases are present)\n")
    labs = [{"name": "ALT", "value": 160, "unit": "U/L", "uln": 40, "date": "2026-02-20"}]  # 4 x ULN
    without = {"age": 60, "sex": "female", "labs": labs, "conditions": [], "complete": ["conditions"]}
    assert criteria.evaluate(tree, without, AS_OF).verdict("I1").value == "not_met"
    spread = dict(without, conditions=[{"name": "liver metastases", "status": "active"}])
    assert criteria.evaluate(tree, spread, AS_OF).verdict("I1").value == "met"


@pytest.mark.parametrize("text, note", [
    ("Electrocardiographic evidence of acute myocardial ischemia", "electrocardiographic"),
    ("Serologic documentation of HIV infection", "serologic"),
])
def test_the_test_a_finding_is_seen_on_is_a_note(text, note):
    assert _unparsed(text) == []
    assert any(note in remark for remark in _remarks(text))


def test_the_organism_named_beside_tuberculosis_is_tuberculosis():
    rule = _criterion("Active TB (Mycobacterium tuberculosis) within the past year").rule
    assert _unparsed("Active TB (Mycobacterium tuberculosis) within the past year") == []
    assert {n.name for n in rule.walk() if n.kind == "condition"} == {"tuberculosis"}


# --- a performance scale named after the score (grammars/threshold.lark, perf_scale_after) ----------


@pytest.mark.parametrize("text, scale, op, value", [
    ("Performance status of 0 to 2 (ECOG)", "ecog", "between", 0.0),
    ("Performance status < 3 (Zubrod)", "ecog", "<", 3.0),
    ("Performance status of at least 60% (Karnofsky)", "karnofsky", ">=", 60.0),
])
def test_a_scale_named_after_the_score_is_its_scale(text, scale, op, value):
    rule = _criterion(text, "Inclusion").rule
    assert (rule.kind, rule.scale, rule.scale_assumed, rule.op, rule.value) == ("performance_status", scale, False, op, value)
    assert _unparsed(text, "Inclusion") == []


def test_a_scale_named_after_a_score_of_another_scale_is_not_taken():
    assert _unparsed("ECOG performance status 0-1 (Karnofsky)", "Inclusion")


# --- heart failure classes are NYHA classes (parse/grammar/heart_failure_class.py) ------------------


@pytest.mark.parametrize("text, op, value", [
    ("Class III or IV heart failure", "between", 3.0),
    ("Congestive heart failure class III/IV", "between", 3.0),
    ("Heart failure class II or higher", ">=", 2.0),
])
def test_a_heart_failure_class_is_its_nyha_class(text, op, value):
    nodes = list(_criterion(text).rule.walk())
    nyha = next(n for n in nodes if n.kind == "measure_threshold")
    assert (nyha.analyte, nyha.op, nyha.value) == ("nyha", op, value)
    assert any(n.kind == "condition" and n.name == "congestive_heart_failure" for n in nodes)
    assert _unparsed(text) == []


def test_a_class_away_from_heart_failure_is_no_nyha_class():
    assert not any(n.kind == "measure_threshold" for n in _criterion("Class II obesity and heart disease").rule.walk())


def test_a_named_nyha_class_keeps_its_own_reading():
    assert _unparsed("NYHA CHF Class III or IV") == []


# --- "<condition> disorder(s)" is that condition (parse/grammar/shared_heads.py, generic_heads) -----


def test_a_condition_written_with_disorder_after_it_is_that_condition():
    nodes = list(_criterion("History of panic disorder or substance abuse disorder").rule.walk())
    assert "other_disease" not in {getattr(n, "name", None) for n in nodes}


def test_a_shared_disorder_head_goes_back_to_each_qualifier():
    names = {getattr(n, "name", None) for n in _criterion("Known psychiatric or substance abuse disorders").rule.walk()}
    assert {"psychiatric_illness", "substance_abuse"} <= names
    assert _unparsed("Known psychiatric or substance abuse disorders") == []


def test_a_patient_with_the_condition_meets_it_without_a_second_generic_one():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Substance abuse disorder\n")
    patient = {"age": 40, "sex": "male", "conditions": [{"name": "substance abuse", "status": "active"}],
               "complete": ["conditions"]}
    assert criteria.evaluate(tree, patient, AS_OF).verdict("E1").value == "met"


@pytest.mark.parametrize("text", ["Total abstinence from heterosexual intercourse", "True abstinence"])
def test_abstinence_said_whole_is_contraception(text):
    assert _unparsed(text, "Inclusion") == []
    assert "contraception" in {getattr(n, "name", None) for n in _criterion(text, "Inclusion").rule.walk()}


def test_a_medical_disorder_is_a_condition():
    assert _unparsed("Serious uncontrolled medical disorder") == []


# --- "non-" before a longer condition phrase is not that condition (lexer._non_words) ----------------


@pytest.mark.parametrize("text, opposite", [
    ("Non-measurable disease only", "measurable_disease"),
    ("Non-hematologic malignancy within the past 3 years", "hematologic_malignancy"),
    ("Unresectable and non-metastatic disease", "metastatic_disease"),
])
def test_non_before_a_phrase_is_never_read_as_the_phrase(text, opposite):
    names = {getattr(n, "name", None) for n in _criterion(text, "Inclusion").rule.walk()}
    assert opposite not in names
    # read by its own words (an open-vocabulary condition) or left unread, never lost
    assert any(str(n).startswith("non_") for n in names) or any("non" in t.lower() for t in _unparsed(text, "Inclusion"))


def test_non_before_one_word_still_denies_it():
    rule = _criterion("Non-pregnant women", "Inclusion").rule
    assert rule.kind == "not"


def test_non_with_its_hyphen_and_a_space_reads_as_non_with_its_hyphen():
    """"Non- childbearing potential", "non- melanoma skin cancer": the hyphen kept on "non", a space
    after it (text wrapped at the hyphen). The melanoma had been an exception of its own, sparing it."""
    assert _criterion("Non- childbearing potential", "Inclusion").rule.kind == "not"
    rule = _criterion("Other malignancy within 5 years, with the exception of non- melanoma skin cancer").rule
    spared = {getattr(n, "name", None) for e in next(n for n in rule.walk() if n.kind == "except").exceptions
              for n in e.walk()}
    assert "melanoma" not in spared and "non_melanoma_skin_cancer" in spared


@pytest.mark.parametrize("text", ["Co-infection with hepatitis B virus", "Coinfected with HIV"])
def test_a_co_infection_is_an_infection_with_what_follows(text):
    # the infection is the one named after "with": no other infection is asked beside it
    names = {getattr(n, "name", None) for n in _criterion(text).rule.walk()}
    assert names & {"hepatitis_b", "hiv_infection"} and "infection" not in names
    assert _unparsed(text) == []


@pytest.mark.parametrize("text", [
    "Is the participant at least 21 years old?",  # a question mark closing a question
    "The participant's ECOG performance status must be 0 to 2.",  # a possessive
    "History of prior hormone therapy (must meet one of the following criteria):",  # punctuation alone
])
def test_punctuation_and_the_possessive_ask_nothing(text):
    assert _unparsed(text, "Inclusion") == []


def test_a_question_that_clearly_holds_is_met():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Is the participant at least 21 years old?\n")
    patient = criteria.Patient.model_validate({"age": 40})
    assert str(criteria.evaluate(tree, patient, as_of=AS_OF).criteria[0].verdict.value) == "met"


@pytest.mark.parametrize("text", [
    "Radiographically evaluable tumor; however, measurable disease is not required",
    "Women of childbearing potential but not using contraception",
])
def test_a_conjunction_alone_is_no_leftover(text):
    assert not any(u.lower() in ("however", "but") for u in _unparsed(text))


def test_the_words_around_a_conjunction_stay():
    assert any("but" in u.lower() for u in _unparsed("Weekly therapy but not if declined (HIV infection)", "Inclusion"))


# --- "<condition> or disease": a generic head after "or" shares the condition's words -------------
# (parse/grammar/shared_heads.py, generic_alternatives)


@pytest.mark.parametrize("text", [
    "Any other severe uncontrolled medical condition or disease",
    "Any significant illness or condition",
    "Serious chronic disease or disorder",
    "Autoimmune disease or condition",
])
def test_a_second_generic_name_is_the_same_condition(text):
    nodes = [n for n in _criterion(text).rule.walk() if n.kind == "condition"]
    assert _unparsed(text) == []
    assert len({n.name for n in nodes}) == 1


@pytest.mark.parametrize("text, first, second", [
    ("Acute CMV infection or disease", "cmv_infection", "cmv_disease"),
    ("Cardiac arrhythmia or disease", "arrhythmia", "heart_disease"),
])
def test_a_generic_head_after_or_takes_the_words_of_the_condition_before_it(text, first, second):
    rule = _criterion(text).rule
    assert rule.kind == "any_of"
    assert [n.name for n in rule.walk() if n.kind == "condition"] == [first, second]
    assert _unparsed(text) == []


def test_a_patient_with_the_broader_condition_is_excluded_and_one_without_any_is_not():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Cardiac arrhythmia or disease\n")
    ill = {"age": 60, "sex": "female", "conditions": [{"name": "coronary artery disease", "status": "active"}],
           "complete": ["conditions"]}
    well = {"age": 60, "sex": "female", "conditions": [], "complete": ["conditions"]}
    assert criteria.evaluate(tree, ill, AS_OF).verdict("E1").value == "met"
    assert criteria.evaluate(tree, well, AS_OF).verdict("E1").value == "not_met"


def test_a_generic_head_after_a_list_of_wholes_is_left_alone():
    # "or disease" after a drug names no condition of the drug's words
    assert "~aspirin_disease" not in {getattr(n, "name", None) for n in _criterion("Aspirin or disease").rule.walk()}


def test_a_shared_head_still_goes_back_to_each_qualifier_before_a_second_generic_name():
    names = {getattr(n, "name", None) for n in _criterion("History of psychiatric or somatic disease/condition").rule.walk()}
    assert {"psychiatric_illness", "somatic_disease"} <= names
    assert _unparsed("History of psychiatric or somatic disease/condition") == []


def test_a_generic_word_that_qualifies_the_next_word_is_no_alternative():
    names = {getattr(n, "name", None) for n in _criterion("Disease progression or disease recurrence").rule.walk()}
    assert "disease_disease" not in names


def test_a_generic_word_with_its_own_complement_is_no_second_name():
    # "abnormality in clinical laboratory tests" is a finding of its own, not the medical condition
    rule = _criterion("Any serious medical condition or abnormality in clinical laboratory tests").rule
    assert rule.kind == "any_of"
    assert any("abnormality" in n.text for n in rule.walk() if n.kind == "unparsed")


# --- "any condition", "any illness", "any disease" that…: a condition at all -----------------------


@pytest.mark.parametrize("text", [
    "Any condition which, in the opinion of the Investigator, makes the subject unsuitable for entry into the study",
    "Any disease or condition (eg, active infection) which would interfere with the study",
    "History of any illness that might confound the results of the study",
])
def test_any_condition_is_a_condition_at_all(text):
    names = [n.name for n in _criterion(text).rule.walk() if n.kind == "condition"]
    assert "other_disease" in names
    assert not any(n.text.lower().strip().startswith(("condition", "disease", "illness"))
                   for n in _criterion(text).rule.walk() if n.kind == "unparsed")


@pytest.mark.parametrize("text, name", [
    ("Concurrent treatment with any disease-modifying anti-rheumatic drug", "disease_modifying_agent"),
    ("Any disease progression on prior therapy", "disease_progression"),
])
def test_any_disease_before_a_longer_term_is_that_term(text, name):
    names = {getattr(n, "name", None) for n in _criterion(text).rule.walk()}
    assert name in names and "other_disease" not in names


def test_examples_of_any_condition_may_be_of_any_kind():
    # a state after surgery is a condition in the sense of "any condition"; dropped as an aside, the
    # patient after a gastrectomy was cleared of the criterion
    names = {getattr(n, "name", None) for n in _criterion("Any other medical condition (e.g., diabetes or gastrectomy)").rule.walk()}
    assert {"other_disease", "diabetes_mellitus", "gastrectomy"} <= names
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Any other medical condition (e.g., diabetes or gastrectomy)\n")
    patient = {"age": 50, "sex": "male", "conditions": [], "procedures": [{"name": "gastrectomy"}],
               "complete": ["conditions", "procedures"]}
    assert criteria.evaluate(tree, patient, AS_OF).verdict("E1").value == "met"
