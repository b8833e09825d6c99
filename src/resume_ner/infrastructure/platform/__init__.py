"""Execution platforms: environment adapters and Azure ML job builders."""
