"""Plain words for patients: units spelled out, the glossary, the trial's own words cleaned, numbers for people."""

import re

import pytest
from pydantic import ValidationError

from criteria.tree.nodes import Alternative, Condition, Criterion, LabThreshold, PerformanceStatus
from criteria.render.english import sentence
from criteria.render.english_numbers import human_units
from criteria.render.english_document import criterion_body
from criteria.render.english_source import clean, definitions, sentences
from criteria.render.plain_words import (
    GlossaryEntry, UnitWords, _glossary, common_words, scale_words, spell_out, spelled_units, unit_words,
)


def test_units_read_as_words_and_unknown_units_stay_as_written():
    assert unit_words("10^9/L") == "billion per litre"
    assert unit_words("g/dL") == "grams per decilitre"
    assert unit_words("furlong/fortnight") is None and unit_words(None) is None


def test_the_glossary_says_what_a_performance_bound_means_in_daily_life():
    assert scale_words("ecog", 2).startswith("able to care for yourself")
    assert scale_words("lansky", 70) == scale_words("karnofsky", 70)
    ecog = PerformanceStatus(scale="ecog", op="between", value=0, value_high=1)
    assert sentence(ecog, "inclusion", "patient") == (
        "You must be able to do light work, even if hard physical activity is difficult "
        "(ECOG performance status 0 to 1).")
    # "ECOG ≥ 2" asks for illness, not an ability: the bound is said as written
    assert "able to" not in sentence(PerformanceStatus(scale="ecog", op=">=", value=2), "exclusion", "patient")
    assert sentence(ecog, "inclusion", "clinician") == "ECOG 0–1"


def test_glossary_rows_are_validated():
    with pytest.raises(ValidationError):
        GlossaryEntry(term="ULN", kind="slang", patient="x")
    with pytest.raises(ValidationError):
        UnitWords(unit="g/dL", patient="")
    assert spell_out("AST < 3 x ULN") == "AST < 3 x the upper limit of normal for the lab"


def test_short_forms_the_trial_defines_are_spelled_out_for_patients():
    text = "Symptomatic central nervous system (CNS) metastases.\nAny CNS disease is stable. SOC(Standard of Care) scans."
    found = definitions(text)
    assert found["CNS"] == "central nervous system" and found["SOC"] == "Standard of Care"
    assert clean("Any CNS disease is stable", "patient", found) == "Any central nervous system disease is stable"
    assert clean("central nervous system (CNS) metastases", "patient", found) == (
        "central nervous system (CNS) metastases")  # the definition itself is kept
    assert clean("Any CNS disease", "clinician", found) == "Any CNS disease"


def test_comparators_read_as_words_for_patients_only():
    written = "ANC \\>= 1.5 x 10^9/L, AST <3 x ULN, age ≥19, QTc > 470 ms"
    assert clean(written, "patient") == ("ANC at least 1.5 billion per litre, AST less than 3 times the upper limit "
                                         "of normal for the lab, age at least 19, QTc more than 470 milliseconds")
    assert clean(written, "clinician") == "ANC >= 1.5 x 10^9/L, AST <3 x ULN, age ≥19, QTc > 470 ms"


@pytest.mark.parametrize(("reason", "expected"), [
    ("platelet count 65 10^9/L is not ≥ 100 10^9/L", "platelet count 65 × 10⁹/L is not ≥ 100 × 10⁹/L"),
    ("count 9e+04 1/mm^3 is low", "count 90,000/mm³ is low"),
    ("needs ≥ 30 mL/min/(1.73 m^2)", "needs ≥ 30 mL/min/(1.73 m²)"),
    ("oxygen saturation 97 % is > 90 percent", "oxygen saturation 97 % is > 90%"),
    ("bilirubin 20 umol/L", "bilirubin 20 µmol/L"),
    ("age 90 years (as stated) is > 85 years", "age 90 years (as stated) is > 85 years"),
])
def test_reasons_show_numbers_and_units_as_people_write_them(reason, expected):
    assert human_units(reason) == expected


# --- common words for medical and formal ones (issue 17: plain English a patient can read) ----------


