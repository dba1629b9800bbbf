"""Numeric comparisons brought inside typed nodes (issue 12): spellings of creatinine clearance,
bounds per group of sex or age joined by "or", and how long an event lasted said by a verb."""

from __future__ import annotations

import pytest

from criteria import parse_criteria

TYPED = ("lab_threshold", "measure_threshold")


def rule(text: str, section: str = "Inclusion"):
    (criterion,) = parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria()
    return criterion.rule


def thresholds(text: str, section: str = "Inclusion"):
    return [(n.analyte, n.op, n.value, n.unit, n.applies_to) for n in rule(text, section).walk() if n.kind in TYPED]


@pytest.mark.parametrize("text, expected", [
    ("Creatinin clearance of at least 45 ml/min", ("crcl", ">=", 45.0, "mL/min", None)),
    ("Creatine clearance below 30 mL/min", ("crcl", "<", 30.0, "mL/min", None)),
    ("Cr clearance >= 55 mL/min", ("crcl", ">=", 55.0, "mL/min", None)),
    ("24-hour clearance of 40 mL/min or more", ("crcl", ">=", 40.0, "mL/min", None)),
    ("Cockcroft-Gault clearance > 70 mL/min", ("crcl", ">", 70.0, "mL/min", None)),
])
def test_creatinine_clearance_spellings(text, expected):
    assert thresholds(text) == [expected]


def test_a_clearance_of_no_named_substance_stays_unread():
    assert thresholds("Clearance above 65 mL/min") == []


@pytest.mark.parametrize("text, groups", [
    ("QTcF above 460 ms (men) or above 480 ms (women)", [("men", 460.0), ("women", 480.0)]),
    ("QTc >= 455 ms (male), or >= 475 ms (female) on the screening ECG", [("male", 455.0), ("female", 475.0)]),
    ("Haemoglobin < 11 g/dL (males) or < 10 g/dL (females)", [("males", 11.0), ("females", 10.0)]),
])
def test_bounds_per_group_joined_by_or(text, groups):
    found = thresholds(text, "Exclusion")
    assert [(applies, value) for _, _, value, _, applies in found] == groups
    assert rule(text, "Exclusion").kind == "all_of"  # each group its own bound, not either bound for all


@pytest.mark.parametrize("text", [
    "QTc > 455 ms (Fridericia) or > 475 ms (Bazett)",  # methods, not groups
    "Bilirubin <= 2 x ULN (no hepatic lesions) or <= 4 x ULN (hepatic lesions)",  # cases, which this does not read
])
def test_or_bounds_for_what_is_no_group_get_no_group(text):
    assert all(applies is None for *_, applies in thresholds(text, "Exclusion"))


@pytest.mark.parametrize("text, low, high, unit", [
    ("Chronic diarrhea lasting more than 8 weeks", 8.0, None, "week"),
    ("Persistent diarrhoea (lasting at least 3 weeks)", 3.0, None, "week"),
    ("Migraine lasting less than 2 hours", None, 2.0, "hour"),
    ("Fever that persisted > 48 hours", 48.0, None, "hour"),
])
def test_a_verb_of_lasting_bounds_how_long_the_event_went_on(text, low, high, unit):
    window = next(n.window for n in rule(text, "Exclusion").walk() if getattr(n, "window", None))
    assert (window.relation, window.low, window.high, window.unit) == ("lasting", low, high, unit)


def test_a_verb_of_lasting_after_other_words_than_an_event_is_not_the_event_s():
    nodes = list(rule("Use of tacrolimus unless it was part of a drug holiday lasting at most 7 days", "Exclusion").walk())
    assert not any(getattr(n, "window", None) for n in nodes)


def test_another_word_before_a_bound_on_a_time_is_no_length():
    nodes = list(rule("Pneumonia treated more than 8 weeks ago", "Exclusion").walk())
    assert not any(getattr(n, "relation", None) == "lasting" for n in nodes)
    assert not any((getattr(n, "window", None) or n).__dict__.get("relation") == "lasting" for n in nodes)


@pytest.mark.parametrize("text, dose", [
    # a daily dose is a dose per day: "daily" before the number gives the unit its rate
    ("Taking hydrocortisone at a daily dose of more than 30 mg", (">", 30.0, "mg/day")),
    # the bound after its number (issue 12, eleventh round: read since, ev_tail_far_post)
    ("Prednisolone at a total daily dose of 15 mg/day or more", (">=", 15.0, "mg/day")),
    ("Hydrocortisone at a daily dose of > 30 mg/day", (">", 30.0, "mg/day")),
    ("Aspirin at doses above 100 mg", (">", 100.0, "mg")),
])
def test_a_dose_some_dose_words_after_its_drug(text, dose):
    found = [n.dose for n in rule(text, "Exclusion").walk() if getattr(n, "dose", None)]
    assert [(d.op, d.value, d.unit) for d in found] == ([dose] if dose else [])


