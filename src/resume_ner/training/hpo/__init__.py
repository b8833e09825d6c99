"""Optuna search space, samplers, pruners, k-fold objective and storages (arrive with the HPO issue)."""
