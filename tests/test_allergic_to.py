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


# --- "No known hypersensitivity to X": the denial keeps what the allergy is to ----------------------


@pytest.mark.parametrize("body", [
    "No known hypersensitivity to tetracycline",
    "No allergy to tetracycline or any of its excipients",
    "No history of hypersensitivity to tetracycline",
])
def test_a_denied_allergy_is_still_to_the_drug(body):
    # read as "hypersensitivity and tetracycline", the exclusion ruled out everyone who took it
    rule = criterion_of(body, "Exclusion").rule
    reactions = [n for n in rule.walk() if n.kind == "condition" and n.name == "hypersensitivity"]
    assert reactions and [c.name for c in reactions[0].cause] == ["tetracycline"], str(rule)
    assert not any(n.kind in ("medication", "prior_therapy") for n in rule.walk()), str(rule)
    assert verdict_of(body, TOOK_IT, "Exclusion") != "met"


# --- "X intolerance": the drug one cannot take, written before the word ---------------------------


@pytest.mark.parametrize("body, drugs", [
    ("Gemcitabine intolerance", ["gemcitabine"]),
    ("No oxaliplatin, fludarabine, or cytarabine intolerance", ["oxaliplatin", "fludarabine", "cytarabine"]),
    ("Intolerance or contraindication to tetracycline", ["tetracycline"]),
])
def test_an_intolerance_written_after_the_drugs_is_a_contraindication_to_each(body, drugs):
    rule = criterion_of(body, "Exclusion").rule
    names = [n.name for n in rule.walk() if n.kind == "condition"]
    assert names == [f"contraindication_to_{d}" for d in drugs], str(rule)
    assert not any(n.kind in ("medication", "prior_therapy", "unparsed") for n in rule.walk()), str(rule)


def test_a_condition_before_an_intolerance_is_no_drug():
    names = {getattr(n, "name", None) for n in criterion_of("History of asthma, heparin intolerance", "Exclusion").rule.walk()}
    assert {"asthma", "contraindication_to_heparin"} <= names and "contraindication_to_asthma" not in names


@pytest.mark.parametrize("body, name", [("Carbohydrate intolerance", "carbohydrate_intolerance"),
                                        ("History of intolerance or allergy to aspirin", "intolerance")])
def test_an_intolerance_after_no_drug_is_left_as_it_was(body, name):
    names = {getattr(n, "name", None) for n in criterion_of(body, "Exclusion").rule.walk()}
    assert name in names and not any(str(n).startswith("contraindication_to") for n in names)


def test_a_denied_drug_before_an_intolerance_keeps_its_denial():
    rule = criterion_of("No oxaliplatin or cytarabine intolerance", "Inclusion").rule
    assert rule.kind == "not", str(rule)
    assert {n.name for n in rule.walk() if n.kind == "condition"} == {
        "contraindication_to_oxaliplatin", "contraindication_to_cytarabine"}
