"""Issue 12, twelfth round (branch numbers15): the share of the bone marrow irradiated read apart
from a radiotherapy the events family reads with its window; a tumour's size right after it; size
comparators and hyphenated age marks; the age at a death; "creatine" for creatinine; a defining
measure after "of"; the upper limit of normal, powers of ten and units in more spellings; counts of
cells with a thousands dot; a CTCAE version before the grade. Sentences of our own, not any trial's."""

from __future__ import annotations

import pytest

from evaluate_helpers import nodes_of, numbers_left


def _marrow(body: str, section: str = "Exclusion"):
    return [(n.op, n.value, n.unit) for n in nodes_of(body, section)
            if getattr(n, "analyte", None) == "bone_marrow_irradiated"]


def _radiotherapy_windows(body: str, section: str = "Exclusion"):
    return [(n.window.high, n.window.unit) if n.window else None for n in nodes_of(body, section)
            if n.kind == "prior_therapy" and n.name == "radiotherapy"]


# --- the share of the marrow after a radiotherapy read with its window ------------------------------


@pytest.mark.parametrize(
    ("body", "bound", "window"),
    [
        ("Has had radiation to > 30% of the bone marrow within 21 days before enrolment",
         (">", 30.0, "percent"), (21.0, "day")),
        ("Radiotherapy to at least 20% of his or her bone marrow within 6 weeks",
         (">=", 20.0, "percent"), (6.0, "week")),
        ("Radiation therapy encompassing > 40% of the marrow within 2 weeks of the first dose",
         (">", 40.0, "percent"), (2.0, "week")),
        ("Received radiotherapy to more than 35% of the bone marrow prior to randomisation",
         (">", 35.0, "percent"), None),
    ],
)
def test_the_share_of_the_marrow_beside_the_radiotherapy_and_its_window(body, bound, window):
    assert _marrow(body) == [bound]
    assert _radiotherapy_windows(body) == [window]
    assert numbers_left(body) == []


@pytest.mark.parametrize(
    "body",
    [
        # a time since the radiotherapy: the share says which radiotherapy must be long enough ago
        "At least 3 weeks since radiation therapy involving > 30% of the bone marrow",
        # denied: "no radiotherapy to > 30% ... within 2 weeks" is no such pair, not a share required
        "No radiation therapy to > 30% of the bone marrow within 2 weeks",
        # a permission, read by the events family
        "Radiotherapy to < 20% of the bone marrow is permitted",
        # a window before the radiotherapy in the same criterion: whose share is it?
        "Chemotherapy within 3 weeks or radiotherapy to > 30% of the bone marrow within 2 weeks",
        # a word that links no share ("in")
        "Radiation therapy in > 30% of the bone marrow within 2 weeks",
        # not a radiotherapy before it
        "Surgery to > 30% of the bone marrow within 2 weeks",
    ],
)
def test_no_share_read_apart_where_the_words_around_it_say_more(body):
    assert _marrow(body) == []


def test_the_share_read_apart_in_an_inclusion_keeps_its_bound():
    body = "Prior radiation to less than 25% of the bone marrow, completed 4 weeks before enrolment"
    assert _marrow(body, "Inclusion") == [("<", 25.0, "percent")]


# --- the size of a tumour written right after its condition -----------------------------------------


def _sizes(body: str, section: str = "Inclusion"):
    return [(n.op, n.value, n.unit) for n in nodes_of(body, section)
            if getattr(n, "analyte", None) == "tumor_size"]


def _conditions(body: str, section: str = "Inclusion"):
    return [n.name for n in nodes_of(body, section) if n.kind == "condition"]


