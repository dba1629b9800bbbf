"""Issue 12, eighth round: the amount a blood donation took, a subgroup's own bound in parentheses
after words on the first bound, and the words a grade bounds where no lexicon names them.
Sentences of our own, not any trial's."""

from __future__ import annotations

from datetime import date

import pytest

import criteria
from criteria import parse_criteria

AS_OF = date(2026, 11, 25)


def _nodes(body: str, section: str = "Exclusion"):
    tree = parse_criteria(f"{section} Criteria:\n\n* {body}\n")
    return [n for c in tree.criteria() for n in (c.rule.walk() if c.rule else ())]


def _unparsed(body: str, section: str = "Exclusion") -> list[str]:
    return [n.text for n in _nodes(body, section) if n.kind == "unparsed"]


# --- the amount a blood donation took ----------------------------------------------------------------


def _donations(body: str):
    return [(n.amount.op, n.amount.value, n.amount.unit) if n.amount else None
            for n in _nodes(body) if n.kind == "procedure" and n.name == "blood_donation"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Donation of blood in excess of 450 mL within the past 8 weeks", (">", 450.0, "mL")),
        ("Has donated blood of more than 250 milliliters within the last 2 months", (">", 250.0, "mL")),
        ("Donation of blood (>= 400 mL) in the previous 12 weeks", (">=", 400.0, "mL")),
        ("A blood donation of at least 0.5 L in the past 3 months", (">=", 0.5, "L")),
    ],
)
def test_the_amount_a_blood_donation_took_is_read_with_it(body, expected):
    assert _donations(body) == [expected]
    assert not any(any(ch.isdigit() for ch in text) for text in _unparsed(body))


@pytest.mark.parametrize(
    "body",
    ["Prednisone > 20 mL per day",  # a drug's dose is never a volume here
     "Major surgery with blood loss > 800 mL",  # an amount is of a donation only
     "Abnormal uterine bleeding > 90 mL per cycle"],  # an open condition holds no amount
)
def test_a_volume_is_no_dose_and_no_other_event_takes_it(body):
    nodes = _nodes(body)
    assert not any(getattr(n, "amount", None) or getattr(n, "dose", None) for n in nodes)
    assert any(n.kind == "unparsed" and "mL" in n.text for n in nodes)


def test_a_donation_amount_is_unknown_where_a_donation_is_recorded():
    tree = parse_criteria("Exclusion Criteria:\n\n* Donation of blood in excess of 450 mL within the past 8 weeks\n")
    donated = {"procedures": [{"name": "blood donation", "date": "2026-11-01"}], "complete": ["procedures"]}
    long_ago = {"procedures": [{"name": "blood donation", "date": "2025-01-01"}], "complete": ["procedures"]}
    nothing = {"procedures": [], "complete": ["procedures"]}
    verdict = lambda p: criteria.evaluate(tree, p, AS_OF).verdict("E1").value  # noqa: E731
    assert verdict(donated) == "unknown"  # donated in the window: how much is not in the record
    assert verdict(long_ago) == "not_met"
    assert verdict(nothing) == "not_met"


def test_a_donation_amount_renders_and_makes_records():
    tree = parse_criteria("Exclusion Criteria:\n\n* Donation of blood in excess of 450 mL within the past 8 weeks\n")
    assert "of more than 450 mL" in criteria.render(tree, "patient")
    (record,) = [r for r in tree.to_records() if r["kind"] == "procedure"]
    assert (record["field"], record["op"], record["value"], record["unit"]) == ("blood_donation", ">", 450.0, "mL")


def test_sql_leaves_a_donation_amount_unknown_as_the_evaluator_does():
    duckdb = pytest.importorskip("duckdb")
    import criteria.sql
    from criteria.sql.synthetic import Omop, write_duckdb

    concept = 90
    omop = Omop()
    omop.add("concept", concept, "blood donation", "Procedure", "SNOMED", "Procedure", "S", "9001")
    for pid in (1, 2):
        omop.add("person", pid, 8507, 1960, 1, 1, None)
        omop.add("observation_period", pid, pid, date(2000, 1, 1), date(2030, 1, 1))
    omop.add("procedure_occurrence", 1, 1, concept, date(2026, 11, 1))
    con = duckdb.connect()
    write_duckdb(con, omop)
    tree = parse_criteria("Exclusion Criteria:\n\n* Donation of blood in excess of 450 mL within the past 8 weeks\n")
    cursor = con.execute(criteria.sql.compile(tree, as_of=AS_OF).sql)
    column = [d[0] for d in cursor.description].index("E1")
    rows = {row[0]: row[column] for row in cursor.fetchall()}
    assert rows[1] is None and rows[2] is False


