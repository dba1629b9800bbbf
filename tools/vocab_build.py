"""Build the condition and drug vocabularies shipped in ``criteria/data/vocab/`` (``make vocab``).

Sources (both MIT, on PyPI; installed by the ``vocab`` extra, needed only here, never at run time):

* ``simple-icd-10-cm``: the CMS ICD-10-CM tabular list (codes, descriptions, inclusion terms,
  chapters and blocks);
* ``drug-named-entity-recognition``: drug names, brand names and synonyms with DrugBank and MeSH ids
  (its dictionary, read from the package's own data file; importing the package would also set up
  network look-ups it does not need here).

Output (see docs/vocabularies.md): ``conditions.tsv`` and ``drugs.tsv`` (one concept a line: code
or id, name, kind, the phrases as our tokenizer splits them), ``drug_classes.tsv`` (members of the
drug classes our lexicon names) and ``MANIFEST.json`` (source versions, the
hash of this builder's inputs and of each output; a test checks them without the sources).

Usage: ``python tools/vocab_build.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import bz2
import hashlib
import json
import pickle
import sys
from importlib import metadata, util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from vocab_rules import (  # noqa: E402
    BUILDER_INPUTS, blocked, condition_forms, drug_kind, drug_variant_ok, include_ok, inputs_hash, tokens_of,
)

OUT = ROOT / "src" / "criteria" / "data" / "vocab"
# Chapters kept: injuries, external causes and encounter reasons (S–Z) and special codes (U) are how
# a record is coded, not what criteria name; their descriptions ("Contact with…") mislead a matcher.
_CHAPTER_LETTERS = frozenset("ABCDEFGHIJKLMNOPQR")


def icd_rows() -> list[tuple[str, str, list[str]]]:
    """(code, description, inclusion terms) of every block, category and subcategory kept."""
    import simple_icd_10_cm as cm

    rows = []
    for code in cm.get_all_codes(True):
        if code[0] not in _CHAPTER_LETTERS or cm.is_chapter(code):
            continue
        if cm.is_extended_subcategory(code):  # 7th characters: encounters and laterality
            continue
        description = cm.get_description(code)
        if "classified elsewhere" in description:  # a manifestation code: its terms name other codes' conditions
            continue
        includes = [i for i in cm.get_includes(code) if include_ok(i, description, code)]
        rows.append((code, description, [*cm.get_inclusion_term(code), *includes]))
    return rows


def _code_rank(code: str) -> tuple[int, str]:
    """A phrase naming several codes goes to the most general one (a block, then the shortest)."""
    return (0 if "-" in code else len(code), code)


def build_conditions(nlp) -> tuple[dict[str, list], dict[str, str]]:
    """Condition concepts {code: [name, phrases…]} and {phrase: code}, each phrase owned once."""
    owner: dict = {}
    names: dict[str, str] = {}
    names_rank: dict[str, int] = {}
    never = blocked()
    for code, description, inclusions in icd_rows():
        for n, text in enumerate((description, *inclusions)):
            for i, form in enumerate(condition_forms(text, description=n == 0)):
                phrase = tokens_of(nlp, form)
                if not phrase or phrase in never:
                    continue
                # the name: the description's words, else an inclusion term "… NOS" (the condition
                # itself), else the first inclusion term
                rank = 0 if n == 0 else (1 if text.rstrip().endswith("NOS") else 2)
                if " 's " not in f" {phrase} " and rank < names_rank.get(code, 3):
                    names[code], names_rank[code] = phrase, rank
                rank = (n + i > 0, *_code_rank(code))  # a description's own words first, then the most general code
                if phrase not in owner or rank < owner[phrase][0]:
                    owner[phrase] = (rank, code)
    owner = {phrase: code for phrase, (_, code) in owner.items()}
    by_code: dict[str, list[str]] = {}
    for phrase, code in owner.items():
        by_code.setdefault(code, []).append(phrase)
    concepts = {code: [names.get(code) or phrases[0], *sorted(phrases)] for code, phrases in by_code.items()}
    return concepts, owner


def add_adjectives(nlp, concepts: dict[str, list], owner: dict[str, str]) -> None:
    """Adjective forms ("diabetic") and class names ("malignancy") join the concept they stand for."""
    missing: list[str] = []
    for line in (ROOT / "tools" / "vocab" / "adjectives.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, phrase = line.split("\t")
        code = phrase if phrase in concepts else owner.get(tokens_of(nlp, phrase))
        if code is None:
            missing.append(phrase)
            continue
        if word in owner:  # a class name taken from a narrower code ("cancer NOS" is C80.1)
            concepts[owner[word]].remove(word)
        owner[word] = code
        concepts[code].append(word)
    if missing:
        raise SystemExit(f"adjectives.tsv: no phrase of the condition index: {missing}")


def drug_dictionary() -> dict:
    spec = util.find_spec("drug_named_entity_recognition")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("install the vocab extra: pip install -e '.[vocab]'")
    path = Path(list(spec.submodule_search_locations)[0]) / "drug_ner_dictionary.pkl.bz2"
    with bz2.open(path, "rb") as handle:
        return pickle.load(handle)  # the package's own data file, shipped in its wheel


def _a_drug(data: dict) -> bool:
    """A drug, not a MeSH protein, organism or class heading (no DrugBank id), nor one of DrugBank's
    allergenic extracts ("Epidermophyton floccosum", "House dust": a DrugBank id and nothing else)."""
    if not data.get("drugbank_id"):
        return bool(data.get("medline_plus_id"))
    known = any(data.get(k) for k in ("medline_plus_id", "mesh_id", "formula", "wikipedia_url"))
    return known or " " not in data.get("name", "x y").strip()  # an investigational drug's one-word name: alisertib


def drug_id(data: dict) -> str | None:
    """DrugBank id, else MeSH id: a drug the package knows by neither is not kept."""
    if data.get("drugbank_id"):
        return data["drugbank_id"]
    return f"MESH:{data['mesh_id']}" if data.get("mesh_id") else None


def build_drugs(nlp, taken: set[str]) -> tuple[dict[str, list], dict[str, dict]]:
    """Drug concepts {id: [name, kind, phrases…]} (phrases the condition index holds are left to it;
    our own lexicon wins at run time) and {id: data} for the class rules."""
    d = drug_dictionary()
    canon = d["drug_canonical_to_data"]
    never = blocked()
    phrases: dict[str, list[str]] = {}
    kept: dict[str, dict] = {}
    for variant, targets in sorted(d["drug_variant_to_canonical"].items()):
        if len(targets) != 1 or targets[0] not in canon:
            continue  # a name for two drugs says neither
        data = canon[targets[0]]
        ident = drug_id(data)
        if ident is None or not _a_drug(data):
            continue
        phrase = tokens_of(nlp, variant)
        if not drug_variant_ok(phrase) or phrase in never or phrase in taken:
            continue
        kept[ident] = data
        phrases.setdefault(ident, [])
        if phrase not in phrases[ident]:
            phrases[ident].append(phrase)
    owner: dict[str, str] = {}
    for ident, names in phrases.items():
        for phrase in names:
            owner.setdefault(phrase, ident)
    concepts = {}
    for ident, names in phrases.items():
        own = [p for p in names if owner[p] == ident]
        if not own:
            continue
        name = tokens_of(nlp, kept[ident]["name"].lower()) or min(own, key=len)
        concepts[ident] = [name, drug_kind(name), *sorted(own)]
    return concepts, kept


def build_classes(concepts: dict[str, list], kept: dict[str, dict]) -> dict[str, list[str]]:
    """Members of each class of drug_classes.tsv: {group: [id…]}."""
    out: dict[str, set[str]] = {}
    for line in (ROOT / "tools" / "vocab" / "drug_classes.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        group, rule, value, _why = line.split("\t")
        members = out.setdefault(group, set())
        for ident, entry in concepts.items():
            data = kept[ident]
            if rule == "mesh" and any(t == value or t.startswith(value + ".") for t in data.get("mesh_tree") or ()):
                members.add(ident)
            elif rule == "suffix" and entry[0].endswith(value) and " " not in entry[0]:
                members.add(ident)
    return {group: sorted(ids) for group, ids in sorted(out.items())}


def _lines(concepts: dict[str, list], fields: int = 1) -> str:
    """One concept a line: its key, its first ``fields`` values (name, kind), then its phrases."""
    return "".join("\t".join((key, *values[:fields], "|".join(values[fields:]))) + "\n"
                   for key, values in sorted(concepts.items()))


def write(out: Path) -> dict[str, str]:
    from criteria.parse.nlp.pipeline import build_nlp
    nlp = build_nlp()
    conditions, owner = build_conditions(nlp)
    add_adjectives(nlp, conditions, owner)
    drugs, kept = build_drugs(nlp, set(owner))
    classes = build_classes(drugs, kept)
    never = sorted(p for p in blocked() if " " in p or "-" in p)
    files = {
        "conditions.tsv": "# ICD-10-CM code (- for a blocker)\tname\tphrases (tokens joined by spaces, '|' between phrases)\n"
        + "".join(f"-\tblocked\t{tokens_of(nlp, p)}\n" for p in never) + _lines(conditions),
        "drugs.tsv": "# id (DrugBank, else MESH:id)\tname\tkind (medication | prior_therapy)\tphrases\n"
        + _lines(drugs, 2),
        "drug_classes.tsv": "# group of lexicons/events.jsonl\tmember ids of drugs.tsv, '|' between\n"
        + "".join(f"{g}\t{'|'.join(ids)}\n" for g, ids in classes.items()),
    }
    out.mkdir(parents=True, exist_ok=True)
    hashes = {}
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
        hashes[name] = hashlib.sha256(text.encode()).hexdigest()
    manifest = {
        "sources": {pkg: metadata.version(pkg) for pkg in ("simple_icd_10_cm", "drug-named-entity-recognition")},
        "inputs_sha256": inputs_hash(),
        "inputs": BUILDER_INPUTS,
        "outputs_sha256": hashes,
        "counts": {"conditions": len(conditions), "condition_phrases": len(owner), "drugs": len(drugs),
                   "drug_phrases": sum(len(v) - 2 for v in drugs.values())},
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return hashes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="output folder")
    args = parser.parse_args(argv)
    write(args.out)
    print(json.loads((args.out / "MANIFEST.json").read_text())["counts"])


if __name__ == "__main__":
    main()
