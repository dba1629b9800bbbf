"""Every notebook in examples/ runs top to bottom (nbclient; the ``notebooks`` extra).

Not skipped when nbclient is missing: a notebook that is never run rots unseen, so the
test fails and says how to install the extra (``make test`` installs it).
"""

from pathlib import Path

import pytest

import criteria

EXAMPLES = Path(__file__).parents[1] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))


# what each notebook must display as HTML: the tree, or an evaluation report
HTML_MARKERS = {"parse_and_explore.ipynb": 'class="criteria-page"', "evaluate_cohort.ipynb": "criteria-eval"}


def test_there_are_notebooks():
    assert set(HTML_MARKERS) <= {p.name for p in NOTEBOOKS}


def test_committed_notebooks_have_no_outputs():
    """Outputs are made by running; committed ones would go stale and bloat diffs."""
    import json

    for path in NOTEBOOKS:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        run = [c for c in cells if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
        assert not run, path.name


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
    marker = HTML_MARKERS.get(path.name, "criteria-tree")
    assert any(marker in out["data"]["text/html"] for out in html)  # the trial page or an evaluation displayed as HTML
