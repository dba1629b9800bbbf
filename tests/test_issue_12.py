"""Issue 12: read every number a criterion compares, and never crash.

Regression tests on sentences of our own, in ClinicalTrials.gov API v2 form.
"""

from __future__ import annotations

import pytest

from criteria import parse_criteria
from criteria.tree.spans import span_problems


def _parse(body: str):
    return parse_criteria(f"Inclusion Criteria:\n\n{body}\n")


# --- no crash: full-width punctuation, other scripts, right-to-left marks -----------------------------


def test_a_cohort_header_with_a_full_width_colon_is_collected():
    text = "Inclusion Criteria:\n\nArm A：patients with NSCLC\n* Age ≥ 18 years\n\nArm B：patients with SCLC\n"
    tree = parse_criteria(text)
    assert [c.name for c in tree.cohorts] == ["Arm A", "Arm B"]
    assert [c.definition for c in tree.cohorts] == ["patients with NSCLC", "patients with SCLC"]
    assert not span_problems(tree, text)


@pytest.mark.parametrize(
    "body",
    [
        "* Cohort 1（单药）：年龄≥18岁；ECOG ≤1，预期寿命≥12周",
        "Part B：\u200fالعمر ≥ 18 سنة\u200f",
        "* Arm A：\u202eAge ≥ 18 years\u202c",
        "Group 2： ：：（（ ））；；，，",
        "* Возраст ≥ 18 лет\n* \u2067ANC ≥ 1.5 × 10⁹/L\u2069",
        "Cohort A：\nCohort B：",
    ],
)
def test_no_input_of_other_scripts_or_marks_makes_the_parser_raise(body):
    text = f"Inclusion Criteria:\n\n{body}\n"
    tree = parse_criteria(text)
    assert not span_problems(tree, text)


# --- scales and measures of the lexicon -------------------------------------------------------------


@pytest.mark.parametrize(
    "body, analyte, op, value, value_high, unit",
    [
        ("* ASA class > 3", "asa_class", ">", 3, None, None),
        ("* ASA physical status I-II", "asa_class", "between", 1, 2, None),
        ("* NYHA class II–III", "nyha", "between", 2, 3, None),
        ("* SOFA score ≥ 2", "sofa", ">=", 2, None, None),
        ("* Modified Rankin Scale score ≤ 2", "mrs", "<=", 2, None, None),
        ("* Bishop score < 6", "bishop_score", "<", 6, None, None),
        ("* Beighton score of at least 5", "beighton_score", ">=", 5, None, None),
        ("* CDR 0.5-1", "cdr", "between", 0.5, 1, None),
        ("* CHA2DS2-VASc score ≥ 2 points", "cha2ds2_vasc", ">=", 2, None, "score_point"),
        ("* Body temperature > 38.5 °C", "body_temperature", ">", 38.5, None, "degC"),
        ("* Intracranial pressure > 20 cm H2O", "intracranial_pressure", ">", 20, None, "cmH2O"),
        ("* FiO2 ≤ 0.5", "fio2", "<=", 0.5, None, None),
        ("* PaO2/FiO2 ratio < 300", "pao2_fio2", "<", 300, None, None),
        ("* Urine output < 0.5 mL/kg/h", "urine_output", "<", 0.5, None, "mL/kg/h"),
        ("* Cervical length < 25 mm", "cervical_length", "<", 25, None, "mm"),
        ("* Burn surface area ≥ 20%", "burn_tbsa", ">=", 20, None, "percent"),
        ("* IQ < 70", "iq", "<", 70, None, None),
        ("* Prior radiation dose > 3000 cGy", "radiation_dose", ">", 3000, None, "cGy"),
        ("* Wheal diameter ≥ 3 mm", "wheal_diameter", ">=", 3, None, "mm"),
        ("* 10 or more pack-years of smoking", "smoking_pack_years", ">=", 10, None, "pack_year"),
        ("* At least 20 pack-years of smoking", "smoking_pack_years", ">=", 20, None, "pack_year"),
    ],
)
def test_scales_and_measures_of_the_lexicon(body, analyte, op, value, value_high, unit):
    rule = _parse(body).inclusion[0].rule
    found = [n for n in rule.walk() if n.kind == "measure_threshold"]
    assert found, rule
    node = found[0]
    assert (node.analyte, node.op, node.value, node.value_high, node.unit) == (analyte, op, value, value_high, unit)


