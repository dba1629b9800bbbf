"""Issue 12, eleventh round: a drug's dose whose comparator comes after the number ("10 mg or less"),
and how long a condition has gone on, written "of at least" a time right after it. Sentences of our
own, not any trial's."""

from __future__ import annotations

import pytest

from evaluate_helpers import nodes_of, numbers_left


_nodes = nodes_of
_numbers_left = numbers_left


def _doses(body: str, section: str = "Exclusion"):
    return [(n.name, n.dose.op, n.dose.value, n.dose.unit) for n in _nodes(body, section)
            if n.kind in ("medication", "prior_therapy") and n.dose is not None]


def _lengths(body: str, section: str = "Inclusion"):
    return [(n.name, n.window.low, n.window.high, n.window.unit) for n in _nodes(body, section)
            if n.kind == "condition" and n.window is not None and n.window.relation == "lasting"]


# --- a dose whose comparator follows the number ----------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Ibuprofen at a total dose of 800 mg or less", ("ibuprofen", "<=", 800.0, "mg")),
        ("Aspirin at doses of 100 mg or less", ("aspirin", "<=", 100.0, "mg")),
        ("Warfarin (2 mg or less daily)", ("warfarin", "<=", 2.0, "mg/day")),
        ("Methotrexate at doses of 20 mg or more weekly", ("methotrexate", ">=", 20.0, "mg/week")),
        ("Prednisone at a dose of 5 mg or more per day", ("prednisone", ">=", 5.0, "mg/day")),
    ],
)
def test_a_dose_with_its_comparator_after_the_number(body, expected):
    assert _doses(body) == [expected]
    assert _numbers_left(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "Aspirin 3 times or more",  # not a dose unit: a count of something else
        "Aspirin use with 2 or more other drugs",
        "Warfarin (2 mg or less nightly)",  # a word after the dose that is no rate this reading knows
        # the dose is the one named after "for", not the class's
        "Taxanes at cumulative doses of 700 mg/m2 or more for paclitaxel",
    ],
)
def test_no_dose_without_a_dose_unit_and_only_dose_words_around_it(body):
    assert _doses(body) == []


def test_a_condition_holds_no_dose_written_after_it():
    assert _doses("Diabetes 2 mg or more") == []


@pytest.mark.parametrize(
    "body", ["Measurable disease by RECIST with at least one measurable lesion 3 cm or greater in diameter",
             "Ascites 2 L or more"])
def test_a_length_or_volume_right_after_a_term_leaves_the_term_read(body):
    """No dose: and since a reading is not cut before its number, a refused one took the term along."""
    terms = [n.name for n in _nodes(body, "Inclusion") if n.kind == "condition"]
    assert terms and set(terms) <= {"measurable_disease", "ascites"}


def test_a_volume_after_a_drug_is_no_dose():
    assert _doses("Heparin 500 mL or more") == []


# --- how long a condition has gone on --------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Type 2 diabetes of at least 2 years", ("type_2_diabetes_mellitus", 2.0, None, "year")),
        ("A current major depressive episode of at least 6 weeks", ("major_depressive_disorder", 6.0, None, "week")),
        ("Rheumatoid arthritis of at least 9 months; on stable methotrexate",
         ("rheumatoid_arthritis", 9.0, None, "month")),
        ("Type 1 diabetes of at least 2 years and less than 15 years", ("type_1_diabetes_mellitus", 2.0, 15.0, "year")),
        ("Current major depressive episode of at least 3 weeks and no more than 10 weeks in duration",
         ("major_depressive_disorder", 3.0, 10.0, "week")),
    ],
)
def test_a_time_of_at_least_right_after_a_condition_is_how_long_it_has_lasted(body, expected):
    assert _lengths(body) == [expected]
    assert _numbers_left(body, "Inclusion") == []


@pytest.mark.parametrize(
    "body",
    [
        "Myocardial infarction of less than 3 months",  # less than a time: since it, perhaps
        "Stroke of at least 3 months ago",  # words after the time say since when
        "Diabetes of at least 2 years prior to screening",
        # the lower end alone beside an upper one read as a time since would misread the pair
        "Stroke of at least 6 months and less than 3 years prior to screening",
    ],
)
def test_no_length_of_a_condition_from_an_upper_bound_or_a_time_with_words_after_it(body):
    assert _lengths(body) == []


def test_two_ends_of_a_time_with_no_condition_before_them_are_no_length():
    assert _lengths("Surgery at least 3 weeks and no more than 10 weeks prior to randomization") == []


# --- the dose words between a drug and its dose; mycophenolate mofetil and its abbreviation ---------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Hydrocortisone at a total daily dose of > 30 mg", ("hydrocortisone", ">", 30.0, "mg/day")),
        ("Metformin monotherapy of at least 1000 mg/day", ("metformin", ">=", 1000.0, "mg/day")),
        ("Mycophenolate mofetil > 3 g/day", ("mycophenolate", ">", 3.0, "g/day")),
        ("The MMF dose must be ≤ 2000 mg/day", ("mycophenolate", "<=", 2000.0, "mg/day")),
    ],
)
def test_more_dose_words_and_mycophenolate_by_its_other_names(body, expected):
    assert _doses(body) == [expected]
    assert _numbers_left(body) == []


def test_mofetil_is_part_of_the_drug_name_not_a_word_left_over():
    nodes = _nodes("Prior use of tacrolimus or mycophenolate mofetil")
    assert [n.name for n in nodes if n.kind == "medication"] == ["tacrolimus", "mycophenolate"]
    assert not [n for n in nodes if n.kind == "unparsed"]
