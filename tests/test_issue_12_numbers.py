"""Issue 12, second round: more classes of numeric text read into typed nodes.

Each test is a class of sentence shape, on sentences of our own in ClinicalTrials.gov API v2 form;
each asserts what is read (field, operator, value, unit), and that the numbers lie in a typed node.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria


def _parse(body: str, section: str = "Inclusion"):
    return parse_criteria(f"{section} Criteria:\n\n{body}\n")


def _leaves(body: str, section: str = "Inclusion", kinds=("lab_threshold", "measure_threshold")):
    tree = _parse(body, section)
    return [n for c in tree.criteria() for n in (c.rule.walk() if c.rule else ()) if n.kind in kinds]


def _bounds(body: str, section: str = "Inclusion"):
    return sorted((n.analyte, n.op, n.value, n.unit) for n in _leaves(body, section))


def _rule(body: str, section: str = "Inclusion"):
    (criterion,) = _parse(body, section).criteria()
    return criterion.rule


# --- two bounds on one analyte ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["* Hemoglobin < 10.0 g/dL and ≥ 8.5 g/dL", "* Hemoglobin ≥ 8.5 g/dL, and < 10.0 g/dL",
     "* Hemoglobin at least 8.5 g/dL but less than 10.0 g/dL"],
)
def test_two_bounds_in_either_order_make_an_interval(body):
    rule = _rule(body)
    assert rule.kind == "all_of"
    assert _bounds(body) == [("hemoglobin", "<", 10.0, "g/dL"), ("hemoglobin", ">=", 8.5, "g/dL")]


def test_bounds_on_both_sides_of_a_range_are_either():
    body = "* Serum potassium < 3.5 mmol/L and > 5.5 mmol/L at baseline"
    rule = _rule(body, "Exclusion")
    assert rule.kind == "any_of"
    assert _bounds(body, "Exclusion") == [("potassium", "<", 3.5, "mmol/L"), ("potassium", ">", 5.5, "mmol/L")]


def test_a_value_restated_in_parentheses_stays_with_its_own_bound():
    rule = _rule("* Corrected serum calcium >= 8.0 mg/dL (2.00 mmol/L) and < 11.6 mg/dL (2.90 mmol/L)")
    low, high = rule.items
    assert (low.op, low.value, [p.value for p in low.paired]) == (">=", 8.0, [2.0])
    assert (high.op, high.value, high.paired) == ("<", 11.6, ())


def test_a_second_bound_after_but_on_a_size():
    assert _bounds("* A lesion > 1 cm, but < 4 cm") == [("lesion", "<", 4.0, "cm"), ("lesion", ">", 1.0, "cm")]


def test_only_and_or_but_join_a_second_bound():
    # "then" is no joint: the first bound is read, the second stays unparsed (not joined to it)
    body = "* Hemoglobin ≥ 8.5 g/dL then < 10.0 g/dL"
    assert _bounds(body) == [("hemoglobin", ">=", 8.5, "g/dL")]


def test_a_refused_longest_reading_leaves_the_readable_bound_before_it():
    # the "or" bound is a dose on a lab: refused; the lab's own bound is still read
    rule = _rule("* Hemoglobin ≥ 9 g/dL, but ≥ 50 mg/day if transfused")
    assert [n for n in rule.walk() if n.kind == "lab_threshold"][0].value == 9.0


def test_a_bound_cut_from_its_unit_is_not_read():
    assert _bounds("* Calcium supplementation ≥ 500 mg daily") == []


def test_two_bounds_are_evaluated_as_an_interval():
    tree = _parse("* Hemoglobin < 10.0 g/dL and ≥ 8.5 g/dL")
    result = criteria.evaluate(tree, {"labs": [{"name": "hemoglobin", "value": 9.1, "unit": "g/dL"}]},
                               as_of=date(2026, 12, 4))
    assert result.status == "eligible"
    result = criteria.evaluate(tree, {"labs": [{"name": "hemoglobin", "value": 11, "unit": "g/dL"}]},
                               as_of=date(2026, 12, 4))
    assert result.status == "ineligible"


def test_two_bounds_render_in_plain_english():
    tree = _parse("* Serum potassium < 3.5 mmol/L and > 5.5 mmol/L at baseline", "Exclusion")
    assert "less than 3.5 millimoles per litre or more than 5.5 millimoles per litre" in criteria.render(tree)


# --- lengths and times since, written without an anchor ---------------------------------------------


def _windowed(body: str, section: str = "Inclusion"):
    """(event name, window) of every event that carries a window."""
    tree = _parse(body, section)
    return [(n.name, n.window) for c in tree.criteria() for n in (c.rule.walk() if c.rule else ())
            if getattr(n, "window", None) is not None]


def test_a_bare_time_in_parentheses_after_recent_is_a_time_since():
    ((name, window),) = _windowed("* Recent (< 6 months) myocardial infarction", "Exclusion")
    assert name == "myocardial_infarction"
    assert (window.relation, window.high, window.low, window.unit) == ("before", 6.0, None, "month")


@pytest.mark.parametrize(
    "body, event",
    [("* Chronic hepatitis C infection (≥ 6 months)", "hepatitis_c"),
     ("* Stable (at least 6 months) plaque-type psoriasis", "psoriasis")],
)
def test_a_bare_time_in_parentheses_after_chronic_or_stable_is_how_long(body, event):
    ((name, window),) = _windowed(body)
    assert name == event
    assert (window.relation, window.low, window.unit) == ("lasting", 6.0, "month")


def test_a_bare_time_in_parentheses_with_no_word_saying_which_is_not_read():
    tree = _parse("* Myocardial infarction (< 6 months)", "Exclusion")
    assert not any(n.kind == "time_window" or getattr(n, "window", None) for c in tree.criteria()
                   for n in c.rule.walk())


def test_a_length_of_a_treatment_before_it():
    ((name, window),) = _windowed("* Prior treatment with at least 12 weeks of erlotinib")
    assert name == "erlotinib"
    assert (window.relation, window.low, window.unit) == ("lasting", 12.0, "week")


def test_a_length_of_a_state_before_it_is_a_least_length():
    ((name, window),) = _windowed("* Postmenopausal (> 12 months of amenorrhea)")
    assert (name, window.relation, window.low) == ("amenorrhea", "lasting", 12.0)
    # "less than 3 months of a prior fracture" is a time since the fracture, not a length
    assert _windowed("* Bone fracture less than 3 months of a prior fracture", "Exclusion") == []


def test_half_lives_of_a_drug_are_no_length_of_taking_it():
    assert _windowed("* A period of at least 5 half-lives of any investigational drug") == []


def test_the_duration_of_a_thing_no_lexicon_names():
    window = _rule("* Duration of complaint ≥ 3 months")
    assert (window.kind, window.relation, window.low, window.unit) == ("time_window", "lasting", 3.0, "month")


def test_a_time_earlier_is_a_time_before():
    ((name, window),) = _windowed("* Chemotherapy administered more than 4 weeks earlier")
    assert (name, window.relation, window.low, window.unit) == ("chemotherapy", "before", 4.0, "week")


def test_a_length_renders_records_and_evaluates_as_the_written_form_does():
    tree = _parse("* Chronic hepatitis C infection (≥ 6 months)")
    assert "at least 6 months" in criteria.render(tree)
    record = next(r for r in tree.to_records() if r["kind"] == "condition")
    assert (record["window_relation"], record["window_low"], record["window_unit"]) == ("lasting", 6.0, "month")
    none = {"conditions": [], "complete": ["conditions"]}
    assert criteria.evaluate(tree, none, as_of=date(2026, 12, 4), absence="decides").status == "ineligible"


# --- a dose a few words after its drug ------------------------------------------------------------


def _doses(body: str, section: str = "Exclusion"):
    tree = _parse(body, section)
    return [(n.name, n.dose.op, n.dose.value, n.dose.unit) for c in tree.criteria() for n in c.rule.walk()
            if n.kind == "medication" and n.dose is not None]


@pytest.mark.parametrize(
    "body, expected",
    [("* Treatment with prednisone at a dose of at least 7.5 mg per day", ("prednisone", ">=", 7.5, "mg/day")),
     ("* Aspirin at daily doses > 325 mg", ("aspirin", ">", 325.0, "mg/day")),
     ("* Aspirin > 325 mgr per day", ("aspirin", ">", 325.0, "mg/day")),
     ("* Stable daily dose of levodopa of at least 300 mg", ("levodopa", ">=", 300.0, "mg"))],
)
def test_a_dose_after_dose_words(body, expected):
    assert _doses(body) == [expected]


def test_other_words_between_a_drug_and_a_number_are_no_dose():
    assert _doses("* Aspirin for patients with a platelet count > 100 mg") == []
    # the event is still read, with no dose
    assert any(n.kind == "medication" for c in _parse("* Aspirin for patients with > 100 mg", "Exclusion").criteria()
               for n in c.rule.walk())


def test_a_dose_before_another_drug_is_that_drugs():
    assert _doses("* Steroids greater than 10 mg prednisone/day", "Inclusion")[-1] == ("prednisone", ">", 10.0, "mg/day")


def test_a_dose_in_an_aside_that_permits_it_is_not_read_as_the_drugs():
    assert _doses("* Ketoconazole (doses up to 150 mg/day are permitted)") == []


# --- the clinicians' forms, as classes ------------------------------------------------------------


@pytest.mark.parametrize("body", ["* Hypertension of > 170/100 mm of Hg", "* Blood pressure > 170/100 mmHg"])
def test_an_unnamed_pair_in_mmhg_is_a_blood_pressure_either_side_of_which_excludes(body):
    found = _leaves(body, "Exclusion")
    assert sorted((n.analyte, n.op, n.value, n.unit) for n in found) == [
        ("dbp", ">", 100.0, "mmHg"), ("sbp", ">", 170.0, "mmHg")]
    pair = next(n for c in _parse(body, "Exclusion").criteria() for n in c.rule.walk()
                if n.kind == "any_of" and all(i.kind == "measure_threshold" for i in n.items))
    assert len(pair.items) == 2


def test_an_unnamed_pair_in_another_unit_is_not_a_blood_pressure():
    assert _leaves("* Ratio > 3/1 mg", "Exclusion") == []


def test_a_hypertension_pair_excludes_on_either_pressure():
    tree = _parse("* Hypertension of > 170/100 mm of Hg", "Exclusion")
    patient = {"conditions": [{"name": "hypertension"}],
               "labs": [{"name": "systolic blood pressure", "value": 150, "unit": "mmHg"},
                            {"name": "diastolic blood pressure", "value": 105, "unit": "mmHg"}]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 12, 4)).status == "ineligible"


@pytest.mark.parametrize(
    "body, bound",
    [("* A PaCO2 of 32mmHg or lower", ("paco2", "<=", 32.0, "mmHg")),
     ("* PaCO2 32 mmHg or higher", ("paco2", ">=", 32.0, "mmHg"))],
)
def test_a_measure_of_n_units_or_lower(body, bound):
    assert _bounds(body) == [bound]


def test_a_score_out_of_its_top():
    assert _bounds("* Reported pain greater than or equal to 3 out of 10") == [("pain", ">=", 3.0, None)]
    assert _bounds("* Pain greater than 3 out of 2") == []  # no score lies above its top


def test_a_pain_that_lasts_is_no_score():
    assert _bounds("* Chest pain > 20 minutes") == []


def test_life_expectancy_of_a_year_written_as_a_word():
    rule = next(n for c in _parse("* Disease that reduces life expectancy to less than a year.", "Exclusion").criteria()
                for n in c.rule.walk() if n.kind == "life_expectancy")
    assert (rule.op, rule.value, rule.unit) == ("<", 1.0, "year")


def test_an_age_onward():
    rule = _rule("* Aged 18 years onwards")
    assert (rule.kind, rule.low.value, rule.low.inclusive, rule.high) == ("age", 18.0, True, None)


def test_a_gestational_age_is_a_measure_not_a_window():
    tree = _parse("* Pregnant, with gestational age <23 weeks")
    kinds = [n.kind for c in tree.criteria() for n in c.rule.walk()]
    assert "time_window" not in kinds
    assert _bounds("* Pregnant, with gestational age <23 weeks") == [("gestational_age", "<", 23.0, "week")]


@pytest.mark.parametrize(
    "body, bound",
    [("* Disease-free interval of at least 6 months", ("disease_free_interval", ">=", 6.0, "month")),
     ("* A disease-free period of less than 5 years", ("disease_free_interval", "<", 5.0, "year")),
     ("* Platinum-free interval ≥ 6 months", ("treatment_free_interval", ">=", 6.0, "month"))],
)
def test_a_measure_in_time_takes_the_time_unit_written(body, bound):
    assert _bounds(body) == [bound]


# --- parenthesized analytes after a group's name; a bare time under "Life expectancy:" ------------


def test_analytes_in_parentheses_after_a_group_name():
    assert _bounds("* Hepatic enzymes (AST, ALT) ≤ 2.5 times the institutional ULN") == [
        ("alt", "<=", 2.5, "ULN"), ("ast", "<=", 2.5, "ULN")]


PDQ = """Inclusion Criteria:

