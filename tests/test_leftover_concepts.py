"""Medical words once left beside the typed rules are read into them (issue 11, "nothing looser
than the text"): a concept the lexicon lacked ("COPD exacerbation", "superficial bladder
cancer"), a form of a known one ("in situ cervical cancer", "women of childbearing age"), a
qualifier or heading the tree already has a place for ("systemic fungal infection", "persistent
toxicity", "Adequate bone marrow function: ANC …"), and the ICD-10-CM descriptions that are one
gerund ("Vomiting"). A criterion that clearly holds can now be met; a word no reading takes stays
unparsed."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

import criteria

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from vocab_rules import condition_forms  # noqa: E402

AS_OF = date(2026, 3, 2)


def _criterion(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return (tree.inclusion or tree.exclusion)[0]


def _nodes(text: str, section: str = "Exclusion") -> list:
    return list(_criterion(text, section).rule.walk())


def _unparsed(text: str, section: str = "Exclusion") -> list[str]:
    return [n.text for n in _nodes(text, section) if n.kind == "unparsed"]


def _names(text: str, section: str = "Exclusion") -> set[str]:
    return {n.name for n in _nodes(text, section) if hasattr(n, "name")}


def _verdict(text: str, patient: dict, section: str = "Exclusion") -> str:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    cid = "E1" if section == "Exclusion" else "I1"
    return criteria.evaluate(tree, patient, AS_OF).verdict(cid).value


def _conditions(*names: str) -> dict:
    return {"age": 50, "sex": "female", "conditions": [{"name": n, "status": "active"} for n in names],
            "complete": ["conditions"]}


# --- one-word ICD descriptions are nouns (tools/vocab_rules.py) ---------------------------------------


@pytest.mark.parametrize("description, form", [
    ("Vomiting", "vomiting"), ("Wheezing", "wheezing"), ("Snoring", "snoring"),
    ("Sleepwalking [somnambulism]", "sleepwalking"), ("Pemphigoid, unspecified", "pemphigoid"),
])
def test_a_one_word_description_is_kept_as_its_noun(description, form):
    forms = condition_forms(description, description=True)
    assert form in forms and f"{form}s" in forms


@pytest.mark.parametrize("term", ["Immunocompromised NOS", "Falling", "Fit NOS"])
def test_no_plural_stands_without_its_singular(term):
    """An inclusion term's lone adjective or short word is dropped, and its plural with it."""
    assert condition_forms(term) == []


@pytest.mark.parametrize("text, name", [
    ("Persistent nausea or vomiting", "vomiting"),
    ("Wheezing at rest", "wheezing"),
    ("Loud snoring", "snoring"),
])
def test_gerund_conditions_are_read(text, name):
    assert name in _names(text)


def test_a_patient_who_vomits_meets_nausea_or_vomiting():
    assert _verdict("Nausea or vomiting", _conditions("vomiting")) == "met"
    assert _verdict("Nausea or vomiting", _conditions("asthma")) == "not_met"


# --- concepts and their specific kinds (data/lexicons/events.jsonl) ---------------------------------


@pytest.mark.parametrize("text", [
    "Other cancer except in situ cervical cancer",
    "Any other malignancy, except in-situ carcinoma of the cervix",
    "Prior malignancy other than cervical carcinoma in-situ",
])
def test_in_situ_cervical_cancer_is_the_existing_concept(text):
    assert "cervical_carcinoma_in_situ" in _names(text)
    assert not _unparsed(text)


@pytest.mark.parametrize("text", [
    "Superficial bladder tumors treated more than 2 years ago",
    "Known non-muscle invasive bladder cancer",
])
def test_superficial_bladder_cancer_is_a_kind_of_bladder_cancer(text):
    assert "non_muscle_invasive_bladder_cancer" in _names(text)
    assert not any("superficial" in u.lower() for u in _unparsed(text))


def test_a_superficial_bladder_cancer_is_a_bladder_cancer_not_the_reverse():
    record = _conditions("superficial bladder cancer")
    assert _verdict("History of bladder cancer", record) == "met"
    assert _verdict("History of superficial bladder cancer", record) == "met"
    assert _verdict("History of superficial bladder cancer", _conditions("urothelial carcinoma")) != "met"


