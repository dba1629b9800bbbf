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
