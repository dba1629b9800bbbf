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
