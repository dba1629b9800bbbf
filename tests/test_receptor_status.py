"""Receptor and mutation statuses written without their term, after it, or shared by two names.

"HER2 negative", "ER/PR positive", "Tumour must be KRAS wild-type" ask a status of the patient's
tumour; "breast cancer that is HER2-negative" asks it of the cancer before. Read as words they left
every such criterion unknown (or unlexed), whatever the record said.
"""

from __future__ import annotations

import pytest

from evaluate_helpers import rule_of, verdict_of


def _statuses(node) -> list[tuple[str, tuple[str, ...]]]:
    return [(q.axis, tuple(q.values)) for q in node.qualifiers]


def _conditions(node) -> list:
    if node.kind == "condition":
        return [node]
    return [c for item in getattr(node, "items", ()) for c in _conditions(item)]


@pytest.mark.parametrize("text, axis, value", [
    ("HER2 negative", "her2", "her2-negative"),
    ("HER-2 negative", "her2", "her2-negative"),
    ("HER2/neu negative", "her2", "her2-negative"),
    ("ER positive.", "hormone_receptor", "estrogen receptor-positive"),
    ("Estrogen receptor positive", "hormone_receptor", "estrogen receptor-positive"),
    ("HR positive", "hormone_receptor", "hormone receptor-positive"),  # "HR" is not hours here
    ("KRAS wild-type", "kras", "kras wild-type"),
    ("HER2-", "her2", "her2-negative"),
])
def test_a_status_alone_is_the_tumours(text, axis, value):
    rule = rule_of(text)
    assert rule.kind == "condition" and rule.name == "malignancy"
    assert _statuses(rule) == [(axis, (value,))]


def test_names_sharing_a_positive_status_are_alternatives():
    rule = rule_of("Tumor must be ER/PR positive")
    assert rule.kind == "condition"
    assert _statuses(rule) == [("hormone_receptor", ("estrogen receptor-positive", "progesterone receptor-positive"))]


def test_names_sharing_a_status_by_and_each_have_it():
    rule = rule_of("ER and PR positive")
    assert _statuses(rule) == [("hormone_receptor", ("estrogen receptor-positive",)),
                               ("hormone_receptor", ("progesterone receptor-positive",))]


def test_a_shared_negative_status_is_both_negative():
    # hormone receptor-negative is ER- and PR-: "ER/PR negative" is not "either negative"
    for text in ("ER/PR negative", "ER-/PR-"):
        rule = rule_of(text)
        assert _statuses(rule) == [("hormone_receptor", ("estrogen receptor-negative",)),
                                   ("hormone_receptor", ("progesterone receptor-negative",))], text


def test_signed_statuses_go_to_their_cancer():
    rule = rule_of("ER+/PR+ HER2- breast cancer")
    assert rule.kind == "condition" and rule.name == "breast_cancer"
    assert _statuses(rule) == [("hormone_receptor", ("estrogen receptor-positive", "progesterone receptor-positive")),
                               ("her2", ("her2-negative",))]


@pytest.mark.parametrize("text, name", [
    ("Breast cancer that is HER2-negative", "breast_cancer"),
    ("NSCLC which must be EGFR-mutant", "non_small_cell_lung_cancer"),
    ("Metastatic breast cancer, ER positive and HER2 negative", "breast_cancer"),
])
def test_a_status_after_a_cancer_is_that_cancers(text, name):
    rule = rule_of(text)
    assert rule.kind == "condition" and rule.name == name, text
    assert rule.qualifiers and all(q.span is not None for q in rule.qualifiers)


def test_a_status_before_a_term_that_begins_with_one():
    # "HER2 negative breast cancer" is a concept of the lexicon; the status before it is its too,
    # and "positive" is no "positive cancer"
    for text in ("Hormone receptor positive and HER2 negative breast cancer",
                 "HR positive/HER2 negative breast cancer"):
        rules = _conditions(rule_of(text))
        assert {c.name for c in rules} == {"her2_negative_breast_cancer"}, text
        assert all(_statuses(c) == [("hormone_receptor", ("hormone receptor-positive",))] for c in rules), text


