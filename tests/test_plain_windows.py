"""Windows written without an article ("within past 6 months", "in last 3 months", "during previous
2 months") are the windows their "the" forms are; and an agreement to have a procedure is a plan,
not a procedure already had (issue 11, items 3 and 7)."""

from __future__ import annotations

import pytest

import criteria


def _rule(text: str, section: str = "Exclusion"):
    tree = criteria.parse_criteria(f"{section} Criteria:\n\n* {text}\n")
    return (tree.inclusion or tree.exclusion)[0].rule


@pytest.mark.parametrize("text, high, unit", [
    ("Stroke within past 6 months", 6, "month"),
    ("Myocardial infarction in last 3 months", 3, "month"),
    ("Major surgery during previous 2 weeks", 2, "week"),
    ("Chemotherapy within prior 4 weeks", 4, "week"),
    ("Malignancy in preceding 5 years", 5, "year"),
])
def test_a_window_without_its_article_is_read(text, high, unit):
    rule = _rule(text)
    assert rule.kind != "all_of", "the window was left over as text"
    window = rule.window
    assert (window.high, window.unit, window.relation) == (high, unit, "before")


@pytest.mark.parametrize("text, name", [
    ("Agree to have a liver biopsy at screening", "biopsy"),
    ("Willing to have a colonoscopy during the study", "colonoscopy"),
])
def test_agreeing_to_have_a_procedure_is_a_plan(text, name):
    rule = _rule(text, "Inclusion")
    node = next(n for n in rule.walk() if getattr(n, "name", None) == name)
    assert node.status == ("planned",)