@pytest.mark.parametrize("body", ["* ASA 81 mg daily", "* ASA > 10", "* GCS ≤ 20", "* Phase II trial, class III"])
def test_a_number_a_scale_cannot_take_is_not_that_scale(body):
    tree = _parse(body)
    assert not [n for c in tree.criteria() if c.rule for n in c.rule.walk() if n.kind == "measure_threshold"]


# --- open vocabulary: a measure the lexicon lacks, named by its phrase ---------------------------


def _thresholds(tree):
    return [n for c in tree.criteria() if c.rule for n in c.rule.walk()
            if n.kind in ("lab_threshold", "measure_threshold")]


@pytest.mark.parametrize(
    "body, kind, field, op, value, value_high, unit",
    [
        ("* Lymph node > 1.5 cm in short axis", "measure_threshold", "lymph node", ">", 1.5, None, "cm"),
        ("* Mean arterial pressure < 65 mmHg", "measure_threshold", "mean arterial pressure", "<", 65, None, "mmHg"),
        ("* Wall Motion Index of ≤ 1.2", "measure_threshold", "wall motion index", "<=", 1.2, None, None),
        ("* Insomnia Severity Index score ≥ 15", "measure_threshold", "insomnia severity index score", ">=", 15,
         None, None),
        ("* Total symptom score between 8 and 20", "measure_threshold", "total symptom score", "between", 8, 20,
         None),
        ("* Epworth Sleepiness Scale score of at least 10 points", "measure_threshold",
         "epworth sleepiness scale score", ">=", 10, None, "score_point"),
        ("* Central subfield retinal thickness ≥ 250 microns", "measure_threshold",
         "central subfield retinal thickness", ">=", 250, None, "um"),
        ("* Average weekly intake of > 14 drinks", "measure_threshold", "average weekly intake", ">", 14, None,
         "drink"),
        ("* Serum free light chain ratio ≥ 100", "measure_threshold", "serum free light chain ratio", ">=", 100,
         None, None),
        ("* Peak GH level ≤ 7.0 ng/mL", "lab_threshold", "peak gh level", "<=", 7, None, "ng/mL"),
        ("* Lesion ≥ 10 mm in longest diameter", "measure_threshold", "lesion", ">=", 10, None, "mm"),
        ("* Mean right atrial pressure > 15 mm Hg", "measure_threshold", "mean right atrial pressure", ">",
         15, None, "mmHg"),  # (mean pulmonary artery pressure is in the lexicon now: tests/test_numbers_outside.py)
        # (a contraceptive's failure rate describes the method: a remark, tests/test_issue_11.py)
        ("* Bone loss rate of < 1% per year", "measure_threshold", "bone loss rate", "<", 1, None, "percent/year"),
        ("* Immunohistochemistry score of 3+", "measure_threshold", "immunohistochemistry score", "==", 3, None,
         None),
        ("* Total serum IgE level ≥ 30 to ≤ 1300 IU", "lab_threshold", "total serum ige level", "between", 30, 1300,
         "IU"),
        ("* Alcohol consumption of less than 40 grams/week", "measure_threshold", "alcohol consumption", "<", 40,
         None, "g/week"),
        ("* Myeloid/erythroid ratio ≥ 1.5:1", "measure_threshold", "myeloid/erythroid ratio", ">=", 1.5, None, None),
        ("* HTLV-1 proviral load > 1000 copies/mL", "lab_threshold", "htlv-1 proviral load", ">", 1000, None,
         "copies/mL"),
    ],
)
def test_open_vocabulary_thresholds(body, kind, field, op, value, value_high, unit):
    (node, *_) = _thresholds(_parse(body))
    assert (node.kind, node.analyte, node.op, node.value, node.value_high, node.unit, node.loinc) == (
        kind, field, op, value, value_high, unit, None)


