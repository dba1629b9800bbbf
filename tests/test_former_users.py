"""Issue 11, items 1 and 3: a use that is over.

"Former smokers", "ex-smokers": the use of tobacco is over (status resolved), not current; left a
plain word, "former smokers" asked for smoking itself. "Never-smokers or ex-smokers" is one who
never smoked or whose smoking is over: the denial does not reach the former smoker. "Current and
former smokers" admits either. Sentences of our own."""

import pytest

from evaluate_helpers import rule_of, verdict_of


def _patient(status):
    conditions = [] if status is None else [{"name": "tobacco_use", "status": status}]
    return {"age": 50, "sex": "male", "conditions": conditions, "complete": ["conditions"]}


@pytest.mark.parametrize("body", ["Former smokers", "Ex-smokers", "Patients who are ex smokers"])
def test_a_former_user_is_a_use_that_is_over(body):
    rule = rule_of(body)
    assert rule.kind == "condition" and rule.name == "tobacco_use" and rule.status == ("resolved",), str(rule)


@pytest.mark.parametrize("body, never, former, current", [
    ("Never-smokers or ex-smokers", "met", "met", "not_met"),
    ("Current and former smokers", "unknown", "met", "met"),  # silence does not rule out (inclusion)
])
def test_who_each_reading_admits(body, never, former, current):
    assert verdict_of(body, _patient(None)) == never
    assert verdict_of(body, _patient("resolved")) == former
    assert verdict_of(body, _patient("active")) == current


def test_ex_elsewhere_is_no_status():
    rule = rule_of("Ex vivo expanded cells from a donor")
    assert not any(getattr(n, "status", ()) for n in rule.walk()), str(rule)