@pytest.mark.parametrize("text, name", [
    ("COPD exacerbation requiring hospital admission within 8 weeks", "copd_exacerbation"),
    ("Acute exacerbation of chronic obstructive pulmonary disease in the last 3 months", "copd_exacerbation"),
    ("Asthma exacerbation treated with oral steroids within 6 weeks", "asthma_exacerbation"),
    ("Exacerbation of asthma in the past month", "asthma_exacerbation"),
])
def test_an_exacerbation_is_its_own_kind_of_the_disease(text, name):
    assert name in _names(text)
    assert not any("exacerbation" in u.lower() for u in _unparsed(text))


def test_an_exacerbation_is_a_record_of_copd_but_copd_is_no_exacerbation():
    assert _verdict("Known COPD", _conditions("COPD exacerbation")) == "met"
    assert _verdict("COPD exacerbation", _conditions("COPD exacerbation")) == "met"
    assert _verdict("COPD exacerbation", _conditions("chronic obstructive pulmonary disease")) != "met"


@pytest.mark.parametrize("text, name", [
    ("Prior cancer other than cervical cancer", "cervical_cancer"),
    ("Carcinoma of the uterine cervix, stage IB", "cervical_cancer"),
    ("Cancer in situ of the cervix treated by conisation", "cervical_carcinoma_in_situ"),
    ("Any carcinoma in-situ", "carcinoma_in_situ"),
    ("Concurrent opportunistic infections", "opportunistic_infection"),
    ("Symptomatic gallstones", "cholelithiasis"),
    ("Oral contraceptive pills within 1 month", "oral_contraceptives"),
    ("Choroidal melanoma", "uveal_melanoma"),
    ("Chest infection in the last 2 weeks", "respiratory_tract_infection"),
    ("Use of disease-modifying antirheumatic drugs", "disease_modifying_agent"),
    ("Clinically significant neurological disorders", "neurological_disorder"),
])
def test_concepts_the_lexicon_lacked(text, name):
    assert name in _names(text)
    assert not _unparsed(text) or "stage" in text.lower() or "conisation" in text


def test_cervical_cancer_is_a_malignancy_and_an_opportunistic_infection_an_infection():
    assert _verdict("History of malignancy", _conditions("cervical cancer")) == "met"
    assert _verdict("Active infection", _conditions("opportunistic infection")) == "met"
    assert _verdict("Opportunistic infection", _conditions("urinary tract infection")) != "met"


@pytest.mark.parametrize("text", ["Systemic lupus", "Systemic lupus erythematosis with renal involvement"])
def test_misspelt_and_short_forms_of_lupus(text):
    assert "systemic_lupus_erythematosus" in _names(text)


# --- qualifiers read into the condition (data/lexicons/qualifiers.jsonl) -----------------------------


def _qualifiers(text: str) -> set[str]:
    return {v for n in _nodes(text) for q in getattr(n, "qualifiers", ()) for v in q.values}


@pytest.mark.parametrize("text, value", [
    ("Active systemic fungal infection", "systemic"),
    ("Serious concomitant systemic disorder", "systemic"),
    ("Persistent toxicity of grade 2 from earlier treatment", "persistent"),
    ("Persistent jaundice", "persistent"),
])
def test_a_qualifier_before_a_condition_is_read_into_it(text, value):
    assert value in _qualifiers(text)
    assert not _unparsed(text)


@pytest.mark.parametrize("text, name", [
    ("Systemic treatment with steroids in the last 2 weeks", "corticosteroid"),
    ("Chronic systemic administration of glucocorticoids", "corticosteroid"),
    ("Systemic use of antibiotics within 5 days", "antibiotics"),
])
def test_a_route_before_a_word_of_receipt_is_the_drug_s(text, name):
    [event] = [n for n in _nodes(text) if getattr(n, "name", None) == name]
    assert [q.values for q in event.qualifiers] == [("systemic",)]
    source = _criterion(text).text
    assert event.span.start <= event.qualifiers[0].span.start  # the event's span holds its words
    assert not _unparsed(text) and source.lower().startswith(("systemic", "chronic"))


def test_a_route_before_a_word_of_receipt_of_no_drug_stays_unparsed():
    assert any("systemic" in u.lower() for u in _unparsed("Systemic treatment with the study drug planned"))


@pytest.mark.parametrize("text, value, site", [
    ("History of a primary brain tumour", "primary", "brain"),
    ("Known primary CNS tumours", "primary", "central_nervous_system"),
])
def test_a_qualifier_before_an_organ_and_its_condition_is_the_condition_s(text, value, site):
    [event] = [n for n in _nodes(text) if n.kind == "condition"]
    assert event.site == site and value in _qualifiers(text)
    assert event.span.start <= event.qualifiers[0].span.start
    assert not _unparsed(text)