@pytest.mark.parametrize(
    "body",
    [
        "* Hamstring strength score > 3 months",  # a number that is a time is never a measure
        "* Pain score assessed for more than 6 weeks",
        "* Caloric intake of at least 1500",  # an amount without its unit: calories? kcal a day?
        "* Lymph node > 2",  # a size without its unit
        "* Tumor size was assessed at baseline",  # named, not compared
        "* Lesion > 2 weeks old",
        "* Tumor must be ≥ 12 cm from the anal verge",  # a distance from a landmark
        "* Castrate levels < 50 ng/dL of testosterone",  # the measure is named after the bound
        "* Total score of 18 or higher on the Panic and Agoraphobia Scale",
        "* Expanded Disability Status Score = 0.0 to 5.0",  # a range whose first end took '='
        "* Total sperm concentration < 1 million",  # a unit in words
        "* Mean levels must be ≥ 150 pg/mL",  # does not say what is measured
        "* HER2 score equal to 0, 1+, 2+",  # a list of values
        "* Alcohol consumption greater than 21 drinks /fortnight",  # the unit goes on after the slash
    ],
)
def test_no_open_vocabulary_threshold_without_a_measure_reading(body):
    assert not _thresholds(_parse(body))


def test_a_grade_written_with_plus_is_that_grade():
    (node,) = _thresholds(_parse("* HER2-negative: IHC score of < 2 or 2+ with a negative ISH"))
    assert (node.op, node.value) == ("<", 2)
    assert [(a.condition, a.op, a.value) for a in node.alternatives] == [("negative ISH", "==", 2)]


def test_an_abbreviation_the_text_defines_names_the_lexicon_analyte():
    (node,) = _thresholds(_parse("* International normalization ratio (INR) ≤ 1.5"))
    assert (node.analyte, node.loinc) == ("inr", "6301-6")


def test_a_lab_name_keeps_its_fillers():
    """ "HAM-D (17 items) total score" names the HAM-D: the lexicon entry, not 'total score'."""
    (node,) = _thresholds(_parse("* HAM-D (17 items) total score is ≥ 16"))
    assert node.analyte == "hamd"


def test_open_vocabulary_renders_in_english_and_records():
    from criteria import render

    tree = _parse("* Intracranial pressure > 20 cm H2O\n* Bishop score < 6\n* Right atrial pressure > 15 mm Hg")
    text = render(tree)
    assert "an intracranial pressure of more than 20 cm H₂O" in text
    assert "a right atrial pressure of more than 15 mmHg" in text
    records = [r for r in tree.to_records() if r["kind"] == "measure_threshold"]
    assert [(r["field"], r["op"], r["value"], r["unit"]) for r in records] == [
        ("intracranial_pressure", ">", 20, "cmH2O"), ("bishop_score", "<", 6, None),
        ("right atrial pressure", ">", 15, "mmHg")]
    assert records[2]["text"] == "Right atrial pressure > 15 mm Hg"


@pytest.mark.parametrize(
    "labs, verdict",
    [
        ([{"name": "Right atrial pressure", "value": 20, "unit": "mmHg"}], "met"),
        ([{"name": "right  atrial pressure", "value": 2, "unit": "kPa"}], "met"),  # 15 mmHg = 2.0 kPa
        ([{"name": "right atrial pressure", "value": 10, "unit": "mmHg"}], "not_met"),
        ([{"name": "right atrial pressure", "value": 10, "unit": "mg"}], "unknown"),  # not a pressure
        ([{"name": "left atrial pressure", "value": 20, "unit": "mmHg"}], "unknown"),  # another measure
        ([], "unknown"),
    ],
)
def test_open_vocabulary_evaluates_by_name_with_unit_conversion(labs, verdict):
    from datetime import date

    from criteria import evaluate

    tree = _parse("* Right atrial pressure > 15 mm Hg")
    result = evaluate(tree, {"age": 50, "labs": labs}, as_of=date(2026, 1, 1))
    assert result.criteria[0].verdict.value == verdict


