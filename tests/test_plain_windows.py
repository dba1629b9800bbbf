"""Windows written without an article ("within past 6 months", "in last 3 months", "during previous
2 months") are the windows their "the" forms are; an agreement to have a procedure is a plan, not a
procedure already had; and a window after an exception set off by commas ("Major surgery, other
than diagnostic surgery, within 4 weeks") is the event's before the aside (issue 11, items 1, 3, 7)."""

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


# --- a window after an exception set off by commas is the event's before it ------------------------

@pytest.mark.parametrize("body, item", [
    ("Major surgery, other than diagnostic surgery, within 4 weeks prior to day 1", "major_surgery"),
    ("Any malignancy, excluding basal cell carcinoma, in the 5 years prior to randomization", "malignancy"),
    ("Any growth factors, except erythropoietin, within 1 week before enrollment", "hematopoietic_growth_factor"),
])
def test_a_window_after_a_comma_aside_is_the_events_before_the_aside(body, item):
    from evaluate_helpers import exclusion_rule

    rule = exclusion_rule(body)
    assert rule.kind == "except", str(rule)
    assert rule.item.name == item and rule.item.window is not None, str(rule)
    assert all(getattr(n, "window", None) is None for e in rule.exceptions for n in e.walk()), str(rule)


def test_a_window_inside_the_exception_stays_the_exceptions():
    from evaluate_helpers import exclusion_rule

    # no comma closes the exception before the window: the time is the exception's own
    rule = exclusion_rule("Any malignancy except basal cell carcinoma within 5 years")
    assert rule.kind == "except" and rule.item.window is None, str(rule)
