"""Exclusions that exclude a healthy person: ``make healthy`` (issue 11).

A 40-year-old woman and a 40-year-old man, not pregnant, not breastfeeding, with conditions,
medications, therapies and procedures all recorded empty, checked against every trial of the dev
corpus as of 2026-12-01. An exclusion criterion ``met`` for either of them, other than one that
names only a sex or an age ("Males.", "Age over 65": the text means to exclude them), excludes a
person the text cannot mean to exclude: almost always an inclusion's text under the exclusions
header read literally, or a reading that asks for the absence of something. Prints the count, then
each ``(trial, criterion)`` with its text, so a class of sentences can be read off the list.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from report_util import DEFAULT_CORPUS, read_corpus

import criteria

AS_OF = date(2026, 12, 1)
_LISTS = ("conditions", "medications", "therapies", "procedures")


def healthy_people() -> list[criteria.Patient]:
    """The two profiles every exclusion is checked against."""
    return [criteria.Patient.model_validate({"age": 40, "sex": sex, "pregnant": False, "breastfeeding": False,
                                             **{name: [] for name in _LISTS}, "complete": list(_LISTS)})
            for sex in ("female", "male")]


def _demographic(criterion) -> bool:
    """Whether the criterion's rule names only a sex or an age (joined by logic)."""
    kinds = {n.kind for n in criterion.rule.walk()} if criterion.rule is not None else {"unparsed"}
    return kinds <= {"sex", "age", "all_of", "any_of", "not"} and bool(kinds & {"sex", "age"})


def healthy_exclusions(corpus: Path) -> list[tuple[str, str, str]]:
    """``(trial, criterion id, criterion text)`` of every exclusion met by a healthy person."""
    people = healthy_people()
    found: dict[tuple[str, str], str] = {}
    for row in read_corpus(corpus):
        tree = criteria.parse_criteria(row["text"])
        texts = {c.id: c.text for c in tree.criteria() if not _demographic(c)}
        for person in people:
            for result in criteria.evaluate(tree, person, as_of=AS_OF).criteria:
                if result.section == "exclusion" and result.verdict == "met" and result.id in texts:
                    found[(row["nct_id"], result.id)] = " ".join(texts.get(result.id, "").split())
    return [(nct, ident, text) for (nct, ident), text in sorted(found.items())]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="JSONL corpus")
    args = parser.parse_args(argv)
    rows = healthy_exclusions(args.corpus)
    print(f"exclusions met by a healthy person: {len(rows)}")
    for nct, ident, text in rows:
        print(f"  {nct} {ident}: {text[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
