"""Issue 11: the drug written right before an allergy is what the allergy is to ("Known heparin
allergy", "aspirin sensitivity", "ticagrelor or clopidogrel allergies"; parse/compose/join.py,
``_agents_before_allergies``). Read beside it, the drug had been asked of the patient: an exclusion for a
heparin allergy excluded only patients on heparin. Penicillins are a drug class of the lexicon
("History of allergic reactions to penicillin" had left "to penicillin" unread). Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of


@pytest.mark.parametrize("body, causes, statuses", [
    ("Known heparin allergy", ["heparin"], ("known",)),
    ("Severe penicillin allergy", ["penicillins"], ("severe",)),
    ("Aspirin sensitivity", ["aspirin"], ()),
    ("Ticagrelor or clopidogrel allergies", ["ticagrelor", "clopidogrel"], ()),
    ("History of allergic reactions to penicillin", ["penicillins"], ("history",)),
])
def test_the_drug_before_an_allergy_is_its_cause(body, causes, statuses):
    rule = criterion_of(body, "Exclusion").rule
    assert (rule.kind, rule.name) == ("condition", "hypersensitivity"), str(rule)
    assert [c.name for c in rule.cause] == causes
    assert rule.status == statuses


def test_a_drug_in_the_sentence_before_is_not_the_allergys():
    rule = criterion_of("Use of dimethylsulfoxide. Previous allergic reaction to hyaluronan", "Exclusion").rule
    allergy = next(n for n in rule.walk() if n.kind == "condition" and n.name == "hypersensitivity")
    assert [c.name for c in allergy.cause] == ["hyaluronic_acid"]


@pytest.mark.parametrize("conditions, medications, verdict", [
    ([], [{"name": "heparin"}], "not_met"),  # on heparin, no allergy: not excluded
    ([{"name": "heparin allergy"}], [], "met"),
])
def test_a_heparin_allergy_excludes_the_allergic_not_the_treated(conditions, medications, verdict):
    profile = {"conditions": conditions, "medications": medications, "complete": ["conditions", "medications"]}
    got = verdict_of("Known heparin allergy", profile, "Exclusion")
    assert str(getattr(got, "value", got)) == verdict
