"""What a lead-in says of the list under it, and when a window says only when a value is taken
(issue 11: say what the text says).

* A window in a lead-in ("Any of the following within 6 months:") is the window of each event
  listed under it; under bounds on values it says when they are taken (a method remark).
* A window beside bounds on values in one bullet ("ANC >= 1500/mm3 within 14 days prior to
  registration") is a method remark, not a requirement no record could settle; beside a count or
  a change over a period it is what the bound is counted over, and stays.
* An inclusion lead-in that denies its list ("None of the following:") asks that none of the
  sub-bullets hold; a limited denial ("except the following") or a count does not.
* A change of a measure ("weight loss > 10%") is no bound on the measure.

Sentences of our own; each reading is checked on the tree and by evaluation.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria.tree.nodes import Not, TimeWindow

AS_OF = date(2026, 3, 2)
COMPLETE = ["conditions", "therapies", "medications", "procedures"]


def _tree(body: str, section: str = "Exclusion"):
    return criteria.parse_criteria(f"{section} Criteria:\n{body}\n")


def _verdict(tree, patient: dict, ident: str) -> str:
    return criteria.evaluate(tree, {"complete": COMPLETE, **patient}, AS_OF).verdict(ident).value


CARDIAC_LIST = "\n  - Myocardial infarction\n  - Unstable angina\n  - Stroke"


@pytest.mark.parametrize("lead", [
    "Any of the following within the past 6 months:",
    "Within the past 6 months, any of the following:",
    "History of any of the following in the last 6 months:",
])
def test_a_window_in_a_lead_in_is_the_window_of_each_event_listed(lead):
    tree = _tree(f"- {lead}{CARDIAC_LIST}")
    top = tree.exclusion[0]
    assert top.rule is None  # no window with no event: the sub-bullets carry the lead-in's meaning
    windows = [s.rule.window for s in top.subcriteria]
    assert all(isinstance(w, TimeWindow) and w.high == 6 and w.unit == "month" for w in windows)
    recent = {"conditions": [{"name": "stroke", "onset": "2026-01-15"}]}
    long_ago = {"conditions": [{"name": "stroke", "onset": "2015-01-15"}]}
    assert _verdict(tree, recent, "E1") == "met"
    assert _verdict(tree, long_ago, "E1") != "met"  # without the window, any stroke ever excluded


def test_an_event_under_a_lead_in_keeps_its_own_window():
    tree = _tree("- Any of the following within 6 months:\n  - Myocardial infarction\n  - Unstable angina within 2 weeks")
    first, second = (s.rule.window for s in tree.exclusion[0].subcriteria)
    assert (first.high, first.unit) == (6, "month")
    assert (second.high, second.unit) == (2, "week")


def test_a_window_over_bounds_on_values_says_when_they_are_taken():
    tree = _tree("- The following laboratory values within 14 days prior to registration:\n"
                 "  - ANC >= 1500/mm3\n  - Platelets >= 100,000/mm3", "Inclusion")
    top = tree.inclusion[0]
    assert top.rule is None
    assert [(r.about, r.text) for r in top.remarks] == [("method", "within 14 days prior to registration")]
    patient = {"labs": [{"name": "anc", "value": 2000, "unit": "1/mm^3"},
                        {"name": "platelets", "value": 150000, "unit": "1/mm^3"}]}
    assert _verdict(tree, patient, "I1") == "met"


@pytest.mark.parametrize("text, remark", [
    ("Absolute neutrophil count >= 1500/mm3 within 14 days prior to registration", "within 14 days prior to registration"),
    ("Hemoglobin of at least 9 g/dL within 7 days before the first dose", "within 7 days before the first dose"),
    ("ECOG performance status 0-1 within 14 days of enrollment", "within 14 days of enrollment"),
    ("Renal function (within 4 weeks prior to registration): creatinine clearance >= 50 mL/min",
     "within 4 weeks prior to registration"),
])
def test_a_window_beside_a_bound_on_a_value_is_a_method_remark(text, remark):
    tree = _tree(f"- {text}", "Inclusion")
    top = tree.inclusion[0]
    assert any(n.kind in ("lab_threshold", "performance_status") for n in top.rule.walk())
    assert not any(isinstance(n, TimeWindow) for n in top.rule.walk())
    assert ("method", remark) in [(r.about, r.text) for r in top.remarks]


def test_a_bound_with_the_window_of_when_it_is_taken_is_settled_by_the_value():
    tree = _tree("- Absolute neutrophil count >= 1500/mm3 within 14 days prior to registration", "Inclusion")
    high = {"labs": [{"name": "anc", "value": 2000, "unit": "1/mm^3"}]}
    low = {"labs": [{"name": "anc", "value": 900, "unit": "1/mm^3"}]}
    assert _verdict(tree, high, "I1") == "met"
    assert _verdict(tree, low, "I1") == "not_met"


@pytest.mark.parametrize("text", [
    "More than two seizures in the last 4 weeks",           # a count over the period
    "Hemoglobin >= 9 g/dL and no transfusion within 14 days",  # the window is the event's
    "Absence of menses in the past 12 months with an FSH level > 40 mIU/mL",  # words no rule read come first
    "HIV viral load < 50 copies/mL for at least 6 months prior to screening",  # how long the value has held
])
def test_a_window_that_counts_or_belongs_to_an_event_is_no_remark(text):
    top = _tree(f"- {text}", "Inclusion").inclusion[0]
    assert not [r for r in top.remarks if r.about == "method"]
    assert any(isinstance(n, TimeWindow) or getattr(n, "window", None) is not None for n in top.rule.walk())


@pytest.mark.parametrize("text", [
    "Weight loss > 10% within the past 6 months",
    "Unintentional weight loss of more than 5 kg in the last 3 months",
    "Weight gain >= 7% since the last visit",
])
def test_a_change_of_a_measure_is_no_bound_on_the_measure(text):
    top = _tree(f"- {text}").exclusion[0]
    assert not [n for n in top.rule.walk() if n.kind == "measure_threshold" and n.analyte == "weight"]


@pytest.mark.parametrize("lead", [
    "None of the following within the past 6 months:",
    "Patients must have none of the following in the last 6 months:",
    "No significant cardiovascular disease within 6 months, including any of the following:",
])
def test_an_inclusion_lead_in_that_denies_its_list_asks_that_none_holds(lead):
    tree = _tree(f"- {lead}{CARDIAC_LIST}", "Inclusion")
    top = tree.inclusion[0]
    assert top.subcriteria_logic == "all_of"
    assert all(isinstance(s.rule, Not) for s in top.subcriteria)
    recent = {"conditions": [{"name": "myocardial infarction", "onset": "2026-01-15"}]}
    assert _verdict(tree, recent, "I1") == "not_met"
    assert _verdict(tree, {"conditions": []}, "I1") == "met"


def test_a_sub_bullet_that_says_the_denial_again_is_not_denied_twice():
    top = _tree("- None of the following:\n  - No history of stroke\n  - Myocardial infarction", "Inclusion").inclusion[0]
    assert all(isinstance(s.rule, Not) and s.rule.item.kind == "condition" for s in top.subcriteria)


@pytest.mark.parametrize("lead, logic", [
    ("No other malignancy within the past 5 years except for the following:", "all_of"),
    ("At least one of the following:", "any_of"),
    ("No more than 2 of the following:", None),
    ("Non-childbearing potential, including any female who has had:", None),  # "non-" is no denial of the list
    ("No proteinuria at baseline, as demonstrated by either of the following:", None),  # the list is the grounds
    ("Not a candidate for fludarabine therapy based on either:", None),
])
def test_a_limited_denial_or_a_count_is_no_denial_of_the_list(lead, logic):
    top = _tree(f"- {lead}\n  - Basal cell carcinoma of the skin\n  - Asthma", "Inclusion").inclusion[0]
    assert not any(isinstance(s.rule, Not) for s in top.subcriteria)
    if logic is not None:
        assert top.subcriteria_logic == logic


def test_an_exclusion_lead_in_that_denies_its_list_keeps_what_excludes():
    tree = _tree(f"- None of the following within the past 6 months:{CARDIAC_LIST}")
    top = tree.exclusion[0]
    assert not any(isinstance(s.rule, Not) for s in top.subcriteria)


@pytest.mark.parametrize("text", [
    "Any of the following within the past 6 months: myocardial infarction; stroke; pulmonary embolism",
    "Any of the following in the last 6 months: myocardial infarction, stroke, or pulmonary embolism",
])
def test_an_inline_lead_windows_each_member_however_the_list_is_joined(text):
    rule = _tree(f"- {text}").exclusion[0].rule
    assert rule.kind == "any_of"
    assert all(m.window is not None and (m.window.high, m.window.unit) == (6, "month") for m in rule.items)


def test_a_change_word_before_the_value_reached_keeps_the_bound_on_the_measure():
    rule = _tree("- History of LVEF decrease to < 40% during prior trastuzumab").exclusion[0].rule
    assert [n.value for n in rule.walk() if n.kind == "measure_threshold" and n.analyte == "lvef"] == [40.0]
