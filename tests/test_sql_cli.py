"""``criteria omop-load`` and ``criteria cohort`` on a small synthetic CDM export."""

from datetime import date

import pytest

duckdb = pytest.importorskip("duckdb")

import criteria  # noqa: E402
from criteria.cli import main  # noqa: E402
from criteria.sql.synthetic import generate, write_csv  # noqa: E402

TRIAL = """Inclusion Criteria:

* Age ≥ 18 years

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


def test_cohort_without_a_database_is_a_one_line_error(tmp_path, capsys):
    (tmp_path / "trial.txt").write_text(TRIAL, encoding="utf-8")
    code = main(["cohort", str(tmp_path / "trial.txt"), "--db", str(tmp_path / "none.duckdb"), "--as-of", "2026-11-25"])
    assert code == 1 and "file not found" in capsys.readouterr().err