def test_a_parenthesis_of_statuses_is_read_with_them():
    rule = rule_of("Triple negative (ER-/PR-/HER2-) breast cancer")
    assert rule.kind == "condition" and rule.name == "breast_cancer"
    assert ("her2", ("her2-negative",)) in _statuses(rule)
    restated = rule_of("Estrogen receptor positive (ER+) breast cancer")
    assert _statuses(restated) == [("hormone_receptor", ("estrogen receptor-positive",))]


def test_every_copy_of_a_term_takes_its_status():
    rule = rule_of("metastatic or locally advanced breast cancer that is ER positive")
    members = _conditions(rule)
    assert len(members) == 2
    assert all(_statuses(m) == [("hormone_receptor", ("estrogen receptor-positive",))] for m in members)


def test_a_qualifier_of_one_site_stays_on_one_member():
    rule = rule_of("ovarian, fallopian tube or primary peritoneal cancer")
    assert sum(bool(c.qualifiers) for c in _conditions(rule)) == 1


@pytest.mark.parametrize("text", [
    "HER2 positive is defined as IHC 3+",
    "HER2 negative means IHC 0 or 1+",
    "ER is considered positive if 10% of cells stain",
])
def test_a_status_being_defined_is_no_requirement(text):
    assert not [c for c in _conditions(rule_of(text)) if c.name == "malignancy"]


@pytest.mark.parametrize("text, value", [
    ("ER positive (>= 1%)", 1.0),
    ("ER-positive ≥1% nuclear staining", 1.0),
    ("ER-positive percentage < 10% in tumor cells", 10.0),
])
def test_a_bound_on_the_receptor_is_read_as_its_expression(text, value):
    rules = [rule_of(text)]
    rules += list(getattr(rules[0], "items", ()))
    found = [r for r in rules if r.kind == "lab_threshold" and r.analyte == "er_expression"]
    assert found and found[0].value == value, text
    assert not [c for c in _conditions(rules[0]) if c.name == "malignancy" and c.qualifiers]


def _with_cancer(*qualifiers: str) -> dict:
    return {"conditions": [{"name": "breast cancer", "qualifiers": list(qualifiers)}], "complete": ["conditions"]}


@pytest.mark.parametrize("text, qualifiers, verdict", [
    ("ER/PR positive", ("estrogen receptor-positive",), "met"),
    ("ER/PR positive", ("progesterone receptor-positive",), "met"),
    ("ER/PR positive", (), "unknown"),
    ("ER and PR positive", ("estrogen receptor-positive", "progesterone receptor-negative"), "not_met"),
    ("HER2 negative", ("her2-positive",), "not_met"),
    ("HER2 negative", ("her2-negative",), "met"),
    ("Breast cancer that is HER2-negative", ("her2-positive",), "not_met"),
])
def test_statuses_are_checked_against_the_record(text, qualifiers, verdict):
    assert verdict_of(text, _with_cancer(*qualifiers)) == verdict


def test_an_excluding_status_excludes_its_patients():
    assert verdict_of("HER2 positive", _with_cancer("her2-positive"), section="Exclusion") == "met"
    assert verdict_of("HER2 positive", _with_cancer("her2-negative"), section="Exclusion") == "not_met"


def test_the_status_gate_holds_every_status_of_the_lexicon():
    # the gate reads the lexicon's file unvalidated (cold start); it must name what the lexicon names
    from criteria.parse.grammar.qualifiers import status_first_words
    from criteria.qualifiers import qualifier_lexicon

    firsts = {words[0] for words, row in qualifier_lexicon().by_phrase.items() if row.apart}
    assert firsts and firsts <= status_first_words()


def test_a_first_parse_without_a_term_does_not_load_the_qualifier_lexicon():
    import subprocess
    import sys

    code = ("import criteria\nfrom criteria.qualifiers import qualifier_lexicon\n"
            "criteria.parse_criteria('Inclusion Criteria:\\n\\n* Age >= 18 years\\n')\n"
            "assert qualifier_lexicon.cache_info().currsize == 0\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_sign_the_tokenizer_split_off_is_the_status_sign():
    # "HER2+" lexes as "HER2" and "+" (read as "or more"); as a bound it had hidden the status
    rule = rule_of("ER+ HER2+ residual invasive disease", section="Exclusion")
    assert ("her2", ("her2-positive",)) in _statuses(rule if rule.kind == "condition" else rule.items[0])
