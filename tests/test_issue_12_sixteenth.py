"""Issue 12, sixteenth round (branch numbers16): a body temperature whose scale is a bare or glued
letter ("38.5 C", "38ºC", "101.3 F"); the length of a sinus pause in seconds; a looser bound for a
case named after it, with its analytes said again ("ALT and AST <= 5 x ULN if liver metastases") or
not ("... or <= 5 x ULN if liver metastases"); the size of measurable disease; one item of a rating
scale ("HAM-D item 1 score >= 2"). Sentences of our own, not any trial's."""

from __future__ import annotations

import pytest

from evaluate_helpers import nodes_of, numbers_left, rule_of, verdict_of


def _temperatures(body: str, section: str = "Exclusion"):
    return [(n.op, n.value, n.unit) for n in nodes_of(body, section)
            if getattr(n, "analyte", None) == "body_temperature"]


# --- a body temperature's scale as a bare or glued letter ------------------------------------------


@pytest.mark.parametrize(
    ("body", "bounds"),
    [
        ("Oral temperature above 37.9 C at screening", [(">", 37.9, "degC")]),
        ("Febrile illness with fever > 100.8 F in the past week", [(">", 100.8, "degF")]),
        ("Fever of more than 38.4ºC during the run-in", [(">", 38.4, "degC")]),
        ("Body temperature > 38C or < 35.5C", [(">", 38.0, "degC"), ("<", 35.5, "degC")]),
        ("Fever > 38.2º C on two readings", [(">", 38.2, "degC")]),
        ("Rectal temperature greater than 101o F", [(">", 101.0, "degF")]),
    ],
)
def test_a_temperature_scale_written_as_a_bare_or_glued_letter(body, bounds):
    assert _temperatures(body) == bounds
    assert numbers_left(body) == []


@pytest.mark.parametrize(
    "body",
    [
        # a letter after a number that no body temperature takes on its scale
        "Temperature probe of 12 C grade",
        # no temperature named before the number: a catheter's size, a hepatitis letter
        "Urinary catheter of 16 F or larger in place",
        "Prior hepatitis B or C within 20 C cases",
    ],
)
def test_a_bare_letter_is_no_temperature_scale_elsewhere(body):
    assert all(unit != "degC" and unit != "degF" for _, _, unit in _temperatures(body))
    assert not any(getattr(n, "unit", None) in ("degC", "degF") for n in nodes_of(body))


# --- the length of a sinus pause -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "bound"),
    [
        ("Sinus pauses of more than 2.5 seconds on Holter monitoring", (">", 2.5, "s")),
        ("Any sinus pause > 3 sec on the screening ECG", (">", 3.0, "s")),
    ],
)
def test_the_length_of_a_sinus_pause(body, bound):
    found = [(n.op, n.value, n.unit) for n in nodes_of(body) if getattr(n, "analyte", None) == "sinus_pause"]
    assert found == [bound]
    assert numbers_left(body) == []


# --- a looser bound for a case named after it ------------------------------------------------------


def _case_bound(rule):
    """(the bounds for everyone, the case's bounds, the case's condition names) of an ``except``."""
    assert rule.kind == "except", rule
    everyone = sorted((n.analyte, n.op, n.value) for n in rule.item.walk() if n.kind == "lab_threshold")
    (case,) = rule.exceptions
    bounds = sorted((n.analyte, n.op, n.value) for n in case.walk() if n.kind == "lab_threshold")
    conditions = [n.name for n in case.walk() if n.kind == "condition"]
    return everyone, bounds, conditions


@pytest.mark.parametrize(
    ("body", "everyone", "case"),
    [
        ("AST and ALT ≤ 2 x ULN (AST and ALT ≤ 4 x ULN if hepatic metastases are present)",
         [("alt", "<=", 2.0), ("ast", "<=", 2.0)], [("alt", "<=", 4.0), ("ast", "<=", 4.0)]),
        ("ALT ≤ 3 × ULN; ALT ≤ 6 × ULN in patients with liver metastases",
         [("alt", "<=", 3.0)], [("alt", "<=", 6.0)]),
        ("AST and ALT < 2 times ULN (AST and ALT < 4 times ULN in case of liver metastases)",
         [("alt", "<", 2.0), ("ast", "<", 2.0)], [("alt", "<", 4.0), ("ast", "<", 4.0)]),
        ("AST ≤ 2 x ULN; AST ≤ 4 x ULN when liver metastases", [("ast", "<=", 2.0)], [("ast", "<=", 4.0)]),
    ],
)
def test_a_looser_bound_for_a_case_named_after_it(body, everyone, case):
    got_everyone, got_case, conditions = _case_bound(rule_of(body))
    assert (got_everyone, got_case) == (everyone, case)
    assert conditions  # the case's condition stands with its bound, never required of everyone


