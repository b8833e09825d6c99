"""Import hygiene: light start-up, isolated subpackages, every module importable."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import resume_ner

HEAVY = (
    *("torch", "transformers", "mlflow", "onnxruntime", "optuna", "azure.ai.ml"),
    *("fastapi", "starlette", "ray"),
)


def _subpackages() -> list[str]:
    names = ["resume_ner"]
    for info in pkgutil.walk_packages(resume_ner.__path__, "resume_ner."):
        if info.ispkg:
            names.append(info.name)
    return names


def _modules() -> list[str]:
    modules = pkgutil.walk_packages(resume_ner.__path__, "resume_ner.")
    return [info.name for info in modules if not info.name.endswith(".__main__")]


def _heavy_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_cli_help_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['resume-ner', '--help']\n"
        "from resume_ner.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert exc.code in (0, None), exc.code\n"
    )
    assert _heavy_after(code) == []


def test_package_import_is_light() -> None:
    assert _heavy_after("import resume_ner") == []


@pytest.mark.parametrize("package", _subpackages())
def test_subpackage_imports_alone_and_stays_light(package: str) -> None:
    assert _heavy_after(f"import {package}") == [], f"{package} imports a heavy library eagerly"


def test_every_module_imports() -> None:
    code = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in _modules())
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
