"""A model folder packed into bytes, to ship to machines that cannot see its path, and unpacked
there into a cache folder named by its content hash."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from resume_ner.common.constants import files
from resume_ner.deployment.inference.artifact import MODEL_FILES, model_folder
from resume_ner.deployment.inference.loading import choose_backend
from resume_ner.training.core.artifact import WEIGHTS_FILE

CACHE_DIR = "resume-ner-models"
"""Folder under the system temporary folder where packages are unpacked, one per digest."""
_WEIGHTS_OF_BACKEND = {
    "pytorch": WEIGHTS_FILE,
    "onnx": files.ONNX_MODEL_FILE,
    "onnx_int8": files.ONNX_INT8_MODEL_FILE,
}
_NEARBY = (files.METADATA_FILE, files.RESOLVED_CONFIG_FILE)
"""Files the loader also looks for in the parent of the model folder (a run folder)."""
_KEPT_PARTS = 3
"""Trailing parts of the model folder's path kept (the loader names a model after them)."""


@dataclass(frozen=True)
class ModelPackage:
    """The files a model folder needs for one backend.

    Attributes:
        digest: sha256 of the names and bytes of every file.
        folder: Where the model folder lies inside the package (its last path parts).
        files: Relative POSIX path -> bytes.
    """

    digest: str
    folder: str
    files: dict[str, bytes] = field(repr=False)

    @property
    def size(self) -> int:
        """Bytes of all files."""
        return sum(len(data) for data in self.files.values())

    def unpack(self, root: str | os.PathLike[str] | None = None) -> Path:
        """Write the files under ``root/<digest>`` (once: later calls reuse it) and return the
        model folder. The folder appears whole or not at all (written aside, then renamed).

        ``root`` defaults to ``<system temp>/resume-ner-models``.
        """
        base = Path(root) if root is not None else Path(tempfile.gettempdir()) / CACHE_DIR
        target = base / self.digest
        if not target.is_dir():
            base.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{self.digest[:12]}-", dir=base))
            try:
                for name, data in self.files.items():
                    path = staging / name
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                os.rename(staging, target)
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)
                if not target.is_dir():  # not another process unpacking the same model first
                    raise
        return target / self.folder


def _unused_weights(name: str, chosen: str) -> bool:
    """Whether ``name`` is the weights (or ONNX external data) of another backend."""
    keep = _WEIGHTS_OF_BACKEND[chosen]
    return any(
        name == weights or name.startswith(f"{weights}.")
        for weights in MODEL_FILES
        if weights != keep
    )


def pack_model(path: str | os.PathLike[str], backend: str = "auto") -> ModelPackage:
    """Pack the model folder at ``path`` with the weights of the backend ``backend`` picks.

    The weights of the other backends are left out; ``metadata.json`` and
    ``config.resolved.yaml`` of a run folder holding the model come along, so window settings
    and the model's name are the same once unpacked.

    Raises:
        FileNotFoundError: If ``path`` does not exist.
        ArtifactError: If it is not a model folder.
        ValueError: For an unknown backend name.
    """
    folder = Path(os.path.normpath(model_folder(path)))  # no '..' in the parts kept
    chosen = choose_backend(folder, backend)
    inside = PurePosixPath(*folder.parts[1:][-_KEPT_PARTS:])  # parts[0] is the root
    packed: dict[str, bytes] = {}
    for item in sorted(folder.iterdir()):
        if item.is_file() and not _unused_weights(item.name, chosen):
            packed[str(inside / item.name)] = item.read_bytes()
    for name in _NEARBY:
        nearby = folder.parent / name
        if not (folder / name).is_file() and nearby.is_file():
            packed[str(inside.parent / name)] = nearby.read_bytes()
    digest = hashlib.sha256()
    for name, data in sorted(packed.items()):
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return ModelPackage(digest.hexdigest(), str(inside), packed)
