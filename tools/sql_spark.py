"""``make test-spark``: the parity persons through Spark (pyspark, local mode), verdicts as DuckDB's.

Seeded synthetic persons (criteria.sql.synthetic) are written as OMOP CSVs, read by Spark as
typed temporary views, and each trial's query, compiled in the ``spark`` dialect, must give every
verdict the Python evaluator gives. Exits 1 on any difference.

    python tools/sql_spark.py [--persons 500] [--trials 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from pyspark.sql import SparkSession

from criteria.sql.parity import compare, python_codes, sql_codes
from criteria.sql.synthetic import COLUMNS, generate, write_csv

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sql_parity import trials  # noqa: E402  (the seed trial, the typed trial, then the test data's trials)

AS_OF = date(2026, 11, 25)


def spark_session() -> SparkSession:
    return (
        SparkSession.builder.master("local[2]")
        .appName("criteria-sql-parity")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )


def register(spark: SparkSession, directory: Path) -> None:
    """Each CDM table as a typed temporary view (what a user's catalog tables would be)."""
    for table, columns in COLUMNS.items():
        schema = ", ".join(f"{name} {kind.replace('VARCHAR', 'STRING')}" for name, kind in columns)
        frame = spark.read.csv(str(directory / f"{table}.csv"), header=True, schema=schema, dateFormat="yyyy-MM-dd")
        frame.createOrReplaceTempView(table)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=500)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args(argv)
    chosen = trials(args.trials)
    omop, profiles = generate([t for _, t in chosen], args.persons, seed=args.seed, as_of=AS_OF)
    spark = spark_session()
    spark.sparkContext.setLogLevel("ERROR")
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        register(spark, write_csv(omop, tmp))
        run = lambda sql: [tuple(row) for row in spark.sql(sql).collect()]  # noqa: E731
        for nct_id, tree in chosen:
            started = time.perf_counter()
            differences = compare(tree, python_codes(tree, profiles, AS_OF), sql_codes(run, tree, AS_OF, dialect="spark"))
            failures += len(differences)
            print(f"{nct_id}: {args.persons} persons × {len(list(tree.criteria()))} criteria on Spark, "
                  f"{len(differences)} differences ({time.perf_counter() - started:.0f} s)")
            for d in differences[:5]:
                print(f"  person {d.person_id} {d.criterion}: python {d.python}, spark {d.sql}")
    spark.stop()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
