"""Thresholds found on the corpus, and which numeric comparisons the typed tree misses.

    python tools/threshold_misses.py ../shared/corpus/ctgov-dev.jsonl [--sample N] [--seed S] [--examples K]

Counts the lab/measure thresholds, performance-status and life-expectancy nodes the parser
builds, then measures coverage with an independent, deliberately simple regex: a comparator
word or symbol followed by a number. A comparison is *covered* when its number lies inside the
span of a typed node (any kind but ``unparsed``; conditional alternatives count). Misses are
sorted into rough kinds by the words around them, to say where to work next.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import numeric_kinds
from numeric_kinds import typed_spans

from criteria import parse_criteria
from criteria.labs import lab_lexicon

COMPARISON = re.compile(
    r"""(?:\\?[<>]=?|[≤≥⩽⩾]|=>|=<
        |\b(?:at\ least|at\ most|greater\ than|more\ than|less\ than|fewer\ than|lower\ than|higher\ than
           |no\ more\ than|not\ more\ than|no\ less\ than|not\ less\ than|up\ to|above|below|over|under
           |exceed(?:s|ing)?|minimum|maximum|min\.?|max\.?)(?:\ or\ equal\ to)?(?:\ of)?)
        \s*(?P<number>[-+]?\d[\d,.]*)""",
    re.IGNORECASE | re.VERBOSE,
)
TYPED_THRESHOLDS = ("lab_threshold", "measure_threshold", "performance_status", "life_expectancy")


@lru_cache(maxsize=1)
def lab_names() -> re.Pattern[str]:
    """Any name or abbreviation of the lab lexicon (for sorting misses, not for coverage)."""
    words = {n for e in lab_lexicon().values() for n in (*e.names, *e.abbreviations) if len(n) > 2}
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")\b", re.I)


def classify(text: str, start: int, number: int) -> str:
    """The kind of a missed comparison (``numeric_kinds.classify``); a lab name before it, if no other."""
    kind = numeric_kinds.classify(text, start, number)
    if kind == "other" and lab_names().search(text[max(0, start - 40) : start]):
        return "lab or measure not read"
    return kind


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--sample", type=int, default=0, help="read only N random trials (0: all)")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.corpus.open(encoding="utf-8") if line.strip()]
    if args.sample:
        rows = random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
    found: Counter[str] = Counter()
    alternatives = paired = 0
    fields: Counter[str] = Counter()
    total = covered = 0
    misses: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    chars = 0
    parse_criteria("Inclusion Criteria:\n\n* ANC >= 1.5 x 10^9/L\n")  # load models before timing
    started = time.perf_counter()
    for row in rows:
        text = row["text"]
        chars += len(text)
        tree = parse_criteria(text)
        for criterion in tree.criteria():
            for node in criterion.rule.walk() if criterion.rule else ():
                if node.kind in TYPED_THRESHOLDS:
                    found[node.kind] += 1
                    fields[getattr(node, "analyte", None) or getattr(node, "scale", None) or node.kind] += 1
                    alternatives += len(getattr(node, "alternatives", ()))
                    paired += len(getattr(node, "paired", ()))
        spans = typed_spans(tree)
        for match in COMPARISON.finditer(text):
            total += 1
            at = match.start("number")
            if any(lo <= at < hi for lo, hi in spans):
                covered += 1
                continue
            kind = classify(text, match.start(), at)
            misses[kind] += 1
            if len(examples[kind]) < args.examples:
                examples[kind].append(" ".join(text[max(0, match.start() - 50) : match.end() + 30].split()))
    elapsed = time.perf_counter() - started
    print(f"trials: {len(rows)}   characters: {chars:,}   {chars / elapsed / 1e6:.2f} M chars/s (parse only)")
    print(f"typed thresholds: {sum(found.values())}  " + ", ".join(f"{k} {v}" for k, v in found.most_common()))
    print(f"  with conditional alternatives: {alternatives}; paired values recognised: {paired}")
    print("  most frequent fields: " + ", ".join(f"{k} {v}" for k, v in fields.most_common(15)))
    share = covered / total if total else 0.0
    print(f"numeric comparisons (independent regex): {total}; inside a typed node: {covered} ({share:.1%})")
    print("kinds of miss (most frequent first):")
    for kind, count in misses.most_common():
        print(f"  {count:6d}  {kind}")
        for example in examples[kind]:
            print(f"            … {example} …")
    return 0


if __name__ == "__main__":
    sys.exit(main())
