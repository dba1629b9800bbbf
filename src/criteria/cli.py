"""The ``criteria`` command line (also ``python -m criteria``).

    criteria parse FILE|-  [--format tree|json|records|english] [--style patient|clinician]
    criteria batch INPUT.jsonl --out OUT.jsonl [--jobs N] [--format json|records]
    criteria eval CRITERIA PATIENT.json [--as-of DATE] [--format text|json|english] [--ignore-noncomputable]
                  [--complete LISTS]   (PATIENT.json: a profile, or a FHIR R4 Bundle: docs/fhir.md)
    criteria render TRIAL [--html PAGE.html] [--style patient|clinician]

Input is detected from its first character: ``{`` a ClinicalTrials.gov API v2 study (or an
object with a ``text`` field, or a tree written by ``parse --format json``), ``<`` a classic
XML record, anything else criteria text.

Exit codes: 0 success; 1 bad input (file not found, bad JSON or XML, unsupported format),
reported as one line on stderr, never a traceback; 2 wrong usage (argparse's convention).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings
from datetime import date
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import __version__
from .errors import CriteriaError, InputFormatError
from .evaluate import Evaluation, Patient, compile as compile_criteria
from .tree.nodes import Criteria
from .parse.pipeline import parse_criteria
from .render import render
from .render.verdicts import shorten
from .parse.study import load_json, parse_study, sniff

EXIT_OK, EXIT_INPUT, EXIT_INTERRUPTED = 0, 1, 130
FORMATS = ("tree", "json", "records", "english")
EVAL_FORMATS = ("text", "json", "english")


class InputError(Exception):
    """Bad input for the command line: reported as one line, exit code 1."""


# --- reading input -----------------------------------------------------------------------------


def read_source(name: str) -> bytes:
    """The bytes of file ``name``, or of stdin for ``-``."""
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: file not found") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None


def document(data: bytes | str) -> Criteria:
    """Parse input of any supported kind: API v2 JSON, classic XML, or criteria text."""
    kind = sniff(data)
    if kind == "xml":
        return parse_study(data)
    if kind == "json":
        return from_json_object(load_json(data))
    if isinstance(data, bytes):
        if b"\x00" in data:
            raise InputFormatError("unsupported format: this looks like a binary file, not text, JSON or XML")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise InputFormatError(f"unsupported format: not UTF-8 text (byte {error.start})") from None
    return parse_criteria(data)


def from_json_object(value: Any) -> Criteria:
    """A tree from a JSON value: an API v2 study, ``{"text": ..., "nct_id": ...}``, or a tree
    written by ``criteria parse --format json`` (``"kind": "criteria"``), read back as it is."""
    if isinstance(value, dict) and value.get("kind") == "criteria":  # before "text": a tree has one too
        return _tree_from_dump(value)
    if isinstance(value, dict) and isinstance(value.get("text"), str) and "protocolSection" not in value:
        tree = parse_criteria(value["text"])
        nct_id = value.get("nct_id")
        return tree.model_copy(update={"nct_id": nct_id}) if isinstance(nct_id, str) else tree
    if isinstance(value, dict) and ("protocolSection" in value or "studies" in value):
        return parse_study(value)
    raise InputFormatError(
        "unsupported JSON: expected a ClinicalTrials.gov API v2 study (with 'protocolSection') "
        "or an object with a 'text' field"
    )


def _tree_from_dump(value: dict) -> Criteria:
    try:
        return Criteria.model_validate(value)
    except ValidationError as error:
        raise InputFormatError(f"not a valid criteria tree: {_first_problem(error)}") from None


def _first_problem(error: ValidationError) -> str:
    """A pydantic error in one line: the dotted field path of the first problem and its message."""
    problems = error.errors()
    first = problems[0]
    where = ".".join(str(part) for part in first["loc"]) or "(top level)"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where}: {first['msg']}{more}"


# --- parse ---------------------------------------------------------------------------------


def _format(tree: Criteria, fmt: str, style: str) -> str:
    if fmt == "json":
        return tree.to_json(indent=2) + "\n"
    if fmt == "records":
        return json.dumps(tree.to_records(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "english":
        return render(tree, style)  # type: ignore[arg-type]
    return str(tree) + "\n"


def run_parse(args: argparse.Namespace) -> int:
    tree = document(read_source(args.file))
    _write(sys.stdout, _format(tree, args.format, args.style))
    return EXIT_OK


def run_render(args: argparse.Namespace) -> int:
    """Plain English on stdout, or with ``--html`` the trial page written to a file."""
    from .render.html_page import render_page

    tree = document(read_source(args.file))
    if args.html is None:
        _write(sys.stdout, render(tree, args.style))
        return EXIT_OK
    try:
        Path(args.html).write_text(render_page(tree, args.style), encoding="utf-8")
    except OSError as error:
        raise InputError(f"{args.html}: cannot write: {error.strerror}") from None
    return EXIT_OK


# --- eval ----------------------------------------------------------------------------------


def read_tree(name: str) -> Criteria:
    """The trial in file ``name`` (``-``: stdin), in any format ``parse`` reads; errors name the file."""
    try:
        return document(read_source(name))
    except CriteriaError as error:
        raise InputError(f"{name}: {error.message}") from None


def read_patient(name: str, complete: tuple[str, ...] | None = None) -> Patient:
    """The patient in JSON file ``name``: a profile, or a FHIR Bundle (its ``resourceType``) read by
    ``Patient.from_fhir`` with the lists ``complete`` vouched complete. Errors name the field."""
    try:
        value = load_json(read_source(name))
    except CriteriaError as error:
        raise InputError(f"{name}: {error.message}") from None
    if not isinstance(value, dict):
        raise InputError(f"{name}: a patient must be a JSON object, not {type(value).__name__}")
    if value.get("resourceType") == "Bundle":
        return _from_bundle(name, value, complete or ())
    if complete is not None:
        raise InputError(f"{name}: --complete is for FHIR bundles; a profile states 'complete' itself")
    try:
        return Patient.model_validate(value)
    except ValidationError as error:
        raise InputError(f"{name}: invalid patient: {_first_problem(error)}") from None


def _from_bundle(name: str, value: dict, complete: tuple[str, ...]) -> Patient:
    """A FHIR bundle's patient; skipped resources are reported on stderr as one warning, not a traceback."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            patient = Patient.from_fhir(value, complete=complete)
        except CriteriaError as error:
            raise InputError(f"{name}: {error.message}") from None
    for warning in caught:
        _write(sys.stderr, f"criteria: warning: {name}: {warning.message}\n")
    return patient


