"""Issue 11, items 1 and 6: the conditions a parenthesis names after a generic condition are what it means.

"Liver disease (cirrhosis or hepatitis)", "hepatic dysfunction (cirrhosis, NASH, hepatitis)",
"uncontrolled intercurrent illness (infection, diabetes, hypertension)": the parenthesis says which
conditions the generic term ("disease", "dysfunction", "illness") stands for. Each is one alternative,
with the term's statuses where it states none; read as the term and the list together, a patient
whose record says hepatitis (and not "liver disease", which the lexicon cannot derive from every
disease of the liver) was not excluded. A parenthesis naming a generic condition itself ("breast
cancer (metastatic disease)") still qualifies the term. Sentences of our own."""

import pytest

from evaluate_helpers import criterion_of, verdict_of

NOBODY = {"age": 50, "sex": "male", "conditions": [], "medications": [], "therapies": [],
          "complete": ["conditions", "medications", "therapies"]}


@pytest.mark.parametrize("body, kinds", [
    ("Liver disease (cirrhosis or hepatitis)", {"cirrhosis", "hepatitis"}),
    ("Pre-existing hepatic dysfunction (cirrhosis, hepatitis)", {"cirrhosis", "hepatitis"}),
    ("Uncontrolled intercurrent illness (infection, diabetes, hypertension)",
     {"infection", "diabetes_mellitus", "hypertension"}),
])
def test_each_named_condition_is_an_alternative(body, kinds):
    rule = criterion_of(body, "Exclusion").rule
    assert rule.kind == "any_of", str(rule)
    assert kinds <= {n.name for n in rule.items}, str(rule)
    term = rule.items[0]
    assert all(n.status == term.status for n in rule.items[1:]), str(rule)  # "uncontrolled diabetes"


def test_a_record_of_one_named_condition_excludes():
    hepatitis = {**NOBODY, "conditions": [{"name": "hepatitis", "status": "active"}]}
    assert verdict_of("Liver disease (cirrhosis or hepatitis)", hepatitis, "Exclusion") == "met"
    assert verdict_of("Liver disease (cirrhosis or hepatitis)", NOBODY, "Exclusion") == "not_met"


def test_a_generic_condition_in_the_parenthesis_qualifies_the_term():
    rule = criterion_of("Breast cancer (metastatic disease)", "Inclusion").rule
    assert rule.kind == "all_of", str(rule)
