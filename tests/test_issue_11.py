"""Issue 11: the tree says what the text says, so that verdicts agree with clinicians.

Each test reads a class of sentences (sentences written for these tests, not taken from the
clinicians' set) and checks the reading and, where it matters, the verdict it gives.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.tree.nodes import Consent, Not

AS_OF = date(2026, 1, 15)


def _criterion(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return (tree.inclusion or tree.exclusion)[0]


def _verdict(text: str, patient: dict, section: str = "Exclusion") -> str:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    result = criteria.evaluate(tree, patient, AS_OF)
    return result.verdict("E1" if section == "Exclusion" else "I1").value


# --- consent and compliance: what the patient states ----------------------------------------------

@pytest.mark.parametrize("text", [
    "Unable to give written informed consent",
    "Refusal to consent.",
    "Refused to sign the consent form",
    "No written consent",
    "Inability to provide informed consent",
])
def test_a_refused_or_impossible_consent_is_not_consent(text):
    rule = _criterion(text).rule
    assert isinstance(rule, Not) and isinstance(rule.item, Consent)
    assert _verdict(text, {"consent": True}) == "not_met"  # will consent: not excluded
    assert _verdict(text, {"consent": False}) == "met"
    assert _verdict(text, {}) == "unknown"  # the profile does not say


@pytest.mark.parametrize("text", [
    "Informed consent given",
    "Patient willing to give full informed consent for participation",
    "Written consent obtained from the patient or a legal representative",
])
def test_consent_named_without_a_time_is_consent_and_its_words_describe_it(text):
    crit = _criterion(text, "Inclusion")
    assert isinstance(crit.rule, Consent)
    assert all(r.about == "description" for r in crit.remarks)
    assert _verdict(text, {"consent": True}, "Inclusion") == "met"


def test_consent_after_a_time_relation_stays_an_anchor():
    rule = _criterion("Surgery within 28 days of consent").rule
    assert rule.kind == "procedure" and rule.window.anchor == "consent"


@pytest.mark.parametrize("text", [
    "Unable to comply with the study visits",
    "Subjects who, in the opinion of the study doctor, are unable to comply with the protocol",
])
def test_inability_to_comply_reaches_its_event(text):
    assert _verdict(text, {"will_comply": True}) == "not_met"
    assert _verdict(text, {"will_comply": False}) == "met"


def test_a_loose_negation_reaches_over_a_parenthetical_clause():
    rule = _criterion("Patients unable, for any reason, to comply with scheduled visits").rule
    assert [n.kind for n in rule.walk()][:2] == ["not", "compliance"]  # the negation read, nothing left over


def test_a_negation_inside_leftover_words_is_never_absorbed():
    crit = _criterion("Subject likely to not be available for protocol-required visits")
    assert "not" in crit.rule.model_dump_json() or crit.rule.kind == "not"
    assert _verdict("Subject likely to not be available for protocol-required visits",
                    {"will_comply": True}) != "met"


# --- reproductive status follows from what is known -----------------------------------------------

@pytest.mark.parametrize("text", ["Pregnancy", "Breastfeeding women", "Pregnant or lactating"])
def test_a_man_is_neither_pregnant_nor_breastfeeding(text):
    assert _verdict(text, {"sex": "male"}) == "not_met"
    assert _verdict(text, {"sex": "female"}) == "unknown"


def test_a_recorded_pregnancy_is_a_pregnancy_and_a_positive_test():
    patient = {"sex": "female", "conditions": [{"name": "pregnancy", "status": "active"}]}
    assert _verdict("Currently pregnant", patient) == "met"
    past = {"sex": "female", "conditions": [{"name": "pregnancy", "status": "history"}]}
    assert _verdict("Currently pregnant", past) == "unknown"


# --- how a thing is measured or documented is a remark --------------------------------------------

@pytest.mark.parametrize("text, remark", [
    ("Systolic blood pressure > 160 mmHg on repeated measurement at screening", "repeated measurement at screening"),
    ("Clinical diagnosis of asthma", "Clinical"),
    ("Histologically documented diagnosis of melanoma", None),
    ("Heart rate < 50 bpm on a 12-lead ECG", "12-lead ECG"),
    # more than one visit: when the value is taken, still
    ("Eczema Area and Severity Index score >= 12 at the screening and baseline visits", "at the screening and baseline visits"),
    ("Heart rate < 50 bpm at screening and at check-in", "at screening and at check-in"),
])
def test_method_words_are_remarks_not_unparsed(text, remark):
    crit = _criterion(text, "Inclusion")
    assert not any(n.kind == "unparsed" for n in crit.rule.walk())
    if remark:
        assert [r.text for r in crit.remarks] == [remark]
        assert crit.remarks[0].about == "method"
    assert crit.span.slice(crit.text) is not None


def test_a_remark_does_not_block_a_verdict():
    patient = {"labs": [{"name": "heart rate", "value": 45, "unit": "1/min"}]}
    assert _verdict("Heart rate < 50 bpm on a 12-lead ECG", patient, "Inclusion") == "met"


def test_remarks_point_at_their_words():
    text = "Inclusion Criteria:\n\n* Heart rate < 50 bpm on a 12-lead ECG\n"
    [remark] = criteria.parse_criteria(text).inclusion[0].remarks
    assert text[remark.span.start:remark.span.end] == "12-lead ECG"


# --- open-vocabulary conditions and procedures ------------------------------------------------------

@pytest.mark.parametrize("text, kind, name", [
    # phrases the condition vocabulary does not hold ("hypovolemic shock" is ICD-10-CM R57.1 now)
    ("Chronic mucosal dysbiosis", "condition", "mucosal_dysbiosis"),
    ("Patients with vasoplegic shock", "condition", "vasoplegic_shock"),
    ("Exudative vitreoretinopathy", "condition", "exudative_vitreoretinopathy"),
    ("Prior pancreaticoduodenectomy", "procedure", "pancreaticoduodenectomy"),
    ("History of femoropopliteal artery bypass", "procedure", "femoropopliteal_artery_bypass"),
])
def test_a_phrase_ending_in_a_head_word_is_an_open_vocabulary_event(text, kind, name):
    event = next(n for n in _criterion(text).rule.walk() if n.kind == kind)
    assert (event.name, event.open_vocabulary, event.code) == (name, True, None)


@pytest.mark.parametrize("text", [
    "Glasgow Coma Scale < 8",  # a head followed by a measure word names a measure
    "Intestinal failure",
])
def test_heads_that_name_measures_are_no_conditions(text):
    nodes = [n for n in _criterion(text).rule.walk() if n.kind == "condition"]
    if text.startswith("Glasgow"):
        assert nodes == []
    else:
        assert [n.name for n in nodes] == ["intestinal_failure"]


def test_a_head_that_names_nothing_alone_needs_a_word_before_it():
    assert _criterion("Failure").rule.kind == "unparsed"
    assert _criterion("Disease").rule.kind == "unparsed"


def test_open_vocabulary_matching_is_cautious():
    text = "Exudative vitreoretinopathy"  # not in the condition vocabulary: read by its head word
    closed = {"complete": ["conditions"]}
    assert _verdict(text, {**closed, "conditions": []}) == "not_met"
    assert _verdict(text, {**closed, "conditions": [{"name": "exudative vitreoretinopathy"}]}) == "met"
    # a record sharing a word may be the same condition under another name
    assert _verdict(text, {**closed, "conditions": [{"name": "proliferative vitreoretinopathy"}]}) == "unknown"
    assert _verdict(text, {**closed, "conditions": [{"name": "asthma"}]}) == "not_met"
    assert _verdict(text, {"conditions": []}) == "unknown"  # not vouched complete


def test_a_generic_phrase_may_be_any_recorded_condition():
    text = "Serious concomitant illness"
    closed = {"complete": ["conditions"]}
    assert _verdict(text, {**closed, "conditions": [{"name": "asthma"}]}) == "unknown"
    assert _verdict(text, {**closed, "conditions": []}) == "not_met"


def test_a_planned_procedure_is_not_settled_by_a_history_of_procedures():
    closed = {"complete": ["procedures"], "procedures": []}
    assert _verdict("Patients scheduled for elective cholecystectomy", closed, "Inclusion") == "unknown"
    assert _verdict("Prior cholecystectomy", closed) == "not_met"
    done = {"complete": ["procedures"], "procedures": [{"name": "laparoscopic cholecystectomy"}]}
    assert _verdict("Patients undergoing cholecystectomy", done, "Inclusion") == "met"


def test_a_negation_reaches_events_joined_to_its_first():
    text = "Subject likely to not be available for study visits, and/or to adhere to the protocol"
    rule = _criterion(text).rule
    # both name one concept: one negation, spanning both ("adhere to" is under the "not" too)
    assert rule.kind == "not" and rule.item.kind == "compliance"
    assert rule.span.slice(f"Exclusion Criteria:\n\n* {text}\n").endswith("adhere to")


# --- alternatives across measures and events ---------------------------------------------------------

def test_thresholds_joined_by_or_are_alternatives():
    rule = _criterion("Heart rate > 110 bpm or systolic blood pressure < 85 mmHg", "Inclusion").rule
    assert rule.kind == "any_of" and [n.kind for n in rule.items] == ["measure_threshold"] * 2
    patient = {"labs": [{"name": "heart rate", "value": 120, "unit": "1/min"}]}
    assert _verdict("Heart rate > 110 bpm or systolic blood pressure < 85 mmHg", patient, "Inclusion") == "met"


def test_a_threshold_or_an_event_is_an_alternative():
    rule = _criterion("Respiratory rate >= 24/min or use of mechanical ventilation", "Inclusion").rule
    assert rule.kind == "any_of" and {n.kind for n in rule.items} == {"measure_threshold", "procedure"}


def test_words_no_rule_read_between_two_alternatives_are_one_more_alternative():
    rule = _criterion("Heart rate > 110 bpm or a qSOFA of 2 or more or systolic blood pressure < 85 mmHg",
                      "Inclusion").rule
    assert rule.kind == "any_of" and [n.kind for n in rule.items] == [
        "measure_threshold", "unparsed", "measure_threshold"]


def test_and_keeps_thresholds_together():
    rule = _criterion("Heart rate > 110 bpm and systolic blood pressure < 85 mmHg", "Inclusion").rule
    assert rule.kind == "all_of"


# --- who a criterion is about is a scope, not a requirement -------------------------------------------

@pytest.mark.parametrize("text, population", [
    ("Female patients must use adequate contraception", "sex"),
    ("Women of childbearing potential: a negative pregnancy test", "reproductive"),
    ("Patients with liver metastases must have ALT <= 5 x ULN", "condition"),
])
def test_a_population_before_a_modal_is_the_scope(text, population):
    crit = _criterion(text, "Inclusion")
    assert crit.population is not None and crit.population.kind == population
    assert crit.rule is not None and crit.rule.kind != "all_of"
    men = {"sex": "male", "complete": ["conditions"], "conditions": []}
    assert _verdict(text, men, "Inclusion") == "not_applicable"


def test_inside_the_population_the_rule_decides():
    text = "Patients with liver metastases must have ALT <= 5 x ULN"
    patient = {"conditions": [{"name": "liver metastases"}],
               "labs": [{"name": "ALT", "value": 300, "unit": "U/L", "uln": 40}]}
    assert _verdict(text, patient, "Inclusion") == "not_met"
    unknown_membership = {"labs": [{"name": "ALT", "value": 30, "unit": "U/L", "uln": 40}]}
    assert _verdict(text, unknown_membership, "Inclusion") == "met"  # holds either way


def test_without_a_modal_the_parts_are_requirements():
    crit = _criterion("Female patients with breast cancer", "Inclusion")
    assert crit.population is None


# --- structured fields of a record are rules ----------------------------------------------------------

def test_a_records_age_limits_and_sex_are_applied_with_their_source():
    record = {"protocolSection": {
        "identificationModule": {"nctId": "NCT00000000"},
        "eligibilityModule": {"eligibilityCriteria": "Inclusion Criteria:\n\n* Histologically confirmed melanoma\n",
                              "minimumAge": "18 Years", "maximumAge": "75 Years", "sex": "FEMALE"}}}
    tree = criteria.parse_study(record)
    fields = [c for c in tree.inclusion if c.id.startswith("S")]
    assert [(c.id, c.rule.kind) for c in fields] == [("S1", "age"), ("S2", "sex")]
    assert fields[0].text == "Record field: minimum age 18 Years; maximum age 75 Years"
    old = criteria.evaluate(tree, {"age": 80, "sex": "female"}, AS_OF)
    assert old.verdict("S1").value == "not_met" and old.status.value == "ineligible"
    assert criteria.evaluate(tree, {"age": 75, "sex": "male"}, AS_OF).verdict("S2").value == "not_met"
    assert any(r["criterion"] == "S1" for r in tree.to_records())


# --- instructions, contraindications, test findings, screening ---------------------------------------

def test_an_instruction_is_compliance_not_a_current_medication():
    text = "Patients must discontinue anticoagulants at least 7 days before surgery"
    rule = _criterion(text, "Inclusion").rule
    assert [n.kind for n in rule.walk()][0] in ("compliance", "all_of")
    assert not any(n.kind == "medication" for n in rule.walk())
    assert _verdict(text, {"will_comply": True, "medications": [], "complete": ["medications"]},
                    "Inclusion") != "not_met"


@pytest.mark.parametrize("text", ["Cannot take aspirin", "Contraindication to aspirin", "Unable to tolerate aspirin",
                                  "Known contraindication to aspirin", "Known contraindications to receiving aspirin"])
def test_a_contraindication_is_a_condition_not_a_medication(text):
    rule = _criterion(text).rule
    assert rule.kind == "condition" and rule.name == "contraindication_to_aspirin" and rule.open_vocabulary
    on_aspirin = {"medications": [{"name": "aspirin"}], "conditions": [], "complete": ["conditions", "medications"]}
    assert _verdict(text, on_aspirin) == "not_met"  # taking it is no reason not to take it


def test_a_test_finding_is_not_settled_by_a_list_of_diagnoses():
    text = "Positive test for hepatitis C"
    assert _verdict(text, {"conditions": [], "complete": ["conditions"]}) == "unknown"
    assert _verdict(text, {"conditions": [{"name": "chronic hepatitis C"}], "complete": ["conditions"]}) == "met"


@pytest.mark.parametrize("text", ["Able to undergo colorectal cancer screening", "Stroke risk score > 4"])
def test_a_condition_word_naming_a_screening_or_a_score_is_not_the_condition(text):
    assert not any(n.kind == "condition" for n in _criterion(text, "Inclusion").rule.walk())


# --- definitions and examples ---------------------------------------------------------------------------

def test_a_measure_in_parentheses_defines_the_condition_before_it():
    text = "Uncontrolled hypertension (systolic > 160 mmHg or diastolic > 100 mmHg)"
    rule = _criterion(text).rule
    assert rule.kind == "any_of" and rule.items[0].kind == "condition" and rule.items[1].kind == "any_of"
    high = {"labs": [{"name": "systolic blood pressure", "value": 175, "unit": "mmHg"}]}
    assert _verdict(text, high) == "met"  # the measure shows it, with no diagnosis recorded
    recorded = {"conditions": [{"name": "hypertension", "qualifiers": ["uncontrolled"]}]}
    assert _verdict(text, recorded) == "met"


def test_examples_of_a_term_no_rule_reads_are_its_alternatives():
    text = "One or more cardiovascular risk factors, such as diabetes, smoking or obesity"
    rule = _criterion(text, "Inclusion").rule
    found = next(n for n in rule.walk() if n.kind == "any_of")
    assert found.items[0].kind == "unparsed"  # the term itself, one more alternative
    assert [n.name for n in found.items[1:]] == ["diabetes_mellitus", "tobacco_use", "obesity"]
    assert _verdict(text, {"conditions": [{"name": "obesity"}], "complete": ["conditions"]}, "Inclusion") == "met"


def test_examples_of_a_typed_term_are_alternatives_with_its_status():
    rule = _criterion("Active infection (e.g., pneumonia or cellulitis)").rule
    assert rule.kind == "any_of" and [n.name for n in rule.items] == ["infection", "pneumonia", "cellulitis"]
    assert {n.status for n in rule.items} == {("active",)}


def test_examples_of_another_kind_are_an_aside():
    rule = _criterion("Inactivated vaccines (e.g., a vaccine for influenza infection)").rule
    assert "infection" not in [n.name for n in rule.walk() if n.kind == "condition"]


def test_non_small_cell_is_not_small_cell():
    text = "Histologically confirmed non-small cell lung cancer"
    assert _criterion(text, "Inclusion").rule.name == "non_small_cell_lung_cancer"
    small = {"conditions": [{"name": "small cell lung cancer"}], "complete": ["conditions"]}
    assert _verdict(text, small, "Inclusion") == "not_met"
    assert _verdict("Small cell lung cancer", {"conditions": [{"name": "non-small cell lung cancer"}],
                                               "complete": ["conditions"]}) == "not_met"


def test_records_show_the_population_and_the_remarks():
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* Female patients must use adequate contraception\n"
        "* Heart rate < 50 bpm on a 12-lead ECG\n")
    rows = tree.to_records()
    assert [(r["criterion"], r["kind"], r["population"]) for r in rows] == [
        ("I1", "sex", True), ("I1", "reproductive", False), ("I2", "measure_threshold", False)]
    assert rows[2]["remarks"] == "12-lead ECG" and rows[0]["remarks"] is None


def test_renderings_say_who_a_criterion_is_about_and_clinicians_see_remarks():
    tree = criteria.parse_criteria(
        "Inclusion Criteria:\n\n* Female patients must use adequate contraception\n"
        "* Heart rate < 50 bpm on a 12-lead ECG\n")
    patient = criteria.render(tree)
    assert "If you are female, you must use birth control." in patient
    assert "12-lead" not in patient
    clinician = criteria.render(tree, style="clinician")
    assert "Only if sex: female — " in clinician and "(12-lead ECG)" in clinician


# --- alternatives that share one head noun -------------------------------------------------------

def _names(node) -> list[str]:
    """The names of the events a rule lists, in order (any_of members, or the one event)."""
    items = node.items if node.kind == "any_of" else (node,)
    return [item.name for item in items]


@pytest.mark.parametrize(("text", "names"), [
    ("Cardiac or pulmonary disease", ["heart_disease", "pulmonary_disease"]),
    ("Hormonal and/or radiation therapy", ["hormonal_therapy", "radiotherapy"]),
    ("Breast or prostate cancer", ["breast_cancer", "prostate_cancer"]),
    ("Kidney, heart, or bleeding disorder", ["kidney_disorder", "heart_disease", "bleeding_disorder"]),
])
def test_each_qualifier_of_a_shared_head_is_an_alternative(text, names):
    rule = _criterion(text).rule
    assert rule.kind == "any_of" and _names(rule) == names
    assert [item.span.slice(f"Exclusion Criteria:\n\n* {text}\n") for item in rule.items][0] == text.split()[0].rstrip(",")


def test_a_qualifier_no_lexicon_names_is_read_by_its_words():
    (eye,) = [n for n in _criterion("History of eye, or bleeding disorder").rule.items if "eye" in n.name]
    assert eye.open_vocabulary and eye.name == "eye_disorder"


@pytest.mark.parametrize("text", [
    "Severe, uncontrolled hypertension",  # commas alone stack qualifiers of one thing
    "Active or chronic hepatitis B",  # statuses are the events grammar's to read
])
def test_qualifiers_of_one_thing_stay_one_event(text):
    assert _criterion(text).rule.kind in ("condition", "not")


def test_a_patient_with_the_first_alternative_is_excluded():
    patient = {"age": 60, "sex": "female", "conditions": [{"name": "breast cancer", "status": "active"}]}
    assert _verdict("Breast or prostate cancer", patient) == "met"


def test_pregnant_or_breastfeeding_is_either():
    rule = _criterion("Pregnant or breastfeeding women").rule
    reproductive = rule if rule.kind == "any_of" else next(n for n in rule.items if n.kind == "any_of")
    assert [n.name for n in reproductive.items] == ["pregnancy", "breastfeeding"]


# --- who or what establishes a finding ------------------------------------------------------------

@pytest.mark.parametrize(("text", "remark"), [
    ("Asthma diagnosed according to the Global Initiative for Asthma guidelines",
     "according to the Global Initiative for Asthma guidelines"),
    ("Lupus as defined by the American College of Rheumatology (ACR)",
     "as defined by the American College of Rheumatology (ACR)"),
    ("Dementia according to the Society of Stroke and Related Disorders criteria",
     "according to the Society of Stroke and Related Disorders criteria"),
    ("Tonsillar hypertrophy per the American Academy of Otolaryngology",
     "per the American Academy of Otolaryngology"),
])
def test_an_authority_is_a_method_remark_and_terms_in_its_name_ask_nothing(text, remark):
    criterion = _criterion(text, "Inclusion")
    assert remark in [r.text for r in criterion.remarks] and {r.about for r in criterion.remarks} == {"method"}
    names = [n.name for n in ([criterion.rule] if criterion.rule.kind != "any_of" else criterion.rule.items)]
    assert "stroke" not in names and "unparsed" not in criterion.rule.model_dump_json()


def test_a_definition_that_compares_a_number_stays_the_rule():
    rule = _criterion("Neutropenia as defined by ANC < 1500/mm3").rule
    assert [n.kind for n in rule.items] == ["condition", "lab_threshold"]


@pytest.mark.parametrize("text", [
    "Patients in whom heparin is contraindicated",
    "Heparin is contraindicated",
    "Contraindication to heparin",
])
def test_a_contraindication_after_or_before_the_drug_is_a_reason_not_to_take_it(text):
    rule = _criterion(text).rule
    assert rule.kind == "condition" and rule.name.startswith("contraindication_to_") and rule.open_vocabulary


# --- pregnancy and breastfeeding among the conditions ---------------------------------

WOMAN = {"age": 30, "sex": "female", "conditions": [{"name": "asthma", "status": "active"}]}


@pytest.mark.parametrize("complete", [["conditions"], []])
def test_a_pregnancy_no_list_records_stays_undecided(complete):
    assert _verdict("Pregnant or breastfeeding", WOMAN | {"complete": complete}) == "unknown"


def test_breastfeeding_recorded_as_a_condition_is_breastfeeding():
    patient = WOMAN | {"conditions": [{"name": "lactation", "status": "active"}], "complete": ["conditions"]}
    assert _verdict("Breastfeeding women", patient) == "met"


# --- status words leading a list qualify every member ---------------------------------------------

def test_a_leading_status_qualifies_every_member_of_the_list():
    rule = _criterion("Active tuberculosis, hepatitis B or HIV infection").rule
    assert rule.kind == "any_of" and [n.status for n in rule.items] == [("active",)] * 3


def test_a_member_with_a_status_of_its_own_keeps_it():
    rule = _criterion("Active tuberculosis or resolved hepatitis B").rule
    assert [n.status for n in rule.items] == [("active",), ("resolved",)]


def test_a_status_other_than_the_listed_ones_stays_with_the_first_member():
    rule = _criterion("Uncontrolled hypertension or asthma").rule
    assert [n.status for n in rule.items] == [("uncontrolled",), ()]


# --- both sexes, and "non-" before a reproductive status ------------------------------------------

@pytest.mark.parametrize("text", ["Male and non-pregnant female patients", "Men or women with asthma", "Female or male"])
def test_two_sexes_joined_admit_both(text):
    criterion = _criterion(text, "Inclusion")
    rule = criterion.rule
    sexes = [n.sex for n in (rule.items if rule.kind == "all_of" else (rule,)) if n.kind == "sex"]
    assert sexes == ["all"]


def test_non_pregnant_denies_the_pregnancy_and_a_man_meets_it():
    text = "Male and non-pregnant female patients"
    rule = _criterion(text, "Inclusion").rule
    assert any(n.kind == "not" and n.item.name == "pregnancy" for n in rule.items)
    assert _verdict(text, {"age": 40, "sex": "male"}, "Inclusion") == "met"


# --- a population whose time window follows the modal ---------------------------------------------

def test_who_must_be_some_time_after_an_event_is_the_population_of_those_who_had_it():
    criterion = _criterion("Recipients of a kidney transplant must be at least 21 days after the transplant", "Inclusion")
    assert criterion.population is not None and criterion.population.window is None
    never = {"age": 50, "sex": "female", "conditions": [], "therapies": [], "procedures": [],
             "complete": ["conditions", "therapies", "procedures"]}
    assert _verdict("Recipients of a kidney transplant must be at least 21 days after the transplant", never,
                    "Inclusion") == "not_applicable"


def test_a_window_without_a_modal_is_the_requirement_itself():
    assert _criterion("Prior radiotherapy within 4 weeks", "Inclusion").population is None


# --- what a complete record's silence may settle: it clears a patient, never rules one out ----------

WHOLE = {"conditions": [{"name": "essential hypertension"}], "therapies": [], "complete": ["conditions", "therapies"]}


@pytest.mark.parametrize(("text", "section", "expected"), [
    ("Diagnosis of type 2 diabetes mellitus", "Inclusion", "unknown"),  # silence would rule out
    ("History of HIV infection", "Exclusion", "not_met"),  # silence clears
    ("No history of stroke", "Inclusion", "met"),  # silence clears
    ("Prior treatment with chemotherapy", "Inclusion", "unknown"),
])
def test_silence_clears_but_never_rules_out(text, section, expected):
    assert _verdict(text, WHOLE, section) == expected


def test_silence_rules_out_when_the_record_is_declared_whole():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Diagnosis of type 2 diabetes mellitus\n")
    result = criteria.evaluate(tree, WHOLE, AS_OF, absence="decides")
    assert result.verdict("I1").value not in ("not_applicable", "met")  # silence in an inclusion: unknown
    cleared = criteria.evaluate(tree, WHOLE, AS_OF).criteria[0]
    assert "silence does not rule a patient out" in cleared.reason


def test_an_exclusion_by_absence_is_not_read_from_silence():
    """"Patients who have never had X" in an exclusion list would exclude on silence: unknown."""
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Patients who have never received chemotherapy\n")
    assert tree.exclusion[0].rule.kind == "not"
    assert criteria.evaluate(tree, WHOLE, AS_OF).verdict("E1").value == "unknown"
    assert criteria.evaluate(tree, WHOLE, AS_OF, absence="decides").verdict("E1").value == "met"


def test_who_a_criterion_is_about_is_settled_by_silence():
    """Not belonging to the population only makes a criterion not applicable: silence settles it."""
    text = "Patients with liver metastases: ALT ≤ 5 × ULN"
    assert _criterion(text, "Inclusion").population is not None
    assert _verdict(text, WHOLE, "Inclusion") == "not_applicable"


def test_a_record_of_another_kind_is_not_silence():
    text = "Histologically confirmed adenocarcinoma of the lung"
    other = {"conditions": [{"name": "squamous cell carcinoma of the lung"}], "complete": ["conditions"]}
    silent = {"conditions": [{"name": "gout"}], "complete": ["conditions"]}
    assert _verdict(text, silent, "Inclusion") == "unknown"
    assert _verdict(text, other, "Inclusion") in ("not_met", "unknown")


def test_the_absence_option_is_checked():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Age >= 18 years\n")
    with pytest.raises(criteria.errors.InputValueError, match="clears"):
        criteria.compile(tree, absence="closed")


# --- consent and compliance in an exclusion list are obstacles, whatever word says so --------------

@pytest.mark.parametrize("text", [
    "Difficulty complying with follow-up visits",
    "Unlikely to comply with the protocol",
    "Inability to comply with study visits",
    "Foreseeable difficulties in follow-up because the patient lives far away",
    "Families planning to move out of the area during the study",
    "Refusal to take the study tablets",
])
def test_an_exclusion_names_compliance_only_as_an_obstacle(text):
    rule = _criterion(text).rule
    assert rule.kind == "not" and rule.item.kind == "compliance"
    assert _verdict(text, {"will_comply": True}) == "not_met"
    assert _verdict(text, {"will_comply": False}) == "met"


def test_an_inclusion_of_compliance_keeps_its_reading():
    assert _criterion("Willing to comply with follow-up visits", "Inclusion").rule.kind == "compliance"


# --- kinds are not synonyms: a narrower term is its own concept under its parent ---------------------

@pytest.mark.parametrize(("text", "record", "expected"), [
    ("Type 1 diabetes mellitus", "type 2 diabetes mellitus", "not_met"),  # another kind
    ("Type 1 diabetes mellitus", "juvenile diabetes", "met"),
    ("History of diabetes", "type 2 diabetes", "met"),  # a kind of it is it
    ("Chronic lymphocytic leukemia", "acute lymphocytic leukemia", "not_met"),
    ("Leukemia", "chronic myeloid leukemia", "met"),
    ("Non-Hodgkin lymphoma", "Hodgkin lymphoma", "not_met"),  # another kind, as for lung cancer
    ("Glioblastoma", "low-grade glioma", "unknown"),
    ("Glioma", "glioblastoma multiforme", "met"),
])
def test_a_narrower_term_is_its_own_concept(text, record, expected):
    patient = {"conditions": [{"name": record}], "complete": ["conditions"]}
    assert _verdict(text, patient, "Inclusion") == expected


def test_castration_resistance_is_read_not_dropped():
    rule = _criterion("Metastatic castration-resistant prostate cancer", "Inclusion").rule
    assert rule.name == "castration_resistant_prostate_cancer" and rule.status == ("metastatic",)
    sensitive = {"conditions": [{"name": "hormone-sensitive prostate cancer"}], "complete": ["conditions"]}
    assert _verdict("Metastatic castration-resistant prostate cancer", sensitive, "Inclusion") == "unknown"


@pytest.mark.parametrize(("text", "record", "expected"), [
    ("Prior treatment with cisplatin", "carboplatin", "not_met"),  # a sibling agent is not the agent
    ("Prior platinum-based chemotherapy", "carboplatin", "met"),  # a member of the class is the class
    ("Prior chemotherapy", "cisplatin", "met"),  # and of every class above it
    ("Prior anti-PD-1 therapy", "ipilimumab", "not_met"),  # anti-CTLA-4: another checkpoint inhibitor
    ("Prior anti-PD-1 therapy", "nivolumab", "met"),
    ("Prior immunotherapy", "pembrolizumab", "met"),
    ("Prior allogeneic stem cell transplant", "autologous stem cell transplant", "not_met"),
    ("Prior thoracic radiotherapy", "whole brain radiotherapy", "not_met"),
    ("Prior radiotherapy", "whole brain radiotherapy", "met"),
])
def test_a_drug_or_therapy_matches_its_kinds_never_its_siblings(text, record, expected):
    patient = {"therapies": [{"name": record}], "complete": ["therapies"]}
    assert _verdict(text, patient) == expected


@pytest.mark.parametrize(("text", "record", "expected"), [
    ("Current use of SSRIs", "bupropion", "not_met"),
    ("Current use of SSRIs", "sertraline", "met"),
    ("Current use of antidepressants", "sertraline", "met"),
])
def test_a_medication_class_holds_its_members_only(text, record, expected):
    patient = {"medications": [{"name": record}], "complete": ["medications"]}
    assert _verdict(text, patient) == expected


def test_a_comma_between_a_status_and_its_term_joins_them():
    rule = _criterion("Interstitial lung disease or active, non-infectious pneumonitis").rule
    assert rule.kind == "any_of"
    assert [(n.name, n.status) for n in rule.items][1] == ("noninfectious_pneumonitis", ("active",))
    assert _criterion("Symptomatic, untreated brain metastases").rule.status == ("symptomatic", "untreated")


# --- agent-specific washouts and a recovery said after its cause --------------------------------------

def test_an_agent_named_in_parentheses_gets_its_own_washout():
    rule = _criterion("At least 3 weeks since prior chemotherapy (5 weeks for nitrosoureas or mitomycin C)",
                      "Inclusion").rule
    assert rule.kind == "all_of" and not [n for n in rule.walk() if n.kind == "unparsed"]
    general, special = rule.items
    assert (general.item.name, general.item.window.high, general.item.window.unit) == ("chemotherapy", 3, "week")
    assert special.kind == "not" and [(n.name, n.window.high) for n in special.item.items] == [
        ("nitrosourea", 5), ("mitomycin", 5)]
    text = "At least 3 weeks since prior chemotherapy (5 weeks for nitrosoureas or mitomycin C)"
    for end, expected in (("2025-12-20", "not_met"), ("2025-12-01", "met")):  # 3.7 and 6.4 weeks before
        lomustine = {"therapies": [{"name": "lomustine", "start": "2025-11-01", "end": end}], "complete": ["therapies"]}
        assert _verdict(text, lomustine, "Inclusion") == expected
    docetaxel = {"therapies": [{"name": "docetaxel", "start": "2025-11-01", "end": "2025-12-20"}], "complete": ["therapies"]}
    assert _verdict(text, docetaxel, "Inclusion") == "met"  # 3 weeks is enough for it


def test_recovered_said_after_its_cause():
    rule = _criterion("At least 4 weeks since prior radiotherapy and recovered", "Inclusion").rule
    assert [n.kind for n in rule.items] == ["not", "not"]
    assert (rule.items[1].item.name, rule.items[1].item.status) == ("toxicity", ("active",))


def test_fertile_patients_are_a_population_of_either_sex():
    criterion = _criterion("Fertile patients must use effective contraception", "Inclusion")
    assert criterion.rule.name == "contraception"
    assert criterion.population.name == "reproductive_potential"  # not childbearing: men too


@pytest.mark.parametrize(("text", "kind", "status"), [
    ("CMV seropositive", "condition", ("positive_test",)),
    ("No known HIV positivity", "not", None),
    ("HIV negative", "not", None),
    ("CMV seronegative", "not", None),
    ("Hepatitis C-negative", "not", None),
    ("HIV-negative patients", "not", None),
    ("Hepatitis B positive subjects", "condition", ("positive_test",)),
])
def test_a_test_result_after_its_infection(text, kind, status):
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind == kind and not [n for n in rule.walk() if n.kind == "unparsed"]
    if status:
        assert rule.status == status


def test_a_negative_result_before_the_persons_is_no_infection():
    # "HIV-negative patients with diabetes" asked for HIV before: the opposite of the text
    rule = _criterion("HIV-negative patients with diabetes", "Inclusion").rule
    assert rule.kind == "all_of"
    denied = [n for n in rule.items if n.kind == "not"]
    assert [n.item.name for n in denied] == ["hiv_infection"]
    assert "diabetes_mellitus" in {n.name for n in rule.items if n.kind == "condition"}


@pytest.mark.parametrize("text", ["Adults 18 years of age or older", "Adults aged 18 years or older",
                                  "Children aged 6 to 12 years"])
def test_an_age_group_before_a_stated_age_is_read_with_it(text):
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind == "age"
    assert rule.span.slice(f"Inclusion Criteria:\n\n* {text}\n").startswith(text.split()[0])


@pytest.mark.parametrize("text", ["Males and females aged 18-70 years", "Men and women aged 18 to 79"])
def test_both_sexes_before_an_age_are_either_sex(text):
    rule = _criterion(text, "Inclusion").rule
    assert [n.kind for n in rule.items] == ["sex", "age"] and rule.items[0].sex == "all"




@pytest.mark.parametrize(("text", "status"), [
    ("Decompensated heart failure", ("decompensated",)),
    ("Pre-existing pericardial effusion", ("known",)),
    ("Unresolved bacterial infection", ("active",)),
])
def test_more_status_words(text, status):
    rule = _criterion(text).rule
    assert rule.kind == "condition" and rule.status == status


def test_a_status_leading_a_list_reaches_every_member_and_tests_name_their_infection():
    text = ("Positive result on screening for hepatitis B surface antigen, hepatitis C antibodies or "
            "human immunodeficiency virus (HIV) antibodies")
    rule = _criterion(text).rule
    assert rule.kind == "any_of"  # the abbreviation "(HIV)" is the same term, not a second one
    assert [(n.name, n.status) for n in rule.items] == [
        ("hepatitis_b", ("positive_test",)), ("hepatitis_c", ("positive_test",)), ("hiv_infection", ("positive_test",))]
    # a test's finding: a record of the infection settles it, silence does not (the record holds no tests)
    assert _verdict(text, {"conditions": [{"name": "gout"}], "complete": ["conditions"]}) == "unknown"
    assert _verdict(text, {"conditions": [{"name": "chronic hepatitis C"}], "complete": ["conditions"]}) == "met"


def test_an_infection_test_read_alone():
    rule = _criterion("Hepatitis B surface antigen positive").rule
    assert (rule.name, rule.status) == ("hepatitis_b", ("positive_test",))


@pytest.mark.parametrize(("text", "name"), [
    ("Prisoners", "incarceration"),
    ("Patient under legal guardianship", "legal_guardianship"),
    ("Night shift workers", "shift_work"),
    ("Illiterate patients", "language_barrier"),
])
def test_social_circumstances_are_findings_a_record_holds(text, name):
    """Social findings are problem-list entries (SNOMED CT findings; Synthea records them as
    conditions): read as conditions, a complete list's silence clears an exclusion for them."""
    assert _criterion(text).rule.name == name
    assert _verdict(text, {"conditions": [{"name": "asthma"}], "complete": ["conditions"]}) == "not_met"
    assert _verdict(text, {"conditions": [{"name": "asthma"}]}) == "unknown"


