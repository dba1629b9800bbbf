"""Issue 12, tenth round: how much weight a patient has lost, and a blood donation named together
with the blood products or plasma it gave. Sentences of our own, not any trial's."""

from __future__ import annotations

import pytest

import criteria
from criteria import parse_criteria
from evaluate_helpers import nodes_of, numbers_left


_nodes = nodes_of
_numbers_left = numbers_left


def _weight_losses(body: str, section: str = "Exclusion"):
    return [(n.op, n.value, n.unit) for n in _nodes(body, section)
            if n.kind == "measure_threshold" and n.analyte == "weight_loss"]


# --- weight lost ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Loss of weight > 6% in the past 3 months", (">", 6.0, "percent")),
        ("Weight loss of at least 7 % during the previous 2 months", (">=", 7.0, "percent")),
        ("Unplanned weight loss greater than 4 kg in the past 10 weeks", (">", 4.0, "kg")),
        ("Involuntary weight loss > 12 lb over the preceding quarter", (">", 12.0, "lb")),
        (">= 15% weight loss since the cancer was found", (">=", 15.0, "percent")),
    ],
)
def test_how_much_weight_was_lost_is_a_measure(body, expected):
    assert _weight_losses(body) == [expected]
    assert _numbers_left(body) == []


def test_weight_lost_is_its_own_measure_not_body_weight():
    nodes = _nodes("Body weight < 45 kg or weight loss > 6% in the last 3 months")
    bounds = sorted((n.analyte, n.op, n.value) for n in nodes if n.kind == "measure_threshold")
    assert bounds == [("weight", "<", 45.0), ("weight_loss", ">", 6.0)]


def test_no_weight_lost_beyond_a_bound_is_its_negation():
    (rule,) = [c.rule for c in parse_criteria(
        "Inclusion Criteria:\n\n* No weight loss of more than 9% within the past 2 months\n").criteria()]
    assert rule.kind == "not" and rule.item.analyte == "weight_loss"
    assert (rule.item.op, rule.item.value) == (">", 9.0)


def test_weight_lost_renders_and_makes_records():
    tree = parse_criteria("Exclusion Criteria:\n\n* Weight loss of more than 8% in the last 4 months\n")
    assert "weight loss of more than 8%" in criteria.render(tree, "patient")
    (record,) = [r for r in tree.to_records() if r["kind"] == "measure_threshold"]
    assert (record["field"], record["op"], record["value"]) == ("weight_loss", ">", 8.0)


@pytest.mark.parametrize(
    "body",
    ["Use of weight loss drugs within 2 months", "Enrolled in a weight loss programme within 6 weeks"],
)
def test_weight_loss_as_the_purpose_of_a_thing_is_no_measure(body):
    assert _weight_losses(body) == []


def test_a_gain_or_a_loss_together_is_not_read_as_weight_lost():
    # "gain or loss" of more than N kg is a change either way: no measure says it yet
    assert _weight_losses("Stable weight (more than 4 kg of weight gain or loss in 5 months)", "Inclusion") == []


# --- blood donated with its products ----------------------------------------------------------------


def _donations(body: str):
    return [(n.amount.op, n.amount.value, n.amount.unit) if n.amount else None
            for n in _nodes(body) if n.kind == "procedure" and n.name == "blood_donation"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Donation of blood or blood products of more than 400 mL within 10 weeks", [(">", 400.0, "mL")]),
        ("Has donated blood or plasma within 20 days before the first dose", [None]),
        ("Blood or plasma donation in the last 45 days", [None]),
        ("Donation of blood products in excess of 300 mL during the past 2 months", [(">", 300.0, "mL")]),
    ],
)
def test_a_donation_of_blood_or_its_products_is_one_donation(body, expected):
    assert _donations(body) == expected
    assert not [n for n in _nodes(body) if n.kind == "unparsed" and ("plasma" in n.text or "products" in n.text)]
    assert _numbers_left(body) == []


# --- the sensitivity of a pregnancy test describes the test -------------------------------------------


def _remarks(body: str, section: str = "Inclusion"):
    tree = parse_criteria(f"{section} Criteria:\n\n* {body}\n")
    return [(r.text, r.about) for c in tree.criteria() for r in c.remarks]


@pytest.mark.parametrize(
    ("body", "note"),
    [
        ("Females able to bear children need a negative serum pregnancy test with a sensitivity of at least "
         "20 mIU/mL within 7 days of enrolment", "sensitivity of at least 20 mIU/mL"),
        ("A negative urine pregnancy test (sensitivity of <= 30 mIU/mL) at the first visit",
         "sensitivity of <= 30 mIU/mL"),
        ("Two negative pregnancy tests (with a sensitivity of at least 40 mIU/mL for human chorionic "
         "gonadotropin) before the first dose", "sensitivity of at least 40 mIU/mL for human chorionic gonadotropin"),
    ],
)
def test_a_pregnancy_tests_sensitivity_is_a_note_on_the_test(body, note):
    assert (note, "description") in _remarks(body)
    nodes = _nodes(body, "Inclusion")
    assert any(n.kind == "reproductive" and n.name == "negative_pregnancy_test" for n in nodes)
    assert not any(n.kind in ("lab_threshold", "measure_threshold") for n in nodes)  # nothing asked of the patient
    assert not [t for t in _numbers_left(body, "Inclusion") if "sensitivity" in t]


def test_words_after_the_note_stay_as_they_were_read():
    body = "A negative urine pregnancy test (sensitivity of <= 30 mIU/mL) shortly after the first visit"
    assert ("sensitivity of <= 30 mIU/mL", "description") in _remarks(body)
    assert any("shortly" in n.text for n in _nodes(body, "Inclusion") if n.kind == "unparsed")


