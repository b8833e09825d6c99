"""Model from backbone, train loop, evaluation, span metrics and checkpoints (arrive with the training issue)."""
