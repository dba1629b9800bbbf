"""The age family, carried through spaCy spans and the Lark grammar to typed nodes."""

import pytest

from criteria import InputValueError, parse_age_limit, parse_criteria
from criteria.tree.nodes import Age, AgeBound, AllOf, AnyOf, Unparsed


def Y(value, inclusive=True, unit="year"):
    return AgeBound(value=value, unit=unit, inclusive=inclusive)


CASES = [
    ("Age ≥ 19 years", Age(low=Y(19))),
    ("≥18 years of age", Age(low=Y(18))),
    ("18 years or older", Age(low=Y(18))),
    ("18 years of age or older", Age(low=Y(18))),
    ("aged 18 to 75", Age(low=Y(18), high=Y(75), unit_assumed=True)),
    ("between 18 and 65 years (inclusive)", Age(low=Y(18), high=Y(65))),
    ("at least 18 years old", Age(low=Y(18))),
    ("over 18", Age(low=Y(18, inclusive=False), unit_assumed=True)),
    ("<75 years", Age(high=Y(75, inclusive=False))),
    ("Children 6 months to 17 years", Age(low=Y(6, unit="month"), high=Y(17))),
    ("Adults (18 years and older)", Age(low=Y(18))),
    ("Age 25 to 65 years", Age(low=Y(25), high=Y(65))),
    ("Age: 18-65", Age(low=Y(18), high=Y(65), unit_assumed=True)),
    ("Patients aged 18 years or over", Age(low=Y(18))),
    ("Age greater than or equal to 10 to less than or equal to 80.", Age(low=Y(10), high=Y(80), unit_assumed=True)),
    ("Age ≥19 years at the time of signing the informed consent.", Age(low=Y(19), at="consent")),
    ("Age >= 18 years at screening", Age(low=Y(18), at="screening")),
    ("Age up to 70 years", Age(high=Y(70))),
    ("Aged eighteen years or older", Age(low=Y(18))),
    ("Participants > 18 years", Age(low=Y(18, inclusive=False))),
    ("Subjects 18 to 65 years old", Age(low=Y(18), high=Y(65))),
    ("≥ Age 12 years at the Screening Visit.", Age(low=Y(12), at="screening")),
    ("Age between 40 to 70 years.", Age(low=Y(40), high=Y(70))),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[c[0] for c in CASES])
def test_age_forms(text, expected):
    rule = parse_criteria(text).inclusion[0].rule
    assert rule == expected
    assert text[rule.span.start : rule.span.end].strip(" .") in text


def test_age_outside_a_range_is_a_union():
    rule = parse_criteria("Exclusion Criteria:\n* Age less than 10 or greater than 80 years.").exclusion[0].rule
    assert rule == AnyOf(items=(Age(high=Y(10, inclusive=False)), Age(low=Y(80, inclusive=False))))


def test_age_beside_other_text_keeps_the_rest_unparsed():
    rule = parse_criteria("Male or female, aged 18-70, ambulatory").inclusion[0].rule
    assert isinstance(rule, AllOf)
    assert Age(low=Y(18), high=Y(70), unit_assumed=True) in rule.items  # "Male or female" is a sex rule (issue 4)
    assert rule.items[-1] == Unparsed(text="ambulatory", reason="text beside the typed rules")


def test_a_person_word_makes_an_age_only_of_years():
    rule = parse_criteria("Patients ≥18 years diagnosed with major depressive episode").inclusion[0].rule
    assert Age(low=Y(18)) in list(rule.walk())
    other = parse_criteria("Patients < 6 months from surgery").inclusion[0].rule
    assert not any(node.kind == "age" for node in other.walk())
    # kept whole: the time since the surgery named after "from" (not an age of 6 months)
    assert [(n.name, n.window.high, n.window.unit) for n in other.walk() if getattr(n, "window", None)] == [
        ("surgery", 6.0, "month")]


def test_numbers_without_age_words_are_not_ages():
    rule = parse_criteria("Major surgery within 28 days prior to the first dose").inclusion[0].rule
    assert not any(node.kind == "age" for node in rule.walk())  # a time window (issue 4), not an age


def test_age_span_points_at_the_original_characters():
    text = "Inclusion Criteria:\n\n* Age \\>= 18 years\n"
    rule = parse_criteria(text).inclusion[0].rule
    assert text[rule.span.start : rule.span.end] == "Age \\>= 18 years"


def test_age_record():
    (record,) = parse_criteria("Inclusion Criteria:\n* Aged 18 to 75 years\n").to_records()
    assert {k: record[k] for k in ("section", "kind", "field", "op", "value", "value_high", "unit", "cohort")} == {
        "section": "inclusion", "kind": "age", "field": "age", "op": "between",
        "value": 18.0, "value_high": 75.0, "unit": "year", "cohort": None,
    }
    assert record["text"] == "Aged 18 to 75 years"


@pytest.mark.parametrize(
    "value, expected",
    [("18 Years", Y(18)), ("6 Months", Y(6, unit="month")), ("65 years", Y(65)), ("2 Weeks", Y(2, unit="week")),
     ("N/A", None), ("", None), (None, None)],
)
def test_structured_age_limits(value, expected):
    assert parse_age_limit(value) == expected


@pytest.mark.parametrize("value", ["soon", "Years", "18 Years and more text"])
def test_bad_structured_age_limit_is_a_clear_error(value):
    with pytest.raises(InputValueError, match="not an age limit"):
        parse_age_limit(value)
    with pytest.raises(ValueError):
        parse_age_limit(value)


def test_bare_numbers_need_an_age_heading_or_years():
    pdq = "PATIENT CHARACTERISTICS:\n\nAge:\n\n  -  2 months to 21 years\n\nLife expectancy:\n\n  -  More than 12 weeks\n"
    tree = parse_criteria(pdq)
    assert tree.inclusion[0].rule == Age(low=Y(2, unit="month"), high=Y(21))
    assert tree.inclusion[1].rule.kind == "life_expectancy"  # not an age: its heading says what it is (issue 12)
    assert parse_criteria("More than 12 weeks").inclusion[0].rule.kind == "unparsed"
