"""criteria.sql: the compiled query, run on small hand-made OMOP CDM databases (docs/sql.md)."""

from datetime import date

import pytest

duckdb = pytest.importorskip("duckdb")
sqlglot = pytest.importorskip("sqlglot")

import criteria  # noqa: E402
import criteria.sql  # noqa: E402
from criteria.errors import InputTypeError, InputValueError  # noqa: E402
from criteria.tree.nodes import RULE_CLASSES  # noqa: E402
from criteria.sql.rules import registered_kinds  # noqa: E402
from criteria.sql.synthetic import Omop, generate, write_csv, write_duckdb  # noqa: E402

AS_OF = date(2026, 11, 25)
TEXT = """Inclusion Criteria:

* Age ≥ 18 years
* Platelet count ≥ 100 x 10^9/L
* Total bilirubin ≤ 1.5 × ULN

Exclusion Criteria:

* History of myocardial infarction
* Major surgery within 28 days prior to the first dose
* Willing to wear a tracker
"""
HEART_ATTACK, MI_CHILD, PLATELETS, SURGERY, PER_UL, BILI, UMOL = 10, 11, 20, 30, 40, 21, 41


def vocabulary(omop: Omop) -> Omop:
    for row in [
        (HEART_ATTACK, "Myocardial infarction", "Condition", "SNOMED", "Clinical Finding", "S", "22298006"),
        (MI_CHILD, "Old posterior wall infarct", "Condition", "SNOMED", "Clinical Finding", "S", "1"),
        (PLATELETS, "Platelets [#/volume] in Blood", "Measurement", "LOINC", "Lab Test", "S", "777-3"),
        (BILI, "Bilirubin.total [Mass/volume] in Serum or Plasma", "Measurement", "LOINC", "Lab Test", "S", "1975-2"),
        (SURGERY, "Major surgery", "Procedure", "SNOMED", "Procedure", "S", "2"),
        (PER_UL, "/uL", "Unit", "UCUM", "Unit", "S", "/uL"),
        (UMOL, "umol/L", "Unit", "UCUM", "Unit", "S", "umol/L"),
    ]:
        omop.add("concept", *row)
    omop.add("concept_ancestor", HEART_ATTACK, MI_CHILD, 1, 1)
    return omop


def person(omop: Omop, pid: int, born: date, observed: bool = True, gender: int = 8507) -> None:
    omop.add("person", pid, gender, born.year, born.month, born.day, None)
    if observed:
        omop.add("observation_period", pid, pid, date(2000, 1, 1), date(2030, 1, 1))


def run(omop: Omop, text: str = TEXT, **options):
    return compiled_rows(omop, text, **options)[1]


def compiled_rows(omop: Omop, text: str = TEXT, **options):
    """The compiled query and its result, person id → column → value."""
    con = duckdb.connect()
    write_duckdb(con, omop)
    compiled = criteria.sql.compile(criteria.parse_criteria(text), as_of=AS_OF, **options)
    cursor = con.execute(compiled.sql)
    names = [d[0] for d in cursor.description]
    return compiled, {row[0]: dict(zip(names, row)) for row in cursor.fetchall()}


@pytest.fixture
def cdm() -> Omop:
    omop = vocabulary(Omop())
    person(omop, 1, date(1960, 5, 1))  # eligible: platelets in /uL, nothing excluding
    omop.add("measurement", 1, 1, PLATELETS, date(2026, 11, 1), 150000.0, PER_UL, None, None)
    omop.add("measurement", 2, 1, BILI, date(2026, 11, 1), 30.0, UMOL, 5.0, 21.0)  # 1.43 × ULN
    person(omop, 2, date(2008, 11, 26))  # 18 tomorrow: too young
    person(omop, 3, date(1950, 1, 1))  # a descendant of myocardial infarction
    omop.add("condition_occurrence", 1, 3, MI_CHILD, date(2010, 1, 1), None)
    person(omop, 4, date(1950, 1, 1), observed=False)  # outside any observation period: absence is unknown
    person(omop, 5, date(1950, 1, 1))  # surgery 28 days ago (in) vs 29 days (out) for person 6
    omop.add("procedure_occurrence", 1, 5, SURGERY, date(2026, 10, 28))
    person(omop, 6, date(1950, 1, 1))
    omop.add("procedure_occurrence", 2, 6, SURGERY, date(2026, 10, 27))
    return omop


