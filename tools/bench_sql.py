"""``make bench-sql``: the seed trial compiled to SQL and run over 10^5 and 10^6 synthetic persons in DuckDB.

The persons are 1,000 seeded synthetic persons (criteria.sql.synthetic: records on window and
threshold borders) replicated under new ids, plus filler rows of concepts no criterion names, so a
person has about 50 rows (conditions, drug exposures, procedures, measurements). The query's result
(one row per person, a verdict per criterion) is materialised, so every column is computed; the
time is the query's alone (building the synthetic tables is not timed). Each size reports wall
seconds, the process's CPU seconds (DuckDB's threads included: on a machine shared with other
work, wall time moves with their load, CPU time much less) and the load average. The Python
evaluator runs on the 1,000 template persons' profiles (the same persons) for comparison.

    python tools/bench_sql.py [--sizes 100000 1000000] [--threads 2] [--database FILE]

``--database FILE`` keeps the tables in a DuckDB file instead of memory (10^7 persons, 520 M
rows, do not fit in this machine's memory; DuckDB reads the file through its buffer pool).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

import duckdb

import criteria
import criteria.sql
from criteria.evaluate import Patient
from criteria.sql.synthetic import generate, write_duckdb

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 25)
TEMPLATE = 1000
FILLER = {"condition_occurrence": 20, "drug_exposure": 12, "measurement": 10}  # rows per person naming nothing
EVENT_TABLES = {
    "condition_occurrence": "condition_occurrence_id",
    "drug_exposure": "drug_exposure_id",
    "procedure_occurrence": "procedure_occurrence_id",
    "measurement": "measurement_id",
    "observation_period": "observation_period_id",
}


def build(con: duckdb.DuckDBPyConnection, persons: int) -> int:
    """Replicate the template under new ids and add filler rows; returns the number of event rows."""
    copies = persons // TEMPLATE
    con.execute(f"CREATE OR REPLACE TABLE person AS SELECT t.* REPLACE (r.range * {TEMPLATE} + t.person_id AS person_id) "
                f"FROM tpl_person t, range({copies}) r")
    for table, key in EVENT_TABLES.items():
        con.execute(
            f"CREATE OR REPLACE TABLE {table} AS SELECT t.* REPLACE (r.range * {TEMPLATE} + t.person_id AS person_id, "
            f"r.range * 100000000 + t.{key} AS {key}) FROM tpl_{table} t, range({copies}) r"
        )
    filler = con.execute("SELECT min(concept_id) FROM concept WHERE concept_name LIKE 'Filler %'").fetchone()[0]
    columns = {
        "condition_occurrence": "condition_occurrence_id, person_id, condition_concept_id, condition_start_date, condition_end_date",
        "drug_exposure": "drug_exposure_id, person_id, drug_concept_id, drug_exposure_start_date, drug_exposure_end_date",
        "measurement": "measurement_id, person_id, measurement_concept_id, measurement_date, value_as_number, unit_concept_id, range_low, range_high",
    }
    for table, per in FILLER.items():
        values = ("NULL, NULL, NULL, NULL" if table == "measurement" else "NULL")
        dates = "DATE '2020-01-01' + CAST(hash(p.person_id, k.range) % 2000 AS INTEGER)"
        con.execute(
            f"INSERT INTO {table} ({columns[table]}) SELECT 900000000000 + p.person_id * 100 + k.range, p.person_id, "
            f"{filler} + (hash(p.person_id, k.range) % 50), {dates}, {values} FROM person p, range({per}) k"
        )
    return sum(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in EVENT_TABLES)


def template(con: duckdb.DuckDBPyConnection, tree: criteria.Criteria) -> list[dict]:
    omop, profiles = generate([tree], TEMPLATE, seed=7, as_of=AS_OF)
    write_duckdb(con, omop)
    for table in ("person", *EVENT_TABLES):
        con.execute(f"ALTER TABLE {table} RENAME TO tpl_{table}")
    first = 50_000_000
    con.execute(
        "INSERT INTO concept (concept_id, concept_name, domain_id, vocabulary_id, concept_class_id, standard_concept, concept_code) "
        f"SELECT {first} + range, 'Filler ' || range, 'Observation', 'Synthetic', 'Concept', 'S', 'F' || range FROM range(50)"
    )
    return profiles


def python_rate(tree: criteria.Criteria, profiles: list[dict], rounds: int = 20) -> float:
    program = criteria.compile(tree)
    patients = [Patient.model_validate(p) for p in profiles]
    started = time.process_time()
    for _ in range(rounds):
        for patient in patients:
            program.evaluate(patient, AS_OF).status
    return rounds * len(patients) / (time.process_time() - started)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[float, float]:
    """Wall and CPU seconds of materialising the query's result."""
    started, cpu = time.perf_counter(), _cpu()
    con.execute(f"CREATE OR REPLACE TEMP TABLE verdicts AS {sql}")
    return time.perf_counter() - started, _cpu() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--database", default=":memory:", help="a DuckDB file to build the tables in (default: memory)")
    args = parser.parse_args(argv)
    tree = criteria.parse_criteria((ROOT / "examples" / "NCT06893783.txt").read_text(encoding="utf-8"))
    con = duckdb.connect(args.database)
    con.execute(f"SET threads = {args.threads}")
    con.execute("SET preserve_insertion_order = false")  # the verdicts are a set: no order to keep
    profiles = template(con, tree)
    started = time.perf_counter()
    compiled = criteria.sql.compile(tree, as_of=AS_OF)
    sql = compiled.sql
    lean = criteria.sql.compile(tree, as_of=AS_OF, reasons=False).sql  # no reason columns (their codes)
    print(f"seed trial: {len(compiled.criteria)} criteria, compiled in {time.perf_counter() - started:.2f} s "
          f"({len(sql):,} characters of SQL)")
    results = []
    for size in args.sizes:
        started = time.perf_counter()
        rows = build(con, size)
        print(f"{size:>10,} persons: {rows:,} rows built in {time.perf_counter() - started:.0f} s (not timed below)", flush=True)
        lean_wall, lean_cpu = timed(con, lean)
        wall, cpu = timed(con, sql)
        load = os.getloadavg()[0]
        counts = dict(con.execute("SELECT status, count(*) FROM verdicts GROUP BY status").fetchall())
        results.append((size, wall, cpu))
        print(f"{size:>10,} persons ({rows / size:.0f} rows each): {wall:6.2f} s ({cpu:.1f} CPU s), "
              f"{size / wall:,.0f} persons/s; without the reason columns {lean_wall:.2f} s ({lean_cpu:.1f} CPU s), "
              f"{size / lean_wall:,.0f} persons/s; load average {load:.1f}; statuses {counts}", flush=True)
    for (small, w_small, c_small), (large, w_large, c_large) in zip(results, results[1:]):
        print(f"growth {small:,} → {large:,} persons (× {large / small:.0f}): × {w_large / w_small:.1f} in wall time, "
              f"× {c_large / c_small:.1f} in CPU time")
    rate = python_rate(tree, profiles)
    print(f"Python evaluator on the template persons: {rate:,.0f} persons per CPU second "
          f"({1_000_000 / rate:.0f} s for a million)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
