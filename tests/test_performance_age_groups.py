"""Issue 11 item 1: performance scales for age groups joined by "or" (parse/grammar/scales.py, and
lexer._age_groups_in_parentheses). "Karnofsky 50-100% (for patients > 16 years of age) OR Lansky 50-100%
(for patients <= 16 years of age)" had asked every patient to be both older and younger than 16; "Karnofsky
>= 70% or Lansky >= 70% for participants < 16 years" was met by every adult (the children's bound holds
for anyone outside the group, and "or" made it enough). Each scale is now for its own group, all of them
asked. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of

BY_AGE = [
    "Karnofsky performance status 50-100% (for patients > 16 years of age) OR Lansky 50-100% "
    "(for patients <= 16 years of age)",
    "Karnofsky >= 50% (patients >= 17 years) or Lansky >= 50% (patients < 17 years)",
    "Karnofsky >= 50% for patients > 16 years of age or Lansky >= 50% for patients <= 16 years of age",
]


@pytest.mark.parametrize("body", BY_AGE)
def test_each_scale_is_read_for_its_age_group(body):
    rule = criterion_of(body).rule
    assert rule.kind == "all_of", str(rule)
    assert [(m.kind, m.scale, m.for_age is not None) for m in rule.items] == [
        ("performance_status", "karnofsky", True), ("performance_status", "lansky", True)]


@pytest.mark.parametrize("body", BY_AGE)
@pytest.mark.parametrize("age, scale, value, verdict", [
    (10, "Lansky", 40, "not_met"), (10, "Lansky", 60, "met"),
    (30, "Karnofsky", 40, "not_met"), (30, "Karnofsky", 70, "met"),
    (30, "Lansky", 70, "unknown"),  # an adult's Lansky score says nothing of the Karnofsky asked
])
def test_a_patient_is_held_to_the_scale_of_their_age(body, age, scale, value, verdict):
    got = verdict_of(body, {"age": age, "performance_status": {"scale": scale, "value": value}})
    assert str(getattr(got, "value", got)) == verdict


def test_a_childrens_bound_beside_an_adults_does_not_meet_it_for_adults():
    body = "Karnofsky performance status >= 70% or Lansky >= 70% for participants less than 16 years old"
    got = verdict_of(body, {"age": 40, "performance_status": {"scale": "Karnofsky", "value": 50}})
    assert str(getattr(got, "value", got)) == "not_met"


def test_scales_for_everyone_stay_alternatives():
    rule = criterion_of("ECOG performance status <= 2 (Karnofsky >= 60%)").rule
    assert rule.kind == "any_of"