PATIENT CHARACTERISTICS:

Life expectancy:
  - At least 12 weeks

Hematopoietic:
  - More than 3 months
"""


def test_a_bare_time_under_a_life_expectancy_heading_is_the_life_expectancy():
    first, second = parse_criteria(PDQ).criteria()
    assert (first.rule.kind, first.rule.op, first.rule.value, first.rule.unit) == ("life_expectancy", ">=", 12.0, "week")
    assert second.rule.kind == "unparsed"  # under another heading a bare time says nothing
    assert "12 weeks" in criteria.render(parse_criteria(PDQ))


def test_the_recist_definition_of_a_measurable_lesion():
    body = ("* Measurable disease, defined as ≥ 1 lesion that can be accurately measured in at least one dimension "
            "(longest diameter to be recorded) as ≥ 20 mm with conventional techniques or as ≥ 10 mm with spiral CT scan")
    (node,) = _leaves(body)
    assert (node.analyte, node.op, node.value, node.unit) == ("lesion_longest_diameter", ">=", 20.0, "mm")
    (alternative,) = node.alternatives
    assert (alternative.condition, alternative.op, alternative.value, alternative.unit) == (
        "spiral CT scan", ">=", 10.0, "mm")


# --- a condition a measure defines, with its bound in parentheses -----------------------------------


@pytest.mark.parametrize(
    "body, bound",
    [("* Clinically significant hypokalemia (less than 3.5 mmol/L)", ("potassium", "<", 3.5, "mmol/L")),
     ("* Fever (> 38.5 °C)", ("body_temperature", ">", 38.5, "degC")),
     ("* Sinus bradycardia (< 50 bpm)", ("heart_rate", "<", 50.0, "bpm"))],
)
def test_a_bound_in_parentheses_after_a_condition_is_on_the_measure_it_names(body, bound):
    assert _bounds(body, "Exclusion") == [bound]
    rule = _rule(body, "Exclusion")
    assert rule.kind == "any_of"  # the condition recorded, or the measure showing it


def test_an_unnamed_pair_after_hypertension_is_a_blood_pressure():
    assert _bounds("* Uncontrolled hypertension (>180/110)", "Exclusion") == [
        ("dbp", ">", 110.0, "mmHg"), ("sbp", ">", 180.0, "mmHg")]


@pytest.mark.parametrize("body", ["* Anemia (< 5 days)", "* Neutropenia (> 3 mg)", "* Infection (> 38.5)"])
def test_a_bound_that_cannot_be_the_named_measure_is_not_read(body):
    assert _bounds(body, "Exclusion") == []


# --- at least one of an event is the event ---------------------------------------------------------


def test_at_least_one_measurable_lesion_is_measurable_disease():
    rule = _rule("* ≥ 1 measurable lesion")
    assert (rule.kind, rule.name) == ("condition", "measurable_disease")
    rule = _rule("* Requiring ≥ 1 antihypertensive medication", "Exclusion")
    assert (rule.kind, rule.name, rule.status) == ("medication", "antihypertensives", ("current",))


def test_a_count_above_one_of_a_condition_is_not_read_as_its_presence():
    """The count is read as a count of the thing (grammars/counts.lark), never as the condition's presence."""
    rule = _rule("* At least 2 measurable lesions")
    assert (rule.kind, rule.analyte, rule.op, rule.value, rule.unit) == (
        "measure_threshold", "measurable lesions", ">=", 2.0, None)