def test_one_row_per_person_with_status_and_three_valued_criteria(cdm):
    compiled, rows = compiled_rows(cdm)
    assert sorted(rows) == [1, 2, 3, 4, 5, 6]
    first = rows[1]
    assert (first["I1"], first["I2"], first["I3"], first["E1"], first["E2"]) == (True, True, True, False, False)
    assert first["E3"] is None and "not understood" in compiled.reason_texts[first["E3_reason"]]
    assert first["status"] == "unknown"  # E3 is not understood, as in the evaluator


def test_ages_windows_descendants_and_closed_world(cdm):
    rows = run(cdm)
    assert rows[2]["I1"] is False and rows[2]["status"] == "ineligible"
    assert rows[3]["E1"] is True  # "Old posterior wall infarct" through concept_ancestor
    assert rows[4]["E1"] is None and rows[6]["E1"] is False  # observed: absence is "no"
    assert rows[5]["E2"] is True and rows[6]["E2"] is False  # 28 days ago is within 28 days; 29 is not


def test_the_best_row_wins_and_the_latest_lab_row_is_read(cdm):
    """Packed per-person codes (two bits a question, BIT_OR over rows) read as MAX over the rows:
    one surgery in the window among older ones is met; a lab bound reads the latest row only."""
    person(cdm, 7, date(1950, 1, 1))
    for k, when in enumerate((date(2020, 1, 1), date(2026, 11, 1), date(2019, 5, 5))):
        cdm.add("procedure_occurrence", 10 + k, 7, SURGERY, when)
    cdm.add("measurement", 10, 7, PLATELETS, date(2026, 10, 1), 50000.0, PER_UL, None, None)  # older, low
    cdm.add("measurement", 11, 7, PLATELETS, date(2026, 11, 20), 150000.0, PER_UL, None, None)  # latest, in bound
    person(cdm, 8, date(1950, 1, 1))
    cdm.add("measurement", 12, 8, PLATELETS, date(2026, 11, 20), 150000.0, PER_UL, None, None)
    cdm.add("measurement", 13, 8, PLATELETS, date(2026, 11, 20), 50000.0, PER_UL, None, None)  # same day, larger id
    rows = run(cdm)
    assert rows[7]["E2"] is True and rows[7]["I2"] is True
    assert rows[8]["I2"] is False  # equal dates: the larger id is the later, as the evaluator's last listed


def test_the_query_gathers_each_table_in_few_aggregates():
    """The shape bench-sql depends on (docs/sql.md, Speed): per table a few packed BIT_OR
    columns, not one MAX per leaf; DuckDB's LEAST/GREATEST without NULL-guarding CASEs."""
    from pathlib import Path

    text = (Path(__file__).parents[1] / "examples" / "NCT06893783.txt").read_text(encoding="utf-8")
    compiled = criteria.sql.compile(criteria.parse_criteria(text), as_of=AS_OF, reasons=False)
    steps = {cte.alias: cte.this for cte in compiled.expression.args["with_"].expressions}
    condition = steps["condition_agg"]
    packed = [e for e in condition.expressions if isinstance(e.unalias(), sqlglot.exp.BitwiseOrAgg)]
    assert 1 <= len(packed) <= 4 and len(condition.expressions) == len(packed) + 1
    assert not list(condition.find_all(sqlglot.exp.Max))
    assert "IS NULL THEN NULL ELSE LEAST" not in compiled.sql and "IS NULL THEN NULL ELSE GREATEST" not in compiled.sql


def test_concept_sets_can_be_overridden(cdm):
    rows = run(cdm, concept_sets={"myocardial_infarction": [HEART_ATTACK]})
    assert rows[3]["E1"] is False  # the descendant is no longer in the set


def test_a_window_reaching_before_the_observation_period_is_unknown():
    omop = vocabulary(Omop())
    person(omop, 1, date(1950, 1, 1), observed=False)
    omop.add("observation_period", 1, 1, date(2026, 11, 10), date(2030, 1, 1))  # began 15 days ago
    person(omop, 2, date(1950, 1, 1))
    rows = run(omop)
    assert rows[1]["E2"] is None and rows[2]["E2"] is False


