"""The researcher's notebook runs top to bottom in a real Jupyter kernel (nbclient)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "researcher.ipynb"


def test_the_researchers_notebook_runs_and_shows_tables_and_the_page(tmp_path):
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
    assert any("<table" in h and "betweenness" in h for h in html)  # a DataFrame of measures
    assert any(h.startswith("<iframe srcdoc=") for h in html)  # the interactive page, inline
    texts = " ".join(o["data"].get("text/plain", "") for o in outputs if "data" in o)
    assert "<Network:" in texts and "cgil-lucca" in texts
