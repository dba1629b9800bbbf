"""Corpus quality report: ``make corpus`` (``python tools/corpus_report.py [CORPUS.jsonl]``).

Parses every trial of the dev corpus and measures, per trial and in total:

* criteria (every criterion, sub-criteria included) and how their rules read: the share
  with at least one *typed* node (any kind but ``unparsed`` and the logic kinds), the share
  *wholly unparsed* (only ``unparsed`` leaves), and lead-ins (no rule of their own); and the
  *fully read* share: criteria with a rule and no ``unparsed`` node anywhere in it, over all
  criteria with a rule (remarks on how a rule is established do not count as unread);
* nodes per kind and trials holding each kind — counted by ``node.kind``, so kinds added
  later show up without touching this file;
* numeric comparisons ("≥ 1.5", "less than 10") found by an independent regex, and how
  many of them lie inside the span of a typed node: a recall proxy that does not trust
  the parser's own cue lexicon;
* distinct condition and drug concepts found (kind and name), and how many came from the field
  vocabularies (criteria.vocab: a code in ICD-10-CM, DrugBank or MeSH); each vocabulary match is
  kept in the JSON (``vocab_matches``) for a precision sample (tools/vocab_sample.py);
  ``--no-vocab`` measures the parser with the vocabulary component switched off;
* exceptions (must be 0; each is caught and listed with its trial), span-convention
  problems (must be 0), and the slowest trials.

Writes a JSON summary (``--out``, default ``reports/corpus.json``) and prints a table;
``--compare OLD.json`` prints the change per figure.
"""

from __future__ import annotations

import argparse
import re
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

from numeric_kinds import NOT_TYPED, classify, typed_spans
from report_util import DEFAULT_CORPUS, ROOT, compare, print_table, read_corpus, run_info, write_json

from criteria import parse_criteria
from criteria.tree.spans import span_problems

CONCEPT_KINDS = {"condition": "condition", "medication": "drug", "prior_therapy": "drug"}
VOCAB_SYSTEMS = frozenset({"ICD-10-CM", "DrugBank", "MeSH"})


# A comparator (symbol or words) directly followed by a number. Deliberately written apart
# from the cue lexicon, so it measures what the lexicon misses too. "\>" is API v2 markdown.
_CMP_SYMBOL = r"(?:\\?[<>]\s*=?|[≤≥⩽⩾≦≧]|=\s*[<>])"
_CMP_WORDS = r"""\b(?:
      (?:greater|more|less|fewer|higher|lower|older|younger|larger|smaller)\s+than(?:\s+or\s+equal\s+to)?
    | (?:equal\s+to\s+or\s+)?(?:greater|more|less|higher|lower)\s+than
    | at\s+(?:least|most) | up\s+to | in\s+excess\s+of
    | over | under | above | below | exceeding | exceed(?:s)?
    | (?:a\s+)?(?:minimum|maximum)(?:\s+of)?
)"""
NUMERIC_COMPARISON = re.compile(
    rf"(?:{_CMP_SYMBOL}|{_CMP_WORDS})\s*\d+(?:[.,]\d+)*", re.IGNORECASE | re.VERBOSE
)


def rule_nodes(criterion) -> list:
    """The rule nodes of one criterion (its own rule's subtree, not its sub-criteria)."""
    return list(criterion.rule.walk()) if criterion.rule is not None else []


def classify_rule(nodes: list) -> str:
    """``typed`` / ``unparsed`` (wholly) / ``lead_in`` (no rule) for one criterion's rule nodes."""
    if not nodes:
        return "lead_in"
    if any(node.kind not in NOT_TYPED for node in nodes):
        return "typed"
    return "unparsed"


def numeric_coverage(text: str, spans: list[tuple[int, int]]) -> tuple[int, int, Counter[str]]:
    """(comparisons found by the regex, those lying wholly inside a typed node's span, the others
    by kind: ``numeric_kinds.classify``)."""
    found = inside = 0
    outside: Counter[str] = Counter()
    for match in NUMERIC_COMPARISON.finditer(text):
        found += 1
        start, end = match.span()
        if any(lo <= start and end <= hi for lo, hi in spans):
            inside += 1
        else:
            number = re.search(r"\d", text[start:end])
            outside[classify(text, start, start + (number.start() if number else 0))] += 1
    return found, inside, outside


def measure_trial(trial: dict[str, Any]) -> dict[str, Any]:
    """Parse one trial and measure it; an exception is recorded, never raised."""
    text = trial["text"]
    row: dict[str, Any] = {"nct_id": trial.get("nct_id"), "format": trial.get("format"), "chars": len(text)}
    started = time.perf_counter()
    try:
        tree = parse_criteria(text)
    except Exception as exc:  # the parser must never raise on text: count it, keep going
        row["seconds"] = time.perf_counter() - started
        row["exception"] = f"{type(exc).__name__}: {exc}"
        row["traceback"] = traceback.format_exc(limit=-3)
        return row
    row["seconds"] = time.perf_counter() - started
    kinds: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    concepts: set[tuple[str, str, bool]] = set()
    vocab: list[dict[str, Any]] = []
    for criterion in tree.criteria():
        nodes = rule_nodes(criterion)
        classes[classify_rule(nodes)] += 1
        classes["fully_read"] += bool(nodes) and all(node.kind != "unparsed" for node in nodes)
        for node in nodes:
            kinds[node.kind] += 1
            if node.kind in CONCEPT_KINDS:
                coded = getattr(node, "code", None)
                from_vocab = coded is not None and coded.system in VOCAB_SYSTEMS
                concepts.add((CONCEPT_KINDS[node.kind], node.name, from_vocab))
                if from_vocab and node.span is not None:
                    vocab.append({"nct_id": trial.get("nct_id"), "criterion": criterion.id,
                                  "span": text[node.span.start:node.span.end], "kind": node.kind,
                                  "name": node.name, "code": f"{coded.system}:{coded.code}",
                                  "context": text[max(0, node.span.start - 60):node.span.end + 60]})
    found, inside, outside = numeric_coverage(text, typed_spans(tree))
    row.update(
        criteria=classes["typed"] + classes["unparsed"] + classes["lead_in"],  # not fully_read: a typed criterion counted twice
        typed=classes["typed"],
        unparsed=classes["unparsed"],
        lead_in=classes["lead_in"],
        fully_read=classes["fully_read"],
        kinds=dict(kinds),
        numeric=found,
        numeric_in_typed=inside,
        numeric_outside=dict(outside),
        span_problems=span_problems(tree, text)[:3],
        concepts=sorted(concepts),
        vocab_matches=vocab,
    )
    return row


