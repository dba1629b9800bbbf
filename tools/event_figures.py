"""Figures for issue 4 over a corpus of eligibility texts (JSONL with a ``text`` field).

Prints: nodes found per kind, the share of criteria left wholly ``unparsed`` (their rule is
one ``unparsed`` node), the ten most common shapes of those (first three words, numbers as
N), and throughput. ``--sample N`` reads every k-th trial so that about N are read.

    python tools/event_figures.py ../shared/corpus/ctgov-dev.jsonl [--sample 400]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter

from criteria import parse_criteria

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+(?:[.,]\d+)?")


def shape(text: str) -> str:
    words = [("N" if w[0].isdigit() else w.lower()) for w in _WORD.findall(text)[:3]]
    return " ".join(words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("--sample", type=int, default=0, help="read about this many trials")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8")]
    if args.sample and args.sample < len(rows):
        step = len(rows) // args.sample
        rows = rows[::step][: args.sample]
    kinds: Counter[str] = Counter()
    shapes: Counter[str] = Counter()
    criteria = wholly = chars = 0
    cohorts = scoped = exceptions = 0
    started = time.perf_counter()
    for row in rows:
        tree = parse_criteria(row["text"])
        chars += len(row["text"])
        cohorts += len(tree.cohorts)
        for criterion in tree.criteria():
            if criterion.rule is None:
                continue
            criteria += 1
            scoped += criterion.scope is not None
            exceptions += getattr(criterion, "role", "criterion") == "exception"
            if criterion.rule.kind == "unparsed":
                wholly += 1
                shapes[shape(criterion.text)] += 1
            for node in criterion.rule.walk():
                kinds[node.kind] += 1
                window = getattr(node, "window", None)
                if window is not None:
                    kinds["(window on an event)"] += 1
    seconds = time.perf_counter() - started
    print(f"trials {len(rows)}  criteria with a rule {criteria}  chars {chars}  {chars / seconds:,.0f} chars/s")
    print(f"wholly unparsed: {wholly} ({wholly / max(criteria, 1):.1%})")
    print(f"cohorts {cohorts}  scoped criteria {scoped}  exception bullets {exceptions}")
    print("nodes per kind:")
    for kind, n in kinds.most_common():
        print(f"  {kind:<28}{n}")
    print("top ten shapes of wholly unparsed criteria:")
    for text, n in shapes.most_common(10):
        print(f"  {n:>5}  {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
