"""Where parse time goes, stage by stage: ``make profile`` (issue 15).

Runs the pipeline's stages one after the other on the dev corpus (or ``--limit`` trials of it),
timing each, beside the bare spaCy tokenizer on the same texts, and prints each stage's share of
the parse and its cost relative to tokenizing. The ratio ``make bench`` reports (parse chars/s
over tokenizer chars/s) is 1 / (sum of the relative costs); this says which stage stands in the
way of the goal (ratio >= 0.5: the whole pipeline at most twice the tokenizer).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from report_util import DEFAULT_CORPUS, read_corpus

from criteria.parse.assemble import assemble
from criteria.parse.compose import compose
from criteria.parse.grammar.read import read
from criteria.parse.nlp.annotate import annotate
from criteria.parse.nlp.pipeline import get_nlp
from criteria.parse.normalize import normalize
from criteria.parse.sections import sectionize


def profile(texts: list[str]) -> dict[str, float]:
    """Seconds per stage over ``texts`` (and the bare tokenizer's seconds, as ``tokenizer``)."""
    nlp = get_nlp()
    for text in texts[:20]:  # warm caches (grammar tables, lexicons) before timing
        assemble(compose(read(annotate(sectionize(normalize(text))), text)))
    seconds = dict.fromkeys(("normalize", "sectionize", "annotate", "read", "compose", "assemble"), 0.0)
    tokenizer = 0.0
    clock = time.perf_counter
    for text in texts:
        t0 = clock()
        nlp.tokenizer(text)
        tokenizer += clock() - t0
        t0 = clock()
        mapped = normalize(text)
        t1 = clock()
        sections = sectionize(mapped)
        t2 = clock()
        annotated = annotate(sections)
        t3 = clock()
        found = read(annotated, text)
        t4 = clock()
        composed = compose(found)
        t5 = clock()
        assemble(composed)
        t6 = clock()
        for name, spent in zip(seconds, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5)):
            seconds[name] += spent
    return seconds | {"tokenizer": tokenizer}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    texts = [row["text"] for row in read_corpus(args.corpus, args.limit)]
    seconds = profile(texts)
    tokenizer = seconds.pop("tokenizer")
    total = sum(seconds.values())
    chars = sum(map(len, texts))
    print(f"{len(texts)} trials, {chars / 1e6:.2f} M chars; tokenizer {chars / tokenizer / 1e6:.2f} M chars/s, "
          f"parse {chars / total / 1e6:.2f} M chars/s, ratio {tokenizer / total:.3f}")
    print(f"{'stage':<11} {'seconds':>8} {'share':>6} {'x tokenizer':>12}")
    for name, spent in seconds.items():
        print(f"{name:<11} {spent:8.2f} {spent / total:6.1%} {spent / tokenizer:12.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
