"""Issue 12: counts of cycles of a prior therapy ("at least 2 cycles of lenalidomide").

A count of cycles is a ``prior_therapy`` count whose ``count_unit`` is ``cycle``; a count of lines or
regimens has ``line``. The two never compare. Plans ("planning to receive up to 6 cycles") are not
history and stay unread. Sentences are our own, in ClinicalTrials.gov API v2 form.
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

import criteria
from criteria import parse_criteria
from criteria.tree.nodes import PriorTherapy

AS_OF = date(2026, 11, 25)


def _counts(body: str, section: str = "Inclusion") -> list[tuple]:
    tree = parse_criteria(f"{section} Criteria:\n\n{body}\n")
    return sorted(
        (n.name, n.count_op, n.count, n.count_unit)
        for c in tree.criteria() for n in (c.rule.walk() if c.rule else ())
        if n.kind == "prior_therapy" and n.count is not None
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("* Has received at least 3 cycles of standard chemotherapy", [("chemotherapy", ">=", 3, "cycle")]),
        ("* Must have completed up to 4 cycles of docetaxel in the adjuvant setting",
         [("docetaxel", "<=", 4, "cycle")]),
        ("* Previously treated with at least 2 cycles of bortezomib and at least 3 cycles of lenalidomide",
         [("bortezomib", ">=", 2, "cycle"), ("lenalidomide", ">=", 3, "cycle")]),
        ("* No more than 4 cycles of the previous chemotherapy", [("chemotherapy", "<=", 4, "cycle")]),
        ("* Persistent disease following at least 3 cycles of neoadjuvant chemotherapy",
         [("chemotherapy", ">=", 3, "cycle")]),
        ("* Prior paclitaxel (≤ 4 cycles) is allowed", [("paclitaxel", "<=", 4, "cycle")]),
        ("* Prior carboplatin treatment for at least 3 cycles", [("carboplatin", ">=", 3, "cycle")]),
        ("* Received more than 1 cycle of azacitidine", [("azacitidine", ">", 1, "cycle")]),
    ],
)
def test_a_count_of_cycles_received_is_a_prior_therapy_counted_in_cycles(body, expected):
    assert _counts(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "* Planning to receive up to 4 cycles of chemotherapy",
        "* Expected to complete at least 3 cycles of docetaxel",
        "* Scheduled to receive at least 2 cycles of carboplatin after surgery",
        "* Patients who will receive 4 cycles of cisplatin",
        "* Received carboplatin. Patients must be able to complete at least 3 cycles of docetaxel",
    ],
)
def test_cycles_still_to_come_are_no_prior_therapy_count(body):
    assert _counts(body) == []


@pytest.mark.parametrize(
    "body",
    [
        "* Prior surgery; contraception for at least 1 cycle after the last dose",  # no therapy named
        "* Received at least 2 menstrual cycles of records",
        "* Chemotherapy at least 2 cycles",  # nothing says it was received
    ],
)
def test_cycles_of_no_named_therapy_or_not_received_are_not_counted(body):
    assert [c for c in _counts(body) if c[3] == "cycle"] == []


def test_cycles_of_treatment_count_any_systemic_therapy():
    assert _counts("* Has received at least 2 cycles of treatment") == [("systemic_therapy", ">=", 2, "cycle")]


def test_lines_and_regimens_stay_counts_of_lines():
    assert _counts("* More than 2 prior regimens of chemotherapy") == [("chemotherapy", ">", 2, "line")]
    assert _counts("* At least 1 prior line of systemic therapy") == [("systemic_therapy", ">=", 1, "line")]


def test_the_unit_comes_with_the_count_and_only_with_it():
    assert PriorTherapy(name="chemotherapy", count_op=">", count=2).count_unit == "line"  # what a count meant
    with pytest.raises(ValidationError):
        PriorTherapy(name="chemotherapy", count_unit="cycle")
    with pytest.raises(ValidationError):
        PriorTherapy(name="chemotherapy", count_op=">", count=2, count_unit="course")


def test_records_and_english_say_cycles():
    tree = parse_criteria("Inclusion Criteria:\n\n* Has received at least 3 cycles of docetaxel\n")
    (record,) = [r for r in tree.to_records() if r["kind"] == "prior_therapy"]
    assert (record["count_op"], record["count"], record["count_unit"]) == (">=", 3, "cycle")
    assert "at least 3 cycles of docetaxel" in criteria.render(tree, "patient")
    assert "≥ 3 cycles" in criteria.render(tree, "clinician")
    lines = parse_criteria("Inclusion Criteria:\n\n* More than 2 prior regimens of chemotherapy\n")
    assert "more than 2 earlier lines of chemotherapy" in criteria.render(lines, "patient")


DOCETAXEL_3 = "Inclusion Criteria:\n\n* Has received at least 3 cycles of docetaxel\n"


@pytest.mark.parametrize(
    ("therapies", "complete", "expected"),
    [
        ([{"name": "docetaxel", "cycles": 4}], False, "met"),
        ([{"name": "docetaxel", "cycles": 2}, {"name": "docetaxel", "cycles": 2}], False, "met"),  # summed
        ([{"name": "docetaxel", "cycles": 2}], True, "not_met"),
        ([{"name": "docetaxel", "cycles": 2}], False, "unknown"),  # more may be missing
        ([{"name": "docetaxel"}], True, "unknown"),  # received, cycles not said: never met from silence
        ([{"name": "docetaxel", "line": 1}, {"name": "docetaxel", "line": 2}, {"name": "docetaxel", "line": 3}],
         True, "unknown"),  # three lines are no number of cycles
        ([{"name": "carboplatin", "cycles": 6}], True, "not_met"),
    ],
)
def test_a_count_of_cycles_evaluates_on_the_cycles_records_state(therapies, complete, expected):
    profile = {"therapies": therapies, "complete": ["therapies"] if complete else []}
    tree = parse_criteria(DOCETAXEL_3)
    assert criteria.evaluate(tree, profile, AS_OF, absence="decides").verdict("I1").value == expected


def test_an_upper_count_of_cycles_needs_every_record_to_state_its_cycles():
    tree = parse_criteria("Exclusion Criteria:\n\n* Has received more than 6 cycles of an anthracycline\n")
    stated = {"therapies": [{"name": "doxorubicin", "classes": ["anthracycline"], "cycles": 4}],
              "complete": ["therapies"]}
    unstated = {"therapies": [{"name": "doxorubicin", "classes": ["anthracycline"]}], "complete": ["therapies"]}
    assert criteria.evaluate(tree, stated, AS_OF).verdict("E1").value == "not_met"
    assert criteria.evaluate(tree, unstated, AS_OF).verdict("E1").value == "unknown"


def test_sql_reads_no_cycles_from_drug_exposure_and_agrees_with_the_evaluator():
    """drug_exposure has no cycles: an exposure leaves the count unknown; none at all in an observed
    person is 0 cycles, as a complete profile with no record of the drug."""
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("sqlglot")
    import criteria.sql
    from criteria.sql.synthetic import Omop, write_duckdb

    drug = 70
    omop = Omop()
    omop.add("concept", drug, "docetaxel", "Drug", "RxNorm", "Ingredient", "S", "72962")
    for pid in (1, 2):
        omop.add("person", pid, 8507, 1960, 1, 1, None)
        omop.add("observation_period", pid, pid, date(2000, 1, 1), date(2030, 1, 1))
    omop.add("drug_exposure", 1, 1, drug, date(2026, 1, 1), date(2026, 3, 1))
    con = duckdb.connect()
    write_duckdb(con, omop)
    tree = parse_criteria(DOCETAXEL_3)
    compiled = criteria.sql.compile(tree, as_of=AS_OF, absence="decides")
    rows = {row[0]: row for row in con.execute(compiled.sql).fetchall()}
    names = [d[0] for d in con.execute(compiled.sql).description]
    column = names.index("I1")
    assert rows[1][column] is None and rows[2][column] is False
    received = {"therapies": [{"name": "docetaxel", "start": "2026-01-01", "end": "2026-03-01"}],
                "complete": ["therapies"]}
    nothing = {"therapies": [], "complete": ["therapies"]}
    assert criteria.evaluate(tree, received, AS_OF, absence="decides").verdict("I1").value == "unknown"
    assert criteria.evaluate(tree, nothing, AS_OF, absence="decides").verdict("I1").value == "not_met"


def test_therapies_counted_without_a_unit_word_are_lines():
    assert _counts("* No more than 1 prior systemic therapy for metastatic disease") == [
        ("systemic_therapy", "<=", 1, "line")]


@pytest.mark.parametrize(
    ("body", "kind", "expected"),
    [
        ("* Has received more than 1 cycle of azacitidine or decitabine", "any_of",
         [("azacitidine", ">", 1, "cycle"), ("decitabine", ">", 1, "cycle")]),
        ("* Has received at least 4 cycles of cisplatin and etoposide", "all_of",
         [("cisplatin", ">=", 4, "cycle"), ("etoposide", ">=", 4, "cycle")]),
    ],
)
def test_a_count_over_a_list_of_therapies_counts_each(body, kind, expected):
    assert _counts(body) == expected
    (criterion,) = parse_criteria(f"Inclusion Criteria:\n\n{body}\n").criteria()
    assert criterion.rule.kind == kind


def test_an_upper_count_over_either_therapy_is_not_read_as_each():
    counts = _counts("* Has received no more than 2 cycles of azacitidine or decitabine")
    assert ("decitabine", "<=", 2, "cycle") not in counts


def test_drugs_of_one_regimen_joined_by_a_slash_each_count():
    (criterion,) = parse_criteria("Inclusion Criteria:\n\n* Received at least 3 cycles of gemcitabine/cisplatin\n").criteria()
    assert criterion.rule.kind == "all_of"
    assert _counts("* Received at least 3 cycles of gemcitabine/cisplatin") == [
        ("cisplatin", ">=", 3, "cycle"), ("gemcitabine", ">=", 3, "cycle")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("* Has received at least 2, but no more than 4 prior therapy regimens", ("systemic_therapy", 2, 4, "line")),
        ("* At least 1 but no more than 3 prior systemic therapies for metastatic disease",
         ("systemic_therapy", 1, 3, "line")),
        ("* Treated with a minimum of 2 and a maximum of 5 prior lines of chemotherapy", ("chemotherapy", 2, 5, "line")),
        ("* Received more than 1 and fewer than 4 prior lines of therapy", ("systemic_therapy", 2, 3, "line")),
    ],
)
def test_a_count_with_both_ends_is_a_range(body, expected):
    tree = parse_criteria(f"Inclusion Criteria:\n\n{body}\n")
    (node,) = [n for c in tree.criteria() for n in c.rule.walk() if n.kind == "prior_therapy" and n.count is not None]
    assert (node.name, node.count, node.count_high, node.count_unit) == expected
    assert f"{expected[1]} to {expected[2]} earlier lines" in criteria.render(tree, "patient")


def test_the_second_end_must_be_an_upper_one_joined_by_and_or_but():
    for body in ("* At least 1 and at least 2 prior lines of therapy", "* At least 3 but no more than 2 prior lines",
                 "* At least 1 so no more than 2 prior lines of therapy"):
        tree = parse_criteria(f"Inclusion Criteria:\n\n{body}\n")
        assert not [n for c in tree.criteria() for n in c.rule.walk()
                    if n.kind == "prior_therapy" and n.count_high is not None]
