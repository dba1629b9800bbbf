"""Regenerate the generated parts of docs/evaluation.md and docs/patient.schema.json.

    python tools/evaluation_doc.py          # rewrite them
    python tools/evaluation_doc.py --check  # exit 1 if they are stale (what the test checks)

Generated parts sit between ``<!-- begin NAME -->`` and ``<!-- end NAME -->`` markers: the
Kleene tables come from tests/data/kleene_*.csv and eligibility_status.csv, so the document
shows exactly the tables the tests enforce.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "evaluation.md"
SCHEMA = ROOT / "docs" / "patient.schema.json"
DATA = ROOT / "tests" / "data"


def _rows(name: str) -> list[list[str]]:
    with (DATA / name).open(encoding="utf-8") as handle:
        return list(csv.reader(line for line in handle if not line.startswith("#")))


def _grid(name: str, corner: str) -> str:
    """A two-operand table as a grid: rows a, columns b."""
    rows = _rows(name)[1:]
    order = ["met", "unknown", "not_met", "not_applicable"]
    cell = {(a, b): r for a, b, r in rows}
    lines = [f"| {corner} | " + " | ".join(order) + " |", "|---" * (len(order) + 1) + "|"]
    lines += [f"| **{a}** | " + " | ".join(cell[(a, b)] for b in order) + " |" for a in order]
    return "\n".join(lines)


def _list(name: str) -> str:
    header, *rows = _rows(name)
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def generated() -> dict[str, str]:
    """Marker name → generated text."""
    return {
        "kleene-and": _grid("kleene_and.csv", "a and b"),
        "kleene-or": _grid("kleene_or.csv", "a or b"),
        "kleene-not": _list("kleene_not.csv"),
        "kleene-at-least": _list("kleene_at_least.csv"),
        "status": _grid("eligibility_status.csv", "inclusion \\ exclusion"),
    }


def schema_text() -> str:
    from criteria import Patient

    return json.dumps(Patient.model_json_schema(), indent=2, ensure_ascii=False) + "\n"


def render(doc: str) -> str:
    for name, text in generated().items():
        pattern = re.compile(rf"(<!-- begin {name} -->\n).*?(<!-- end {name} -->)", re.S)
        if not pattern.search(doc):
            raise SystemExit(f"docs/evaluation.md has no <!-- begin {name} --> … <!-- end {name} --> block")
        doc = pattern.sub(lambda m, text=text: m.group(1) + text + "\n" + m.group(2), doc)
    return doc


def main() -> int:
    doc = DOC.read_text(encoding="utf-8")
    fresh_doc, fresh_schema = render(doc), schema_text()
    if "--check" in sys.argv:
        stale = [
            p.name
            for p, new in ((DOC, fresh_doc), (SCHEMA, fresh_schema))
            if not p.exists() or p.read_text(encoding="utf-8") != new
        ]
        if stale:
            print(f"stale: {', '.join(stale)}; run: python tools/evaluation_doc.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(fresh_doc, encoding="utf-8")
    SCHEMA.write_text(fresh_schema, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
