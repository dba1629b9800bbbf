"""SQL ↔ Python parity over many trials: ``make parity-sql`` (default 50 trials × 2,000 persons).

Generates seeded synthetic persons (criteria.sql.synthetic) as OMOP rows in DuckDB and as
patient profiles, compiles each trial of tests/data/sql_trials.jsonl (and the seed trial) to SQL,
and compares every verdict with the evaluator's. Prints the figures and every difference;
exits 1 when any verdict differs.

    python tools/sql_parity.py [--persons 2000] [--trials 50] [--seed 2] [--as-of 2026-11-25]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

import duckdb

import criteria
from criteria.sql.parity import compare, duckdb_runner, python_codes, sql_codes
from criteria.sql.synthetic import generate, write_duckdb

ROOT = Path(__file__).resolve().parents[1]


def trials(limit: int) -> list[tuple[str, criteria.Criteria]]:
    """The seed trial, a trial whose every criterion is typed (some persons are eligible), then up
    to ``limit`` trials of the test data file."""
    read = lambda *parts: (ROOT.joinpath(*parts)).read_text(encoding="utf-8")  # noqa: E731
    seed = ("NCT06893783", criteria.parse_criteria(read("examples", "NCT06893783.txt")))
    typed = ("typed trial", criteria.parse_criteria(read("tests", "data", "sql", "typed_trial.txt")))
    rows = [json.loads(line) for line in (ROOT / "tests" / "data" / "sql_trials.jsonl").open(encoding="utf-8")]
    return [seed, typed] + [(r["nct_id"], criteria.parse_criteria(r["text"])) for r in rows if "nct_id" in r][:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=2000)
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 25))
    args = parser.parse_args(argv)
    chosen = trials(args.trials)
    omop, profiles = generate([t for _, t in chosen], args.persons, seed=args.seed, as_of=args.as_of)
    con = duckdb.connect()
    write_duckdb(con, omop)
    totals: Counter = Counter()
    started = time.perf_counter()
    for nct_id, tree in chosen:
        python = python_codes(tree, profiles, args.as_of)
        sql = sql_codes(duckdb_runner(con), tree, args.as_of)
        differences = compare(tree, python, sql)
        for codes in python.values():
            totals.update(f"criterion={c}" for c in codes[1:])
            totals[f"status={codes[0]}"] += 1
        totals["verdicts"] += sum(len(c) for c in python.values())
        totals["differences"] += len(differences)
        for d in differences[:5]:
            print(f"{nct_id} person {d.person_id} {d.criterion}: python {d.python}, sql {d.sql}")
    seconds = time.perf_counter() - started
    names = {"0": "not met", "1": "unknown", "2": "met", "3": "not applicable"}
    print(f"{len(chosen)} trials × {args.persons} persons: {totals['verdicts']:,} verdicts (statuses included), "
          f"{totals['differences']} differences, {seconds:.0f} s")
    print("criterion verdicts: " + ", ".join(f"{names[k[-1]]} {v:,}" for k, v in sorted(totals.items()) if k.startswith("criterion=")))
    print("statuses: " + ", ".join(f"{['ineligible', 'unknown', 'eligible'][int(k[-1])]} {v:,}" for k, v in sorted(totals.items()) if k.startswith("status=")))
    return 1 if totals["differences"] else 0


if __name__ == "__main__":
    sys.exit(main())