@pytest.mark.parametrize(("text", "name"), [
    ("Diagnosis of common variable immunodeficiency", "common_variable_immunodeficiency"),
    ("Common Variable Immunodeficiency (CVID)", "common_variable_immunodeficiency"),
])
def test_a_vocabulary_kind_of_our_term_is_read_whole(text, name):
    """Our "immunodeficiency" inside the vocabulary's "common variable immunodeficiency" would drop
    "common variable": the longer term wins, with its code."""
    rule = _criterion(text, "Inclusion").rule
    assert rule.name == name and rule.code.system == "ICD-10-CM"
    assert not [n for n in rule.walk() if n.kind == "unparsed"]


def test_several_vocabulary_kinds_in_one_criterion():
    """Each longer vocabulary term drops ours inside it; a later one must still find its own."""
    rule = _criterion("Common variable immunodeficiency, gestational diabetes, or chronic ischemic heart disease "
                      "(IHD) or cerebrovascular disease").rule
    names = [n.name for n in rule.walk() if n.kind == "condition"]
    assert "common_variable_immunodeficiency" in names and "gestational_diabetes_mellitus" in names


@pytest.mark.parametrize("text", ["Active infection requiring systemic therapy",
                                  "Cardiac arrhythmia requiring medication",
                                  "Thyroid disease requiring treatment in the past 12 months"])