def test_birth_year_alone_gives_an_age_interval():
    omop = vocabulary(Omop())
    omop.add("person", 1, 8532, 2008, None, None, None)  # 17 or 18 on 2026-11-25
    omop.add("person", 2, 8532, 2000, None, None, None)  # 25 or 26: surely ≥ 18
    rows = run(omop)
    assert rows[1]["I1"] is None and rows[2]["I1"] is True


def test_runs_on_plain_tables_made_from_csv(cdm, tmp_path):
    """As a user would: duckdb.connect(), tables from the CSVs, con.execute(sql)."""
    write_csv(cdm, tmp_path)
    con = duckdb.connect()
    for path in tmp_path.glob("*.csv"):
        con.execute(f"CREATE TABLE {path.stem} AS SELECT * FROM read_csv_auto('{path}')")
    compiled = criteria.sql.compile(criteria.parse_criteria(TEXT), as_of=AS_OF)
    rows = con.execute(compiled.sql).fetchall()
    assert len(rows) == 6


def test_schemas_qualify_the_tables(cdm):
    con = duckdb.connect()
    write_duckdb(con, cdm, schema="cdm")
    compiled = criteria.sql.compile(criteria.parse_criteria(TEXT), as_of=AS_OF, cdm_schema="cdm", vocab_schema="cdm")
    assert "cdm.person" in compiled.sql
    assert len(con.execute(compiled.sql).fetchall()) == 6


@pytest.mark.parametrize("dialect", criteria.sql.DIALECTS)
def test_every_dialect_is_written_and_reads_back(dialect):
    tree = criteria.parse_criteria(TEXT + "* Prior platinum chemotherapy within 6 months\n* ECOG 0-1\n")
    compiled = criteria.sql.compile(tree, dialect=dialect, as_of=AS_OF)
    assert compiled.dialect == dialect and compiled.sql.startswith("WITH")
    assert sqlglot.parse_one(compiled.sql, read=dialect) is not None


def test_every_rule_kind_has_a_compiler():
    kinds = {cls.model_fields["kind"].default for cls in RULE_CLASSES}
    assert kinds <= registered_kinds()


def test_what_cannot_be_expressed_is_listed_per_criterion():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Life expectancy of at least 12 weeks\n* Willing to wear a tracker\n")
    compiled = criteria.sql.compile(tree, as_of=AS_OF)
    assert compiled.reasons["I1"] == ("life expectancy is not recorded in the OMOP CDM",)
    assert "not understood" in compiled.reasons["I2"][0]


COHORTS = """Inclusion Criteria:

* Cohort A: age 65 years or older
  * ECOG 0-1
  * Willing to wear a tracker
* Cohort B: age under 65 years
  * ECOG 0-2
  * Life expectancy of at least 12 weeks

Exclusion Criteria:

* Unable to give informed consent
"""  # each person is in one cohort (by age): the other's criteria are not applicable


def test_reason_codes_map_back_to_the_compilers_texts():
    """Each reason cell is a code; its text is "not applicable" exactly where the verdict code is
    3, and the criterion's CompiledSQL.reasons (joined) exactly where it is 1 and there are some.
    Also in SQL: joined with reason_table(), the texts come back."""
    tree = criteria.parse_criteria(COHORTS)
    omop, _ = generate([tree], 300, seed=3, as_of=AS_OF)
    con = duckdb.connect()
    write_duckdb(con, omop)
    compiled = criteria.sql.compile(tree, as_of=AS_OF)
    codes = criteria.sql.compile(tree, as_of=AS_OF, output="codes")
    assert compiled.criteria == codes.criteria and len(set(compiled.reason_texts.values())) == len(compiled.reason_texts)
    verdicts = {r[0]: r for r in con.execute(codes.sql).fetchall()}
    cursor = con.execute(compiled.sql)
    names = [d[0] for d in cursor.description]
    seen = set()
    for row in cursor.fetchall():
        cells, verdict = dict(zip(names, row)), dict(zip(["person_id", "status", *codes.criteria], verdicts[row[0]]))
        for ident in compiled.criteria:
            code = cells.get(f"{ident}_reason")
            text = compiled.reason_texts[code] if code is not None else None
            if verdict[ident] == 3 and f"{ident}_reason" in cells:
                expected = "not applicable"
            elif verdict[ident] == 1 and ident in compiled.reasons:
                expected = "; ".join(compiled.reasons[ident])
            else:
                expected = None
            assert text == expected, (row[0], ident, verdict[ident])
            seen.add(expected)
    assert seen - {None} == set(compiled.reason_texts.values()) and len(seen) == 5  # every code is used
    table = dict(con.execute(compiled.reason_table()).fetchall())
    assert table == compiled.reason_texts
    first = next(i for i in compiled.criteria if i in compiled.reasons)  # I1.2, in cohort A
    joined = con.execute(
        f'SELECT v.person_id, r.reason FROM ({compiled.sql}) AS v '
        f'JOIN ({compiled.reason_table()}) AS r ON r.code = v."{first}_reason"'
    ).fetchall()
    assert {reason for _, reason in joined} == {"not applicable", "; ".join(compiled.reasons[first])}