@pytest.mark.parametrize("text", ["Active eye infection", "Eye surgery within 3 months", "Ocular allergy"])
def test_the_eye_is_an_organ(text):
    assert any(getattr(n, "site", None) == "eye" for n in _nodes(text))
    assert not _unparsed(text)


@pytest.mark.parametrize("text, value", [
    ("Melanoma in situ", "in situ"),
    ("Malignancy other than melanoma in-situ", "in situ"),
    ("Idiopathic Parkinson's disease", "idiopathic"),
])
def test_a_behaviour_after_the_term_and_a_cause_before_it(text, value):
    assert value in _qualifiers(text)
    assert not _unparsed(text)


def test_a_melanoma_in_situ_is_known_from_a_record_saying_so():
    assert _verdict("Melanoma in situ", _conditions("melanoma in situ of the back")) == "met"
    assert _verdict("Melanoma in situ", _conditions("invasive melanoma")) == "not_met"


def test_a_systemic_infection_is_known_only_from_a_record_saying_so():
    text = "Active systemic fungal infection"
    assert _verdict(text, _conditions("systemic fungal infection")) == "met"
    assert _verdict(text, _conditions("fungal infection")) == "unknown"  # where it is, the record does not say
    assert _verdict(text, _conditions("asthma")) == "not_met"


def test_a_route_still_does_not_qualify_a_condition():
    """"systemic" says how far a condition spreads; the other routes stay with therapies."""
    assert "oral" not in _qualifiers("Oral candidiasis")


# --- reproductive words (lexicon entries only) --------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Women of childbearing age not using contraception",
    "Female subjects of child-bearing age who refuse contraception",
])
def test_childbearing_age_is_childbearing_potential(text):
    assert "childbearing_potential" in _names(text)
    assert not any("age" in u.lower() for u in _unparsed(text))


def test_a_man_is_not_a_woman_of_childbearing_age():
    man = {"age": 40, "sex": "male"}
    assert _verdict("Women of childbearing age", man) == "not_met"


@pytest.mark.parametrize("text", [
    "A negative urine or serum pregnancy test before the first dose",
    "Negative serum/urine pregnancy test at screening",
])
def test_a_negative_pregnancy_test_of_either_kind(text):
    assert "negative_pregnancy_test" in _names(text, "Inclusion")
    assert not _unparsed(text, "Inclusion")


@pytest.mark.parametrize("text", [
    "Agree to use contraception (hormonal or barrier method; or abstinence)",
    "Use an IUD, a diaphragm with spermicide or a cervical cap",
    "A hormonal intrauterine device or a non-hormonal method",
    "Use of a hormonal contraceptive, condoms or abstinence",
])
def test_a_hormonal_method_is_contraception(text):
    assert "contraception" in _names(text, "Inclusion")
    assert not any("hormonal" in u.lower() for u in _unparsed(text, "Inclusion"))


@pytest.mark.parametrize("text, name", [
    ("Hormonal agents within 4 weeks before enrolment", "hormonal_therapy"),
    ("Prior hormonal anticancer therapy for metastatic disease", "hormonal_therapy"),
    ("Hormonal replacement therapy", "replacement_therapy"),
])
def test_hormonal_therapies(text, name):
    assert name in _names(text)
    assert not any("hormonal" in u.lower() for u in _unparsed(text))


def test_surgically_sterilized_is_the_status_surgically_sterile_is():
    assert "postmenopausal" in _names("Women who were surgically sterilised", "Inclusion")


def test_premenopausal_women_are_women_whose_status_no_profile_states():
    criterion = _criterion("Premenopausal women with hot flushes", "Inclusion")
    sexes = [n for n in criterion.rule.walk() if n.kind == "sex"] + (
        [criterion.population] if getattr(criterion, "population", None) else [])
    assert any(n.qualifier == "premenopausal" for n in sexes)
    assert _verdict("Premenopausal women", {"age": 40, "sex": "male"}, "Inclusion") == "not_met"
    assert _verdict("Premenopausal women", {"age": 40, "sex": "female"}, "Inclusion") == "unknown"


def test_amenorrheic_says_how_long_amenorrhea_has_lasted():
    nodes = _nodes("Amenorrheic for at least 12 months", "Inclusion")
    [condition] = [n for n in nodes if n.kind == "condition"]
    assert condition.name == "amenorrhea" and condition.window.relation == "lasting"


# --- an organ heading the values after it (parse/compose/leftovers.py) --------------------------------


