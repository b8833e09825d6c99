"""Deprecated facade: old flat module names re-exported from their new homes."""