LISTS = ("conditions", "therapies", "medications", "procedures")


def complete_lists(value: str | None) -> tuple[str, ...] | None:
    """``--complete conditions,medications`` as a tuple; ``all`` names every list."""
    if value is None:
        return None
    names = tuple(n.strip() for n in value.split(",") if n.strip())
    names = LISTS if names == ("all",) else names
    unknown = [n for n in names if n not in LISTS]
    if unknown:
        raise InputError(f"--complete {value!r}: {', '.join(unknown)} is not a list ({', '.join(LISTS)}, or all)")
    return names


def as_of_date(value: str | None) -> date | None:
    """``--as-of`` as a date (``YYYY-MM-DD``); ``None`` means today, as in ``criteria.evaluate``."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"--as-of {value!r}: not a date; write it as YYYY-MM-DD, e.g. 2026-11-25") from None


def evaluation_table(result: Evaluation) -> str:
    """The compact text form: the status, one row per criterion (sub-criteria indented), missing data."""
    head = [result.program.criteria.nct_id or "trial", f"as of {result.as_of.isoformat()}"]
    if result.cohort:
        head.append(f"screened for {result.cohort}")
    rows = [(("  " * _depth(result, r.parent)) + r.id, r.verdict.value, shorten(r.reason, 110))
            for r in result.criteria]
    width = max((len(row[0]) for row in rows), default=2) + 2
    lines = [" · ".join(head), f"status: {result.status.value}", f"why: {result.reason}", "",
             f"{'id':<{width}}{'verdict':<16}reason"]
    lines += [f"{ident:<{width}}{verdict:<16}{reason}" for ident, verdict, reason in rows]
    if result.missing:
        lines += ["", "missing data:"] + [f"  {m.item} ({', '.join(m.criteria)})" for m in result.missing]
    return "\n".join(lines) + "\n"


def _depth(result: Evaluation, parent: str | None) -> int:
    return 0 if parent is None else 1 + _depth(result, result[parent].parent)


def run_eval(args: argparse.Namespace) -> int:
    if args.criteria == "-" and args.patient == "-":
        raise InputError("CRITERIA and PATIENT cannot both be read from stdin (-)")
    as_of = as_of_date(args.as_of)  # the cheap checks first: a typo should not wait for a parse
    patient = read_patient(args.patient, complete_lists(args.complete))
    tree = read_tree(args.criteria)
    try:
        program = compile_criteria(tree, ignore_noncomputable=args.ignore_noncomputable)
        result = program.evaluate(patient, as_of, cohort=args.cohort)
    except CriteriaError as error:  # e.g. a --cohort the trial does not have
        raise InputError(error.message) from None
    if args.format == "json":
        out = result.to_json(indent=2) + "\n"
    elif args.format == "english":
        out = render(result, args.style)  # type: ignore[arg-type]
    else:
        out = evaluation_table(result)
    _write(sys.stdout, out)
    return EXIT_OK


# --- batch ---------------------------------------------------------------------------------


def _batch_one(item: tuple[int, str, str]) -> tuple[str, dict[str, int]]:
    """One input line → (its output line, counts for the summary). Runs in worker processes."""
    number, line, fmt = item
    try:
        tree = from_json_object(json.loads(line))
    except json.JSONDecodeError as error:
        return _error_line(number, f"not valid JSON: {error.msg} (column {error.colno})")
    except CriteriaError as error:
        return _error_line(number, error.message)
    body = tree.to_records() if fmt == "records" else json.loads(tree.to_json())
    out = {"line": number, "nct_id": tree.nct_id, fmt if fmt == "records" else "criteria": body}
    nodes = [node.kind for node in tree.walk()]
    counts = {"trials": 1, "criteria": nodes.count("criterion"), "unparsed": nodes.count("unparsed"),
              "typed": len(tree.to_records()), "errors": 0}
    return json.dumps(out, ensure_ascii=False), counts


def _error_line(number: int, message: str) -> tuple[str, dict[str, int]]:
    return json.dumps({"line": number, "error": message}, ensure_ascii=False), {"errors": 1}


def _lines(data: bytes, name: str, fmt: str) -> list[tuple[int, str, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: not UTF-8 text (byte {error.start})") from None
    return [(n, line, fmt) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def _results(items: list, jobs: int) -> Iterator[tuple[str, dict[str, int]]]:
    if jobs == 1:
        return map(_batch_one, items)
    pool = ProcessPoolExecutor(max_workers=jobs)
    chunk = max(1, min(32, len(items) // (jobs * 8) or 1))  # big enough to amortize, small for a live bar
    return _closing(pool, pool.map(_batch_one, items, chunksize=chunk))


def _closing(pool: ProcessPoolExecutor, results: Iterable) -> Iterator:
    try:
        yield from results
    finally:
        pool.shutdown(cancel_futures=True)


def _progress(results: Iterable, total: int, enabled: bool) -> Iterable:
    """Wrap ``results`` in a tqdm bar on stderr when tqdm is installed (it comes with spaCy)."""
    if not enabled:
        return results
    try:
        from tqdm import tqdm
    except ImportError:
        return results
    return tqdm(results, total=total, unit="trial", file=sys.stderr, disable=None)  # None: off if not a tty


def run_batch(args: argparse.Namespace) -> int:
    items = _lines(read_source(args.input), args.input, args.format)
    jobs = args.jobs or os.cpu_count() or 1
    totals = {"trials": 0, "criteria": 0, "unparsed": 0, "typed": 0, "errors": 0}
    started = time.perf_counter()
    out = sys.stdout if args.out == "-" else _open_out(args.out)
    try:
        for line, counts in _progress(_results(items, jobs), len(items), not args.no_progress):
            out.write(line + "\n")
            for key, value in counts.items():
                totals[key] += value
    finally:
        if out is not sys.stdout:
            out.close()
    seconds = time.perf_counter() - started
    print(_summary(totals, seconds, args.out), file=sys.stderr)
    if totals["errors"]:
        print(f"criteria: error: {totals['errors']} of {len(items)} lines could not be read; "
              f"see their 'error' field in {args.out}", file=sys.stderr)
        return EXIT_INPUT
    return EXIT_OK


def _open_out(name: str):
    try:
        return open(name, "w", encoding="utf-8")
    except OSError as error:
        raise InputError(f"{name}: cannot write: {error.strerror}") from None


def _summary(totals: dict[str, int], seconds: float, out: str) -> str:
    rate = totals["trials"] / seconds if seconds > 0 else 0.0
    return (f"criteria batch: {totals['trials']} trials in {seconds:.1f} s ({rate:.1f}/s) → {out}: "
            f"{totals['criteria']} criteria, {totals['typed']} typed rules, {totals['unparsed']} unparsed; "
            f"errors: {totals['errors']}")


# --- the parser and main -------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="criteria", description="Read clinical-trial eligibility criteria "
                                     "into a typed rule tree.")
    parser.add_argument("--version", action="version", version=f"criteria {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    parse = commands.add_parser("parse", help="parse one trial: text, API v2 JSON or classic XML")
    parse.add_argument("file", metavar="FILE", help="input file, or - for stdin")
    parse.add_argument("--format", choices=FORMATS, default="tree", help="output format (default: tree)")
    parse.add_argument("--style", choices=("patient", "clinician"), default="patient",
                       help="wording for --format english (default: patient)")
    parse.set_defaults(run=run_parse)

    page = commands.add_parser("render", help="one trial in plain English, or as an HTML page (--html)")
    page.add_argument("file", metavar="TRIAL", help="the trial: text, API v2 JSON or classic XML; - for stdin")
    page.add_argument("--html", metavar="PAGE.html", help="write the trial page (original text highlighted "
                      "by kind, plain English beside) to this file instead of printing English")
    page.add_argument("--style", choices=("patient", "clinician"), default="patient",
                      help="wording (default: patient)")
    page.set_defaults(run=run_render)

    batch = commands.add_parser("batch", help="parse many trials: one JSON object a line")
    batch.add_argument("input", metavar="INPUT.jsonl", help="a 'text' object or a study record per line; - for stdin")
    batch.add_argument("--out", required=True, metavar="OUT.jsonl", help="output file, or - for stdout")
    batch.add_argument("--format", choices=("json", "records"), default="json",
                       help="each output line holds the tree (json) or its records (default: json)")
    batch.add_argument("--jobs", type=_jobs, default=1, metavar="N", help="worker processes (0: one per CPU)")
    batch.add_argument("--no-progress", action="store_true", help="no progress bar")
    batch.set_defaults(run=run_batch)

    check = commands.add_parser("eval", help="check one patient against one trial's criteria")
    check.add_argument("criteria", metavar="CRITERIA", help="the trial: criteria text, API v2 JSON, "
                       "classic XML, or a tree from 'parse --format json'; - for stdin")
    check.add_argument("patient", metavar="PATIENT.json",
                       help="the patient profile (docs/evaluation.md) or a FHIR R4 Bundle (docs/fhir.md); "
                       "- for stdin")
    check.add_argument("--as-of", metavar="DATE", help="reference date for ages and windows, YYYY-MM-DD "
                       "(default: today)")
    check.add_argument("--format", choices=EVAL_FORMATS, default="text",
                       help="text: a table of verdicts; json: the whole evaluation; english: plain English "
                       "(default: text)")
    check.add_argument("--style", choices=("patient", "clinician"), default="patient",
                       help="wording for --format english (default: patient)")
    check.add_argument("--cohort", metavar="NAME",
                       help="screen the patient for this cohort (e.g. 'Cohort 1')")
    check.add_argument("--complete", metavar="LISTS",
                       help="for a FHIR bundle: the lists you vouch are complete, comma-separated "
                       "(conditions,therapies,medications,procedures or all); default: none")
    check.add_argument("--ignore-noncomputable", action="store_true",
                       help="set aside rules no patient data can settle (consent, compliance, judgement)")
    check.set_defaults(run=run_eval)
    from .sql.cli import add_commands as add_sql_commands  # omop-load, cohort (the sql extra)

    add_sql_commands(commands)
    return parser


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return jobs


def _write(stream, text: str) -> None:
    """Write UTF-8 whatever the locale says (criteria text is full of ≥ and µ)."""
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        stream.write(text)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:
        print(f"criteria: error: {error}", file=sys.stderr)
    except CriteriaError as error:
        source = getattr(args, "file", None) or getattr(args, "input", None)
        print(f"criteria: error: {source}: {error.message}", file=sys.stderr)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `criteria parse … | head`: the reader left, which is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
