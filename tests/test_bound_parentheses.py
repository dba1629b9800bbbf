"""What a parenthesis after a bound on a value says (issue 11: say what the text says).

* An exception in parentheses ("(unless due to Gilbert's syndrome)") exempts its case, as it does
  without them; before, the threshold family took it for a note and the exemption was lost, so a
  patient the text exempts failed the bound.
* Words that only say the case causes what is bounded ("unless *the elevation is known to be due
  to* …") are read with the exception, not left over to block its verdict.
* Support the value must do without ("(without transfusion support)", "(no growth factors)") is a
  method remark: kept and shown, while the bound decides. It is no requirement of its own that any
  transfusion ever given would fail.
* A note that allows support ("(transfusion allowed)") or names a case stays a note: no event of
  it becomes a requirement.

Sentences of our own; readings are checked on the tree and by evaluation.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.tree.nodes import Except, LabThreshold

AS_OF = date(2026, 3, 2)
COMPLETE = ["conditions", "therapies", "medications", "procedures"]


def _criterion(text: str, section: str = "Inclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n- {text}\n")
    return (tree.inclusion or tree.exclusion)[0], tree


def _kinds(node) -> list[str]:
    return [n.kind for n in node.walk()]


@pytest.mark.parametrize("text", [
    "Serum bilirubin ≤ 2 × ULN (unless caused by Gilbert's syndrome)",
    "Total bilirubin no more than 1.5 × ULN (except for Gilbert's syndrome)",
    "Bilirubin < 1.5 mg/dL (unless the elevation is known to be secondary to Gilbert's syndrome)",
    "Bilirubin < 1.5 mg/dL, unless due to Gilbert's syndrome",
])
def test_an_exception_in_parentheses_exempts_its_case(text):
    crit, tree = _criterion(text)
    rule = crit.rule
    assert isinstance(rule, Except), rule
    assert isinstance(rule.item, LabThreshold)
    assert [e.name for e in rule.exceptions] == ["gilbert_syndrome"]
    assert "unparsed" not in _kinds(rule)
    gilbert = {"conditions": [{"name": "Gilbert syndrome"}],
               "labs": [{"name": "total bilirubin", "value": 3.4, "unit": "mg/dL", "uln": 1.2}]}
    assert criteria.evaluate(tree, {"complete": COMPLETE, **gilbert}, AS_OF).verdict(crit.id).value != "not_met"


def test_a_word_that_changes_the_case_is_not_read_with_the_exception():
    crit, _ = _criterion("ALT ≤ 3 × ULN (unless the investigator attributes it to Gilbert's syndrome)")
    assert "unparsed" in _kinds(crit.rule)


@pytest.mark.parametrize("text, remark", [
    ("Platelets ≥ 75,000/µL (without transfusion support)", "without transfusion support"),
    ("Absolute neutrophil count ≥ 1,000/mm3 (no growth factors)", "no growth factors"),
    ("Hemoglobin ≥ 9.5 g/dL (without red blood cell transfusion)", "without red blood cell transfusion"),
])
def test_support_the_value_does_without_is_a_method_remark(text, remark):
    crit, tree = _criterion(text)
    assert isinstance(crit.rule, LabThreshold)
    assert [(r.text, r.about) for r in crit.remarks] == [(remark, "method")]
    transfused = {"medications": [{"name": "blood transfusion"}], "labs": [
        {"name": "platelets", "value": 90000, "unit": "/uL"},
        {"name": "anc", "value": 1500, "unit": "/mm3"},
        {"name": "hemoglobin", "value": 11, "unit": "g/dL"}]}
    assert criteria.evaluate(tree, {"complete": COMPLETE, **transfused}, AS_OF).verdict(crit.id).value == "met"


@pytest.mark.parametrize("text", [
    "Hemoglobin ≥ 8.5 g/dL (transfusion allowed)",
    "Platelets ≥ 50,000/µL (may be reached by transfusion)",
    "Hemoglobin ≥ 8.5 g/dL (with or without transfusion)",
    "Ejection fraction ≥ 45% (for patients with prior anthracycline exposure)",
])
def test_a_note_that_allows_or_names_a_case_asks_for_no_event(text):
    crit, _ = _criterion(text)
    assert crit.rule.kind in ("lab_threshold", "measure_threshold"), crit.rule


@pytest.mark.parametrize("text, remark", [
    ("Hemoglobin ≥ 8.5 g/dL (transfusion is not permitted)", "transfusion is not permitted"),
    ("Platelets ≥ 60,000/µL (no transfusions allowed to reach this level)", "no transfusions allowed to reach this level"),
    ("Platelets ≥ 60,000/µL, independent of transfusion support", "independent of transfusion support"),
    ("Platelets ≥ 60,000/µL (transfusion independent)", "transfusion independent"),
])
def test_a_prohibited_or_independent_support_is_a_method_remark(text, remark):
    crit, _ = _criterion(text)
    assert crit.rule.kind == "lab_threshold"
    assert [(r.text, r.about) for r in crit.remarks] == [(remark, "method")]


def test_a_prohibition_with_its_own_window_in_parentheses_is_a_requirement():
    crit, tree = _criterion("Hemoglobin ≥ 8.5 g/dL (transfusion is not permitted within 10 days)")
    assert [n.kind for n in crit.rule.items] == ["lab_threshold", "not"]
    denied = crit.rule.items[1].item
    assert denied.name == "blood_transfusion" and denied.window.high == 10
    recent = {"labs": [{"name": "hemoglobin", "value": 10, "unit": "g/dL"}],
              "medications": [{"name": "blood transfusion", "start": "2026-02-25", "end": "2026-02-25"}]}
    assert criteria.evaluate(tree, {"complete": COMPLETE, **recent}, AS_OF).verdict(crit.id).value == "not_met"


def test_a_denial_after_a_bound_of_what_does_not_hold_a_value_up_stays_a_requirement():
    crit, _ = _criterion("Hemoglobin ≥ 9 g/dL, no prior chemotherapy")
    assert [n.kind for n in crit.rule.items] == ["lab_threshold", "not"]
    assert crit.remarks == ()


def test_value_support_concepts_are_data_checked_on_load(monkeypatch):
    from criteria import resources
    from criteria.errors import ResourceError
    assert "blood_transfusion" in resources.value_support_concepts()
    monkeypatch.setattr(resources, "word_list", lambda name: frozenset({"blood_tranfusion"}))
    resources.value_support_concepts.cache_clear()
    try:
        with pytest.raises(ResourceError, match="value_support_concepts.txt"):
            resources.value_support_concepts()
    finally:
        monkeypatch.undo()
        resources.value_support_concepts.cache_clear()
