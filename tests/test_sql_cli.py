"""``criteria omop-load`` and ``criteria cohort`` on a small synthetic CDM export."""

from datetime import date

import pytest

duckdb = pytest.importorskip("duckdb")

import criteria  # noqa: E402
from criteria.cli import main  # noqa: E402
from criteria.sql.synthetic import generate, write_csv  # noqa: E402

TRIAL = """Inclusion Criteria:

* Age ≥ 18 years
* Life expectancy of at least 12 weeks

Exclusion Criteria:

* History of myocardial infarction
"""


def test_load_then_cohort(tmp_path, capsys):
    tree = criteria.parse_criteria(TRIAL)
    omop, _ = generate([tree], 60, seed=5, as_of=date(2026, 11, 25))
    write_csv(omop, tmp_path / "csv")
    (tmp_path / "trial.txt").write_text(TRIAL, encoding="utf-8")
    db, out = str(tmp_path / "cdm.duckdb"), str(tmp_path / "verdicts.parquet")
    assert main(["omop-load", str(tmp_path / "csv"), db]) == 0
    assert "60 persons" in capsys.readouterr().err
    code = main(["cohort", str(tmp_path / "trial.txt"), "--db", db, "--as-of", "2026-11-25", "--out", out, "--no-progress"])
    printed = capsys.readouterr().out
    assert code == 0 and "60 persons" in printed and "ineligible" in printed
    counts = dict(duckdb.sql(f"SELECT status, count(*) FROM '{out}' GROUP BY status").fetchall())
    assert sum(counts.values()) == 60
    assert "I1" in printed  # persons under 18 are ruled out by I1
    texts = str(tmp_path / "verdicts.reasons.parquet")
    assert texts in printed
    why = duckdb.sql(f'''SELECT DISTINCT r.reason FROM '{out}' v JOIN '{texts}' r ON r.code = v."I2_reason"''').fetchall()
    assert why == [("life expectancy is not recorded in the OMOP CDM",)]


def test_cohort_without_a_database_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "trial.txt").write_text(TRIAL, encoding="utf-8")
    code = main(["cohort", str(tmp_path / "trial.txt"), "--db", str(tmp_path / "none.duckdb"), "--as-of", "2026-11-25"])
    assert code == 1 and "file not found" in capsys.readouterr().err


def test_the_loader_types_columns_by_cdm_conventions(tmp_path):
    """Upper-case headers (as GiBleed writes them), gzip, an empty table: typed all the same."""
    import gzip

    from criteria.sql.load import load_csv_dir

    with gzip.open(tmp_path / "PERSON.csv.gz", "wt", encoding="utf-8") as handle:
        handle.write("PERSON_ID,GENDER_CONCEPT_ID,YEAR_OF_BIRTH,BIRTH_DATETIME,PERSON_SOURCE_VALUE\n")
        handle.write("1,8507,1950,1950-03-04T00:00:00Z,abc\n")
    (tmp_path / "CONCEPT_ANCESTOR.csv").write_text("ancestor_concept_id,descendant_concept_id\n", encoding="utf-8")
    (tmp_path / "DEVICE_EXPOSURE.csv").write_text("device_exposure_id,unique_device_id\n1,(01)4148\n", encoding="utf-8")
    con = duckdb.connect()
    assert load_csv_dir(con, tmp_path) == {"concept_ancestor": 0, "device_exposure": 1, "person": 1}
    types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns").fetchall())
    assert types["person_id"] == "BIGINT" and types["birth_datetime"] == "TIMESTAMP"
    assert types["ancestor_concept_id"] == "BIGINT" and types["unique_device_id"] == "VARCHAR"
    assert con.execute("SELECT CAST(birth_datetime AS DATE) FROM person").fetchone()[0] == date(1950, 3, 4)
