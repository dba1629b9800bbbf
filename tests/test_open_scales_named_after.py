"""Issue 12, scales: a scale the lexicon lacks named after its bound, or named with its abbreviation.

"A score of < 10 on the Epworth Sleepiness Scale", "Score <= 5 on the Geriatric Depression Scale (GDS)":
as "a score of 3 or greater on the ASA" for a scale of the lexicon, the bound is on the scale named
after "on the"; its field is the scale's name as written (normalised), its abbreviation in parentheses
part of the reading. Sentences of our own.
"""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria


def _parse(body: str, section: str = "Inclusion"):
    return parse_criteria(f"{section} Criteria:\n\n{body}\n")


def _bounds(body: str, section: str = "Inclusion"):
    return [(n.analyte, n.op, n.value, n.unit) for c in _parse(body, section).criteria()
            for n in (c.rule.walk() if c.rule else ()) if n.kind == "measure_threshold"]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("* A score of < 10 on the Epworth Sleepiness Scale", ("epworth sleepiness scale", "<", 10.0, None)),
        ("* Score ≤ 5 on the Geriatric Depression Scale (GDS)", ("geriatric depression scale", "<=", 5.0, None)),
        ("* A score of at least 12 on the Zung Anxiety Rating Scale", ("zung anxiety rating scale", ">=", 12.0, None)),
        ("* A score of 2 or more on the Modified Medical Research Council Dyspnea Scale (mMRC)",
         ("modified medical research council dyspnea scale", ">=", 2.0, None)),
    ],
)
def test_a_scale_the_lexicon_lacks_named_after_its_bound(body, expected):
    assert _bounds(body) == [expected]
    (criterion,) = _parse(body).criteria()
    assert all(n.kind != "unparsed" for n in criterion.rule.walk())  # the abbreviation is read with it


@pytest.mark.parametrize(
    "body",
    [
        "* Pain rated on a scale of 0 to 10",  # the scale's span, no bound on it
        "* At least 22 on the Sleep Quality Scale",  # no word says the number is a score
        "* A score of at least 4 on the average pain item of the Brief Pain Inventory",  # a part of it
        "* A score of > 3 on the patient's diary",  # no scale, score or index named
    ],
)
def test_no_scale_named_after_a_bound_where_the_words_do_not_say_so(body):
    assert _bounds(body) == []


def test_a_scale_named_after_its_bound_renders_and_evaluates():
    tree = _parse("* A score of < 10 on the Epworth Sleepiness Scale")
    assert "Epworth sleepiness scale < 10" in criteria.render(tree, style="clinician")
    verdicts = [criteria.evaluate(tree, {"labs": [{"name": "Epworth Sleepiness Scale", "value": v}]},
                                  as_of=date(2026, 1, 1)).criteria[0].verdict.value for v in (6, 14)]
    assert verdicts == ["met", "not_met"]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("* Insomnia Severity Index (ISI) score ≥ 13", ("insomnia severity index", ">=", 13.0, None)),
        ("* Karolinska Sleep Scale (KSS) score of <= 5 at screening", ("karolinska sleep scale", "<=", 5.0, None)),
        ("* Epworth Sleepiness Scale (ESS) score > 15", ("epworth sleepiness scale", ">", 15.0, None)),
    ],
)
def test_a_scale_s_score_named_with_its_abbreviation_is_the_scale(body, expected):
    assert _bounds(body) == [expected]


def test_the_two_ways_of_naming_a_scale_give_one_field():
    assert _bounds("* Epworth Sleepiness Scale (ESS) score > 15")[0][0] == \
        _bounds("* A score of > 15 on the Epworth Sleepiness Scale")[0][0]


def test_a_count_in_a_fluid_named_with_its_abbreviation_is_not_read_as_a_scale():
    assert _bounds("* Cerebrospinal fluid (CSF) cell count > 5") == []


def test_a_bound_before_a_measure_that_is_no_scale_leaves_the_words_to_other_readings():
    body = ("* At least one lesion with a longest diameter measured as ≥ 2 cm with conventional techniques "
            "or as ≥ 1 cm with spiral CT")
    bounds = _bounds(body)
    assert ("lesions", ">=", 1.0, None) in bounds  # the count of lesions stays read
    assert ("longest diameter", ">=", 2.0, "cm") in bounds


def test_a_subscale_of_a_scale_is_not_the_scale():
    body = "* Early satiety subscale of the Gastroparesis Cardinal Symptoms Index (GCSI) score of 1.5 or higher"
    assert not [b for b in _bounds(body) if b[0].startswith("gastroparesis")]


def test_a_scale_whose_name_goes_on_after_its_head_word_is_not_cut_short():
    body = "* A score of greater than or equal to 8 on the Cornell Scale for Depression in Dementia"
    assert _bounds(body) == []  # not "cornell scale": the name runs on past "Scale"


def test_a_scale_named_with_its_abbreviation_but_no_bound_after_it_leaves_its_words_to_other_readings():
    body = "* A mean Gastroparesis Cardinal Symptom Index (GCSI) Score (2 week recall version) of ≥ 2.66"
    (criterion,) = _parse(body).criteria()
    assert any(n.kind == "condition" for n in criterion.rule.walk())  # gastroparesis stays read


@pytest.mark.parametrize(
    "body, expected",
    [
        ("* A score of >= 23 on the OSDI", ("osdi", ">=", 23.0, None)),
        ("* The participant has a score > 40 on the SUDS", ("suds", ">", 40.0, None)),
        ("* A score of at least 15 on the SDQ-25", ("sdq-25", ">=", 15.0, None)),
        ("* A total score of 28 or more using the ADHD-RS", ("adhd-rs", ">=", 28.0, None)),
    ],
)
def test_a_scale_named_by_its_abbreviation_after_a_score_s_bound(body, expected):
    """No measure word ends "OSDI": the score word before the bound says a scale follows "on the"."""
    assert _bounds(body) == [expected]


@pytest.mark.parametrize(
    "body",
    [
        "* At least 3 on the ECG",  # no score word before the bound
        "* A score of > 20 on the HADS Anxiety Subscale",  # a longer name the abbreviation opens
        "* Fewer than 3 relapses on the MS drug",  # no score
        "* A rating of 4 or more on the PI-NRS",  # the lexicon reads NRS: not the PI's
    ],
)
def test_no_abbreviation_is_a_scale_without_a_score_s_bound_before_it(body):
    assert all(b[0] not in ("ecg", "hads", "ms", "pi") for b in _bounds(body))