def test_a_score_in_points_compares_with_a_score_without_unit():
    from datetime import date

    from criteria import evaluate

    tree = _parse("* CHA2DS2-VASc score ≥ 2 points")
    labs = [{"name": "CHA2DS2 VASc", "value": 3}]
    assert evaluate(tree, {"labs": labs}, as_of=date(2026, 1, 1)).criteria[0].verdict.value == "met"


# --- every age form ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, low, high",
    [
        ("* 12 or older", (12, True), None),
        ("* Ages 18–65", (18, True), (65, True)),
        ("* Aged 40 to 70 inclusive", (40, True), (70, True)),
        ("* Patients who are 18 years or older", (18, True), None),
        ("* Healthy adult subjects, 18 years and older", (18, True), None),
        ("* Subjects must be ≥ 18 years", (18, True), None),
        ("* Patients 18 to 65 years", (18, True), (65, True)),
        ("* Male or female, 18 years or older", (18, True), None),
        ("* Female patients 18 years or older at screening", (18, True), None),
        ("* Male or female between the ages of 5 and 17 years, inclusive", (5, True), (17, True)),
        ("* Age: > or equal to 18 years", (18, True), None),
        ("* Age greater or equal 18 years", (18, True), None),
        ("* Age 18 years and more", (18, True), None),
        ("* Age of 18 to 55 years (incl.)", (18, True), (55, True)),
        ("* Patients above the age of 18", (18, False), None),
        ("* 35 years old < age ≤ 55 years old", (35, False), (55, True)),
        ("* 18 years ≤ age ≤ 80 years", (18, True), (80, True)),
        ("* Women older than 18 years", (18, False), None),
    ],
)
def test_age_forms(body, low, high):
    text = f"Inclusion Criteria:\n\n{body}\n"
    tree = parse_criteria(text)
    ages = [n for n in tree.inclusion[0].rule.walk() if n.kind == "age"]
    assert len(ages) == 1, tree.inclusion[0].rule
    (age,) = ages
    assert ((age.low.value, age.low.inclusive) if age.low else None) == low
    assert ((age.high.value, age.high.inclusive) if age.high else None) == high
    shown = age.span.slice(text)
    assert f"{(low or high)[0]:g}" in shown  # the age record points at the phrase
    records = [r for r in tree.to_records() if r["kind"] == "age"]
    assert records and records[0]["start"] == age.span.start and records[0]["end"] == age.span.end


@pytest.mark.parametrize(
    "body",
    [
        "* Patients who have more than 3 metastases",
        "* Patients who are > 3 months from surgery",
        "* Smokers of 10 cigarettes or more",
        "* Patients 18 years to 6 months",
    ],
)
def test_numbers_near_person_words_that_are_not_ages(body):
    tree = _parse(body)
    assert not [n for c in tree.criteria() if c.rule for n in c.rule.walk() if n.kind == "age"]


# --- how long an event has lasted: "for at least 12 weeks" ------------------------------------------


def _window_of(tree):
    return next(n.window for c in tree.criteria() for n in c.rule.walk() if getattr(n, "window", None))


@pytest.mark.parametrize(
    "body, name, low, high, unit",
    [
        ("* On a stable dose of metformin for at least 12 weeks", "metformin", 12, None, "week"),
        ("* Diagnosed with hypertension for 6 months or more", "hypertension", 6, None, "month"),
        ("* Postmenopausal for more than 1 year", "postmenopausal", 1, None, "year"),
        ("* Taking an opioid for less than 2 weeks", "opioids", None, 2, "week"),
    ],
)
def test_a_duration_after_an_event_says_how_long_it_lasted(body, name, low, high, unit):
    tree = _parse(body)
    event = next(n for c in tree.criteria() for n in c.rule.walk() if getattr(n, "window", None))
    assert event.name == name
    assert (event.window.relation, event.window.low, event.window.high, event.window.unit) == ("lasting", low, high, unit)