def test_a_condition_requiring_treatment_is_how_severe_it_is(text):
    """"requiring … antibiotics" says how severe the infection is; it asks for no antibiotic."""
    rule = _criterion(text).rule
    assert rule.kind == "condition" and "needs_treatment" in rule.status
    treated = {"conditions": [{"name": rule.name.replace("_", " "), "status": "active", "qualifiers": ["treated"]}]}
    untreated = {"conditions": [{"name": rule.name.replace("_", " "), "status": "active"}]}
    assert _verdict(text, treated) == "met"
    assert _verdict(text, untreated) == "unknown"  # whether it needs treatment the record does not say


def test_a_named_treatment_after_requiring_stays_named():
    rule = _criterion("Other diseases requiring immunosuppressive therapy").rule
    assert "immunosuppressive_therapy" in [getattr(n, "name", None) for n in rule.walk()]


@pytest.mark.parametrize(("text", "name"), [
    ("Decreased level of consciousness", "decreased_consciousness"),
    ("Carrying multiples", "multiple_pregnancy"),
    ("Do-not-resuscitate order", "do_not_resuscitate"),
    ("Failure to thrive", "failure_to_thrive"),
])
def test_more_conditions_the_lexicon_names(text, name):
    assert _criterion(text).rule.name == name
    assert _verdict(text, {"conditions": [{"name": "asthma"}], "complete": ["conditions"]}) == "not_met"