def bounds(text: str):
    return [(n.analyte, n.op, n.value, n.value_high, n.unit) for n in rule(text).walk() if n.kind in TYPED]


@pytest.mark.parametrize("text, expected", [
    ("Body mass index between 19 and < 35 kg/m2",
     [("bmi", ">=", 19.0, None, "kg/m^2"), ("bmi", "<", 35.0, None, "kg/m^2")]),
    ("HbA1c from greater than 6.5 to less than or equal to 11%",
     [("hba1c", ">", 6.5, None, "percent"), ("hba1c", "<=", 11.0, None, "percent")]),
    ("BMI 20 to <= 30 kg/m2", [("bmi", "between", 20.0, 30.0, "kg/m^2")]),
    ("BMI 20 - < 30 kg/m2", [("bmi", ">=", 20.0, None, "kg/m^2"), ("bmi", "<", 30.0, None, "kg/m^2")]),
    ("Body weight equal or below 120 kg", [("weight", "<=", 120.0, None, "kg")]),
    ("BMI equal or above 30 kg/m2", [("bmi", ">=", 30.0, None, "kg/m^2")]),
])
def test_ranges_whose_ends_say_whether_they_are_included(text, expected):
    assert bounds(text) == expected


@pytest.mark.parametrize("text", ["Hemoglobin between 12 and > 9 g/dL", "BMI 30 to > 20 kg/m2"])
def test_a_range_with_a_lower_bound_at_its_top_is_not_read(text):
    assert bounds(text) == []


@pytest.mark.parametrize("text, low, high", [
    ("Resting pulse rate less than 45 bpm and more than 110 bpm", 45.0, 110.0),
    ("Sodium lower than 128 mmol/L and greater than 150 mmol/L", 128.0, 150.0),
])
def test_and_more_than_opens_a_second_bound(text, low, high):
    found = [(n.op, n.value) for n in rule(text, "Exclusion").walk() if n.kind in TYPED]
    assert found == [("<", low), (">", high)]


def test_and_more_after_a_number_still_closes_its_bound():
    assert bounds("Hemoglobin 10 g/dL and more") == [("hemoglobin", ">=", 10.0, None, "g/dL")]


def window_of(text: str, section: str = "Inclusion"):
    return next(n.window for n in rule(text, section).walk() if getattr(n, "window", None))


@pytest.mark.parametrize("text, low, high, unit", [
    ("Type 2 diabetes for > 2 years and < 12 years", 2.0, 12.0, "year"),
    ("Type 2 diabetes for at least 6 months and less than 10 years", 6.0, 120.0, "month"),  # a year is 12 months
    ("Atrial fibrillation lasting at least 2 weeks and at most 30 days", 14.0, 30.0, "day"),
])
def test_how_long_between_two_ends(text, low, high, unit):
    window = window_of(text)
    assert (window.relation, window.low, window.high, window.unit) == ("lasting", low, high, unit)


@pytest.mark.parametrize("text", [
    "Atrial fibrillation lasting at least 48 hours and less than 6 months",  # hours in a month: not exact
    "Type 2 diabetes for at least 5 years and less than 3 years",
])
def test_two_ends_that_make_no_length_are_not_read_as_one(text):
    window = window_of(text)
    assert window.high is None


def test_since_a_length_after_an_event_is_how_long_it_has_gone_on():
    window = window_of("Treated with timolol since at least 6 months")
    assert (window.relation, window.low, window.high, window.unit) == ("lasting", 6.0, None, "month")
    rule_ = rule("Menopause since at least 2 years")
    assert rule_.kind == "reproductive" and rule_.window.relation == "lasting"  # no washout's "not"


def test_since_a_length_after_a_bound_is_not_the_event_before_it():
    assert not any(getattr(n, "window", None) for n in rule("HBV-DNA <20 IU/mL since at least 12 months").walk())


@pytest.mark.parametrize("text, op, value", [
    ("No previous radiotherapy to more than 20% of functioning bone marrow", "<=", 20.0),
    ("Prior treatment with radiotherapy involving > 35% of the haematopoietically active bone marrow", ">", 35.0),
    ("Prior radiation to >= 30% of myeloproductive bone marrow", ">=", 30.0),
])
def test_the_share_of_the_marrow_irradiated_by_more_of_its_names(text, op, value):
    found = [(n.analyte, n.op, n.value) for n in rule(text, "Exclusion").walk() if n.kind in TYPED]
    assert found == [("bone_marrow_irradiated", op, value)]


