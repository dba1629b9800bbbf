"""Docs cannot rot: every ```python block in docs/*.md and README.md runs, and nodes.md lists every kind.

Blocks of one file run in order in one namespace (a page is one session), from the repository
root, so paths such as ``examples/…`` work as written.
"""

import re
from pathlib import Path

import pytest

from criteria.tree.nodes import NODE_KINDS

ROOT = Path(__file__).parents[1]
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def python_blocks(page: Path) -> list[tuple[int, str]]:
    """(line number, code) of each ```python block of ``page``."""
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 2, m.group(1)) for m in BLOCK.finditer(text)]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_code_blocks_run(page, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    namespace: dict = {"__name__": f"docs_{page.stem}"}
    for line, code in python_blocks(page):
        try:
            exec(compile(code, f"{page.name}:{line}", "exec"), namespace)
        except Exception as error:  # name the page and line: that is where the fix goes
            pytest.fail(f"{page.relative_to(ROOT)} block at line {line} failed: {type(error).__name__}: {error}")


def test_the_docs_have_code_to_run():
    assert sum(len(python_blocks(page)) for page in PAGES) >= 10


def test_nodes_page_documents_every_kind():
    """docs/nodes.md has a section per node kind that exists, and none for kinds that do not."""
    text = (ROOT / "docs" / "nodes.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^### `(\w+)`", text, re.MULTILINE))
    assert documented == set(NODE_KINDS)
