"""Issue 12, seventh round: ages written as two bounds or a range closed by a bound, and alcohol
consumed (drinks counted, grams of alcohol a day). Sentences of our own, not any trial's."""

from datetime import date

import pytest

from criteria import evaluate, parse_criteria
from criteria.tree.nodes import Age, AgeBound


def Y(value, inclusive=True, unit="year"):
    return AgeBound(value=value, unit=unit, inclusive=inclusive)


def _nodes(body: str, section: str = "Inclusion"):
    tree = parse_criteria(f"{section} Criteria:\n\n* {body}\n")
    return [n for c in tree.criteria() for n in (c.rule.walk() if c.rule else ())]


def _ages(body: str):
    return [n for n in _nodes(body) if n.kind == "age"]


# --- ages --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [("Women aged >= 21 years old and <= 70 years", Age(low=Y(21), high=Y(70))),
     ("Adult volunteers >= 30 years old and < 60 years old", Age(low=Y(30), high=Y(60, False))),
     ("Men, >= 25 years & <= 55 years of age", Age(low=Y(25), high=Y(55))),
     ("Age >= 40 <= 85 years", Age(low=Y(40), high=Y(85))),
     ("Women aged at least 45 years and below 80 years", Age(low=Y(45), high=Y(80, False))),
     ("Volunteers over 21 years old and under 50 years old", Age(low=Y(21, False), high=Y(50, False))),
     ("Men or women >= 35 years and <= 80 years", Age(low=Y(35), high=Y(80))),
     ("Infants aged 2 to < 24 months", Age(low=Y(2, unit="month"), high=Y(24, False, "month"))),
     ("Children aged 6 months to less than 12 years", Age(low=Y(6, unit="month"), high=Y(12, False))),
     ("Boys aged 8 - < 16 years", Age(low=Y(8), high=Y(16, False))),
     ("Adults >= 30 to 64 years of age", Age(low=Y(30), high=Y(64))),
     ("Age is at least 50 years", Age(low=Y(50))),
     ("Age should be less than 40 years", Age(high=Y(40, False))),
     ("Age at randomization is >= 30 and <= 79 years",
      Age(low=Y(30), high=Y(79), at="randomization"))],
)
def test_ages_with_two_bounds_or_a_closing_bound(body, expected):
    (age,) = _ages(body)
    assert (age.low, age.high) == (expected.low, expected.high)
    if expected.at is not None:
        assert age.at == expected.at


@pytest.mark.parametrize(
    "body",
    ["Age >= 18 years old and >= 65 kg",  # a weight, not an age
     "Women younger than 18 years old and older than 75 years",  # not one interval: not guessed
     "Age <= 75 >= 18 kg"],
)
def test_two_bounds_that_make_no_age_interval_are_not_one(body):
    for age in _ages(body):
        assert age.low is None or age.high is None or age.low.value <= age.high.value
        assert not (age.low is not None and age.high is not None and age.high.value in (65, 75) and
                    age.low.value == 18 and "kg" in body)


def test_two_bounds_side_by_side_read_only_low_then_high():
    (age,) = _ages("Age >= 30 <= 70 years") or [None]
    assert (age.low, age.high) == (Y(30), Y(70))
    assert all(a.low is None or a.high is None for a in _ages("Age <= 70 >= 30 years"))


def test_and_below_before_a_number_is_strict():
    """"and below 76" is "< 76"; "76 and below" is "<= 76" (the cue's own reading)."""
    (age,) = _ages("Subjects aged at least 30 years and below 65 years")
    assert age.high == Y(65, False)
    (age,) = _ages("Subjects aged 65 years and below")
    assert age.high == Y(65)


def test_an_age_with_two_bounds_is_evaluated_at_both_ends():
    text = "Inclusion Criteria:\n\n* Adults >= 30 years old and <= 60 years\n"
    tree = parse_criteria(text)
    young = {"birth_date": "2000-01-01"}
    middle = {"birth_date": "1980-01-01"}
    old = {"birth_date": "1950-01-01"}
    verdicts = [evaluate(tree, p, as_of=date(2026, 12, 4)).status.value for p in (young, middle, old)]
    assert verdicts == ["ineligible", "eligible", "ineligible"]


# --- alcohol --------------------------------------------------------------------------------------


def _measures(body: str, section: str = "Exclusion"):
    return [(n.analyte, n.op, n.value, n.unit) for n in _nodes(body, section) if n.kind == "measure_threshold"]


@pytest.mark.parametrize(
    "body, expected",
    [("Drinks more than 3 alcoholic drinks per day", ("alcoholic_drinks", ">", 3.0, "drink/day")),
     ("Usually has over 10 standard drinks a week", ("alcoholic_drinks", ">", 10.0, "drink/week")),
     ("Reports drinking at least 5 drinks daily", ("alcoholic_drinks", ">=", 5.0, "drink/day")),
     ("Heavy drinking (alcohol abuse (> 50 g/day))", ("alcohol_intake", ">", 50.0, "g/(24 h)")),
     ("Alcohol misuse (more than 30 g/day)", ("alcohol_intake", ">", 30.0, "g/(24 h)")),
     ("Smokes more than 20 cigarettes per week", ("cigarettes_per_day", ">", 20.0, "cigarette/week"))],
)
def test_alcohol_and_tobacco_consumed(body, expected):
    assert expected in _measures(body)


