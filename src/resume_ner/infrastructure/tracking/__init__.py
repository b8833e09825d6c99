"""The only importer of mlflow: store setup, stage run contexts, nested runs and lineage tags."""

from resume_ner.infrastructure.tracking.base import (
    PARENT_RUN_ID_TAG,
    RunHandle,
    Tracker,
    TrackingError,
    to_run_status,
)
from resume_ner.infrastructure.tracking.callbacks import (
    CallbackList,
    MlflowStageCallback,
    TrackingCallback,
)
from resume_ner.infrastructure.tracking.mlflow_tracker import MlflowTracker
from resume_ner.infrastructure.tracking.null import NullRunHandle, NullTracker
from resume_ner.infrastructure.tracking.run_handle import MlflowRunHandle
from resume_ner.infrastructure.tracking.setup import (
    make_tracker,
    resolve_artifact_location,
    resolve_tracking_uri,
)
from resume_ner.infrastructure.tracking.uris import check_server_reachable, embedded_store_uri

__all__ = [
    "PARENT_RUN_ID_TAG",
    "CallbackList",
    "MlflowRunHandle",
    "MlflowStageCallback",
    "MlflowTracker",
    "NullRunHandle",
    "NullTracker",
    "RunHandle",
    "Tracker",
    "TrackingCallback",
    "TrackingError",
    "check_server_reachable",
    "embedded_store_uri",
    "make_tracker",
    "resolve_artifact_location",
    "resolve_tracking_uri",
    "to_run_status",
]
