"""Loading an OMOP CDM export (one CSV per table, as OHDSI's Eunomia ships) into DuckDB.

Every table is read as text and typed by the CDM's column-name conventions (``*_id`` integers,
``*_date`` dates, ``*_datetime`` timestamps, values and ranges doubles), so empty tables still get
the right types and a ``0`` where a NULL belongs stays a number. Table and column names are
lower-cased, as the compiled SQL names them.
"""

from __future__ import annotations

import csv
import gzip
import re
from pathlib import Path
from typing import Any

from ..errors import InputValueError

TEXT_IDS = frozenset({"vocabulary_id", "domain_id", "concept_class_id", "relationship_id", "reverse_relationship_id"})
KEYS = re.compile(
    r"(concept_id(_[12])?|person_id|_occurrence_id|_exposure_id|measurement_id|observation_id|"
    r"observation_period_id|visit_detail_id|provider_id|care_site_id|location_id|episode_id|specimen_id|note_id)$"
)  # keys and concept ids; other "_id" columns (unique_device_id…) may hold text
DOUBLES = frozenset({"value_as_number", "range_low", "range_high", "quantity", "dose_value"})
INTS = frozenset({"year_of_birth", "month_of_birth", "day_of_birth", "days_supply", "refills",
                  "min_levels_of_separation", "max_levels_of_separation"})


def column_type(name: str) -> str | None:
    """The SQL type of a CDM column by its name; ``None``: keep it as text."""
    if name in TEXT_IDS:
        return None
    if KEYS.search(name) or name in INTS:
        return "BIGINT"
    if name in DOUBLES:
        return "DOUBLE"
    if name.endswith("_datetime"):
        return "TIMESTAMP"
    if name.endswith("_date"):
        return "DATE"
    return None


def _typed(column: str) -> str:
    name = column.strip().lower()
    source = '"' + column.replace('"', '""') + '"'
    kind = column_type(name)
    if kind == "DATE":
        return f"TRY_CAST(LEFT({source}, 10) AS DATE) AS {name}"
    if kind == "TIMESTAMP":
        return f"TRY_CAST(REPLACE(REPLACE({source}, 'T', ' '), 'Z', '') AS TIMESTAMP) AS {name}"
    if kind is not None:
        return f"TRY_CAST({source} AS {kind}) AS {name}"
    return f"{source} AS {name}"


def _header(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:  # type: ignore[operator]
        return next(csv.reader(handle), [])


def table_files(directory: Path) -> dict[str, Path]:
    """Table name → its CSV file (``PERSON.csv.gz``, ``person.csv``…) in ``directory``."""
    found = {}
    for path in sorted(directory.iterdir()):
        match = re.fullmatch(r"(.+)\.csv(\.gz)?", path.name, flags=re.IGNORECASE)
        if match and path.is_file():
            found[match.group(1).lower()] = path
    return found


def load_csv_dir(con: Any, directory: str | Path, schema: str | None = None) -> dict[str, int]:
    """Create one table per CSV of ``directory`` on DuckDB connection ``con``; table → row count."""
    directory = Path(directory)
    if not directory.is_dir():
        raise InputValueError(f"{directory}: not a directory of CDM CSV files")
    files = table_files(directory)
    if "person" not in files:
        raise InputValueError(f"{directory}: no PERSON.csv(.gz): not an OMOP CDM export")
    prefix = ""
    if schema:
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        prefix = f'"{schema}".'
    counts = {}
    for table, path in files.items():
        header = _header(path)
        if not header:
            continue
        columns = ", ".join(_typed(c) for c in header)
        source = str(path).replace("'", "''")
        con.execute(
            f"CREATE OR REPLACE TABLE {prefix}{table} AS SELECT {columns} FROM read_csv('{source}', "
            "header = true, all_varchar = true, quote = '\"', escape = '\"')"
        )
        counts[table] = con.execute(f"SELECT count(*) FROM {prefix}{table}").fetchone()[0]
    return counts
