"""Issue 11: the salt or ester a drug's name carries is part of the name ("gemcitabine hydrochloride",
"imatinib mesylate", "pemetrexed disodium", "tenofovir disoproxil fumarate"; lexer._drug_salts,
lexicons/drug_salt_words.txt). Left alone the word was text beside the drug: the criterion could not be
read whole, and a list it stood in broke ("No prior pemetrexed disodium and/or gemcitabine hydrochloride"
had asked for the pemetrexed). Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of


@pytest.mark.parametrize("body, drugs", [
    ("No prior pemetrexed disodium and/or gemcitabine hydrochloride", ["pemetrexed", "gemcitabine"]),
    ("No prior imatinib mesylate or irinotecan hydrochloride", ["imatinib", "irinotecan"]),
    ("Known hypersensitivity to metformin hydrochloride", ["metformin"]),
    ("Prior abiraterone acetate", ["abiraterone"]),
])
def test_a_drugs_salt_is_part_of_its_name(body, drugs):
    rule = criterion_of(body).rule
    names = [n.name for n in rule.walk() if n.kind in ("prior_therapy", "medication")]
    names += [c.name for n in rule.walk() for c in getattr(n, "cause", ())]
    assert names == drugs
    assert not any(n.kind == "unparsed" for n in rule.walk()), str(rule)


def test_a_denied_list_of_salted_drugs_denies_each():
    rule = criterion_of("No prior pemetrexed disodium and/or gemcitabine hydrochloride").rule
    assert rule.kind == "not" and rule.item.kind == "any_of"


def test_a_salt_word_away_from_a_drug_stays_what_it_was():
    rule = criterion_of("Serum sodium >= 130 mmol/L").rule
    assert rule.kind == "lab_threshold" and rule.analyte == "sodium"