def test_symptoms_of_a_condition_are_a_status():
    rule = _criterion("Signs or symptoms of active infection").rule
    assert rule.kind == "condition" and set(rule.status) == {"symptomatic", "active"}


def test_kinds_listed_in_parentheses_and_a_diagnostic_manual():
    criterion = _criterion("Patients with bipolar disorders (I, II, NOS) diagnosed with DSM-5 criteria", "Inclusion")
    assert criterion.rule.name == "bipolar_disorder"  # the kinds named are all its kinds: the condition
    assert [r.about for r in criterion.remarks] == ["method"]  # how it is diagnosed: a remark


@pytest.mark.parametrize(("text", "record"), [
    ("DSM-IV defined Axis I disorders", "bipolar disorder"),
    ("Significant psychiatric illness", "schizophrenia"),
    ("History of coronary artery disease", "myocardial infarction"),
    ("Clinically significant heart disease", "atrial fibrillation"),
])
def test_a_broad_class_holds_its_kinds(text, record):
    assert _verdict(text, {"conditions": [{"name": record}], "complete": ["conditions"]}) in ("met", "unknown")
    assert _verdict(text, {"conditions": [{"name": record}], "complete": ["conditions"]}) != "not_met"
    rule = _criterion(text).rule
    assert record.replace(" ", "_") in {c.name for c in __import__("criteria").resources.event_descendants("condition", rule.name)}


def test_medications_described_by_their_class_are_the_class():
    text = "Herbal medications known to be strong inducers of CYP3A within 14 days"
    rule = _criterion(text).rule
    assert rule.kind == "medication" and rule.name == "cyp3a_inducer"  # not herbal medicine AND an inducer
    assert rule.span.slice(f"Exclusion Criteria:\n\n* {text}\n").startswith("Herbal")
    patient = {"medications": [{"name": "rifampin"}], "complete": ["medications"]}
    assert _verdict(text, patient) == "met"  # excluded though no herbal medicine was taken


def test_examples_take_the_terms_time_and_certainty_not_its_symptoms():
    rule = _criterion("Experiences symptoms of OSA, including snoring and sleepiness", "Inclusion").rule
    assert [(n.name, n.status) for n in rule.items] == [
        ("obstructive_sleep_apnea", ("symptomatic",)), ("snoring", ()), ("daytime_sleepiness", ())]
    assert _verdict("Experiences symptoms of OSA, including snoring and sleepiness",
                    {"conditions": [{"name": "snoring"}]}, "Inclusion") == "met"


def test_a_measure_in_time_reads_its_unit_word():
    text = "Pregnant, with gestational age < 23 weeks"
    rule = _criterion(text, "Inclusion").rule
    assert not [n for n in rule.walk() if n.kind == "unparsed"]


def test_treatment_initiation_is_the_first_dose():
    rule = _criterion("Must stop taking NSAIDs within one month of treatment initiation", "Inclusion").rule
    assert rule.window.anchor == "first_dose" and not [n for n in rule.walk() if n.kind == "unparsed"]


# --- a condition defined by a measure, as one member of a list ------------------------------------

@pytest.mark.parametrize("text", [
    "Any of the following: asthma, obesity (BMI > 30), or heart failure",
    "Risk factors such as asthma, obesity (BMI > 30) and heart failure",
    "History of asthma, obesity (BMI > 30) or heart failure",
])
def test_a_defined_condition_in_a_list_is_one_alternative(text):
    rule = _criterion(text, "Inclusion").rule
    alternatives = rule if rule.kind == "any_of" else next(n for n in rule.items if n.kind == "any_of")
    defined = next(n for n in alternatives.items if n.kind == "any_of")
    assert [n.kind for n in defined.items] == ["condition", "measure_threshold"]
    assert "measure_threshold" not in [n.kind for n in getattr(rule, "items", ()) if rule.kind == "all_of"]
    obese = {"age": 50, "sex": "male", "labs": [{"name": "bmi", "value": 33, "unit": "kg/m2"}]}
    assert _verdict(text, obese, "Inclusion") == "met"  # the measure alone settles its member


def test_a_list_s_leading_status_reaches_a_defined_condition():
    rule = _criterion("History of asthma, obesity (BMI > 30) or heart failure").rule
    defined = next(n for n in rule.items if n.kind == "any_of")
    assert defined.items[0].name == "obesity" and "history" in defined.items[0].status


# --- a bullet that says its list holds nothing -----------------------------------------------------

@pytest.mark.parametrize("text", ["None", "None.", "N/A", "Not applicable", "No exclusion criteria"])
def test_a_bullet_saying_none_asks_nothing(text):
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* Age 18 or older\n\nExclusion Criteria:\n\n* {text}\n")
    bullet = tree.exclusion[0]
    assert bullet.rule is None and [r.text for r in bullet.remarks] == [text]
    result = criteria.evaluate(tree, {"age": 30}, AS_OF)
    assert result.verdict("E1").value == "not_applicable" and result.status.value == "eligible"


@pytest.mark.parametrize("text", ["Not specified", "Age: Not specified", "Menopausal status not specified",
                                  "Hormone receptor status: unspecified", "No restrictions"])
def test_a_topic_not_specified_sets_no_limit(text):
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {text}\n")
    assert tree.inclusion[0].rule is None
    assert criteria.evaluate(tree, {"age": 30}, AS_OF).verdict("I1").value == "not_applicable"


@pytest.mark.parametrize("text", ["Prior therapy of a kind not specified in the protocol",
                                  "Any treatment for a cancer of a site that was not specified"])
def test_not_specified_ending_a_sentence_is_no_placeholder(text):
    assert _criterion(text, "Inclusion").rule is not None


def test_a_reference_elsewhere_asks_nothing_itself():
    """Not a condition called "disease", and not an unread criterion leaving everyone unknown."""
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* See Disease Characteristics\n* Age 18 or older\n")
    reference = tree.inclusion[0]
    assert reference.rule is None and [r.text for r in reference.remarks] == ["See Disease Characteristics"]
    result = criteria.evaluate(tree, {"age": 30}, AS_OF)
    assert result.verdict(reference.id).value == "not_applicable" and result.status.value == "eligible"


def test_none_inside_a_sentence_is_no_placeholder():
    assert _criterion("None of the following: asthma").rule is not None


# --- "non" before a one-word condition denies it -------------------------------------------------

@pytest.mark.parametrize("text", ["Non-smoker", "non smoker", "COPD, non smoker"])
def test_non_before_a_one_word_condition_denies_it(text):
    rule = _criterion(text, "Inclusion").rule
    denied = rule if rule.kind == "not" else next(n for n in rule.items if n.kind == "not")
    assert denied.item.name == "tobacco_use"
    assert "unparsed" not in rule.model_dump_json()


def test_non_before_a_longer_phrase_names_something_else():
    rule = _criterion("non-ST elevation myocardial infarction", "Inclusion").rule
    assert "not" not in [n.kind for n in rule.walk()]


# --- words joined by a bare "or" are one more alternative ----------------------------------------

@pytest.mark.parametrize(("text", "typed"), [
    ("Hypersensitivity to carboplatin or any of its zorbulating excipients", "carboplatin"),
    ("Asthma or zorbulation of the grommets.", "asthma"),
    ("ECOG performance status of 0 or zorbulated", "performance_status"),
])
def test_unread_words_joined_by_or_are_an_alternative_not_a_requirement(text, typed):
    either = next(n for n in _criterion(text).rule.walk() if n.kind == "any_of")
    assert "unparsed" in [n.kind for n in either.items]
    read = [getattr(n, "name", None) or n.kind for n in either.walk()]
    read += [c.name for n in either.walk() for c in getattr(n, "cause", ())]  # "hypersensitivity to carboplatin"
    assert typed in read


def test_an_exclusion_the_unread_alternative_may_hold_stays_open():
    nobody = {"age": 40, "conditions": [], "complete": ["conditions"]}
    assert _verdict("Asthma or zorbulation of the grommets.", nobody) == "unknown"  # never silently cleared
    assert _verdict("Asthma or zorbulation of the grommets.", {"age": 40, "conditions": [
        {"name": "asthma", "status": "active"}]}) == "met"


def test_unread_words_that_qualify_what_follows_are_no_alternative():
    rule = _criterion("Women who are breastfeeding or who plan to breastfeed").rule
    assert not any(n.kind == "any_of" and any(i.kind == "unparsed" for i in n.items) for n in rule.walk())


