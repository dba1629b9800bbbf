"""A class of drugs named by an effect on the QT interval ("drugs known to prolong the QT interval",
"QT-prolonging agents") is one open-vocabulary drug (issue 11, item 8: the QT interval there is no
measure the patient's ECG must show). Any drug on record may be one, so the rule is unknown there
and not met only where a complete list holds no drug at all. So is a class named by what its drugs
act on ("medications affecting sleep", "drugs known to affect bone metabolism", "motility-altering
drugs"): left as words, nothing had been read."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from evaluate_helpers import sql_parity

AS_OF = date(2026, 1, 1)


def _rule(text: str):
    return criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n").exclusion[0].rule


@pytest.mark.parametrize("text", [
    "Use of drugs known to prolong the QT interval",
    "Concomitant medication that may cause QTc prolongation",
    "Taking medications with a known risk of prolonging the QTcF interval",
    "QT-prolonging agents",
])
def test_a_class_named_by_its_effect_on_qt_is_an_open_drug(text):
    rule = _rule(text)
    assert (rule.kind, rule.name, rule.open_vocabulary) == ("medication", "qt_prolonging_drug", True)


def test_a_qt_bound_stays_a_measure():
    assert _rule("QTc interval > 470 ms").kind == "measure_threshold"


@pytest.mark.parametrize("text, drug", [("Use of drugs known to prolong the QT interval", "ondansetron"),
                                        ("Use of medications affecting sleep", "zolpidem")])
@pytest.mark.parametrize("on_record, verdict", [(True, "unknown"), (False, "not_met")])
def test_any_drug_on_record_may_be_one(text, drug, on_record, verdict):
    tree = criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n")
    medications = [{"name": drug}] if on_record else []
    patient = criteria.Patient.model_validate({"medications": medications, "complete": ["medications"]})
    assert criteria.evaluate(tree, patient, as_of=AS_OF).criteria[0].verdict == verdict


def test_sql_reads_it_as_the_evaluator_does():
    tree = criteria.parse_criteria("Exclusion Criteria:\n\n* Use of drugs known to prolong the QT interval\n")
    differences, _ = sql_parity(tree, 400, seed=3, as_of=AS_OF)
    assert differences == []


@pytest.mark.parametrize("text, name", [
    ("Use of medications affecting sleep", "drug_affecting_sleep"),
    ("Use of medications that may affect olfaction", "drug_affecting_olfaction"),
    ("Use of drugs known to affect bone metabolism", "drug_affecting_bone_metabolism"),
    ("Use of drugs which may affect their voiding pattern", "drug_affecting_voiding_pattern"),
    ("Use of other medications that could affect the course of psoriasis", "drug_affecting_course_of_psoriasis"),
    ("Use of motility-altering drugs", "drug_affecting_motility"),
])
def test_a_class_named_by_what_it_acts_on_is_an_open_drug(text, name):
    rule = _rule(text)
    assert (rule.kind, rule.name, rule.open_vocabulary) == ("medication", name, True)


def test_drugs_that_affect_the_qt_interval_are_the_qt_prolonging_drugs():
    assert _rule("Use of medications which affect QT/QTc").name == "qt_prolonging_drug"


def test_the_general_term_of_examples_is_one_of_the_alternatives():
    rule = _rule("Drugs affecting weight (e.g., sibutramine, orlistat)")
    assert rule.kind == "any_of" and [n.name for n in rule.items] == ["drug_affecting_weight", "sibutramine", "orlistat"]


@pytest.mark.parametrize("text", ["Use of disease-modifying drugs", "Drugs that may affect the study results"])
def test_what_names_no_effect_of_a_class_is_not_read_so(text):
    assert not any(n.kind == "medication" and n.name.startswith("drug_affecting") for n in _rule(text).walk())
