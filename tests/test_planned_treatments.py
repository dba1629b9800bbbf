"""A treatment the patient is expected to need is a plan, not a history (issue 11, item 3).

"Expected to require radiotherapy", "likely to receive corticosteroids during the study",
"anticipated need for major surgery" had been read as a treatment received (or a current one), so
a patient with none on record was cleared and one treated long ago was caught. They are the
planned status "scheduled for" already was; "during the study" beside a plan says when it is to
happen (a period remark). A list of what was received, however complete, does not hold plans:
silence is unknown, a record of the treatment settles it, and the SQL compiler agrees.

Sentences of our own.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria

AS_OF = date(2026, 3, 2)
COMPLETE = ["conditions", "therapies", "medications", "procedures"]


def _criterion(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n- {text}\n")
    return (tree.inclusion or tree.exclusion)[0], tree


def _events(rule):
    return [n for n in rule.walk() if n.kind in ("medication", "prior_therapy", "procedure")]


@pytest.mark.parametrize("text, name", [
    ("Patients expected to require palliative radiotherapy during the trial", "radiotherapy"),
    ("Subjects likely to receive systemic corticosteroids during the study", "corticosteroid"),
    ("Anticipated need for major surgery during the study period", "major_surgery"),
    ("Participants who are anticipated to require a blood transfusion", "blood_transfusion"),
    ("Subjects who intend to receive a live vaccine during the study", "live_vaccine"),
])
def test_an_expected_treatment_is_planned(text, name):
    crit, _ = _criterion(text)
    events = _events(crit.rule)
    assert [n.name for n in events] == [name]
    assert "planned" in events[0].status
    assert "unparsed" not in [n.kind for n in crit.rule.walk()]


def test_during_the_study_beside_a_plan_is_a_period():
    crit, _ = _criterion("Patients expected to require palliative radiotherapy during the study")
    assert [(r.text, r.about) for r in crit.remarks] == [("during the study", "period")]


def test_a_planned_treatment_is_not_settled_by_silence():
    crit, tree = _criterion("Subjects likely to receive systemic corticosteroids during the study")
    silent = {"complete": COMPLETE}
    assert criteria.evaluate(tree, silent, AS_OF).verdict(crit.id).value == "unknown"
    # a treatment received, read as before, is still settled by silence
    had, had_tree = _criterion("Prior systemic corticosteroids")
    assert criteria.evaluate(had_tree, silent, AS_OF).verdict(had.id).value == "not_met"


def test_a_current_and_planned_treatment_is_in_the_list():
    crit, tree = _criterion("Currently receiving or planned to receive chemotherapy")
    statuses = {s for n in _events(crit.rule) for s in n.status}
    assert "current" in statuses
    assert criteria.evaluate(tree, {"complete": COMPLETE}, AS_OF).verdict(crit.id).value == "not_met"


def test_the_sql_compiler_reads_a_planned_treatment_as_the_evaluator_does():
    pytest.importorskip("sqlglot")
    from criteria.sql import newer

    crit, _ = _criterion("Patients expected to require palliative radiotherapy during the trial")
    planned = _events(crit.rule)[0]
    code = newer.exp.Literal.number(0)
    assert newer.not_in_history(planned, code) is not code
    had, _ = _criterion("Prior palliative radiotherapy")
    assert newer.not_in_history(_events(had.rule)[0], code) is code


def test_undergoing_a_treatment_is_current_and_a_procedure_planned():
    crit, _ = _criterion("Patients undergoing chemotherapy")
    assert [n.status for n in _events(crit.rule)] == [("current",)]
    crit, _ = _criterion("Patients undergoing elective cholecystectomy", "Inclusion")
    assert all("planned" in n.status for n in _events(crit.rule))


def test_a_plan_after_an_event_and_that_is_qualifies_what_follows():
    crit, _ = _criterion("Any serious illness that is anticipated to require systemic antibiotics")
    statuses = {n.name: n.status for n in crit.rule.walk() if n.kind in ("condition", "medication")}
    assert "planned" not in statuses["illness"]
    assert "planned" in statuses["antibiotics"]
