"""Candidate rows for ``lexicons/event_codes.jsonl``: codes from data we hold whose names name a concept.

    python tools/event_code_candidates.py [../shared/patients] > candidates.jsonl

Reads every coding (system, code, display) of the Conditions, Procedures and medications in the
Synthea FHIR bundles, and the OHDSI vocabulary subset of Eunomia GiBleed (CONCEPT: SNOMED clinical
findings and procedures, RxNorm ingredients; CONCEPT_ANCESTOR: the clinical drugs under each
ingredient). A code is a candidate for a concept when its display mentions one of the concept's
phrases as the evaluator matches names, so a coded record matches what its name would. SNOMED
"(situation)" codes ("Suspected lung cancer", "History of …") are left out: they do not assert
the condition. Nothing is written to the lexicon: a person reviews the candidates (the table in
docs/fhir.md says which were kept), and codes that name no concept print as unmapped.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path

from criteria.evaluate.codes import format_problem
from criteria.evaluate.terms import norm
from criteria.resources import event_lexicon, event_phrases

_FHIR_SYSTEMS = {"http://snomed.info/sct": "SNOMED CT", "http://www.nlm.nih.gov/research/umls/rxnorm": "RxNorm"}
_KINDS = {"Condition": ("condition",), "Procedure": ("procedure", "prior_therapy"),
          "MedicationRequest": ("medication", "prior_therapy")}


def phrase_index() -> dict[str, set[tuple[str, str]]]:
    """Normalised phrase (with the loader's plurals) → {(kind, concept)}."""
    concepts = event_lexicon()
    index: dict[str, set[tuple[str, str]]] = {}
    for phrase, i in event_phrases():
        index.setdefault(norm(phrase), set()).add((concepts[i].kind, concepts[i].name))
    return index


def concepts_named(display: str, kinds: tuple[str, ...], index: dict) -> set[tuple[str, str]]:
    words = norm(display).split()
    found = set()
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + 8) + 1):
            found |= {c for c in index.get(" ".join(words[i:j]), ()) if c[0] in kinds}
    return found


def synthea_codings(folder: Path):
    """(resource type, system, code, display) of every coding in the bundles, once each."""
    seen = set()
    for path in sorted(folder.glob("*.json")):
        for entry in json.loads(path.read_text(encoding="utf-8"))["entry"]:
            resource = entry["resource"]
            kind = resource["resourceType"]
            concept = resource.get("medicationCodeableConcept") if kind == "MedicationRequest" else resource.get("code")
            if kind not in _KINDS or not concept:
                continue
            for coding in concept.get("coding", []):
                key = (kind, _FHIR_SYSTEMS.get(coding.get("system")), coding.get("code"), coding.get("display"))
                if key[1] and key not in seen:
                    seen.add(key)
                    yield key


def _table(folder: Path, name: str) -> list[dict]:
    with gzip.open(folder / "csv" / f"{name}.csv.gz") as raw:
        return list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8")))


def eunomia_codings(folder: Path):
    """(kind of resource, system, code, name, source) from CONCEPT and, under ingredients, CONCEPT_ANCESTOR."""
    concepts = {row["CONCEPT_ID"]: row for row in _table(folder, "CONCEPT")}
    for row in concepts.values():
        if row["VOCABULARY_ID"] == "SNOMED" and row["CONCEPT_CLASS_ID"] in ("Clinical Finding", "Procedure"):
            kind = "Condition" if row["CONCEPT_CLASS_ID"] == "Clinical Finding" else "Procedure"
            yield kind, "SNOMED CT", row["CONCEPT_CODE"], row["CONCEPT_NAME"], "eunomia-concept", None
        elif row["VOCABULARY_ID"] == "RxNorm" and row["CONCEPT_CLASS_ID"] == "Ingredient":
            yield "MedicationRequest", "RxNorm", row["CONCEPT_CODE"], row["CONCEPT_NAME"], "eunomia-concept", None
    for link in _table(folder, "CONCEPT_ANCESTOR"):
        top, drug = concepts.get(link["ANCESTOR_CONCEPT_ID"]), concepts.get(link["DESCENDANT_CONCEPT_ID"])
        if (top and drug and top is not drug and top["CONCEPT_CLASS_ID"] == "Ingredient"
                and drug["VOCABULARY_ID"] == "RxNorm" and drug["CONCEPT_CLASS_ID"] != "Ingredient"):
            # the drug's own name, matched against the lexicon, decides; the ingredient is shown
            yield ("MedicationRequest", "RxNorm", drug["CONCEPT_CODE"], drug["CONCEPT_NAME"],
                   "eunomia-concept-ancestor", top["CONCEPT_NAME"])


def main(argv: list[str]) -> int:
    shared = Path(argv[1] if len(argv) > 1 else "../shared/patients")
    index = phrase_index()
    rows, unmapped, seen = [], [], set()
    found = [(*c, "synthea-bundles", None) for c in synthea_codings(shared / "fhir-synthea" / "bundles")]
    found += list(eunomia_codings(shared / "omop-eunomia-gibleed"))
    for kind, system, code, display, source, via in found:
        if "(situation)" in display or format_problem(system, code):
            continue
        named = concepts_named(display, _KINDS[kind], index)
        for concept_kind, concept in sorted(named):
            if (concept_kind, concept, system, code) in seen:
                continue
            seen.add((concept_kind, concept, system, code))
            rows.append({"concept": concept, "kind": concept_kind, "system": system, "code": code,
                         "display": display, "source": source} | ({"via": via} if via else {}))
        if not named:
            unmapped.append(f"{source}\t{kind}\t{system}\t{code}\t{display}")
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))
    print(f"{len(rows)} candidate rows; {len(unmapped)} codes name no concept", file=sys.stderr)
    for line in unmapped:
        print("unmapped\t" + line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
