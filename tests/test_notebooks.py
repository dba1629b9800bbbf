"""Every notebook in examples/ runs top to bottom (nbclient; the ``notebooks`` extra).

Not skipped when nbclient is missing: a notebook that is never run rots unseen, so the
test fails and says how to install the extra (``make test`` installs it).
"""

from pathlib import Path

import pytest

import criteria

EXAMPLES = Path(__file__).parents[1] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS] and "parse_and_explore.ipynb" in [p.name for p in NOTEBOOKS]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs(path, monkeypatch):
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError:
        pytest.fail("running the example notebooks needs the notebooks extra: pip install -e '.[notebooks]'",
                    pytrace=False)
    # the kernel is a new process: make it import the same criteria these tests import
    monkeypatch.setenv("PYTHONPATH", str(Path(criteria.__file__).parents[1]))
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(EXAMPLES)}}).execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code" for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    html = [out for out in outputs if "text/html" in out.get("data", {})]
    assert any("criteria-tree" in out["data"]["text/html"] for out in html)  # the tree displayed as HTML
