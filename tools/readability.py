"""Readability of the patient-style rendering: Flesch–Kincaid grade, seed trial and dev corpus.

    python tools/readability.py [CORPUS.jsonl] [--trials 100]

Scores, with textstat 0.7.3 (the ``readability`` extra; it counts syllables with pyphen,
offline — later versions fetch a dictionary over the network at run time):

* the seed trial (``examples/NCT06893783.study.json``): its original criteria text, our whole
  patient rendering, and the sentences we wrote ourselves (the rendering without the trial's
  own words we quote);
* ``--trials`` trials of the dev corpus, taken evenly spaced through the file (not the first
  ones, which are one registry era): the median grade of the same three texts.

Only the criteria lines are scored (bullets removed, each line one or more sentences, the items of
a quoted list set out one a line under its bullet read as a list is read, each a sentence): the
title, headings and footer are the same in every trial and would pull every grade alike. So that
nothing a patient reads is left out of the figures, the seed and the corpus are also scored as
whole texts (the original criteria text and the whole rendering — title, headings, footer and all
— as textstat reads them).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
from importlib import metadata
from pathlib import Path

import textstat

import criteria

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "NCT06893783.study.json"
_BULLET = re.compile(r"^\s*[•◦]\s*")
_QUOTED = re.compile(r"“[^”]*”")


def criteria_lines(rendering: str) -> list[str]:
    """The criterion lines of a patient rendering, bullets removed, each ending a sentence: a bullet's
    line and the lines of a quoted list indented under it (a list item's closing comma ends it)."""
    lines = []
    in_bullet = False
    for line in rendering.splitlines():
        if _BULLET.match(line):
            in_bullet = True
        elif not (in_bullet and line[:1].isspace() and line.strip()):
            in_bullet = False
            continue
        text = _BULLET.sub("", line).strip().rstrip(",;")
        if text:
            lines.append(text if text[-1] in ".:?!”" else text + ".")
    return lines


def own_words(lines: list[str]) -> list[str]:
    """The lines without the trial's words we quote (“…”, a quoted list's lines included): what we wrote ourselves."""
    kept = []
    for line in _QUOTED.sub(" ", "\n".join(lines)).splitlines():
        text = " ".join(line.split())
        text = re.sub(r"\b(The trial says|Also \[not simplified\]|\[not simplified\])\s*:?\s*", "", text).strip(" .;,")
        if len(text.split()) >= 3:
            kept.append(text if text[-1] in ".:?!" else text + ".")
    return kept


def grade(lines: list[str]) -> float | None:
    """Flesch–Kincaid grade of the lines read as one text; None when there are no words."""
    text = " ".join(lines)
    return float(textstat.flesch_kincaid_grade(text)) if text.strip() else None


def original_lines(tree: criteria.Criteria) -> list[str]:
    """Each criterion's own text as written, one sentence-ended line each."""
    lines = []
    for item in tree.criteria():
        text = criteria.render.english.as_written(item.text)
        if text:
            lines.append(text if text[-1] in ".:?!" else text + ".")
    return lines


def scores(tree: criteria.Criteria) -> tuple[float | None, float | None, float | None]:
    """(original text, whole rendering, our own words) for one trial."""
    lines = criteria_lines(criteria.render(tree, style="patient"))
    return grade(original_lines(tree)), grade(lines), grade(own_words(lines))


def whole_texts(tree: criteria.Criteria) -> tuple[float, float]:
    """(original text, whole patient rendering), each scored as one text as textstat reads it."""
    return (float(textstat.flesch_kincaid_grade(tree.text)),
            float(textstat.flesch_kincaid_grade(criteria.render(tree, style="patient"))))


def sample(path: Path, count: int) -> list[dict]:
    """``count`` trials evenly spaced through the corpus file."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    step = max(1, len(rows) // count)
    return rows[::step][:count]


def _median(values) -> str:
    kept = [v for v in values if v is not None]
    return f"{statistics.median(kept):.1f}" if kept else "—"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "ctgov-dev.jsonl"))
    parser.add_argument("--trials", type=int, default=100)
    args = parser.parse_args(argv)
    seed_tree = criteria.parse_study(SEED.read_bytes())
    seed = scores(seed_tree)
    print(f"textstat {metadata.version('textstat')}: Flesch–Kincaid grade (lower reads easier)")
    print(f"seed NCT06893783   original {seed[0]:.1f}   rendering {seed[1]:.1f}   our own words {seed[2]:.1f}")
    whole_original, whole_rendering = whole_texts(seed_tree)
    print(f"seed, whole texts  original {whole_original:.1f}   rendering {whole_rendering:.1f}")
    corpus = Path(args.corpus)
    if not corpus.exists():
        print(f"(no corpus at {corpus}: dev-corpus figures skipped)")
        return 0
    trees = [criteria.parse_criteria(row["text"]) for row in sample(corpus, args.trials)]
    rows = [scores(tree) for tree in trees]
    print(f"dev corpus, {len(rows)} trials, median   original {_median(r[0] for r in rows)}   "
          f"rendering {_median(r[1] for r in rows)}   our own words {_median(r[2] for r in rows)}")
    wholes = [whole_texts(tree) for tree in trees]
    print(f"dev corpus, whole texts, median   original {_median(w[0] for w in wholes)}   "
          f"rendering {_median(w[1] for w in wholes)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
