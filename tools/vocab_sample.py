"""Draw the precision sample of vocabulary matches (issue 16): ``python tools/vocab_sample.py
reports/corpus.json --n 200 --out docs/vocab-precision.tsv``.

Reads the ``vocab_matches`` a corpus report kept (tools/corpus_report.py), draws ``n`` of them
with a fixed seed, and writes one a line (trial, criterion, the words matched, kind, concept,
code, the text around it) with an empty ``verdict`` column for a reader to fill by eye: ``ok``,
or ``wrong`` and why. Judgements already in ``--out`` are kept for the lines drawn again.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
from pathlib import Path

FIELDS = ["n", "nct_id", "criterion", "span", "kind", "name", "code", "context", "verdict"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    matches = [m for row in json.loads(args.report.read_text())["trials"] for m in row.get("vocab_matches", ())]
    judged = {}
    if args.out.exists():
        with args.out.open(encoding="utf-8") as handle:
            judged = {(r["nct_id"], r["criterion"], r["span"]): r["verdict"] for r in csv.DictReader(handle, delimiter="\t")}
    sample = random.Random(args.seed).sample(matches, min(args.n, len(matches)))
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS, delimiter="\t")
        writer.writeheader()
        for n, m in enumerate(sample, start=1):
            context = " ".join(m["context"].split())
            verdict = judged.get((m["nct_id"], m["criterion"], m["span"]), "")
            writer.writerow({"n": n, **{k: m[k] for k in FIELDS[1:7]}, "context": context, "verdict": verdict})
    print(f"{len(sample)} of {len(matches)} matches written to {args.out}")


if __name__ == "__main__":
    main()
