"""Issue 12, percentages: the share of the bone marrow radiotherapy reached.

"No prior radiotherapy to > 25% of the bone marrow" is one bound on one measure (the share of the
marrow irradiated, ``bone_marrow_irradiated`` in the lab lexicon), read with the radiation words
before it, so a denial turns the bound round. Sentences of our own in ClinicalTrials.gov form.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria


def _parse(body: str, section: str = "Inclusion"):
    return parse_criteria(f"{section} Criteria:\n\n{body}\n")


def _bounds(body: str, section: str = "Inclusion"):
    tree = _parse(body, section)
    return [(n.analyte, n.op, n.value, n.unit) for c in tree.criteria() for n in (c.rule.walk() if c.rule else ())
            if n.kind in ("lab_threshold", "measure_threshold")]


def _kinds(body: str, section: str = "Inclusion"):
    (criterion,) = _parse(body, section).criteria()
    return [n.kind for n in criterion.rule.walk()]


@pytest.mark.parametrize(
    "body, op, value",
    [
        ("* Prior radiation therapy to > 25% of the bone marrow", ">", 25.0),
        ("* Radiotherapy involving more than 30% of the active bone marrow", ">", 30.0),
        ("* Has received radiation to ≥ 20 % of his or her bone marrow", ">=", 20.0),
        ("* Prior irradiation of greater than 25% of bone marrow", ">", 25.0),
        ("* Radiation therapy encompassing > 30% of marrow", ">", 30.0),
        ("* Prior radiotherapy to >35% of marrow-bearing bone", ">", 35.0),
    ],
)
def test_the_share_of_the_marrow_irradiated(body, op, value):
    assert _bounds(body, "Exclusion") == [("bone_marrow_irradiated", op, value, "percent")]
    assert "unparsed" not in _kinds(body, "Exclusion")  # every word read: the radiation words are the bound's


@pytest.mark.parametrize(
    "body, op",
    [
        ("* No prior radiotherapy to > 25% of the bone marrow", "<="),
        ("* No prior radiotherapy to ≥ 30% of bone marrow", "<"),
        ("* Not received radiation to more than 10% of bone marrow", "<="),
    ],
)
def test_a_denied_share_is_the_bound_turned_round(body, op):
    (bound,) = _bounds(body)
    assert bound[:2] == ("bone_marrow_irradiated", op)


@pytest.mark.parametrize(
    "body",
    [
        "* Platelets < 50 x 10^9/L for patients in whom < 50% of bone marrow nucleated cells are plasma cells",
        "* Straining during more than 25% of BMs",  # bowel movements, not bone marrow
        "* More than 25% of the bone marrow",  # nothing says it was irradiated
        "* Chemotherapy to > 25% of the bone marrow",  # not a radiation word
        "* Prior radiotherapy to > 25 Gy of the bone marrow",  # a dose, not a share
    ],
)
def test_no_share_of_the_marrow_irradiated_where_the_words_do_not_say_so(body):
    assert not [b for b in _bounds(body, "Exclusion") if b[0] == "bone_marrow_irradiated"]


def test_the_share_renders_and_evaluates():
    tree = _parse("* No prior radiotherapy to > 25% of the bone marrow")
    assert "bone marrow irradiated" in criteria.render(tree).lower()
    verdicts = []
    for value in (10, 40):
        profile = {"labs": [{"name": "bone marrow irradiated", "value": value, "unit": "%"}]}
        verdicts.append(criteria.evaluate(tree, profile, as_of=date(2026, 1, 1)).criteria[0].verdict.value)
    assert verdicts == ["met", "not_met"]
    assert criteria.evaluate(tree, {"labs": []}, as_of=date(2026, 1, 1)).criteria[0].verdict.value == "unknown"


def test_a_time_since_the_radiotherapy_keeps_the_radiotherapy_an_event_with_its_window():
    body = "* At least 4 weeks since prior radiation therapy involving > 25% of the bone marrow"
    tree = _parse(body, "Exclusion")
    nodes = [n for c in tree.criteria() for n in c.rule.walk()]
    assert not [n for n in nodes if getattr(n, "analyte", None) == "bone_marrow_irradiated"]
    assert any(n.kind == "prior_therapy" and n.window is not None for n in nodes)


def test_a_permitted_radiotherapy_stays_a_permission():
    body = "* Prior therapy: Palliative radiation therapy involving =< 25% of marrow-bearing bone is allowed"
    assert "permitted" in _kinds(body, "Exclusion")
    assert not _bounds(body, "Exclusion")


@pytest.mark.parametrize(
    "body",
    [
        "* No prior radiotherapy to > 50 % of all nodal groups",  # not the marrow
        "* No concurrent radiotherapy to greater than 10% of total liver, lung, or bone marrow",  # a list of organs
        "* Palliative radiation to < 10% of bone marrow is permissible if completed",  # a permission
    ],
)
def test_where_the_share_of_the_marrow_is_refused_the_radiotherapy_is_still_read(body):
    (criterion,) = _parse(body).criteria()
    assert any(n.kind == "prior_therapy" for n in criterion.rule.walk())
    assert not [b for b in _bounds(body) if b[0] == "bone_marrow_irradiated"]