def test_a_text_not_understood_has_the_evaluators_reason():
    """The SQL's reason for text not understood is the evaluator's, word for word (both use
    criteria.evaluate.evaluator.not_understood; a long text is shortened the same way)."""
    from criteria.evaluate import Patient

    long = "Willing to wear an activity tracker " + "and to keep it on for an hour " * 3
    tree = criteria.parse_criteria(f"Inclusion Criteria:\n\n* {long}\n* Within 4 weeks\n")
    compiled = criteria.sql.compile(tree, as_of=AS_OF)
    evaluation = criteria.compile(tree).evaluate(Patient.model_validate({}), AS_OF)
    said = {c.id: c.reason for c in evaluation.criteria}
    assert set(compiled.reasons) == {"I1", "I2"}
    for ident, reasons in compiled.reasons.items():
        assert reasons == (said[ident],)
    assert "…" in said["I1"] and "time window" in said["I2"]
    assert sorted(compiled.reason_texts.values()) == sorted(said.values())


def test_the_reason_table_is_written_in_every_dialect_and_empty_without_reasons():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Life expectancy of at least 12 weeks\n* Willing to wear a tracker\n")
    compiled = criteria.sql.compile(tree, as_of=AS_OF)
    assert compiled.reason_texts == {1: "life expectancy is not recorded in the OMOP CDM",
                                     2: "not understood: 'Willing to wear a tracker' (no rule matched)"}
    for dialect in criteria.sql.DIALECTS:
        assert sqlglot.parse_one(compiled.reason_table(dialect), read=dialect) is not None
    assert "'Willing to wear a tracker'" in compiled.reason_table("bigquery").replace("\\'", "'")
    lean = criteria.sql.compile(tree, as_of=AS_OF, reasons=False)
    assert lean.reason_texts == {} and "_reason" not in lean.sql
    assert duckdb.sql(lean.reason_table()).fetchall() == []
    assert criteria.sql.compile(tree, as_of=AS_OF, output="codes").reason_texts == {}


def test_bad_arguments_are_typed_errors():
    tree = criteria.parse_criteria("Inclusion Criteria:\n\n* Age ≥ 18 years\n")
    with pytest.raises(InputTypeError):
        criteria.sql.compile("Age ≥ 18", as_of=AS_OF)
    with pytest.raises(InputValueError):
        criteria.sql.compile(tree, dialect="oracle-ish", as_of=AS_OF)


def test_a_bare_number_bound_reads_in_the_measure_s_unit_as_the_evaluator_does(cdm):
    """"Platelet count ≥ 100": near the platelets' range in 10^9/L, so read in it (labs.bare_number_unit)."""
    rows = run(cdm, "Inclusion Criteria:\n\n* Platelet count ≥ 100\n* Platelet count ≥ 200\n")
    assert rows[1]["I1"] is True and rows[1]["I2"] is False  # 150,000 /µL = 150 × 10^9/L
    assert rows[2]["I1"] is None  # no platelet count