def test_a_duration_is_not_of_an_event_that_is_absent_or_a_purpose():
    off = _parse("* Off corticosteroids for at least 5 days")  # how long without them (test_off_a_drug.py)
    rule = next(off.criteria()).rule
    assert rule.kind == "not" and all(getattr(n, "window", None) is None or n.window.relation != "lasting"
                                      for n in rule.walk()), str(rule)
    purpose = _parse("* Treated for hypertension for at least 3 months")
    assert all(getattr(n, "window", None) is None for c in purpose.criteria() for n in c.rule.walk()
               if getattr(n, "name", None) == "hypertension")


def test_a_duration_does_not_reach_forward_to_a_later_event():
    tree = _parse("* HbA1c below 8% for at least 12 weeks and no history of pancreatitis")
    assert all(getattr(n, "window", None) is None for c in tree.criteria() for n in c.rule.walk()
               if getattr(n, "name", None) == "pancreatitis")


def test_a_duration_renders_records_and_evaluates_as_unknown_with_what_settles_it():
    from datetime import date

    from criteria import evaluate, render

    tree = _parse("* Diagnosed with hypertension for 6 months or more")
    assert "for at least 6 months." in render(tree)  # "you must have had known high blood pressure for …"
    assert "lasting at least 6 months" in str(tree)
    record = next(r for r in tree.to_records() if r["kind"] == "condition")
    assert (record["window_relation"], record["window_low"], record["window_unit"]) == ("lasting", 6.0, "month")
    patient = {"age": 50, "conditions": [{"name": "hypertension", "onset": "2020-01-01"}]}
    assert evaluate(tree, patient, as_of=date(2026, 11, 1)).status == "unknown"
    assert evaluate(tree, patient | {"conditions": [], "complete": ["conditions"]},
                    as_of=date(2026, 11, 1), absence="decides").status == "ineligible"


# --- M-protein, and a dose written before its drug ---------------------------------------------------


@pytest.mark.parametrize(
    "body, analyte, value, unit",
    [
        ("* Serum monoclonal protein of at least 1 g/dL", "serum_m_protein", 1.0, "g/dL"),
        ("* Urinary M-spike of at least 200 mg/24 hours", "urine_m_protein", 200.0, "mg/(24 h)"),
    ],
)
def test_m_protein_is_a_lab(body, analyte, value, unit):
    node = _parse(body).inclusion[0].rule
    assert (node.kind, node.analyte, node.op, node.value, node.unit) == ("lab_threshold", analyte, ">=", value, unit)


@pytest.mark.parametrize(
    "body, name, op, value, unit",
    [
        ("* Steroids greater than 10 mg prednisone/day", "prednisone", ">", 10.0, "mg/day"),
        ("* More than 20 mg of dexamethasone or equivalent", "dexamethasone", ">", 20.0, "mg"),
        ("* Equivalent to <= 10 mg/day of prednisone", "prednisone", "<=", 10.0, "mg/day"),
    ],
)
def test_a_dose_before_its_drug(body, name, op, value, unit):
    tree = _parse(body)
    node = next(n for c in tree.criteria() for n in c.rule.walk() if n.kind == "medication" and n.dose)
    assert (node.name, node.dose.op, node.dose.value, node.dose.unit) == (name, op, value, unit)


@pytest.mark.parametrize("body", ["* More than 5 cycles of chemotherapy", "* Less than 3 units then aspirin"])
def test_no_dose_without_a_dose_unit_or_with_other_words_between(body):
    tree = _parse(body)
    assert all(getattr(n, "dose", None) is None for c in tree.criteria() for n in c.rule.walk())


# --- ages after a sex, "but", and durations in consecutive days ---------------------------------------


@pytest.mark.parametrize(
    "body, low, high",
    [
        ("* Male or female greater than or equal to 18 years", 18.0, None),
        ("* Women and men >= 50 years", 50.0, None),
        ("* Female patients aged >= 18 but <= 75 years", 18.0, 75.0),
    ],
)
def test_ages_after_a_sex_or_joined_by_but(body, low, high):
    age = next(n for c in _parse(body).criteria() for n in c.rule.walk() if n.kind == "age")
    assert (age.low.value if age.low else None, age.high.value if age.high else None) == (low, high)