def test_the_start_of_therapy_is_the_first_dose():
    ((name, window),) = _windowed("* Diagnosis of rectal cancer no more than 90 days from start of therapy")
    assert (window.anchor, window.high, window.unit, window.anchor_assumed) == ("first_dose", 90.0, "day", False)


def test_grams_per_day_spelled_out_is_a_rate():
    assert _bounds("* Alcohol consumption > 20 grams per day") == [("alcohol consumption", ">", 20.0, "g/day")]


@pytest.mark.parametrize(
    "body, bound",
    [("* At least 1 lesion measuring ≥ 20 mm in one dimension", ("lesion", ">=", 20.0, "mm")),
     ("* One lesion with a longest diameter measured as ≥ 2 cm", ("longest diameter", ">=", 2.0, "cm")),
     ("* A lesion that can be accurately measured at baseline as ≥ 10 mm in the longest diameter",
      ("lesion_longest_diameter", ">=", 10.0, "mm"))],
)
def test_a_size_measuring_or_measured_as(body, bound):
    assert _bounds(body) == [bound]


# --- recovered to a grade --------------------------------------------------------------------------


def _no_toxicity_above(rule):
    return [(n.item.name, n.item.status, n.item.grade.op, n.item.grade.value) for n in rule.walk()
            if n.kind == "not" and n.item.kind == "condition" and n.item.grade is not None]


