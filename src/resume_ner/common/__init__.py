"""Generic helpers with no ML: shared IO utilities (common.shared) and project constants (common.constants)."""