@pytest.mark.parametrize("text, expected", [
    ("Haemoglobin>11gm/dL", ("hemoglobin", ">", 11.0, None, "g/dL")),
    ("Serum creatinine ≤115micromol/L", ("creatinine", "<=", 115.0, None, "umol/L")),
    ("Total bilirubin < 30µmol/L", ("total_bilirubin", "<", 30.0, None, "umol/L")),
])
def test_a_number_glued_to_more_units(text, expected):
    assert bounds(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Serum creatinine no more than 1.8 mg per dL.", ("creatinine", "<=", 1.8, None, "mg/dL")),
    ("Creatinine clearance of at least 50cc/min", ("crcl", ">=", 50.0, None, "mL/min")),
    ("Diastolic blood pressure above 95 mm/Hg", ("dbp", ">", 95.0, None, "mmHg")),
])
def test_units_ending_a_sentence_glued_or_slashed(text, expected):
    assert bounds(text) == [expected]


def test_an_amount_in_ml_ending_a_sentence():
    donation = rule("Blood donation of more than 450 mL.", "Exclusion")
    assert (donation.amount.op, donation.amount.value, donation.amount.unit) == (">", 450.0, "mL")


@pytest.mark.parametrize("text, expected", [
    ("AST & ALT below 2.5 x ULN", [("ast", "<", 2.5, None, "ULN"), ("alt", "<", 2.5, None, "ULN")]),
    ("Serum creatinine ≤ 1.5times the upper limit of normal", [("creatinine", "<=", 1.5, None, "ULN")]),
    ("Bilirubine < 25 µmol/L", [("total_bilirubin", "<", 25.0, None, "umol/L")]),
])
def test_ampersand_glued_times_and_a_french_spelling(text, expected):
    assert bounds(text) == expected


def ages(text: str):
    return [(n.low and (n.low.value, n.low.inclusive), n.high and (n.high.value, n.high.inclusive))
            for n in rule(text).walk() if n.kind == "age"]


@pytest.mark.parametrize("text, expected", [
    ("Aged equal or over 21.", [((21.0, True), None)]),
    ("Age equal to or under 70 years", [(None, (70.0, True))]),
])
def test_ages_with_equal_or_over_under(text, expected):
    assert ages(text) == expected


def test_a_number_with_a_unit_of_weight_after_an_age_is_no_age():
    assert all(low != (45.0, True) for low, _ in ages("Age ≥ 16 years and ≥ 45 kg"))


@pytest.mark.parametrize("text, expected", [
    ("Atopic dermatitis involving at least 12% of the body surface area", ("affected_bsa", ">=", 12.0, None, "percent")),
    ("Eczema covering > 8% of body surface area", ("affected_bsa", ">", 8.0, None, "percent")),
    ("≥ 15% body surface area (BSA) of psoriasis involvement", ("affected_bsa", ">=", 15.0, None, "percent")),
])
def test_a_share_of_the_body_surface_named_after_its_bound(text, expected):
    assert expected in bounds(text)


@pytest.mark.parametrize("text", ["Body surface area of at least 1.2 m2", "Loss of more than 10% of body weight"])
def test_no_share_read_in_another_unit_or_of_another_measure(text):
    assert not any(b[0] == "affected_bsa" or b[4] == "percent" for b in bounds(text))


@pytest.mark.parametrize("text", ["More than 7% weight loss in the last 6 months", "> 3 kg weight gain within 3 months"])
def test_a_bound_before_a_measure_and_a_change_word_is_no_bound_on_the_measure(text):
    assert not any(b[0] == "weight" for b in bounds(text))


@pytest.mark.parametrize("text, expected", [
    ("Body surface area below 1.2 m2", ("body_surface_area", "<", 1.2, None, "m^2")),
    ("BSA ≥ 12% at baseline", ("affected_bsa", ">=", 12.0, None, "percent")),  # in percent: the area affected
])
def test_body_surface_area_is_the_body_s_in_area_and_the_affected_share_in_percent(text, expected):
    assert bounds(text) == [expected]


def test_a_multiple_of_the_uln_written_in_french():
    assert bounds("Bilirubine ≤ 2 fois la LSN") == [("total_bilirubin", "<=", 2.0, None, "ULN")]