@pytest.mark.parametrize(
    ("body", "condition", "size"),
    [
        ("Hepatocellular carcinoma ≤ 5 cm", "hepatocellular_carcinoma", ("<=", 5.0, "cm")),
        ("Solitary HCC < 8 cm on imaging", "hepatocellular_carcinoma", ("<", 8.0, "cm")),
        ("Invasive breast cancer > 2 cm", "breast_cancer", (">", 2.0, "cm")),
        ("Pituitary adenoma of at least 10 mm", "pituitary_adenoma", (">=", 10.0, "mm")),
    ],
)
def test_a_size_right_after_a_tumour_is_its_size_beside_the_condition(body, condition, size):
    assert condition in _conditions(body)
    assert _sizes(body) == [size]
    (rule,) = [c.rule for c in __import__("criteria").parse_criteria(f"Inclusion Criteria:\n\n* {body}\n").criteria()]
    assert rule.kind == "all_of"  # both: the tumour, and its size (a size defines no tumour)
    assert numbers_left(body, "Inclusion") == []


def test_a_size_in_parentheses_after_a_tumour_is_required_with_it_not_instead_of_it():
    body = "Hepatocellular carcinoma (tumour size ≤ 6 cm)"
    (criterion,) = __import__("criteria").parse_criteria(f"Inclusion Criteria:\n\n* {body}\n").criteria()
    assert criterion.rule.kind == "all_of"
    assert _sizes(body) == [("<=", 6.0, "cm")]


@pytest.mark.parametrize(
    "body",
    [
        "Rectal tumour < 12 cm from the anal verge",  # a distance
        "Oesophageal carcinoma > 20 cm below the incisors",
        "Carcinoma > 3 mm deep",  # a depth
        "Cancer diagnosed > 5 years ago",  # a time
        "Hypertension > 5 cm",  # no tumour: nothing says what the length is of
    ],
)
def test_no_tumour_size_where_the_length_is_of_something_else(body):
    assert _sizes(body) == []


def test_the_tumour_size_evaluates_against_a_recorded_size():
    from datetime import date

    import criteria

    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Hepatocellular carcinoma ≤ 5 cm\n")
    profile = {"conditions": [{"name": "hepatocellular carcinoma"}],
               "labs": [{"name": "tumor size", "value": 30, "unit": "mm"}]}
    assert criteria.evaluate(tree, profile, as_of=date(2026, 1, 1)).criteria[0].verdict.value == "met"
    profile["labs"] = [{"name": "tumor size", "value": 7, "unit": "cm"}]
    assert criteria.evaluate(tree, profile, as_of=date(2026, 1, 1)).criteria[0].verdict.value == "not_met"


# --- comparators of size, and ages written with hyphens ----------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Skin lesion larger than 5 mm", (">", 5.0, "mm")),
        ("Cyst smaller than 2 cm on ultrasound", ("<", 2.0, "cm")),
        ("Nodule bigger than 3 cm", (">", 3.0, "cm")),
        ("Polyp no larger than 10 mm", ("<=", 10.0, "mm")),
    ],
)
def test_larger_and_smaller_than_are_comparators(body, expected):
    found = [(n.op, n.value, n.unit) for n in nodes_of(body, "Inclusion") if n.kind == "measure_threshold"]
    assert found == [expected]


def _ages(body: str, section: str = "Inclusion"):
    return [((n.low.value, n.low.inclusive) if n.low else None, (n.high.value, n.high.inclusive) if n.high else None)
            for n in nodes_of(body, section) if n.kind == "age"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("At least 21 years-of-age when the consent is signed", [((21.0, True), None)]),
        ("Adults between 30 and 55 years-of-age", [((30.0, True), (55.0, True))]),
        ("Participants at least 19 year-old at screening", [((19.0, True), None)]),
        ("Younger than 12 years-old", [(None, (12.0, False))]),
    ],
)
def test_an_age_mark_written_with_hyphens(body, expected):
    assert _ages(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "Family history of sudden death under 45 years of age",
        "Family history of unexplained sudden death under 35 years-of-age",
        "A sibling who died younger than 50 years old",
    ],
)
def test_the_age_at_a_death_is_not_the_patients_age(body):
    assert _ages(body, "Exclusion") == []


