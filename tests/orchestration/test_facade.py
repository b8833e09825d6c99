"""The deprecated orchestration facade: every shim imports, warns once at the importer's line,
names its replacement and the removal release, and exposes the very objects of its new home."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

import resume_ner

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from resume_ner.orchestration import _deprecation

MOVED = _deprecation.MOVED
REPO = Path(__file__).resolve().parents[2]


def _run(script: str, tmp_path: Path, name: str) -> dict[str, Any]:
    path = tmp_path / name
    path.write_text(script, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=240, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    data: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    data["script"] = str(path)
    return data


class _Script:
    """Builds a probe script that records the warnings of each statement and its line."""

    def __init__(self) -> None:
        self.lines = ["import importlib, json, warnings", "records, lines, identity = {}, {}, {}"]

    def record(self, key: str, statement: str) -> None:
        self.lines += [
            "with warnings.catch_warnings(record=True) as caught:",
            "    warnings.simplefilter('always')",
        ]
        self.lines.append(f"    {statement}")
        self.lines.append(f"lines[{key!r}] = {len(self.lines)}")
        self.lines.append(
            f"records[{key!r}] = [[w.category.__name__, str(w.message), w.filename, w.lineno] "
            "for w in caught]"
        )

    def text(self) -> str:
        return "\n".join(
            [
                *self.lines,
                "print(json.dumps({'records': records, 'lines': lines, 'identity': identity}))",
                "",
            ]
        )


@pytest.fixture(scope="module")
def probe(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One fresh interpreter importing the package, then each shim twice and reloading it."""
    script = _Script()
    script.record("package", "import resume_ner.orchestration")
    for old, new in MOVED.items():
        script.record(f"{old}:first", f"import resume_ner.orchestration.{old} as shim")
        script.record(f"{old}:again", f"import resume_ner.orchestration.{old}")
        script.record(f"{old}:reload", "importlib.reload(shim)")
        script.lines += [
            f"home = importlib.import_module({new!r})",
            f"identity[{old!r}] = {{'all': list(shim.__all__), 'home_all': list(home.__all__), "
            "'different': [n for n in home.__all__ if getattr(shim, n) is not getattr(home, n)]}",
        ]
    script.record("from_package", "from resume_ner.orchestration import load_config, hash_value")
    script.lines += [
        "from resume_ner.infrastructure.config import load_config as a",
        "from resume_ner.common.shared import hash_value as b",
        "identity['from_package'] = {'same': load_config is a and hash_value is b}",
    ]
    return _run(script.text(), tmp_path_factory.mktemp("probe"), "probe.py")


def test_removal_release_is_two_minor_releases_after_the_current_one() -> None:
    assert _deprecation.removal_version("0.1.0") == "0.3.0"
    assert _deprecation.removal_version("1.4.2") == "1.6.0"
    assert _deprecation.removal_version("2.0.0rc1", window=1) == "2.1.0"
    assert _deprecation.removal_version(resume_ner.__version__) == _deprecation.REMOVAL_VERSION


def test_package_import_warns_at_the_importing_line(probe: dict[str, Any]) -> None:
    records = probe["records"]["package"]
    assert len(records) == 1
    category, message, filename, lineno = records[0]
    assert category == "DeprecationWarning"
    assert message.startswith(
        f"resume_ner.orchestration is deprecated and will be removed in resume-ner "
        f"{_deprecation.REMOVAL_VERSION}; import the new modules (resume_ner.infrastructure"
    )
    assert (filename, lineno) == (probe["script"], probe["lines"]["package"])


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_shim_warns_once_naming_its_replacement(probe: dict[str, Any], old: str, new: str) -> None:
    first = probe["records"][f"{old}:first"]
    assert [record[0] for record in first] == ["DeprecationWarning"]
    message, filename, lineno = first[0][1:]
    assert message == (
        f"resume_ner.orchestration.{old} is deprecated and will be removed in resume-ner "
        f"{_deprecation.REMOVAL_VERSION}; import {new} instead (see docs/migration.md)"
    )
    assert (filename, lineno) == (probe["script"], probe["lines"][f"{old}:first"])
    assert probe["records"][f"{old}:again"] == []
    assert probe["records"][f"{old}:reload"] == []


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_shim_exposes_the_same_objects(probe: dict[str, Any], old: str, new: str) -> None:
    identity = probe["identity"][old]
    assert identity["home_all"], f"{new} has an empty __all__"
    assert identity["all"] == identity["home_all"]
    assert identity["different"] == []


def test_names_of_new_modules_are_reachable_from_the_package(probe: dict[str, Any]) -> None:
    assert probe["identity"]["from_package"] == {"same": True}
    assert probe["records"]["from_package"] == []


def test_first_import_of_a_shim_warns_for_package_and_shim(tmp_path: Path) -> None:
    script = _Script()
    script.record("shim", "from resume_ner.orchestration.paths import OutputLayout")
    data = _run(script.text(), tmp_path, "direct.py")
    records = data["records"]["shim"]
    assert [record[1].split(" is deprecated")[0] for record in records] == [
        "resume_ner.orchestration",
        "resume_ner.orchestration.paths",
    ]
    line = data["lines"]["shim"]
    assert {(record[2], record[3]) for record in records} == {(data["script"], line)}


def test_unknown_names_fail_clearly() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import resume_ner.orchestration as facade
    with pytest.raises(AttributeError, match=r"has no attribute 'nothing_here' \(it is deprecated"):
        _ = facade.nothing_here
    assert set(facade.__all__) == set(MOVED)


def _imports_facade(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(name.startswith("resume_ner.orchestration") for name in names):
            return True
    return False


def test_nothing_in_the_package_imports_the_facade() -> None:
    src = REPO / "src" / "resume_ner"
    offenders = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if "orchestration" not in path.relative_to(src).parts and _imports_facade(path)
    ]
    assert offenders == []


def test_migration_doc_maps_every_old_import() -> None:
    text = (REPO / "docs" / "migration.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `resume_ner\.orchestration\.(\w+)` \| `([\w.]+)` \|$", text, re.M))
    assert rows == MOVED
    assert f"| {_deprecation.REMOVAL_VERSION} | `resume_ner.orchestration` is removed" in text
    assert f"| {resume_ner.__version__} (current) |" in text
