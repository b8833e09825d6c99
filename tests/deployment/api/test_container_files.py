"""The Dockerfile and compose file (not buildable here) are parsed and checked."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from resume_ner.deployment.api import ServiceSettings

REPO = Path(__file__).resolve().parents[3]


def _instructions(path: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n\s*", " ", path.read_text(encoding="utf-8"))
    pairs = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            word, _, rest = stripped.partition(" ")
            pairs.append((word.upper(), rest.strip()))
    return pairs


def test_dockerfile_is_slim_non_root_constrained_and_health_checked() -> None:
    steps = _instructions(REPO / "Dockerfile")
    known = {"FROM", "ENV", "RUN", "WORKDIR", "COPY", "USER", "EXPOSE", "HEALTHCHECK", "CMD"}
    assert {word for word, _ in steps} <= known
    bases = [args for word, args in steps if word == "FROM"]
    assert bases and all(re.match(r"python:3\.11-slim\b", base) for base in bases)
    final = steps[max(i for i, (word, _) in enumerate(steps) if word == "FROM") :]
    users = [args for word, args in final if word == "USER"]
    assert users and users[-1] not in {"root", "0"}
    installs = [args for word, args in steps if word == "RUN" and "pip install" in args]
    assert installs and all("-c constraints.txt" in args for args in installs)
    assert any(".[serve]" in args for args in installs)
    health = [args for word, args in final if word == "HEALTHCHECK"]
    assert len(health) == 1 and "/ready" in health[0] and "CMD" in health[0]
    cmd = [args for word, args in final if word == "CMD"]
    assert cmd == ['["resume-ner", "serve"]']
    copied = " ".join(args for word, args in steps if word == "COPY")
    assert "constraints.txt" in copied and "src" in copied


def test_compose_file_uses_only_known_settings() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))
    api = compose["services"]["api"]
    assert api["build"] == "."
    assert "/ready" in " ".join(api["healthcheck"]["test"])
    fields = {f"RESUME_NER_{name.upper()}" for name in ServiceSettings.model_fields}
    assert set(api["environment"]) <= fields
    assert api["environment"]["RESUME_NER_MODEL_PATH"] == "/models/model"
    assert any(volume.endswith(":/models/model:ro") for volume in api["volumes"])
    assert api["read_only"] is True


def test_dockerignore_keeps_the_build_inputs() -> None:
    ignored = {
        line.strip()
        for line in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".git", ".venv", "outputs"} <= ignored
    assert not {"src", "pyproject.toml", "README.md", "constraints.txt"} & ignored
