"""The only importer of mlflow: store setup, run contexts, nested runs, lineage tags, event bus."""

from resume_ner.infrastructure.tracking.base import (
    PARENT_RUN_ID_TAG,
    NullTracker,
    RunHandle,
    Tracker,
)
from resume_ner.infrastructure.tracking.callbacks import (
    STOP,
    Callback,
    CallbackList,
    RunCallback,
    TrainInfo,
)
from resume_ner.infrastructure.tracking.mlflow_tracker import MlflowTracker
from resume_ner.infrastructure.tracking.run_handle import MlflowRunHandle
from resume_ner.infrastructure.tracking.setup import (
    make_tracker,
    resolve_artifact_location,
    resolve_tracking_uri,
)
from resume_ner.infrastructure.tracking.uris import check_server_reachable, embedded_store_uri
from resume_ner.infrastructure.tracking.values import TrackingError, to_run_status

__all__ = [
    "PARENT_RUN_ID_TAG",
    "STOP",
    "Callback",
    "CallbackList",
    "MlflowRunHandle",
    "MlflowTracker",
    "NullTracker",
    "RunCallback",
    "RunHandle",
    "Tracker",
    "TrackingError",
    "TrainInfo",
    "check_server_reachable",
    "embedded_store_uri",
    "make_tracker",
    "resolve_artifact_location",
    "resolve_tracking_uri",
    "to_run_status",
]
