"""Issue 11, items 4 and 7: a lack of response to a treatment is the treatment, failed.

"Previous lack of response to electroconvulsive therapy", "non-response to methotrexate",
"refractory to bortezomib" name a treatment the patient had, with the status ``refractory``. The
"lack of" had been read as a denial (``not(ECT)``: every patient never given ECT was excluded), or
the words left unread beside the treatment. Sentences of our own."""

import pytest

from evaluate_helpers import rule_of, verdict_of

NEVER = {"age": 50, "sex": "male", "conditions": [], "procedures": [], "therapies": [], "medications": [],
         "complete": ["conditions", "procedures", "therapies", "medications"]}


def _rule(body, section="Exclusion"):
    return rule_of(body, section)


@pytest.mark.parametrize("body, name", [
    ("Previous lack of response to electroconvulsive therapy", "electroconvulsive_therapy"),
    ("Non-response to prior methotrexate", "methotrexate"),
    ("No response to prior treatment with infliximab", "infliximab"),
    ("Refractory to bortezomib", "bortezomib"),
    ("Inadequate response to metformin", "metformin"),
    ("Failure to respond to lithium", "lithium"),
])
def test_a_failed_treatment_is_the_treatment_with_the_refractory_status(body, name):
    rule = _rule(body)
    assert rule.kind != "not", body
    assert getattr(rule, "name", None) == name and "refractory" in rule.status, body
    # a patient never given it cannot have failed it: not excluded
    assert verdict_of(body, NEVER, "Exclusion") == "not_met", body


def test_a_record_of_the_treatment_leaves_its_failure_open():
    body = "Previous lack of response to electroconvulsive therapy"
    treated = {**NEVER, "procedures": [{"name": "electroconvulsive therapy", "date": "2024-01-01"}]}
    assert verdict_of(body, treated, "Exclusion") == "unknown"


def test_sql_reads_a_failed_treatment_as_the_evaluator_does():
    pytest.importorskip("duckdb")
    pytest.importorskip("sqlglot")
    from datetime import date

    from evaluate_helpers import one_drug_cdm_verdicts

    rows = one_drug_cdm_verdicts("bortezomib", "358258", "Exclusion Criteria:\n\n* Refractory to bortezomib\n", date(2026, 12, 1))
    # treated: how it went is in no row (unknown); never treated: not excluded
    assert rows[1] is None and rows[2] is False
    treated = {**NEVER, "therapies": [{"name": "bortezomib", "start": "2025-01-01", "end": "2025-03-01"}]}
    assert verdict_of("Refractory to bortezomib", treated, "Exclusion") == "unknown"