def test_a_condition_defined_by_a_range_settles_nothing_in_the_cdm_as_in_its_profile(cdm):
    """Only an active record of tachycardia settles a heart-rate bound (criteria.evaluate.implied);
    a condition_occurrence never says its condition is ongoing (no end date is "status unknown"),
    so the query leaves the bound unknown, as the evaluator does on the profile the row becomes."""
    tachycardia = 50
    cdm.add("concept", tachycardia, "Tachycardia", "Condition", "SNOMED", "Clinical Finding", "S", "3424008")
    cdm.add("condition_occurrence", 9, 1, tachycardia, date(2026, 11, 1), None)
    text = "Inclusion Criteria:\n\n* Heart rate ≥ 90 bpm\n"
    assert run(cdm, text)[1]["I1"] is None
    tree = criteria.parse_criteria(text)
    as_row = {"age": 66, "sex": "male", "conditions": [{"name": "Tachycardia", "onset": "2026-11-01"}]}
    active = {"age": 66, "sex": "male", "conditions": [{"name": "Tachycardia", "status": "active"}]}
    assert criteria.evaluate(tree, as_row, AS_OF).criteria[0].verdict.value == "unknown"
    assert criteria.evaluate(tree, active, AS_OF).criteria[0].verdict.value == "met"


def test_other_malignancy_is_any_cancer_but_the_trial_s_own_as_the_evaluator_reads_it():
    """criteria.evaluate.other: a lung cancer trial's "other malignancy" is a breast cancer, not the
    lung cancer itself; the query and the evaluator read the same rows so."""
    lung, breast = 60, 61
    omop = Omop()
    omop.add("concept", lung, "Non-small cell lung cancer", "Condition", "SNOMED", "Clinical Finding", "S", "254637007")
    omop.add("concept", breast, "Malignant tumor of breast (breast cancer)", "Condition", "SNOMED", "Clinical Finding", "S", "254837009")
    for pid, concepts in ((1, (lung,)), (2, (lung, breast)), (3, ())):
        person(omop, pid, date(1960, 1, 1))
        for k, concept in enumerate(concepts):
            omop.add("condition_occurrence", 10 * pid + k, pid, concept, date(2025, 6, 1), None)
    text = ("Inclusion Criteria:\n\n* Non-small cell lung cancer\n\n"
            "Exclusion Criteria:\n\n* Other malignancy within the past 5 years\n")
    rows = run(omop, text)
    assert (rows[1]["E1"], rows[2]["E1"], rows[3]["E1"]) == (False, True, False)
    tree = criteria.parse_criteria(text)
    for pid, names in ((1, ["Non-small cell lung cancer"]), (2, ["Non-small cell lung cancer", "Malignant tumor of breast (breast cancer)"])):
        profile = {"birth_date": "1960-01-01", "conditions": [{"name": n, "onset": "2025-06-01"} for n in names],
                   "complete": ["conditions"]}
        verdict = criteria.evaluate(tree, profile, AS_OF).verdict("E1").value
        assert verdict == {1: "not_met", 2: "met"}[pid]


def test_a_man_is_not_pregnant_whatever_his_records_say_as_the_evaluator_reads_it():
    """A record of pregnancy on a man is an error of the record: both engines ask the sex first
    (a difference the synthetic parity run found)."""
    gestation = 70
    omop = Omop()
    omop.add("concept", gestation, "Multifetal gestation of uterus", "Condition", "SNOMED", "Clinical Finding", "S", "16356006")
    for pid, gender in ((1, 8507), (2, 8532)):
        person(omop, pid, date(1990, 1, 1), gender=gender)
        omop.add("condition_occurrence", pid, pid, gestation, date(2026, 10, 1), None)
    text = "Exclusion Criteria:\n\n* Pregnant or lactating patients\n"
    rows = run(omop, text)
    assert (rows[1]["E1"], rows[2]["E1"]) == (False, True)
    tree = criteria.parse_criteria(text)
    for sex, expected in (("male", "not_met"), ("female", "met")):
        profile = {"birth_date": "1990-01-01", "sex": sex, "conditions": [{"name": "Multifetal gestation of uterus", "onset": "2026-10-01"}]}
        assert criteria.evaluate(tree, profile, AS_OF).verdict("E1").value == expected


