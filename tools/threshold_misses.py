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
LOGIC = frozenset({"all_of", "any_of", "not", "unparsed"})

# Rough kinds of miss, tried in order on the words around the number (after, then before).
KINDS: list[tuple[str, re.Pattern[str], str]] = [
    ("time window or duration", re.compile(r"^\s*[\d,.]*\s*(?:-\s*[\d.]+\s*)?(?:days?|weeks?|months?|years?|hours?|hrs?|wks?|mos?|yrs?|half[- ]lives)\b", re.I), "after"),
    ("drug dose", re.compile(r"^\s*[\d,.]*\s*(?:mg|mcg|µg|ug|g|iu|units?|ml)\s*(?:/\s*(?:kg|m2|m\^2|day|d|week|dose))?\b|^\s*[\d,.]*\s*(?:gy|cgy|msv)\b|^\s*[\d,.]*\s*(?:cigarettes|packs?|pack-years|drinks)", re.I), "after"),
    ("toxicity grade (CTCAE)", re.compile(r"grade\s*\W*$|ctcae[^.]{0,40}$|nci[^.]{0,20}$", re.I), "before"),
    ("age", re.compile(r"\bage[sd]?\b[^.]{0,25}$|^\s*[\d.]+\s*(?:years?\s+(?:of\s+age|old))", re.I), "both"),
    ("N of the following (criteria counted)", re.compile(r"^\s*\d+\s+(?:of\s+(?:the\s+)?(?:following|these|criteria)|or more of)", re.I), "after"),
    ("count of therapies, lines, events", re.compile(r"^\s*[\d,.]*\s*(?:(?:prior|previous|consecutive|different|new|separate)\s+)?(?:\w+\s+)?(?:lines?|regimens?|cycles?|courses?|treatments?|therapies|doses?|episodes?|times|attacks|seizures|lesions?|metastases|nodules?|exacerbations?|hospitali[sz]ations?|sites?|organs?|tumou?rs?|relapses?|joints?|methods?|relatives?|biopsies|slides|samples?|occasions?|intakes?|visits?|measurements?|fractures?|medications?|agents?|drugs?|statins?|antidepressants?|responses?|cigarettes?|units?|puffs?|cups?)\b", re.I), "after"),
    ("lab or measure not read", re.compile(r"(?:count|level|levels|concentration|value|clearance|rate|score|index|fraction|pressure|saturation|interval|ratio|titer|titre|load)\s*(?:\([^)]{0,20}\)\s*)?(?:of|is|must be|should be|:)?\s*$", re.I), "before"),
    ("percentage (other)", re.compile(r"^\s*[\d,.]*\s*(?:%|percent)", re.I), "after"),
    ("size or length", re.compile(r"^\s*[\d,.]*\s*(?:cm|mm|centimet|millimet)", re.I), "after"),
    ("score or scale", re.compile(r"(?:score|scale|class|stage|index|points?)\b[^.]{0,30}$|^\s*[\d.]+\s*points?", re.I), "both"),
]


@lru_cache(maxsize=1)
def lab_names() -> re.Pattern[str]:
    """Any name or abbreviation of the lab lexicon (for sorting misses, not for coverage)."""
    words = {n for e in lab_lexicon().values() for n in (*e.names, *e.abbreviations) if len(n) > 2}
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + r")\b", re.I)


def typed_spans(tree) -> list[tuple[int, int]]:
    spans = []
    for criterion in tree.criteria():
        if criterion.rule is None:
            continue
        for node in criterion.rule.walk():
            if node.kind not in LOGIC and node.span is not None:
                spans.append((node.span.start, node.span.end))
                spans += [(a.span.start, a.span.end) for a in getattr(node, "alternatives", ()) if a.span]
    return spans


def classify(text: str, start: int, number: int) -> str:
    """The kind of a missed comparison: words after its number, or before its comparator."""
    before, after = text[max(0, start - 60) : start], text[number : number + 40]
    for name, pattern, where in KINDS:
        if where in ("after", "both") and pattern.search(after):
            return name
        if where in ("before", "both") and pattern.search(before):
            return name
    if lab_names().search(before[-40:]):
        return "lab or measure not read"
    return "other"


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
