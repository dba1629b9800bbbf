"""Issue 11, items 3 and 8: "allergic to X", "hypersensitive to X" is a reaction to X, not a history of X.

The adjectives had stayed words, so the drug after them was read alone: "Allergic to tetracycline"
under an exclusion heading excluded every patient who had taken tetracycline and no one allergic to
it. They now name the reaction, as "allergy to" does, and the drug is its cause. Only when a drug or
therapy is named right after "to"; "allergic rhinitis" is untouched. A reaction with its own cause
also ends what a contraindication before it governs ("intolerant to corticosteroids or hypersensitive
to methoxsalen"). Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of

NONE = {"age": 50, "sex": "male", "conditions": [], "medications": [], "therapies": [],
        "complete": ["conditions", "medications", "therapies"]}
TOOK_IT = {**NONE, "medications": [{"name": "tetracycline", "start": "2025-01-01"}]}


@pytest.mark.parametrize("body", [
    "Allergic to tetracycline",
    "Patients known to be hypersensitive to tetracycline",
    "Subjects allergic or hypersensitive to tetracycline",
])
def test_allergic_to_a_drug_is_a_reaction_caused_by_it(body):
    rule = criterion_of(body, "Exclusion").rule
    assert rule.kind == "condition" and rule.name == "hypersensitivity", str(rule)
    assert [c.name for c in rule.cause] == ["tetracycline"], str(rule)
    assert verdict_of(body, TOOK_IT, "Exclusion") != "met"  # taking it is no allergy to it
    assert verdict_of(body, NONE, "Exclusion") == "not_met"


def test_a_contraindication_does_not_govern_a_reaction_with_its_own_cause():
    rule = criterion_of("Intolerant to corticosteroids or hypersensitive to tetracycline", "Exclusion").rule
    assert rule.kind == "any_of", str(rule)
    names = sorted(n.name for n in rule.items)
    assert names == ["contraindication_to_corticosteroid", "hypersensitivity"], str(rule)


def test_an_allergic_disease_is_no_reaction_to_what_follows():
    rule = criterion_of("Allergic rhinitis requiring treatment", "Exclusion").rule
    assert "hypersensitivity" not in {getattr(n, "name", None) for n in rule.walk()}, str(rule)