def test_a_current_pregnancy_settles_a_pregnancy_tests_result_as_the_evaluator_reads_it():
    """criteria.evaluate.statements.PREGNANCY_TEST_RESULTS: a pregnant woman tests positive; a man, a
    woman of 67 or a woman with no record has no result to read."""
    gestation = 70
    omop = Omop()
    omop.add("concept", gestation, "Pregnancy", "Condition", "SNOMED", "Clinical Finding", "S", "77386006")
    for pid, born, gender in ((1, date(1990, 1, 1), 8532), (2, date(1990, 1, 1), 8532), (3, date(1959, 1, 1), 8532),
                              (4, date(1990, 1, 1), 8507)):
        person(omop, pid, born, gender=gender)
    omop.add("condition_occurrence", 1, 1, gestation, date(2026, 10, 1), None)
    text = "Inclusion Criteria:\n\n* Negative pregnancy test\n\nExclusion Criteria:\n\n* Positive pregnancy test\n"
    rows = run(omop, text)
    assert [(rows[p]["I1"], rows[p]["E1"]) for p in (1, 2, 3, 4)] == [(False, True), (None, None), (None, None), (None, None)]
    tree = criteria.parse_criteria(text)
    for born, sex, conditions, expected in (
            ("1990-01-01", "female", [{"name": "Pregnancy", "onset": "2026-10-01"}], ("not_met", "met")),
            ("1990-01-01", "female", [], ("unknown", "unknown")), ("1959-01-01", "female", [], ("unknown", "unknown")),
            ("1990-01-01", "male", [], ("unknown", "unknown"))):
        result = criteria.evaluate(tree, {"birth_date": born, "sex": sex, "conditions": conditions}, AS_OF)
        assert (result.verdict("I1").value, result.verdict("E1").value) == expected


def _second_person_with(concept: int, name: str, snomed: str, onset: date) -> Omop:
    """Two persons born in 1960; the second has one condition (``concept``, SNOMED ``snomed``) from ``onset``."""
    omop = Omop()
    omop.add("concept", concept, name, "Condition", "SNOMED", "Clinical Finding", "S", snomed)
    person(omop, 1, date(1960, 1, 1))
    person(omop, 2, date(1960, 1, 1))
    omop.add("condition_occurrence", 1, 2, concept, onset, None)
    return omop


def test_a_capability_is_the_absence_of_its_denying_conditions_as_the_evaluator_reads_it():
    """criteria.evaluate.capability: "able to swallow tablets" holds unless dysphagia is recorded."""
    omop = _second_person_with(80, "Dysphagia", "40739000", date(2026, 6, 1))
    text = "Inclusion Criteria:\n\n* Able to swallow tablets\n\nExclusion Criteria:\n\n* Inability to swallow capsules\n"
    rows = run(omop, text)
    assert (rows[1]["I1"], rows[1]["E1"], rows[2]["I1"], rows[2]["E1"]) == (True, False, False, True)
    tree = criteria.parse_criteria(text)
    for conditions, expected in (([], ("met", "not_met")), ([{"name": "Dysphagia", "onset": "2026-06-01"}], ("not_met", "met"))):
        profile = {"birth_date": "1960-01-01", "conditions": conditions, "complete": ["conditions"]}
        result = criteria.evaluate(tree, profile, AS_OF)
        assert (result.verdict("I1").value, result.verdict("E1").value) == expected


def test_no_one_aged_60_or_more_is_pregnant_as_the_evaluator_reads_it():
    """criteria.evaluate.statements.PAST_CHILDBEARING_AGE: a woman of 67 is postmenopausal as
    trials define it (not pregnant, breastfeeding or of childbearing potential), whatever her
    records say; a woman of 32 with no record stays unknown."""
    omop = Omop()
    person(omop, 1, date(1959, 1, 1), gender=8532)
    person(omop, 2, date(1994, 1, 1), gender=8532)
    text = "Exclusion Criteria:\n\n* Pregnancy\n* Breastfeeding\n* Women of childbearing potential\n"
    rows = run(omop, text)
    assert (rows[1]["E1"], rows[1]["E2"], rows[1]["E3"]) == (False, False, False)
    assert (rows[2]["E1"], rows[2]["E2"]) == (None, None)
    tree = criteria.parse_criteria(text)
    for born, expected in (("1959-01-01", ("not_met", "not_met", "not_met")), ("1994-01-01", ("unknown", "unknown", "unknown"))):
        result = criteria.evaluate(tree, {"birth_date": born, "sex": "female"}, AS_OF)
        assert tuple(result.verdict(i).value for i in ("E1", "E2", "E3")) == expected


