"""What a treatment was given for is not a condition the patient must have (issue 11, item 7).

"Prior docetaxel for NSCLC", "no prior immunotherapy for prostate cancer", "insulin for the treatment
of type 2 diabetes" had been read as the treatment and the condition side by side: the patient had to
have the condition too, and a patient who had docetaxel as adjuvant therapy for another cancer met
"docetaxel for NSCLC". The condition after a named treatment and "for" (a few words at most between)
is now what the treatment was for: words kept with the treatment as its residue, which no record
settles, so a patient with the treatment is unknown and one without it is settled. A procedure keeps
its condition ("hospitalization for heart failure" is a heart failure).

Sentences of our own.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria

AS_OF = date(2026, 3, 2)
COMPLETE = ["conditions", "therapies", "medications", "procedures"]


def _criterion(text: str, section: str = "Inclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n- {text}\n")
    return (tree.inclusion or tree.exclusion)[0], tree


def _names(rule) -> list[str]:
    return [n.name for n in rule.walk() if n.kind in ("condition", "prior_therapy", "medication", "procedure")]


@pytest.mark.parametrize("text, treatment, purpose", [
    ("Prior pemetrexed for mesothelioma", "pemetrexed", "mesothelioma"),
    ("Previous radiotherapy for symptomatic bone metastases", "radiotherapy", "bone metastases"),
    ("Methotrexate for the treatment of rheumatoid arthritis", "methotrexate", "rheumatoid arthritis"),
])
def test_the_condition_after_a_named_treatment_is_its_purpose(text, treatment, purpose):
    crit, _ = _criterion(text)
    assert _names(crit.rule) == [treatment]
    residue = [n.text for n in crit.rule.walk() if n.kind == "unparsed"]
    assert len(residue) == 1 and residue[0].startswith("for") and residue[0].endswith(purpose)


def test_a_patient_with_the_treatment_for_an_unknown_purpose_is_unknown():
    crit, tree = _criterion("Prior pemetrexed for mesothelioma")
    treated = {"therapies": [{"name": "pemetrexed", "start": "2024-01-10", "end": "2024-05-01"}],
               "conditions": [{"name": "non-small cell lung cancer"}], "complete": COMPLETE}
    assert criteria.evaluate(tree, treated, AS_OF).verdict(crit.id).value == "unknown"
    untreated = {"conditions": [{"name": "mesothelioma"}], "complete": COMPLETE}
    assert criteria.evaluate(tree, untreated, AS_OF).verdict(crit.id).value != "met"


def test_a_denied_treatment_for_a_purpose_keeps_the_purpose_under_the_denial():
    crit, tree = _criterion("No prior immunotherapy for melanoma")
    assert crit.rule.kind == "not" and _names(crit.rule) == ["immunotherapy"]
    never = {"conditions": [{"name": "melanoma"}], "complete": COMPLETE}
    assert criteria.evaluate(tree, never, AS_OF).verdict(crit.id).value == "met"


def test_a_procedure_for_a_condition_keeps_the_condition():
    crit, _ = _criterion("Hospitalization for heart failure within 6 months", "Exclusion")
    assert "congestive_heart_failure" in _names(crit.rule)