# --- a test result around the infection's test is read, not left over -----------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("Hepatitis B surface antigen (HBsAg) positive", "hepatitis_b"),
    ("Hepatitis C antibody (HCVAb) reactive", "hepatitis_c"),
    ("A positive hepatitis C antibody.", "hepatitis_c"),
])
def test_a_positive_test_word_is_the_test_s_status(text, name):
    rule = _criterion(text).rule
    assert rule.kind == "condition" and rule.name == name and "positive_test" in rule.status


# --- capabilities: "able to swallow tablets" ------------------------------------------------------

@pytest.mark.parametrize("text", ["Able to swallow pills", "Ability to take and retain oral medication",
                                  "Patients must be able to swallow tablets", "Must be able to take oral medications."])
def test_an_ability_is_a_capability(text):
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind == "capability" and rule.name == "swallowing_oral_medication"


@pytest.mark.parametrize("text", ["Inability to swallow capsules", "Unable to swallow tablets",
                                  "Patients unable to take oral medication", "Inability or unwillingness to swallow pills"])
def test_an_inability_is_the_capability_denied(text):
    rule = _criterion(text).rule
    assert rule.kind == "not" and rule.item.kind == "capability"


@pytest.mark.parametrize("text", ["Any condition that impairs the patient's ability to swallow whole pills",
                                  "Is unable to eat or drink, take oral medications, or hold them down",
                                  "Multiple factors affecting oral medication (such as swallow inability)"])
def test_a_capability_whose_polarity_is_not_read_stays_unread(text):
    """Read backwards it would exclude the patients who can swallow: unread is honest."""
    assert "capability" not in _criterion(text).rule.model_dump_json()


def test_unable_to_take_a_drug_stays_a_contraindication():
    rule = _criterion("Unable to take aspirin").rule
    assert "capability" not in rule.model_dump_json() and "aspirin" in rule.model_dump_json()


@pytest.mark.parametrize(("conditions", "complete", "expected"), [
    ([], True, "met"),  # a complete list without a swallowing problem
    ([{"name": "Dysphagia"}], False, "not_met"),
    ([{"name": "Difficulty swallowing"}], False, "not_met"),
    ([], False, "unknown"),  # silence of a list not vouched complete
])
def test_a_capability_holds_unless_a_denying_condition_is_recorded(conditions, complete, expected):
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Able to swallow tablets\n\n"
                                   "Exclusion Criteria:\n\n* Inability to swallow capsules\n")
    patient = {"age": 50, "conditions": conditions, **({"complete": ["conditions"]} if complete else {})}
    result = criteria.evaluate(tree, patient, AS_OF)
    exclusion = {"met": "not_met", "not_met": "met", "unknown": "unknown"}[expected]
    assert (result.verdict("I1").value, result.verdict("E1").value) == (expected, exclusion)
    assert "swallow oral medication" in result.criteria[0].reason


def test_a_capability_reads_in_english():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Able to swallow tablets\n\n"
                                   "Exclusion Criteria:\n\n* Unable to swallow tablets\n")
    text = criteria.render(tree, style="patient")
    assert "You must be able to swallow oral medicine" in text and "if you cannot swallow oral medicine" in text


# --- a condition something is about, not the patient's own --------------------------------------

@pytest.mark.parametrize(("text", "about"), [
    ("Increased risk of infection", "infection"),
    ("Patients at high risk for venous thromboembolism", "venous_thromboembolism"),
    ("Use of medications affecting sleep", "sleep"),
    ("No change in medications that could affect daytime sleepiness", "daytime_sleepiness"),
])
def test_a_condition_a_risk_or_drug_is_about_is_not_the_patients(text, about):
    """Read as the patient's own, 'increased risk of infection' would clear every patient without one."""
    rule = _criterion(text).rule
    assert about not in {getattr(n, "name", None) for n in rule.walk()}


@pytest.mark.parametrize("text", ["High-risk myelodysplastic syndrome", "Infection affecting the lungs"])
def test_a_condition_merely_near_risk_or_affecting_is_read(text):
    rule = _criterion(text).rule
    assert any(n.kind == "condition" for n in rule.walk())


# --- meeting a diagnosis's criteria is how it was made ---------------------------------------------

@pytest.mark.parametrize(("text", "name"), [
    ("Meets DSM-IV criteria for major depressive disorder", "major_depressive_disorder"),
    ("Fulfil at least 4 criteria for SLE as defined by the American College of Rheumatology (ACR)",
     "systemic_lupus_erythematosus"),
])
def test_meeting_the_criteria_for_a_diagnosis_is_a_remark_on_it(text, name):
    criterion = _criterion(text, "Inclusion")
    assert criterion.rule.kind == "condition" and criterion.rule.name == name


@pytest.mark.parametrize("text", ["All subjects with brain metastases, except those meeting the following criteria:",
                                  "Chronic hepatitis B is acceptable if subject meets entry criteria",
                                  "Males unable to fulfill the above criteria"])
def test_meeting_other_criteria_of_the_trial_is_no_remark(text):
    assert "unparsed" in _criterion(text).rule.model_dump_json()


# --- a negation reaching over a list: neither, never "not this or not that" -------------------------

def test_a_loose_negation_over_an_or_list_denies_every_item():
    rule = _criterion("Patients will not meet criteria for bipolar I disorder or schizophrenia", "Inclusion").rule
    assert rule.kind == "not" and rule.item.kind == "any_of" and len(rule.item.items) == 2


@pytest.mark.parametrize(("text", "about"), [
    ("History of significant bleeding disorder unrelated to cancer", "malignancy"),
    ("Significant medical disease not related to SLE", "systemic_lupus_erythematosus"),
    ("Antibiotic prophylaxis for endocarditis", "endocarditis"),
])
def test_a_condition_a_cause_or_a_prevention_is_about_is_not_required(text, about):
    """'Bleeding disorder unrelated to cancer' read as requiring cancer (or as exempting everyone
    with cancer) says something the text does not: the words stay unread beside the typed rule."""
    rule = _criterion(text).rule
    assert about not in {getattr(n, "name", None) for n in rule.walk()}
    assert "unparsed" in rule.model_dump_json()


# --- populations joined by "or" ---------------------------------------------------------------------

@pytest.mark.parametrize(("text", "who", "met"), [
    ("Women with breast cancer or men with prostate cancer", {"sex": "male", "conditions": [{"name": "prostate cancer"}]}, "met"),
    ("Male age 65 years or older or female age 55 years or older", {"sex": "female", "age": 60}, "met"),
    ("Male age 65 years or older or female age 55 years or older", {"sex": "male", "age": 60}, "not_met"),
    # an article between the "or" and the population word: the clause is still a population's
    ("Subject is a female subject of non-childbearing potential or a female subject of childbearing "
     "potential who agrees to use contraception", {"sex": "female", "childbearing_potential": False}, "met"),
])
def test_populations_joined_by_or_are_alternatives(text, who, met):
    """As one all_of, every patient had to be a woman and a man at once."""
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {text}\n")
    assert tree.inclusion[0].rule.kind == "any_of"
    assert criteria.evaluate(tree, {"age": 50, **who}, AS_OF).verdict("I1").value == met


@pytest.mark.parametrize("text", [
    "Male and female patients aged 18-65",  # one reading spans the join
    "Patients must have received prior chemotherapy, and patients must not have residual toxicity",  # "and" adds
])
def test_what_is_not_a_list_of_populations(text):
    assert _criterion(text, "Inclusion").rule.kind != "any_of"


def test_a_second_sentence_belongs_to_both_populations_of_the_first():
    criterion = _criterion("Female subjects must be postmenopausal or female subjects surgically sterilized. "
                           "All female subjects must have a negative pregnancy test", "Inclusion")
    # each sentence a part of its own: the test is asked of every woman, not of one alternative
    first, second = criterion.subcriteria
    assert second.rule.name == "negative_pregnancy_test" and second.population.sex == "female"
    assert not any(n.kind == "reproductive" and n.name == "negative_pregnancy_test" for n in first.rule.walk())


# --- an exclusion written as the requirement it imposes (issue 11, item 4) --------------------------

@pytest.mark.parametrize(("text", "kind"), [
    ("No evidence of active infection", "condition"),
    ("Must not have received immunosuppressants", "medication"),
    ("No untreated brain metastases.", "condition"),
    ("Must not be pregnant or breast-feeding.", "any_of"),
])
def test_an_exclusion_written_as_a_requirement_excludes_by_what_it_denies(text, kind):
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    criterion = tree.exclusion[0]
    assert criterion.rule.kind == kind  # the event itself, its negation words a remark
    assert criterion.remarks and criterion.remarks[0].text.lower().startswith(("no", "must not"))


def test_an_infected_patient_is_excluded_by_no_evidence_of_infection():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* No evidence of active infection\n")
    infected = {"age": 40, "conditions": [{"name": "infection", "status": "active"}]}
    clear = {"age": 40, "conditions": [], "complete": ["conditions"]}
    assert criteria.evaluate(tree, infected, AS_OF).verdict("E1").value == "met"
    assert criteria.evaluate(tree, clear, AS_OF).verdict("E1").value == "not_met"


@pytest.mark.parametrize("text", [
    "No informed consent",  # a requirement denied: its lack excludes
    "Not practicing adequate contraception",
    "No measurable disease at baseline",
    "No trastuzumab treatment was received",  # a state described, not a prohibition
    "Patients without diabetes",  # a description of a group, not "No …"
])
def test_a_denied_requirement_or_a_description_keeps_its_literal_reading(text):
    assert _criterion(text).rule.kind == "not"


def test_an_exclusion_requirement_after_its_subject_excludes_by_what_it_denies():
    rule = _criterion("Patients may not be receiving any other investigational agents").rule
    assert rule.kind == "prior_therapy" and rule.name == "investigational_agent"


def test_a_contraceptive_s_failure_rate_describes_the_method_not_the_patient():
    criterion = _criterion("Must use a highly effective method of contraception (failure rate of less than 1% per year)",
                           "Inclusion")
    assert criterion.rule.kind == "reproductive" and criterion.rule.name == "contraception"
    assert any("failure rate" in r.text for r in criterion.remarks)


def test_a_failure_rate_without_contraception_stays_a_measure():
    rule = _criterion("Treatment failure rate < 10%", "Inclusion").rule
    assert "remark" not in rule.model_dump_json() and rule.kind != "reproductive"


# --- statuses after the event they qualify ----------------------------------------------------------

@pytest.mark.parametrize(("text", "status"), [
    ("Brain metastases that are untreated", ("untreated",)),
    ("Hypertension, uncontrolled", ("uncontrolled",)),
    ("Brain metastases that are treated and stable", ("treated", "stable")),
])
def test_a_status_after_its_event_qualifies_it(text, status):
    rule = _criterion(text).rule
    assert rule.kind in ("condition", "prior_therapy", "procedure") and rule.status == status


def test_statuses_joined_by_or_are_no_status_of_the_event():
    rule = _criterion("Diabetes, controlled or uncontrolled").rule
    diabetes = next(n for n in rule.walk() if n.kind == "condition")
    assert diabetes.status == ()


def test_a_status_in_the_next_sentence_is_not_the_event_s():
    rule = _criterion("Untreated brain metastases. Asymptomatic, pretreated ones are allowed").rule
    first = next(n for n in rule.walk() if n.kind == "condition")
    assert first.status == ("untreated",)


# --- a negative result written before the infection ------------------------------------------------

@pytest.mark.parametrize("text", ["Negative HIV test", "Negative HIV and hepatitis B and C results",
                                  "Negative for hepatitis B surface antigen", "Documented negative HIV test"])
def test_a_negative_result_before_an_infection_is_no_infection(text):
    """Left a plain word, 'negative' let the infection alone be read as required."""
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind == "not"


def test_a_marker_negative_infection_is_a_kind_of_it():
    """The infection, never its absence; the marker's words, which say what kind, are residue of it
    (read as plain hepatitis B alone, the reading was looser than the text)."""
    rule = _criterion("Chronic HBeAg negative hepatitis B", "Inclusion").rule
    assert "not" not in [n.kind for n in rule.walk()]
    assert [n.name for n in rule.walk() if n.kind == "condition"] == ["hepatitis_b"]
    assert [n.text for n in rule.walk() if n.kind == "unparsed"] == ["HBeAg negative"]


