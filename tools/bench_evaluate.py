"""Benchmark: patient evaluations per second for the seed trial (not a timed test).

    python tools/bench_evaluate.py [--patients N] [--repeat R] [--text tests/data/NCT06893783.txt]

Parses and compiles the trial once, validates a pool of varied realistic patient profiles once
(the eight seed patients, varied; validation is shown separately: it is the caller's cost when
profiles arrive as dicts/JSON), then times
``Program.evaluate`` in one process, one thread. The figure is the best of R runs, with the
status read (the result every caller needs); building the per-criterion reasons for one
patient is timed separately because callers pay for it only when they read it.
Target: ≥ 20,000 evaluations/s.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import time
from datetime import date, timedelta
from pathlib import Path

import criteria
from criteria import Patient

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 25)
SEED_PATIENTS = ROOT / "tests" / "data" / "seed_patients.json"
TARGET = 20_000


def make_patients(n: int, seed: int = 7) -> list[dict]:
    """Varied, realistic profiles: the eight hand-built seed patients (tests/data/seed_patients.json)
    with birth dates, lab values, completeness and whole lists varied at random."""
    rng = random.Random(seed)
    bases = [case["patient"] for case in json.loads(SEED_PATIENTS.read_text(encoding="utf-8"))["patients"]]
    out = []
    for i in range(n):
        patient = copy.deepcopy(bases[i % len(bases)])
        patient["birth_date"] = (AS_OF - timedelta(days=rng.randint(15 * 365, 90 * 365))).isoformat()
        for lab in patient.get("labs", []):
            lab["value"] = round(lab["value"] * rng.uniform(0.5, 1.5), 2)
        if rng.random() < 0.3:
            patient["labs"] = patient.get("labs", [])[: rng.randint(0, 8)]
        patient["complete"] = [name for name in patient.get("complete", []) if rng.random() < 0.7]
        out.append(patient)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patients", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--text", type=Path, default=ROOT / "tests/data/NCT06893783.txt")
    args = parser.parse_args()

    started = time.perf_counter()
    tree = criteria.parse_criteria(args.text.read_text(encoding="utf-8"))
    parsed = time.perf_counter()
    program = criteria.compile(tree)
    compiled = time.perf_counter()
    raw = make_patients(args.patients)
    patients = [Patient.model_validate(p) for p in raw]
    validated = time.perf_counter()

    best = best_cpu = float("inf")
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        statuses = [program.evaluate(p, AS_OF).status for p in patients]
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    t0 = time.perf_counter()
    program.evaluate(patients[0], AS_OF).to_dict()
    explained = time.perf_counter() - t0

    rate, cpu_rate = len(patients) / best, len(patients) / best_cpu
    counts = {v: sum(1 for x in statuses if x.value == v) for v in ("eligible", "ineligible", "unknown")}
    depends = len(program.dynamic) + len(program.absence)
    print(
        f"trial: {args.text.name}: {len(program.compiled)} criteria, {depends} depend on the patient "
        f"({len(program.absence)} of them event-only, evaluated by exception)"
    )
    print(
        f"parse {1000 * (parsed - started):.0f} ms, compile {1000 * (compiled - parsed):.1f} ms, "
        f"validate {len(raw)} profiles {len(raw) / (validated - compiled):,.0f}/s"
    )
    verdict = "met" if cpu_rate >= TARGET else "NOT met"
    print(
        f"evaluate: {cpu_rate:,.0f} patients per CPU second — target {TARGET:,}/s: {verdict} "
        f"(best of {args.repeat} x {len(patients)}; {1e6 / cpu_rate:.1f} µs each)"
    )
    print(f"          {rate:,.0f} patients/s wall clock (swings with the machine's load)")
    print(f"full explanation (every criterion's reason, to_dict) of one patient: {1000 * explained:.1f} ms")
    print(f"statuses: {counts}")


if __name__ == "__main__":
    main()
