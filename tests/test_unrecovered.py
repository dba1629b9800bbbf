"""Issue 11, item 4: a recovery denied is the toxicity still there.

"Not recovered from prior surgery", "Inadequate recovery from any prior surgical procedure", "Lack
of recovery from toxicities of prior therapy" exclude a patient whose toxicity is still active. The
"not" had been read onto the event after the cue (not(surgery): every patient never operated on was
excluded) and "inadequate" left unread beside "no active toxicity". Sentences of our own."""

import pytest

from evaluate_helpers import rule_of, verdict_of

OPERATED = {"age": 50, "sex": "male", "conditions": [], "procedures": [{"name": "surgery", "date": "2025-01-01"}],
            "complete": ["conditions", "procedures"]}
NEVER_OPERATED = {**OPERATED, "procedures": []}


def _rule(body, section="Exclusion"):
    return rule_of(body, section)


@pytest.mark.parametrize("body", [
    "Not recovered from prior surgery",
    "Inadequate recovery from any prior surgical procedure",
    "Incomplete recovery from previous chemotherapy",
    "Lack of recovery from toxicities of prior therapy",
    "Failure to recover from prior surgery",
    "Patients who have not recovered from adverse events due to prior chemotherapy",
    "Has not fully recovered from the side effects of prior radiotherapy",
])
def test_a_recovery_denied_is_the_active_toxicity(body):
    rule = _rule(body)
    assert rule.kind == "condition" and rule.name == "toxicity" and "active" in rule.status, body
    # no one is excluded for lacking the event the toxicity came from
    assert verdict_of(body, NEVER_OPERATED, "Exclusion") != "met", body


def test_a_recovery_is_still_no_active_toxicity():
    rule = _rule("Recovered from the side effects of prior chemotherapy", "Inclusion")
    assert rule.kind == "not" and rule.item.name == "toxicity"


def test_a_recovery_denied_after_a_window_is_an_alternative_of_it():
    body = "Major surgery within 4 weeks or not recovered from its side effects"
    rule = _rule(body)
    assert rule.kind == "any_of"
    assert {n.kind for n in rule.items} == {"procedure", "condition"}


def test_starting_study_drug_is_the_first_dose():
    rule = _rule("Myocardial infarction within 6 months prior to starting study drug")
    assert rule.window is not None and rule.window.anchor == "first_dose"


def test_resolution_of_all_toxic_effects_is_a_recovery():
    rule = _rule("Resolution of all acute toxic effects of prior chemotherapy", "Inclusion")
    assert rule.kind == "not" and rule.item.name == "toxicity"


def test_side_effects_after_a_recovery_are_the_toxicity_and_elsewhere_stay_unread():
    rule = _rule("Recovered from clinically significant side effects associated with prior chemotherapy", "Inclusion")
    assert rule.kind == "not" and rule.item.name == "toxicity"
    # a drug's side effects are no toxicity of the patient's
    rule = _rule("Receiving medications with known adverse effects on glucose tolerance")
    assert "toxicity" not in {getattr(n, "name", None) for n in rule.walk()}