def test_a_negative_test_dated_beside_a_positive_one_is_no_absence():
    """'Positive HIV serology within 12 weeks of a documented negative HIV serology': the negative
    test dates the infection; read as absence, the criterion asked for the infection and its absence."""
    rule = _criterion("Positive HIV-1 serology within 12 weeks of a documented negative HIV-1 serology", "Inclusion").rule
    assert "not" not in [n.kind for n in rule.walk()]


# --- an intention to become pregnant ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Women planning to become pregnant",
    "Subjects who intend to get pregnant within a year",
    "Planning a pregnancy",
    "Trying to conceive",
])
def test_a_plan_to_become_pregnant_is_an_intention_not_a_pregnancy(text):
    rule = _criterion(text).rule
    plans = [n for n in rule.walk() if n.kind == "reproductive"]
    assert [n.name for n in plans] == ["pregnancy_plan"]


def test_a_plan_to_become_pregnant_is_settled_only_by_sex_and_age():
    text = "Women planning to become pregnant"
    assert _verdict(text, {"sex": "male", "birth_date": "1990-01-01"}) == "not_met"
    assert _verdict(text, {"sex": "female", "birth_date": "1950-01-01"}) == "not_met"  # aged 60 or more
    assert _verdict(text, {"sex": "female", "birth_date": "1990-01-01"}) == "unknown"
    # a stated pregnancy is no plan to become pregnant: it settles nothing about one
    assert _verdict(text, {"sex": "female", "birth_date": "1990-01-01", "pregnant": False}) == "unknown"


@pytest.mark.parametrize(("text", "member"), [
    ("Pregnant or breastfeeding women, or women planning to become pregnant", "breastfeeding"),
    ("Females who are pregnant or lactating or who intend to become pregnant", "breastfeeding"),
    ("Pregnant women or women who plan a pregnancy", "pregnant"),
])
def test_pregnancy_breastfeeding_or_a_plan_are_alternatives(text, member):
    """Before, the plan's words were left over between the members, and the criterion asked to be
    pregnant, breastfeeding and planning a pregnancy at once: a breastfeeding woman was not excluded."""
    assert _verdict(text, {"sex": "female", "birth_date": "1990-01-01", member: True}) == "met"
    assert _verdict(text, {"sex": "male", "birth_date": "1990-01-01"}) == "not_met"


def test_a_sex_restated_after_or_belongs_to_its_member_only():
    rule = _criterion("Pregnant women or women who plan a pregnancy").rule
    assert rule.kind == "any_of"
    assert [n.kind for n in rule.items] == ["reproductive", "all_of"]
    assert [n.kind for n in rule.items[1].items] == ["sex", "reproductive"]


# --- over which period a commitment holds -----------------------------------------------------------

@pytest.mark.parametrize(("text", "period"), [
    ("Must agree to use effective contraception during the study", "during the study"),
    ("Women of childbearing potential must use birth control throughout the study period", "throughout the study period"),
    ("Must agree to use a barrier method of contraception throughout the trial", "throughout the trial"),
    ("Women who intend to become pregnant during the trial", "during the trial"),
])
def test_the_period_of_a_commitment_is_a_remark_on_it(text, period):
    criterion = _criterion(text, "Inclusion")
    assert "unparsed" not in [n.kind for n in criterion.rule.walk()]
    periods = [r.text for r in criterion.remarks if r.about == "period"]
    assert len(periods) == 1 and period.startswith(periods[0])  # edge words such as "the trial" aside


def test_the_period_beside_an_event_makes_it_one_to_come():
    """'Corticosteroids during the study' asks about use to come: the drug is planned (or current, going
    on into the study), the period a remark (tests/test_events_to_come.py)."""
    criterion = _criterion("Use of systemic corticosteroids during the study")
    assert "unparsed" not in [n.kind for n in criterion.rule.walk()]
    assert "planned" in criterion.rule.status
    assert any(r.about == "period" for r in criterion.remarks)


# --- an instruction refused -------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Unwilling to abstain from donating sperm",
    "Unable or unwilling to discontinue warfarin",
    "Inability to refrain from using NSAIDs",
])
def test_a_refused_instruction_is_no_compliance_not_the_event_denied(text):
    """Read with the event, the negation said "no sperm donation", "no warfarin": the very thing the
    text excludes the patient for."""
    rule = _criterion(text).rule
    assert rule.kind == "not" and rule.item.kind == "compliance"
    assert _verdict(text, {"will_comply": True}) == "not_met"
    assert _verdict(text, {"will_comply": False}) == "met"


def test_an_instruction_followed_stays_compliance():
    rule = _criterion("Willing to discontinue warfarin before enrolment", "Inclusion").rule
    assert rule.kind == "compliance"


@pytest.mark.parametrize("text", [
    "Unwilling to practice abstinence or use a condom",
    "Not willing to use contraception or practise abstinence",
])
def test_a_denial_goes_on_over_or_and_a_verb_to_an_event_of_its_kind(text):
    """Before, the second method was a requirement beside the denial of the first: "does not
    abstain, and uses a condom"."""
    rule = _criterion(text).rule
    assert rule.kind == "not" and rule.item.kind == "any_of"
    assert {n.kind for n in rule.item.items} == {"reproductive"}


# --- an organ's function said to be impaired is that organ's disease --------------------------------

@pytest.mark.parametrize(("text", "concept"), [
    ("Impaired renal function", "chronic_kidney_disease"),
    ("Poor kidney function", "chronic_kidney_disease"),
    ("Abnormal hepatic function", "liver_disease"),
    ("Compromised cardiac function", "heart_disease"),
])
def test_an_impaired_organ_function_is_the_organ_s_disease(text, concept):
    rule = _criterion(text).rule
    assert (rule.kind, rule.name) == ("condition", concept)


def test_an_adequate_organ_function_without_its_definition_stays_unread():
    """What is adequate is the protocol's: no absence of a diagnosis stands in for its thresholds."""
    assert _criterion("Adequate renal function", "Inclusion").rule.kind == "unparsed"


# --- "are not eligible", "will be excluded": the sentence's own verdict ------------------------------

@pytest.mark.parametrize("text", [
    "Patients with uncontrolled diabetes are not eligible",
    "Patients with uncontrolled diabetes will be excluded",
    "Subjects with uncontrolled diabetes are ineligible",
])
def test_a_sentence_saying_who_is_not_eligible_denies_it_in_an_inclusion(text):
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind == "not" and rule.item.name == "diabetes_mellitus"


@pytest.mark.parametrize("text", [
    "Patients with uncontrolled diabetes are not eligible",
    "Patients with uncontrolled diabetes will be excluded",
])
def test_a_sentence_saying_who_is_not_eligible_excludes_it_in_an_exclusion(text):
    rule = _criterion(text).rule
    assert rule.kind == "condition" and rule.name == "diabetes_mellitus"


def test_who_is_not_excluded_stays_a_permission():
    rule = _criterion("Patients with treated brain metastases are not excluded").rule
    assert rule.kind == "permitted"


# --- compliance with study requirements, and what denies it ------------------------------------------

@pytest.mark.parametrize("text", [
    "Must agree to adhere to all study requirements",
    "Willing to comply with the requirements of the study",
])
def test_study_requirements_are_protocol_compliance(text):
    assert _criterion(text, "Inclusion").rule.kind == "compliance"


@pytest.mark.parametrize("text", [
    "Psychiatric illness that would limit compliance with study requirements",
    "Substance abuse that may interfere with adherence to the study procedures",
    "Any condition that could compromise compliance with the protocol",
])
def test_a_verb_that_denies_compliance_is_its_negation(text):
    """Read as compliance, the exclusion ruled out a patient with the illness who will comply."""
    rule = _criterion(text).rule
    denied = [n for n in rule.walk() if n.kind == "not"]
    assert denied and denied[0].item.kind == "compliance"
    assert _verdict(text, {"will_comply": True, "conditions": [], "complete": ["conditions"]}) == "not_met"


def test_eligibility_for_something_else_is_no_verdict_of_the_trial():
    rule = _criterion("Chronic lymphocytic leukemia, not eligible for protocols of higher priority", "Inclusion").rule
    assert "not" not in [n.kind for n in rule.walk()] or all(
        n.item.kind != "condition" for n in rule.walk() if n.kind == "not")


def test_not_eligible_before_its_condition_negates_the_condition():
    rule = _criterion("Patients are not eligible if they have a known hypersensitivity to aspirin", "Inclusion").rule
    assert any(n.kind == "not" and n.item.kind == "condition" for n in rule.walk())


def test_a_sentence_s_own_verdict_denies_a_measure_in_an_inclusion_and_restates_an_exclusion():
    text = "Patients with hematocrit < 34% will be excluded."
    inclusion, exclusion = _criterion(text, "Inclusion").rule, _criterion(text).rule
    assert inclusion.kind == "not" and inclusion.item.kind == "lab_threshold"
    assert exclusion.kind == "lab_threshold"  # no leftover: the words restate the list's verdict


# --- whom a criterion is about, named by several words ------------------------------------------------

def test_a_population_described_twice_over_is_both():
    criterion = _criterion("Sexually active male patients must use effective contraception", "Inclusion")
    assert criterion.population.kind == "all_of"
    assert [n.kind for n in criterion.population.items] == ["reproductive", "sex"]
    assert criterion.rule.kind == "reproductive" and criterion.rule.name == "contraception"
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Sexually active male patients must use contraception\n")
    woman = criteria.evaluate(tree, {"sex": "female", "birth_date": "1990-01-01"}, AS_OF)
    assert woman.verdict("I1").value == "not_applicable"  # before, a woman failed: she is no man


def test_populations_listed_with_and_are_either_group():
    criterion = _criterion("Women of childbearing potential and men must agree to use adequate contraception", "Inclusion")
    assert criterion.population.kind == "any_of"
    assert criterion.rule.name == "contraception"


def test_words_between_two_rules_that_name_no_connective_make_no_population():
    criterion = _criterion("Prior cancer therapy allowed, with max 4 regimens of chemotherapy. Washout: at least 4 weeks",
                           "Inclusion")
    assert criterion.population is None


@pytest.mark.parametrize("text", ["Sexually active women who refuse to use reliable contraception",
                                  "Heterosexually active men not using a condom"])
def test_sexual_activity_is_a_reproductive_statement_no_profile_settles(text):
    rule = _criterion(text).rule
    assert any(n.kind == "reproductive" and n.name == "sexually_active" for n in rule.walk())


@pytest.mark.parametrize("text", [
    "Histologically confirmed breast cancer and must have measurable disease",
    "Diagnosis of breast cancer; must have received prior chemotherapy",
])
def test_a_requirement_before_a_new_clause_with_must_is_no_population(text):
    """Read as the population, a patient without breast cancer was 'not applicable' to an inclusion
    that requires it: looser than the text."""
    criterion = _criterion(text, "Inclusion")
    assert criterion.population is None
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {text}\n")
    result = criteria.evaluate(tree, {"birth_date": "1970-01-01", "conditions": [{"name": "asthma"}],
                                      "complete": ["conditions"]}, AS_OF)
    assert result.verdict("I1").value not in ("not_applicable", "met")  # silence in an inclusion: unknown


# --- the verb of a past procedure --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Patients who have undergone major surgery in the previous 3 months",
    "Major surgery performed within 12 weeks prior to randomization",
    "Underwent a hysterectomy",
])
def test_the_verb_of_a_past_procedure_is_read_with_it(text):
    """'undergone', 'performed' were left over and kept the procedure from a verdict."""
    rule = _criterion(text).rule
    assert rule.kind == "procedure"


def test_a_negation_reaches_over_the_verb_of_a_past_procedure():
    rule = _criterion("Women who have not undergone surgical sterilization (hysterectomy or bilateral oophorectomy)",
                      "Inclusion").rule
    assert any(n.kind == "not" and n.item.kind == "any_of" for n in rule.walk())


@pytest.mark.parametrize(("text", "name"), [
    ("Has experienced abdominal trauma", "abdominal_trauma"),
    ("Patients who have suffered a stroke", "stroke"),
])
def test_experienced_and_suffered_are_the_verb_of_a_past_condition_not_its_name(text, name):
    rule = _criterion(text).rule
    assert rule.kind == "condition" and rule.name == name and "history" in rule.status


