"""Service settings from ``RESUME_NER_*`` environment variables, mirroring ``ServeConfig``."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from resume_ner.common.constants.defaults import ENV_PREFIX
from resume_ner.infrastructure.config.sections.serve import ServeConfig

FILE_ROUTE = "/v1/extract/file"
"""The upload route, whose body limit is ``max_file_bytes`` instead of ``max_request_bytes``."""
MULTIPART_OVERHEAD_BYTES = 64 * 1024
"""Room for multipart boundaries and part headers on top of ``max_file_bytes``."""


def _split_list(value: Any) -> Any:
    """Accept a JSON list or a comma-separated string for list settings read from the env."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return []
    if text.startswith("["):
        return json.loads(text)
    return [part.strip() for part in text.split(",") if part.strip()]


class ServiceSettings(BaseSettings, ServeConfig):
    """Everything the HTTP service reads at start-up (env prefix ``RESUME_NER_``).

    The fields are :class:`ServeConfig`'s, one to one (``RESUME_NER_MODEL_PATH``,
    ``RESUME_NER_API_KEYS``, ...). Lists are read from the environment as JSON
    (``["a", "b"]``) or comma-separated text (``a,b``).
    """

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="ignore", case_sensitive=False, frozen=True
    )

    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Allowed CORS origins."
    )
    api_keys: Annotated[list[SecretStr], NoDecode] = Field(
        default_factory=list, description="Accepted API keys; empty disables auth."
    )

    @field_validator("cors_origins", "api_keys", mode="before")
    @classmethod
    def _lists_from_text(cls, value: Any) -> Any:
        return _split_list(value)

    def key_values(self) -> list[str]:
        """The accepted API keys as plain strings (empty: authentication is off)."""
        return [key.get_secret_value() for key in self.api_keys]

    def body_limit(self, path: str) -> int:
        """The largest request body accepted on ``path``, in bytes."""
        if path == FILE_ROUTE:
            return self.max_file_bytes + MULTIPART_OVERHEAD_BYTES
        return self.max_request_bytes

    def to_env(self) -> dict[str, str]:
        """``RESUME_NER_*`` variables that rebuild these settings in another process."""
        env: dict[str, str] = {}
        for name in type(self).model_fields:
            value = getattr(self, name)
            if value is None:
                continue
            if name == "api_keys":
                text = json.dumps(self.key_values())
            elif isinstance(value, list):
                text = json.dumps(value)
            elif isinstance(value, bool):
                text = "true" if value else "false"
            else:
                text = str(value)
            env[f"{ENV_PREFIX}{name.upper()}"] = text
        return env
