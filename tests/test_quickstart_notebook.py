"""notebooks/quickstart.ipynb runs top to bottom in tiny mode and ends with extracted fields."""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "quickstart.ipynb"
KERNEL_NAME = "resume-ner-quickstart"
PLATFORM_ENV_VARS = (
    "AZUREML_RUN_ID",
    "AZUREML_EXPERIMENT_ID",
    "KAGGLE_KERNEL_RUN_TYPE",
    "KAGGLE_URL_BASE",
    "COLAB_GPU",
    "COLAB_RELEASE_TAG",
    "MLFLOW_TRACKING_URI",
)


def _cells(notebook: Any) -> dict[str, Any]:
    """Code cells by their id."""
    return {cell["id"]: cell for cell in notebook.cells if cell["cell_type"] == "code"}


def _plain(cell: Any) -> Any:
    """The cell's result (its ``text/plain`` repr), evaluated back to a Python value."""
    results = [out for out in cell["outputs"] if out["output_type"] == "execute_result"]
    assert results, f"cell {cell['id']} has no result"
    return ast.literal_eval(results[-1]["data"]["text/plain"])


def _markdown(cell: Any) -> list[str]:
    """The Markdown texts the cell displayed."""
    return [
        out["data"]["text/markdown"]
        for out in cell["outputs"]
        if out["output_type"] == "display_data" and "text/markdown" in out["data"]
    ]


def test_stored_notebook_has_no_outputs() -> None:
    notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code, "the notebook has no code cells"
    assert all(cell["outputs"] == [] and cell["execution_count"] is None for cell in code)
    assert notebook["cells"][0]["cell_type"] == "markdown"
    assert "parameters" in _cells_by_tag(notebook)


def _cells_by_tag(notebook: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        tag: cell for cell in notebook["cells"] for tag in cell.get("metadata", {}).get("tags", [])
    }


@pytest.fixture
def venv_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec running this interpreter (the project's venv), found first on JUPYTER_PATH."""
    spec_dir = tmp_path / "jupyter" / "kernels" / KERNEL_NAME
    spec_dir.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "resume-ner (venv)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    return KERNEL_NAME


def test_quickstart_runs_in_tiny_mode(
    tmp_path: Path, venv_kernel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    for name in PLATFORM_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RESUME_NER_QUICKSTART_TINY", "1")
    monkeypatch.setenv("RESUME_NER_QUICKSTART_CONFIG", str(REPO / "configs" / "demo.yaml"))
    workdir = tmp_path / "work"
    workdir.mkdir()

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        kernel_name=venv_kernel,
        timeout=240,
        resources={"metadata": {"path": str(workdir)}},
    )
    client.execute()

    cells = _cells(notebook)
    errors = [
        (cell_id, out.get("ename"), out.get("evalue"))
        for cell_id, cell in cells.items()
        for out in cell["outputs"]
        if out["output_type"] == "error"
    ]
    assert errors == []

    outputs = workdir / "outputs"
    platform = _plain(cells["platform"])
    assert platform["platform"] == "local"
    assert platform["output_root"] == str(outputs)
    assert platform["platform tracking URI"] == "none: the embedded SQLite store"
    config = _plain(cells["config"])
    assert config["dataset"] == "tiny"
    assert config["tracking URI"] == f"sqlite:///{(outputs / 'mlflow.db').as_posix()}"
    assert (outputs / "mlflow.db").is_file()
    assert (outputs / "index.jsonl").is_file()

    (table,) = _markdown(cells["run"])
    stages = [line.split("|")[1].strip() for line in table.splitlines()[2:]]
    assert stages == ["data", "hpo", "select", "train", "convert", "bench"]
    assert "mlflow ui --backend-store-uri sqlite:///" in _markdown(cells["tracking"])[0]

    info = _plain(cells["load"])
    assert info["backend"] == "onnx_int8"
    entity_tables = _markdown(cells["predict"])
    assert [text.split(":")[0] for text in entity_tables] == [
        "**sample**",
        "**unseen synthetic**",
    ]
    fields = _plain(cells["fields"])
    assert set(fields) == {"sample", "unseen synthetic"}
    found = [value for doc in fields.values() for value in doc.values() if value]
    assert found, f"no field was extracted: {fields}"
    assert set(fields["sample"]) >= {"name", "emails", "phones", "skills"}