@pytest.mark.parametrize("body", ["* Men > 70 kg", "* Male and female > 18", "* Aged >= 18 then <= 75 years"])
def test_no_age_from_a_sex_without_years_or_a_word_that_is_not_but(body):
    assert not any(n.kind == "age" for c in _parse(body).criteria() for n in c.rule.walk())


def test_a_duration_in_consecutive_days():
    window = _window_of(_parse("* Systemic corticosteroids for >= 14 consecutive days"))
    assert (window.relation, window.low, window.unit) == ("lasting", 14.0, "day")
    tree = _parse("* Chemotherapy within 4 other days")
    assert all(getattr(n, "window", None) is None for c in tree.criteria() for n in c.rule.walk())


@pytest.mark.parametrize(
    "body", ["* Systolic blood pressure below 100 mmHg or above 140 mmHg", "* Systolic BP lower than 100 or over 140 mmHg"]
)
def test_or_above_before_a_number_is_a_second_bound(body):
    bounds = sorted((n.op, n.value) for c in _parse(body).criteria() for n in c.rule.walk() if n.kind == "measure_threshold")
    assert bounds == [("<", 100.0), (">", 140.0)]


def test_or_above_after_a_number_is_still_or_more():
    age = _parse("* 18 years of age or above").inclusion[0].rule
    assert (age.kind, age.low.value, age.low.inclusive) == ("age", 18.0, True)


@pytest.mark.parametrize(
    "body, analyte, low, high",
    [("* NYHA class III or IV heart failure", "nyha", 3.0, 4.0), ("* ASA physical status I, II or III", "asa_class", 1.0, 3.0)],
)
def test_listed_classes_of_a_scale_are_the_range_they_fill(body, analyte, low, high):
    node = next(n for c in _parse(body).criteria() for n in c.rule.walk() if n.kind == "measure_threshold")
    assert (node.analyte, node.op, node.value, node.value_high) == (analyte, "between", low, high)


@pytest.mark.parametrize("body", ["* NYHA class II or IV", "* Hemoglobin 9 or 10"])
def test_no_range_from_classes_with_a_gap_or_values_of_no_scale(body):
    assert not any(n.kind in ("measure_threshold", "lab_threshold") for c in _parse(body).criteria() for n in c.rule.walk())


def test_a_bound_after_the_first_ones_words_is_its_alternative():
    node = _parse("* Lesion >= 20 mm with conventional techniques or >= 10 mm with spiral CT scan").inclusion[0].rule
    assert (node.op, node.value, node.unit) == (">=", 20.0, "mm")
    (alt,) = node.alternatives
    assert (alt.op, alt.value, alt.unit, alt.condition) == (">=", 10.0, "mm", "spiral CT scan")


def test_bounds_for_two_subgroups_joined_by_or():
    rule = _parse("* Serum creatinine <= 1.5 mg/dL in men or <= 1.4 mg/dL in women").inclusion[0].rule
    assert sorted((n.value, n.applies_to) for n in rule.walk() if n.kind == "lab_threshold") == [(1.4, "women"), (1.5, "men")]


def test_a_name_with_its_abbreviation_in_brackets_inside_parentheses():
    node = _parse("* Alanine aminotransferase (ALT) (serum glutamate pyruvate transaminase [SGPT]) =< 2.5 x ULN").inclusion[0].rule
    assert (node.analyte, node.op, node.value, node.relative_to) == ("alt", "<=", 2.5, "ULN")


@pytest.mark.parametrize("body", ["* Smoking history of at least 10 pack years", "* Current smokers with >= 10 pack-years"])
def test_a_unit_that_names_its_measure(body):
    node = next(n for c in _parse(body).criteria() for n in c.rule.walk() if n.kind == "measure_threshold")
    assert (node.analyte, node.op, node.value, node.unit) == ("smoking_pack_years", ">=", 10.0, "pack_year")


