"""Examples end where an exception begins (issue 11, items 1 and 7). "Malignancy, including leukemia
and lymphoma (but not basal cell carcinoma)" had read the skin cancer as one more example, so the
case the text exempts became a cancer that excludes. The exception now carves the case out of the
term and its examples; a window after the parenthesis is still the whole list's; "including but
not limited to" is no exception. Sentences of our own."""

from __future__ import annotations

import pytest

import criteria


def _rule(text: str):
    return next(criteria.parse_criteria(f"Exclusion Criteria:\n\n* {text}\n").criteria()).rule


def _names(node) -> list[str]:
    return [n.name for n in node.walk() if n.kind == "condition" or n.kind in ("procedure", "prior_therapy", "medication")]


@pytest.mark.parametrize("text, spared", [
    ("History of malignancy, including leukemia and lymphoma (but not basal cell carcinoma)", "non_melanoma_skin_cancer"),
    ("Any cancer, including sarcoma, except carcinoma in situ of the cervix", "cervical_carcinoma_in_situ"),
    ("Liver disease (for example cirrhosis or hepatitis B, but excluding Gilbert's syndrome)", "gilbert_syndrome"),
])
def test_the_exception_is_carved_out_not_listed(text, spared):
    rule = _rule(text)
    assert rule.kind == "except", text
    assert spared in [name for case in rule.exceptions for name in _names(case)]
    assert spared not in _names(rule.item)


def test_a_window_after_the_parenthesis_is_the_whole_lists():
    rule = _rule("Anticancer therapy (including chemotherapy or immunotherapy, but excluding corticosteroids) within 14 days")
    assert rule.kind == "except"
    treated = [n for n in rule.item.walk() if n.kind == "prior_therapy"]
    assert treated and all(n.window is not None for n in treated)
    assert all(getattr(n, "window", None) is None for n in rule.exceptions)


@pytest.mark.parametrize("text", [
    "Serious illness such as, but not limited to, heart failure or diabetes",
    "Any conduction abnormality (including but not specific to bundle branch block or heart block)",
    "Any severe medical complication including but not be limited to seizures or stroke",
])
def test_not_limited_to_is_no_exception(text):
    rule = _rule(text)
    assert not any(n.kind == "except" for n in rule.walk()), text


def test_examples_after_an_exception_are_the_exceptions():
    # "except those with negligible risk, such as …": the examples are of the exempt cases
    rule = _rule("History of malignancy within 5 years, except those with negligible risk such as "
                 "non-melanoma skin cancer or carcinoma in situ of the cervix")
    carved = next(n for n in rule.walk() if n.kind == "except")
    assert _names(carved.item) == ["malignancy"]
    assert {"non_melanoma_skin_cancer", "cervical_carcinoma_in_situ"} <= {
        name for case in carved.exceptions for name in _names(case)}


def test_examples_after_a_named_exception_are_the_rules():
    # "other than RA (e.g., gout, …)": the examples are of the joint disease the rule names
    rule = _rule("History of or current inflammatory joint disease other than RA (e.g., gout or psoriatic arthritis)")
    alternatives = next(n for n in rule.walk() if n.kind == "any_of" and "gout" in _names(n))
    assert "inflammatory_joint_disease" in " ".join(_names(alternatives))


def test_examples_after_an_aside_exception_are_the_terms():
    rule = _rule("A history of endocrine disease (excluding treated hypothyroidism), including polycystic ovary "
                 "syndrome and hyperprolactinaemia")
    assert rule.kind == "except"
    assert {"polycystic_ovary_syndrome", "hyperprolactinemia"} <= set(_names(rule.item))


def test_what_a_named_exception_spares_is_carved_out_of_the_term_and_its_examples():
    rule = _rule("Major psychiatric conditions other than major depressive disorder, such as bipolar disorder "
                 "or schizophrenia")
    assert rule.kind == "except"
    assert set(_names(rule.item)) == {"psychiatric_illness", "bipolar_disorder", "schizophrenia"}
    assert [name for case in rule.exceptions for name in _names(case)] == ["major_depressive_disorder"]


def test_examples_that_are_kinds_of_the_exception_are_its_own():
    rule = _rule("History of malignancy (excluding hematological malignancies like leukemias and lymphomas)")
    assert rule.kind == "except" and _names(rule.item) == ["malignancy"]
    assert {"hematologic_malignancy", "leukemia", "lymphoma"} == {name for case in rule.exceptions for name in _names(case)}


def test_unread_words_among_the_items_examples_stay_out_of_the_exception():
    rule = _rule("Diagnosis of a sleep disorder other than obstructive sleep apnea (i.e., restless sleep wobbles, "
                 "narcolepsy, insomnia)")
    carved = next(n for n in rule.walk() if n.kind == "except")
    assert not any(n.kind == "unparsed" for case in carved.exceptions for n in case.walk())