def test_the_case_bound_relaxes_the_bound_only_for_the_case():
    body = "ALT ≤ 3 × ULN (ALT ≤ 6 × ULN in patients with liver metastases)"
    high = {"name": "ALT", "value": 200, "unit": "U/L", "uln": 40}  # 5 x ULN
    metastases = {"conditions": [{"name": "liver metastases"}], "labs": [high], "complete": ["conditions"]}
    none = {"conditions": [{"name": "hypertension"}], "labs": [high], "complete": ["conditions"]}
    assert verdict_of(body, metastases) == "met"
    assert verdict_of(body, none) == "not_met"


@pytest.mark.parametrize(
    ("body", "section"),
    [
        # a stricter bound for the case is a bound of its own, not a relaxation
        ("ALT ≤ 5 × ULN; ALT ≤ 3 × ULN in patients with liver metastases", "Inclusion"),
        # another analyte: no case of the first bound
        ("ALT ≤ 3 × ULN; AST ≤ 5 × ULN in patients with liver metastases", "Inclusion"),
        # in an exclusion a case's bound is not a carve-out of the first one
        ("ALT > 3 × ULN (ALT > 5 × ULN in patients with liver metastases)", "Exclusion"),
        # a requirement after the case: the case's words do not end where its condition does
        ("ALT ≤ 3 × ULN and ALT ≤ 5 × ULN with prior hepatitis and creatinine ≤ 1.5 mg/dL", "Inclusion"),
    ],
)
def test_no_case_bound_where_the_text_does_not_say_one(body, section):
    rule = rule_of(body, section)
    assert not (rule.kind == "except" and any(n.kind == "lab_threshold" for e in rule.exceptions for n in e.walk()))


# --- a looser bound without its analyte for a case named after it ----------------------------------


def test_bare_looser_bounds_for_cases_after_the_bound():
    rule = rule_of("Alkaline phosphatase ≤ 3 x ULN (or ≤ 6 x ULN if hepatic metastases, ≤ 8 x ULN if bone metastases)")
    assert rule.kind == "except"
    assert [(n.analyte, n.value) for n in rule.item.walk() if n.kind == "lab_threshold"] == [("alp", 3.0)]
    cases = [sorted((n.kind, getattr(n, "value", None) or getattr(n, "site", None)) for n in e.walk()
                    if n.kind in ("lab_threshold", "condition")) for e in rule.exceptions]
    assert [[v for k, v in case if k == "lab_threshold"] for case in cases] == [[6.0], [8.0]]
    assert all(any(k == "condition" for k, _ in case) for case in cases)


@pytest.mark.parametrize(
    "body",
    [
        # a note on the first bound before the parenthesis of its case (it stays a remark or a leftover)
        "AST ≤ 2 x ULN per local laboratory range (or ≤ 4 x ULN if hepatic metastases are present)",
        "AST ≤ 2 x ULN for AST (< 4 x ULN in participants with hepatic metastases)",
    ],
)
def test_a_bare_case_bound_after_a_note_on_the_first(body):
    everyone, case, conditions = _case_bound(rule_of(body) if rule_of(body).kind == "except"
                                             else next(n for n in rule_of(body).walk() if n.kind == "except"))
    assert [v for _, _, v in everyone] == [2.0] and [v for _, _, v in case] == [4.0]
    assert conditions


def test_a_bare_looser_bound_joined_by_and():
    everyone, case, conditions = _case_bound(rule_of("AST and ALT ≤ 2 x ULN and ≤ 4 x ULN with hepatic metastases"))
    assert everyone == [("alt", "<=", 2.0), ("ast", "<=", 2.0)]
    assert case == [("alt", "<=", 4.0), ("ast", "<=", 4.0)]
    assert conditions


@pytest.mark.parametrize(
    "body",
    [
        "AST or ALT ≤ 2 x ULN, patients with hepatic metastases ≤ 4 x ULN, and creatinine ≤ 1.4 mg/dL",
        "AST or ALT ≤ 2 x ULN; patient with known hepatic metastases ≤ 4 x ULN",
        "AST or ALT ≤ 2 x ULN; if hepatic metastases are present, ≤ 4 x ULN",
    ],
)
def test_a_case_named_before_its_bare_bound(body):
    rule = next(n for n in nodes_of(body, "Inclusion") if n.kind == "except")
    assert rule.item.kind == "any_of"  # "AST or ALT": either, for everyone and for the case
    (case,) = rule.exceptions
    bounds = [n for n in case.walk() if n.kind == "lab_threshold"]
    assert sorted((n.analyte, n.value) for n in bounds) == [("alt", 4.0), ("ast", 4.0)]
    assert any(n.kind == "any_of" for n in case.walk())
    assert any(n.kind == "condition" for n in case.walk())
    assert numbers_left(body, "Inclusion") == []