# --- a subgroup's own bound after words on the first bound -------------------------------------------


def _thresholds(body: str, section: str = "Inclusion"):
    return [n for n in _nodes(body, section) if n.kind in ("lab_threshold", "measure_threshold")]


@pytest.mark.parametrize(
    ("body", "condition"),
    [
        ("ALT <= 3 x ULN at screening (<= 5 x ULN in participants with hepatic metastases)", "hepatic metastases"),
        ("Total bilirubin <= 1.5 x ULN for the site laboratory (<= 3 x ULN for subjects with Gilbert syndrome)",
         "Gilbert syndrome"),
        ("AST < 2.5 x ULN if no liver involvement (< 5 x ULN in patients with liver involvement)",
         "liver involvement"),
        ("Bilirubin <= 1.5 times the upper limit of normal (x ULN) (<= 3 x ULN in the case of Gilbert syndrome)",
         "Gilbert syndrome"),
    ],
)
def test_a_subgroup_bound_in_parentheses_after_words_on_the_first(body, condition):
    (node,) = _thresholds(body)
    assert node.relative_to == "ULN"
    (alternative,) = node.alternatives
    assert alternative.condition == condition and alternative.relative_to == "ULN"
    assert alternative.value > node.value
    assert not any(any(ch.isdigit() for ch in text) for text in _unparsed(body, "Inclusion"))


def test_the_first_bound_holds_for_the_others_and_the_subgroup_has_its_own():
    tree = parse_criteria("Inclusion Criteria:\n\n* ALT <= 3 x ULN at screening (<= 5 x ULN in participants "
                          "with liver metastases)\n")
    lab = lambda value, *conditions: {  # noqa: E731
        "labs": [{"name": "ALT", "value": value, "unit": "U/L", "uln": 40, "date": "2026-11-20"}],
        "conditions": [{"name": c} for c in conditions], "complete": ["conditions"]}
    verdict = lambda p: criteria.evaluate(tree, p, AS_OF).verdict("I1").value  # noqa: E731
    assert verdict(lab(100)) == "met"
    assert verdict(lab(160)) == "not_met"
    assert verdict(lab(160, "liver metastases")) == "met"


def test_words_naming_a_sex_then_the_other_sex_in_parentheses_are_bounds_per_subgroup():
    nodes = _thresholds("Creatinine <= 1.4 mg/dL in men (<= 1.2 mg/dL in women)")
    assert sorted((n.applies_to, n.value) for n in nodes) == [("men", 1.4), ("women", 1.2)]


def test_words_naming_a_sex_then_a_case_are_not_read_as_one_bound():
    nodes = _thresholds("Creatinine <= 1.4 mg/dL in men (<= 2 mg/dL if on dialysis)")
    assert all(not n.alternatives for n in nodes)  # never the first bound for everyone


# --- the words a grade bounds ------------------------------------------------------------------------


def _conditions(body: str):
    return [(n.name, n.grade.op if n.grade else None, n.grade.value if n.grade else None, n.open_vocabulary)
            for n in _nodes(body) if n.kind == "condition"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Grade >= 3 bleeding event within the past 6 months", ("bleeding_event", ">=", 3)),
        ("Any grade 2 or higher taste disturbance", ("taste_disturbance", ">=", 2)),
        ("Ongoing grade > 1 skin reactions, unless stable", ("skin_reactions", ">", 1)),
    ],
)
def test_words_a_grade_bounds_are_the_condition(body, expected):
    assert (*expected, True) in _conditions(body)


@pytest.mark.parametrize(
    "body",
    ["Toxicities of prior therapy not recovered to grade <= 1 severity",  # what the grade measures
     "Grade >= 2 motor or sensory disturbances",  # a coordination: more of its words may follow
     "Grade 3 lung"],  # an organ alone names no condition
)
def test_words_after_a_grade_that_may_not_be_all_of_what_is_graded_are_not_read(body):
    assert not any(open_ and grade is not None for _, _, grade, open_ in _conditions(body))


