""""Treatment within N weeks, or not recovered from its adverse events" (issue 11, items 1 and 5): a
common sponsor template. The level of recovery written in a parenthesis inside the cue ("has not
recovered (i.e., <= Grade 1 or at baseline) from") is the grade of the toxicity still active; an
agent named only by its kind after "due to" ("a previously administered agent", "agents
administered more than 4 weeks earlier") is what the toxicity is due to. Left unread, those words
blocked the second alternative, and the two were read as both required. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria


def _rule(text: str, section: str = "Exclusion"):
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria()).rule


def _toxicity(rule):
    return next(n for n in rule.walk() if n.kind == "condition" and n.name == "toxicity")


@pytest.mark.parametrize("text", [
    "Received chemotherapy within 3 weeks before the first dose or has not recovered (i.e., ≤ Grade 1 or at "
    "baseline) from adverse events due to a previously administered agent",
    "Radiotherapy within 2 weeks of enrollment or those who have not recovered from adverse events due to "
    "agents administered more than 2 weeks earlier",
    "Investigational therapy within 28 days, or who have not recovered (i.e., Grade ≤ 1) from adverse events "
    "due to previously administered agents",
])
def test_the_treatment_or_the_toxicity_it_left(text):
    rule = _rule(text)
    assert rule.kind == "any_of", text
    assert not any(n.kind == "unparsed" for n in rule.walk())
    toxicity = _toxicity(rule)
    assert toxicity.status == ("active",) and toxicity.window is None  # the agents' time is not the toxicity's
    assert [(c.kind, c.name) for c in toxicity.cause] == [("prior_therapy", "treatment")]


def test_the_level_in_the_parenthesis_is_the_grade_still_active():
    toxicity = _toxicity(_rule("Has not recovered (i.e., ≤ Grade 1 or at baseline) from adverse events of prior therapy"))
    assert (toxicity.grade.op, toxicity.grade.value) == (">", 1)


def test_a_recovery_with_its_level_in_an_inclusion():
    rule = _rule("Recovered (i.e., ≤ Grade 1) from toxicities of prior therapy", "Inclusion")
    assert rule.kind == "not" and rule.item.grade.value == 1
    assert not any(n.kind == "unparsed" for n in rule.walk())


def test_a_parenthesis_of_another_shape_is_not_a_level():
    rule = _rule("Has not recovered (see protocol section 5) from adverse events of prior therapy")
    assert all(getattr(n, "grade", None) is None for n in rule.walk())


_AS_OF = date(2026, 1, 1)
_TEXT = ("Exclusion Criteria:\n\n* Chemotherapy within 4 weeks before enrollment or has not recovered "
         "(i.e., ≤ Grade 1) from adverse events due to a previously administered agent\n")


@pytest.mark.parametrize("therapies, verdict", [
    ([{"name": "carboplatin", "classes": ["chemotherapy"], "start": "2025-11-01", "end": "2025-12-20"}], "met"),       # within 4 weeks: excluded
    ([{"name": "carboplatin", "classes": ["chemotherapy"], "start": "2025-03-01", "end": "2025-06-01"}], "not_met"),   # long ago, no toxicity on record
    ([], "not_met"),
])
def test_a_patient_long_past_treatment_and_without_toxicity_is_not_excluded(therapies, verdict):
    patient = {"therapies": therapies, "conditions": [], "complete": ["conditions", "therapies"]}
    result = criteria.evaluate(criteria.parse_criteria(_TEXT), patient, as_of=_AS_OF)
    assert result.criteria[0].verdict.value == verdict