# --- "creatine" written for creatinine ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Serum creatine > 2.0 mg/dL", ("creatinine", ">", 2.0)),
        ("Creatine <= 1.5 x ULN", ("creatinine", "<=", 1.5)),
        # the enzyme keeps its own name, whatever word comes before it
        ("Plasma creatine phosphokinase < 2 x ULN", ("creatine_kinase", "<", 2.0)),
        ("Serum creatine kinase > 3 x ULN", ("creatine_kinase", ">", 3.0)),
    ],
)
def test_creatine_with_a_bound_is_creatinine_unless_it_names_the_enzyme(body, expected):
    found = [(n.analyte, n.op, n.value) for n in nodes_of(body) if n.kind == "lab_threshold"]
    assert found == [expected]


# --- a condition's defining measure after "of" -------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "bound"),
    [
        ("Fever of ≥ 38.3 °C in the last week", "body_temperature", (">=", 38.3)),
        ("Tachycardia of more than 120 bpm at rest", "heart_rate", (">", 120.0)),
        ("Hypoglycemia of < 54 mg/dL", "glucose", ("<", 54.0)),
    ],
)
def test_the_measure_a_condition_names_after_of(body, field, bound):
    found = [(n.op, n.value) for n in nodes_of(body) if getattr(n, "analyte", None) == field]
    assert found == [bound]


@pytest.mark.parametrize("body", ["Fever of 3 days", "Anemia of chronic disease", "Carcinoma of > 5 cm"])
def test_of_bridges_only_to_a_bound_in_the_measures_own_unit(body):
    assert [n for n in nodes_of(body) if n.kind in ("measure_threshold", "lab_threshold")] == []


# --- the upper limit of normal spelt in more ways ----------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("SGPT less than 2.5 times normal", ("alt", "<", 2.5)),
        ("AST > 4 times the upper normal value", ("ast", ">", 4.0)),
        ("Bilirubin <= 1.5 x the upper-normal limits", ("total_bilirubin", "<=", 1.5)),
        ("Creatinine < 1.8 x institution upper limit of normal", ("creatinine", "<", 1.8)),
        ("PTT > 1.3 × the institution's ULN", ("aptt", ">", 1.3)),
        ("ALT > 3 x upper level of normal", ("alt", ">", 3.0)),
        ("Creatinine >2 upper normal limits", ("creatinine", ">", 2.0)),
    ],
)
def test_a_multiple_of_the_upper_limit_of_normal_however_spelt(body, expected):
    found = [(n.analyte, n.op, n.value, n.relative_to) for n in nodes_of(body) if n.kind == "lab_threshold"]
    assert found == [(*expected, "ULN")]
    assert numbers_left(body) == []


@pytest.mark.parametrize(
    "body",
    ["Neutrophils >= 1.2 x10ˆ9 /L", "Neutrophils >= 1.2 x 10*9/L", "Neutrophils >= 1.2 x 10x9/l",
     "Neutrophils >= 1.2 x 109/litre"],
)
def test_ten_to_the_ninth_per_litre_in_odd_spellings(body):
    found = [(n.analyte, n.op, n.value, n.unit) for n in nodes_of(body, "Inclusion") if n.kind == "lab_threshold"]
    assert found == [("anc", ">=", 1.2, "10^9/L")]
    assert numbers_left(body, "Inclusion") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Bilirubin less than 1.5 times of ULN", ("total_bilirubin", "<", 1.5)),
        ("ALT > 2 times of the upper limit of normal value", ("alt", ">", 2.0)),
        ("AST ≤ 2.5 folds of the upper limit of normal", ("ast", "<=", 2.5)),
        ("Creatinine ≤ 1.4 x local laboratory upper limit of normal", ("creatinine", "<=", 1.4)),
    ],
)
def test_a_multiple_of_the_upper_limit_with_of_between(body, expected):
    found = [(n.analyte, n.op, n.value, n.relative_to) for n in nodes_of(body) if n.kind == "lab_threshold"]
    assert found == [(*expected, "ULN")]