# --- washouts written with other verbs, and a time between an event and an anchor --------------------


def _windows(body: str, section: str = "Inclusion"):
    """(kind, name, negated, low, high, unit, anchor) of each event that holds a window."""
    out = []
    for node in _nodes(body, section):
        inner = node.item if node.kind == "not" else node
        window = getattr(inner, "window", None)
        if window is not None and (node.kind == "not" or not any(
                n.kind == "not" and n.item == node for n in _nodes(body, section))):
            out.append((inner.kind, inner.name, node.kind == "not", window.low, window.high, window.unit,
                        window.anchor))
    return out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("At least 21 days must have lapsed since completion of prior radiotherapy",
         ("prior_therapy", "radiotherapy", True, None, 21.0, "day", "enrollment")),
        ("At least 2 weeks is required from prior treatment with rituximab",
         ("prior_therapy", "rituximab", True, None, 2.0, "week", "enrollment")),
        ("Radiotherapy if less than 3 weeks had elapsed prior to registration",
         ("prior_therapy", "radiotherapy", False, None, 3.0, "week", "registration")),
    ],
)
def test_a_washout_said_with_lapsed_elapsed_or_required(body, expected):
    assert expected in _windows(body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("An interval of at least 4 weeks between prior major surgery and randomization",
         ("procedure", "major_surgery", True, None, 4.0, "week", "randomization")),
        ("A washout of at least 21 days is required between the last chemotherapy dose and randomization",
         ("prior_therapy", "chemotherapy", True, None, 21.0, "day", "randomization")),
        ("No more than 8 weeks between surgery and the date of randomization",
         ("procedure", "surgery", False, None, 8.0, "week", "randomization")),
    ],
)
def test_a_time_between_an_event_and_an_anchor(body, expected):
    assert expected in _windows(body)


@pytest.mark.parametrize(
    "body",
    ["At least 2 weeks between the two blood pressure measurements",  # no anchor after "and"
     "At least 3 days between doses of the study drug",
     "Surgery if more than 5 years have gone by between diagnosis and relapse"],
)
def test_a_time_between_things_that_are_not_an_anchor_is_not_a_window(body):
    assert not [n for n in _nodes(body) if n.kind == "time_window"] and not _windows(body)


def test_a_washout_between_an_event_and_an_anchor_is_met_by_no_event_at_all():
    tree = parse_criteria("Inclusion Criteria:\n\n* At least 4 weeks between prior major surgery and enrollment\n")
    verdict = lambda p: criteria.evaluate(tree, p, AS_OF).verdict("I1").value  # noqa: E731
    recent = {"procedures": [{"name": "major surgery", "date": "2026-11-10"}], "complete": ["procedures"]}
    long_ago = {"procedures": [{"name": "major surgery", "date": "2025-06-01"}], "complete": ["procedures"]}
    assert verdict({"procedures": [], "complete": ["procedures"]}) == "met"
    assert verdict(long_ago) == "met"
    assert verdict(recent) == "not_met"


# --- units and parentheses written against their neighbours ------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Blood counts: neutrophil>=2.0G/L, platelet count >=90G/L", [("anc", ">=", 2.0, "10^9/L"),
                                                                      ("platelets", ">=", 90.0, "10^9/L")]),
        ("Neutrophil > 1,200/mm3", [("anc", ">", 1200.0, "1/mm^3")]),
    ],
)
def test_giga_per_litre_against_its_number_and_the_neutrophil_count_in_the_singular(body, expected):
    assert [(n.analyte, n.op, n.value, n.unit) for n in _thresholds(body)] == expected


def test_a_needle_gauge_is_no_unit():
    assert not _thresholds("Venous access with a 16G needle")


@pytest.mark.parametrize(
    "body",
    ["Total bilirubin <= 1.5 x upper limit of normal (ULN)(or <= 3 x ULN in participants with Gilbert syndrome)",
     "ALT < 3X the ULN (upper limit for normal) of the site laboratory (< 5X the ULN in case of liver involvement)"],
)
def test_parentheses_side_by_side_and_a_written_out_limit_in_parentheses(body):
    (node,) = [n for n in _thresholds(body)]
    (alternative,) = node.alternatives
    assert alternative.relative_to == "ULN" and alternative.value in (3.0, 5.0)


# --- an age right after a sex written with a person word --------------------------------------------