def test_a_bound_in_parentheses_after_alcohol_abuse_defines_it():
    (rule,) = [c.rule for c in parse_criteria("Exclusion Criteria:\n\n* Alcohol abuse (> 40 g/day)\n").criteria()]
    assert rule.kind == "any_of"
    assert [n.kind for n in rule.items] == ["condition", "measure_threshold"]


@pytest.mark.parametrize(
    "body",
    ["Drinks no more than 4 cups of coffee or soft drinks per day",  # not alcohol
     "Consumes > 8 drinks/week for women or > 15 drinks/week for men"],  # a bound per sex, not both for all
)
def test_drinks_that_are_not_alcohol_or_not_for_everyone_are_not_read(body):
    assert _measures(body) == []


def test_drinks_a_day_compare_with_drinks_a_week():
    """Drinks counted a day and a week convert; grams of alcohol never become drinks."""
    tree = parse_criteria("Exclusion Criteria:\n\n* More than 14 alcoholic drinks per week\n")
    heavy = {"birth_date": "1980-01-01",
             "labs": [{"name": "alcohol intake", "value": 3, "unit": "drink/day", "date": "2026-11-01"}]}
    light = {"birth_date": "1980-01-01",
             "labs": [{"name": "alcohol intake", "value": 1, "unit": "drink/day", "date": "2026-11-01"}]}
    grams = {"birth_date": "1980-01-01",
             "labs": [{"name": "alcohol intake", "value": 40, "unit": "g/day", "date": "2026-11-01"}]}
    status = [evaluate(tree, p, as_of=date(2026, 12, 4)).status.value for p in (heavy, light, grams)]
    assert status == ["ineligible", "eligible", "unknown"]


# --- body surface area affected by a skin disease ---------------------------------------------------


@pytest.mark.parametrize(
    "body, expected",
    [("Atopic dermatitis with body surface area involvement of at least 12%", (">=", 12.0)),
     ("BSA affected > 5% at the baseline visit", (">", 5.0)),
     ("Has eczema with a BSA involved >= 8%", (">=", 8.0)),
     ("Body surface area (BSA) involved with psoriasis less than 20%", ("<", 20.0))],
)
def test_share_of_the_skin_affected(body, expected):
    found = [(n.op, n.value, n.unit) for n in _nodes(body) if n.kind == "measure_threshold"
             and n.analyte == "affected_bsa"]
    assert found == [(*expected, "percent")]


@pytest.mark.parametrize("body", ["BSA >= 1.2 m^2", "Body surface area < 0.5 m2", "BSA (body surface area) > 10"])
def test_a_body_surface_area_alone_is_not_the_share_affected(body):
    """"Body surface area" alone is the body's size (m^2) as often as a share of the skin: only the
    words "involved", "affected", "involvement" say it is the share."""
    assert not [n for n in _nodes(body) if getattr(n, "analyte", None) == "affected_bsa"]


@pytest.mark.parametrize(
    "body",
    ["Creatinine by age: If age is 3 to 5 years, then the maximum creatinine is 0.7 mg/dL",
     "Adults (or the age of consent where the legal age is > 20 years)"],
)
def test_age_is_after_a_word_is_a_case_not_a_requirement(body):
    assert not [a for a in _ages(body) if a.low is not None and a.low.value in (3.0, 20.0)]


def test_an_age_before_a_colon_names_a_case():
    """"Age 12 to < 40 years: score >= 8" asks the score of that age group, not that age of everyone."""
    assert _ages("Age 12 to < 40 years: symptom score >= 8") == []


@pytest.mark.parametrize(
    "body",
    ["Willing to limit alcohol intake to no more than 3 drinks per day during the study",
     "Agrees to restrict smoking to fewer than 5 cigarettes per day"],
)
def test_a_limit_the_patient_agrees_to_is_not_a_measure_now(body):
    assert _measures(body, "Inclusion") == []


# --- a bound per subgroup joined by a comma -----------------------------------------------------------


def test_bounds_per_sex_joined_by_a_comma_are_each_their_group_s():
    """"Creatinine > 1.4 mg/dL in women, > 1.6 mg/dL in men": before, the first bound held for all and
    both sexes were required (all_of), the second bound left unread."""
    nodes = _nodes("Creatinine > 1.4 mg/dL in women, > 1.6 mg/dL in men", "Exclusion")
    found = sorted((n.value, n.applies_to) for n in nodes if n.kind == "lab_threshold")
    assert found == [(1.4, "women"), (1.6, "men")]
    assert not [n for n in nodes if n.kind == "sex"]


def test_words_that_open_no_subgroup_make_no_bound_per_subgroup():
    nodes = _nodes("ALT less than 3 times the ULN value, less than 5 times the ULN value in patients with liver metastases")
    assert not [n for n in nodes if n.kind == "lab_threshold" and n.applies_to == "value"]