@pytest.mark.parametrize("text", ["Patients who have never received radioiodine therapy (negative control group)",
                                  "Patients with asthma (cohort B)", "Patients with asthma (Part 2)"])
def test_a_parenthesis_naming_the_group_is_a_description(text):
    criterion = _criterion(text, "Inclusion")
    assert "unparsed" not in [n.kind for n in criterion.rule.walk()]
    assert any(r.about == "description" for r in criterion.remarks)


def test_a_parenthesis_with_other_words_stays_unread():
    criterion = _criterion("Patients with asthma (severe group)", "Inclusion")
    assert "unparsed" in [n.kind for n in criterion.rule.walk()]


# --- small words that had turned a reading around ----------------------------------------------------

@pytest.mark.parametrize("text", ["Non-metastatic prostate cancer", "Non metastatic prostate cancer"])
def test_non_before_a_status_never_reads_as_the_status(text):
    rule = _criterion(text, "Inclusion").rule
    assert all("metastatic" not in getattr(n, "status", ()) for n in rule.walk())


@pytest.mark.parametrize(("text", "high"), [("ECOG 0,1 or 2", 2.0), ("ECOG 0, 1, 2", 2.0), ("ECOG 0,1,2", 2.0),
                                            ("ECOG 0, 1", 1.0)])
def test_scores_listed_with_commas_are_a_range_not_a_decimal(text, high):
    """'0,1' had been read as the decimal 0.1, and '0, 1, 2' as ECOG 0 with '1, 2' left over."""
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind == "performance_status" and (rule.op, rule.value, rule.value_high) == ("between", 0.0, high)


def test_a_decimal_comma_before_a_unit_stays_a_number():
    assert _criterion("Creatinine < 1,5 mg/dL", "Inclusion").rule.value == 1.5


def test_a_measure_right_before_a_condition_grades_it_and_a_negation_denies_both():
    rule = _criterion("No New York Heart Association class II-IV congestive heart failure", "Inclusion").rule
    assert rule.kind == "not" and rule.item.kind == "all_of"
    assert {n.kind for n in rule.item.items} == {"condition", "measure_threshold"}


def test_positive_for_an_infection_is_a_positive_test():
    rule = _criterion("Positive for HIV").rule
    assert rule.name == "hiv_infection" and "positive_test" in rule.status


@pytest.mark.parametrize(("text", "site"), [("Adenocarcinoma of the prostate", "prostate"),
                                            ("Carcinoma of the breast", "breast")])
def test_of_the_site_after_a_condition_is_its_site(text, site):
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind == "condition" and rule.site == site


def test_a_capital_letter_ending_a_sentence_is_the_word_a_phrase_names():
    rule = _criterion("Known HIV infection or chronic hepatitis B or C.").rule
    assert "unparsed" not in [n.kind for n in rule.walk()]


@pytest.mark.parametrize("text", ["Type 1 or Type 2 diabetes mellitus", "Type I or II diabetes",
                                  "History of drug/alcohol abuse"])
def test_listed_kinds_of_one_condition_are_read_whole(text):
    assert "unparsed" not in [n.kind for n in _criterion(text).rule.walk()]


def test_a_relative_clause_denying_compliance_qualifies_the_events_right_before_it():
    rule = _criterion("Active infection, or psychiatric illness/social situations that would limit compliance").rule
    assert rule.kind == "any_of"
    infection, qualified = rule.items
    assert infection.name == "infection" and qualified.kind == "all_of"
    assert _verdict("Active infection, or psychiatric illness that would limit compliance",
                    {"will_comply": True, "conditions": [{"name": "infection", "status": "active"}],
                     "complete": ["conditions"]}) == "met"


@pytest.mark.parametrize("text", ["Chemotherapy-naïve patients with breast cancer", "Naïve to cytotoxic chemotherapy",
                                  "Ibrutinib naive"])
def test_naive_to_a_therapy_denies_it_and_no_event_after_it(text):
    rule = _criterion(text, "Inclusion").rule
    denied = [n for n in rule.walk() if n.kind == "not"]
    assert len(denied) == 1 and denied[0].item.kind == "prior_therapy"
    assert "unparsed" not in [n.kind for n in rule.walk()]


def test_naive_to_a_medication_is_no_use_ever_rather_than_not_current():
    """Not "not on insulin now" (looser than the text): no insulin ever (status history, which the
    evaluator reads as any use, ended or not; tests/test_naive_medications.py)."""
    rule = _criterion("Insulin naïve", "Inclusion").rule
    assert rule.kind == "not" and (rule.item.name, rule.item.status) == ("insulin", ("history",))


@pytest.mark.parametrize("text", ["Fasting serum cholesterol > 350 mg/dL", "Calculated or measured creatinine clearance >= 60 mL/min",
                                  "24-hour creatinine clearance > 50 mL/min", "Serum creatinine clearance > 40 mL/min"])
def test_how_a_lab_is_obtained_is_a_remark_or_part_of_its_name(text):
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind == "lab_threshold"


def test_diabetes_written_with_its_type_after_is_that_type():
    assert _criterion("Diabetes Mellitus, Type 2").rule.name == "type_2_diabetes_mellitus"


# --- the stage of a condition -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "stages"), [
    ("Histologically confirmed stage IV non-small cell lung cancer", ("IV",)),
    ("Stage III or IV ovarian cancer", ("III", "IV")),
    ("Stage IIIB-IV non-small cell lung cancer", ("IIIB", "IV")),
    ("Stage II-IV breast cancer", ("II", "III", "IV")),
    ("Stage 2 breast cancer", ("II",)),
])
def test_the_stage_before_a_condition_is_read_into_it(text, stages):
    """Before, 'stage IV' was taken in among the words before the condition and dropped: a reading
    looser than the text, with no trace."""
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind == "condition" and rule.stage == stages


def test_end_stage_is_no_stage():
    rule = _criterion("End-stage renal disease").rule
    assert rule.kind == "condition" and rule.stage is None


def test_a_stage_is_settled_by_the_stage_a_record_states_else_unknown():
    text = "Stage III or IV ovarian cancer"
    def verdict(qualifiers):
        patient = {"conditions": [{"name": "ovarian cancer", "qualifiers": qualifiers}], "complete": ["conditions"]}
        return _verdict(text, patient, "Inclusion")
    assert verdict(["stage IIIB"]) == "met"
    assert verdict(["stage I"]) == "not_met"
    assert verdict([]) == "unknown"


def test_a_stage_written_apart_from_its_condition_stays_unread():
    assert "unparsed" in [n.kind for n in _criterion("Distant metastases (stage IV)").rule.walk()]


# --- words passed over between a lead and its term ------------------------------------------------------

@pytest.mark.parametrize(("text", "residue"), [("Known meningeal leukemia", "meningeal"), ("No prior pelvic radiotherapy", "pelvic"),
                                               ("No concurrent intensive chemotherapy", "intensive")])
def test_a_content_word_between_a_lead_and_its_term_is_residue_under_the_same_negation(text, residue):
    """Passed over as filler, 'meningeal', 'pelvic' were lost: the reading said any leukemia, any
    radiotherapy. They are residue of the event, inside its negation."""
    rule = _criterion(text, "Inclusion").rule
    assert [n.text for n in rule.walk() if n.kind == "unparsed"] == [residue]
    if text.startswith("No"):
        assert rule.kind == "not" and rule.item.kind == "all_of"


def test_residue_keeps_the_event_in_its_list_and_its_window():
    rule = _criterion("History of major gastrointestinal tract surgery such as gastrectomy or gastroenterostomy").rule
    assert rule.kind == "any_of" and rule.items[0].kind == "all_of"
    windowed = _criterion("Treatment with systemic immunosuppressive medications within 2 weeks prior to enrolment").rule
    assert any(getattr(n, "window", None) is not None for n in windowed.walk())


def test_words_describing_consent_are_no_residue():
    rule = _criterion("Unable to personally sign the consent").rule
    assert rule.kind == "not" and rule.item.kind == "consent"


def test_a_verdict_with_residue_is_unknown_not_wrong():
    text = "No prior pelvic radiotherapy"
    some = {"therapies": [{"name": "radiotherapy", "start": "2020-01-01"}], "complete": ["therapies"]}
    assert _verdict(text, some, "Inclusion") == "unknown"  # which radiotherapy the record does not say
    assert _verdict(text, {"therapies": [], "complete": ["therapies"]}, "Inclusion") == "met"


def test_an_exclusion_written_as_a_requirement_excludes_by_the_event_with_its_residue():
    """'No prior pelvic radiotherapy' in an exclusion list excludes by the (pelvic) radiotherapy: the
    residue did not make the denial stay, which would have excluded everyone without it."""
    rule = _criterion("No prior pelvic radiotherapy").rule
    assert rule.kind == "all_of" and rule.items[0].kind == "prior_therapy"
    assert _verdict("No prior pelvic radiotherapy", {"therapies": [], "complete": ["therapies"]}) == "not_met"


# --- anchors named with the act at that point, receipt as a therapy received ---------------------

@pytest.mark.parametrize("text, anchor", [
    ("Chemotherapy =< 3 weeks prior to pre-registration", "registration"),
    ("Use of any antihistamines within 72 hours of the study start.", "enrollment"),
    ("Dosing in another clinical trial within 30 days prior to the study drug administration", "first_dose"),
    ("Chemotherapy within 4 weeks prior to the study drug start", "first_dose"),
    # the first day of treatment written with a comma or the other way round (it had been left over)
    ("Chemotherapy within 4 weeks prior to Cycle 1, Day 1", "first_dose"),
    ("Chemotherapy within 4 weeks prior to Day 1 of Cycle 1", "first_dose"),
])
def test_an_anchor_takes_in_the_act_named_after_it(text, anchor):
    rule = _criterion(text).rule
    assert rule.kind != "all_of", rule  # nothing left over beside the timed event
    assert rule.window.anchor == anchor


def test_an_anchor_does_not_reach_into_the_next_sentence():
    text = ("Blood pressure > 180 mmHg at screening. Initiation or adjustment of antihypertensive "
            "medication is allowed prior to screening.")
    words = [n.text for n in _criterion(text, "Inclusion").rule.walk() if n.kind == "unparsed"]
    assert any("Initiation" in w for w in words)


@pytest.mark.parametrize("text", [
    "Receipt of any investigational drug within 4 weeks of registration",
    "Prior receipt of whole brain radiation therapy",
])
def test_receipt_of_a_therapy_is_a_therapy_received(text):
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind in ("prior_therapy", "medication") and not [n for n in rule.walk() if n.kind == "unparsed"]



@pytest.mark.parametrize("text, name", [
    ("Contraindications to dasatinib administration", "contraindication_to_dasatinib"),
    ("Chronic aspirin use", "aspirin"),
    ("Administration of other investigational drugs within 30 days prior to screening visit.", "investigational_agent"),
])
def test_the_act_of_giving_a_drug_is_read_with_the_drug(text, name):
    rule = _criterion(text).rule
    assert name in [n.name for n in rule.walk() if n.kind in ("medication", "prior_therapy", "condition")]
    assert not [n for n in rule.walk() if n.kind == "unparsed" and ("administration" in n.text.lower() or " use" in n.text)]


@pytest.mark.parametrize("text, therapy", [
    ("Any concurrent treatment with any anti-cancer agents", "anticancer_therapy"),
    ("No anti-myeloma therapy within 14 days prior to registration", None),
    ("Use of anti-HIV drugs", None),
])
def test_what_a_therapy_is_against_is_no_condition_of_the_patient(text, therapy):
    rule = _criterion(text, "Inclusion").rule
    assert not [n for n in rule.walk() if n.kind == "condition"], rule
    assert [n.name for n in rule.walk() if n.kind == "prior_therapy"] == ([therapy] if therapy else [])


@pytest.mark.parametrize("text, name", [
    ("Males who have taken DHEA during the 3 months prior to study.", "dehydroepiandrosterone"),
    ("Patients who previously participated in any aliskiren study.", "aliskiren"),
])
def test_taken_and_participated_in_say_it_was_received(text, name):
    rule = _criterion(text).rule
    [event] = [n for n in rule.walk() if getattr(n, "name", None) == name]
    assert "history" in event.status or event.kind == "prior_therapy"
    assert not [n for n in rule.walk() if n.kind == "unparsed" and ("taken" in n.text or "participated" in n.text)]