@pytest.mark.parametrize(
    "body",
    ["Assay sensitivity of at least 25 mIU/mL for the central laboratory",  # no pregnancy test beside it
     "A negative pregnancy test with a sensitivity of at least 25 mIU/mL repeated weekly"],  # more than a note
)
def test_a_sensitivity_is_a_note_only_beside_a_pregnancy_test_and_alone(body):
    assert not [r for r in _remarks(body) if "sensitivity" in r[0]]


# --- a case's own bound after the first bound's words, its comparator come with "or" ----------------


def _bounds(body: str, section: str = "Inclusion"):
    return [(n.analyte, n.op, n.value, n.unit, n.applies_to,
             [(a.condition, a.op, a.value, a.unit) for a in n.alternatives])
            for n in _nodes(body, section) if n.kind in ("lab_threshold", "measure_threshold")]


def test_an_or_bound_for_another_technique_is_that_techniques_alternative():
    body = "One target lesion at least 15 mm by physical examination or at least 8 mm by helical CT"
    ((analyte, op, value, unit, applies_to, alternatives),) = _bounds(body)
    assert (op, value, unit, applies_to) == (">=", 15.0, "mm", None)
    assert alternatives == [(None, ">=", 8.0, "mm")]  # a technique, not a subgroup: the alternative's method
    (node,) = [n for n in _nodes(body, "Inclusion") if n.kind in ("lab_threshold", "measure_threshold")]
    assert node.alternatives[0].method == "by helical CT"
    assert _numbers_left(body, "Inclusion") == []


def test_an_or_bound_for_a_sex_is_that_sexs_own_bound():
    body = "Serum uric acid greater than 7 mg/dL for men or greater than 6 mg/dL for women"
    assert sorted(b[:5] for b in _bounds(body, "Exclusion")) == [
        ("uric_acid", ">", 6.0, "mg/dL", "women"), ("uric_acid", ">", 7.0, "mg/dL", "men")]


def test_an_or_bound_for_a_case_of_liver_metastases():
    body = "ALT above 3 times the ULN without liver metastases or above 5 times the ULN with liver metastases"
    (alt,) = _bounds(body, "Exclusion")
    assert alt[1:3] == (">", 3.0) and alt[5] == [("liver metastases", ">", 5.0, "ULN")]



# --- "HR" before a comparator is the heart rate -----------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Symptomatic bradycardia (HR < 45)", ("<", 45.0)),
        ("Tachycardia defined as HR greater than 120 bpm", (">", 120.0)),
        ("Resting HR >= 115 bpm at the first visit", (">=", 115.0)),
        ("Bradycardia defined as heart rate (HR) < 48 bpm", ("<", 48.0)),
    ],
)
def test_hr_before_a_comparator_is_the_heart_rate(body, expected):
    rates = [(n.op, n.value) for n in _nodes(body) if n.kind == "measure_threshold" and n.analyte == "heart_rate"]
    assert rates == [expected]
    assert _numbers_left(body) == []


@pytest.mark.parametrize("body", ["Fasting of at least 12 HR before the visit", "Infusion over 24 HR > twice"])
def test_hr_after_a_number_stays_hours(body):
    assert not [n for n in _nodes(body) if getattr(n, "analyte", None) == "heart_rate"]


def test_a_bound_after_eligible_if_is_the_exempt_cases_own():
    body = "Sinus bradycardia. Patients with a pacemaker are eligible if HR >= 55 bpm."
    (rule,) = [c.rule for c in parse_criteria(f"Exclusion Criteria:\n\n* {body}\n").criteria()]
    assert rule.kind == "except"
    (case,) = rule.exceptions
    assert case.kind == "all_of"
    kinds = sorted(n.kind for n in case.items)
    assert kinds == ["measure_threshold", "procedure"]


def test_a_bound_after_a_bare_permission_is_still_everyones():
    # "are allowed" then a bound run on from another line: a requirement for everyone, as before
    body = "Prior radiotherapy. Palliative radiotherapy is allowed baseline oxygen saturation > 92%"
    nodes = _nodes(body, "Inclusion")
    assert any(n.kind == "measure_threshold" for n in nodes)
    assert not any(n.kind == "except" and any(e.kind == "measure_threshold" for e in n.exceptions) for n in nodes)


# --- CD4 counts spelled out; "cell/mm^3" in the singular ---------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("HIV infection with a cluster of differentiation (CD)4 count below 150 cells/mm^3", ("<", 150.0, "1/mm^3")),
        ("Cluster of differentiation 4 (CD4+) T-cell count of at least 300 cells/mm3", (">=", 300.0, "1/mm^3")),
        ("Cluster of differentiation (CD)4+ T-cell count > 75 cell/mm3", (">", 75.0, "1/mm^3")),
    ],
)
def test_a_cd4_count_spelled_out_is_the_cd4_count(body, expected):
    counts = [(n.op, n.value, n.unit) for n in _nodes(body) if n.kind == "lab_threshold" and n.analyte == "cd4"]
    assert counts == [expected]
    assert _numbers_left(body) == []


def test_cells_per_cubic_millimetre_in_the_singular_is_the_unit():
    (anc,) = [n for n in _nodes("Neutrophils of at least 1,200 cell/mm^3", "Inclusion") if n.kind == "lab_threshold"]
    assert (anc.analyte, anc.value, anc.unit) == ("anc", 1200.0, "1/mm^3")
    assert not [n for n in _nodes("Neutrophils of at least 1,200 cell/mm^3", "Inclusion") if n.kind == "unparsed"]