def test_toxicities_resolved_to_a_grade_leave_none_active_above_it():
    rule = _rule("* Acute toxic effects of prior therapy must have resolved to Grade ≤ 1 (except alopecia)")
    assert _no_toxicity_above(rule) == [("toxicity", ("active",), ">", 1)]
    assert any(n.kind == "except" for n in rule.walk())


def test_a_recovery_denied_or_a_grade_without_recovery_is_not_read_so():
    assert _no_toxicity_above(_rule("* The subject has not recovered to Grade ≤ 1 from adverse events",
                                    "Exclusion")) == []
    assert _no_toxicity_above(_rule("* Dose titrated to grade ≤ 2")) == []


def test_recovered_to_a_grade_evaluates_on_the_graded_toxicity():
    tree = _parse("* Toxic effects of prior therapy resolved to grade ≤ 1")
    patient = {"conditions": [{"name": "adverse event", "grade": 2, "status": "active"}]}
    assert criteria.evaluate(tree, patient, as_of=date(2026, 12, 4)).status == "ineligible"


@pytest.mark.parametrize(
    "body, bound",
    [("* Patient weighs > 120 kg", ("weight", ">", 120.0, "kg")),
     ("* Patient must weigh at least 20 kilograms (kg) at screening", ("weight", ">=", 20.0, "kg"))],
)
def test_the_verb_weigh_names_the_body_weight(body, bound):
    assert _bounds(body) == [bound]


