"""Stage names, file names and defaults shared by every layer."""

from resume_ner.common.constants import defaults, files
from resume_ner.common.constants.stages import STAGE_ORDER, Stage, StageStatus

__all__ = ["STAGE_ORDER", "Stage", "StageStatus", "defaults", "files"]
