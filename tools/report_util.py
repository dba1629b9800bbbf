"""What the measuring tools share: reading the corpus, writing the summary, comparing runs.

Each tool's JSON summary holds a flat ``figures`` dict (name → number); ``--compare OLD.json``
prints, per figure, the old value, the new one and the change, so a regression shows at a
glance without knowing in advance which figures a branch added (a new node kind simply
appears as a new row).
"""

from __future__ import annotations

import json
import platform
import subprocess
import time
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "ctgov-dev.jsonl"


def read_corpus(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The trials of a JSONL corpus (``nct_id``, ``text``, …), the first ``limit`` only if given.
    A missing corpus ends the run with a message saying where it was looked for, not a traceback."""
    if not path.is_file():
        raise SystemExit(f"corpus not found: {path} (the measuring targets expect ../shared beside the "
                         f"checkout, or a JSONL corpus given as the first argument)")
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                return
            if line.strip():
                yield json.loads(line)


def run_info(corpus: Path, limit: int | None) -> dict[str, Any]:
    """Where and on what a run was made, stored beside the figures so runs can be told apart."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "corpus": str(corpus),
        "limit": limit,
        "commit": commit or None,
        "python": platform.python_version(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` as indented JSON, making the folder if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def fmt(value: Any) -> str:
    """A figure for a table: integers plain, small floats with 3 significant digits, big ones grouped."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.3g}"
    return str(value)


def print_table(rows: list[tuple[str, Any]], title: str | None = None) -> None:
    """Two aligned columns: figure name, value."""
    if title:
        print(title)
    width = max((len(name) for name, _ in rows), default=0)
    for name, value in rows:
        print(f"  {name:<{width}}  {fmt(value):>14}")


def compare(old_path: Path, new: dict[str, float]) -> None:
    """Print old, new and the change for every figure in either run."""
    old = json.loads(old_path.read_text(encoding="utf-8")).get("figures", {})
    names = list(new) + [name for name in old if name not in new]
    width = max((len(n) for n in names), default=0)
    print(f"change against {old_path}")
    print(f"  {'figure':<{width}}  {'old':>14}  {'new':>14}  {'change':>10}")
    for name in names:
        before, after = old.get(name), new.get(name)
        print(f"  {name:<{width}}  {fmt(before):>14}  {fmt(after):>14}  {_change(before, after):>10}")


def _change(before: Any, after: Any) -> str:
    if not isinstance(before, (int, float)) or not isinstance(after, (int, float)):
        return "new" if before is None else ("gone" if after is None else "")
    if before == after:
        return "="
    if before == 0:
        return f"{after - before:+.3g}"
    return f"{(after - before) / abs(before):+.1%}"