@pytest.mark.parametrize("text", [
    "Adequate bone marrow function: ANC >= 1.5 x 10^9/L and platelets >= 100 x 10^9/L",
    "Adequate bone marrow and organ function (ANC >= 1500/mm3)",
    "Bone marrow: haemoglobin >= 9 g/dL",
    "Adequate bone marrow, liver and kidney function: ANC >= 1500/mm3",
])
def test_an_organ_heading_lab_values_is_no_leftover(text):
    assert not _unparsed(text, "Inclusion")


def test_an_organ_said_anything_else_of_stays_unparsed():
    assert any("marrow involvement" in u for u in _unparsed("ANC >= 1500/mm3 and no bone marrow involvement", "Inclusion"))


@pytest.mark.parametrize("text, not_this", [
    ("Non-measurable disease only", "measurable_disease"),
    ("Non-malignant hematologic disease", "malignancy"),
])
def test_non_before_a_phrase_names_a_thing_of_its_own(text, not_this):
    """"Non-measurable disease" is no measurable disease with a stray "non": the words name a
    condition of their own, read by its words (no lexicon concept, no code)."""
    names = _names(text)
    assert not_this is None or not_this not in names
    assert any(name.startswith("non_") for name in names)


def test_non_before_one_word_still_denies_it():
    assert "tobacco_use" in _names("Non-smoker")


def test_a_parenthesis_saying_whom_a_sentence_is_for_is_no_alternative():
    """"X. (For non-prostate cancer patients)": the parenthesis belongs to the sentence before it;
    read as a sentence of its own it became one more way to be excluded."""
    tree = criteria.parse_criteria("Exclusion Criteria:\n* Prostatic intraepithelial neoplasia without "
                                   "evidence of prostate cancer. (For non-prostate cancer patients)\n")
    assert tree.exclusion[0].rule.kind == "all_of"


@pytest.mark.parametrize("text", ["No prior CLL-directed therapy", "Prior melanoma-targeted treatment"])
def test_a_condition_a_treatment_is_aimed_at_is_no_condition_of_the_patient(text):
    """"No prior CLL-directed therapy" denied the trial's own disease when CLL was read as the
    patient's condition; the words name what a treatment was aimed at."""
    assert not {"chronic_lymphocytic_leukemia", "melanoma"} & _names(text, "Inclusion")


@pytest.mark.parametrize("text", ["No prior treatment for lung cancer", "No prior therapy for metastatic disease"])
def test_a_treatment_for_the_disease_is_no_denial_of_the_disease(text):
    """"No prior therapy for metastatic disease" had denied the trial's own disease; it denies
    anticancer therapy, what it was for kept as residue under the denial."""
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n* {text}\n")
    rule = tree.inclusion[0].rule
    assert rule.kind == "not"
    assert "anticancer_therapy" in {n.name for n in rule.walk() if getattr(n, "name", None)}
    assert not {"lung_cancer", "metastatic_disease"} & {n.name for n in rule.walk() if getattr(n, "name", None)}
    verdict = criteria.evaluate(tree, {"therapies": [], "complete": ["therapies"]}, date(2026, 3, 2)).verdict("I1")
    assert verdict.value == "met"


def test_what_a_listed_event_was_for_is_its_residue():
    tree = criteria.parse_criteria("Exclusion Criteria:\n* Prior radiotherapy for some palliative reason\n")
    rule = tree.exclusion[0].rule
    assert rule.kind == "all_of" and rule.items[0].kind == "prior_therapy"


@pytest.mark.parametrize("text, names", [
    ("Eligible for autologous stem cell transplantation", {"autologous_stem_cell_transplant"}),
    ("Not suitable for surgery or radiotherapy", {"surgery", "radiotherapy"}),
    ("Fit for an intensive induction chemotherapy", {"chemotherapy"}),
])
def test_a_treatment_the_patient_is_eligible_for_is_planned_not_had(text, names):
    """"Eligible for autologous stem cell transplant" had read as a past transplant; it is a
    planned one, as "candidate for" is, and each member of a list after it is."""
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n* {text}\n")
    events = [n for n in tree.inclusion[0].rule.walk() if getattr(n, "name", None) in names]
    assert events and all("planned" in n.status for n in events)


def test_eligible_for_the_study_names_no_treatment():
    tree = criteria.parse_criteria("Inclusion Criteria:\n* Nursing women are not eligible for this trial as "
                                   "chemotherapy is a risk to the infant\n")
    assert not any("planned" in getattr(n, "status", ()) for n in tree.inclusion[0].rule.walk())
