"""Two list classes that read against the text (issue 11, item 1):

- a list runs on across the name of an authority that qualifies one member ("gout according to
  ACR criteria, or HIV" is either, not both);
- in an inclusion, a leading "no" denies a member that names a negative state ("No dysphagia or
  inability to swallow capsules" asks for neither), while an exclusion names the state itself as
  the obstacle ("No consent or inability to give consent" excludes for either)."""

from __future__ import annotations

from datetime import date

import pytest

import criteria

AS_OF = date(2026, 12, 5)


def _criterion(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return tree, (tree.inclusion or tree.exclusion)[0]


def _verdict(text: str, profile: dict, section: str = "Exclusion") -> str:
    tree, _ = _criterion(text, section)
    [result] = criteria.evaluate(tree, criteria.Patient.model_validate(profile), as_of=AS_OF).criteria
    return result.verdict


def _names(node) -> set[str]:
    return {n.name for n in node.walk() if getattr(n, "name", None)}


@pytest.mark.parametrize("text, names", [
    ("Diagnosis of gout according to ACR criteria, or HIV infection", {"gout", "hiv_infection"}),
    ("Psoriasis as defined by the treating dermatologist, or asthma", {"psoriasis", "asthma"}),
    ("Rheumatoid arthritis according to the American College of Rheumatology (ACR) criteria or lupus",
     {"rheumatoid_arthritis", "systemic_lupus_erythematosus"}),
])
def test_a_list_runs_on_across_an_authority(text, names):
    _, criterion = _criterion(text)
    assert criterion.rule.kind == "any_of"
    assert _names(criterion.rule) >= names
    assert any(r.about == "method" for r in criterion.remarks)


def test_one_member_under_an_authority_does_not_exclude_for_both():
    text = "Diagnosis of gout according to ACR criteria, or HIV infection"
    profile = {"age": 50, "sex": "male", "conditions": [{"name": "gout"}], "complete": ["conditions"]}
    assert _verdict(text, profile) == "met"  # the exclusion holds: the patient is excluded


def test_and_across_an_authority_still_asks_for_both():
    _, criterion = _criterion("Rheumatoid arthritis according to ACR criteria and diabetes", "Inclusion")
    assert criterion.rule.kind == "all_of"


def test_an_authority_that_swallowed_an_open_parenthesis_joins_nothing():
    # the stretch after "as determined by" runs into "(except for …": the exception must survive
    _, criterion = _criterion(
        "Resolution of toxicity of prior therapy to grade 1 or less as determined by CTCAE (except for "
        "alopecia, or neuropathy of grade 2)", "Inclusion")
    kinds = {n.kind for n in criterion.rule.walk()}
    assert "except" in kinds


def test_no_then_a_negative_state_in_an_inclusion_is_neither():
    _, criterion = _criterion("No dysphagia or inability to swallow capsules", "Inclusion")
    rule = criterion.rule
    assert rule.kind == "not" and rule.item.kind == "any_of"
    inner = {n.kind for n in rule.item.items}
    assert inner == {"condition", "not"}
    dysphagic = {"age": 50, "sex": "female", "conditions": [{"name": "dysphagia"}], "complete": ["conditions"]}
    assert _verdict("No dysphagia or inability to swallow capsules", dysphagic, "Inclusion") == "not_met"


@pytest.mark.parametrize("text", [
    "No consent or inability to give informed consent",
    "No informed consent, or refusal to give informed consent",
])
def test_no_then_a_negative_state_in_an_exclusion_is_either(text):
    _, criterion = _criterion(text, "Exclusion")
    rule = criterion.rule
    assert rule.kind != "not"
    assert all(item.kind == "not" for item in rule.items)


def test_a_list_opened_by_a_negative_state_keeps_each_member():
    _, criterion = _criterion("Inability to comply with study procedures or unwilling to use contraception", "Inclusion")
    assert criterion.rule.kind == "any_of"
    assert all(item.kind == "not" for item in criterion.rule.items)