@pytest.mark.parametrize(
    "body, expected",
    [("* Aspirin (greater than 81 mg)", ("aspirin", ">", 81.0, "mg")),
     ("* Concurrent chronic aspirin (at doses > 325 mg/day)", ("aspirin", ">", 325.0, "mg/day"))],
)
def test_a_dose_in_parentheses_after_its_drug(body, expected):
    assert _doses(body) == [expected]


@pytest.mark.parametrize("body", ["* Smoking > 10 cigarettes per day", "* Participants that smoke > 10 cigarettes / day"])
def test_cigarettes_a_day_is_a_measure_its_unit_names(body):
    assert _bounds(body, "Exclusion") == [("cigarettes_per_day", ">", 10.0, "cigarette/day")]
    assert "more than 10 cigarettes a day" in criteria.render(_parse(body, "Exclusion"))


@pytest.mark.parametrize(
    "body, low",
    [("* Elderly patients (≥ 60 years) with AML", 60.0),
     ("* Not eligible for transplant because of age (≥ 65 years)", 65.0),
     ("* Elderly (≥70 years)", 70.0)],
)
def test_an_age_in_parentheses_after_a_person_or_age_word(body, low):
    ages = [n for c in _parse(body).criteria() for n in c.rule.walk() if n.kind == "age"]
    assert [(a.low.value, a.low.unit, a.high) for a in ages] == [(low, "year", None)]


