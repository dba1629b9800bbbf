"""Open-vocabulary thresholds on the corpus: how many, which fields, and a seeded sample to read.

    python tools/open_measures.py ../shared/corpus/ctgov-dev.jsonl [--sample 200] [--seed 12] [--offset 0]

A threshold is *open-vocabulary* when its field is not a field of the lab lexicon (the measure
was named by its phrase: "intracranial pressure", "lymph node"). The sample lists, for each, the
source text of its span and what was read (field, operator, value(s), unit), as a Markdown table
to judge by reading (docs/measures-precision-sample.md keeps one, with the judgements).
"""

from __future__ import annotations

import argparse
import json
import hashlib
import sys
from collections import Counter
from pathlib import Path

from criteria import parse_criteria
from criteria.labs import lab_lexicon

KINDS = ("lab_threshold", "measure_threshold")


def open_thresholds(rows: list[dict]) -> list[tuple[str, object, str, str]]:
    """(nct_id, node, source text, the text right after it) of every open-vocabulary threshold."""
    lexicon = lab_lexicon()
    found = []
    for row in rows:
        tree = parse_criteria(row["text"])
        for criterion in tree.criteria():
            for node in criterion.rule.walk() if criterion.rule else ():
                if node.kind in KINDS and node.analyte not in lexicon:
                    text = " ".join(node.span.slice(row["text"]).split()) if node.span else ""
                    after = " ".join(row["text"][node.span.end : node.span.end + 40].split()) if node.span else ""
                    found.append((row["nct_id"], node, text, after))
    return found


def _bound(node) -> str:
    value = f"{node.value:g}" if node.value_high is None else f"{node.value:g}–{node.value_high:g}"
    unit = node.relative_to or node.unit or ""
    return f"{node.op} {value} {unit}".strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--offset", type=int, default=0,
                        help="skip the first N of the draw: --offset 200 gives a sample disjoint from the default one")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8") if line.strip()]
    found = open_thresholds(rows)
    fields = Counter(node.analyte for _, node, _, _ in found)
    print(f"open-vocabulary thresholds: {len(found)} in {len({n for n, *_ in found})} trials; "
          f"{len(fields)} distinct fields")
    print("most frequent: " + ", ".join(f"{k} {v}" for k, v in fields.most_common(25)))
    # a stable draw: each threshold's place is a hash of (seed, trial, offset), so a change to the
    # parser that drops or adds a few thresholds leaves the rest of the sample as it was
    def place(item) -> str:
        nct, node = item[0], item[1]
        return hashlib.sha1(f"{args.seed}:{nct}:{node.span.start if node.span else 0}".encode()).hexdigest()

    sample = sorted(found, key=place)[args.offset : args.offset + args.sample]
    print("\n| # | trial | text (then what follows) | field | bound | right? |\n|---|---|---|---|---|---|")
    for n, (nct, node, text, after) in enumerate(sample, 1):
        shown = f"{text} ⟨{after}⟩".replace("|", "/")
        print(f"| {n} | {nct} | {shown} | {node.analyte} | {_bound(node)} | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
