"""The SQL subcommands of the ``criteria`` command line (added by :func:`add_commands`).

    criteria omop-load CSV_DIR FILE.duckdb [--schema NAME]
    criteria cohort TRIAL --db FILE.duckdb --as-of DATE [--out verdicts.parquet] [--schema NAME]

``--out verdicts.parquet`` also writes ``verdicts.reasons.parquet``: what each code of the
``<id>_reason`` columns says (criteria.sql.CompiledSQL.reason_table).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

TOP = 10  # criteria listed as ruling out the most persons


def add_commands(commands: Any) -> None:
    """Register ``omop-load`` and ``cohort`` on the main parser's subcommands."""
    load = commands.add_parser("omop-load", help="build a DuckDB file from an OMOP CDM export (one CSV per table)")
    load.add_argument("csv_dir", metavar="CSV_DIR", help="folder of PERSON.csv(.gz), CONDITION_OCCURRENCE.csv(.gz)…")
    load.add_argument("db", metavar="FILE.duckdb", help="the DuckDB file to create (tables are replaced)")
    load.add_argument("--schema", metavar="NAME", help="put the tables in this schema (default: the main schema)")
    load.set_defaults(run=run_load)

    cohort = commands.add_parser("cohort", help="check every person of an OMOP CDM database against one trial")
    cohort.add_argument("trial", metavar="TRIAL", help="the trial: criteria text, API v2 JSON, classic XML or a tree")
    cohort.add_argument("--db", required=True, metavar="FILE.duckdb", help="the DuckDB file ('criteria omop-load')")
    cohort.add_argument("--as-of", required=True, metavar="DATE", help="screening date for ages and windows, YYYY-MM-DD")
    cohort.add_argument("--out", metavar="FILE.parquet",
                        help="write every person's verdicts here (parquet), and the reason codes' texts to FILE.reasons.parquet")
    cohort.add_argument("--schema", metavar="NAME", help="schema of the CDM and vocabulary tables")
    cohort.add_argument("--no-progress", action="store_true", help="no progress bar")
    cohort.set_defaults(run=run_cohort)


def _duckdb():
    from ..cli import InputError

    try:
        import duckdb
    except ImportError:
        raise InputError("this command needs DuckDB: pip install 'criteria[sql]'") from None
    return duckdb


def run_load(args: argparse.Namespace) -> int:
    from ..cli import InputError
    from ..errors import CriteriaError
    from .load import load_csv_dir

    duckdb = _duckdb()
    started = time.perf_counter()
    con = duckdb.connect(args.db)
    try:
        counts = load_csv_dir(con, args.csv_dir, schema=args.schema)
    except CriteriaError as error:
        raise InputError(error.message) from None
    finally:
        con.close()
    rows = sum(counts.values())
    print(f"criteria omop-load: {len(counts)} tables, {rows:,} rows, {counts.get('person', 0):,} persons "
          f"in {time.perf_counter() - started:.1f} s → {args.db}", file=sys.stderr)
    return 0


def _stages(enabled: bool):
    """A progress bar over the stages of a cohort run (tqdm comes with spaCy)."""
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return None
    return tqdm(total=3, unit="step", file=sys.stderr, disable=None if enabled else True)


def run_cohort(args: argparse.Namespace) -> int:
    from ..cli import InputError, as_of_date, read_tree
    from . import compile as compile_sql

    duckdb = _duckdb()
    as_of = as_of_date(args.as_of)
    if not Path(args.db).is_file():
        raise InputError(f"{args.db}: file not found (build it with 'criteria omop-load CSV_DIR {args.db}')")
    tree = read_tree(args.trial)
    bar = _stages(not args.no_progress)
    started = time.perf_counter()
    compiled = compile_sql(tree, as_of=as_of, cdm_schema=args.schema, vocab_schema=args.schema)
    _step(bar, "compiled")
    con = duckdb.connect(args.db, read_only=True)
    try:
        con.execute(f"CREATE TEMP TABLE verdicts AS {compiled.sql}")
    except duckdb.Error as error:
        raise InputError(f"{args.db}: the query failed: {str(error).splitlines()[0]}") from None
    _step(bar, "ran")
    texts = reason_texts_path(args.out) if args.out else None
    if args.out:
        con.execute(f"COPY verdicts TO {_quoted(args.out)} (FORMAT parquet)")
        con.execute(f"COPY ({compiled.reason_table()}) TO {_quoted(texts)} (FORMAT parquet)")
    report = _report(con, tree, compiled)
    _step(bar, "counted")
    if bar is not None:
        bar.close()
    seconds = time.perf_counter() - started
    print(f"{tree.nct_id or args.trial} · as of {as_of} · {report['persons']:,} persons · {seconds:.1f} s")
    print(" · ".join(f"{status} {report[status]:,}" for status in ("eligible", "ineligible", "unknown")))
    print("criteria ruling out the most persons (inclusion not met, exclusion met):")
    for ident, count, text in report["ruling_out"]:
        print(f"  {ident:<8}{count:>9,}  {text}")
    if args.out:
        print(f"verdicts → {args.out} (the texts of their reason codes → {texts})")
    return 0


def reason_texts_path(out: str) -> str:
    """Where ``cohort --out FILE.parquet`` writes the texts of the reason columns' codes
    (``code``, ``reason``): beside it, ``FILE.reasons.parquet``."""
    path = Path(out)
    return str(path.with_name(f"{path.name.removesuffix('.parquet')}.reasons.parquet"))


def _quoted(path: str) -> str:
    """A file name as a SQL string literal."""
    return "'" + path.replace("'", "''") + "'"


def _step(bar: Any, name: str) -> None:
    if bar is not None:
        bar.set_postfix_str(name)
        bar.update(1)


def _report(con: Any, tree: Any, compiled: Any) -> dict[str, Any]:
    """Per-status counts and the top-level criteria that rule out the most persons."""
    statuses = dict(con.execute("SELECT status, count(*) FROM verdicts GROUP BY status").fetchall())
    top = [c for c in tree.inclusion + tree.exclusion]
    ruled = []
    if top:
        terms = ", ".join(
            f'count(*) FILTER (WHERE "{c.id}" = {"FALSE" if c.section == "inclusion" else "TRUE"})' for c in top
        )
        counts = con.execute(f"SELECT {terms} FROM verdicts").fetchone()
        ruled = sorted(((c.id, n, " ".join(c.text.split())[:70]) for c, n in zip(top, counts) if n), key=lambda r: -r[1])
    report: dict[str, Any] = {s: statuses.get(s, 0) for s in ("eligible", "ineligible", "unknown")}
    report["persons"] = sum(statuses.values())
    report["ruling_out"] = ruled[:TOP]
    return report