def summarize(rows: list[dict[str, Any]], slowest: int) -> dict[str, Any]:
    """Totals, shares and per-kind counts over all measured trials."""
    ok = [r for r in rows if "exception" not in r]
    total = lambda key: sum(r[key] for r in ok)  # noqa: E731 - a local shorthand
    criteria = total("criteria")
    kinds: Counter[str] = Counter()
    trials_with: Counter[str] = Counter()
    outside: Counter[str] = Counter()
    for row in ok:
        kinds.update(row["kinds"])
        outside.update(row["numeric_outside"])
        trials_with.update(row["kinds"].keys())
    seconds = sum(r["seconds"] for r in rows)
    chars = sum(r["chars"] for r in rows)
    share = lambda part, whole: part / whole if whole else 0.0  # noqa: E731
    figures: dict[str, float] = {
        "trials": len(rows),
        "criteria": criteria,
        "criteria_per_trial": share(criteria, len(ok)),
        "typed_share": share(total("typed"), criteria),
        "wholly_unparsed_share": share(total("unparsed"), criteria),
        "lead_in_share": share(total("lead_in"), criteria),
        "fully_read_share": share(total("fully_read"), total("typed") + total("unparsed")),
        "numeric_comparisons": total("numeric"),
        "numeric_in_typed": total("numeric_in_typed"),
        "numeric_coverage": share(total("numeric_in_typed"), total("numeric")),
        **{f"numeric_outside[{k}]": v for k, v in outside.most_common()},
        "exceptions": len(rows) - len(ok),
        "span_problems": sum(len(r["span_problems"]) for r in ok),
        "seconds": seconds,
        "chars_per_second": share(chars, seconds),
    }
    concepts = {tuple(c) for r in ok for c in r["concepts"]}
    for group in ("condition", "drug"):
        figures[f"distinct_{group}_concepts"] = len({(g, n) for g, n, _ in concepts if g == group})
        figures[f"distinct_{group}_concepts_from_vocab"] = len({(g, n) for g, n, v in concepts if g == group and v})
    figures["vocab_matches"] = sum(len(r["vocab_matches"]) for r in ok)
    figures.update({f"nodes[{k}]": v for k, v in sorted(kinds.items())})
    figures.update({f"trials_with[{k}]": v for k, v in sorted(trials_with.items())})
    return {
        "figures": figures,
        "exceptions": [
            {"nct_id": r["nct_id"], "error": r["exception"], "traceback": r["traceback"]}
            for r in rows if "exception" in r
        ],
        "span_problems": [
            {"nct_id": r["nct_id"], "problems": r["span_problems"]} for r in ok if r["span_problems"]
        ],
        "slowest": [
            {"nct_id": r["nct_id"], "seconds": r["seconds"], "chars": r["chars"]}
            for r in sorted(rows, key=lambda r: r["seconds"], reverse=True)[:slowest]
        ],
    }


def print_summary(summary: dict[str, Any]) -> None:
    """The short table: every figure, then the slowest trials and any exception."""
    print_table(list(summary["figures"].items()), title="corpus report")
    print("slowest trials")
    for row in summary["slowest"]:
        print(f"  {row['nct_id']:<12}  {row['seconds'] * 1000:8.1f} ms  {row['chars']:>8,} chars")
    for row in summary["exceptions"]:
        print(f"EXCEPTION {row['nct_id']}: {row['error']}")
    for row in summary["span_problems"]:
        print(f"SPAN PROBLEM {row['nct_id']}: {row['problems'][0]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Corpus quality report (see module doc).")
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS, help="JSONL corpus")
    parser.add_argument("--limit", type=int, help="only the first N trials (quick runs)")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "corpus.json", help="JSON summary")
    parser.add_argument("--compare", type=Path, metavar="OLD.json", help="print the change against this run")
    parser.add_argument("--slowest", type=int, default=10, help="how many slowest trials to list")
    parser.add_argument("--no-vocab", action="store_true", help="switch the vocabulary component off")
    args = parser.parse_args(argv)
    if args.no_vocab:
        from criteria.parse.nlp.pipeline import get_nlp

        get_nlp().disable_pipe("criteria_vocab")
    parse_criteria("Inclusion Criteria:\n* Age >= 18 years\n")  # build grammar and pipeline outside the timings
    rows = [measure_trial(trial) for trial in read_corpus(args.corpus, args.limit)]
    summary = {"run": run_info(args.corpus, args.limit), **summarize(rows, args.slowest), "trials": rows}
    print_summary(summary)
    write_json(args.out, summary)
    if args.compare:
        compare(args.compare, summary["figures"])
    return 1 if summary["figures"]["exceptions"] or summary["figures"]["span_problems"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