@pytest.mark.parametrize(("written", "plain"), [
    ("Myocardial infarction prior to enrollment", "Heart attack before joining the study"),
    ("Patients who are asymptomatic are eligible", "Patients who have no symptoms can take part"),
    ("are eligible for surgery", "are eligible for surgery"),  # a kept compound: not "can take part for surgery"
    ("Evidence of disease requiring serum tests", "Signs of disease needing blood tests"),
    ("serum sickness", "serum sickness"),
    ("have undergone a major surgical procedure", "have had a major operation"),
    ("a hypersensitivity to any excipients", "an allergy to any inactive ingredients"),  # the article follows
    ("An investigational agent (eg, X) etc.", "A study drug (for example, X) and so on"),
    ("pulmonary hypertension or hypertension", "pulmonary hypertension or high blood pressure"),  # a kept compound
    ("adrenal and extra-pulmonary disease", "adrenal and extra-pulmonary disease"),  # whole words only
    ("human immunodeficiency virus (HIV) infection", "HIV infection"),  # the short form said once
    ("women of childbearing potential", "women able to become pregnant"),
])
def test_medical_and_formal_words_read_as_common_words(written, plain):
    assert common_words(written) == plain


def test_common_words_are_said_once_and_never_add_a_fact():
    words = {term: patient for (kind, term), patient in _glossary().items() if kind == "word"}
    assert len(words) > 100
    for term, patient in words.items():
        assert common_words(patient) == patient, term  # cleaning twice reads as cleaning once
        assert not re.search(r"\d|\b(?:at least|more than|less than|days?|weeks?|months?|years?)\b", patient), term
    with pytest.raises(ValidationError):
        GlossaryEntry(term="Hepatic", kind="word", patient="liver")  # matched case-blind: written in lower case
    with pytest.raises(ValidationError):
        GlossaryEntry(term="recent", kind="word", patient="in the last 3 months")  # would add a time and a number


def test_the_trials_own_words_break_at_semicolons_into_sentences_for_patients():
    assert sentences("Hemoglobin at least 9 g/dL; platelets at least 100 per litre; or on red cell transfusion;") == (
        "Hemoglobin at least 9 g/dL. Platelets at least 100 per litre. Or on red cell transfusion")
    # a list of names, not of statements: no sentence of one word
    assert sentences("Positive titers to HIV1,2; HTLV1; or VDRL") == "Positive titers to HIV1,2; HTLV1; or VDRL"
    assert sentences("a dose (5 mg; 10 mg) of X,") == "a dose (5 mg; 10 mg) of X"  # an aside's semicolon stays
    assert clean("Smoking within 3 months prior to screening; heavy alcohol use each day;", "patient") == (
        "Smoking within 3 months before screening. Heavy alcohol use each day")
    assert clean("Smoking prior to screening; alcohol abuse;", "clinician") == "Smoking prior to screening; alcohol abuse;"


def test_our_own_sentences_use_the_common_words_too():
    rule = Condition(name="myocardial_infarction")
    criterion = Criterion(id="E1", section="exclusion", text="MI", rule=rule)
    assert criterion_body(criterion, "patient") == "You cannot take part if you have heart attack."
    assert "myocardial infarction" in criterion_body(criterion, "clinician")


@pytest.mark.parametrize(("written", "spelled"), [
    ("ANC at least 1.5 x 10^9/L", "ANC at least 1.5 billion per litre"),  # the power takes the times sign
    ("WBC 3.0 x 109/L", "WBC 3.0 billion per litre"),  # a superscript lost: read only after a times sign
    ("WBC 3.0 109/L", "WBC 3.0 109/L"),
    ("platelets 100,000/mm3, Hb 9 g/dL", "platelets 100,000 per cubic millimetre, Hb 9 grams per decilitre"),
    ("ANC 1.5 G/L or albumin 30 g/L", "ANC 1.5 billion per litre or albumin 30 grams per litre"),  # case says which
    ("eGFR 30 mL/min/1.73 m2, 2 mm", "eGFR 30 mL/min/1.73 m2, 2 mm"),  # no words in the glossary: as written
])
def test_units_in_the_trials_words_read_as_the_trees_units(written, spelled):
    assert spelled_units(written) == spelled


def test_a_subgroups_bound_says_the_limit_once_and_speaks_to_the_patient():
    bilirubin = LabThreshold(analyte="total_bilirubin", op="<=", value=1.5, relative_to="ULN", alternatives=(
        Alternative(condition="Gilbert syndrome", op="<=", value=3, relative_to="ULN"),
        Alternative(condition="liver metastases", op="<=", value=3, unit="mg/dL"),
    ))
    said = sentence(bilirubin, "inclusion", "patient")
    assert said.count("the upper limit of normal") == 1 and "3 times that limit if you have Gilbert syndrome" in said
    assert "3 milligrams per decilitre if you have liver metastases" in said
    assert "if Gilbert syndrome" in sentence(bilirubin, "inclusion", "clinician")