@pytest.mark.parametrize(
    ("body", "low"),
    [("Male or female patients >= 21 years", 21.0),
     ("Male or female patients at least 40 years at the time of screening", 40.0),
     ("Women and Men, >= 30 years at the time of screening", 30.0)],
)
def test_an_age_after_a_sex_and_a_person_word(body, low):
    (age,) = [n for n in _nodes(body, "Inclusion") if n.kind == "age"]
    assert age.low.value == low and age.low.unit == "year" and age.low.inclusive


def test_a_time_after_a_sex_that_is_no_age_stays_a_time():
    nodes = _nodes("Women with >= 3 years of infertility", "Inclusion")
    assert not [n for n in nodes if n.kind == "age"]


# --- how long a state that lasts has gone on -------------------------------------------------------------


def _lasting(body: str):
    return [(n.name, n.window.low, n.window.high, n.window.unit) for n in _nodes(body, "Inclusion")
            if n.kind in ("reproductive", "condition") and n.window is not None and n.window.relation == "lasting"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Women must be post-menopausal >= 2 years, or surgically sterile", ("postmenopausal", 2.0, None, "year")),
        ("Female subjects at least 1 year post-menopausal", ("postmenopausal", 1.0, None, "year")),
        ("Postmenopausal (>= 12 months without menses)", ("postmenopausal", 12.0, None, "month")),
        ("Women less than 5 years postmenopausal", ("postmenopausal", None, 5.0, "year")),
        ("Amenorrhea more than 6 months", ("amenorrhea", 6.0, None, "month")),
    ],
)
def test_a_bare_time_beside_a_state_that_lasts_says_how_long(body, expected):
    assert _lasting(body) == [expected]


def test_a_bare_time_beside_any_other_event_is_not_read_as_how_long():
    assert not _lasting("Myocardial infarction <= 6 months")
    assert not [n for n in _nodes("Women less than 5 years postmenopausal", "Inclusion") if n.kind == "age"]


# --- a measure named in parentheses, then what of it is measured ----------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Montgomery-Asberg Depression Rating Scale (MADRS) total score >= 22", ("madrs", ">=", 22.0)),
        ("Cluster of differentiation 4 (CD4+) T cell count >= 300 cells/uL", ("cd4", ">=", 300.0)),
        ("static Physician's Global Assessment (sPGA) score of >= 2", ("spga", ">=", 2.0)),
    ],
)
def test_a_measure_named_in_parentheses_then_its_score_or_count(body, expected):
    assert [(n.analyte, n.op, n.value) for n in _thresholds(body)] == [expected]


def test_words_after_the_parentheses_that_name_another_measure_are_not_read():
    assert not _thresholds("Physician's Global Assessment (PGA) Mayo subscore of at least 2")


# --- fixes found reading the new readings ---------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    ["ALP >= 2 times the ULRR (or >= 4 times the ULRR in the presence of bone metastases)",
     "AST < 3 x the upper limits of institutional normal (< 5 x ULN for patients with liver involvement)"],
)
def test_other_names_of_the_upper_limit_of_normal(body):
    (node,) = _thresholds(body)
    assert node.relative_to == "ULN" and node.alternatives[0].relative_to == "ULN"


def test_a_ratio_named_in_parentheses_is_not_the_analyte_before_it():
    assert not [n for n in _thresholds("Urine protein-creatinine ratio (UPC ratio) < 2.0") if n.analyte == "creatinine"]


def test_a_cell_count_per_cubic_millimetre_written_apart():
    (node,) = _thresholds("CD4+ (CD4+) cell count < 250 cells/ cubic millimeter")
    assert (node.analyte, node.unit) == ("cd4", "1/mm^3")


def test_a_time_between_an_event_and_an_anchor_is_of_the_event_after_between():
    found = _windows("If no radiotherapy is given, no more than 10 weeks between the date of surgery and the "
                     "date of randomization")
    assert ("procedure", "surgery", False, None, 10.0, "week", "randomization") in found
    assert not [w for w in found if w[1] == "radiotherapy"]


def test_a_bound_per_case_with_the_case_in_parentheses_is_not_either_bound():
    nodes = _thresholds("ALT > 2.5 x ULRR (without liver metastases) or > 5 x ULRR (with liver metastases)", "Exclusion")
    assert [n.value for n in nodes] == [2.5]  # the second bound is left unread, never "either" for everyone