def test_a_time_in_parentheses_after_a_person_word_is_no_age():
    assert not any(n.kind == "age" for c in _parse("* Patients (< 6 months) post transplant").criteria()
                   for n in c.rule.walk())


def test_a_multiplication_sign_glued_to_uln_is_a_multiple_of_it():
    (node,) = _leaves("* Aspartate aminotransferase ≤ 3 ×ULN (if liver metastases are present, ≤ 5 × ULN)")
    assert (node.op, node.value, node.relative_to) == ("<=", 3.0, "ULN")
    (alternative,) = node.alternatives
    assert (alternative.condition, alternative.value, alternative.relative_to) == ("liver metastases", 5.0, "ULN")


@pytest.mark.parametrize(
    "body, bound",
    [("* AST exceeds 3 x ULN", ("ast", ">", 3.0, "ULN")),
     ("* ALT must not exceed 2.5 x ULN", ("alt", "<=", 2.5, "ULN")),
     ("* Bilirubin does not exceed 1.5 x ULN", ("total_bilirubin", "<=", 1.5, "ULN")),
     ("* Alcohol consumption > 14 units/week", ("alcohol consumption", ">", 14.0, "units/week")),
     ("* Alcohol consumption greater than 21 units /week", ("alcohol consumption", ">", 21.0, "units/week"))],
)
def test_exceed_and_its_denials_and_units_a_week(body, bound):
    assert _bounds(body) == [bound]


# --- counts and rates of counted things (grammars/counts.lark) --------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ("* At least 4 swollen joints at screening", ("swollen joints", ">=", 4.0, None)),
        ("* No more than 10 lesions in the liver", ("lesions", "<=", 10.0, None)),
        ("* 2 or more moderate exacerbations", ("moderate exacerbations", ">=", 2.0, None)),
        ("* No more than 1 prior relapse", ("prior relapses", "<=", 1.0, None)),  # the field is the plural
        ("* More than 2 seizures per month", ("seizures", ">", 2.0, "1/month")),
        ("* ≥ 7 tonsillitis episodes/yr", ("tonsillitis episodes", ">=", 7.0, "1/year")),
        ("* 2 or more migraine attacks per month", ("migraine attacks", ">=", 2.0, "1/month")),
        ("* at least 3 loose stools per day", ("loose stools", ">=", 3.0, "1/day")),
        ("* 4 or more hot flushes a day", ("hot flushes", ">=", 4.0, "1/day")),
        ("* At least 2 lytic bone lesions by X-ray", ("lytic bone lesions", ">=", 2.0, None)),  # "bone": a site term, words here
        ("* Drinks more than 5 cups of coffee each day", None),  # the thing counted is named after "of"
    ],
)
def test_counts_and_rates_of_counted_things_are_measures(body, expected):
    assert _bounds(body) == ([expected] if expected else [])


