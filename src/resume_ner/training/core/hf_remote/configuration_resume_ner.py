"""Config of a resume-ner token classifier, for transformers' Auto classes (no resume-ner needed).

Saved beside the weights of a model folder and named in ``auto_map`` of its ``config.json``.
"""

from __future__ import annotations

import os
from typing import Any, Self

from transformers import PretrainedConfig

HEAD_KEY = "resume_ner_head"


class ResumeNerConfig(PretrainedConfig):  # type: ignore[no-untyped-call]
    """The encoder's own config (``model_type`` names its family) with the head settings under
    ``resume_ner_head``; saving keeps the encoder's ``model_type``."""

    model_type = "resume_ner"

    @classmethod
    def from_pretrained(  # noqa: PLR0917 (the base class signature)
        cls,
        pretrained_model_name_or_path: str | os.PathLike[str],
        cache_dir: str | os.PathLike[str] | None = None,
        force_download: bool = False,
        local_files_only: bool = False,
        token: str | bool | None = None,
        revision: str = "main",
        **kwargs: Any,
    ) -> Self:
        """Read ``config.json`` as is: its ``model_type`` is the encoder's, by design (the
        base class would warn that it is not ``resume_ner``)."""
        config_dict, kwargs = cls.get_config_dict(
            pretrained_model_name_or_path,
            cache_dir=cache_dir,
            force_download=force_download,
            local_files_only=local_files_only,
            token=token,
            revision=revision,
            **kwargs,
        )
        config: Self = cls.from_dict(config_dict, **kwargs)
        return config

    @property
    def encoder_type(self) -> str:
        """The encoder family (``bert``, ``distilbert``, ...)."""
        return str(self.__dict__.get("model_type") or "bert")

    def encoder_dict(self) -> dict[str, Any]:
        """The encoder's config fields, without the head and the Auto-class entries."""
        skip = {HEAD_KEY, "auto_map", "architectures", "model_type", "transformers_version"}
        return {key: value for key, value in super().to_dict().items() if key not in skip}

    def to_dict(self) -> dict[str, Any]:
        """Serialised form, with the encoder's ``model_type``."""
        output = super().to_dict()
        output["model_type"] = self.encoder_type
        return output