def test_an_agent_washout_written_as_the_event_to_exclude_is_either_event_in_its_window():
    rule = _criterion("Systemic therapy within 4 weeks of registration (6 weeks for nitrosoureas or mitomycin C)").rule
    assert rule.kind == "any_of"
    first, agents = rule.items
    assert (first.name, first.window.high, first.window.unit) == ("systemic_therapy", 4.0, "week")
    assert [(a.name, a.window.high, a.window.unit) for a in agents.items] == [
        ("nitrosourea", 6.0, "week"), ("mitomycin", 6.0, "week")]
    recent = {"therapies": [{"name": "carmustine", "classes": ["nitrosourea"], "start": "2025-12-20", "end": "2025-12-20"}],
              "complete": ["therapies"]}
    assert _verdict("Systemic therapy within 4 weeks of registration (6 weeks for nitrosoureas)", recent) in ("met", "unknown")
    none = {"therapies": [], "complete": ["therapies"]}
    assert _verdict("Systemic therapy within 4 weeks of registration (6 weeks for nitrosoureas)", none) == "not_met"


def test_a_commitment_with_a_longer_period_for_some_is_no_washout():
    rule = _criterion("Men must use contraception through 120 days after the last dose (180 days for participants "
                      "receiving cisplatin)", "Inclusion").rule
    assert not (rule.kind == "any_of" and any(i.kind == "reproductive" for i in rule.items))


@pytest.mark.parametrize("text", [
    "Recovered from all toxicities to grade 1 or less",
    "Recovered from all toxicities of prior therapy to grade 1 or less",
    "Toxicities from prior therapy must have resolved to grade 1 or less",
    "All toxicities related to prior treatment resolved to ≤ grade 1",
])
def test_a_recovery_to_a_grade_keeps_the_grade_and_asks_for_no_toxicity(text):
    rule = _criterion(text, "Inclusion").rule
    recoveries = [n for n in rule.walk() if n.kind == "not" and getattr(n.item, "name", None) == "toxicity"]
    assert [(r.item.grade.op, r.item.grade.value) for r in recoveries] == [(">", 1)]
    # the toxicity that recovers is no toxicity the patient must have
    assert not [n for n in rule.walk() if n.kind == "condition" and n.name == "toxicity" and "active" not in n.status]
    grade_1 = {"conditions": [{"name": "peripheral neuropathy", "grade": 1, "status": "active"}], "complete": ["conditions"]}
    assert _verdict(text, grade_1, "Inclusion") != "not_met"  # a grade 1 toxicity is allowed


@pytest.mark.parametrize("text", [
    "No other malignancy except in situ carcinoma of the cervix",
    "Any other malignancy within 3 years except in situ carcinoma.",
])
def test_a_cue_overlapping_a_term_keeps_the_words_that_are_a_cue_themselves(text):
    # "except in" and the term "in situ carcinoma" overlap: the term wins, "except" stays a cue
    rule = _criterion(text).rule
    excepts = [n for n in rule.walk() if n.kind == "except"]
    assert excepts and "carcinoma_in_situ" in excepts[0].exceptions[0].name
    patient = {"conditions": [{"name": "carcinoma in situ of cervix"}], "complete": ["conditions"]}
    assert _verdict(text, patient) != "met"  # the exception does not exclude


def test_combination_antiretroviral_therapy_is_antiretroviral_therapy():
    rule = _criterion("Current combination antiretroviral therapy").rule
    assert (rule.kind, rule.name) == ("medication", "antiretroviral_therapy")  # a kind of antiviral therapy


def test_the_last_member_of_a_list_of_alternatives_after_and_is_one_more_alternative():
    rule = _criterion("Significant cardiac disease, including myocardial infarction, congestive heart failure, "
                      "unstable angina, and bradyarrhythmias.").rule
    assert rule.kind == "any_of" and rule.items[-1].kind == "unparsed"  # not a requirement beside the list
    patient = {"conditions": [{"name": "unstable angina"}], "complete": ["conditions"]}
    assert _verdict("Significant cardiac disease, including myocardial infarction, congestive heart failure, "
                    "unstable angina, and bradyarrhythmias.", patient) == "met"


def test_and_after_a_list_closed_by_or_is_a_requirement_of_its_own():
    rule = _criterion("Ongoing androgen deprivation therapy with an LHRH analogue, degarelix, or bilateral "
                      "orchiectomy, and castrate level of serum testosterone", "Inclusion").rule
    assert rule.kind == "all_of"
    assert any(i.kind == "unparsed" and "castrate" in i.text for i in rule.items)


def test_a_trademark_sign_and_users_of_say_nothing_more_than_the_drug():
    rule = _criterion("Previous exposure to ustekinumab (Stelara®).").rule
    assert not [n for n in rule.walk() if n.kind == "unparsed"]
    current = _criterion("Current users of bisphosphonates").rule
    assert (current.kind, current.name, current.status) == ("medication", "bisphosphonates", ("current",))


def test_a_completed_therapy_is_a_therapy_received():
    rule = _criterion("Patients must have completed chemotherapy at least 3 weeks prior to registration", "Inclusion").rule
    assert rule.kind == "prior_therapy" and not [n for n in rule.walk() if n.kind == "unparsed"]


def test_a_class_that_include_its_members_is_any_of_them():
    rule = _criterion("Patients taking anti-coagulants that include Coumadin or low molecular weight heparin").rule
    assert rule.kind == "any_of" and {i.name for i in rule.items} >= {"anticoagulant", "warfarin"}
    assert not [n for n in rule.walk() if n.kind == "unparsed"]


@pytest.mark.parametrize("text", [
    "Contraindications to propranolol including asthma, acidosis, hypotension",
    "Contraindications to biopsy, such as bleeding disorders or asthma",
])
def test_examples_of_a_contraindication_are_alternatives_to_it(text):
    rule = _criterion(text).rule
    assert rule.kind == "any_of" and rule.items[0].name.startswith("contraindication_to_")
    assert "asthma" in [i.name for i in rule.items]  # the example itself, not a contraindication to it
    assert _verdict(text, {"conditions": [{"name": "asthma"}], "complete": ["conditions"]}) == "met"


@pytest.mark.parametrize("text", [
    "Treatment with any investigational medication within 30 days prior to screening",
    "Received an experimental treatment within 4 weeks before enrollment",
    "Use of other investigational compounds within 28 days before the first dose",
    "Received an investigational medical product within 3 months",
])
def test_other_names_of_an_investigational_drug_are_that_drug(text):
    """"investigational medication", "experimental treatment", "investigational compounds" name the
    investigational drug as "investigational drug" does (they had been left over, the criterion unread)."""
    rule = _criterion(text).rule
    agents = [n for n in rule.walk() if n.kind == "prior_therapy" and n.name == "investigational_agent"]
    assert agents and agents[0].window is not None
    assert not [n for n in rule.walk() if n.kind == "unparsed"], str(rule)
    recent = {"therapies": [{"name": "study drug", "classes": ["investigational_agent"], "start": "2026-01-05",
                             "end": "2026-01-05"}], "complete": ["therapies"]}
    assert _verdict(text, recent) == "met"


# --- taking part in a study is the study event -----------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("Participation in a study of any investigational drug within the last 30 days", "investigational_agent"),
    ("Participation in any other interventional clinical trial within 4 weeks", "investigational_study"),
    ("Involvement in another investigational drug trial within 3 months", "investigational_agent"),
])
def test_words_naming_participation_are_read_with_the_study_term(text, name):
    criterion = _criterion(text)
    rule = criterion.rule
    assert (rule.kind, rule.name, rule.window is not None) == ("prior_therapy", name, True)
    assert rule.span.start == criterion.span.start  # the term took in "Participation in …"


def test_participation_in_something_else_is_not_read_as_a_study():
    rule = _criterion("Participation in sports within 30 days").rule
    assert "unparsed" in [n.kind for n in rule.walk()]


# --- "healthy" is a judgement of the people a criterion is about ------------------------------------

@pytest.mark.parametrize("text, others", [
    ("Healthy volunteers", []),
    ("In good general health", []),
    ("Healthy males or females", ["sex"]),
    ("Healthy adult subjects aged 18 to 45", ["age"]),
])
def test_healthy_people_are_judged_in_good_health_and_the_rest_is_read(text, others):
    rule = _criterion(text, "Inclusion").rule
    kinds = [n.kind for n in rule.walk() if n.kind not in ("all_of", "any_of")]
    assert sorted(kinds) == sorted(["investigator_judgement", *others])
    [judged] = [n for n in rule.walk() if n.kind == "investigator_judgement"]
    assert judged.name == "good_health"
    assert _verdict(text, {"age": 30, "sex": "male"}, "Inclusion") == "unknown"  # a judgement no record settles


def test_healthy_said_of_something_else_is_not_the_patients_health():
    rule = _criterion("An HLA-matched healthy donor is available", "Inclusion").rule
    assert "investigator_judgement" not in [n.kind for n in rule.walk()]


# --- how contraception is described is read with it ---------------------------------------------------

@pytest.mark.parametrize("text", [
    "Must agree to use an acceptable method of contraception",
    "Willing to use accepted and effective methods of birth control",
    "Must use highly effective methods of contraception",
])
def test_words_describing_contraception_are_read_with_it(text):
    rule = _criterion(text, "Inclusion").rule
    assert (rule.kind, rule.name) == ("reproductive", "contraception")


def test_a_count_of_contraception_methods_is_not_dropped():
    rule = _criterion("Must agree to use at least two methods of acceptable contraception", "Inclusion").rule
    assert "unparsed" in [n.kind for n in rule.walk()]  # "two methods": unread, never lost


# --- a drug class is matched by the drugs in it ---------------------------------------------------------

@pytest.mark.parametrize("text, drug, verdict", [
    ("Current use of NSAIDs", "ibuprofen 400 mg", "met"),  # before, "not met": the class did not know its members
    ("Current use of analgesics", "oxycodone", "met"),  # opioids and NSAIDs are analgesics
    ("Current use of analgesics", "naproxen", "met"),
    ("Use of narcotic medication within 4 weeks", "morphine", "met"),
    ("Current use of NSAIDs", "metformin", "not_met"),
])
def test_a_class_is_matched_by_a_member_on_record(text, drug, verdict):
    patient = {"medications": [{"name": drug}], "complete": ["medications"]}
    assert _verdict(text, patient) == verdict


@pytest.mark.parametrize("text", ["No contraindication to aspirin", "No known contraindications to aspirin"])
def test_a_denied_contraindication_is_no_reason_not_to_take_it(text):
    """In an inclusion, "No contraindication to X" had been "no history of X": a patient who had
    taken X failed it. It asks that there be no reason not to take X."""
    rule = _criterion(text, "Inclusion").rule
    assert rule.kind == "not" and rule.item.name == "contraindication_to_aspirin"
    on_aspirin = {"medications": [{"name": "aspirin"}], "conditions": [], "complete": ["conditions", "medications"]}
    assert _verdict(text, on_aspirin, "Inclusion") == "met"


def test_a_denial_after_a_contraindication_opens_a_clause_of_its_own():
    rule = _criterion("No contraindication to heparin No prior stroke", "Inclusion").rule
    names = {n.name for n in rule.walk() if n.kind == "condition"}
    assert "contraindication_to_stroke" not in names and "stroke" in names


@pytest.mark.parametrize("text, remark", [
    ("Current use of hydroxychloroquine for any reason", "for any reason"),
    ("Pneumonitis grade >= 2 (from any etiology)", "from any etiology"),
    ("Acute hepatitis due to any cause", "due to any cause"),
])
def test_any_cause_restricts_nothing(text, remark):
    """"for any reason", "due to any cause": the rule holds whatever the cause; the words are a remark,
    not unparsed text keeping it from a verdict."""
    crit = _criterion(text, "Exclusion")
    assert not any(n.kind == "unparsed" for n in crit.rule.walk()), str(crit.rule)
    assert [(r.text, r.about) for r in crit.remarks] == [(remark, "optional")]


def test_a_cause_that_restricts_is_no_remark():
    crit = _criterion("Acute hepatitis due to alcohol", "Exclusion")
    assert not any(r.about == "optional" for r in crit.remarks)
