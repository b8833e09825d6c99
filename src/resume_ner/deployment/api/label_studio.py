"""Label Studio ML backend protocol: labelling config, prediction results, webhook counts.

Pure helpers (no FastAPI) behind ``routes_label_studio``. A prediction is the Label Studio
shape ``{"result": [region...], "score", "model_version"}``; each region is
``{"id", "from_name", "to_name", "type": "labels", "value": {"start", "end", "text",
"labels": [LABEL]}, "score"}``. The webhook log keeps counts and times only, never text.
"""

from __future__ import annotations

import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from resume_ner.deployment.inference.types import Entity

MAX_CONFIG_CHARS = 200_000
"""A labelling config longer than this is not parsed (the defaults apply)."""


@dataclass(frozen=True)
class LabelingConfig:
    """What the predictions must name: the ``<Labels>`` and ``<Text>`` tags of a config.

    ``labels`` is ``None`` when the config lists no ``<Label>`` values (keep every entity).
    """

    from_name: str = "label"
    to_name: str = "text"
    text_field: str = "text"
    labels: frozenset[str] | None = None

    def text_of(self, data: Any) -> str | None:
        """The task's text (``data[text_field]``), or ``None`` when it is not a string."""
        value = data.get(self.text_field) if isinstance(data, dict) else None
        return value if isinstance(value, str) else None


def parse_config(label_config: str | None) -> LabelingConfig:
    """The first ``<Labels>`` tag and the ``<Text>`` tag it points at; defaults otherwise."""
    if not label_config or len(label_config) > MAX_CONFIG_CHARS:
        return LabelingConfig()
    try:
        root = ET.fromstring(label_config)
    except ET.ParseError:
        return LabelingConfig()
    tag = next(root.iter("Labels"), None)
    if tag is None:
        return LabelingConfig()
    to_name = tag.get("toName", "text").split(",")[0]
    text_field = "text"
    for text in root.iter("Text"):
        if text.get("name") == to_name:
            text_field = text.get("value", "$text").lstrip("$") or "text"
            break
    values = {label.get("value") for label in tag.iter("Label")}
    labels = frozenset(v for v in values if v)
    return LabelingConfig(
        from_name=tag.get("name", "label"),
        to_name=to_name,
        text_field=text_field,
        labels=labels or None,
    )


def prediction(
    entities: list[Entity], config: LabelingConfig, model_version: str
) -> dict[str, Any]:
    """One task's prediction, regions as ``annotate suggest`` writes them; the task score is the
    least-confident region's (0 with no region), so sorting by score puts unsure tasks first."""
    from resume_ner.deployment.annotation.formats import region
    from resume_ner.deployment.annotation.ranking import confidence

    kept = [e for e in entities if config.labels is None or e.label in config.labels]
    regions = [region(i, e, config.from_name, config.to_name) for i, e in enumerate(kept)]
    return {"result": regions, "score": round(confidence(kept), 6), "model_version": model_version}


def project_id(project: Any) -> str:
    """Label Studio sends ``"<id>.<timestamp>"`` or a number; the id part."""
    if isinstance(project, dict):
        project = project.get("id")
    return str(project).split(".", 1)[0] if project is not None else "unknown"


@dataclass
class WebhookLog:
    """Annotation events per project: how many arrived, and when the last one did."""

    events: dict[str, int] = field(default_factory=dict)
    last_at: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, project: str) -> None:
        """Count one event for ``project``."""
        with self._lock:
            self.events[project] = self.events.get(project, 0) + 1
            self.last_at[project] = time.time()

    def snapshot(self) -> dict[str, dict[str, Any]]:
        """``{project: {"events": n, "last_at": unix seconds}}``."""
        with self._lock:
            return {
                p: {"events": n, "last_at": round(self.last_at[p], 3)}
                for p, n in sorted(self.events.items())
            }
