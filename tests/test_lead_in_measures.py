"""A sub-bullet that opens on a bound and names no measure takes the measure its lead-in ends on
(issue 12): "Platelet count:" / "- at least 75,000/µL" is a platelet threshold, where it had been
an unparsed bound no patient could meet. Only where the lead-in names exactly one measure and no
number, and the sub-bullet names none: otherwise nothing is inherited."""

from __future__ import annotations

from datetime import date

import criteria


def _rules(text: str) -> list:
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n" + text)
    return [sub.rule for c in tree.inclusion for sub in c.subcriteria]


def test_a_bare_bound_takes_the_lab_of_its_lead_in():
    rule, = _rules("- Platelet count:\n  - at least 75,000/µL\n")
    assert rule.kind == "lab_threshold" and rule.analyte == "platelets"
    assert (rule.op, rule.value) == (">=", 75000)


def test_the_reading_stays_inside_the_sub_bullet():
    text = "Inclusion Criteria:\n\n- Serum potassium level:\n  - below 5.5 mmol/L\n"
    tree = criteria.parse_criteria(text)
    rule = tree.inclusion[0].subcriteria[0].rule
    assert rule.analyte == "potassium" and rule.op == "<" and rule.value == 5.5
    assert rule.span.slice(text) == "below 5.5 mmol/L"


def test_a_range_and_a_relative_bound_with_its_alternative():
    rng, rel = _rules("- Body mass index:\n  - between 20 and 32 kg/m2\n"
                      "- AST:\n  - no more than 3 x ULN (<= 5 x ULN if Gilbert syndrome)\n")
    assert rng.kind == "measure_threshold" and rng.analyte == "bmi"
    assert (rng.op, rng.value, rng.value_high) == ("between", 20, 32)
    assert "ast" in {n.analyte for n in _thresholds(rel)}


def _thresholds(node):
    if node.kind in ("lab_threshold", "measure_threshold"):
        return [node]
    return [t for m in getattr(node, "items", ()) for t in _thresholds(getattr(m, "rule", m))]


def test_a_lead_in_naming_two_measures_gives_none():
    rule, = _rules("- Sodium or potassium:\n  - within normal limits or below 6\n")
    assert rule.kind != "lab_threshold"


def test_a_lead_in_with_a_bound_of_its_own_gives_none():
    rule, = _rules("- Creatinine at most 1.5 mg/dL, and:\n  - under 2 mg/dL after hydration\n")
    assert "creatinine" not in {t.analyte for t in _thresholds(rule)}


def test_a_sub_bullet_naming_its_own_measure_keeps_it():
    rule, = _rules("- Hemoglobin:\n  - >= 90 g/L, or hematocrit >= 30%\n")
    assert "hematocrit" in {t.analyte for t in _thresholds(rule)}


def test_a_time_under_a_measure_is_no_bound_on_it():
    rule, = _rules("- Creatinine clearance:\n  - 4 weeks after chemotherapy\n")
    assert not _thresholds(rule)


def test_a_patient_meets_the_inherited_bound():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n- Absolute neutrophil count:\n  - >= 1.5 x 10^9/L\n")
    patient = criteria.Patient.model_validate({
        "birth_date": "1970-01-01", "sex": "female",
        "labs": [{"name": "anc", "value": 2.1, "unit": "10^9/L", "date": "2025-12-20"}]})
    assert criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).status == "eligible"


def test_a_size_under_measurable_disease_is_the_lesion_size():
    size, = _rules("- Measurable disease, defined as:\n  - more than 15 mm in longest diameter\n")
    assert [(t.analyte, t.op, t.value, t.unit) for t in _thresholds(size)] == [("tumor_size", ">", 15, "mm")]


def test_a_count_under_measurable_disease_is_no_size():
    count, = _rules("- Measurable disease, defined as:\n  - at least 3 nodules\n")
    assert "tumor_size" not in {t.analyte for t in _thresholds(count)}


def test_a_size_under_another_condition_is_not_inherited():
    rule, = _rules("- Prior radiotherapy:\n  - at least 30 mm from the spinal cord\n")
    assert "tumor_size" not in {t.analyte for t in _thresholds(rule)}


def test_a_bound_for_some_cohorts_or_by_one_method_is_not_inherited():
    cohort, method = _rules("- Creatinine clearance:\n  - below 30 mL/min for Cohort 2\n"
                            "- Measurable disease, defined as:\n  - at least 20 mm by conventional techniques OR\n")
    assert not _thresholds(cohort) and not _thresholds(method)