def test_a_term_given_twice_in_the_glossary_is_an_error(monkeypatch):
    from criteria.errors import ResourceError
    from criteria.render import plain_words

    rows = [GlossaryEntry(term="renal", kind="word", patient="kidney")] * 2
    monkeypatch.setattr(plain_words, "load_jsonl", lambda *_: rows)
    plain_words._glossary.cache_clear()
    try:
        with pytest.raises(ResourceError, match="given twice"):
            plain_words._glossary()
    finally:
        plain_words._glossary.cache_clear()


# --- a long inline list of the trial's set out one item a line (issue 17: readability) ---------------


def test_a_long_inline_list_reads_one_item_a_line_every_word_kept():
    written = ("Use of theophyllines, oral leukotriene inhibitors, long-acting oral beta-agonists, or inhaled "
               "long-acting beta-agonists as rescue medicines. Other use is fine.")
    said = clean(written, "patient")
    assert said.split("\n") == [
        "Use of theophyllines,", "oral leukotriene inhibitors,", "long-acting oral beta-agonists,",
        "or inhaled long-acting beta-agonists as rescue medicines.", "Other use is fine."]
    assert " ".join(said.split()) == " ".join(written.split())  # only the line breaks are new
    assert clean(written, "clinician") == written  # clinicians read the text as written
    lead = clean("Major symptoms: increase in shortness of breath, increase in sputum volume, and change in "
                 "sputum colour.", "patient")
    assert lead.split("\n")[:2] == ["Major symptoms:", "increase in shortness of breath,"]


@pytest.mark.parametrize("written", [
    "History of A, B, or C.",  # short: reads well inline
    "Crohn's disease of the esophagus, the stomach, the duodenum, or the jejunum in the last year or so.",  # names
    "Any serious condition which, in the opinion of the study doctor, would interfere with the safety of it all, "
    "or the results.",  # commas of a clause, not of a list
    "Severe high blood pressure as defined by a reading above the percentile for age, gender and height on "
    "active therapy, on 2 or more medicines",  # no written end of a list
    # a time the whole list may share: on the last item's line it would read as that item's alone
    "Use of theophyllines, oral leukotriene inhibitors, long-acting oral beta-agonists, or inhaled long-acting "
    "beta-agonists within 48 hours of Visit 1",
    "Alanine aminotransferase (ALT), aspartate aminotransferase (AST), total bilirubin, or creatinine greater than "
    "1.5 times the upper limit of normal.",  # a bound the whole list may share
    "Patients that have received radiation therapy within 4 weeks, excluding those who received local "
    "irradiation, and recovered from all side effects",  # an exception leaning on what came before
])
def test_commas_that_are_not_a_list_stay_inline(written):
    assert "\n" not in clean(written, "patient")


def test_a_list_whose_items_each_have_their_own_bound_reads_one_a_line():
    said = clean("PR interval greater than 200 ms, QRS duration greater than 120 ms, or QTc greater than 450 ms "
                 "on the screening heart tracing", "patient")
    assert said.split("\n") == ["PR interval greater than 200 milliseconds,", "QRS duration greater than 120 milliseconds,",
                                "or QTc greater than 450 milliseconds on the screening heart tracing"]


def test_numbered_items_read_one_a_line():
    said = clean("Not allowed for: 1) giving temozolomide on schedule, 2) a higher dose, or 3) no pause.", "patient")
    assert said.split("\n") == ["Not allowed for:", "1) giving temozolomide on schedule,", "2) a higher dose, or",
                                "3) no pause."]
    assert "\n" not in clean("NCI CTCAE version (v)5.0 grade 1 and (a) thing", "patient")  # no run of markers


def test_a_quoted_list_is_indented_under_its_bullet():
    from criteria.render.english_document import criterion_lines

    text = ("Use of theophyllines, oral leukotriene inhibitors, long-acting oral beta-agonists, or inhaled "
            "long-acting beta-agonists as rescue medicines")
    lines = criterion_lines(Criterion(id="E1", section="exclusion", text=text), "patient", depth=1)
    assert lines == ["  • “Use of theophyllines,", "      oral leukotriene inhibitors,",
                     "      long-acting oral beta-agonists,",
                     "      or inhaled long-acting beta-agonists as rescue medicines”."]


def test_micro_is_read_only_in_a_micro_unit_never_in_units():
    from criteria.render.english_thresholds import unit_text

    assert unit_text("1/uL") == "/µL" and unit_text("umol/L") == " µmol/L" and unit_text("uIU/mL") == " µIU/mL"
    assert unit_text("unit/week") == " unit/week"  # "21 units a week" of alcohol, never "21 µnits"
