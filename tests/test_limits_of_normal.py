"""Bounds at the limit of normal itself, and the subgroups written around them (issue 11 items 1-2,
issue 12). "Total bilirubin <= ULN", "creatinine above the institutional upper limit of normal",
"AST <= ULN x 4", "magnesium > LLN and < ULN" had been left unread: the limit was only read after a
multiple ("1.5 x ULN"). A subgroup led by a joined cue ("except in patients with Gilbert's
disease") had kept the cue as part of its condition, which no record can contain, and a later
sentence whose subject is the subgroup ("Patients with Gilbert's syndrome must have …") had been
read as a requirement of everyone to have the syndrome. Sentences of our own."""

from __future__ import annotations

from datetime import date

import pytest

import criteria


def _rule(text: str, section: str = "Inclusion"):
    return next(criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n").criteria()).rule


def _verdict(text: str, patient: dict, section: str = "Inclusion") -> str:
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return criteria.evaluate(tree, patient, as_of=date(2026, 1, 1)).criteria[0].verdict.value


@pytest.mark.parametrize("text, analyte, op, value, limit", [
    ("Total bilirubin <= ULN", "total_bilirubin", "<=", 1.0, "ULN"),
    ("Serum creatinine of less than or equal to ULN.", "creatinine", "<=", 1.0, "ULN"),
    ("Creatinine above the institutional upper limit of normal", "creatinine", ">", 1.0, "ULN"),
    ("Alkaline phosphatase below the upper limit of normal", "alp", "<", 1.0, "ULN"),
    ("Serum magnesium >= the lower limit of normal", "magnesium", ">=", 1.0, "LLN"),
    ("AST <= ULN x 4", "ast", "<=", 4.0, "ULN"),
])
def test_a_bound_at_the_limit_itself(text, analyte, op, value, limit):
    rule = _rule(text)
    assert (rule.kind, rule.analyte, rule.op, rule.value, rule.relative_to) == ("lab_threshold", analyte, op, value, limit)


def test_bounds_on_both_limits_are_both_read():
    rule = _rule("Serum magnesium greater than the LLN and less than ULN")
    assert rule.kind == "all_of"
    assert [(n.op, n.relative_to) for n in rule.items] == [(">", "LLN"), ("<", "ULN")]


@pytest.mark.parametrize("value, verdict", [(1.0, "met"), (1.5, "not_met")])
def test_a_bound_at_the_limit_is_checked_against_the_patients_limit(value, verdict):
    patient = {"labs": [{"name": "total bilirubin", "value": value, "unit": "mg/dL", "uln": 1.2}]}
    assert _verdict("Total bilirubin <= ULN", patient) == verdict


def test_a_cue_the_lexer_joined_is_not_part_of_the_subgroup():
    rule = _rule("Total bilirubin <= ULN (except in patients with documented Gilbert's disease, who must have "
                 "a total bilirubin <= 3.0 mg/dL)")
    assert [a.condition for a in rule.alternatives] == ["Gilbert's disease"]


@pytest.mark.parametrize("lead", ["if secondary to", "in the presence of", "except for patients with"])
def test_lead_phrases_are_trimmed_from_a_subgroup(lead):
    rule = _rule(f"Alkaline phosphatase < 2.5 x ULN or < 5 x ULN {lead} liver metastasis")
    assert [a.condition for a in rule.alternatives] == ["liver metastasis"]


@pytest.mark.parametrize("conditions, bilirubin, verdict", [
    (["Gilbert's syndrome"], 2.5, "met"),  # the subgroup's own bound
    ([], 2.5, "not_met"),
    ([], 1.0, "met"),
])
def test_the_subgroups_bound_holds_for_the_subgroup(conditions, bilirubin, verdict):
    text = ("Total bilirubin <= ULN (except in patients with documented Gilbert's disease, who must have a "
            "total bilirubin <= 3.0 mg/dL)")
    patient = {"conditions": [{"name": c} for c in conditions], "complete": ["conditions"],
               "labs": [{"name": "total bilirubin", "value": bilirubin, "unit": "mg/dL", "uln": 1.2}]}
    assert _verdict(text, patient) == verdict


SUBJECT_SENTENCE = ("Total bilirubin <= 1.5 x ULN. Patients with Gilbert's syndrome must have total bilirubin "
                    "< 3 x ULN.")


def test_a_later_sentence_about_a_subgroup_is_its_case():
    rule = _rule(SUBJECT_SENTENCE)
    assert rule.kind == "except"
    assert rule.item.kind == "lab_threshold" and rule.item.value == 1.5
    (case,) = rule.exceptions
    assert {n.kind for n in case.items} == {"condition", "lab_threshold"}


@pytest.mark.parametrize("conditions, verdict", [(["Gilbert's syndrome"], "met"), ([], "not_met")])
def test_only_the_subgroup_has_the_looser_bound(conditions, verdict):
    patient = {"conditions": [{"name": c} for c in conditions], "complete": ["conditions"],
               "labs": [{"name": "total bilirubin", "value": 2.4, "unit": "mg/dL", "uln": 1.2}]}
    assert _verdict(SUBJECT_SENTENCE, patient) == verdict


def test_a_subgroup_sentence_with_a_stricter_bound_is_no_exception():
    """A stricter bound for a subgroup is a requirement of its own, not a relief."""
    rule = _rule("Total bilirubin <= 1.5 x ULN. Patients with liver metastases must have total bilirubin <= 1 x ULN.")
    assert rule.kind != "except"


def test_a_reason_about_a_subgroup_is_no_exemption():
    """"Patients with HIV infection are excluded because there may be …": a reason, not a relief."""
    rule = _rule("Known HIV infection. Patients with HIV infection are excluded because there may be unknown "
                 "interactions with the study drug.", "Exclusion")
    assert not any(n.kind == "except" for n in rule.walk())


@pytest.mark.parametrize("text, value", [
    ("HCV RNA >= 10^4 IU/mL", 10_000),
    ("HBV DNA > 2 x 10^4 IU/mL", 20_000),
    ("HBV DNA >= 10^3 IU/mL at screening", 1_000),
])
def test_a_power_of_ten_is_one_number(text, value):
    rule = _rule(text)
    assert rule.kind == "lab_threshold" and rule.value == value


def test_a_caret_never_leaves_the_base_as_the_number():
    """"10 ^ 4" written apart is not read as the power; it is never read as the number 10 either."""
    rule = _rule("HCV RNA >= 10 ^ 4 IU/mL")
    assert not any(getattr(n, "value", None) == 10 for n in rule.walk())


def test_a_power_in_markdown_emphasis_is_not_its_base():
    """"≥10*5* IU/mL" (a superscript flattened into emphasis marks) is never the number 10."""
    rule = _rule("HCV RNA viral load of >= 10*5* IU/mL")
    assert not any(getattr(n, "value", None) == 10 for n in rule.walk())
