"""Issue 11, item 7: a cancer's histology and an insulin's action are read into the event.

"Squamous cell lung cancer", "non-squamous NSCLC", "clear cell renal cell carcinoma", "high-grade
serous ovarian cancer": the histology says which kind of the cancer the text asks for. Left as a
word beside the condition it blocked every verdict, and dropped it would read looser than the text.
"Basal insulin" and "bolus insulin" are two kinds of insulin the same way. "Squamous or basal cell
carcinoma of the skin" is the non-melanoma skin cancers, as "basal or squamous cell carcinoma"
was. Sentences of our own."""

from datetime import date

import pytest

import criteria
from evaluate_helpers import rule_of, sql_parity, verdict_of

AS_OF = date(2026, 12, 1)


def _values(rule, axis):
    return [v for q in rule.qualifiers if q.axis == axis for v in q.values]


@pytest.mark.parametrize("body, name, values", [
    ("Stage IV squamous cell lung cancer", "lung_cancer", ["squamous"]),
    ("Squamous NSCLC", "non_small_cell_lung_cancer", ["squamous"]),
    ("Documented non squamous cell non-small cell lung cancer", "non_small_cell_lung_cancer", ["non-squamous"]),
    ("Nonsquamous or squamous NSCLC", "non_small_cell_lung_cancer", ["non-squamous", "squamous"]),
    ("Clear cell renal cell carcinoma", "renal_cell_carcinoma", ["clear cell"]),
    ("Histologically confirmed medullary thyroid cancer", "malignancy", ["medullary"]),
    ("Pancreatic ductal adenocarcinoma", "adenocarcinoma", ["ductal"]),
    ("Invasive lobular breast cancer", "breast_cancer", ["lobular"]),
])
def test_a_histology_before_the_cancer_qualifies_it(body, name, values):
    rule = rule_of(body, "Inclusion")
    assert (rule.kind, rule.name) == ("condition", name)
    assert _values(rule, "histology") == values


@pytest.mark.parametrize("body", ["Squamous or basal cell carcinoma of the skin",
                                  "Squamous cell and basal cell skin cancer",
                                  "basal and squamous cell carcinoma"])
def test_squamous_or_basal_cell_carcinoma_is_the_skin_cancers_in_either_order(body):
    rule = rule_of(body)
    assert (rule.kind, rule.name) == ("condition", "non_melanoma_skin_cancer")


@pytest.mark.parametrize("body, value", [("Treated with a basal insulin", "basal"),
                                         ("Current use of bolus insulin", "prandial")])
def test_an_insulins_action_qualifies_it(body, value):
    rule = rule_of(body, "Inclusion")
    assert (rule.kind, rule.name, _values(rule, "action")) == ("medication", "insulin", [value])


@pytest.mark.parametrize("record, verdict", [
    ({"name": "squamous cell carcinoma of the lung"}, "met"),
    ({"name": "lung cancer", "qualifiers": ["squamous"]}, "met"),
    ({"name": "non-squamous lung cancer"}, "not_met"),  # a contrast
    ({"name": "lung cancer"}, "unknown"),  # the record does not say which
])
def test_a_record_settles_the_histology_by_what_it_states(record, verdict):
    patient = {"conditions": [record], "complete": ["conditions"]}
    assert verdict_of("Squamous cell lung cancer", patient, as_of=AS_OF) == verdict


def test_sql_reads_histology_as_the_evaluator_does():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Squamous cell lung cancer\n* Non-squamous NSCLC\n"
                                   "* Treated with a basal insulin\n")
    differences, seen = sql_parity(tree, 600, seed=5, as_of=AS_OF)
    assert differences == []


def test_anaplastic_lymphoma_kinase_lends_lymphoma_no_histology():
    """"Anaplastic" is no histology of ours: "anaplastic lymphoma kinase" names a gene, and a
    qualifier read onto the lymphoma there would hide that the lymphoma is no reading of the text."""
    rule = rule_of("Lung adenocarcinoma with an Anaplastic Lymphoma Kinase (ALK) gene rearrangement")
    assert not any(q.values == ("anaplastic",) for n in rule.walk() for q in getattr(n, "qualifiers", ()))
