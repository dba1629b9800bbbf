"""Issue 12, percentages: a receptor's share of stained cells in parentheses after "-positive".

"PR-positive (> 20%)", "ER/PR-positive (> 1% cells) by IHC", "ER-negative or low-ER positive (<= 10% by
IHC)": the bound in parentheses after the receptor's name and its status is the share of tumour cells
that express it (``er_expression``, ``pr_expression`` of the lab lexicon), as "Estrogen receptor >= 10%"
is. Sentences of our own.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria


def _bounds(body: str, section: str = "Inclusion"):
    tree = parse_criteria(f"{section} Criteria:\n\n{body}\n")
    return sorted((n.analyte, n.op, n.value, n.unit) for c in tree.criteria() for n in (c.rule.walk() if c.rule else ())
                  if n.kind == "lab_threshold")


@pytest.mark.parametrize(
    "body, expected",
    [
        ("* PR-positive (> 20%) breast cancer", [("pr_expression", ">", 20.0, "percent")]),
        ("* ER-positive (≥ 1% positive stained cells)", [("er_expression", ">=", 1.0, "percent")]),
        ("* ER/PR-positive (> 1% cells) by IHC",
         [("er_expression", ">", 1.0, "percent"), ("pr_expression", ">", 1.0, "percent")]),
        ("* Low ER-positive (≤ 10% by IHC)", [("er_expression", "<=", 10.0, "percent")]),
    ],
)
def test_a_receptor_share_in_parentheses_after_its_status(body, expected):
    assert _bounds(body) == expected


def test_a_bound_with_words_in_parentheses_after_a_lab_is_still_its_bound():
    assert _bounds("* PSA (≥ 5 ng/mL by local laboratory)") == [("psa", ">=", 5.0, "ng/mL")]


def test_a_receptor_status_without_a_bound_is_no_threshold():
    assert _bounds("* ER-positive (by IHC) breast cancer") == []


def test_the_receptor_share_renders_and_evaluates():
    tree = parse_criteria("Inclusion Criteria:\n\n* PR-positive (> 20%)\n")
    assert "20" in criteria.render(tree, style="clinician")
    verdicts = [criteria.evaluate(tree, {"labs": [{"name": "progesterone receptor", "value": v, "unit": "%"}]},
                                  as_of=date(2026, 1, 1)).criteria[0].verdict.value for v in (50, 5)]
    assert verdicts == ["met", "not_met"]


@pytest.mark.parametrize(
    "body",
    [
        "* Elevated late night salivary cortisol concentrations (at least two measurements)",  # counts something else
        "* HCT-CI > 6 points",  # a hyphen naming another thing (a comorbidity index), not a status
    ],
)
def test_no_bound_where_the_parentheses_or_the_hyphen_say_it_is_something_else(body):
    assert _bounds(body) == []


def test_a_subgroup_s_bound_in_a_head_s_parentheses_is_not_the_bound_for_everyone():
    body = "* AST ≤ 2.5 × ULN for AST/ALT (< 5 × ULN in participants with liver metastases)"
    tree = parse_criteria(f"Inclusion Criteria:\n\n{body}\n")
    rule = next(iter(tree.criteria())).rule
    # the subgroup's bound may stand only as that subgroup's case (numbers16: an exception of the
    # bound for everyone, with its condition), never beside the bound for everyone
    in_cases = {id(n) for e in rule.walk() if e.kind == "except" for case in e.exceptions for n in case.walk()}
    outside = [n for n in rule.walk() if n.kind == "lab_threshold" and n.value == 5.0 and id(n) not in in_cases]
    assert outside == []


def test_a_bound_after_receptors_listed_each_with_its_status_is_the_last_one_s():
    assert _bounds("* ER-positive, PR-positive (> 20%), HER2-negative") == [("pr_expression", ">", 20.0, "percent")]


def test_a_hyphenated_word_after_a_bound_in_parentheses_does_not_undo_it():
    body = "* Larger tumors (≥ 3 cm) not suitable for breast-conserving surgery"
    tree = parse_criteria(f"Inclusion Criteria:\n\n{body}\n")
    found = [(n.analyte, n.op, n.value, n.unit) for c in tree.criteria() for n in c.rule.walk()
             if n.kind == "measure_threshold"]
    assert found == [("larger tumors", ">=", 3.0, "cm")]