@pytest.mark.parametrize(
    "body",
    [
        "* Headache on more than 15 days per month",  # a time is never counted
        "* Prednisone > 5 mg per day",  # a dose
        "* At least 2 cycles of platinum chemotherapy",  # not a counted thing of this family
        "* More than 3 loose stools",  # a rate-only thing without its time
        "* More than 1 urge episodes/24 hours",  # per something else
        "* At least 2 of the lesions",  # a function word: not the thing counted
        "* More than 2.5 lesions",  # a count is whole
        "* At least 2 episodes of severe hypoglycemia",  # the thing counted is named after 'of'
        "* At least 3 episodes per year",  # 'episodes' alone does not say of what
        "* Recurrent ulcer (two or more distinct episodes)",  # nor do 'distinct episodes'
        "* HER2 IHC 3+ tumors",  # a grade, not 3 or more
        "* Caffeine (more than 6 cups a day)",  # 'cups' alone does not say of what
        "* At least 2 separate tumor cores from the primary tumor",  # one tumor: what is counted is cores
        "* NCI CTCAE Grade 2 or greater bleeding episode",  # a grade, not 2 or more episodes
        "* Greater than or equal to 6 swollen joints (of 66) and greater than or equal to 6 tender joints",
    ],
)
def test_no_count_where_the_words_are_not_a_counted_thing(body):
    assert not [b for b in _bounds(body) if b[0].endswith(("lesions", "episodes", "stools", "days", "tumors"))
                or b[1] == "=="]


def test_a_thing_measured_right_after_its_count_keeps_its_size():
    """ "at least 1 lesion >= 20 mm": the lesion's size is the bound read, not a count of lesions."""
    assert _bounds("* At least 1 lesion >= 20 mm by CT scan") == [("lesion", ">=", 20.0, "mm")]


def test_an_event_reading_the_same_words_is_kept():
    """ "at least one measurable lesion" stays the event it was (the event family comes first)."""
    kinds = {n.kind for n in _rule("* At least 1 measurable lesion").walk()}
    assert "measure_threshold" not in kinds


def test_a_count_keeps_what_it_did_not_read():
    """ "on bone scan" is not read with the count: it stays unparsed, not dropped."""
    rule = _rule("* At least 2 new lesions on bone scan")
    assert _bounds("* At least 2 new lesions on bone scan") == [("new lesions", ">=", 2.0, None)]
    assert any(n.kind == "unparsed" and "scan" in n.text for n in rule.walk())


def test_counts_and_rates_render_as_numbers_of_things():
    tree = _parse("* At least 3 loose stools per day\n* ≥ 1 swollen joint\n* More than 6 seizures per year",
                  "Inclusion")
    text = criteria.render(tree)
    assert "at least 3 loose stools a day" in text
    assert "at least 1 swollen joint" in text and "swollen joints of" not in text
    assert "more than 6 seizures a year" in text
    clinician = criteria.render(tree, style="clinician")
    assert "Loose stools ≥ 3/day" in clinician and "Seizures > 6/year" in clinician


@pytest.mark.parametrize(
    "labs, verdicts",
    [
        ([{"name": "loose stools", "value": 28, "unit": "1/week"}, {"name": "Swollen joints", "value": 8}],
         ["met", "met"]),  # 28 a week is 4 a day
        ([{"name": "loose stools", "value": 14, "unit": "1/week"}, {"name": "swollen joints", "value": 2}],
         ["not_met", "not_met"]),
        ([{"name": "loose stools", "value": 5, "unit": "mg"}], ["unknown", "unknown"]),  # not a rate
        ([], ["unknown", "unknown"]),
    ],
)
def test_counts_and_rates_evaluate_with_unit_conversion(labs, verdicts):
    tree = _parse("* At least 3 loose stools per day\n* ≥ 6 swollen joints")
    result = criteria.evaluate(tree, {"labs": labs}, as_of=date(2026, 1, 1))
    assert [c.verdict.value for c in result.criteria] == verdicts