def test_a_plan_to_become_pregnant_is_settled_by_sex_and_age_alone_as_the_evaluator_reads_it():
    """criteria.evaluate.statements.INFERRED_ONLY: a man, or a woman of 60 or more, plans no
    pregnancy; for a younger woman no record says, however complete."""
    omop = Omop()
    person(omop, 1, date(1990, 1, 1), gender=8507)
    person(omop, 2, date(1959, 1, 1), gender=8532)
    person(omop, 3, date(1994, 1, 1), gender=8532)
    text = "Exclusion Criteria:\n\n* Women planning to become pregnant\n"
    rows = run(omop, text)
    assert (rows[1]["E1"], rows[2]["E1"], rows[3]["E1"]) == (False, False, None)
    tree = criteria.parse_criteria(text)
    for sex, born, expected in (("male", "1990-01-01", "not_met"), ("female", "1959-01-01", "not_met"),
                                ("female", "1994-01-01", "unknown")):
        profile = {"birth_date": born, "sex": sex, "conditions": [], "complete": ["conditions"]}
        assert criteria.evaluate(tree, profile, AS_OF).verdict("E1").value == expected


def test_a_relatives_condition_is_unknown_in_the_cdm_as_in_a_profile():
    """A family history (status ``family``) is no row of the person's own condition_occurrence."""
    omop = _second_person_with(90, "Pancreatitis", "75694006", date(2020, 6, 1))
    text = "Exclusion Criteria:\n\n* Family history of pancreatitis\n"
    rows = run(omop, text)
    assert rows[1]["E1"] is None and rows[2]["E1"] is None
    compiled = criteria.sql.compile(criteria.parse_criteria(text), as_of=AS_OF)
    reason = criteria.evaluate(criteria.parse_criteria(text), {"birth_date": "1960-01-01"}, AS_OF).criteria[0].reason
    assert compiled.reasons["E1"] == (reason,)


def test_any_other_condition_is_any_record_but_the_trial_s_own_as_the_evaluator_reads_it():
    """criteria.evaluate.events.read_by_its_words: "any other serious medical condition" may be any
    record of a condition (unknown), but the trial's own disease is none; the query reads the same rows."""
    lung, epilepsy = 60, 62
    omop = Omop()
    omop.add("concept", lung, "Non-small cell lung cancer", "Condition", "SNOMED", "Clinical Finding", "S", "254637007")
    omop.add("concept", epilepsy, "Epilepsy", "Condition", "SNOMED", "Clinical Finding", "S", "84757009")
    for pid, concepts in ((1, (lung,)), (2, (lung, epilepsy)), (3, ())):
        person(omop, pid, date(1960, 1, 1))
        for k, concept in enumerate(concepts):
            omop.add("condition_occurrence", 10 * pid + k, pid, concept, date(2025, 6, 1), None)
    text = ("Inclusion Criteria:\n\n* Non-small cell lung cancer\n\n"
            "Exclusion Criteria:\n\n* Any other serious medical condition\n")
    rows = run(omop, text)
    assert (rows[1]["E1"], rows[2]["E1"], rows[3]["E1"]) == (False, None, False)
    tree = criteria.parse_criteria(text)
    for pid, names in ((1, ["Non-small cell lung cancer"]), (2, ["Non-small cell lung cancer", "Epilepsy"])):
        profile = {"birth_date": "1960-01-01", "conditions": [{"name": n, "onset": "2025-06-01"} for n in names],
                   "complete": ["conditions"]}
        verdict = criteria.evaluate(tree, profile, AS_OF).verdict("E1").value
        assert verdict == {1: "not_met", 2: "unknown"}[pid]


def test_a_planned_procedure_is_not_one_done_before_as_the_evaluator_reads_it():
    """"Anticipation of need for major surgery during the study": a surgery dated before the as-of
    date is another one, not the plan (unknown); a surgery booked after it is the plan."""
    omop = vocabulary(Omop())
    for pid, when in ((1, date(2015, 3, 1)), (2, date(2026, 12, 20))):
        person(omop, pid, date(1960, 1, 1))
        omop.add("procedure_occurrence", pid, pid, SURGERY, when)
    text = "Exclusion Criteria:\n\n* Anticipation of need for major surgery during the study\n"
    rows = run(omop, text)
    assert (rows[1]["E1"], rows[2]["E1"]) == (None, True)
    tree = criteria.parse_criteria(text)
    for when, expected in (("2015-03-01", "unknown"), ("2026-12-20", "met")):
        profile = {"birth_date": "1960-01-01", "procedures": [{"name": "Major surgery", "date": when}],
                   "complete": ["procedures"]}
        assert criteria.evaluate(tree, profile, AS_OF).verdict("E1").value == expected