def test_a_unit_many_measures_share_names_none():
    tree = _parse("* Weight gain, then >= 10 mg")
    assert not any(n.kind in ("measure_threshold", "lab_threshold") for c in tree.criteria() for n in c.rule.walk())


def test_only_one_measure_may_be_named_by_a_unit():
    from criteria.labs import LabEntry

    with pytest.raises(ValueError):
        LabEntry(field="x", name="x", kind="measure", loinc=None, names=("x",), abbreviations=(), unit=None,
                 named_by_unit=True)


# --- precision: measure names cut short or taken from the wrong thing --------------------------------


@pytest.mark.parametrize(
    "body, field",
    [("* Glaucoma with a cup-to-disc ratio > 0.7", "cup-to-disc ratio"), ("* HER2:CEP17 ratio >= 2.0", "her2:cep17 ratio")],
)
def test_a_ratio_of_two_terms_joined_without_spaces_is_one_name(body, field):
    node = next(n for c in _parse(body).criteria() for n in c.rule.walk() if n.kind == "measure_threshold")
    assert node.analyte == field


@pytest.mark.parametrize(
    "body",
    [
        "* The patient has a FOO (Gait) sub-score of <= 6",
        "* The largest deposit in a lymph node is 0.2 mm or less",
    ],
)
def test_no_measure_named_by_a_bare_sub_score_or_by_the_place_of_what_is_measured(body):
    assert not any(n.kind == "measure_threshold" for c in _parse(body).criteria() for n in c.rule.walk())


@pytest.mark.parametrize(
    "body",
    ["* Involved: uninvolved serum free light chain ratio >= 100", "* Cerebral spinal fluid (CSF) cell count > 5/uL"],
)
def test_no_measure_named_by_the_second_term_of_a_ratio_or_the_words_after_an_abbreviation(body):
    assert not any(n.kind == "measure_threshold" for c in _parse(body).criteria() for n in c.rule.walk())


def test_a_number_glued_inside_a_name_keeps_the_name_whole():
    node = _parse("* FOO-5-RS total score >= 24").inclusion[0].rule
    assert node.analyte == "foo-5-rs total score"


@pytest.mark.parametrize(
    "body", ["* FOO score of 3 or greater (based on a static scale of 0 - 4)", "* iii)White blood cell count < 4 x 10^9/L"]
)
def test_no_bound_from_the_span_of_a_scale_or_a_name_glued_to_a_numbering(body):
    tree = _parse(body)
    assert not any(n.kind == "measure_threshold" and n.op == "between" for c in tree.criteria() for n in c.rule.walk())
    assert not any(getattr(n, "analyte", "") == "blood cell count" for c in tree.criteria() for n in c.rule.walk())
    assert not any(a.value_high == 4 for c in tree.criteria() for n in c.rule.walk() for a in getattr(n, "alternatives", ()))


def test_a_washout_counted_from_a_prior_event():
    rule = _parse("* At least 28 days from prior major surgery").inclusion[0].rule
    assert rule.kind == "not" and rule.item.name == "major_surgery"
    assert (rule.item.window.high, rule.item.window.unit) == (28.0, "day")
    within = _parse("* Less than 30 days from prior surgery").inclusion[0].rule
    assert within.kind == "procedure" and within.window.high == 30.0


@pytest.mark.parametrize(
    "body, name, relation, low, unit",
    [
        ("* A diagnosis of asthma of at least 6 months duration", "asthma", "lasting", 6.0, "month"),
        ("* Current depression must be at least 12 weeks in duration", "depression", "lasting", 12.0, "week"),
        ("* Hypertension diagnosed at least 6 months ago", "hypertension", "before", 6.0, "month"),
    ],
)
def test_durations_said_by_duration_and_times_said_by_ago(body, name, relation, low, unit):
    window = _window_of(_parse(body))
    assert (window.relation, window.low, window.unit) == (relation, low, unit)
