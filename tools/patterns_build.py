"""Rebuild, or check, the shipped matcher patterns: ``make patterns`` / ``make patterns-check``.

``src/criteria/data/compiled/patterns.json`` holds the token hashes of every phrase of the
cue, lab, unit and event lexicons as the clinical tokenizer splits them (see
:mod:`criteria.parse.nlp.patterns`). The lexicons are the source of truth: after editing one,
run ``make patterns``; ``--check`` (and ``tests/test_patterns.py``) says whether the shipped file
is what the lexicons give now. A stale file costs start-up time only: the components then
tokenize the phrases themselves.
"""

from __future__ import annotations

import argparse
import json
import sys

from criteria.parse.nlp.patterns import build_store, shipped_path


def render() -> str:
    """The file's text as the lexicons give it now (compact, keys sorted: a stable diff)."""
    return json.dumps(build_store(), separators=(",", ":"), sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the shipped file is fresh")
    args = parser.parse_args(argv)
    built, path = render(), shipped_path()
    if args.check:
        fresh = path.is_file() and path.read_text(encoding="utf-8") == built
        print("matcher patterns are fresh" if fresh else f"{path} is stale: run `make patterns`")
        return 0 if fresh else 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(built, encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
