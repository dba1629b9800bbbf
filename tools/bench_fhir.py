"""Benchmark and coverage report of the FHIR adapter over real Synthea bundles (not a test).

    python tools/bench_fhir.py [../shared/patients/fhir-synthea/bundles] [--as-of 2019-06-01]

Loads every bundle with ``Patient.from_fhir`` (timed: bundles per second, files read from disk
included), evaluates the seed trial (examples/NCT06893783.txt, compiled once) against each
(every list vouched complete, as a registry export would be), checks that every evaluation has
a status and reasons citing resources, and reports the share of Conditions, Observations and
medication resources that map to a concept — by code or by name — with what does not map.

"Maps to a concept": a condition or medication record names an event-lexicon concept of its
kind (condition; medication or prior therapy) as the evaluator matches records; an Observation
gives a lab result whose LOINC code or name is in the lab lexicon, a performance status or a
pregnancy status.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections import Counter
from datetime import date
from pathlib import Path

import criteria
from criteria import Patient
from criteria.evaluate.codes import concept_tokens
from criteria.evaluate.facts import Facts
from criteria.evaluate.fhir import FhirWarning
from criteria.evaluate.terms import _code_keys, _version, intern, norm, record_codes, record_keys
from criteria.labs import lab_lexicon
from criteria.resources import event_lexicon

ROOT = Path(__file__).resolve().parents[1]
TRIAL = ROOT / "examples" / "NCT06893783.txt"
_SPACES = {"condition": "conditions", "medication": "medications", "prior_therapy": "medications"}


def intern_concepts() -> None:
    """Intern every condition and drug concept (phrases and codes) as the evaluator would."""
    for concept in event_lexicon():
        space = _SPACES.get(concept.kind)
        if space:
            phrases = {norm(p) for p in (*concept.phrases, concept.name.replace("_", " "))}
            intern(frozenset(phrases | concept_tokens(concept)), space)


def lab_keys() -> set[str]:
    keys = set()
    for entry in lab_lexicon().values():
        keys |= {f"LOINC:{entry.loinc}"} if entry.loinc else set()
        keys |= {n.lower() for n in (*entry.names, entry.name)}
    return keys


def observation_count(path: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    return sum(1 for e in data.get("entry", ()) if e["resource"]["resourceType"] == "Observation")


def load_all(paths: list[Path]) -> tuple[list[Patient], float, list[str]]:
    patients, skipped = [], []
    start = time.perf_counter()
    for path in paths:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", FhirWarning)
            patients.append(Patient.from_fhir(path, complete=["conditions", "therapies", "medications", "procedures"]))
        skipped += [f"{path.name[:24]}: {w.message}" for w in caught]
    return patients, time.perf_counter() - start, skipped


def share(patients: list[Patient], list_name: str) -> tuple[int, int, int, Counter]:
    """(records, mapped, mapped by code, unmapped names) of one list over all patients."""
    total = mapped = by_code = 0
    unmapped: Counter = Counter()
    for patient in patients:
        _, rows = record_keys(Facts(patient, date.today()), list_name)
        for record, keys in rows:
            total += 1
            if keys:
                mapped += 1
                by_code += bool(_code_keys(record_codes(record), list_name, _version[0]))
            else:
                unmapped[record.name] += 1
    return total, mapped, by_code, unmapped


def observation_share(patients: list[Patient], observations: int) -> tuple[int, int, Counter]:
    keys = lab_keys()
    mapped_refs, unmapped = set(), Counter()
    for patient in patients:
        for lab in patient.labs:
            if lab.code in keys or (lab.name or "").lower() in keys:
                mapped_refs.add(lab.source)
            else:
                unmapped[lab.name] += 1
        mapped_refs |= {patient.performance_status.source} if patient.performance_status else set()
        mapped_refs |= {patient.sources["pregnant"]} if "pregnant" in patient.sources else set()
    return observations, len(mapped_refs), unmapped


def evaluate_all(patients: list[Patient], as_of: date) -> tuple[Counter, int, float]:
    program = criteria.compile(criteria.parse_criteria(TRIAL.read_text(encoding="utf-8")))
    statuses: Counter = Counter()
    deciding: Counter = Counter()
    citing = 0
    start = time.perf_counter()
    for patient in patients:
        result = program.evaluate(patient, as_of)
        statuses[result.status.value] += 1
        citing += any("/" in key for row in result.criteria for key in row.facts)
        deciding[_deciding(result)] += 1
    seconds = time.perf_counter() - start
    print("deciding criteria (first inclusion not met / exclusion met):",
          "; ".join(f"{k} ×{n}" for k, n in deciding.most_common()))
    return statuses, citing, seconds


def _deciding(result) -> str:
    for row in result.criteria:
        if row.parent is None and ((row.section == "inclusion" and row.verdict.value == "not_met")
                                   or (row.section == "exclusion" and row.verdict.value == "met")):
            return row.id
    return "none"


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.1f} %)" if whole else "0/0"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT.parent / "shared/patients/fhir-synthea/bundles"))
    parser.add_argument("--as-of", default="2019-06-01", help="Synthea's reference date (end of simulation)")
    args = parser.parse_args()
    paths = sorted(Path(args.folder).glob("*.json"))
    if not paths:
        raise SystemExit(f"no bundles in {args.folder}")
    Patient.from_fhir(paths[0])  # warm up imports and lexicons: the figure is the steady state
    patients, seconds, skipped = load_all(paths)
    print(f"bundles: {len(paths)} loaded without error in {seconds:.2f} s = {len(paths) / seconds:.1f} bundles/s")
    print(f"warnings: {len(skipped)} bundle(s) with skipped resources")
    for line in skipped:
        print("  " + line.replace("\n", "\n    "))
    statuses, citing, eval_seconds = evaluate_all(patients, date.fromisoformat(args.as_of))
    print(f"seed trial as of {args.as_of}: {dict(statuses)}; evaluations citing a resource: "
          f"{_pct(citing, len(patients))}; {len(patients) / eval_seconds:.0f} evaluations/s with reasons")
    intern_concepts()
    for list_name in ("conditions", "medications"):
        total, mapped, by_code, unmapped = share(patients, list_name)
        print(f"{list_name}: {_pct(mapped, total)} map to a concept ({by_code} of them by code too); "
              f"not mapped ({len(unmapped)} names): "
              + "; ".join(f"{name} ×{n}" for name, n in unmapped.most_common()))
    total, mapped, unmapped = observation_share(patients, sum(observation_count(p) for p in paths))
    labs = sum(len(p.labs) for p in patients)
    print(f"observations: {_pct(mapped, total)} map to a lab, performance or pregnancy concept "
          f"({labs} lab values read); not mapped ({len(unmapped)} names): "
          + "; ".join(f"{name} ×{n}" for name, n in unmapped.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
