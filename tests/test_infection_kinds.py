"""Issue 11, item 1 (alternatives): infections named as kinds of one disease.

"Hepatitis A, B, or C", "hepatitis B, C or HIV": the letters after the first kind name the other
kinds; only the first was read, the rest stood beside it unread, and an exclusion list became "all
of". "Hepatitis B virus (HBV) infection or hepatitis C virus (HCV) infection": the abbreviation kept
"infection" apart from the named infection, so any infection was asked besides. Sentences of our
own."""

import pytest

from evaluate_helpers import exclusion_rule, verdict_of


def _names(rule):
    return [n.name for n in rule.walk() if n.kind == "condition"]


@pytest.mark.parametrize("body, names", [
    ("Known hepatitis A, B, or C", ["hepatitis_a", "hepatitis_b", "hepatitis_c"]),
    ("Chronic hepatitis B, C", ["hepatitis_b", "hepatitis_c"]),
    ("Hepatitis A or B", ["hepatitis_a", "hepatitis_b"]),
    ("Active hepatitis B virus (HBV) infection or hepatitis C virus (HCV) infection", ["hepatitis_b", "hepatitis_c"]),
    ("Untreated syphilis infection", ["syphilis"]),
])
def test_each_kind_is_an_alternative(body, names):
    rule = exclusion_rule(body)
    assert _names(rule) == names, str(rule)
    assert rule.kind in ("any_of", "condition"), str(rule)
    assert not [n for n in rule.walk() if n.kind == "unparsed"], str(rule)


def test_a_letter_the_lexicon_does_not_name_is_left_as_written():
    rule = exclusion_rule("Hepatitis B, C, or Q")  # no "hepatitis Q": no kind is invented, the words stay
    assert "hepatitis_c" not in _names(rule), str(rule)
    assert any(n.kind == "unparsed" for n in rule.walk()), str(rule)


def test_a_patient_with_only_the_last_kind_is_excluded():
    patient = {"age": 50, "sex": "male", "conditions": [{"name": "hepatitis_c", "status": "active"}], "complete": ["conditions"]}
    assert verdict_of("Known hepatitis A, B, or C", patient, "Exclusion") == "met"
    assert verdict_of("Known hepatitis A, B, or C", {**patient, "conditions": []}, "Exclusion") == "not_met"
