"""Do two versions of the parser give the same trees? ``make same-trees`` (issue 15).

``python tools/same_trees.py record FILE`` parses every trial of the dev corpus (and the seed
trial) and writes, per trial, a hash of ``Criteria.to_json()``; ``check FILE`` parses again and
lists every trial whose JSON differs. A restructuring that claims to change no reading runs
``record`` before and ``check`` after: JSON for JSON, spans included.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from report_util import DEFAULT_CORPUS, ROOT, read_corpus

from criteria import parse_criteria

SEED = ROOT / "examples" / "NCT06893783.txt"


def tree_hashes(corpus: Path) -> dict[str, str]:
    """``{trial id: sha256 of its tree's JSON}`` for every trial of ``corpus`` and the seed."""
    texts = {row["nct_id"]: row["text"] for row in read_corpus(corpus)}
    if SEED.exists():
        texts["seed"] = SEED.read_text(encoding="utf-8")
    return {nct: hashlib.sha256(parse_criteria(text).to_json().encode()).hexdigest() for nct, text in texts.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "check"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    hashes = tree_hashes(args.corpus)
    if args.action == "record":
        args.file.write_text(json.dumps(hashes, indent=0, sort_keys=True), encoding="utf-8")
        print(f"recorded {len(hashes)} trees in {args.file}")
        return 0
    recorded = json.loads(args.file.read_text(encoding="utf-8"))
    changed = sorted(k for k in recorded.keys() | hashes.keys() if recorded.get(k) != hashes.get(k))
    print(f"{len(hashes)} trees, {len(changed)} differ from {args.file}" + (": " + ", ".join(changed[:20]) if changed else ""))
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