def test_seconds_above_the_upper_limit_are_no_multiple_of_it():
    assert [n for n in nodes_of("PT within 3 seconds of the upper limit of normal")
            if getattr(n, "relative_to", None) == "ULN"] == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("HIV-1 RNA below 200 c/mL", ("hiv_viral_load", "<", 200.0, "copies/mL")),
        ("Platelets > 75,000/microL", ("platelets", ">", 75000.0, "1/uL")),
        ("C-peptide ≥ 0.6 ng per mL", ("c_peptide", ">=", 0.6, "ng/mL")),
    ],
)
def test_units_in_short_or_spelled_forms(body, expected):
    found = [(n.analyte, n.op, n.value, n.unit) for n in nodes_of(body, "Inclusion") if n.kind == "lab_threshold"]
    assert found == [expected]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Neutrophils ≥ 1.500/mm3", ("anc", 1500.0)),
        ("Platelets ≥ 150.000 cells/mm³", ("platelets", 150000.0)),
        ("Leukocytes > 4.000 cells/microL", ("wbc", 4000.0)),
        # a real decimal stays one: not three digits after the dot, or another unit
        ("Neutrophils ≥ 1.5 x 10^9/L", ("anc", 1.5)),
        ("Creatinine < 1.500 mg/dL", ("creatinine", 1.5)),
    ],
)
def test_a_count_of_cells_written_with_a_thousands_dot(body, expected):
    found = [(n.analyte, n.value) for n in nodes_of(body, "Inclusion") if n.kind == "lab_threshold"]
    assert found == [expected]


# --- a CTCAE version between the scale's name and the grade ------------------------------------------


def _grades(body: str, section: str = "Exclusion"):
    return [(n.name, n.grade.op, n.grade.value) for n in nodes_of(body, section)
            if n.kind == "condition" and getattr(n, "grade", None) is not None]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Peripheral neuropathy NCI CTCAE version 5.0 grade ≥ 2", [("peripheral_neuropathy", ">=", 2)]),
        ("Peripheral neuropathy (NCI-CTCAE v4.03 grade > 1)", [("peripheral_neuropathy", ">", 1)]),
        ("Congestive heart failure CTCAE v5 grade ≥ 3", [("congestive_heart_failure", ">=", 3)]),
    ],
)
def test_a_grade_after_a_versioned_ctcae(body, expected):
    assert _grades(body) == expected
    assert numbers_left(body) == []


def test_a_ceiling_after_a_versioned_ctcae_asks_for_nothing_worse():
    body = "Toxicities of prior therapy resolved to NCI CTCAE version 4.0 grade ≤ 1"
    (rule,) = [n for n in nodes_of(body, "Inclusion") if n.kind == "not"]
    assert (rule.item.name, rule.item.grade.op, rule.item.grade.value) == ("toxicity", ">", 1)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Neutrophils ≥ 1,200 mm3", ("anc", ">=", 1200.0, None, "1/mm^3")),
        ("Platelets >= 80,000 mm^3", ("platelets", ">=", 80000.0, None, "1/mm^3")),
        ("Neutrophils ≥ 1,800 mm3 and ≤ 8,000 mm3", ("anc", "between", 1800.0, 8000.0, "1/mm^3")),
    ],
)
def test_a_count_of_cells_before_a_volume_is_per_that_volume(body, expected):
    found = [(n.analyte, n.op, n.value, n.value_high, n.unit) for n in nodes_of(body, "Inclusion")
             if n.kind == "lab_threshold"]
    assert found == [expected]
    assert numbers_left(body, "Inclusion") == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Platelets less than 60 k/mm3", ("platelets", 60.0, "10^3/uL")),
        ("Leukocytes less than 3.0 k/microliter", ("wbc", 3.0, "10^3/uL")),
        ("Neutrophils >= 1.0 x 10**9/L", ("anc", 1.0, "10^9/L")),
    ],
)
def test_thousands_per_microlitre_and_powers_with_two_stars(body, expected):
    found = [(n.analyte, n.value, n.unit) for n in nodes_of(body) if n.kind == "lab_threshold"]
    assert found == [expected]


@pytest.mark.parametrize("body", ["FSH > 35 mlU/ml", "FSH > 35 milli-international units per milliliter"])
def test_milli_international_units_per_millilitre_misspelt_or_spelt_out(body):
    found = [(n.analyte, n.value, n.unit) for n in nodes_of(body, "Inclusion") if n.kind == "lab_threshold"]
    assert found == [("fsh", 35.0, "mIU/mL")]