# --- a score named after its bound ----------------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [
        ("* A score of 3 or greater on the ASA", ("asa_class", ">=", 3.0, None)),
        ("* Patients with a total score of at least 18 on the HAMD", ("hamd", ">=", 18.0, None)),
        ("* Rating of > 4 on the CGI-S at baseline", ("cgi_s", ">", 4.0, None)),
    ],
)
def test_a_score_named_after_its_bound(body, expected):
    assert _bounds(body) == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "* A score of 12 or more on the ASA",  # the ASA class runs from 1 to 6
        "* At least 22 on the MADRS",  # no word says the number is a score
        "* A score of at least 4 on the average pain item of the HAMD",  # more than 'on the' between
        "* A score of ≥10 on MADRS items 1, 2, 6, 7 and 8",  # a part of the scale
    ],
)
def test_no_score_named_after_its_bound_where_the_words_do_not_say_so(body):
    assert _bounds(body) == []


def test_a_score_named_after_its_bound_renders_and_evaluates():
    tree = _parse("* A score of 3 or greater on the ASA", "Exclusion")
    assert "ASA ≥ 3" in criteria.render(tree, style="clinician")
    result = criteria.evaluate(tree, {"labs": [{"name": "ASA class", "value": 4}]}, as_of=date(2026, 1, 1))
    assert result.criteria[0].verdict.value == "met"  # the exclusion holds: ASA 4 is 3 or greater


def test_a_condition_s_parenthesis_counting_something_else_is_not_its_measure():
    """ "hypoglycemia (more than 2 episodes ...)": not a glucose bound of 2."""
    body = "* Recurrent severe hypoglycemia (more than 2 episodes over the last 6 months)"
    assert not [b for b in _bounds(body, "Exclusion") if b[0] == "glucose"]


@pytest.mark.parametrize(
    ("body", "bound"),
    [
        ("* Predicted survival of at least 16 weeks", (">=", 16.0, "week")),
        ("* Survival expectation ≥ 6 months", (">=", 6.0, "month")),
        ("* Expected survival time: more than 4 months", (">", 4.0, "month")),
        ("* Anticipated patient survival under 2 months", ("<", 2.0, "month")),
        ("* Any illness that would limit survival to less than 1 year", ("<", 1.0, "year")),
    ],
)
def test_survival_worded_as_an_expectation_is_the_life_expectancy(body, bound):
    (node,) = [n for c in _parse(body).criteria() for n in c.rule.walk() if n.kind == "life_expectancy"]
    assert (node.op, node.value, node.unit) == bound


def test_survival_of_a_disease_is_no_life_expectancy():
    assert not [n for c in _parse("* Overall survival > 6 months").criteria() for n in (c.rule.walk() if c.rule else ())
                if n.kind == "life_expectancy"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("* ≥ 15% bone marrow plasmacytosis", [("bone_marrow_plasma_cells", ">=", 15.0, "percent")]),
        ("* Clonal bone marrow plasma cells of at least 10%", [("bone_marrow_plasma_cells", ">=", 10.0, "percent")]),
        ("* Bone marrow plasma cells < 5% or > 70%",
         [("bone_marrow_plasma_cells", "<", 5.0, "percent"), ("bone_marrow_plasma_cells", ">", 70.0, "percent")]),
    ],
)
def test_plasma_cells_in_the_bone_marrow_are_a_lab(body, expected):
    assert _bounds(body) == expected


def test_plasmacytosis_alone_stays_a_condition():
    (criterion,) = _parse("* History of plasmacytosis").criteria()
    assert [n.kind for n in criterion.rule.walk()] == ["condition"]