@pytest.mark.parametrize(
    ("body", "section"),
    [
        ("ALT ≤ 3 x ULN, patients with hepatic metastases ≤ 5 x ULN if confirmed by biopsy", "Inclusion"),
        ("ALT ≤ 3 x ULN; if hepatic metastases are present and biopsied, ≤ 5 x ULN", "Inclusion"),
        ("ALT ≤ 3 x ULN and ≤ 2 x ULN with hepatic metastases", "Inclusion"),  # stricter: not a relaxation
        ("ALT > 3 x ULN or > 5 x ULN with hepatic metastases", "Exclusion"),
        ("ALT ≤ 3 x ULN or ≤ 5 x ULN with hepatic metastases and a platelet count ≥ 100,000/mm3", "Inclusion"),
    ],
)
def test_no_bare_case_bound_where_the_text_does_not_say_one(body, section):
    rule = rule_of(body, section)
    assert not (rule.kind == "except" and any(n.kind == "lab_threshold" for e in rule.exceptions for n in e.walk()))


# --- the size of measurable disease ----------------------------------------------------------------


def _sizes(body: str, section: str = "Inclusion"):
    return [(n.op, n.value, n.unit) for n in nodes_of(body, section) if getattr(n, "analyte", None) == "tumor_size"]


@pytest.mark.parametrize(
    ("body", "bound"),
    [
        ("Measurable disease of at least 2.5 cm on CT", (">=", 2.5, "cm")),
        ("At least one measurable lesion ≥ 15 mm", (">=", 15.0, "mm")),
        ("Presence of measurable disease > 3 cm", (">", 3.0, "cm")),
    ],
)
def test_the_size_of_measurable_disease_beside_it(body, bound):
    assert _sizes(body) == [bound]
    assert any(n.kind == "condition" and n.name == "measurable_disease" for n in nodes_of(body, "Inclusion"))


@pytest.mark.parametrize(
    "body",
    [
        # a bound for another method after "or": the first alone would be stricter than the text
        "Measurable disease ≥ 25 mm by conventional techniques or ≥ 12 mm by spiral CT",
        "Hepatocellular carcinoma ≥ 25 mm by conventional techniques or ≥ 12 mm by spiral CT",
        # denied: the size would stand beside the denied thing, required of everyone
        "No measurable disease > 3 cm",
        "No hepatocellular carcinoma larger than 12 cm",
    ],
)
def test_no_size_read_beside_an_alternative_bound_or_a_denial(body):
    assert _sizes(body) == []


# --- one item of a rating scale --------------------------------------------------------------------


def _measures(body: str, section: str = "Inclusion"):
    return [(n.analyte, n.op, n.value) for n in nodes_of(body, section) if n.kind == "measure_threshold"]


@pytest.mark.parametrize(
    ("body", "bounds"),
    [
        ("HAMD-17 item 3 score ≥ 1", [("hamd item 3", ">=", 1.0)]),
        ("MADRS total score ≥ 22 and MADRS (item 10) score < 4",
         [("madrs", ">=", 22.0), ("madrs item 10", "<", 4.0)]),
        ("A score of 4 or more on item 10 of the MADRS", [("madrs item 10", ">=", 4.0)]),
        # a bound on an item in parentheses after the total's is a bound of its own, not an alternative
        ("YMRS score ≤ 12 (with YMRS item 1 score ≤ 1)", [("ymrs", "<=", 12.0), ("ymrs item 1", "<=", 1.0)]),
    ],
)
def test_one_item_of_a_rating_scale_is_a_measure_of_its_own(body, bounds):
    assert sorted(_measures(body)) == sorted(bounds)
    assert not any(n.kind == "measure_threshold" and n.alternatives for n in nodes_of(body, "Inclusion"))


@pytest.mark.parametrize(
    "body",
    [
        "A score of ≥ 12 on MADRS items 1, 2 and 6",  # several items summed: not one item
        "Item 2 of the consent form signed",  # no scale of the lexicon
    ],
)
def test_no_item_read_where_the_text_names_none_of_a_scale(body):
    assert not any(" item " in a for a, _, _ in _measures(body))
