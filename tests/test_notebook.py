"""The researcher's notebook runs top to bottom in a real Jupyter kernel (nbclient)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "researcher.ipynb"
README = Path(__file__).resolve().parents[1] / "README.md"


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


def test_the_readmes_python_session_runs_up_to_its_import(tmp_path, monkeypatch):
    """Its ``net.path("CNA Lucca", "Co&So")`` raised: the two are not connected without
    persons. The import needs files of OpenCoesione, which the README does not ship."""
    session = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)[1]
    code = session.split("graphkit.import_opencoesione")[0]
    assert "net.path(" in code and "net.export(" in code
    monkeypatch.chdir(tmp_path)  # net.export("out/") writes there
    exec(compile(code, str(README), "exec"), {})
    assert (tmp_path / "out" / "graph.html").is_file()
